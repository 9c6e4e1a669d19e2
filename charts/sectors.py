"""Charts by sector and collaboration form (sectors page)."""

from __future__ import annotations

from charts import figures as fg
from charts.overview import bound_notes, group_names, project_sources
from charts.registry import Chart, ChartData, Column, register
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import name_col, t


def sector_form_build(ds: Dataset, f: Filters, lang: str) -> ChartData:
    projects = q.project_columns(ds, f, ("sector_id", "form_id"))
    df = projects.groupby(["sector_id", "form_id"]).size().rename("n").reset_index()
    # Ids as strings, also from categorical columns: the sector names below are then strings too,
    # grouped (and so tied sectors ordered) by name.
    df[["sector_id", "form_id"]] = df[["sector_id", "form_id"]].astype("string")
    sectors = ds["sectors"].set_index("sector_id")[name_col(lang)]
    forms = ds["forms"].set_index("form_id")[name_col(lang)]
    df["sector"] = df["sector_id"].map(sectors)
    df["form"] = df["form_id"].map(forms)
    order = list(df.groupby("sector")["n"].sum().sort_values(ascending=True).index)
    df = df.sort_values(["n"], ascending=False).reset_index(drop=True)
    return ChartData(
        df,
        (Column("sector", "label.sector"), Column("form", "label.form"), Column("n", "label.count", "int")),
        project_sources(ds, f),
        (),
        {"order": order, "total": len(projects)},
    )


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


def sector_form_summary(data: ChartData, lang: str) -> str:
    top = data.frame.iloc[0]
    return t(
        "sectors.summary_sector_form",
        lang,
        sector=top["sector"],
        form=top["form"],
        n=int(top["n"]),
        total=data.extra["total"],
    )


register(
    Chart(
        "sector-by-form",
        "chart.sector_by_form",
        sector_form_build,
        sector_form_figure,
        sector_form_summary,
        page="/sectors",
        order=1,
    )
)


def value_by(by: str, measure: str):
    def build(ds: Dataset, f: Filters, lang: str) -> ChartData:
        df = q.measure_by(ds, f, measure, by).copy()
        df = df[df["value"].notna() & (df["unit"] == "DKK")].reset_index(drop=True)
        df["name"] = group_names(df, lang)
        df["text"] = [fmt.money(v, "DKK", lang, b) for v, b in zip(df["value"], df["bound"], strict=True)]
        df["colour"] = [fg.form_colour(k) if by == "form" else fg.ACCENT for k in df["key"]]
        cov = q.coverage(ds, f, measure)
        notes = [t("card.coverage", lang, measure=t(f"label.{measure}", lang), reported=cov.reported, total=cov.total)]
        notes += bound_notes(df["bound"], lang)
        if not q.total(ds, f, measure).query("unit != 'DKK'").empty:
            notes.append(t("sectors.sek_note", lang))
        sources = q.project_sources(ds, f, measure)
        columns = (
            Column("name", f"label.{by}"),
            Column("value", f"label.{measure}", "money", unit_col="unit", bound_col="bound"),
            Column("reported", "label.reported", "int"),
            Column("projects", "label.projects", "int"),
        )
        return ChartData(df, columns, sources, tuple(notes), {"measure": measure, "by": by})

    return build


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


def value_summary(data: ChartData, lang: str) -> str:
    top = data.frame.iloc[0]
    return t(
        "sectors.summary_value",
        lang,
        name=top["name"],
        value=top["text"],
        reported=int(top["reported"]),
        projects=int(top["projects"]),
        measure=t(f"label.{data.extra['measure']}", lang).lower(),
    )


register(
    Chart(
        "contract-value-by-sector",
        "chart.contract_value_by_sector",
        value_by("sector", "contract_value"),
        value_figure,
        value_summary,
        page="/sectors",
        order=3,
        width=6,
    )
)
register(
    Chart(
        "public-funding-by-form",
        "chart.public_funding_by_form",
        value_by("form", "public_funding"),
        value_figure,
        value_summary,
        page="/sectors",
        order=4,
    )
)
