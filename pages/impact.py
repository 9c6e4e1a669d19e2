"""Impact: jobs and turnover, expected and realised kept apart, as reported."""

from __future__ import annotations

import dash

from i18n.text import t
from ui.chart_card import chart_cards, chart_section
from ui.page_helpers import page_state, page_title
from ui.shell import page_content

PATH = "/impact"
dash.register_page(__name__, path=PATH, title=page_title("nav.impact"), name="Effekter", order=3,
                  nav="nav.impact", filtered=True)

# The page's groups of charts (charts.registry places a chart in one by `section`): name, heading, anchor.
SECTIONS = (("expected", "impact.expected_heading", "impact-expected"),
            ("realised", "impact.realised_heading", "impact-realised"))

def layout(**query):
    ds, state, lang = page_state(query)
    f = state.filters
    return page_content(
        [
            chart_section(t(heading, lang), anchor, chart_cards(PATH, f, lang, present=state.present, section=name))
            for name, heading, anchor in SECTIONS
        ],
        title=t("page.impact.title", lang),
        lead=t("page.impact.lead", lang),
        notices=state.notices,
        lang=lang,
    )
