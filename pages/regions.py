"""Regions: a map of the five regions (measure selectable, kept in the URL) and each region
against the national average."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update

from charts.regions import MAP_MEASURES
from data.current import get_dataset
from i18n.text import t
from ui.chart_card import chart_cards
from ui.page_helpers import page_state, page_title
from ui.router import LOCATION
from ui.shell import page_content
from ui.url_state import Notice, parse_query, to_query

PATH = "/regions"
dash.register_page(__name__, path=PATH, title=page_title("nav.regions"), name="Regioner", order=1,
                  nav="nav.regions", filtered=True)

MEASURE_ID = "regions-measure"
DEFAULT_MEASURE = "count"


def measure_from(state) -> str:
    measure = state.get("measure")
    return measure if measure in MAP_MEASURES else DEFAULT_MEASURE


def measure_notice(state) -> tuple[Notice, ...]:
    """A notice for a `measure=` this page does not have (the default measure is shown)."""
    measure = state.get("measure")
    if measure in (None, "") or measure in MAP_MEASURES:
        return ()
    return (Notice("measure", measure[:40], "unknown_value"),)


def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    measure = measure_from(state)
    options = [
        {"label": t(label, lang) if m in ("count", "per_100k") else t(f"label.{m}", lang), "value": m}
        for m, (_, label) in MAP_MEASURES.items()
    ]
    selector = html.Fieldset(
        [
            html.Legend(t("regions.measure", lang), className="ops-filter-label fs-6"),
            dbc.RadioItems(id=MEASURE_ID, options=options, value=measure, inline=True, class_name="ops-measure"),
        ],
        className="mb-3",
    )
    return page_content(
        [
            selector,
            dbc.Row(chart_cards(PATH, f, lang, present=state.present, choices={"measure": measure}), class_name="g-4"),
        ],
        title=t("page.regions.title", lang),
        lead=t("page.regions.lead", lang),
        notices=state.notices + measure_notice(state),
        lang=lang,
    )


@callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(MEASURE_ID, "value"),
    State(LOCATION, "search"),
    prevent_initial_call=True,
)
def measure_to_url(measure, search):
    """The chosen measure goes into the URL, so a copied link shows the same map."""
    state = parse_query(search, get_dataset())
    extra = dict(state.extra)
    extra["measure"] = None if measure == DEFAULT_MEASURE else measure
    new = to_query(state.filters, **extra)
    return new if new != (search or "") else no_update
