"""The chart card: one component for every chart, on a page and (later) alone in an embed.

Title; the chart (or "no data for this selection"); a one-sentence summary computed from the
data; a table view of exactly the plotted numbers; notes with coverage; the sources; a menu
(download the displayed data as CSV or Excel, the chart as PNG or SVG, copy a link). The card
owns its ids and callbacks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import MATCH, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from charts.regions import GEO_PATH
from charts.registry import Chart, ChartData, Column, charts_on, get_chart
from data import Dataset, Filters
from data import queries as q
from data.current import default_lang, get_dataset, pinned
from i18n import format as fmt
from i18n.text import geometry_attribution, t
from ui import markdown, router
from ui.filter_bar import describe_filters
from ui.router import LOCATION
from ui.url_state import parse_query, to_query


class ids:
    """Pattern-matching ids of one card's parts, keyed by chart_id."""

    @staticmethod
    def part(part: str, chart_id: str) -> dict:
        return {"type": f"chart-{part}", "chart": chart_id}

    table_toggle = staticmethod(lambda c: ids.part("table-toggle", c))
    table = staticmethod(lambda c: ids.part("table", c))
    csv = staticmethod(lambda c: ids.part("csv", c))
    xlsx = staticmethod(lambda c: ids.part("xlsx", c))
    copy = staticmethod(lambda c: ids.part("copy", c))
    copied = staticmethod(lambda c: ids.part("copied", c))
    copy_pinned = staticmethod(lambda c: ids.part("copy-pinned", c))
    embed = staticmethod(lambda c: ids.part("embed", c))
    modal = staticmethod(lambda c: ids.part("embed-modal", c))
    snippet = staticmethod(lambda c: ids.part("embed-snippet", c))
    script = staticmethod(lambda c: ids.part("embed-script", c))
    snippet_copy = staticmethod(lambda c: ids.part("embed-copy", c))
    snippet_status = staticmethod(lambda c: ids.part("embed-status", c))
    messages = staticmethod(lambda c: ids.part("messages", c))
    png = staticmethod(lambda c: ids.part("png", c))
    svg = staticmethod(lambda c: ids.part("svg", c))
    export = staticmethod(lambda c: ids.part("export", c))
    export_status = staticmethod(lambda c: ids.part("export-status", c))
    # What a filter change updates in place (ui/router.py): the figure and its frame, the menu's data
    # links and image items, the texts of an exported image, and the body and footer, each replaced whole.
    graph = staticmethod(lambda c: {"type": router.GRAPH, "chart": c})
    spec = staticmethod(lambda c: {"type": router.GRAPH_SPEC, "chart": c})
    near = staticmethod(lambda c: ids.part("near", c))  # set by assets/charts-near.js
    slot = staticmethod(lambda c: ids.part("slot", c))  # where the graph is drawn on a page
    frame = staticmethod(lambda c: {"type": router.FRAME, "chart": c})
    section = staticmethod(lambda c, name: {"type": router.CHART_PART, "chart": c, "part": name})


# ------------------------------------------------------------------ rendering helpers
def cell_text(row: pd.Series, col: Column, lang: str) -> str:
    value = row[col.name]
    if fmt.is_missing(value):
        return t("value.not_reported", lang) if col.kind in ("money", "value", "int", "number") else ""
    if col.kind == "int":
        return fmt.number(value, lang)
    if col.kind == "number":
        return fmt.number(value, lang, 1)
    if col.kind == "year":
        return str(int(value))
    if col.kind in ("money", "value"):
        unit = row[col.unit_col] if col.unit_col else "DKK"
        bound = row[col.bound_col] if col.bound_col else "exact"
        return fmt.value(value, unit, lang, bound)
    return str(value)


def table_view(data: ChartData, title: str, lang: str) -> dbc.Table:
    numeric = {"int", "number", "money", "value"}
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(c.label_key, lang), scope="col", className="text-end" if c.kind in numeric else None)
                for c in data.columns
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(cell_text(row, c, lang), className="text-end" if c.kind in numeric else None)
                    for c in data.columns
                ]
            )
            for row in data.frame.to_dict("records")  # plain dicts: iterrows builds a Series per row
        ]
    )
    return dbc.Table([html.Caption(title), head, body], size="sm", striped=True, class_name="ops-data-table mb-0")


def table_wrap(cid: str, table: dbc.Table | None, data: ChartData | None = None) -> html.Div:
    """The table view's box (the table toggle's `aria-controls`). Empty until opened, it names the
    numbers it will show (`data`): so a filter change that changes them replaces the card's body
    (closing a table opened before), even where the summary stays the same."""
    digest = None if data is None else hashlib.sha1(data.frame.to_csv(index=False).encode()).hexdigest()[:16]
    return html.Div(table, id=f"{cid}-table", className="ops-table-wrap", **{"data-view": digest})


def source_line(src: Mapping) -> str:
    """One source as a Markdown list item's text: its title (a link to it, when it has an address) and
    its publisher and date."""
    meta = ", ".join(p for p in (src["publisher"], src["published"]) if isinstance(p, str) and p)
    title = src["title"]
    line = markdown.link(title, src["url"]) if isinstance(src["url"], str) and src["url"] else markdown.text(title)
    return line + (f" ({markdown.text(meta)})" if meta else "")


def sources_block(ds: Dataset, source_ids, lang: str) -> html.Details:
    """The sources of what a card or block shows, open when there are three or fewer. The list is one
    Markdown component: a card can cite dozens of sources, and Dash 4 renders each component of a page
    at a cost that grows with the page (ui/markdown.py)."""
    lines = [source_line(s) for s in q.source_records(ds, source_ids)]
    return html.Details(
        [html.Summary(f"{t('card.sources', lang)} ({len(lines)})"),
         dcc.Markdown(markdown.bullets(lines), className="ops-source-list", link_target=markdown.LINK_TARGET)],
        open=len(lines) <= 3,
        className="ops-sources",
    )


def data_url(chart_id: str, ext: str, filters: Filters, lang: str) -> str:
    """The chart's data URL (server/chart_data.py: csv, xlsx or json) for this view (and the data
    version on screen, when it is a pinned one)."""
    return dash.get_relative_path(f"/embed/{chart_id}.{ext}") + to_query(
        filters, lang=None if lang == default_lang() else lang, v=get_dataset().version if pinned() else None)


def graph_frame(cid: str, figure: dict | None, summary: str, title: str, lang: str, *, lazy: bool = True) -> html.Div:
    """The chart, in a frame that names it for screen readers. Its height is reserved before
    plotly.js draws (no layout shift). Without data the frame is there but hidden, so a filter change
    can fill it in place (ui/router.py).

    `lazy` (a page): the chart is drawn when it comes near the screen, and plotly.js is loaded then.
    The frame holds the chart's dcc.Graph as data (a dcc.Store), an empty slot, and a flag that
    assets/charts-near.js sets once the frame is near the screen (on a wide screen at once, so
    printing shows every chart; on a phone when it comes on screen), after it has loaded plotly.js.
    Then a clientside callback (below) puts the graph into the slot; later figures (a filter change)
    go to that graph, which redraws in place. A chart below the first screen of a phone costs
    its page nothing till it is scrolled to. Not `lazy` (an embed, its one chart): the graph itself."""
    height = (figure or {}).get("layout", {}).get("height")
    # plotly.js sizes the chart by the figure's height, and the frame reserves that height (also while
    # dcc.Graph's code is still loading: it draws nothing till then). The graph's own element has no
    # height: the chart is drawn over the frame's room. A filter change that changes the chart's height
    # (fewer bars) then changes the frame's height, not the size of the elements dcc.Graph watches: a
    # change of their size makes it relayout the chart once more 150 ms later (Plots.resize), which
    # draws nothing new. Its width follows the card as before (a window resize relayouts the chart).
    graph = dcc.Graph(id=ids.graph(cid), figure=figure or EMPTY_FIGURE, config=graph_config(), className="ops-graph",
                      style=GRAPH_STYLE)
    if lazy:
        content = [dcc.Store(id=ids.spec(cid), data=graph.to_plotly_json()), dcc.Store(id=ids.near(cid), data=False),
                   html.Div(id=ids.slot(cid), className="ops-graph-slot")]
    else:
        content = graph
    frame_style = {"minHeight": f"{height}px"} if height else {}
    # the same attributes either way (an in-place update sets the label, class and style); hidden
    # (display: none) it is out of the accessibility tree too
    label = t("card.chart_alt", lang, title=title, summary=summary) if figure is not None else ""
    return html.Div(content, id=ids.frame(cid), className="ops-graph-frame" + (" d-none" if figure is None else ""),
                    role="img", style=frame_style, **{"aria-label": label})


EMPTY_FIGURE = {"data": [], "layout": {}}
GRAPH_STYLE = {"height": "0px"}  # see graph_frame (a height, so dcc.Graph does not set its own 100 %)


def graph_config() -> dict:
    # topojsonURL: geo traces fetch their base topology from the app, never from a CDN.
    return {"displayModeBar": False, "responsive": True, "topojsonURL": dash.get_relative_path("/" + GEO_PATH)}


# Presentation mode (?present=1): figure text and height grow by these factors. Plotly draws its
# text in SVG at the sizes set in the figure, so page CSS cannot scale it.
PRESENT_FONT_SCALE = 1.5
PRESENT_HEIGHT_SCALE = 1.4
PLOTLY_DEFAULT_FONT_SIZE = 12


def _scale_font_sizes(node, factor: float, in_font: bool = False) -> None:
    """Multiply every `size` inside a `*font` dict (layout, axes, legend, annotations, traces)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if in_font and key == "size":
                if isinstance(value, int | float):
                    node[key] = round(value * factor, 1)
                elif isinstance(value, list):
                    node[key] = [round(v * factor, 1) if isinstance(v, int | float) else v for v in value]
            elif key != "geojson":  # map boundaries: no text in them
                _scale_font_sizes(value, factor, key.endswith("font"))
    elif isinstance(node, list):
        for item in node:
            _scale_font_sizes(item, factor)


def _copy_spec(node):
    """A deep copy of a figure spec's dicts and lists; map boundaries (`geojson`, large, never changed
    here) stay shared."""
    if isinstance(node, dict):
        return {k: v if k == "geojson" else _copy_spec(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy_spec(v) for v in node]
    return node


def present_figure(figure: dict | go.Figure) -> dict:
    """The figure spec for a projector: larger text everywhere, a taller plot and margins to match.
    The spec given (charts/figures.py) is left alone; a go.Figure is taken as its dict."""
    spec = figure.to_dict() if isinstance(figure, go.Figure) else _copy_spec(figure)
    layout = spec.setdefault("layout", {})
    layout.setdefault("font", {}).setdefault("size", PLOTLY_DEFAULT_FONT_SIZE)  # sizes inherit from it
    _scale_font_sizes(spec, PRESENT_FONT_SCALE)
    if isinstance(layout.get("height"), int | float):
        layout["height"] = round(layout["height"] * PRESENT_HEIGHT_SCALE)
    margin = layout.get("margin") or {}
    for side in ("t", "b", "l", "r"):  # pixel margins that hold text (titles, legends) grow with it
        if isinstance(margin.get(side), int | float):
            margin[side] = round(margin[side] * PRESENT_FONT_SCALE)
    return spec


EXPORT_SOURCES_NAMED = 8  # an exported image names at most this many sources and counts the rest


def export_texts(chart_id: str, data: ChartData, title: str, lang: str, ds: Dataset,
                 filters: Filters | None = None) -> dict:
    """What an exported image of the chart (PNG/SVG, made in the browser by assets/chart-export.js)
    says besides the chart, in the page's language: the title, the source line (the sources'
    publishers, or titles), for a map the boundaries' attribution, and the date the data was
    updated; and what the image shows (the filters) with the chart's notes (coverage, bounds).
    Plain text: the browser escapes it and wraps the lines before plotly draws them."""
    names: list[str] = []
    for src in q.source_records(ds, data.source_ids):
        name = next((v.strip() for v in (src["publisher"], src["title"]) if isinstance(v, str) and v.strip()), "")
        if name and name not in names:
            names.append(name)
    source = ""
    if names:
        listed = "; ".join(names[:EXPORT_SOURCES_NAMED])
        if len(names) > EXPORT_SOURCES_NAMED:
            listed += " " + t("card.export_more", lang, n=len(names) - EXPORT_SOURCES_NAMED)
        source = t("card.export_source" if len(names) == 1 else "card.export_sources", lang, sources=listed)
    # A map draws the region boundaries, whose licence (CC BY 4.0) asks for their attribution.
    attribution = geometry_attribution(ds, lang)
    shown = bool(attribution) and attribution in data.notes
    return {
        "filename": chart_id,
        "title": title,
        # an image leaves the page: it says which view it shows and carries the chart's notes
        # (coverage, bounds) as the card does
        "filters": describe_filters(ds, filters or Filters(), lang),
        "notes": [n for n in data.notes if n != attribution],
        "source": source,
        "attribution": attribution if shown else "",
        "updated": t("card.export_updated", lang, date=fmt.format_date(ds.updated, lang)),
        "failed": t("card.export_failed", lang),
    }


# ------------------------------------------------------------------ the card
def chart_card(
    chart_id: str,
    filters: Filters,
    lang: str = "da",
    *,
    controls: bool = True,
    embedded: bool = False,
    present: bool = False,
) -> html.Section:
    """The card of a registered chart. `controls`: menu and table toggle; `embedded`: the card is
    the whole page (its title is the page's h1, and there is no embed dialog inside an embed);
    `present`: presentation mode, larger figure text (see `present_figure`)."""
    chart = get_chart(chart_id)
    if chart is None:
        raise KeyError(chart_id)
    ds = get_dataset()
    data = chart.build(ds, filters, lang)
    title = t(chart.title_key, lang)
    return card_from_data(
        chart, data, title, lang, controls=controls, ds=ds, embedded=embedded, present=present, filters=filters
    )


def chart_cards(page: str, filters: Filters, lang: str = "da", *, present: bool = False, section: str | None = None,
                choices: dict[str, str] | None = None) -> list[dbc.Col]:
    """The cards of the charts the registry places on `page` (in `section`), each in a column of its
    width, in order."""
    return [dbc.Col(chart_card(chart.chart_id, filters, lang, present=present), lg=chart.width, class_name="mb-4")
            for chart in charts_on(page, section=section, choices=choices)]


def chart_section(title: str, section_id: str, cards: list) -> html.Section:
    """A headed group of cards on a page."""
    return html.Section(
        [html.H2(title, id=section_id, className="ops-section-title h4 mb-3"), dbc.Row(cards, class_name="g-4 mb-4")],
        **{"aria-labelledby": section_id},
    )


def embed_dialog(cid: str, title: str, lang: str) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(t("embed.dialog_title", lang, title=title)), close_button=True),
            dbc.ModalBody(
                [
                    html.P(t("embed.dialog_help", lang)),
                    html.Label(
                        [  # the textarea inside its label: a pattern id cannot be a `for` target
                            html.Span(t("embed.snippet_label", lang), className="form-label d-block"),
                            dcc.Textarea(
                                id=ids.snippet(cid),
                                readOnly=True,
                                rows=5,
                                className="form-control ops-embed-snippet",
                                value="",
                            ),
                        ],
                        className="w-100",
                    ),
                    dbc.Checklist(
                        id=ids.script(cid),
                        options=[{"label": t("embed.with_script", lang), "value": "script"},
                                 {"label": t("embed.pin", lang, version=get_dataset().version), "value": "pin"}],
                        value=["script", "pin"] if pinned() else ["script"],
                        class_name="mt-2",
                    ),
                    html.Div(
                        [
                            html.Button(
                                t("embed.copy", lang),
                                id=ids.snippet_copy(cid),
                                n_clicks=0,
                                type="button",
                                className="btn btn-primary btn-sm",
                            ),
                            html.Span(id=ids.snippet_status(cid), role="status", className="ms-2 text-muted small"),
                        ],
                        className="mt-2",
                    ),
                ]
            ),
        ],
        id=ids.modal(cid),
        is_open=False,
        size="lg",
    )


def card_from_data(
    chart: Chart,
    data: ChartData,
    title: str,
    lang: str,
    *,
    controls: bool,
    ds: Dataset,
    embedded: bool = False,
    present: bool = False,
    filters: Filters | None = None,
):
    cid = chart.chart_id
    heading = html.H1 if embedded else html.H2
    header = [heading(title, className="ops-card-title h5 mb-0", id=f"{cid}-title")]
    if controls:
        items = [
            dbc.DropdownMenuItem(t("card.download_csv", lang), id=ids.csv(cid), external_link=True,
                                 href=data_url(cid, "csv", filters or Filters(), lang)),
            dbc.DropdownMenuItem(t("card.download_xlsx", lang), id=ids.xlsx(cid), external_link=True,
                                 href=data_url(cid, "xlsx", filters or Filters(), lang)),
        ]
        # an image of the chart, made in the browser (assets/chart-export.js); not offered without data
        # (hidden, not left out: a filter change shows them again in place)
        shown = {"display": "none"} if data.empty else None
        items += [
            dbc.DropdownMenuItem(t("card.download_png", lang), id=ids.png(cid), style=shown),
            dbc.DropdownMenuItem(t("card.download_svg", lang), id=ids.svg(cid), style=shown),
        ]
        items.append(dbc.DropdownMenuItem(t("card.copy_link", lang), id=ids.copy(cid)))
        items.append(dbc.DropdownMenuItem(t("card.copy_pinned", lang), id=ids.copy_pinned(cid)))
        if embedded:  # the chart on its page in the dashboard, with the same view
            items.append(dbc.DropdownMenuItem(
                t("embed.open", lang), id=ids.part("open", cid), external_link=True, target="_blank",
                href=dash.get_relative_path(chart.page) + to_query(filters or Filters(),
                                                                   lang=None if lang == default_lang() else lang)))
        else:
            items.append(dbc.DropdownMenuItem(t("card.embed", lang), id=ids.embed(cid)))
        header.append(
            dbc.DropdownMenu(
                items,
                label=[
                    html.Span("⋯", **{"aria-hidden": "true"}),
                    html.Span(t("card.menu", lang, title=title), className="visually-hidden"),
                ],
                align_end=True,
                color="light",
                size="sm",
                class_name="ops-card-menu",
                toggle_class_name="ops-card-menu-toggle",
            )
        )
    if data.empty:
        body = [html.P(t("card.empty", lang), className="ops-empty")]
        frame = graph_frame(cid, None, "", title, lang, lazy=not embedded)
    else:
        summary = chart.summary(data, lang)
        figure = chart.figure(data, lang)
        if present:
            figure = present_figure(figure)
        frame = graph_frame(cid, figure, summary, title, lang, lazy=not embedded)
        body = [html.P(summary, className="ops-summary")]
        if controls:
            body += [
                html.Button(
                    t("card.table", lang),
                    id=ids.table_toggle(cid),
                    n_clicks=0,
                    type="button",
                    className="btn btn-link btn-sm ops-table-toggle px-0",
                    # the other text, for the server-rendered embed's script (assets/embed-page.js)
                    **{"aria-expanded": "false", "aria-controls": f"{cid}-table",
                       "data-text-open": t("card.table_hide", lang)},
                ),
                dbc.Collapse(
                    # on a page the table comes when opened (toggle_table): a closed table costs the page
                    # nothing to draw, and a filter change nothing to replace
                    table_wrap(cid, table_view(data, title, lang)) if embedded else table_wrap(cid, None, data),
                    id=ids.table(cid),
                    is_open=False,
                ),
            ]
        else:
            body.append(html.Div(table_view(data, title, lang), className="ops-table-wrap visually-hidden"))
    notes = [html.Li(n) for n in data.notes]
    footer = []
    if notes:
        footer.append(html.Ul(notes, className="ops-notes"))
    footer.append(sources_block(ds, data.source_ids, lang))
    if controls and not embedded:
        header.append(embed_dialog(cid, title, lang))
    # The header and the stores stay on a filter change (their values that depend on it are updated in
    # place: ui/router.IN_PLACE); the body and the footer are replaced when they differ.
    children = [
        dbc.CardHeader(header, class_name="ops-card-header"),
        dbc.CardBody([frame, html.Div(body, id=ids.section(cid, "body"))]),
        dbc.CardFooter(footer, class_name="ops-card-footer", id=ids.section(cid, "foot")),
    ]
    if controls:
        extra = [
            html.Span(id=ids.copied(cid), className="ops-copied", role="status"),
            # The texts the clientside copy callbacks show, from the catalogue in the page's language.
            dcc.Store(id=ids.messages(cid), data={**{k: t(f"card.{k}", lang) for k in
                                                     ("link_copied", "code_copied", "copy_failed")},
                                                  "version": ds.version}),
        ]
        texts = None if data.empty else export_texts(cid, data, title, lang, ds, filters)
        extra += [  # the texts drawn into an exported image (none without data), and where a failure is said
            dcc.Store(id=ids.export(cid), data=texts),
            html.Span(id=ids.export_status(cid), className="ops-copied", role="status"),
        ]
        children.append(html.Div(extra))
    return html.Section(
        dbc.Card(children, class_name="ops-chart-card"),
        id=cid,
        className="ops-chart",
        **{"data-chart-id": cid, "aria-labelledby": f"{cid}-title"},
    )


# ------------------------------------------------------------------ callbacks
@callback(
    Output(ids.table(MATCH), "is_open"),
    Output(ids.table(MATCH), "children"),
    Output(ids.table_toggle(MATCH), "children"),
    Output(ids.table_toggle(MATCH), "aria-expanded"),
    Input(ids.table_toggle(MATCH), "n_clicks"),
    State(ids.table(MATCH), "is_open"),
    State(LOCATION, "search"),
    prevent_initial_call=True,
)
def toggle_table(_clicks, is_open, search):
    ds = get_dataset()
    state = parse_query(search, ds)
    lang = state.lang
    opened = not is_open
    table = no_update
    if opened:  # the table of exactly the plotted numbers, for the page's filters
        chart = get_chart(ctx.triggered_id["chart"])
        title = t(chart.title_key, lang)
        table = table_wrap(chart.chart_id, table_view(chart.build(ds, state.filters, lang), title, lang))
    return opened, table, t("card.table_hide" if opened else "card.table", lang), "true" if opened else "false"


clientside_callback(
    """
    function(clicks, pinnedClicks, messages) {
        if (!clicks && !pinnedClicks) { return window.dash_clientside.no_update; }
        const trigger = window.dash_clientside.callback_context.triggered_id;
        const anchor = trigger && trigger.chart ? '#' + trigger.chart : '';
        let url = window.location.href.split('#')[0];
        if (trigger && trigger.type === "PINNED_TYPE") {  // this data version: v=<version>, replacing any
            url = url.replace(/([?&])v=[^&]*(&|$)/, function (m, before, after) { return after ? before : ''; });
            url += (url.indexOf('?') >= 0 ? '&' : '?') + 'v=' + encodeURIComponent(messages.version);
        }
        const ok = window.opsMonitor.copyText(url + anchor);
        return ok ? messages.link_copied : messages.copy_failed;
    }
    """.replace("PINNED_TYPE", ids.copy_pinned("")["type"]),
    Output(ids.copied(MATCH), "children"),
    Input(ids.copy(MATCH), "n_clicks"),
    Input(ids.copy_pinned(MATCH), "n_clicks"),
    State(ids.messages(MATCH), "data"),
    prevent_initial_call=True,
)


# A page's chart (graph_frame): drawn into its slot once its frame is near the screen (and plotly.js
# has loaded: assets/charts-near.js). A filter change then sends the new figure straight to the graph
# (ui/router.in_place_values); should new graph data reach a chart drawn while the request was on its
# way, it goes to the graph from here. Either way the graph redraws in place (Plotly.react).
clientside_callback(
    """
    function(spec, near, drawn) {
        const dc = window.dash_clientside;
        if (!near || !spec || !window.Plotly) { return dc.no_update; }
        if (drawn) {
            dc.set_props(spec.props.id, {figure: spec.props.figure});
            return dc.no_update;
        }
        return spec;
    }
    """,
    Output(ids.slot(MATCH), "children"),
    Input(ids.spec(MATCH), "data"),
    Input(ids.near(MATCH), "data"),
    State(ids.slot(MATCH), "children"),
)


# The chart as an image (PNG or SVG), made in the browser from the drawn figure by plotly.js:
# assets/chart-export.js adds the title, the source line and the date from the card's export Store.
clientside_callback(
    """
    function(pngClicks, svgClicks, texts) {
        const trigger = window.dash_clientside.callback_context.triggered_id;
        if (!trigger || !(pngClicks || svgClicks) || !texts) { return window.dash_clientside.no_update; }
        const format = trigger.type === "PNG_TYPE" ? "png" : "svg";
        const exporter = window.opsMonitor && window.opsMonitor.exportChart;
        if (!exporter) { return texts.failed; }
        return exporter(trigger.chart, format, texts).then(function () { return ""; },
                                                          function () { return texts.failed; });
    }
    """.replace("PNG_TYPE", ids.png("")["type"]),
    Output(ids.export_status(MATCH), "children"),
    Input(ids.png(MATCH), "n_clicks"),
    Input(ids.svg(MATCH), "n_clicks"),
    State(ids.export(MATCH), "data"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.modal(MATCH), "is_open"),
    Input(ids.embed(MATCH), "n_clicks"),
    prevent_initial_call=True,
)
def open_embed_dialog(clicks):
    return bool(clicks)


@callback(
    Output(ids.snippet(MATCH), "value"),
    Input(ids.modal(MATCH), "is_open"),
    Input(ids.script(MATCH), "value"),
    State(LOCATION, "search"),
    prevent_initial_call=True,
)
def embed_snippet(is_open, script, search):
    """The iframe snippet for this chart with the page's current filters and language (and, when
    chosen, pinned to the data version on screen)."""
    from flask import request

    from ui.embed_snippet import snippet

    if not is_open:
        return no_update
    chart = get_chart(ctx.triggered_id["chart"])
    ds = get_dataset()
    state = parse_query(search, ds)
    lang = state.lang
    base = request.host_url.rstrip("/")
    chosen = script or []
    src = base + dash.get_relative_path(f"/embed/{chart.chart_id}") + to_query(
        state.filters, lang=state.get("lang"), v=ds.version if "pin" in chosen else None)
    script_src = base + dash.get_relative_path("/embed/resize.js") if "script" in chosen else None
    return snippet(src, f"{t(chart.title_key, lang)} – OPS Monitor", script_src=script_src)


clientside_callback(
    """
    function(clicks, text, messages) {
        if (!clicks) { return window.dash_clientside.no_update; }
        return window.opsMonitor.copyText(text || "") ? messages.code_copied : messages.copy_failed;
    }
    """,
    Output(ids.snippet_status(MATCH), "children"),
    Input(ids.snippet_copy(MATCH), "n_clicks"),
    State(ids.snippet(MATCH), "value"),
    State(ids.messages(MATCH), "data"),
    prevent_initial_call=True,
)
