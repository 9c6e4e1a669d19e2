"""One project: every fact, every figure with its own source, and the full list of its sources."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data import Dataset
from data import queries as q
from data.current import get_dataset
from i18n import format as fmt
from i18n.text import note_col, t
from ui.page_helpers import page_state, request_lang
from ui.projects_grid import (
    license_text,
    lookup,
    project_years,
    published_text,
    region_list,
    source_title,
)
from ui.shell import page_content
from ui.url_state import to_query


def find_project(ds: Dataset, project_id) -> pd.Series | None:
    if not isinstance(project_id, str) or not project_id:
        return None
    return q.project(ds, project_id)


def project_title(project_id=None, **_):
    """The browser tab's title, in the page's language: the project's name."""
    lang = request_lang()
    project = find_project(get_dataset(), project_id)
    if project is None:
        return t("project.not_found_page_title", lang)
    return t("project.title_suffix", lang, name=project["name"])


def project_exists(project_id=None, **_) -> bool:
    """Whether the path names a project (else the HTML page is answered with HTTP 404)."""
    return find_project(get_dataset(), project_id) is not None


dash.register_page(__name__, path_template="/projects/<project_id>", title=project_title, name="Projekt",
                   exists=project_exists)


# ------------------------------------------------------------------ parts
def _text(value, lang: str, missing_key: str = "value.not_reported") -> str:
    return t(missing_key, lang) if fmt.is_missing(value) or not str(value).strip() else str(value)


def fact(label: str, value, dd_id: str | None = None) -> list:
    return [html.Dt(label), html.Dd(value, id=dd_id)]


def facts_card(ds: Dataset, p: pd.Series, lang: str, query: str) -> dbc.Card:
    regions = lookup(ds["regions"], "region_code", lang)
    names = region_list(p, regions, lang)
    scope = t(f"project.scope.{p['scope']}", lang) if not fmt.is_missing(p["scope"]) else ""
    region_value = ", ".join(names) + (f" ({scope})" if scope and p["scope"] != "regional" else "")
    sectors = lookup(ds["sectors"], "sector_id", lang)
    forms = lookup(ds["forms"], "form_id", lang)
    if fmt.is_missing(p["programme_id"]):
        programme = t("projects.no_programme", lang)
    else:
        names = lookup(ds["programmes"], "programme_id", lang)
        programme = dcc.Link(names.get(p["programme_id"], p["programme_id"]),
                             href=dash.get_relative_path("/programmes") + query)
    source = q.sources_for(ds, [p["source_id"]])
    items = [
        *fact(t("project.regions" if len(names) > 1 else "project.region", lang), region_value,
              "project-region"),
        *fact(t("project.sector", lang), sectors.get(p["sector_id"], p["sector_id"]), "project-sector"),
        *fact(t("project.form", lang), forms.get(p["form_id"], p["form_id"]), "project-form"),
        *fact(t("project.programme", lang), programme, "project-programme"),
        *fact(t("project.years", lang), project_years(p, lang), "project-years"),
        *fact(t("project.partners", lang), _text(p["partners"], lang), "project-partners"),
        *fact(t("project.note", lang), _text(p[note_col(lang)], lang), "project-note"),
        *fact(t("project.row_source", lang),
              source_title(source.iloc[0], lang) if not source.empty else p["source_id"], "project-source"),
    ]
    return dbc.Card(dbc.CardBody([
        html.H2(t("project.facts", lang), className="card-title h5"),
        html.Dl(items, className="ops-facts mb-0"),
    ]), class_name="ops-card mb-4", id="project-facts")


def figures_card(ds: Dataset, p: pd.Series, figures: pd.DataFrame, lang: str) -> dbc.Card:
    heading = html.H2(t("project.figures", lang), className="card-title h5", id="project-figures-title")
    if figures.empty:
        return dbc.Card(dbc.CardBody([heading, html.P(t("project.no_figures", lang), className="mb-0")]),
                        class_name="ops-card mb-4", id="project-figures")
    publishers = dict(zip(ds["sources"]["source_id"], ds["sources"]["publisher"], strict=False))
    measure_col = "measure_en" if lang == "en" else "measure_da"
    head = html.Thead(html.Tr([
        html.Th(t("project.col.measure", lang), scope="col"),
        html.Th(t("project.col.value", lang), scope="col", className="text-end"),
        html.Th(t("project.col.period", lang), scope="col"),
        html.Th(t("project.col.price_year", lang), scope="col"),
        html.Th(t("project.col.note", lang), scope="col"),
        html.Th(t("project.col.source", lang), scope="col"),
    ]))
    body = []
    for _, f in figures.iterrows():
        label = f[measure_col] if not fmt.is_missing(f[measure_col]) else f["measure_id"]
        price = (t("project.price_year", lang, year=int(f["price_year"]))
                 if not fmt.is_missing(f["price_year"]) else t("value.not_reported", lang))
        src = f["source_id"]
        body.append(html.Tr([
            html.Th(label, scope="row", className="fw-normal", style={"fontFamily": "inherit", "fontSize": "inherit"}),
            html.Td(fmt.value(f["value"], f["unit"], lang, f["bound"]), className="text-end text-nowrap"),
            html.Td(fmt.period_text(f["year"], f["year_end"], lang), className="text-nowrap"),
            html.Td(price),
            html.Td(_text(f[note_col(lang)], lang) if not fmt.is_missing(f[note_col(lang)]) else ""),
            html.Td(html.A(publishers.get(src, src), href=f"#source-{src}")),
        ], **{"data-figure-id": f["figure_id"]}))
    table = dbc.Table([html.Caption(t("project.figures_caption", lang)), head, html.Tbody(body)],
                      size="sm", striped=True, responsive=True, class_name="ops-table mb-0",
                      id="project-figures-table")
    return dbc.Card(dbc.CardBody([heading, table]), class_name="ops-card mb-4", id="project-figures")


def project_source_ids(p: pd.Series, figures: pd.DataFrame) -> list[str]:
    ids = [p["source_id"], *figures["source_id"].tolist()]
    return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))


def sources_card(ds: Dataset, p: pd.Series, figures: pd.DataFrame, lang: str) -> dbc.Card:
    measure_col = "measure_en" if lang == "en" else "measure_da"
    ids = project_source_ids(p, figures)
    sources = ds["sources"].set_index("source_id")
    head = html.Thead(html.Tr([html.Th(t(f"project.src.{c}", lang), scope="col")
                               for c in ("title", "publisher", "published", "license", "used_for")]))
    body = []
    for sid in ids:
        if sid not in sources.index:
            continue
        src = sources.loc[sid].copy()
        src["source_id"] = sid
        used = [t("project.src.facts", lang)] if sid == p["source_id"] else []
        used += list(dict.fromkeys(figures.loc[figures["source_id"] == sid, measure_col].dropna().astype(str)))
        body.append(html.Tr([
            html.Td(source_title(src, lang)),
            html.Td(str(src["publisher"])),
            html.Td(published_text(src["published"], lang), className="text-nowrap"),
            html.Td(license_text(src["license"], lang), className="text-nowrap"),
            html.Td(", ".join(used)),
        ], id=f"source-{sid}"))
    table = dbc.Table([html.Caption(t("project.sources_intro", lang)), head, html.Tbody(body)],
                      size="sm", responsive=True, class_name="ops-table mb-0", id="project-sources-table")
    return dbc.Card(dbc.CardBody([html.H2(t("project.sources", lang), className="card-title h5"), table]),
                    class_name="ops-card mb-4", id="project-sources")


def not_found(project_id, state, lang: str, back_href: str):
    message = (t("project.not_found", lang, project_id=project_id) if isinstance(project_id, str) and project_id
               else t("project.not_found_no_id", lang))
    return page_content(
        [html.P(message, id="project-not-found"),
         html.P(dcc.Link(t("project.back", lang), href=back_href, refresh=True))],  # a grid page
        title=t("project.not_found_title", lang), notices=state.notices, lang=lang,
    )


def layout(project_id=None, **query):
    ds, state, lang = page_state(query)
    link_query = to_query(state.filters, lang=state.get("lang"))
    back_href = dash.get_relative_path("/projects") + link_query
    p = find_project(ds, project_id)
    if p is None:
        return not_found(project_id, state, lang, back_href)
    figures = q.project_figures(ds, p["project_id"])
    back = html.P(dcc.Link(t("project.back_short", lang), href=back_href, id="project-back",
                           refresh=True),  # the list is a grid page: a page load brings AG Grid's code
                  className="mb-2")
    forms = lookup(ds["forms"], "form_id", lang)
    lead = " · ".join(x for x in (forms.get(p["form_id"], ""), fmt.years(p["start_year"], p["end_year"], lang)) if x)
    content = page_content(
        [
            facts_card(ds, p, lang, link_query),
            figures_card(ds, p, figures, lang),
            sources_card(ds, p, figures, lang),
        ],
        title=str(p["name"]), lead=lead or None, notices=state.notices, lang=lang,
    )
    return html.Div([back, content], className="ops-project", **{"data-project-id": p["project_id"]})

