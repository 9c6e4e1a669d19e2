"""FROZEN REFERENCE (see tests/reference_figures/__init__.py): components/figures.py as it was when
the builders returned go.Figure. Do not edit.

Figure builders: pure functions, a tidy DataFrame (and language) in, a go.Figure out.

They never read files, the URL or the dataset; they only draw what they are given. Colours are
fixed per region and per form (colour-blind-safe, Okabe-Ito based) so a region or form has the
same colour in every chart.
"""

from __future__ import annotations

import json
import textwrap
from functools import lru_cache
from pathlib import Path

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
    "not_stated": "#a9b3bd",
}
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


def base_layout(fig: go.Figure, lang: str, *, height: int = 360, legend: bool = False) -> go.Figure:
    fig.update_layout(
        separators=PLOTLY_SEPARATORS.get(lang, ",."),
        font={"family": FONT, "size": 14, "color": INK},
        margin={"l": 8, "r": 16, "t": 8, "b": 8},
        height=height,
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT, "size": 14}, "bgcolor": "white"},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    fig.update_xaxes(gridcolor=GRID, linecolor="#9aa5b1", tickfont={"color": MUTED}, title_font={"color": MUTED})
    fig.update_yaxes(
        gridcolor=GRID, linecolor="#9aa5b1", tickfont={"color": MUTED}, title_font={"color": MUTED}, automargin=True
    )
    return fig


def plain(text) -> str:
    """Data text for plotly, which reads a subset of HTML (<b>, <br>, <a>, entities) in labels and
    hover texts: escaped, so a name like '<b>x</b>' shows literally."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
) -> go.Figure:
    """Horizontal bars, largest on top, each labelled with its formatted value."""
    df = df.iloc[::-1]  # plotly draws the first category at the bottom
    labels = [wrap(x) for x in df[label]]
    fig = go.Figure(
        go.Bar(
            x=df[value],
            y=labels,
            orientation="h",
            text=df[text],
            textposition="outside",
            cliponaxis=False,
            marker={"color": list(colours)[::-1] if isinstance(colours, list) else colours},
            hovertext=df[hover] if hover else df[text],
            hovertemplate="%{y}: %{hovertext}<extra></extra>",
        )
    )
    lines = sum(str(x).count("<br>") + 1 for x in labels)
    base_layout(fig, lang, height=max(220, 30 * lines + 22 * len(df) + 70))
    fig.update_xaxes(title_text=axis_title, showgrid=True, rangemode="tozero", zeroline=False)
    fig.update_yaxes(showgrid=False, ticks="")
    fig.update_xaxes(range=[0, float(df[value].max() or 1) * headroom(df[text])])
    return fig


def columns(
    df: pd.DataFrame, *, x: str, y: str, text: str, axis_title: str = "", lang: str = "da", colour: str = ACCENT
) -> go.Figure:
    """Vertical columns along a (year) axis."""
    fig = go.Figure(
        go.Bar(
            x=df[x],
            y=df[y],
            text=df[text],
            textposition="outside",
            cliponaxis=False,
            marker={"color": colour},
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    base_layout(fig, lang, height=340)
    fig.update_xaxes(type="category", ticks="")
    fig.update_yaxes(title_text=axis_title, rangemode="tozero", showgrid=True)
    fig.update_yaxes(range=[0, float(df[y].max() or 1) * 1.2])
    return fig


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
) -> go.Figure:
    """Horizontal bars per `label`, stacked by `stack` (one colour per stack key)."""
    order = order or list(df.groupby(label)[value].sum().sort_values().index)
    fig = go.Figure()
    for key, part in df.groupby(stack, sort=False):
        part = part.set_index(label).reindex(order)
        fig.add_bar(
            x=part[value],
            y=[plain(o) for o in order],
            orientation="h",
            name=plain(part[stack_label].dropna().iloc[0]),
            marker={"color": colours.get(str(key), "#a9b3bd")},
            hovertemplate="%{y} · %{fullData.name}: %{x}<extra></extra>",
        )
    base_layout(fig, lang, height=max(260, 44 * len(order) + 110), legend=True)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=axis_title, showgrid=True, rangemode="tozero")
    fig.update_yaxes(ticks="", showgrid=False)
    return fig


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
) -> go.Figure:
    """The five regions on a map without tiles (works offline); Bornholm included. With
    `geojson_url` the browser fetches the boundaries from there (once, cacheable) instead of getting
    them inside the figure (~210 KB); the label points are computed from `geojson_path` either way."""
    z = df[value].astype(float)
    fig = go.Figure(
        go.Choropleth(
            geojson=geojson_url or _geojson(str(geojson_path)),
            locations=df[key],
            z=z,
            featureidkey="id",
            colorscale=[[0, "#e8f1f8"], [1, "#0b4f7c"]],
            zauto=False,
            zmin=0,
            zmax=float(z.max() or 1),
            marker={"line": {"color": "white", "width": 1.2}},
            text=[plain(n) for n in df[name]],
            customdata=df[text],
            hovertemplate="%{text}: %{customdata}<extra></extra>",
            colorbar={
                "title": {"text": colorbar_title, "side": "right"},
                "thickness": 14,
                "len": 0.8,
                "tickfont": {"color": MUTED},
            },
        )
    )
    points = _label_points(str(geojson_path))
    lon = [points[k][0] for k in df[key]]
    lat = [points[k][1] for k in df[key]]
    dark = [v > 0.55 * float(z.max() or 1) for v in z.fillna(0)]
    fig.add_trace(
        go.Scattergeo(
            lon=lon,
            lat=lat,
            text=df[text],
            mode="text",
            hoverinfo="skip",
            textfont={"size": 15, "color": ["white" if d else INK for d in dark], "family": FONT},
        )
    )
    base_layout(fig, lang, height=460)
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="white")
    return fig


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
) -> go.Figure:
    """Horizontal bars with a vertical reference line (e.g. the national average)."""
    fig = hbar(df, label=label, value=value, text=text, colours=colours, axis_title=axis_title, lang=lang)
    fig.add_vline(x=reference, line={"color": INK, "dash": "dash", "width": 1.5})
    fig.add_annotation(
        x=reference,
        y=1.0,
        yref="paper",
        yanchor="bottom",
        text=reference_label,
        showarrow=False,
        font={"color": INK, "size": 13},
        xanchor="left",
        xshift=4,
    )
    fig.update_layout(margin={"t": 28})
    upper = max(float(df[value].max() or 0), reference) * headroom(df[text])
    fig.update_xaxes(range=[0, upper or 1])
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
) -> go.Figure:
    """Horizontal bars of amounts in the given row order (first row on top), each labelled with its
    formatted value; a missing amount draws no bar, only its text (e.g. 'ikke oplyst')."""
    df = df.iloc[::-1]
    values = pd.to_numeric(df[value], errors="coerce").astype(float)
    colour_list = list(colours)[::-1] if isinstance(colours, list) else colours
    fig = go.Figure(
        go.Bar(
            x=values.fillna(0),
            y=df[label],
            orientation="h",
            text=df[text],
            textposition="outside",
            cliponaxis=False,
            marker={"color": colour_list},
            hovertext=df[hover],
            hovertemplate="%{hovertext}<extra></extra>",
            textfont={"size": 15, "color": INK},
            constraintext="none",
        )
    )
    lines = max(str(v).count("<br>") for v in df[label]) + 1 if len(df) else 1
    base_layout(fig, lang, height=max(200, (40 + 16 * lines) * len(df) + 40))
    top = float(values.max()) if values.notna().any() else 1.0
    # Every bar carries its value, so the value axis has no tick labels to compete with them.
    fig.update_xaxes(
        range=[0, top * headroom], showticklabels=False, showgrid=False, zeroline=False, ticks="", showline=False
    )
    fig.update_layout(bargap=0.3)
    fig.update_yaxes(showgrid=False, ticks="", type="category", tickfont={"size": 14, "color": INK})
    return fig


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
) -> go.Figure:
    """Vertical columns of amounts on a categorical axis (years or periods, in the given order); a missing
    amount draws no column, only its text (e.g. 'ikke oplyst')."""
    values = pd.to_numeric(df[y], errors="coerce").astype(float)
    fig = go.Figure(
        go.Bar(
            x=df[x].astype(str),
            y=values.fillna(0),
            text=df[text],
            textposition="outside",
            cliponaxis=False,
            marker={"color": list(colours) if isinstance(colours, list) else colours},
            hovertext=df[hover],
            hovertemplate="%{hovertext}<extra></extra>",
            textfont={"size": 14, "color": INK},
            constraintext="none",
        )
    )
    base_layout(fig, lang, height=height)
    top = float(values.max()) if values.notna().any() else 1.0
    tickvals, ticktext = amount_ticks(top, unit, lang)
    fig.update_xaxes(type="category", ticks="", tickfont={"size": 14, "color": INK})
    fig.update_yaxes(range=[0, top * 1.22], tickvals=tickvals, ticktext=ticktext, showgrid=True)
    return fig


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
) -> go.Figure:
    """Grouped columns per year (numeric axis, one tick per year, missing years left empty), one series
    per `series` key with its own colour (and fill pattern, so the series stay apart in grey print).
    Columns, not lines: a line would draw values between reported years."""
    patterns = patterns or {}
    fig = go.Figure()
    for key, part in df.groupby(series, sort=False):
        fig.add_bar(
            x=part[x].astype(int),
            y=pd.to_numeric(part[y]).astype(float),
            name=plain(part[series_label].iloc[0]),
            text=part[text],
            textposition="outside",
            cliponaxis=False,
            hovertext=part[hover],
            hovertemplate="%{hovertext}<extra></extra>",
            textfont={"size": 14, "color": INK},
            constraintext="none",
            marker={
                "color": colours.get(str(key), ACCENT),
                "line": {"color": colours.get(str(key), ACCENT), "width": 1.5},
                "pattern": {"shape": patterns.get(str(key), ""), "fgcolor": "white", "solidity": 0.3},
            },
        )
    base_layout(fig, lang, height=380, legend=True)
    top = float(pd.to_numeric(df[y]).max()) if len(df) else 1.0
    tickvals, ticktext = amount_ticks(top, unit, lang)
    years = pd.to_numeric(df[x]).astype(int) if len(df) else pd.Series([2000])
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.08)
    fig.update_xaxes(
        tickmode="linear",
        dtick=1,
        tickformat="d",
        ticks="",
        range=[years.min() - 0.6, years.max() + 0.6],
        tickfont={"size": 14, "color": INK},
    )
    fig.update_yaxes(range=[0, top * 1.2], tickvals=tickvals, ticktext=ticktext, showgrid=True)
    return fig


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
) -> go.Figure:
    """Bars from start to end year (inclusive), one colour per form, first row on top. A row without an end
    year draws only its start year, hatched, and the legend says what hatching means; nothing is extended
    to a year the data does not give. Years are on top (read first); the legend is below."""
    rows = df.iloc[::-1]
    fig = go.Figure()
    is_open = rows[end].isna()
    # One trace per form and kind of bar (closed or open), not one per row: fewer traces draw faster.
    for (key, open_end), part in rows.groupby([rows[colour_key].astype(str), is_open], sort=False):
        colour = colours.get(key, "#a9b3bd")
        s = part[start].astype(int)
        width = pd.Series(1, index=part.index) if open_end else part[end].astype(int) - s + 1
        marker = {"color": colour, "line": {"color": colour, "width": 1.5}}
        if open_end:
            marker = {
                "color": "white",
                "line": {"color": colour, "width": 1.5},
                "pattern": {"shape": "/", "fgcolor": colour, "bgcolor": "white", "solidity": 0.45},
            }
        fig.add_bar(
            x=list(width),
            base=list(s),
            y=list(part[label]),
            orientation="h",
            marker=marker,
            showlegend=False,
            hovertext=list(part[hover]),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    # Legend: one solid swatch per form, in order of first appearance from the top, then the hatching key.
    legend_rows = df.drop_duplicates(colour_key)
    for _, row in legend_rows.iterrows():
        colour = colours.get(str(row[colour_key]), "#a9b3bd")
        fig.add_bar(
            x=[None],
            base=[None],
            y=[df[label].iloc[0]],
            orientation="h",
            name=plain(row[colour_label]),
            marker={"color": colour},
            hoverinfo="skip",
            showlegend=True,
        )
    if rows[end].isna().any():
        fig.add_bar(
            x=[None],
            base=[None],
            y=[df[label].iloc[0]],
            orientation="h",
            name=open_label,
            marker={
                "color": "white",
                "line": {"color": MUTED, "width": 1.5},
                "pattern": {"shape": "/", "fgcolor": MUTED, "bgcolor": "white", "solidity": 0.45},
            },
            hoverinfo="skip",
            showlegend=True,
        )
    # Legend entries flow in rows under the plot; estimate its height from the label lengths.
    entries = [str(v) for v in legend_rows[colour_label]] + [open_label]
    legend_rows_est = max(1, -(-sum(8 * len(e) + 46 for e in entries) // 620))
    plot_height = 30 * len(rows) + 60
    legend_height = 24 * legend_rows_est + 30
    base_layout(fig, lang, height=max(300, plot_height + legend_height), legend=True)
    first = int(rows[start].min()) if len(rows) else 2000
    last = int(pd.concat([rows[start], rows[end].dropna()]).max()) + 1 if len(rows) else 2001
    fig.update_layout(
        barmode="overlay",
        bargap=0.3,
        margin={"t": 40, "b": legend_height},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -10 / plot_height,
            "x": 0,
            "xanchor": "left",
            "font": {"size": 14},
            "traceorder": "normal",
        },
    )
    fig.update_xaxes(
        showgrid=True,
        dtick=2,
        tickformat="d",
        range=[first - 0.5, last + 0.5],
        side="top",
        tickfont={"size": 14, "color": INK},
    )
    fig.update_yaxes(
        ticks="",
        showgrid=False,
        type="category",
        tickfont={"size": 13, "color": INK},
        categoryorder="array",
        categoryarray=list(rows[label]),
    )
    return fig
