"""Reading a figure spec back as what it shows: the drawn items in reading order (the top bar first,
the left column first), with their label, value, text, hover text and colour, for every registered chart.

`SHOWN[chart_id]` says how a chart draws its ChartData frame: which frame column gives each item's label,
value, text, hover text and colour. The tests compare the items read from the spec with the frame's rows,
so a chart that draws other numbers, in another order or in another colour fails, and a new chart needs
an entry here (what it must show), never a copy of its code.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from charts import figures as fg


@dataclass(frozen=True)
class Bars:
    """One bar trace, a bar per frame row, the frame's first row on top (horizontal) or left (vertical)."""

    label: str
    value: str
    text: str
    hover: str | None = None  # frame column of the hover text (None: the hover shows the text)
    scale: float = 1.0  # drawn value = frame value / scale (amounts in mio. kr.)
    colour: str | None = None  # frame column with each bar's colour, or a fixed colour ('#...')
    horizontal: bool = True
    markup_label: bool = False  # the frame's label is already plotly markup (escaped data text, <br>)
    missing_as_zero: bool = False  # a missing amount draws no bar (0), only its text
    reference: str | None = None  # ChartData.extra key of a reference line


@dataclass(frozen=True)
class Map:
    scale: float = 1.0


@dataclass(frozen=True)
class Stacked:
    """One trace per form (stack key), each with a value per sector in the order extra['order']."""

    label: str
    stack: str
    stack_label: str
    value: str


@dataclass(frozen=True)
class Series:
    """Grouped columns: one trace per series key, a column per year."""

    series: str
    series_label: str
    x: str
    y: str
    text: str
    hover: str


@dataclass(frozen=True)
class Timeline:
    label: str
    start: str
    end: str
    form: str
    form_label: str
    hover: str


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]


COUNT = Bars("name", "n", "text", colour="colour")
AMOUNT_ROWS = Bars("label", "amount", "text", hover="hover", colour="colour", markup_label=True,
                   missing_as_zero=True)
SHOWN = {
    "projects-by-region": COUNT,
    "projects-by-sector": COUNT,
    "projects-by-form": COUNT,
    "projects-by-start-year": Bars("year", "n", "text", colour=fg.ACCENT, horizontal=False),
    "expected-jobs": Bars("label", "value", "text", colour=fg.EXPECTED_COLOUR),
    "expected-turnover": Bars("label", "value", "text", scale=1e6, colour=fg.EXPECTED_COLOUR),
    "effects-per-mio-granted": Bars("label", "value", "text", colour=fg.EXPECTED_COLOUR),
    "realised-effects": Table(("entity", "measure", "period", "text")),
    "programmes-timeline": Timeline("label", "start_year", "end_year", "form_id", "form", "hover"),
    "programmes-opp-pool": Bars("year", "amount", "text", hover="hover", colour=fg.FORM_COLOURS["opp"],
                                missing_as_zero=True),
    "programmes-sygehuspartnerskabet-shares": Bars("name", "amount", "text", hover="hover", colour="colour",
                                                   missing_as_zero=True),
    "programmes-medicoindkoeb-members": Bars("label", "n", "text", hover="hover", colour=fg.ACCENT),
    "regions-map-count": Map(),
    "regions-map-contract-value": Map(scale=1e6),
    "regions-map-public-funding": Map(scale=1e6),
    "regions-map-per-100k": Map(),
    "regions-vs-national": Bars("name", "per_100k", "text", colour="colour", reference="national"),
    "sector-by-form": Stacked("sector", "form_id", "form", "n"),
    "contract-value-by-sector": Bars("name", "value", "text", scale=1e6, colour="colour"),
    "public-funding-by-form": Bars("name", "value", "text", scale=1e6, colour="colour"),
    "spending-regions-health": AMOUNT_ROWS,
    "spending-health-by-year": Series("measure", "label", "year", "amount", "text", "hover"),
    "spending-medicines": Bars("label", "amount", "text", hover="hover", colour=fg.ACCENT, horizontal=False,
                               markup_label=True, missing_as_zero=True),
    "spending-procurement": AMOUNT_ROWS,
    "spending-health-it": AMOUNT_ROWS,
}

# What a chart colours by: (kind, frame column with the region code / form id, or a fixed key).
COLOURED_BY = {
    "projects-by-region": ("region", "key"),
    "regions-vs-national": ("region", "key"),
    "programmes-sygehuspartnerskabet-shares": ("region", "region_code"),
    "spending-regions-health": ("region", "region_code"),
    "spending-health-it": ("region", "region_code"),
    "spending-procurement": ("region", "=DK"),  # the regions' statements together: the national grey
    "projects-by-form": ("form", "key"),
    "public-funding-by-form": ("form", "key"),
    "programmes-opp-pool": ("form", "=opp"),
    "sector-by-form": ("form", "form_id"),
    "programmes-timeline": ("form", "form_id"),
}


def shown_text(markup) -> str:
    """What plotly shows for a label or text: line breaks as spaces, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(str(markup).replace("<br>", " ")).split())


def plain_text(value) -> str:
    return " ".join(str(value).split())


def number(value):
    """A frame value as the spec holds it: a float, missing as None."""
    return None if value is None or pd.isna(value) else float(value)


def in_reading_order(items: list, horizontal: bool) -> list:
    """plotly draws a horizontal bar chart's first category at the bottom: read it top-down."""
    return list(reversed(items)) if horizontal else list(items)


def bar_items(spec: dict, how: Bars) -> list[dict]:
    """The bars of a one-trace bar chart in reading order."""
    (trace,) = [tr for tr in spec["data"] if tr["type"] == "bar"]
    labels, values = (trace["y"], trace["x"]) if how.horizontal else (trace["x"], trace["y"])
    n = len(labels)
    colours = trace["marker"]["color"]
    colours = colours if isinstance(colours, list) else [colours] * n
    hover = trace.get("hovertext") or trace.get("text")
    items = [{"label": labels[i], "value": values[i], "text": trace["text"][i], "hover": hover[i],
              "colour": colours[i]} for i in range(n)]
    return in_reading_order(items, how.horizontal)


def expected_bar_items(frame: pd.DataFrame, how: Bars) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        value = number(row[how.value])
        if value is not None:
            value /= how.scale
        elif how.missing_as_zero:
            value = 0.0
        colour = how.colour if how.colour is None or how.colour.startswith("#") else row[how.colour]
        out.append({"label": row[how.label], "value": value, "text": row[how.text],
                    "hover": row[how.hover or how.text], "colour": colour})
    return out


def timeline_items(spec: dict) -> list[dict]:
    """The timeline's bars (legend swatches left out), each with its label, years, colour and hatching."""
    items = []
    for trace in spec["data"]:
        if trace.get("showlegend"):
            continue
        open_end = "pattern" in trace["marker"]
        colour = trace["marker"]["line"]["color"]
        for y, base, width, hover in zip(trace["y"], trace["base"], trace["x"], trace["hovertext"], strict=True):
            items.append({"label": y, "start": base, "end": None if open_end else base + width - 1,
                          "drawn_to": base + width - 1, "open": open_end, "colour": colour, "hover": hover})
    order = spec["layout"]["yaxis"]["categoryarray"]  # bottom-up, like the bars
    return sorted(items, key=lambda item: order.index(item["label"]), reverse=True)


def stacked_items(spec: dict) -> list[dict]:
    """One item per drawn segment (sector, form name, value, colour), sectors top-down."""
    items = []
    for trace in spec["data"]:
        for y, x in zip(trace["y"], trace["x"], strict=True):
            if x is not None:
                items.append({"label": y, "name": trace["name"], "value": x, "colour": trace["marker"]["color"]})
    return items


def series_items(spec: dict) -> list[dict]:
    return [{"name": trace["name"], "x": x, "y": y, "text": text, "hover": hover,
             "colour": trace["marker"]["color"]}
            for trace in spec["data"]
            for x, y, text, hover in zip(trace["x"], trace["y"], trace["text"], trace["hovertext"], strict=True)]


def texts_of(spec: dict) -> list[str]:
    """Every text the figure may show (labels, value texts, hover texts, legend names, titles, tick texts,
    annotations, table cells), the template and the map's boundaries left out."""
    out: list[str] = []

    def walk(node, key=""):
        if key.endswith("color") or key in ("template", "geojson", "colorscale", "font", "marker", "line",
                                            "textfont", "tickfont", "hoverlabel"):
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key not in ("type", "hovertemplate", "orientation", "textposition",
                                                   "separators", "xref", "yref", "xanchor", "yanchor",
                                                   "hoverinfo", "mode", "featureidkey", "side", "barmode",
                                                   "rangemode", "ticks", "tickformat", "tickmode", "hovermode",
                                                   "categoryorder", "align", "orientation", "traceorder",
                                                   "constraintext", "color", "bgcolor", "fgcolor", "family"):
            out.append(node)

    walk(spec["data"])
    walk(spec["layout"])
    return out
