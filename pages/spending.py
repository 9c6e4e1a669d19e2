"""Spending: the regions' health spending, health IT, all regions by year, medicines and procurement."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc

from i18n.text import t
from ui.chart_card import chart_cards, chart_section
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

PATH = "/spending"
dash.register_page(__name__, path=PATH, title=page_title("nav.spending"), name="Udgifter", order=4,
                  nav="nav.spending", filtered=True)

# The page's groups of charts (charts.registry places a chart in one by `section`): name, heading, anchor.
SECTIONS = (("regions", "spending.section.regions", "spending-regions"),
            ("national", "spending.section.national", "spending-national"))

def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    # the note's place is always there (empty without sector or form filters): a filter change fills it in place
    children = [dbc.Alert(t("spending.filters_not_applied", lang), color="info", id="spending-filter-note",
                          class_name="ops-notice") if f.sectors or f.forms else None]
    children += [
        chart_section(t(heading, lang), anchor, chart_cards(PATH, f, lang, present=state.present, section=name))
        for name, heading, anchor in SECTIONS
    ]
    return page_content(
        children,
        title=t("spending.title", lang),
        lead=t("spending.lead", lang),
        notices=state.notices,
        lang=lang,
    )
