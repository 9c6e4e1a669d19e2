"""Impact: jobs and turnover, expected and realised kept apart, as reported per programme or
project. Reported effects are shown one by one and never added up: they cover different
programmes, horizons and years, and programmes overlap (a project can be in several)."""

from __future__ import annotations

import pandas as pd

from charts import figures as fg
from charts.overview import bound_notes
from charts.registry import MAX_ROWS, Chart, ChartData, Column, capped_note, register
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import name_col, note_col, t


def _effect_rows(ds: Dataset, f: Filters, measures: tuple[str, ...], lang: str, *, n: int = MAX_ROWS,
                 per: str | None = None) -> tuple[pd.DataFrame, tuple[str, ...], int]:
    """The reported figures of these measures in the filters, the largest first: at most `n` (`n` per
    value of `per`), with the note that says so when some are left out, and how many there are."""
    e, total, left_out = q.largest_effects(ds, f, measures, n, per_measure=per == "measure_id")
    capped = capped_note(total, n, lang, each=per is not None) if left_out else ()
    programmes = ds["programmes"].set_index("programme_id")
    # A figure belongs to a programme or, when it has none, to a project (foreign keys guarantee both exist).
    of_programme = e["programme_id"].notna()
    programme_name = programmes["name_en" if lang == "en" else "name_da"]

    def of(ids: pd.Series, values: pd.Series) -> pd.Series:  # plain strings, also from categorical columns
        return ids.map(values).astype("string")

    e["entity"] = of(e["programme_id"], programme_name).where(of_programme, e["project_name"])
    e["region"] = of(e["programme_id"], programmes["region_code"]).where(of_programme, e["project_region"])
    e = e.drop(columns=["project_name", "project_region"])
    e["kind"] = ["programme" if pd.notna(x) else "project" for x in e["programme_id"]]
    e["period"] = [fmt.period_text(a, b, lang) for a, b in zip(e["year"], e["year_end"], strict=True)]
    e["label"] = [n if p in n else f"{n} ({p})" for n, p in zip(e["entity"], e["period"], strict=True)]
    e["measure"] = e["measure_en" if lang == "en" else "measure_da"]
    e["text"] = [fmt.value(v, u, lang, b) for v, u, b in zip(e["value"], e["unit"], e["bound"], strict=True)]
    region_names = ds["regions"].set_index("region_code")[name_col(lang)]
    not_stated = t("label.not_stated", lang)
    e["region_name"] = [
        not_stated if pd.isna(r) else t("label.all_regions_national", lang) if r == "DK"
        else region_names.get(r, not_stated)
        for r in e["region"]
    ]
    return e.sort_values("value", ascending=False).reset_index(drop=True), capped, total


def _coverage_note(ds: Dataset, f: Filters, measure: str, lang: str) -> str:
    n_proj, total_projects, n_prog, total_programmes = q.effect_coverage(ds, f, measure)
    return t(
        "impact.coverage",
        lang,
        measure=t(f"label.{measure}", lang),
        projects=n_proj,
        total_projects=total_projects,
        programmes=n_prog,
        total_programmes=total_programmes,
    )


def effect_build(measure: str):
    def build(ds: Dataset, f: Filters, lang: str) -> ChartData:
        df, capped, total = _effect_rows(ds, f, (measure,), lang)
        notes = [_coverage_note(ds, f, measure, lang), t("impact.not_summed", lang), *capped]
        if measure.startswith("expected"):
            notes.append(t("impact.expected_note", lang))
        notes += bound_notes(df["bound"], lang)
        money = measure.endswith("turnover")
        columns = (
            Column("entity", "label.name"),
            Column("region_name", "label.region"),
            Column("period", "label.period"),
            Column("value", f"label.{measure}", "value", unit_col="unit", bound_col="bound"),
        )
        return ChartData(
            df, columns, tuple(sorted(set(df["source_id"]))), tuple(notes),
            {"measure": measure, "money": money, "total": total},
        )

    return build


def effect_figure(data: ChartData, lang: str):
    df = data.frame
    scale = 1e6 if data.extra["money"] else 1
    plot = df.assign(v=df["value"] / scale)
    colour = fg.REALISED_COLOUR if data.extra["measure"].startswith("realised") else fg.EXPECTED_COLOUR
    axis = t(f"label.{data.extra['measure']}", lang)
    if data.extra["money"]:
        axis = t("regions.mio_kr", lang, measure=axis)
    return fg.hbar(plot, label="label", value="v", text="text", colours=colour, axis_title=axis, lang=lang)


def effect_summary(data: ChartData, lang: str) -> str:
    top = data.frame.iloc[0]
    return t(
        "impact.summary_effect",
        lang,
        entity=top["entity"],
        value=top["text"],
        period=top["period"],
        n=data.extra.get("total", len(data.frame)),
        measure=t(f"label.{data.extra['measure']}", lang).lower(),
    )


for _order, _m in enumerate(("expected_jobs", "expected_turnover"), start=1):
    register(
        Chart(_m.replace("_", "-"), f"chart.{_m}", effect_build(_m), effect_figure, effect_summary, page="/impact",
              section="expected", order=_order)
    )


RATIOS = ("expected_jobs_per_mio_granted", "expected_turnover_per_mio_granted")


def ratios_build(ds: Dataset, f: Filters, lang: str) -> ChartData:
    df, capped, _ = _effect_rows(ds, f, RATIOS, lang, n=MAX_ROWS // len(RATIOS), per="measure_id")
    df["label"] = [f"{m} · {e}" for m, e in zip(df["measure"], df["entity"], strict=True)]
    notes = (t("impact.ratio_note", lang), *capped)
    columns = (
        Column("entity", "label.name"),
        Column("measure", "label.measure"),
        Column("period", "label.period"),
        Column("value", "label.value", "value", unit_col="unit", bound_col="bound"),
    )
    return ChartData(df, columns, tuple(sorted(set(df["source_id"]))), notes)


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


def ratios_summary(data: ChartData, lang: str) -> str:
    parts = [f"{r['text']}" for _, r in data.frame.iterrows()]
    entities = sorted(set(data.frame["entity"]))
    return t(
        "impact.summary_ratios",
        lang,
        entity=", ".join(entities),
        values=fmt.join_list(parts, lang),
    )


register(
    Chart(
        "effects-per-mio-granted", "chart.effects_per_mio", ratios_build, ratios_figure, ratios_summary, page="/impact",
        section="expected", order=3,
    )
)

REALISED = ("realised_jobs", "realised_turnover", "realised_savings", "pct_firms_with_new_jobs")


def realised_measures(ds: Dataset) -> tuple[str, ...]:
    """Every realised effect the package declares (measures of kind `effect_realised`: jobs, turnover
    and savings first, then e.g. new companies, products, CO2 reduction), never an expected one."""
    declared = ds["measures"]
    kinds = dict(zip(declared["measure_id"], declared["kind"], strict=True))
    return REALISED + tuple(m for m in declared["measure_id"] if kinds[m] == "effect_realised" and m not in REALISED)


def realised_build(ds: Dataset, f: Filters, lang: str) -> ChartData:
    # A table: ten figures of each measure at most keep it one screen long.
    df, capped, total = _effect_rows(ds, f, realised_measures(ds), lang, n=10, per="measure_id")
    notes = (t("impact.realised_note", lang), t("impact.not_summed", lang), *capped)
    columns = (
        Column("entity", "label.name"),
        Column("measure", "label.measure"),
        Column("period", "label.period"),
        Column("value", "label.value", "value", unit_col="unit", bound_col="bound"),
        Column(note_col(lang), "label.note"),
    )
    return ChartData(df, columns, tuple(sorted(set(df["source_id"]))), notes, {"total": total})


def realised_figure(data: ChartData, lang: str) -> dict:
    df = data.frame
    table = {
        "type": "table",
        "columnwidth": [3, 2.2, 1, 1.4],
        "header": {
            "values": [
                t("label.name", lang),
                t("label.measure", lang),
                t("label.period", lang),
                t("label.value", lang),
            ],
            "fill": {"color": "#eef2f6"},
            "align": "left",
            "font": {"size": 14, "color": fg.INK, "family": fg.FONT},
            "height": 32,
        },
        "cells": {
            # Data texts, escaped: plotly reads some HTML in table cells too.
            "values": [[fg.plain(v) for v in df[column]] for column in ("entity", "measure", "period", "text")],
            "align": "left",
            "font": {"size": 14, "color": fg.INK, "family": fg.FONT},
            "height": 44,
            "fill": {"color": "white"},
            "line": {"color": fg.GRID},
        },
    }
    return fg.spec([table], fg.base_layout(lang, height=70 + 56 * len(df)))


def realised_summary(data: ChartData, lang: str) -> str:
    jobs = data.frame[data.frame["measure_id"] == "realised_jobs"]
    if not jobs.empty:
        top = jobs.iloc[0]
        return t(
            "impact.summary_realised_jobs",
            lang,
            n=data.extra.get("total", len(data.frame)),
            entity=top["entity"],
            value=top["text"],
            period=top["period"],
        )
    return t("impact.summary_realised", lang, n=data.extra.get("total", len(data.frame)))


register(
    Chart(
        "realised-effects", "chart.realised_effects", realised_build, realised_figure, realised_summary, page="/impact",
        section="realised", order=4,
    )
)
