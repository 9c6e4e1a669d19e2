"""The chart registry: every chart is declared once, with a stable chart_id.

A chart is a `build` function (dataset, filters, lang -> ChartData: exactly the plotted numbers,
how to show them as a table, their sources and notes), a pure `figure` builder (ChartData, lang ->
a figure spec: the plain dict plotly.js draws, `{"data": [...], "layout": {...}}`, see
charts/figures.py), a `summary` sentence computed from the same data, and its placement (the page
that shows it, the section, order and width there). Pages, the chart card, embeds, downloads, the
table view and the tests all read this registry, so adding a chart is one entry and its texts.

Area modules (charts/<area>.py) register their charts with `register(...)`; importing the
`charts` package imports them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from data import Dataset, Filters
from i18n import format as fmt
from i18n.text import t

# The most rows a chart that lists reported figures one by one draws (and tabulates). The curated data
# never comes near it (23 at most); a maintainer's package of a million rows would otherwise draw
# 125.000 bars, which nobody can read and no browser should be sent.
MAX_ROWS = 40


@dataclass(frozen=True)
class Column:
    """A column of the table view and the download."""

    name: str
    label_key: str  # message key (i18n.text)
    kind: str = "text"  # text | int | number | money | value | year
    unit_col: str | None = None  # for money/value: column with the currency or unit
    bound_col: str | None = None  # for money/value: column with the bound


@dataclass
class ChartData:
    frame: pd.DataFrame
    columns: tuple[Column, ...]
    source_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # localised sentences: coverage, honesty notes
    extra: dict = field(default_factory=dict)  # anything else the figure needs (e.g. a reference value)

    @property
    def empty(self) -> bool:
        return self.frame.empty


def cap_rows(frame: pd.DataFrame, by: str | list[str], lang: str, *, rule: str = "largest",
             n: int = MAX_ROWS, ascending: bool = False, per: str | None = None
             ) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """At most `n` rows (`n` per value of `per`): those with the largest values of `by` (or, with
    `ascending`, the smallest; rows without a value come last), kept in the frame's own order; and a
    note saying how many of how many are shown and by which rule ('largest' or 'newest'). A frame of
    `n` rows or fewer comes back as it is, with no note."""
    groups = frame.groupby(per, sort=False, dropna=False) if per else None
    if (len(frame) <= n) if per is None else (groups.size().max() <= n if len(frame) else True):
        return frame, ()
    ranked = frame.sort_values(by, ascending=ascending, na_position="last", kind="stable")
    top = ranked.groupby(per, sort=False, dropna=False).head(n) if per else ranked.head(n)
    kept = frame[frame.index.isin(top.index)]
    return kept, capped_note(len(frame), n, lang, rule=rule, each=bool(per))


def capped_note(total: int, n: int, lang: str, *, rule: str = "largest", each: bool = False) -> tuple[str, ...]:
    """The note of a chart that draws `n` (`n` of each kind) of `total` rows, chosen by `rule`."""
    key = f"chart.rows_capped.{rule}" + ("_each" if each else "")
    return (t(key, lang, total=fmt.number(total, lang), shown=fmt.number(n, lang)),)


FigureSpec = dict  # {"data": [trace dicts, each with "type"], "layout": {...}}: what dcc.Graph draws


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title_key: str
    build: Callable[[Dataset, Filters, str], ChartData]
    figure: Callable[[ChartData, str], FigureSpec]  # a plain dict, not a go.Figure
    summary: Callable[[ChartData, str], str]
    page: str  # path of the page that shows it
    description_key: str | None = None
    # Where on its page: cards are shown by `order` within their `section` (a name the page gives a
    # heading, None: the page's one group of charts), `width` of the 12 Bootstrap columns on a wide
    # screen; `choice` (URL key, value): shown only while the page's URL has that choice (the
    # regions page's map measure), every other chart is always shown.
    order: int = 0
    width: int = 12
    section: str | None = None
    choice: tuple[str, str] | None = None


CHARTS: dict[str, Chart] = {}


def register(chart: Chart) -> Chart:
    if chart.chart_id in CHARTS:
        raise ValueError(f"chart_id {chart.chart_id!r} registered twice")
    CHARTS[chart.chart_id] = chart
    return chart


def get_chart(chart_id: str) -> Chart | None:
    return CHARTS.get(chart_id)


def charts_on(page: str, *, section: str | None = None, choices: dict[str, str] | None = None) -> list[Chart]:
    """The charts the page at path `page` shows in `section`, in order; of those with a `choice`,
    only the ones `choices` picks."""
    shown = [c for c in CHARTS.values() if c.page == page and c.section == section
             and (c.choice is None or (choices or {}).get(c.choice[0]) == c.choice[1])]
    return sorted(shown, key=lambda c: c.order)
