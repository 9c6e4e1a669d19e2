"""One chart alone, for an iframe on another site: `/embed/<chart_id>`.

No navigation chrome (the shell hides it on embed paths: assets/app.js marks the document);
honours region, sector, form, from, to, lang and controls=0|1; posts its height to the parent.
"""

from __future__ import annotations

import dash
from dash import html

import charts  # noqa: F401  (registers the charts)
from charts.registry import get_chart
from i18n.text import t
from ui.chart_card import chart_card
from ui.page_helpers import page_state, request_lang
from ui.shell import data_updated, notices_alert, page_content
from ui.url_state import to_query


def embed_title(chart_id=None, **_):
    """The embedded page's title (read out by screen readers as the iframe's document): the chart's."""
    lang = request_lang()
    chart = get_chart(chart_id or "")
    return t("page.title", lang, page=t(chart.title_key if chart else "embed.unknown", lang))


def chart_exists(chart_id=None, **_) -> bool:
    """Whether the path names a chart (else the HTML page is answered with HTTP 404)."""
    return get_chart(chart_id or "") is not None


dash.register_page(__name__, path_template="/embed/<chart_id>", title=embed_title, name="Indlejret diagram",
                   exists=chart_exists)


def layout(chart_id: str | None = None, **query):
    ds, state, lang = page_state(query)
    chart = get_chart(chart_id or "")
    if chart is None:
        return page_content(
            html.P(dash.dcc.Link(t("embed.index_link", lang), href=dash.get_relative_path("/embed/"))),
            title=t("embed.unknown", lang),
            lang=lang,
        )
    controls = state.get("controls", "1") != "0"
    title = t(chart.title_key, lang)
    open_href = dash.get_relative_path(chart.page) + to_query(state.filters, lang=state.get("lang"))
    return html.Div(
        [
            notices_alert(state.notices, lang),
            chart_card(chart.chart_id, state.filters, lang, controls=controls, embedded=True, present=state.present),
            html.P(
                [
                    data_updated(ds, lang, element_id="data-updated-embed"),
                    " · ",
                    html.A(
                        t("embed.open", lang),
                        href=open_href,
                        target="_blank",
                        rel="noopener",
                        title=t("embed.open_label", lang, title=title),
                        id="embed-open",
                    ),
                ],
                className="ops-embed-open",
            ),
        ],
        className="ops-embed-page",
        **{"data-chart-id": chart.chart_id},
    )
