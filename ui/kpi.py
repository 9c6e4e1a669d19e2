"""KPI tiles: big numbers with their coverage, bound and years, and their sources below."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import name_col, t
from ui.chart_card import sources_block


def tile(tile_id: str, label: str, value: str, lines: list[str]) -> dbc.Col:
    return dbc.Col(
        html.Div(
            [
                html.H2(label, className="ops-kpi-label"),
                html.P(value, className="ops-kpi-value", id=f"kpi-{tile_id}"),
                *[html.P(line, className="ops-kpi-note") for line in lines if line],
            ],
            className="ops-kpi",
            id=f"kpi-tile-{tile_id}",
        ),
        xs=12,
        sm=6,
        xl=True,
        class_name="mb-3",
    )


def money_tile(ds: Dataset, f: Filters, measure: str, lang: str):
    totals = q.total(ds, f, measure)
    cov = q.coverage(ds, f, measure)
    if totals.empty:
        return t("value.not_reported", lang), [t("kpi.coverage", lang, reported=0, total=cov.total)], set()
    # One currency is the big number (DKK first); others get their own line: never added.
    totals = totals.sort_values("unit")
    main = totals.iloc[0]
    value = fmt.money(main["value"], main["unit"], lang, main["bound"])
    years = fmt.years(totals["year_min"].min(), totals["year_max"].max())
    sources = set(q.project_sources(ds, f, measure))
    lines = [t("kpi.coverage", lang, reported=cov.reported, total=cov.total)]
    for _, other in totals.iloc[1:].iterrows():
        lines.append(
            t(
                "kpi.other_currency",
                lang,
                value=fmt.money(other["value"], other["unit"], lang, other["bound"]),
                n=int(other["reported"]),
            )
        )
    if years:
        lines.append(t("kpi.years", lang, years=years))
    if main["bound"] == "mixed":  # the '*' of the big number
        lines.append(f"* {t('value.mixed', lang)}")
    return value, lines, sources


def effect_tile(ds: Dataset, f: Filters, measure: str, lang: str):
    value, lines, sources = money_tile(ds, f, measure, lang)
    if measure == "expected_jobs":
        totals = q.total(ds, f, measure)
        if not totals.empty:
            r = totals.iloc[0]
            value = fmt.with_bound(fmt.number(r["value"], lang), r["bound"], lang)
    n_prog = q.programme_effects(ds, f, measure)
    if n_prog:
        lines.append(t("kpi.programmes_report", lang, n=n_prog))
    return value, lines, sources


def short_name(name: str) -> str:
    """'Offentligt-privat partnerskab (OPP)' -> 'OPP'; names without an abbreviation stay."""
    if name.endswith(")") and " (" in name:
        return name.rsplit(" (", 1)[1][:-1]
    return name


def kpi_tiles(ds: Dataset, f: Filters, lang: str = "da") -> html.Section:
    n_projects = q.project_count(ds, f)
    by_form = q.count_by(ds, f, "form").head(3)
    parts = ", ".join(f"{short_name(r[name_col(lang)] or r['key'])} {r['n']}" for _, r in by_form.iterrows())
    tiles = [
        tile(
            "projects",
            t("kpi.projects", lang),
            fmt.number(n_projects, lang),
            [t("kpi.by_form", lang, parts=parts)] if n_projects else [],
        )
    ]
    sources = set(q.project_sources(ds, f))
    for measure, builder in (
        ("contract_value", money_tile),
        ("public_funding", money_tile),
        ("expected_jobs", effect_tile),
        ("expected_turnover", effect_tile),
    ):
        value, lines, srcs = builder(ds, f, measure, lang)
        tiles.append(tile(measure.replace("_", "-"), t(f"kpi.{measure}", lang), value, lines))
        sources |= srcs
    return html.Section(
        [
            html.H2(t("kpi.section", lang), className="visually-hidden"),
            dbc.Row(tiles, class_name="g-3 ops-kpis"),
            html.P(t("kpi.not_summed", lang), className="ops-kpi-footnote"),
            html.Div(sources_block(ds, sorted(sources), lang), className="ops-kpi-sources"),
        ],
        **{"aria-label": t("kpi.section", lang)},
    )
