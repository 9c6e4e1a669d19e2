"""FROZEN REFERENCE (see tests/reference_figures/__init__.py): the `figure(data, lang)` functions of
components/charts_*.py as they were when they returned go.Figure, copied verbatim; `fg` is the frozen
tests/reference_figures/figures.py. Do not edit. `REFERENCE[chart_id]` is the reference of a registered chart."""

from __future__ import annotations

import plotly.graph_objects as go

from charts.registry import ChartData
from i18n import format as fmt
from i18n.text import t
from tests.reference_figures import figures as fg


# ------------------------------------------------------------------ charts_overview
def count_figure(data: ChartData, lang: str):
    return fg.hbar(
        data.frame,
        label="name",
        value="n",
        text="text",
        colours=list(data.frame["colour"]),
        axis_title=t("label.count", lang),
        lang=lang,
    )


def figure_by_year(data: ChartData, lang: str):
    return fg.columns(data.frame, x="year", y="n", text="text", axis_title=t("label.count", lang), lang=lang)


# ------------------------------------------------------------------ charts_impact
def effect_figure(data: ChartData, lang: str):
    df = data.frame
    scale = 1e6 if data.extra["money"] else 1
    plot = df.assign(v=df["value"] / scale)
    colour = fg.REALISED_COLOUR if data.extra["measure"].startswith("realised") else fg.EXPECTED_COLOUR
    axis = t(f"label.{data.extra['measure']}", lang)
    if data.extra["money"]:
        axis = t("regions.mio_kr", lang, measure=axis)
    return fg.hbar(plot, label="label", value="v", text="text", colours=colour, axis_title=axis, lang=lang)


def ratios_figure(data: ChartData, lang: str):
    return fg.hbar(
        data.frame,
        label="label",
        value="value",
        text="text",
        colours=fg.EXPECTED_COLOUR,
        axis_title=t("impact.per_mio", lang),
        lang=lang,
    )


def realised_figure(data: ChartData, lang: str):
    df = data.frame
    fig = go.Figure(
        go.Table(
            columnwidth=[3, 2.2, 1, 1.4],
            header={
                "values": [
                    t("label.name", lang),
                    t("label.measure", lang),
                    t("label.period", lang),
                    t("label.value", lang),
                ],
                "fill_color": "#eef2f6",
                "align": "left",
                "font": {"size": 14, "color": fg.INK, "family": fg.FONT},
                "height": 32,
            },
            cells={
                "values": [df["entity"], df["measure"], df["period"], df["text"]],
                "align": "left",
                "font": {"size": 14, "color": fg.INK, "family": fg.FONT},
                "height": 44,
                "fill_color": "white",
                "line_color": fg.GRID,
            },
        )
    )
    fg.base_layout(fig, lang, height=70 + 56 * len(df))
    return fig


# ------------------------------------------------------------------ charts_regions
MAP_MEASURES = {
    "count": ("regions-map-count", "label.count"),
    "contract_value": ("regions-map-contract-value", "label.contract_value"),
    "public_funding": ("regions-map-public-funding", "label.public_funding"),
    "per_100k": ("regions-map-per-100k", "regions.per_100k_count"),
}


def map_figure(data: ChartData, lang: str):
    measure = data.extra["measure"]
    title = t(MAP_MEASURES[measure][1], lang) if measure in ("count", "per_100k") else t(f"label.{measure}", lang)
    df = data.frame.copy()
    if measure in ("contract_value", "public_funding"):
        df["value"] = df["value"] / 1e6  # colour scale in mio. kr.
        title = t("regions.mio_kr", lang, measure=title)
    return fg.choropleth(
        df,
        geojson_path=data.extra["geojson"],
        geojson_url=data.extra.get("geojson_url"),
        key="key",
        value="value",
        name="name",
        text="text",
        colorbar_title=title,
        lang=lang,
    )


def vs_national_figure(data: ChartData, lang: str):
    national = data.extra["national"]
    return fg.bars_with_reference(
        data.frame,
        label="name",
        value="per_100k",
        text="text",
        colours=list(data.frame["colour"]),
        reference=national,
        reference_label=f"{t('label.national_avg', lang)}: {fmt.number(national, lang, 1, fixed=True)}",
        axis_title=t("label.per_100k", lang),
        lang=lang,
    )


# ------------------------------------------------------------------ charts_sectors
def sector_form_figure(data: ChartData, lang: str):
    return fg.stacked_hbar(
        data.frame,
        label="sector",
        stack="form_id",
        stack_label="form",
        value="n",
        colours=fg.FORM_COLOURS,
        axis_title=t("label.count", lang),
        lang=lang,
        order=data.extra["order"],
    )


def value_figure(data: ChartData, lang: str):
    df = data.frame.assign(mio=data.frame["value"] / 1e6)
    return fg.hbar(
        df,
        label="name",
        value="mio",
        text="text",
        colours=list(df["colour"]),
        axis_title=t("regions.mio_kr", lang, measure=t(f"label.{data.extra['measure']}", lang)),
        lang=lang,
    )


# ------------------------------------------------------------------ charts_programmes
def figure_timeline(data: ChartData, lang: str):
    return fg.open_timeline(data.frame, label="label", start="start_year", end="end_year", colour_key="form_id",
                            colour_label="form", hover="hover", colours=fg.FORM_COLOURS,
                            open_label=t("programmes.legend.open_end", lang), lang=lang)


def figure_opp_pool(data: ChartData, lang: str):
    df = data.frame.assign(label=lambda d: d["year"].astype(str))
    colours = [fg.FORM_COLOURS["opp"]] * len(df)
    return fg.amount_hbar(df, label="label", value="amount", text="text", hover="hover", colours=colours, unit="DKK",
                          lang=lang, headroom=1.3)


def figure_shares(data: ChartData, lang: str):
    df = data.frame.assign(name_shown=[fg.plain(n) for n in data.frame["name"]])  # data text, escaped for plotly
    return fg.amount_hbar(df, label="name_shown", value="amount", text="text", hover="hover",
                          colours=list(df["colour"]), unit="DKK", lang=lang, headroom=1.35)


def figure_members(data: ChartData, lang: str):
    df = data.frame
    return fg.hbar(df, label="label", value="n", text="text", hover="hover", colours=fg.ACCENT,
                   axis_title=t("programmes.label.n_members", lang), lang=lang)


# ------------------------------------------------------------------ charts_spending
MEASURE_COLOURS = {"accounts": fg.ACCENT, "budget": "#7fb2d1"}
MEASURE_PATTERNS = {"accounts": "", "budget": "/"}


def figure_amount_rows(data: ChartData, lang: str):
    df = data.frame
    return fg.amount_hbar(df, label="label", value="amount", text="text", hover="hover", colours=list(df["colour"]),
                          unit="DKK", lang=lang, headroom=float(data.extra.get("headroom", 1.5)))


def figure_health_by_year(data: ChartData, lang: str):
    # Two bars share a year: the amount goes on two lines ('114' / 'mia. kr.') so neighbours never overlap.
    df = data.frame.assign(text_lines=[str(x).replace(" ", "<br>", 1) for x in data.frame["text"]])
    return fg.year_series_columns(df, x="year", y="amount", series="measure", series_label="label",
                                  text="text_lines", hover="hover", colours=MEASURE_COLOURS, patterns=MEASURE_PATTERNS,
                                  unit="DKK", lang=lang)


def figure_medicines(data: ChartData, lang: str):
    return fg.amount_columns(data.frame, x="label", y="amount", text="text", hover="hover", unit="DKK", lang=lang)


# The registered charts (components/registry.CHARTS at the time) and their reference figure functions.
REFERENCE = {
    "programmes-timeline": figure_timeline,
    "programmes-opp-pool": figure_opp_pool,
    "programmes-sygehuspartnerskabet-shares": figure_shares,
    "programmes-medicoindkoeb-members": figure_members,
    "spending-regions-health": figure_amount_rows,
    "spending-health-by-year": figure_health_by_year,
    "spending-medicines": figure_medicines,
    "spending-procurement": figure_amount_rows,
    "spending-health-it": figure_amount_rows,
    "projects-by-region": count_figure,
    "projects-by-sector": count_figure,
    "projects-by-form": count_figure,
    "projects-by-start-year": figure_by_year,
    "expected-jobs": effect_figure,
    "expected-turnover": effect_figure,
    "effects-per-mio-granted": ratios_figure,
    "realised-effects": realised_figure,
    "regions-map-count": map_figure,
    "regions-map-contract-value": map_figure,
    "regions-map-public-funding": map_figure,
    "regions-map-per-100k": map_figure,
    "regions-vs-national": vs_national_figure,
    "sector-by-form": sector_form_figure,
    "contract-value-by-sector": value_figure,
    "public-funding-by-form": value_figure,
}
