"""Programmes: timeline of programmes, pools and partnerships; the OPP pool; Sygehuspartnerskabet's shares;
the 2019 medical-devices partnership and its members; a list of every programme with its figures and sources."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from charts import programmes as cp
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import name_col, t
from ui.chart_card import chart_cards, sources_block
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

PATH = "/programmes"
dash.register_page(__name__, path=PATH, title=page_title("nav.programmes"), name="Programmer", order=6,
                  nav="nav.programmes", filtered=True)


# ------------------------------------------------------------------ source links and figure lists
def source_link(ds: Dataset, source_id: str, lang: str):
    """A short, labelled link to one source ('S009'), its title in the accessible name."""
    row = q.source_record(ds, source_id)
    if row is None:
        return html.Span(source_id)
    label = t("programmes.list.source_link", lang, id=source_id, title=row["title"])
    url = row["url"]
    if isinstance(url, str) and url:
        return html.A(source_id, href=url, target="_blank", rel="noopener noreferrer", title=row["title"],
                      **{"aria-label": label}, className="ops-source-ref")
    return html.Span(source_id, title=row["title"], className="ops-source-ref")


def figure_items(ds: Dataset, figs: pd.DataFrame, lang: str):
    if figs.empty:
        return html.Span(t("programmes.list.no_figures", lang), className="text-muted")
    items = [html.Li([cp.figure_line(fig, lang), " ", html.Small(source_link(ds, fig["source_id"], lang))])
             for fig in figs.sort_values(["year", "figure_id"], na_position="last").to_dict("records")]
    return html.Ul(items, className="list-unstyled mb-0")


# Column widths of the programme list: the figures get the most room.
LIST_WIDTHS = ("27%", "9%", "15%", "13%", "32%", "4%")


def list_table(head: list[str], rows: list, caption: str, table_id: str) -> dbc.Table:
    return dbc.Table(
        [html.Caption(caption),
         html.Thead(html.Tr([html.Th(h, scope="col", style={"width": w}) for h, w in zip(head, LIST_WIDTHS,
                                                                                        strict=True)])),
         html.Tbody(rows)],
        size="sm", hover=True, responsive=True, class_name="ops-data-table ops-programme-list small mb-0", id=table_id,
    )


def head_labels(lang: str) -> list[str]:
    return [t("label.name", lang), t("label.period", lang), t("label.form", lang), t("label.region", lang),
            t("programmes.label.figures", lang), t("card.source", lang)]


# ------------------------------------------------------------------ the programme list
def programme_list(ds: Dataset, f: Filters, lang: str) -> html.Section:
    progs = q.programmes(ds, f)
    names = ds["programmes"].set_index("programme_id")
    rows = []
    for row, depth, orphan_of in cp.ordered_with_depth(progs):
        name = cp.programme_name(row, lang)
        name_cell = [html.Span("↳ ", **{"aria-hidden": "true"}, className="text-muted") if depth else None,
                     html.Span(name, className="fw-semibold" if depth == 0 else None)]
        if orphan_of and orphan_of in names.index:
            parent = names.loc[orphan_of, name_col(lang)]
            name_cell += [html.Br(),
                          html.Small(t("programmes.list.part_of", lang, name=parent), className="text-muted")]
        rows.append(html.Tr(
            [html.Td([c for c in name_cell if c is not None], style={"paddingLeft": f"{0.5 + 1.5 * depth}rem"}),
             html.Td(cp.years_text(row["start_year"], row["end_year"], lang, compact=True), className="text-nowrap"),
             html.Td(cp.form_name(ds, row["form_id"], lang)),
             html.Td(cp.place_name(ds, row, lang)),
             html.Td(figure_items(ds, q.programme_figures(ds, row["programme_id"]), lang)),
             html.Td(source_link(ds, row["source_id"], lang))],
            className="ops-programme-child" if depth else "ops-programme-parent",
            **{"data-programme-id": row["programme_id"], "data-depth": str(depth)},
        ))
    parts = cp.partnerships(ds, f)
    part_rows = [
        html.Tr([html.Td(html.Span(cp.programme_name(p, lang), className="fw-semibold")),
                 html.Td(cp.years_text(p["start_year"], p["end_year"], lang, compact=True), className="text-nowrap"),
                 html.Td(cp.form_name(ds, p["form_id"], lang)),
                 html.Td(cp.place_name(ds, p, lang)),
                 html.Td(figure_items(ds, cp.figures_of(ds, partnership_id=p["partnership_id"]), lang)),
                 html.Td(source_link(ds, p["source_id"], lang))],
                **{"data-partnership-id": p["partnership_id"]})
        for _, p in parts.sort_values(["start_year", "partnership_id"], na_position="last").iterrows()]
    body = []
    if rows:
        body.append(html.Div(list_table(head_labels(lang), rows, t("programmes.list.caption", lang, n=len(rows)),
                                        "programme-list"), className="mb-4"))
    if part_rows:
        body += [html.H3(t("programmes.list.partnerships", lang), className="h5 mt-2"),
                 list_table(head_labels(lang), part_rows,
                            t("programmes.list.caption_partnerships", lang, n=len(part_rows)), "partnership-list")]
    if not body:
        body = [html.P(t("programmes.list.empty", lang), className="ops-empty")]
    return html.Section(
        dbc.Card(dbc.CardBody([
            html.H2(t("programmes.list.title", lang), id="programme-list-title", className="ops-card-title h5"),
            html.P(t("programmes.list.lead", lang), className="text-muted"),
            *body,
        ]), class_name="ops-chart-card"),
        id="programmes-list", className="mb-4", **{"aria-labelledby": "programme-list-title"},
    )


# ------------------------------------------------------------------ the member list
def member_list(ds: Dataset, lang: str) -> html.Section:
    part = cp.partnership_row(ds, cp.MEMBERS_PARTNERSHIP)
    mem = cp.members(ds)
    regions = ds["regions"].set_index("region_code")
    rows = [
        html.Tr([html.Td(str(int(m["member_no"])), className="text-end"), html.Td(m["name"]),
                 html.Td(t(f"programmes.member_kind.{m['kind']}.type", lang)),
                 # A region's own region says nothing new; a municipality's does.
                 html.Td(regions.loc[m["region_code"], name_col(lang)]
                         if m["kind"] != "region" and isinstance(m["region_code"], str)
                         and m["region_code"] in regions.index else "")])
        for _, m in mem.iterrows()]
    name = cp.programme_name(part, lang) if part is not None else ""
    table = dbc.Table(
        [html.Caption(t("programmes.members.caption", lang, name=name, n=fmt.number(len(mem), lang))),
         html.Thead(html.Tr([html.Th(t("programmes.members.no", lang), scope="col", className="text-end"),
                             html.Th(t("label.name", lang), scope="col"), html.Th(t("label.kind", lang), scope="col"),
                             html.Th(t("label.region", lang), scope="col")])),
         html.Tbody(rows)],
        size="sm", striped=True, class_name="ops-data-table mb-0", id="member-list")
    sources = sorted(set(mem["source_id"].dropna()) | ({part["source_id"]} if part is not None else set()))
    return html.Section(
        dbc.Card([
            dbc.CardHeader(html.H2(t("programmes.members.title", lang), id="member-list-title",
                                   className="ops-card-title h5 mb-0"), class_name="ops-card-header"),
            dbc.CardBody(table if rows else html.P(t("card.empty", lang), className="ops-empty")),
            dbc.CardFooter(sources_block(ds, sources, lang), class_name="ops-card-footer"),
        ], class_name="ops-chart-card"),
        id="programmes-members-list", className="h-100", **{"aria-labelledby": "member-list-title"},
    )


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    return page_content(
        [
            dbc.Row(
                [*chart_cards(PATH, f, lang, present=state.present),
                 dbc.Col(member_list(ds, lang), lg=6, class_name="mb-4")],
                class_name="g-4 mb-4",
            ),
            programme_list(ds, f, lang),
        ],
        title=t("programmes.title", lang),
        lead=t("programmes.lead", lang),
        notices=state.notices,
        lang=lang,
    )
