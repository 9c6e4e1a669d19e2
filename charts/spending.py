"""Charts of regional health spending, procurement, hospital medicines and health IT (spending page).

Every spending figure is an annual (or period) figure from its own source: a chart shows one bar per
spending row, labelled with its region, measure and year (or period) and with its scope note in the
hover and the table. Nothing here adds amounts together, across years or otherwise.

Filters: the year range selects rows through `queries.spending`; the region filter selects the rows of
those regions where the rows are regional, and is said not to apply where the figures are for all
regions together; sector and form filters never apply to spending (the page says so).
"""

from __future__ import annotations

import pandas as pd

from charts import figures as fg
from charts.registry import MAX_ROWS, Chart, ChartData, Column, cap_rows, register
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import name_col, note_col, t

PAGE = "/spending"
DANISH_REGIONS = ("1081", "1082", "1083", "1084", "1085")
# Accounts solid, budget hatched: the two stay apart on a projector and in grey print.
MEASURE_COLOURS = {"accounts": fg.ACCENT, "budget": "#7fb2d1"}
MEASURE_PATTERNS = {"accounts": "", "budget": "/"}
POPULATION_SOURCE_TABLE = "regions"
MAX_LISTED = 10  # the most rows a note lists one by one (figures left out of a chart)


# ------------------------------------------------------------------ shared helpers
def measure_label(measure: str, lang: str) -> str:
    return t(f"spending.measure.{measure}", lang)


def region_name(row: pd.Series, lang: str) -> str:
    if row["region_code"] == "DK":
        return t("spending.label.all_regions", lang)
    name = row.get(name_col(lang))
    return str(name) if isinstance(name, str) and name else str(row["region_code"])


def single_year(frame: pd.DataFrame) -> pd.Series:
    """Rows that are a figure for one known year (not a period, not undated)."""
    return frame["year"].notna() & frame["year_end"].isna()


def year_filter_set(f: Filters) -> bool:
    return f.year_from is not None or f.year_to is not None


def without_regions(f: Filters) -> Filters:
    return Filters.make(None, f.sectors, f.forms, f.year_from, f.year_to, f.country)


def undated_note(ds: Dataset, f: Filters, category: str, keep, lang: str) -> tuple[str, ...]:
    """When a year range drops rows without a year, say how many. `keep(frame)` is the chart's own row
    selection, as a boolean Series."""
    if not year_filter_set(f):
        return ()
    undated = q.spending(ds, Filters.make(f.regions), category, undated=True)
    n = int(keep(undated).sum()) if len(undated) else 0
    return (t("spending.note.undated_dropped", lang, n=n),) if n else ()


def newest(rows: pd.DataFrame, lang: str, n: int = MAX_ROWS) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """At most `n` rows: the most recent (by the last year they cover), the largest first within a
    year; with a note saying so when rows were left out (see registry.cap_rows)."""
    if len(rows) <= n:
        return rows, ()
    ranked = rows.assign(_last=rows["year_end"].fillna(rows["year"]))
    kept, note = cap_rows(ranked, ["_last", "amount"], lang, rule="newest", n=n)
    return kept.drop(columns="_last"), note


def regional(frame: pd.DataFrame) -> pd.Series:
    return frame["region_code"].isin(DANISH_REGIONS)


def national(frame: pd.DataFrame) -> pd.Series:
    return frame["region_code"] == "DK"


def every_row(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=frame.index)


def is_procurement(frame: pd.DataFrame) -> pd.Series:
    return frame["measure"] == "procurement"


def national_region_note(f: Filters, lang: str) -> tuple[str, ...]:
    return (t("spending.note.region_filter_national", lang),) if f.regions else ()


def with_row_texts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Label, period, measure, amount text and hover for each spending row."""
    df = frame.copy()
    df["name"] = [region_name(r, lang) for r in records(df)]
    df["measure_label"] = [measure_label(m, lang) for m in df["measure"]]
    df["period"] = [fmt.period_text(y, e, lang) for y, e in zip(df["year"], df["year_end"], strict=True)]
    df["amount_text"] = [fmt.money(a, c, lang, b) for a, c, b in zip(df["amount"], df["currency"], df["bound"],
                                                                       strict=True)]
    df["amount"] = pd.to_numeric(df["amount"]).astype("Float64")
    df["measure_period"] = [
        t("spending.label.measure_period" if not fmt.is_missing(y) else "spending.label.measure_undated", lang,
          measure=m, period=p) for m, p, y in zip(df["measure_label"], df["period"], df["year"], strict=True)]
    df["scope"] = df[note_col(lang, "scope_note")].fillna("")
    return df


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as plain dicts (iterrows builds a pandas Series per row: slow on wide frames)."""
    return frame.to_dict("records")


def hover_text(row: pd.Series, lang: str, extra: str = "") -> str:
    lines = [f"<b>{fg.plain(row['name'])}</b>", f"{capitalised(row['measure_period'])}: {row['amount_text']}"]
    if extra:
        lines.append(extra)
    if row["scope"]:
        lines.append(f"{t('spending.label.scope', lang)}: {fg.wrap(row['scope'], 60)}")
    return "<br>".join(lines)


def unique_labels(labels: list[str], source_ids: list[str]) -> list[str]:
    """Bars sit on a category axis: two rows with the same label would fall on one bar, so a label that
    occurs more than once gets its source id."""
    dup = pd.Series(labels).duplicated(keep=False)
    return [f"{lab} ({s})" if d else lab for lab, s, d in zip(labels, source_ids, dup, strict=True)]


def distinct(values: pd.Series) -> tuple:
    """The distinct non-missing values, sorted."""
    return tuple(sorted(pd.unique(values.dropna())))


def sources(frame: pd.DataFrame) -> tuple[str, ...]:
    return distinct(frame["source_id"])


ROW_COLUMNS = (
    Column("name", "label.region"),
    Column("measure_label", "label.measure"),
    Column("period", "label.period"),
    Column("amount", "label.amount", "money", unit_col="currency", bound_col="bound"),
)
TAIL_COLUMNS = (Column("scope", "spending.label.scope"), Column("source_id", "label.source"))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ 1. health spending per region
def build_regions_health(ds: Dataset, f: Filters, lang: str) -> ChartData:
    rows = q.spending(ds, f, "health_total")
    rows = rows[regional(rows)]
    present = set(distinct(rows["region_code"]))  # of the whole selection, before the cap
    rows, capped = newest(rows, lang)
    df = with_row_texts(rows, lang)
    # Per inhabitant only for a figure of one known year (queries also leaves out periods).
    df["per_inhabitant"] = df["per_inhabitant"].where(single_year(df)).astype("Float64")
    df["per_text"] = [t("spending.per_inhabitant_text", lang, value=fmt.money(p, "DKK", lang))
                      if not fmt.is_missing(p) else "" for p in df["per_inhabitant"]]
    df["label"] = [fg.plain(x) for x in unique_labels(  # data text, escaped for plotly
        [t("spending.label.row", lang, region=r["name"], what=r["measure_period"]) for r in records(df)],
        list(df["source_id"]))]
    df["text"] = [a if not p else f"{a}  ({p})" for a, p in zip(df["amount_text"], df["per_text"], strict=True)]
    df["hover"] = [hover_text(r, lang, r["per_text"]) for r in records(df)]
    df["colour"] = [fg.region_colour(c) for c in df["region_code"]]
    df["order"] = df["region_code"].map({c: i for i, c in enumerate(DANISH_REGIONS)})
    df = df.sort_values(["order", "year", "spending_id"], na_position="last").reset_index(drop=True)

    notes = [t("spending.note.not_summed", lang), *capped]
    src = set(sources(df))
    if len(df) and df["per_inhabitant"].notna().any():
        regions = ds["regions"]
        used = regions[regions["region_code"].isin(df["region_code"])]
        pop_years = sorted({int(y) for y in used["population_year"].dropna()})
        notes.append(t("spending.note.per_inhabitant", lang, year=", ".join(map(str, pop_years))))
        src |= set(distinct(used["source_id"]))
    if len(df) and len(df[["year", "year_end", "measure"]].drop_duplicates()) > 1:
        notes.append(t("spending.note.different_years", lang))
    # Regions in the selection without a health figure: say so, and what was found instead.
    wanted = [c for c in DANISH_REGIONS if not f.regions or c in f.regions]
    missing = [c for c in wanted if c not in present]
    if missing:
        regions = ds["regions"].set_index("region_code")
        notes.append(t("spending.note.missing_regions", lang,
                       names=fmt.join_list([regions.loc[c, name_col(lang)] for c in missing], lang)))
        other = q.spending(ds, f, "all_areas")
        other, other_capped = newest(other[other["region_code"].isin(missing)], lang, n=MAX_LISTED)
        notes += other_capped
        for r in records(with_row_texts(other, lang)):
            notes.append(t("spending.note.only_all_areas", lang, name=r["name"], value=r["amount_text"],
                           measure=r["measure_label"], period=r["period"]))
            src.add(r["source_id"])
    if year_filter_set(f):
        notes += undated_note(ds, f, "health_total", regional, lang)
    columns = ROW_COLUMNS + (Column("per_inhabitant", "label.per_inhabitant", "money"),) + TAIL_COLUMNS
    frame = df[["spending_id", "region_code", "name", "measure", "measure_label", "year", "year_end", "period",
                "amount", "amount_text", "measure_period", "currency", "bound", "per_inhabitant", "scope", "source_id",
                "label", "text", "hover", "colour"]]
    return ChartData(frame, columns, tuple(sorted(src)), tuple(notes), {"headroom": 1.95})


def figure_amount_rows(data: ChartData, lang: str):
    df = data.frame
    return fg.amount_hbar(df, label="label", value="amount", text="text", hover="hover", colours=list(df["colour"]),
                          unit="DKK", lang=lang, headroom=float(data.extra.get("headroom", 1.5)))


def summary_regions_health(data: ChartData, lang: str) -> str:
    df = data.frame[data.frame["amount"].notna()]
    top = df.sort_values(["amount", "bound"], ascending=[False, True]).iloc[0]
    return t("spending.summary.regions_top", lang, name=top["name"], value=top["amount_text"],
             what=top["measure_period"])


register(Chart("spending-regions-health", "chart.spending_regions_health", build_regions_health, figure_amount_rows,
               summary_regions_health, page=PAGE, section="regions", order=1))


# ------------------------------------------------------------------ 2. all regions, health, by year
SERIES_MEASURES = ("accounts", "budget")


def build_health_by_year(ds: Dataset, f: Filters, lang: str) -> ChartData:
    rows = q.spending(ds, without_regions(f), "health_total")
    rows = rows[national(rows)]
    shown = rows[rows["measure"].isin(SERIES_MEASURES) & single_year(rows)]
    # One column per measure and year: a second figure for the same measure and year is named, not drawn.
    shown = shown.sort_values("spending_id").drop_duplicates(["measure", "year"])
    df = with_row_texts(shown, lang)
    df["label"] = [capitalised(m) for m in df["measure_label"]]
    df["text"] = [fmt.money(a, c, lang, b) for a, c, b in zip(df["amount"], df["currency"], df["bound"], strict=True)]
    df["hover"] = [hover_text(r, lang) for r in records(df)]
    df["series_order"] = df["measure"].map({m: i for i, m in enumerate(SERIES_MEASURES)})
    df = df.sort_values(["series_order", "year"]).reset_index(drop=True)
    df["year"] = df["year"].astype(int)
    notes = [t("spending.note.series", lang)]
    left_out, left_capped = newest(rows[~rows.index.isin(shown.index)], lang, n=MAX_LISTED)
    left_out = with_row_texts(left_out, lang)
    for r in records(left_out):
        notes.append(t("spending.note.left_out", lang, what=capitalised(r["measure_period"]), value=r["amount_text"]))
    notes += left_capped
    src = set(sources(df)) | set(sources(left_out))
    if len(df) and df["price_year"].isna().all():
        notes.append(t("spending.note.price_level", lang))
    notes += national_region_note(f, lang)
    notes += undated_note(ds, without_regions(f), "health_total", national, lang)
    columns = (Column("measure_label", "label.measure"), Column("year", "label.year", "year"),
               Column("amount", "label.amount", "money", unit_col="currency", bound_col="bound")) + TAIL_COLUMNS
    frame = df[["spending_id", "measure", "measure_label", "year", "period", "amount", "currency", "bound", "scope",
                "source_id", "label", "text", "hover"]]
    return ChartData(frame, columns, tuple(sorted(src)), tuple(notes))


def figure_health_by_year(data: ChartData, lang: str):
    # Two bars share a year: the amount goes on two lines ('114' / 'mia. kr.') so neighbours never overlap.
    df = data.frame.assign(text_lines=[str(x).replace(" ", "<br>", 1) for x in data.frame["text"]])
    return fg.year_series_columns(df, x="year", y="amount", series="measure", series_label="label",
                                  text="text_lines", hover="hover", colours=MEASURE_COLOURS, patterns=MEASURE_PATTERNS,
                                  unit="DKK", lang=lang)


def summary_health_by_year(data: ChartData, lang: str) -> str:
    df = data.frame
    for measure in SERIES_MEASURES:
        part = df[df["measure"] == measure].sort_values("year")
        if len(part) >= 2:
            first, last = part.iloc[0], part.iloc[-1]
            return t("spending.summary.by_year", lang, measure=capitalised(first["measure_label"]),
                     first=first["text"], y0=int(first["year"]), last=last["text"], y1=int(last["year"]))
    latest = df.sort_values("year").iloc[-1]
    return t("spending.summary.by_year_one", lang, measure=capitalised(latest["measure_label"]),
             value=latest["text"], year=int(latest["year"]))


register(Chart("spending-health-by-year", "chart.spending_health_by_year", build_health_by_year,
               figure_health_by_year, summary_health_by_year, page=PAGE, section="national", order=3))


# ------------------------------------------------------------------ 3. hospital medicines by year
def build_medicines(ds: Dataset, f: Filters, lang: str) -> ChartData:
    rows, capped = newest(q.spending(ds, without_regions(f), "medicines"), lang)
    df = with_row_texts(rows, lang)
    df["label"] = unique_labels(list(df["period"]), list(df["source_id"]))
    df["text"] = df["amount_text"]
    df["hover"] = [hover_text(r, lang) for r in records(df)]
    # By first year, then the single year before a period starting in it.
    df["last_year"] = df["year_end"].fillna(df["year"])
    df = df.sort_values(["year", "last_year", "spending_id"], na_position="last").reset_index(drop=True)
    notes = [t("spending.note.not_summed_overlap", lang), *capped]
    periods = int((df["year_end"].notna()).sum())
    if periods:
        notes.append(t("spending.note.periods", lang, n=periods))
    notes += national_region_note(f, lang)
    notes += undated_note(ds, without_regions(f), "medicines", every_row, lang)
    columns = (Column("period", "label.period"), Column("measure_label", "label.measure"),
               Column("amount", "label.amount", "money", unit_col="currency", bound_col="bound")) + TAIL_COLUMNS
    frame = df[["spending_id", "region_code", "name", "measure", "measure_label", "year", "year_end", "period",
                "amount", "currency", "bound", "scope", "source_id", "label", "text", "hover"]]
    return ChartData(frame, columns, sources(df), tuple(notes))


def figure_medicines(data: ChartData, lang: str):
    return fg.amount_columns(data.frame, x="label", y="amount", text="text", hover="hover", unit="DKK", lang=lang)


def summary_medicines(data: ChartData, lang: str) -> str:
    df = data.frame
    single = df[single_year(df)].sort_values(["year", "bound"])
    if len(single) >= 2:
        first, last = single.iloc[0], single.iloc[-1]
        return t("spending.summary.medicines", lang, first=first["text"], y0=first["period"], last=last["text"],
                 y1=last["period"])
    row = (single if len(single) else df).iloc[-1]
    return t("spending.summary.medicines_one", lang, value=row["text"], period=row["period"])


register(Chart("spending-medicines", "chart.spending_medicines", build_medicines, figure_medicines,
               summary_medicines, page=PAGE, section="national", order=4, width=6))


# ------------------------------------------------------------------ 4. the regions' procurement statements
def build_procurement(ds: Dataset, f: Filters, lang: str) -> ChartData:
    rows = q.spending(ds, without_regions(f), "purchases")
    rows = rows[is_procurement(rows)]
    total = len(rows)
    rows, capped = newest(rows, lang)
    df = with_row_texts(rows, lang)
    src = ds["sources"].set_index("source_id")
    df["publisher"] = [str(src.loc[s, "publisher"]) if s in src.index else s for s in df["source_id"]]
    # Dated statements first (by year), then the undated ones.
    df = df.sort_values(["year", "spending_id"], na_position="last").reset_index(drop=True)
    labels = [f"{pub} · {p}" for p, pub in zip(df["period"], df["publisher"], strict=True)]
    dup = pd.Series(labels).duplicated(keep=False)
    # Two lines: the publisher (and the source id where one publisher has several statements), the year.
    df["label"] = [f"{fg.plain(pub)} ({fg.plain(s)})<br>{p}" if d else f"{fg.plain(pub)}<br>{p}"
                   for pub, p, s, d in zip(df["publisher"], df["period"], df["source_id"], dup, strict=True)]
    df["text"] = df["amount_text"]
    df["hover"] = [hover_text(r, lang, t("spending.hover.source", lang, source=fg.plain(r["publisher"])))
                   for r in records(df)]
    df["colour"] = fg.REGION_COLOURS["DK"]
    notes = [t("spending.note.procurement_scopes", lang), t("spending.note.not_summed", lang), *capped]
    undated = int(df["year"].isna().sum())
    if undated:
        notes.append(t("spending.note.undated_shown", lang, n=undated))
    notes += national_region_note(f, lang)
    notes += undated_note(ds, without_regions(f), "purchases", is_procurement, lang)
    columns = (Column("period", "label.period"), Column("publisher", "spending.label.publisher"),
               Column("amount", "label.amount", "money", unit_col="currency", bound_col="bound")) + TAIL_COLUMNS
    frame = df[["spending_id", "measure", "measure_label", "year", "year_end", "period", "publisher", "amount",
                "currency", "bound", "scope", "source_id", "label", "text", "hover", "colour"]]
    return ChartData(frame, columns, sources(df), tuple(notes), {"headroom": 1.55, "total": total})


def summary_procurement(data: ChartData, lang: str) -> str:
    df = data.frame
    if len(df) == 1:
        row = df.iloc[0]
        return t("spending.summary.procurement_one", lang, value=row["text"], period=row["period"])
    # A lower bound ('> 50') claims more than the same exact amount: rank it above.
    rank = df.assign(b=df["bound"].map({"upper": 0, "exact": 1, "lower": 2}))
    ordered = rank.sort_values(["amount", "b"])
    low, high = ordered.iloc[0], ordered.iloc[-1]
    return t("spending.summary.procurement", lang, n=data.extra.get("total", len(df)), low=low["text"],
             low_period=low["period"], high=high["text"], high_period=high["period"])


register(Chart("spending-procurement", "chart.spending_procurement", build_procurement, figure_amount_rows,
               summary_procurement, page=PAGE, section="national", order=5, width=6))


# ------------------------------------------------------------------ 5. health IT by region and year
def build_health_it(ds: Dataset, f: Filters, lang: str) -> ChartData:
    rows = q.spending(ds, f, "health_it")
    present = set(distinct(rows["region_code"]))  # of the whole selection, before the cap
    rows, capped = newest(rows, lang)
    df = with_row_texts(rows, lang)
    df["label"] = [fg.plain(x) for x in unique_labels(  # data text, escaped for plotly
        [t("spending.label.row", lang, region=r["name"], what=r["measure_period"]) for r in records(df)],
        list(df["source_id"]))]
    df["text"] = df["amount_text"]
    df["hover"] = [hover_text(r, lang) for r in records(df)]
    df["colour"] = [fg.region_colour(c) for c in df["region_code"]]
    order = {c: i for i, c in enumerate((*DANISH_REGIONS, "DK"))}
    df["order"] = df["region_code"].map(order)
    df = df.sort_values(["order", "year", "year_end", "spending_id"], na_position="last").reset_index(drop=True)
    notes = [t("spending.note.not_summed", lang), *capped]
    periods = int(df["year_end"].notna().sum())
    if periods:
        notes.append(t("spending.note.periods", lang, n=periods))
    wanted = [c for c in DANISH_REGIONS if not f.regions or c in f.regions]
    missing = [c for c in wanted if c not in present]
    if missing:
        regions = ds["regions"].set_index("region_code")
        notes.append(t("spending.note.missing_regions_it", lang,
                       names=fmt.join_list([regions.loc[c, name_col(lang)] for c in missing], lang)))
    notes += undated_note(ds, f, "health_it", every_row, lang)
    frame = df[["spending_id", "region_code", "name", "measure", "measure_label", "year", "year_end", "period",
                "amount", "currency", "bound", "measure_period", "scope", "source_id", "label", "text", "hover",
                "colour"]]
    return ChartData(frame, ROW_COLUMNS + TAIL_COLUMNS, sources(df), tuple(notes), {"headroom": 1.3})


def summary_health_it(data: ChartData, lang: str) -> str:
    df = data.frame
    single = df[single_year(df)]
    if len(single):
        top = single.sort_values("amount", ascending=False).iloc[0]
        key = "spending.summary.health_it"
    else:
        top = df.sort_values("amount", ascending=False).iloc[0]
        key = "spending.summary.health_it_periods"
    return t(key, lang, name=top["name"], value=top["text"], what=top["measure_period"])


register(Chart("spending-health-it", "chart.spending_health_it", build_health_it, figure_amount_rows,
               summary_health_it, page=PAGE, section="regions", order=2))
