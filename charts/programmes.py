"""Charts of funding programmes, pools and partnerships (programmes page).

- a timeline of the top-level programmes and the partnerships with a known start year;
- the OPP pool's budget by year (every year of the pool, the ones without a figure as 'not reported');
- Sygehuspartnerskabet's budget as the shares its sources give (state fund + the five regions);
- the 2019 partnership on innovative procurement of medical devices: its members by kind.

Amounts keep their year and currency (Swedish programmes in SEK, never converted), several amounts of
one programme are listed, not added, and nothing is extended to a year the data does not give.
Helpers for the page's programme list (`programme_rows`, `figure_lines`, ...) live here too.
"""

from __future__ import annotations

import pandas as pd

from charts import figures as fg
from charts.registry import Chart, ChartData, Column, register
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import name_col, t

PAGE = "/programmes"
OPP_POOL = "opp-puljen"
SHARES_PARENT = "sygehuspartnerskabet"
MEMBERS_PARTNERSHIP = "medicoindkoeb-2019"
# Money figures shown next to a programme in the timeline (in this order of preference for display).
MONEY_MEASURES = ("budget", "public_funding", "annual_budget")
MEMBER_KINDS = ("company", "region", "municipality", "ministry", "state_agency")
NAME_MAX = 52


# ------------------------------------------------------------------ shared helpers
def programme_name(row: pd.Series, lang: str) -> str:
    """Name of a programme (name_da/name_en) or a partnership (name)."""
    for col in (name_col(lang), "name_da", "name"):
        value = row.get(col)
        if isinstance(value, str) and value:
            return value
    return str(row.get("programme_id") or row.get("partnership_id"))


def short(text: str, limit: int = NAME_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,–-") + "…"


def names_of(ds: Dataset, table: str, key: str, lang: str) -> dict[str, str]:
    """key -> name in `lang` of a small code table (forms, regions), read once per data version."""
    return ds.kept(f"names-{table}-{lang}", lambda: {str(k): str(v) for k, v in
                                                     zip(ds[table][key], ds[table][name_col(lang)], strict=True)})


def form_name(ds: Dataset, form_id, lang: str) -> str:
    if fmt.is_missing(form_id):
        return t("label.not_stated", lang)
    return names_of(ds, "forms", "form_id", lang).get(str(form_id), str(form_id))


def place_name(ds: Dataset, row: pd.Series, lang: str) -> str:
    """Where a programme or partnership runs: its region, all regions, national (with the country)."""
    scope = row.get("scope")
    country = t(f"programmes.country.{row.get('country')}", lang)
    if scope == "regional" and isinstance(row.get("region_code"), str):
        code = row["region_code"]
        return names_of(ds, "regions", "region_code", lang).get(code, code)
    if scope in ("all_regions", "national", "multi_regional"):
        return t(f"programmes.scope.{scope}", lang, country=country)
    return t("label.not_stated", lang)


def years_text(start, end, lang: str, compact: bool = False) -> str:
    """'2013–2017'; 'fra 2011, slutår ikke oplyst' (compact: 'fra 2011'); 'til 2014, ...'; 'år ikke oplyst'."""
    if fmt.is_missing(start) and fmt.is_missing(end):
        return t("value.year_unknown", lang)
    suffix = "_compact" if compact else ""
    if fmt.is_missing(end):
        return t("programmes.years_open_end" + suffix, lang, start=int(start))
    if fmt.is_missing(start):
        return t("programmes.years_open_start" + suffix, lang, end=int(end))
    return fmt.years(start, end, lang)


def figure_line(fig: pd.Series, lang: str) -> str:
    """'Budget eller ramme: 100 mio. kr. (2011)' — the value with its measure, bound, unit and year."""
    measure = fig.get(f"measure_{lang}") or fig.get("measure_da") or fig["measure_id"]
    value = fmt.value(fig["value"], fig["unit"], lang, fig["bound"])
    period = fmt.period_text(fig["year"], fig["year_end"], lang)
    return t("programmes.figure_line", lang, measure=measure, value=value, period=period)


def figures_of(ds: Dataset, *, programme_id: str | None = None, partnership_id: str | None = None) -> pd.DataFrame:
    if programme_id is not None:
        return q.programme_figures(ds, programme_id)
    return q.partnership_figures(ds, partnership_id)


def money_figures(figs: pd.DataFrame) -> pd.DataFrame:
    figs = figs[figs["measure_id"].isin(MONEY_MEASURES)]
    order = figs["measure_id"].map({m: i for i, m in enumerate(MONEY_MEASURES)})
    return figs.assign(_o=order).sort_values(["_o", "year", "figure_id"], na_position="last").drop(columns="_o")


def filters_not_applied(f: Filters, name: str, lang: str, *, years_apply: bool) -> tuple[str, ...]:
    """A note naming the set filters that this single-item chart ignores."""
    ignored = []
    if f.regions:
        ignored.append(t("filter.region", lang).lower())
    if f.sectors:
        ignored.append(t("filter.sector", lang).lower())
    if f.forms:
        ignored.append(t("filter.form", lang).lower())
    if not years_apply and (f.year_from is not None or f.year_to is not None):
        ignored.append(t("filter.years", lang).lower())
    if not ignored:
        return ()
    return (t("programmes.note.filters_not_applied", lang, filters=fmt.join_list(ignored, lang), name=name),)


def partnerships(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Partnerships matching the filters, with the same rules as queries.programmes."""
    return q.partnerships(ds, f)


# ------------------------------------------------------------------ 1. timeline
def timeline_items(ds: Dataset, f: Filters) -> pd.DataFrame:
    """Top-level programmes and partnerships in the selection, one row each."""
    progs = q.programmes(ds, f)
    progs = progs[progs["parent_id"].isna()].assign(kind="programme", item_id=lambda d: d["programme_id"])
    parts = partnerships(ds, f).assign(kind="partnership", item_id=lambda d: d["partnership_id"])
    return pd.concat([progs, parts], ignore_index=True)


def build_timeline(ds: Dataset, f: Filters, lang: str) -> ChartData:
    items = timeline_items(ds, f)
    total = len(items)
    known = items[items["start_year"].notna()].copy()
    rows, src = [], set()
    for _, item in known.iterrows():
        figs = money_figures(figures_of(ds, programme_id=item["item_id"]) if item["kind"] == "programme"
                             else figures_of(ds, partnership_id=item["item_id"]))
        src |= set(figs["source_id"].dropna())
        src.add(item["source_id"])
        name = programme_name(item, lang)
        label = short(name)
        if item["country"] == "SE":
            name = t("programmes.label.swedish", lang, name=name)
            label = t("programmes.label.swedish", lang, name=short(programme_name(item, lang), NAME_MAX - 10))
        money = "; ".join(figure_line(fig, lang) for _, fig in figs.iterrows()) or t("value.not_reported", lang)
        rows.append({
            "item_id": item["item_id"], "kind": item["kind"], "kind_label": t(f"programmes.kind.{item['kind']}", lang),
            "name": name, "label": label, "country": item["country"],
            "form_id": item["form_id"] if isinstance(item["form_id"], str) else "not_stated",
            "form": form_name(ds, item["form_id"], lang), "place": place_name(ds, item, lang),
            "start_year": int(item["start_year"]),
            "end_year": pd.NA if fmt.is_missing(item["end_year"]) else int(item["end_year"]),
            "years": years_text(item["start_year"], item["end_year"], lang), "money": money,
            "currencies": ",".join(sorted(set(figs["unit"].dropna()))),
        })
    df = pd.DataFrame(rows, columns=["item_id", "kind", "kind_label", "name", "label", "country", "form_id", "form",
                                     "place", "start_year", "end_year", "years", "money", "currencies"])
    if len(df):
        df["end_year"] = df["end_year"].astype("Int64")
        df = df.sort_values(["start_year", "end_year", "name"], na_position="last").reset_index(drop=True)
        # One bar per row on a category axis: a shortened name that occurs twice gets its start year.
        dup = df["label"].duplicated(keep=False)
        df["label"] = [fg.plain(f"{lab} ({y})" if d else lab)  # data text, escaped for plotly
                       for lab, y, d in zip(df["label"], df["start_year"], dup, strict=True)]
        df["hover"] = [
            "<br>".join([f"<b>{fg.plain(r['name'])}</b>", fg.plain(f"{r['kind_label']} · {r['years']} · {r['form']}"),
                         fg.plain(r["place"]), *(fg.plain(m) for m in r["money"].split("; "))])
            for _, r in df.iterrows()]
    else:
        df["hover"] = pd.Series(dtype="string")
    notes = [t("programmes.note.timeline_coverage", lang, shown=len(df), total=total, missing=total - len(df))]
    n_open = int(df["end_year"].isna().sum()) if len(df) else 0
    if n_open:
        notes.append(t("programmes.note.open_end", lang, n=n_open))
    notes.append(t("programmes.note.amounts_not_summed", lang))
    if len(df) and df["currencies"].str.contains("SEK").any():
        notes.append(t("programmes.note.sek", lang))
    notes.append(t("programmes.note.children", lang))
    columns = (Column("name", "label.name"), Column("kind_label", "label.kind"), Column("form", "label.form"),
               Column("place", "label.region"), Column("start_year", "programmes.label.start", "year"),
               Column("years", "label.period"), Column("money", "programmes.label.money"))
    return ChartData(df, columns, tuple(sorted(s for s in src if isinstance(s, str))), tuple(notes),
                     {"total": total})


def figure_timeline(data: ChartData, lang: str):
    return fg.open_timeline(data.frame, label="label", start="start_year", end="end_year", colour_key="form_id",
                            colour_label="form", hover="hover", colours=fg.FORM_COLOURS,
                            open_label=t("programmes.legend.open_end", lang), lang=lang)


def summary_timeline(data: ChartData, lang: str) -> str:
    df = data.frame
    ends = df["end_year"].dropna()
    last = int(max(df["start_year"].max(), ends.max() if len(ends) else 0))
    return t("programmes.summary.timeline", lang, shown=len(df), total=data.extra["total"],
             first=int(df["start_year"].min()), last=last, open=int(df["end_year"].isna().sum()))


register(Chart("programmes-timeline", "chart.programmes_timeline", build_timeline, figure_timeline, summary_timeline,
               page=PAGE, order=1))


# ------------------------------------------------------------------ 2. OPP pool by year
def programme_row(ds: Dataset, programme_id: str) -> pd.Series | None:
    progs = ds["programmes"]
    match = progs[progs["programme_id"] == programme_id]
    return None if match.empty else match.iloc[0]


def build_opp_pool(ds: Dataset, f: Filters, lang: str) -> ChartData:
    prog = programme_row(ds, OPP_POOL)
    empty = pd.DataFrame(columns=["year", "amount", "unit", "bound", "n_projects", "text", "hover", "source_id"])
    columns = (Column("year", "label.year", "year"),
               Column("amount", "programmes.label.pool", "money", unit_col="unit", bound_col="bound"),
               Column("n_projects", "programmes.label.n_projects", "int"), Column("source_id", "label.source"))
    if prog is None:
        return ChartData(empty, columns)
    figs = q.programme_figures(ds, OPP_POOL)
    budgets = figs[(figs["measure_id"] == "budget") & figs["year"].notna() & figs["year_end"].isna()]
    counts = figs[(figs["measure_id"] == "n_projects") & figs["year"].notna()]
    start = prog["start_year"] if not fmt.is_missing(prog["start_year"]) else budgets["year"].min()
    end = prog["end_year"] if not fmt.is_missing(prog["end_year"]) else budgets["year"].max()
    if fmt.is_missing(start) or fmt.is_missing(end):
        return ChartData(empty, columns)
    lo = max(int(start), f.year_from) if f.year_from is not None else int(start)
    hi = min(int(end), f.year_to) if f.year_to is not None else int(end)
    rows = []
    for year in range(lo, hi + 1):
        b = budgets[budgets["year"] == year]
        c = counts[counts["year"] == year]
        amount = b.iloc[0] if len(b) == 1 else None  # one figure per year, or none shown
        n = c.iloc[0]["value"] if len(c) == 1 else pd.NA
        text = (fmt.money(amount["value"], amount["unit"], lang, amount["bound"]) if amount is not None
                else t("value.not_reported", lang))
        hover = [f"<b>{year}</b>", f"{t('programmes.label.pool', lang)}: {text}"]
        if not fmt.is_missing(n):
            hover.append(f"{t('programmes.label.n_projects', lang)}: {fmt.number(n, lang)}")
        rows.append({
            "year": year, "amount": amount["value"] if amount is not None else pd.NA,
            "unit": amount["unit"] if amount is not None else pd.NA,
            "bound": amount["bound"] if amount is not None else pd.NA,
            "n_projects": n, "text": text, "hover": "<br>".join(hover),
            "source_id": amount["source_id"] if amount is not None else pd.NA,
        })
    df = pd.DataFrame(rows, columns=empty.columns)
    df["amount"] = pd.to_numeric(df["amount"]).astype("Float64")
    df["n_projects"] = pd.to_numeric(df["n_projects"]).astype("Float64")
    reported = int(df["amount"].notna().sum())
    name = programme_name(prog, lang)
    if reported == 0:
        note = t("programmes.note.pool_outside_years", lang, name=name, period=fmt.years(start, end, lang))
        return ChartData(empty, columns, (prog["source_id"],), (note,))
    src = set(df["source_id"].dropna()) | {prog["source_id"]}
    shown_counts = counts[counts["year"].isin(df["year"])]
    src |= set(shown_counts["source_id"].dropna())
    notes = [t("programmes.note.opp_pool_meaning", lang)]
    missing = [str(y) for y, a in zip(df["year"], df["amount"], strict=True) if fmt.is_missing(a)]
    if missing:
        notes.append(t("programmes.note.pool_missing_years", lang, years=fmt.join_list(missing, lang)))
    cumulative = figs[figs["measure_id"] == "deposit_exemption_cumulative"]
    for _, c in cumulative[cumulative["year"].isin(df["year"])].iterrows():
        value = fmt.money(c["value"], c["unit"], lang, c["bound"])
        notes.append(t("programmes.note.pool_cumulative", lang, value=value, year=int(c["year"])))
        src.add(c["source_id"])
    notes.append(t("programmes.note.amounts_not_summed", lang))
    notes += filters_not_applied(f, name, lang, years_apply=True)
    return ChartData(df, columns, tuple(sorted(s for s in src if isinstance(s, str))), tuple(notes),
                     {"first": int(start), "last": int(end)})


def figure_opp_pool(data: ChartData, lang: str):
    df = data.frame.assign(label=lambda d: d["year"].astype(str))
    colours = [fg.FORM_COLOURS["opp"]] * len(df)
    return fg.amount_hbar(df, label="label", value="amount", text="text", hover="hover", colours=colours, unit="DKK",
                          lang=lang, headroom=1.3)


def summary_opp_pool(data: ChartData, lang: str) -> str:
    df = data.frame
    rep = df[df["amount"].notna()]
    first, last = rep.iloc[0], rep.iloc[-1]
    period = fmt.years(df["year"].min(), df["year"].max(), lang)
    if len(rep) == 1:
        return t("programmes.summary.opp_pool_one", lang, value=first["text"], year=int(first["year"]),
                 reported=len(rep), years=len(df), period=period)
    return t("programmes.summary.opp_pool", lang, first=first["text"], y0=int(first["year"]), last=last["text"],
             y1=int(last["year"]), reported=len(rep), years=len(df), period=period)


register(Chart("programmes-opp-pool", "chart.programmes_opp_pool", build_opp_pool, figure_opp_pool, summary_opp_pool,
               page=PAGE, order=2, width=6))


# ------------------------------------------------------------------ 3. Sygehuspartnerskabet's shares
def build_shares(ds: Dataset, f: Filters, lang: str) -> ChartData:
    columns = (Column("name", "programmes.label.share"),
               Column("amount", "label.budget", "money", unit_col="unit", bound_col="bound"),
               Column("year", "label.year", "year"), Column("source_id", "label.source"))
    parent = programme_row(ds, SHARES_PARENT)
    cols = ["programme_id", "name", "region_code", "amount", "unit", "bound", "year", "text", "hover", "colour",
            "source_id"]
    if parent is None:
        return ChartData(pd.DataFrame(columns=cols), columns)
    parent_budget = q.programme_figures(ds, SHARES_PARENT)
    parent_budget = parent_budget[parent_budget["measure_id"] == "budget"]
    year = parent_budget["year"].dropna().min() if len(parent_budget) else pd.NA
    progs = ds["programmes"]
    children = progs[progs["parent_id"] == SHARES_PARENT]
    regions = ds["regions"].set_index("region_code")
    rows, others = [], []
    for _, child in children.iterrows():
        figs = q.programme_figures(ds, child["programme_id"])
        budget = figs[figs["measure_id"] == "budget"]
        # A share is a budget figure of the parent's budget year; a later round with its own budget is not.
        share = budget[budget["year"] == year] if not fmt.is_missing(year) else budget.iloc[0:0]
        if len(share) != 1:
            if len(figs[figs["unit"].isin(["DKK", "SEK"])]):
                others.append(programme_name(child, lang))
            continue
        fig = share.iloc[0]
        if child["scope"] == "regional" and child["region_code"] in regions.index:
            name = str(regions.loc[child["region_code"], name_col(lang)])
        else:
            full = programme_name(child, lang)
            part = full.split(" – ", 1)[-1]
            name = part[:1].upper() + part[1:]
        text = fmt.money(fig["value"], fig["unit"], lang, fig["bound"])
        rows.append({
            "programme_id": child["programme_id"], "name": name, "region_code": child["region_code"],
            "amount": fig["value"], "unit": fig["unit"], "bound": fig["bound"], "year": int(fig["year"]),
            "text": text, "hover": f"<b>{fg.plain(name)}</b><br>{text} ({int(fig['year'])})",
            "colour": fg.region_colour(child["region_code"]), "source_id": fig["source_id"],
        })
    df = pd.DataFrame(rows, columns=cols)
    if len(df):
        order = {c: i for i, c in enumerate(("DK", "1081", "1082", "1083", "1084", "1085"))}
        df["order"] = df["region_code"].map(order).fillna(99)
        df = df.sort_values(["amount", "order"], ascending=[False, True]).drop(columns="order").reset_index(drop=True)
        df["amount"] = pd.to_numeric(df["amount"]).astype("Float64")
    src = set(df["source_id"].dropna())
    notes = []
    total = None
    if len(parent_budget) == 1 and len(df):
        p = parent_budget.iloc[0]
        total = fmt.money(p["value"], p["unit"], lang, p["bound"])
        notes.append(t("programmes.note.shares_total", lang, total=total, year=int(p["year"]),
                       name=programme_name(parent, lang)))
        src.add(p["source_id"])
    if others:
        notes.append(t("programmes.note.shares_others", lang, names=fmt.join_list(others, lang)))
    notes += filters_not_applied(f, programme_name(parent, lang), lang, years_apply=False)
    return ChartData(df, columns, tuple(sorted(s for s in src if isinstance(s, str))), tuple(notes),
                     {"total": total, "parent": programme_name(parent, lang), "headroom": 1.35})


def figure_shares(data: ChartData, lang: str):
    df = data.frame.assign(name_shown=[fg.plain(n) for n in data.frame["name"]])  # data text, escaped for plotly
    return fg.amount_hbar(df, label="name_shown", value="amount", text="text", hover="hover",
                          colours=list(df["colour"]), unit="DKK", lang=lang, headroom=1.35)


def summary_shares(data: ChartData, lang: str) -> str:
    df = data.frame
    top = df.iloc[0]
    regional = df[df["region_code"].isin(["1081", "1082", "1083", "1084", "1085"])]
    same = len(regional) > 1 and regional["amount"].nunique() == 1
    tail = t("programmes.summary.shares_regions", lang, n=len(regional), value=regional.iloc[0]["text"]) if same else ""
    if data.extra.get("total"):
        return t("programmes.summary.shares", lang, parent=data.extra["parent"], total=data.extra["total"],
                 year=int(top["year"]), n=len(df), top=top["name"], value=top["text"], tail=tail)
    return t("programmes.summary.shares_no_total", lang, parent=data.extra["parent"], n=len(df), top=top["name"],
             value=top["text"], tail=tail)


register(Chart("programmes-sygehuspartnerskabet-shares", "chart.programmes_shares", build_shares, figure_shares,
               summary_shares, page=PAGE, order=3, width=6))


# ------------------------------------------------------------------ 4. partnership members by kind
def partnership_row(ds: Dataset, partnership_id: str) -> pd.Series | None:
    parts = ds["partnerships"]
    match = parts[parts["partnership_id"] == partnership_id]
    return None if match.empty else match.iloc[0]


def members(ds: Dataset, partnership_id: str = MEMBERS_PARTNERSHIP) -> pd.DataFrame:
    m = ds["partnership_members"]
    return m[m["partnership_id"] == partnership_id].sort_values("member_no").reset_index(drop=True)


def build_members(ds: Dataset, f: Filters, lang: str) -> ChartData:
    columns = (Column("label", "label.kind"), Column("n", "programmes.label.n_members", "int"),
               Column("names", "label.members"))
    cols = ["kind", "label", "n", "text", "names", "hover"]
    part = partnership_row(ds, MEMBERS_PARTNERSHIP)
    mem = members(ds)
    if part is None or mem.empty:
        return ChartData(pd.DataFrame(columns=cols), columns)
    rows = []
    for kind in MEMBER_KINDS:
        of_kind = mem[mem["kind"] == kind]
        if of_kind.empty:
            continue
        names = ", ".join(of_kind["name"])
        label = t(f"programmes.member_kind.{kind}.label", lang)
        rows.append({"kind": kind, "label": label, "n": len(of_kind), "text": fmt.number(len(of_kind), lang),
                     "names": names, "hover": fg.plain(names)})
    df = pd.DataFrame(rows, columns=cols)
    src = set(mem["source_id"].dropna()) | {part["source_id"]}
    notes = []
    stated = figures_of(ds, partnership_id=MEMBERS_PARTNERSHIP)
    stated = stated[stated["measure_id"] == "n_members"]
    if len(stated) == 1:
        n_stated = int(stated.iloc[0]["value"])
        key = "programmes.note.members_all_named" if n_stated == len(mem) else "programmes.note.members_named"
        notes.append(t(key, lang, stated=n_stated, listed=len(mem)))
        src.add(stated.iloc[0]["source_id"])
    notes += filters_not_applied(f, programme_name(part, lang), lang, years_apply=False)
    return ChartData(df, columns, tuple(sorted(s for s in src if isinstance(s, str))), tuple(notes),
                     {"total": len(mem)})


def figure_members(data: ChartData, lang: str):
    df = data.frame
    return fg.hbar(df, label="label", value="n", text="text", hover="hover", colours=fg.ACCENT,
                   axis_title=t("programmes.label.n_members", lang), lang=lang)


def summary_members(data: ChartData, lang: str) -> str:
    parts = [t(f"programmes.member_kind.{r['kind']}.{'one' if r['n'] == 1 else 'many'}", lang,
               n=fmt.number(r["n"], lang)) for _, r in data.frame.iterrows()]
    return t("programmes.summary.members", lang, n=fmt.number(data.extra["total"], lang),
             parts=fmt.join_list(parts, lang))


register(Chart("programmes-medicoindkoeb-members", "chart.programmes_members", build_members, figure_members,
               summary_members, page=PAGE, order=4, width=6))


# ------------------------------------------------------------------ the programme list (page helpers)
def ordered_with_depth(progs: pd.DataFrame) -> list[tuple[pd.Series, int, str | None]]:
    """Programmes as (row, depth, missing parent id): each parent followed by its children (rounds, shares),
    a child whose parent is not in the selection at depth 0 with the parent's id."""
    ids = set(progs["programme_id"])
    by_parent: dict[str, list[pd.Series]] = {}
    roots: list[pd.Series] = []
    for _, row in progs.iterrows():
        parent = row["parent_id"]
        if isinstance(parent, str) and parent in ids:
            by_parent.setdefault(parent, []).append(row)
        else:
            roots.append(row)

    def key(row: pd.Series):
        start = row["start_year"]
        return (0 if row["country"] == "DK" else 1, 9999 if fmt.is_missing(start) else int(start),
                row["programme_id"])

    out: list[tuple[pd.Series, int, str | None]] = []

    def walk(row: pd.Series, depth: int) -> None:
        parent = row["parent_id"]
        orphan = parent if depth == 0 and isinstance(parent, str) else None
        out.append((row, depth, orphan))
        for child in sorted(by_parent.get(row["programme_id"], []), key=key):
            walk(child, depth + 1)

    for root in sorted(roots, key=key):
        walk(root, 0)
    return out
