"""Sources: every source, the method and honesty rules, the completeness of the data, the download."""

from __future__ import annotations

from datetime import datetime

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from data import Dataset, Filters
from data import queries as q
from data.current import rejection
from data.live import Rejection
from i18n import format as fmt
from i18n.text import geometry_attribution, t
from server.downloads import download_path, package_zip
from ui.page_helpers import page_state, page_title
from ui.projects_grid import license_text, published_text, source_title
from ui.shell import page_content
from ui.url_state import to_query

dash.register_page(__name__, path="/sources", title=page_title("nav.sources"), name="Kilder", order=7,
                  nav="nav.sources")

# Tables whose rows cite a source, in the order their counts are named.
CITING_TABLES = ("projects", "figures", "programmes", "partnerships", "partnership_members", "spending",
                 "regions", "sectors", "forms", "measures", "spending_categories")


# ------------------------------------------------------------------ data for the page (pandas only)
def citations(ds: Dataset) -> pd.DataFrame:
    """Rows citing each source: index source_id, one column per citing table (0 when none)."""
    return q.citations(ds, CITING_TABLES)


def supports_text(counts: dict, lang: str) -> str:
    parts = [f"{fmt.number(n, lang)} {t(f'sources.table.{table}.' + ('one' if n == 1 else 'other'), lang)}"
             for table, n in counts.items() if n]
    return ", ".join(parts) if parts else t("sources.supports_none", lang)


def optional_columns(ds: Dataset) -> list[dict]:
    """For each table, each column that may be empty: rows with a value and all rows."""
    return q.filled_counts(ds)


# ------------------------------------------------------------------ parts
def about_card(ds: Dataset, lang: str) -> dbc.Card:
    size_kb = max(1, round(len(package_zip(ds)) / 1024)) if ds.directory is not None else None
    licences = ", ".join(str(lic.get("title") or lic.get("name")) for lic in ds.descriptor.get("licenses", [])
                         if isinstance(lic, dict))
    items = [
        html.Dt(t("sources.version", lang)), html.Dd(html.Code(ds.version, id="data-version")),
        html.Dt(t("sources.updated", lang)),
        html.Dd(html.Time(fmt.format_date(ds.updated, lang), dateTime=ds.updated), id="data-updated"),
        html.Dt(t("sources.n_sources", lang)), html.Dd(fmt.number(len(ds["sources"]), lang), id="data-n-sources"),
        html.Dt(t("sources.n_rows", lang)), html.Dd(fmt.number(sum(ds.row_counts().values()), lang)),
    ]
    if licences:
        items += [html.Dt(t("sources.package_license", lang)), html.Dd(licences)]
    body = [html.H2(t("sources.about", lang), className="card-title h5"),
            html.P(ds.title, className="ops-package-title"),
            html.Dl(items, className="ops-facts mb-3")]
    if size_kb is not None:
        size = t("sources.kb", lang, n=fmt.number(size_kb, lang))
        body += [
            html.A(t("sources.download", lang, size=size), href=dash.get_relative_path("/" + download_path("")),
                   className="btn btn-primary", id="download-package", download="ops-monitor-data.zip",
                   style={"backgroundColor": "#17324d", "borderColor": "#17324d"}),
            html.P(t("sources.download_note", lang), className="small text-muted mt-2 mb-0"),
        ]
    return dbc.Card(dbc.CardBody(body), class_name="ops-card h-100", id="about-package")


def method_card(ds: Dataset, lang: str) -> dbc.Card:
    not_reported = t("value.not_reported", lang)
    values = {
        "origin": {"n": fmt.number(len(ds["sources"]), lang)},
        "unknown": {"not_reported": not_reported},
        "bounds": {"lower": fmt.money(500_000_000, "DKK", lang, "lower"),
                   "upper": fmt.money(10_000_000, "DKK", lang, "upper")},
    }
    topics = ("origin", "unknown", "expected", "bounds", "years", "currency", "coverage", "excluded")
    items = [html.Div([html.Dt(t(f"sources.method.{k}.title", lang)),
                       html.Dd(t(f"sources.method.{k}", lang, **values.get(k, {})))])
             for k in topics]
    attribution = geometry_attribution(ds, lang) if isinstance(ds.descriptor.get("geometry"), dict) else None
    if attribution:
        items.append(html.Div([html.Dt(t("sources.method.map.title", lang)),
                               html.Dd([t("sources.method.map", lang), " ",
                                        html.Q(str(attribution), id="geometry-attribution")])]))
    body = [html.H2(t("sources.method", lang), className="card-title h5")]
    if ds.synthetic:
        body.append(dbc.Alert(t("sources.synthetic", lang), color="warning"))
    body.append(html.Dl(items, className="ops-method mb-0"))
    return dbc.Card(dbc.CardBody(body), class_name="ops-card h-100", id="method")


def sources_table(ds: Dataset, lang: str) -> dbc.Card:
    sources = ds["sources"].sort_values("source_id")
    cited = citations(ds).to_dict("index")  # source_id -> {citing table: rows}
    widths = {"id": "6%", "title": "36%", "publisher": "20%", "published": "12%", "license": "9%", "supports": "17%"}
    head = html.Thead(html.Tr([html.Th(t(f"sources.col.{c}", lang), scope="col", style={"width": w})
                               for c, w in widths.items()]))
    body = [
        html.Tr([
            html.Th(src["source_id"], scope="row", className="fw-normal text-nowrap"),
            html.Td(source_title(src, lang)),
            html.Td(str(src["publisher"])),
            html.Td(published_text(src["published"], lang), className="text-nowrap"),
            html.Td(license_text(src["license"], lang), className="text-nowrap"),
            html.Td(supports_text(cited[src["source_id"]], lang)),
        ], id=f"source-{src['source_id']}")
        for src in sources.to_dict("records")
    ]
    caption = html.Caption(t("sources.list_caption", lang, n=fmt.number(len(sources), lang)))
    table = dbc.Table([caption, head, html.Tbody(body)], size="sm", striped=True, hover=True, responsive=True,
                      class_name="ops-table mb-0", id="sources-table")
    return dbc.Card(dbc.CardBody([html.H2(t("sources.list", lang), className="card-title h5"), table]),
                    class_name="ops-card mb-4", id="sources")


def row_counts_table(ds: Dataset, lang: str) -> dbc.Table:
    counts = ds.row_counts()
    body = [html.Tr([html.Th(name, scope="row"), html.Td(fmt.number(n, lang), className="text-end")])
            for name, n in counts.items()]
    if not body:
        body = [html.Tr(html.Td(t("sources.rows_none", lang), colSpan=2))]
    head = html.Thead(html.Tr([html.Th(t("sources.col.table", lang), scope="col"),
                               html.Th(t("sources.col.rows", lang), scope="col", className="text-end")]))
    return dbc.Table([html.Caption(t("sources.rows_caption", lang)), head, html.Tbody(body)],
                     id="row-counts", hover=True, size="sm", class_name="ops-table mb-0")


def columns_table(ds: Dataset, lang: str) -> dbc.Table:
    rows = optional_columns(ds)
    by_table: dict[str, list[dict]] = {}
    for r in rows:
        by_table.setdefault(r["table"], []).append(r)
    groups = []
    for table, cols in by_table.items():
        body = []
        for i, r in enumerate(cols):
            share = r["filled"] / r["rows"] * 100 if r["rows"] else None
            cells = []
            if i == 0:
                cells.append(html.Th(table, scope="rowgroup", rowSpan=len(cols),
                                     className="align-top fw-normal font-monospace"))
            cells += [
                html.Td(r["column"], className="font-monospace"),
                html.Td(t("sources.filled", lang, n=fmt.number(r["filled"], lang), total=fmt.number(r["rows"], lang)),
                        className="text-end text-nowrap"),
                html.Td(fmt.value(round(share), "percent", lang) if share is not None else "",
                        className="text-end text-nowrap"),
            ]
            body.append(html.Tr(cells, **{"data-table": table, "data-column": r["column"]}))
        groups.append(html.Tbody(body))
    head = html.Thead(html.Tr([html.Th(t(f"sources.col.{c}", lang), scope="col",
                                       className="text-end" if c in ("filled", "share") else None)
                               for c in ("table", "column", "filled", "share")]))
    return dbc.Table([html.Caption(t("sources.columns_caption", lang)), head, *groups],
                     id="column-completeness", size="sm", class_name="ops-table mb-0")


def completeness_card(ds: Dataset, lang: str) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2(t("sources.completeness", lang), className="card-title h5"),
        html.P(t("sources.completeness_intro", lang), className="text-muted"),
        dbc.Row([
            dbc.Col(row_counts_table(ds, lang), lg=4, class_name="mb-4"),
            dbc.Col(html.Div(columns_table(ds, lang), className="table-responsive"), lg=8),
        ], class_name="g-4"),
    ]), class_name="ops-card mb-4", id="completeness")


def rejected_notice(ds: Dataset, rejected: Rejection | None, lang: str) -> list:
    """A discreet notice that a newer package in the data folder did not validate, with the
    validation report (the maintainers' English problem lines) folded away. Nothing if none."""
    if rejected is None:
        return []
    when = datetime.fromtimestamp(rejected.at)  # the server's local time
    n = len(rejected.problems)
    report = html.Details([
        html.Summary(t("sources.rejected.report." + ("one" if n == 1 else "other"), lang, n=fmt.number(n, lang))),
        html.Ul([html.Li(problem) for problem in rejected.problems], lang="en",
                className="ops-rejected-problems small font-monospace mb-0 mt-2"),
    ], id="rejected-report")
    return [html.Div([
        html.P([html.Strong(t("sources.rejected.title", lang)), " ",
                t("sources.rejected.text", lang, date=fmt.format_date(when.date().isoformat(), lang),
                  time=when.strftime("%H:%M"), version=ds.version)], className="mb-1"),
        report,
    ], id="rejected-data", className="alert alert-light border small mb-4")]


def layout(**query):
    ds, state, lang = page_state(query)
    return page_content(
        [
            *rejected_notice(ds, rejection(), lang),
            html.P(html.A(t("changes.link", lang), href=dash.get_relative_path("/changes")
                          + to_query(Filters(), lang=state.get("lang")), id="changes-link")),
            dbc.Row([
                dbc.Col(method_card(ds, lang), lg=8, class_name="mb-4"),
                dbc.Col(about_card(ds, lang), lg=4, class_name="mb-4"),
            ], class_name="g-4"),
            sources_table(ds, lang),
            completeness_card(ds, lang),
        ],
        title=t("sources.title", lang),
        lead=t("sources.lead", lang),
        notices=state.notices,
        lang=lang,
    )
