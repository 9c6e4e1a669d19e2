"""Charts of collaborations by region, sector, form and start year (overview and sectors pages)."""

from __future__ import annotations

import pandas as pd

from charts import figures as fg
from charts.registry import Chart, ChartData, Column, register
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import name_col, t

GROUP_LABELS = {"DK": "label.all_regions_national"}


def group_names(df: pd.DataFrame, lang: str) -> pd.Series:
    """Label per key in the language; special keys (all regions, not stated) from the catalogue."""
    names = df[name_col(lang)].astype("string")
    for key, msg in GROUP_LABELS.items():
        names = names.mask(df["key"] == key, t(msg, lang))
    return names.mask(df["key"] == "not_stated", t("label.not_stated", lang)).fillna(df["key"])


def project_sources(ds: Dataset, f: Filters) -> tuple[str, ...]:
    return q.project_sources(ds, f)


def bound_notes(bounds, lang: str) -> tuple[str, ...]:
    """What the bound marks on the shown values mean: '>' (lower), 'op til' (upper), '*' (mixed)."""
    present = set(pd.Series(bounds).dropna())
    keys = (("lower", "value.lower_note"), ("upper", "value.upper_note"), ("mixed", "value.mixed"))
    return tuple(t(key, lang) for bound, key in keys if bound in present)


def multi_region_note(ds: Dataset, f: Filters, lang: str) -> tuple[str, ...]:
    n = q.region_counts(ds, f, ())[3]  # selected projects with a second region
    return (t("note.two_regions", lang, n=n),) if n else ()


def count_chart(by: str) -> callable:
    def build(ds: Dataset, f: Filters, lang: str) -> ChartData:
        df = q.count_by(ds, f, by).copy()
        df["name"] = group_names(df, lang)
        df["text"] = [fmt.number(n, lang) for n in df["n"]]
        if by == "region":
            df["colour"] = [fg.region_colour(k) for k in df["key"]]
        elif by == "form":
            df["colour"] = [fg.form_colour(k) for k in df["key"]]
        else:
            df["colour"] = fg.ACCENT
        total = q.project_count(ds, f)
        notes = multi_region_note(ds, f, lang) if by == "region" else ()
        return ChartData(
            df[["key", "name", "n", "text", "colour"]],
            (Column("name", f"label.{by}"), Column("n", "label.count", "int")),
            project_sources(ds, f),
            notes,
            {"total": total},
        )

    return build


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


def top_summary(kind: str):
    def summary(data: ChartData, lang: str) -> str:
        df = data.frame
        top = df.iloc[0]
        ties = df[df["n"] == top["n"]]
        if len(ties) > 1:
            return t(
                f"summary.{kind}_tie",
                lang,
                names=fmt.join_list(ties["name"], lang),
                n=fmt.number(top["n"], lang),
                total=fmt.number(data.extra["total"], lang),
            )
        return t(
            f"summary.{kind}_top",
            lang,
            name=top["name"],
            n=fmt.number(top["n"], lang),
            total=fmt.number(data.extra["total"], lang),
        )

    return summary


_PLACES = {"region": {"page": "/", "order": 1, "width": 6}, "sector": {"page": "/", "order": 2, "width": 6},
           "form": {"page": "/sectors", "order": 2, "width": 6}}
for _by in ("region", "sector", "form"):
    register(
        Chart(
            f"projects-by-{_by}",
            f"chart.projects_by_{_by}",
            count_chart(_by),
            count_figure,
            top_summary(_by),
            **_PLACES[_by],
        )
    )


def build_by_year(ds: Dataset, f: Filters, lang: str) -> ChartData:
    projects = q.project_columns(ds, f, ("start_year",))
    known = projects[projects["start_year"].notna()]
    df = (
        known.groupby("start_year")
        .size()
        .rename("n")
        .reset_index()
        .sort_values("start_year")
        .rename(columns={"start_year": "year"})
    )
    df["year"] = df["year"].astype(int)
    df["text"] = [fmt.number(n, lang) for n in df["n"]]
    notes = (t("card.coverage", lang, measure=t("label.start_year", lang), reported=len(known), total=len(projects)),)
    return ChartData(
        df,
        (Column("year", "label.start_year", "year"), Column("n", "label.count", "int")),
        project_sources(ds, f),
        notes,
        {"total": len(projects), "known": len(known)},
    )


def figure_by_year(data: ChartData, lang: str):
    return fg.columns(data.frame, x="year", y="n", text="text", axis_title=t("label.count", lang), lang=lang)


def summary_by_year(data: ChartData, lang: str) -> str:
    df = data.frame
    top = df.sort_values(["n", "year"], ascending=[False, True]).iloc[0]
    return t(
        "summary.year_top",
        lang,
        year=int(top["year"]),
        n=fmt.number(top["n"], lang),
        first=int(df["year"].min()),
        last=int(df["year"].max()),
        known=data.extra["known"],
        total=data.extra["total"],
    )


register(
    Chart(
        "projects-by-start-year",
        "chart.projects_by_start_year",
        build_by_year,
        figure_by_year,
        summary_by_year,
        page="/",
        order=3,
    )
)
