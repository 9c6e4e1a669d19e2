"""Figure builders: pure functions, a tidy DataFrame (and language) in, a go.Figure out.

They never read files, the URL or the dataset; they only draw what they are given. Colours are
fixed per region and per form (colour-blind-safe, Okabe-Ito based) so a region or form has the
same colour in every chart.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from components.format import PLOTLY_SEPARATORS

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
    "DK": "#5f6b77",    # all regions / national, grey
    "SE": "#D55E00", "SE-AB": "#D55E00", "SE-O": "#D55E00",  # Sweden, vermillion
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


def base_layout(fig: go.Figure, lang: str, *, height: int = 360, legend: bool = False) -> go.Figure:
    fig.update_layout(
        template="simple_white",
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
    fig.update_yaxes(gridcolor=GRID, linecolor="#9aa5b1", tickfont={"color": MUTED}, title_font={"color": MUTED},
                     automargin=True)
    return fig


def hbar(df: pd.DataFrame, *, label: str, value: str, text: str, colours: list[str] | str = ACCENT,
         axis_title: str = "", hover: str | None = None, lang: str = "da") -> go.Figure:
    """Horizontal bars, largest on top, each labelled with its formatted value."""
    df = df.iloc[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure(go.Bar(
        x=df[value], y=df[label], orientation="h", text=df[text], textposition="outside", cliponaxis=False,
        marker={"color": list(colours)[::-1] if isinstance(colours, list) else colours},
        hovertext=df[hover] if hover else df[text], hovertemplate="%{y}: %{hovertext}<extra></extra>",
    ))
    base_layout(fig, lang, height=max(220, 48 * len(df) + 60))
    fig.update_xaxes(title_text=axis_title, showgrid=True, rangemode="tozero", zeroline=False)
    fig.update_yaxes(showgrid=False, ticks="")
    fig.update_xaxes(range=[0, float(df[value].max() or 1) * 1.22])
    return fig


def columns(df: pd.DataFrame, *, x: str, y: str, text: str, axis_title: str = "", lang: str = "da",
            colour: str = ACCENT) -> go.Figure:
    """Vertical columns along a (year) axis."""
    fig = go.Figure(go.Bar(x=df[x], y=df[y], text=df[text], textposition="outside", cliponaxis=False,
                           marker={"color": colour}, hovertemplate="%{x}: %{text}<extra></extra>"))
    base_layout(fig, lang, height=340)
    fig.update_xaxes(type="category", ticks="")
    fig.update_yaxes(title_text=axis_title, rangemode="tozero", showgrid=True)
    fig.update_yaxes(range=[0, float(df[y].max() or 1) * 1.2])
    return fig


def stacked_hbar(df: pd.DataFrame, *, label: str, stack: str, stack_label: str, value: str,
                 colours: dict[str, str], axis_title: str = "", lang: str = "da",
                 order: list[str] | None = None) -> go.Figure:
    """Horizontal bars per `label`, stacked by `stack` (one colour per stack key)."""
    order = order or list(df.groupby(label)[value].sum().sort_values().index)
    fig = go.Figure()
    for key, part in df.groupby(stack, sort=False):
        part = part.set_index(label).reindex(order)
        fig.add_bar(x=part[value], y=order, orientation="h", name=str(part[stack_label].dropna().iloc[0]),
                    marker={"color": colours.get(str(key), "#a9b3bd")},
                    hovertemplate="%{y} · %{fullData.name}: %{x}<extra></extra>")
    base_layout(fig, lang, height=max(260, 44 * len(order) + 110), legend=True)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=axis_title, showgrid=True, rangemode="tozero")
    fig.update_yaxes(ticks="", showgrid=False)
    return fig


@lru_cache(maxsize=4)
def _geojson(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def choropleth(df: pd.DataFrame, *, geojson_path: str, key: str, value: str, name: str, text: str,
               colorbar_title: str, lang: str = "da") -> go.Figure:
    """The five regions on a map without tiles (works offline); Bornholm included."""
    gj = _geojson(str(geojson_path))
    fig = go.Figure(go.Choropleth(
        geojson=gj, locations=df[key], z=df[value].astype(float), featureidkey="id",
        colorscale=[[0, "#e8f1f8"], [1, "#0b4f7c"]], zmin=0,
        marker={"line": {"color": "white", "width": 1.2}},
        text=df[name], customdata=df[text],
        hovertemplate="%{text}: %{customdata}<extra></extra>",
        colorbar={"title": {"text": colorbar_title, "side": "right"}, "thickness": 14, "len": 0.8,
                  "tickfont": {"color": MUTED}},
    ))
    base_layout(fig, lang, height=460)
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="white")
    return fig


def bars_with_reference(df: pd.DataFrame, *, label: str, value: str, text: str, colours: list[str],
                        reference: float, reference_label: str, axis_title: str, lang: str = "da") -> go.Figure:
    """Horizontal bars with a vertical reference line (e.g. the national average)."""
    fig = hbar(df, label=label, value=value, text=text, colours=colours, axis_title=axis_title, lang=lang)
    fig.add_vline(x=reference, line={"color": INK, "dash": "dash", "width": 1.5})
    fig.add_annotation(x=reference, y=1.0, yref="paper", yanchor="bottom", text=reference_label, showarrow=False,
                       font={"color": INK, "size": 13}, xanchor="left", xshift=4)
    fig.update_layout(margin={"t": 28})
    upper = max(float(df[value].max() or 0), reference) * 1.25
    fig.update_xaxes(range=[0, upper or 1])
    return fig


def timeline(df: pd.DataFrame, *, label: str, start: str, end: str, colour_key: str, colour_label: str,
             hover: str, colours: dict[str, str], lang: str = "da") -> go.Figure:
    """Gantt-like bars from start to end year (inclusive); one colour per form."""
    df = df.iloc[::-1]
    fig = go.Figure()
    shown: set[str] = set()
    for _, row in df.iterrows():
        key = str(row[colour_key])
        fig.add_bar(
            x=[int(row[end]) - int(row[start]) + 1], base=[int(row[start])], y=[row[label]], orientation="h",
            marker={"color": colours.get(key, "#a9b3bd")}, name=str(row[colour_label]),
            legendgroup=key, showlegend=key not in shown, hovertext=[row[hover]],
            hovertemplate="%{y}<br>%{hovertext}<extra></extra>",
        )
        shown.add(key)
    base_layout(fig, lang, height=max(280, 34 * len(df) + 120), legend=True)
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(showgrid=True, dtick=2, tickformat="d")
    fig.update_yaxes(ticks="", showgrid=False, type="category")
    return fig
