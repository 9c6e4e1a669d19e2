"""Figure builders: pure functions, a tidy DataFrame (and language) in, a figure spec out.

A figure spec is the plain dict plotly.js draws: `{"data": [trace dicts with "type"], "layout": {...}}`,
in plotly's own canonical form (`"title": {"text": ...}`, never the Python shorthand `title_text`), with
plain lists and Python values. dcc.Graph takes it as it is. It is not a go.Figure because a go.Figure
validates every property on every call (`update_layout`, `add_trace` …): 35-55 ms a figure, most of a
cold page render, where a dict costs well under 1 ms. tests/unit/test_figures_show.py checks what every
chart's spec draws (values and order, colours, labels and number formats per language, bounds).

They never read files, the URL or the dataset; they only draw what they are given. Colours are
fixed per region and per form (colour-blind-safe, Okabe-Ito based) so a region or form has the
same colour in every chart.
"""

from __future__ import annotations

import copy
import json
import textwrap
from functools import lru_cache
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from i18n.format import PLOTLY_SEPARATORS

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1b2733"
MUTED = "#4f5d6b"
GRID = "#e3e8ee"
ACCENT = "#2a6f97"

REGION_COLOURS = {
    "1081": "#0072B2",  # Nordjylland, blue
    "1082": "#E69F00",  # Midtjylland, orange
    "1083": "#009E73",  # Syddanmark, green
    "1084": "#CC79A7",  # Hovedstaden, reddish purple
    "1085": "#56B4E9",  # Sjælland, sky blue
    "DK": "#5f6b77",  # all regions / national, grey
    "SE": "#D55E00",
    "SE-AB": "#D55E00",
    "SE-O": "#D55E00",  # Sweden, vermillion
    "not_stated": "#a9b3bd",
}
FORM_COLOURS = {
    "opp": "#0072B2",
    "opi": "#009E73",
    "market_maturation": "#56B4E9",
    "pcp": "#E69F00",
    "esco": "#D55E00",
    "innovative_procurement": "#CC79A7",
    "innovation_partnership": "#8c6d31",
    "long_term_partnership": "#332288",
    "internal_innovation": "#88CCEE",
    "innovation_funding": "#44AA99",
    "cluster": "#999933",
    "strategy": "#AA4499",
    "business_promotion": "#882255",
    "purchasing": "#117733",
    "research_cooperation": "#DDCC77",
    "commercialisation": "#661100",
    "private_suppliers": "#6699CC",
    "practice_agreements": "#AA4466",
    "free_choice": "#4477AA",
    "not_stated": "#a9b3bd",
}
OTHER_COLOUR = "#a9b3bd"  # a region or form code without a colour of its own: the same grey everywhere


def axis_top(series: pd.Series) -> float:
    """The largest value of `series` as the top of an axis or colour scale; 1 when it has no
    positive value (no rows, all not reported, all zero), so an empty chart still has a scale."""
    top = pd.to_numeric(series, errors="coerce").max()
    return float(top) if pd.notna(top) and top > 0 else 1.0


def region_colour(code) -> str:
    """The fixed colour of a region (or the nation, or Sweden), the same in every chart."""
    return REGION_COLOURS.get(str(code), OTHER_COLOUR)


def form_colour(form_id) -> str:
    """The fixed colour of a form of collaboration, the same in every chart."""
    return FORM_COLOURS.get(str(form_id), OTHER_COLOUR)
EXPECTED_COLOUR, REALISED_COLOUR = "#56B4E9", "#0072B2"

# A lean template: the parts of plotly's "simple_white" these charts rely on, nothing else. The full
# template (trace defaults for every trace type, colour scales, 3D scenes …) cost ~60 ms to copy into
# each figure and ~8 KB of JSON per figure; this one costs a fraction of both. It is also the default,
# so a go.Figure() never copies plotly's own default template first.
_AXIS = {"showline": True, "linecolor": "#9aa5b1", "ticks": "outside", "showgrid": False, "zeroline": False,
         "zerolinecolor": "rgb(36,36,36)", "automargin": True, "title": {"standoff": 15}}
pio.templates["ops"] = go.layout.Template(layout={
    "xaxis": _AXIS,
    "yaxis": _AXIS,
    "hovermode": "closest",
    "colorway": ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#5f6b77"],
    "coloraxis": {"colorbar": {"outlinewidth": 1, "ticks": "outside"}},
    "geo": {"bgcolor": "white", "landcolor": "white", "subunitcolor": "white", "showland": True,
            "showlakes": True, "lakecolor": "white"},
})
pio.templates.default = "ops"
# A spec sent to the browser gets no Python default template, so every spec carries this one itself.
_TEMPLATE = pio.templates["ops"].to_plotly_json()


def merge(into: dict, *updates: dict) -> dict:
    """Deep-merge `updates` into `into` (in place, and returned), as update_layout does: nested dicts
    are merged key by key, anything else (lists too) is replaced. Dicts are copied, never shared."""
    for update in updates:
        for key, value in update.items():
            if isinstance(value, dict):
                target = into.get(key)
                into[key] = merge(target if isinstance(target, dict) else {}, value)
            else:
                into[key] = value
    return into


def spec(traces: list[dict], layout: dict) -> dict:
    """A figure spec: trace dicts (each with its "type") and a layout (from `base_layout`)."""
    return {"data": traces, "layout": layout}


def values(seq) -> list:
    """A column (Series, array, list) as a plain list for a spec: Python scalars, missing values as None."""
    items = seq.tolist() if hasattr(seq, "tolist") else list(seq)
    out = []
    for v in items:
        if v is None or v is pd.NA or v is pd.NaT:
            v = None
        elif isinstance(v, np.generic):
            v = v.item()
        if isinstance(v, float) and v != v:
            v = None
        out.append(v)
    return out




def base_layout(lang: str, *, height: int = 360, legend: bool = False) -> dict:
    """The layout every figure starts from (a fresh dict; merge a figure's own settings into it with `merge`)."""
    return {
        "template": copy.deepcopy(_TEMPLATE),
        "separators": PLOTLY_SEPARATORS.get(lang, ",."),
        "font": {"family": FONT, "size": 14, "color": INK},
        "margin": {"l": 8, "r": 16, "t": 8, "b": 8},
        "height": height,
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hoverlabel": {"font": {"family": FONT, "size": 14}, "bgcolor": "white"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": GRID, "linecolor": "#9aa5b1", "tickfont": {"color": MUTED},
                  "title": {"font": {"color": MUTED}}},
        "yaxis": {"gridcolor": GRID, "linecolor": "#9aa5b1", "tickfont": {"color": MUTED},
                  "title": {"font": {"color": MUTED}}, "automargin": True},
    }


def plain(text) -> str:
    """Data text for plotly, which reads a subset of HTML (<b>, <br>, <a>, entities) in labels and
    hover texts: escaped, so a name like '<b>x</b>' shows literally."""
    return escape(str(text), quote=False)


def wrap(label, width: int = 34) -> str:
    """Break a long category label (data text, escaped) over lines so the plot keeps its width."""
    return "<br>".join(plain(line) for line in textwrap.wrap(str(label), width)) or plain(label)


def headroom(texts) -> float:
    """Axis range factor that leaves room for value labels outside the bars."""
    longest = max((len(str(x)) for x in texts), default=4)
    return min(1.12 + 0.028 * longest, 2.2)


def hbar(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    text: str,
    colours: list[str] | str = ACCENT,
    axis_title: str = "",
    hover: str | None = None,
    lang: str = "da",
) -> dict:
    """Horizontal bars, largest on top, each labelled with its formatted value."""
    df = df.iloc[::-1]  # plotly draws the first category at the bottom
    labels = [wrap(x) for x in df[label]]
    bar = {
        "type": "bar",
        "x": values(df[value]),
        "y": labels,
        "orientation": "h",
        "text": values(df[text]),
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": list(colours)[::-1] if isinstance(colours, list) else colours},
        "hovertext": values(df[hover] if hover else df[text]),
        "hovertemplate": "%{y}: %{hovertext}<extra></extra>",
    }
    lines = sum(str(x).count("<br>") + 1 for x in labels)
    layout = merge(
        base_layout(lang, height=max(220, 30 * lines + 22 * len(df) + 70)),
        {
            "xaxis": {
                "title": {"text": axis_title},
                "showgrid": True,
                "rangemode": "tozero",
                "zeroline": False,
                "range": [0, axis_top(df[value]) * headroom(df[text])],
            },
            "yaxis": {"showgrid": False, "ticks": ""},
        },
    )
    return spec([bar], layout)


def columns(
    df: pd.DataFrame, *, x: str, y: str, text: str, axis_title: str = "", lang: str = "da", colour: str = ACCENT
) -> dict:
    """Vertical columns along a (year) axis."""
    bar = {
        "type": "bar",
        "x": values(df[x]),
        "y": values(df[y]),
        "text": values(df[text]),
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": colour},
        "hovertemplate": "%{x}: %{text}<extra></extra>",
    }
    layout = merge(
        base_layout(lang, height=340),
        {
            "xaxis": {"type": "category", "ticks": ""},
            "yaxis": {
                "title": {"text": axis_title},
                "rangemode": "tozero",
                "showgrid": True,
                "range": [0, axis_top(df[y]) * 1.2],
            },
        },
    )
    return spec([bar], layout)


def stacked_hbar(
    df: pd.DataFrame,
    *,
    label: str,
    stack: str,
    stack_label: str,
    value: str,
    colours: dict[str, str],
    axis_title: str = "",
    lang: str = "da",
    order: list[str] | None = None,
) -> dict:
    """Horizontal bars per `label`, stacked by `stack` (one colour per stack key)."""
    order = order or list(df.groupby(label)[value].sum().sort_values().index)
    # One trace per stack key (in order of first appearance), its values along `order` (None where a
    # label has no row). Plain Python over the rows: a pandas groupby + reindex per key cost ~2 ms each.
    groups: dict = {}
    for key, lab, val, name in zip(values(df[stack]), values(df[label]), values(df[value]), values(df[stack_label]),
                                   strict=True):
        if key is None:
            continue
        rows = groups.setdefault(key, {})
        if lab in rows:
            raise ValueError(f"{label}={lab!r} appears twice for {stack}={key!r}")
        rows[lab] = (val, name)
    y = [plain(o) for o in order]
    traces = []
    for key, rows in groups.items():
        shown = [rows[o] for o in order if o in rows]
        traces.append({
            "type": "bar",
            "x": [rows[o][0] if o in rows else None for o in order],
            "y": list(y),
            "orientation": "h",
            "name": plain([name for _, name in shown if name is not None][0]),
            "marker": {"color": colours.get(str(key), OTHER_COLOUR)},
            "hovertemplate": "%{y} · %{fullData.name}: %{x}<extra></extra>",
        })
    layout = merge(
        base_layout(lang, height=max(260, 44 * len(order) + 110), legend=True),
        {
            "barmode": "stack",
            "xaxis": {"title": {"text": axis_title}, "showgrid": True, "rangemode": "tozero"},
            "yaxis": {"ticks": "", "showgrid": False},
        },
    )
    return spec(traces, layout)


@lru_cache(maxsize=4)
def _geojson(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def choropleth(
    df: pd.DataFrame,
    *,
    geojson_path: str,
    key: str,
    value: str,
    name: str,
    text: str,
    colorbar_title: str,
    lang: str = "da",
    geojson_url: str | None = None,
) -> dict:
    """The five regions on a map without tiles (works offline); Bornholm included. With
    `geojson_url` the browser fetches the boundaries from there (once, cacheable) instead of getting
    them inside the figure (~210 KB); the label points are computed from `geojson_path` either way.
    Without it the spec holds the cached boundaries themselves, shared: never change them in place."""
    z = df[value].astype(float)
    regions = {
        "type": "choropleth",
        "geojson": geojson_url or _geojson(str(geojson_path)),
        "locations": values(df[key]),
        "z": values(z),
        "featureidkey": "id",
        "colorscale": [[0, "#e8f1f8"], [1, "#0b4f7c"]],
        "zauto": False,
        "zmin": 0,
        "zmax": axis_top(z),
        "marker": {"line": {"color": "white", "width": 1.2}},
        "text": [plain(n) for n in df[name]],
        "customdata": values(df[text]),
        "hovertemplate": "%{text}: %{customdata}<extra></extra>",
        "colorbar": {
            "title": {"text": colorbar_title, "side": "right"},
            "thickness": 14,
            "len": 0.8,
            "tickfont": {"color": MUTED},
        },
    }
    points = _label_points(str(geojson_path))
    lon = [points[k][0] for k in df[key]]
    lat = [points[k][1] for k in df[key]]
    dark = [v > 0.55 * axis_top(z) for v in z.fillna(0)]
    labels = {
        "type": "scattergeo",
        "lon": lon,
        "lat": lat,
        "text": values(df[text]),
        "mode": "text",
        "hoverinfo": "skip",
        "textfont": {"size": 15, "color": ["white" if d else INK for d in dark], "family": FONT},
    }
    layout = merge(
        base_layout(lang, height=460),
        {"geo": {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}, "bgcolor": "white"}},
    )
    return spec([regions, labels], layout)


@lru_cache(maxsize=4)
def _label_points(path: str) -> dict[str, tuple[float, float]]:
    """A label point per feature: the centroid of its largest polygon (shoelace formula)."""
    points = {}
    for feature in _geojson(path)["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        best = (0.0, (0.0, 0.0))
        for polygon in polygons:
            ring = polygon[0]
            area = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
                cross = x0 * y1 - x1 * y0
                area += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            if area and abs(area) > best[0]:
                best = (abs(area), (cx / (3 * area), cy / (3 * area)))
        points[str(feature["id"])] = best[1]
    return points


def bars_with_reference(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    text: str,
    colours: list[str],
    reference: float,
    reference_label: str,
    axis_title: str,
    lang: str = "da",
) -> dict:
    """Horizontal bars with a vertical reference line (e.g. the national average)."""
    fig = hbar(df, label=label, value=value, text=text, colours=colours, axis_title=axis_title, lang=lang)
    upper = max(axis_top(df[value]), reference) * headroom(df[text])
    merge(fig["layout"], {
        # what go.Figure.add_vline drew: a line at x over the whole height of the plot area
        "shapes": [{
            "type": "line",
            "x0": reference,
            "x1": reference,
            "xref": "x",
            "y0": 0,
            "y1": 1,
            "yref": "y domain",
            "line": {"color": INK, "dash": "dash", "width": 1.5},
        }],
        "annotations": [{
            "x": reference,
            "y": 1.0,
            "yref": "paper",
            "yanchor": "bottom",
            "text": reference_label,
            "showarrow": False,
            "font": {"color": INK, "size": 13},
            "xanchor": "left",
            "xshift": 4,
        }],
        "margin": {"t": 28},
        "xaxis": {"range": [0, upper or 1]},
    })
    return fig


def amount_ticks(max_value: float, unit: str = "DKK", lang: str = "da", n: int = 4) -> tuple[list[float], list[str]]:
    """Round tick values from 0 to about `max_value`, labelled as amounts ('10 mia. kr.', 'DKK 10bn')."""
    from i18n.format import money

    if not max_value or max_value != max_value or max_value <= 0:
        return [0.0], [money(0, unit, lang)]
    raw = max_value / n
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [step * i for i in range(int(max_value // step) + 1)]
    return ticks, [money(v, unit, lang) if v else "0" for v in ticks]


def amount_hbar(
    df: pd.DataFrame,
    *,
    label: str,
    value: str,
    text: str,
    hover: str,
    colours: list[str] | str = ACCENT,
    unit: str = "DKK",
    lang: str = "da",
    headroom: float = 1.45,
) -> dict:
    """Horizontal bars of amounts in the given row order (first row on top), each labelled with its
    formatted value; a missing amount draws no bar, only its text (e.g. 'ikke oplyst')."""
    df = df.iloc[::-1]
    amounts = pd.to_numeric(df[value], errors="coerce").astype(float)
    colour_list = list(colours)[::-1] if isinstance(colours, list) else colours
    bar = {
        "type": "bar",
        "x": values(amounts.fillna(0)),
        "y": values(df[label]),
        "orientation": "h",
        "text": values(df[text]),
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": colour_list},
        "hovertext": values(df[hover]),
        "hovertemplate": "%{hovertext}<extra></extra>",
        "textfont": {"size": 15, "color": INK},
        "constraintext": "none",
    }
    lines = max(str(v).count("<br>") for v in df[label]) + 1 if len(df) else 1
    top = float(amounts.max()) if amounts.notna().any() else 1.0
    layout = merge(
        base_layout(lang, height=max(200, (40 + 16 * lines) * len(df) + 40)),
        {
            # Every bar carries its value, so the value axis has no tick labels to compete with them.
            "xaxis": {"range": [0, top * headroom], "showticklabels": False, "showgrid": False, "zeroline": False,
                      "ticks": "", "showline": False},
            "bargap": 0.3,
            "yaxis": {"showgrid": False, "ticks": "", "type": "category", "tickfont": {"size": 14, "color": INK}},
        },
    )
    return spec([bar], layout)


def amount_columns(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    text: str,
    hover: str,
    colours: list[str] | str = ACCENT,
    unit: str = "DKK",
    lang: str = "da",
    height: int = 360,
) -> dict:
    """Vertical columns of amounts on a categorical axis (years or periods, in the given order); a missing
    amount draws no column, only its text (e.g. 'ikke oplyst')."""
    amounts = pd.to_numeric(df[y], errors="coerce").astype(float)
    bar = {
        "type": "bar",
        "x": values(df[x].astype(str)),
        "y": values(amounts.fillna(0)),
        "text": values(df[text]),
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": list(colours) if isinstance(colours, list) else colours},
        "hovertext": values(df[hover]),
        "hovertemplate": "%{hovertext}<extra></extra>",
        "textfont": {"size": 14, "color": INK},
        "constraintext": "none",
    }
    top = float(amounts.max()) if amounts.notna().any() else 1.0
    tickvals, ticktext = amount_ticks(top, unit, lang)
    layout = merge(
        base_layout(lang, height=height),
        {
            "xaxis": {"type": "category", "ticks": "", "tickfont": {"size": 14, "color": INK}},
            "yaxis": {"range": [0, top * 1.22], "tickvals": tickvals, "ticktext": ticktext, "showgrid": True},
        },
    )
    return spec([bar], layout)


def year_series_columns(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    series_label: str,
    text: str,
    hover: str,
    colours: dict[str, str],
    patterns: dict[str, str] | None = None,
    unit: str = "DKK",
    lang: str = "da",
) -> dict:
    """Grouped columns per year (numeric axis, one tick per year, missing years left empty), one series
    per `series` key with its own colour (and fill pattern, so the series stay apart in grey print).
    Columns, not lines: a line would draw values between reported years."""
    patterns = patterns or {}
    traces = []
    for key, part in df.groupby(series, sort=False):
        traces.append({
            "type": "bar",
            "x": values(part[x].astype(int)),
            "y": values(pd.to_numeric(part[y]).astype(float)),
            "name": plain(part[series_label].iloc[0]),
            "text": values(part[text]),
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": values(part[hover]),
            "hovertemplate": "%{hovertext}<extra></extra>",
            "textfont": {"size": 14, "color": INK},
            "constraintext": "none",
            "marker": {
                "color": colours.get(str(key), OTHER_COLOUR),
                "line": {"color": colours.get(str(key), OTHER_COLOUR), "width": 1.5},
                "pattern": {"shape": patterns.get(str(key), ""), "fgcolor": "white", "solidity": 0.3},
            },
        })
    top = float(pd.to_numeric(df[y]).max()) if len(df) else 1.0
    tickvals, ticktext = amount_ticks(top, unit, lang)
    years = pd.to_numeric(df[x]).astype(int) if len(df) else pd.Series([2000])
    layout = merge(
        base_layout(lang, height=380, legend=True),
        {
            "barmode": "group",
            "bargap": 0.25,
            "bargroupgap": 0.08,
            "xaxis": {
                "tickmode": "linear",
                "dtick": 1,
                "tickformat": "d",
                "ticks": "",
                "range": [int(years.min()) - 0.6, int(years.max()) + 0.6],
                "tickfont": {"size": 14, "color": INK},
            },
            "yaxis": {"range": [0, top * 1.2], "tickvals": tickvals, "ticktext": ticktext, "showgrid": True},
        },
    )
    return spec(traces, layout)


def _legend_swatch(name: str, marker: dict, y: list) -> dict:
    """An empty bar that only puts `name` with its `marker` in the legend."""
    return {"type": "bar", "x": [None], "base": [None], "y": y, "orientation": "h", "name": name,
            "marker": marker, "hoverinfo": "skip", "showlegend": True}


def open_timeline(
    df: pd.DataFrame,
    *,
    label: str,
    start: str,
    end: str,
    colour_key: str,
    colour_label: str,
    hover: str,
    colours: dict[str, str],
    open_label: str,
    lang: str = "da",
) -> dict:
    """Bars from start to end year (inclusive), one colour per form, first row on top. A row without an end
    year draws only its start year, hatched, and the legend says what hatching means; nothing is extended
    to a year the data does not give. Years are on top (read first); the legend is below."""
    rows = df.iloc[::-1]
    traces = []
    is_open = rows[end].isna()
    # One trace per form and kind of bar (closed or open), not one per row: fewer traces draw faster.
    for (key, open_end), part in rows.groupby([rows[colour_key].astype(str), is_open], sort=False):
        colour = colours.get(key, OTHER_COLOUR)
        s = part[start].astype(int)
        width = pd.Series(1, index=part.index) if open_end else part[end].astype(int) - s + 1
        marker = {"color": colour, "line": {"color": colour, "width": 1.5}}
        if open_end:
            marker = {
                "color": "white",
                "line": {"color": colour, "width": 1.5},
                "pattern": {"shape": "/", "fgcolor": colour, "bgcolor": "white", "solidity": 0.45},
            }
        traces.append({
            "type": "bar",
            "x": values(width),
            "base": values(s),
            "y": values(part[label]),
            "orientation": "h",
            "marker": marker,
            "showlegend": False,
            "hovertext": values(part[hover]),
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    # Legend: one solid swatch per form, in order of first appearance from the top, then the hatching key.
    legend_rows = df.drop_duplicates(colour_key)
    first_label = values(df[label].iloc[:1])
    for _, row in legend_rows.iterrows():
        colour = colours.get(str(row[colour_key]), OTHER_COLOUR)
        traces.append(_legend_swatch(plain(row[colour_label]), {"color": colour}, first_label))
    if rows[end].isna().any():
        traces.append(_legend_swatch(open_label, {
            "color": "white",
            "line": {"color": MUTED, "width": 1.5},
            "pattern": {"shape": "/", "fgcolor": MUTED, "bgcolor": "white", "solidity": 0.45},
        }, first_label))
    # Legend entries flow in rows under the plot; estimate its height from the label lengths.
    entries = [str(v) for v in legend_rows[colour_label]] + [open_label]
    legend_rows_est = max(1, -(-sum(8 * len(e) + 46 for e in entries) // 620))
    plot_height = 30 * len(rows) + 60
    legend_height = 24 * legend_rows_est + 30
    first = int(rows[start].min()) if len(rows) else 2000
    last = int(pd.concat([rows[start], rows[end].dropna()]).max()) + 1 if len(rows) else 2001
    layout = merge(
        base_layout(lang, height=max(300, plot_height + legend_height), legend=True),
        {
            "barmode": "overlay",
            "bargap": 0.3,
            "margin": {"t": 40, "b": legend_height},
            "legend": {
                "orientation": "h",
                "yanchor": "top",
                "y": -10 / plot_height,
                "x": 0,
                "xanchor": "left",
                "font": {"size": 14},
                "traceorder": "normal",
            },
            "xaxis": {
                "showgrid": True,
                "dtick": 2,
                "tickformat": "d",
                "range": [first - 0.5, last + 0.5],
                "side": "top",
                "tickfont": {"size": 14, "color": INK},
            },
            "yaxis": {
                "ticks": "",
                "showgrid": False,
                "type": "category",
                "tickfont": {"size": 13, "color": INK},
                "categoryorder": "array",
                "categoryarray": values(rows[label]),
            },
        },
    )
    return spec(traces, layout)
