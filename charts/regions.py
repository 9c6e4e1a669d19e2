"""Charts of the five Danish regions: the map (one chart per measure) and each region against
the national average."""

from __future__ import annotations

import dash
import pandas as pd

from charts import figures as fg
from charts.overview import bound_notes, multi_region_note, project_sources
from charts.registry import Chart, ChartData, Column, register
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import geometry_attribution, name_col, t

# The region boundaries are served by the app at {prefix}geo/regions.geojson?v=<data version>
# (server/geo.py); the map figure refers to that URL rather than carrying them.
GEO_PATH = "geo/"
REGIONS_FILE = "regions.geojson"


def region_geojson_url(ds: Dataset) -> str | None:
    """Where the browser fetches the region boundaries of `ds` (with the URL prefix); None outside
    a Dash app (no route serves them then: the figure carries them)."""
    try:
        path = dash.get_relative_path(f"/{GEO_PATH}{REGIONS_FILE}")
    except AttributeError:  # dash.get_app() has no configured app (e.g. building charts in a script)
        return None
    return f"{path}?v={ds.version}"


DK_REGIONS = ("1081", "1082", "1083", "1084", "1085")
# measure id in the URL (?measure=...) -> (chart_id, message key of the measure)
MAP_MEASURES = {
    "count": ("regions-map-count", "label.count"),
    "contract_value": ("regions-map-contract-value", "label.contract_value"),
    "public_funding": ("regions-map-public-funding", "label.public_funding"),
    "per_100k": ("regions-map-per-100k", "regions.per_100k_count"),
}


def _map_notes(ds: Dataset, f: Filters, lang: str, measure: str | None, bounds) -> tuple[str, ...]:
    # The selected projects in a Danish region (first or second), those of them reporting the
    # measure, and those in none.
    regional, reported, outside, _ = q.region_counts(ds, f, DK_REGIONS, measure)
    notes = list(multi_region_note(ds, f, lang))
    if outside:
        notes.append(t("regions.outside_note", lang, n=outside))
    if measure:
        notes.append(
            t(
                "card.coverage",
                lang,
                measure=t(f"label.{measure}", lang),
                reported=reported,
                total=regional,
            )
        )
        notes += bound_notes(bounds, lang)
    notes.append(t("regions.population_note", lang))
    notes.append(geometry_attribution(ds, lang))
    return tuple(n for n in notes if n)


def map_build(measure: str):
    def build(ds: Dataset, f: Filters, lang: str) -> ChartData:
        if measure == "count":
            df = q.per_100k(ds, f, "count").assign(unit=pd.NA, bound="exact")
            df["text"] = [fmt.number(v, lang) for v in df["value"]]
            columns = (Column("name", "label.region"), Column("value", "label.count", "int"))
        elif measure == "per_100k":
            df = q.per_100k(ds, f, "count").assign(unit=pd.NA, bound="exact")
            df["value"] = df["per_100k"]
            df["text"] = [fmt.number(v, lang, 1, fixed=True) for v in df["value"]]
            columns = (
                Column("name", "label.region"),
                Column("value", "label.per_100k", "number"),
                Column("population", "label.population", "int"),
                Column("population_year", "label.year", "year"),
            )
        else:
            df = q.per_100k(ds, f, measure).copy()  # cached frame: never modify it in place
            df["text"] = [
                fmt.money(v, "DKK", lang, b) if not fmt.is_missing(v) else t("value.not_reported", lang)
                for v, b in zip(df["value"], df["bound"], strict=True)
            ]
            df["unit"] = df["unit"].fillna("DKK")
            columns = (
                Column("name", "label.region"),
                Column("value", f"label.{measure}", "money", unit_col="unit", bound_col="bound"),
                Column("reported", "label.reported", "int"),
                Column("projects", "label.projects", "int"),
            )
        df["name"] = df[name_col(lang)]
        frame = df.sort_values("value", ascending=False, na_position="last").reset_index(drop=True)
        all_missing = frame["value"].isna().all() or (measure != "count" and (frame["value"].fillna(0) == 0).all())
        if all_missing or (measure in ("count", "per_100k") and frame["value"].fillna(0).sum() == 0):
            frame = frame.iloc[0:0]
        sources = set(project_sources(ds, f)) | ({"S057"} if measure == "per_100k" else set())
        notes = _map_notes(
            ds, f, lang, measure if measure in ("contract_value", "public_funding") else None, frame["bound"]
        )
        geojson = str(ds.directory / ds.descriptor["geometry"]["path"])
        extra = {"measure": measure, "geojson": geojson, "geojson_url": region_geojson_url(ds)}
        return ChartData(frame, columns, tuple(sorted(sources)), notes, extra)

    return build


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


def map_summary(data: ChartData, lang: str) -> str:
    df = data.frame.dropna(subset=["value"])
    top, low = df.iloc[0], df.iloc[-1]
    return t(
        f"regions.summary_{data.extra['measure']}",
        lang,
        top=top["name"],
        top_value=top["text"],
        low=low["name"],
        low_value=low["text"],
    )


for _measure, (_chart_id, _label) in MAP_MEASURES.items():
    register(
        Chart(_chart_id, f"chart.regions_map_{_measure}", map_build(_measure), map_figure, map_summary, page="/regions",
              order=1, width=7, choice=("measure", _measure))
    )


# ------------------------------------------------------------------ each region vs the national average
def vs_national_build(ds: Dataset, f: Filters, lang: str) -> ChartData:
    df = q.per_100k(ds, f, "count").copy()
    df["name"] = df[name_col(lang)]
    regional = q.region_counts(ds, f, DK_REGIONS)[0]  # selected projects in a Danish region
    population = ds["regions"].set_index("region_code").loc["DK", "population"]
    national = regional / float(population) * 100_000
    df["text"] = [fmt.number(v, lang, 1, fixed=True) for v in df["per_100k"]]
    df["colour"] = [fg.REGION_COLOURS[k] for k in df["key"]]
    df["national"] = national
    df["diff_pct"] = (df["per_100k"] / national - 1) * 100 if national else pd.NA
    frame = df.sort_values("per_100k", ascending=False).reset_index(drop=True)
    if not regional:
        frame = frame.iloc[0:0]
    notes = (
        t("regions.national_note", lang, n=regional, avg=fmt.number(national, lang, 2)),
        *multi_region_note(ds, f, lang),
        t("regions.population_note", lang),
    )
    columns = (
        Column("name", "label.region"),
        Column("value", "label.count", "int"),
        Column("population", "label.population", "int"),
        Column("per_100k", "label.per_100k", "number"),
        Column("national", "label.national_avg", "number"),
    )
    return ChartData(
        frame, columns, tuple(sorted(set(project_sources(ds, f)) | {"S057"})), notes, {"national": national}
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


def vs_national_summary(data: ChartData, lang: str) -> str:
    df = data.frame
    above = df[df["per_100k"] > data.extra["national"]]["name"].tolist()
    top = df.iloc[0]
    joined = fmt.join_list(above, lang) if above else "—"
    return t(
        "regions.summary_vs_national",
        lang,
        top=top["name"],
        value=top["text"],
        avg=fmt.number(data.extra["national"], lang, 1, fixed=True),
        above=joined,
        n=len(above),
    )


register(
    Chart(
        "regions-vs-national",
        "chart.regions_vs_national",
        vs_national_build,
        vs_national_figure,
        vs_national_summary,
        page="/regions",
        order=2,
        width=5,
    )
)
