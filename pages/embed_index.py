"""`/embed/`: every chart of the registry that can be embedded, with its link."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

import charts  # noqa: F401  (registers the charts)
from charts.registry import CHARTS
from i18n.text import t
from ui import router
from ui.embed_snippet import DEFAULT_HEIGHT
from ui.page_helpers import page_state, page_title
from ui.shell import page_content
from ui.url_state import to_query

dash.register_page(__name__, path="/embed", title=page_title("embed.index_title"), name="Indlejring")


def layout(**query):
    ds, state, lang = page_state(query)
    suffix = to_query(state.filters, lang=state.get("lang"))
    rows = [
        html.Tr(
            [
                html.Td(html.Code(chart.chart_id)),
                html.Td(t(chart.title_key, lang)),
                html.Td(
                    html.A(page_label(chart.page, lang), href=dash.get_relative_path(chart.page) + suffix)
                ),
                html.Td(
                    html.A(
                        dash.get_relative_path(f"/embed/{chart.chart_id}"),
                        href=dash.get_relative_path(f"/embed/{chart.chart_id}") + suffix,
                        className="ops-embed-link",
                    )
                ),
            ]
        )
        for chart in sorted(CHARTS.values(), key=lambda c: (c.page, c.chart_id))
    ]
    table = dbc.Table(
        [
            html.Caption(t("embed.index_caption", lang, n=len(rows))),
            html.Thead(
                html.Tr(
                    [
                        html.Th(t(k, lang), scope="col")
                        for k in ("embed.col_id", "embed.col_title", "embed.col_page", "embed.col_link")
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        striped=True,
        size="sm",
        class_name="bg-white",
        id="embed-index",
    )
    return page_content(
        [html.P(t("embed.index_help", lang, height=DEFAULT_HEIGHT)), table],
        title=t("embed.index_title", lang),
        notices=state.notices,
        lang=lang,
    )


def page_label(path: str, lang: str) -> str:
    """The navbar name of the page at `path` (its path if it has none)."""
    page, _ = router.match(path)
    return t(page["nav"], lang) if page and page.get("nav") else path
