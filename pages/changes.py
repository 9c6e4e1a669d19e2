"""What changed in the data, version by version, newest first: the data history's kept versions of
the source in use, each with its changes from the version before in words (data/history.py,
i18n/changes.py). The filters narrow the changes to the regions, sectors and forms chosen."""

from __future__ import annotations

from datetime import datetime

import dash
import dash_bootstrap_components as dbc
from dash import html

from data.current import get_dataset, kept_versions
from data.history import Kept
from i18n import format as fmt
from i18n.text import t
from ui.page_helpers import page_state, page_title
from ui.shell import page_content
from ui.url_state import to_query

PATH = "/changes"
dash.register_page(__name__, path=PATH, title=page_title("changes.page_title"), name="Ændringer", filtered=True)


def when(kept: Kept, lang: str) -> str:
    moment = datetime.fromtimestamp(kept.accepted_at)  # the server's local time, as on the sources page
    return f"{fmt.format_date(moment.date().isoformat(), lang)} {moment:%H:%M}"


def version_section(kept: Kept, current: str, filters, lang: str) -> html.Section:
    heading_id = f"version-{kept.version}"
    heading = [t("changes.version", lang, version=kept.version)]
    if kept.version == current:
        heading += [" ", dbc.Badge(t("changes.current", lang), color="success", class_name="ms-1 align-middle")]
    said = kept.lines(filters, lang)
    body: list = [html.P(t("changes.accepted", lang, when=when(kept, lang)), className="text-muted small mb-2")]
    if said is None:
        body.append(html.P(t("changes.first", lang), className="mb-0"))
    else:
        lines, hidden = said
        body.append(html.P(t("changes.previous", lang, version=kept.previous), className="mb-1"))
        body.append(html.Ul([html.Li(line) for line in lines], className="ops-change-list mb-0") if lines
                    else html.P(t("changes.none", lang), className="mb-0"))
        if hidden:
            body.append(html.P(t("changes.hidden", lang, n=fmt.number(hidden, lang)),
                               className="text-muted small mt-2 mb-0"))
    return html.Section(dbc.Card(dbc.CardBody([html.H2(heading, className="h5 card-title", id=heading_id), *body]),
                                 class_name="ops-card mb-3"), **{"aria-labelledby": heading_id})


def layout(**query):
    _ds, state, lang = page_state(query)
    versions = kept_versions()
    feed = html.P(html.A(t("changes.feed", lang), href=dash.get_relative_path("/changes.atom")
                         + to_query(state.filters, lang=state.get("lang"))),
                  className="small")
    children: list = [feed]
    if state.filters.year_from is not None or state.filters.year_to is not None:
        children.append(html.P(t("changes.years_not_applied", lang), className="text-muted small"))
    current = get_dataset().version
    children += ([version_section(k, current, state.filters, lang) for k in versions] if versions
                 else [html.P(t("changes.no_history", lang))])
    return page_content(children, title=t("changes.page_title", lang), lead=t("changes.lead", lang),
                        notices=state.notices, lang=lang)
