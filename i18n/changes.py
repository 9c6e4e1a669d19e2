"""The difference between two data versions (data/diff.py) in words people read, in Danish or
English: "Projekt tilføjet: Clean Bed (Region Midtjylland, Region Hovedstaden)", "Kontraktværdi
ændret for Slagelse Sygehus fase II: 520 → 540 mio. kr. (kilde: …)", "Kilde tilføjet: …".

Names, measures, regions and sources are read from the version that has the row (the new one for
added and changed rows, the old one for removed rows); values are written as the pages write them
(amounts with currency and bound, years), an empty value as "not reported".
"""
from __future__ import annotations

from data.diff import Change
from data.package import Dataset
from i18n import format as fmt
from i18n.text import MESSAGES, t

# Columns whose value is a code: shown by the name of what it names (table, name column or None:
# the language's name_da/name_en).
CODED = {"region_code": ("regions", None), "region_code_2": ("regions", None), "sector_id": ("sectors", None),
         "form_id": ("forms", None), "measure_id": ("measures", None), "category_id": ("spending_categories", None),
         "source_id": ("sources", "title"), "project_id": ("projects", "name"), "programme_id": ("programmes", None),
         "partnership_id": ("partnerships", "name"), "parent_id": ("programmes", None)}
KEYS = {"regions": "region_code", "sectors": "sector_id", "forms": "form_id", "measures": "measure_id",
        "spending_categories": "category_id", "sources": "source_id", "projects": "project_id",
        "programmes": "programme_id", "partnerships": "partnership_id"}


class Names:
    """Names of coded things in one language, from the new version first, then the old one."""

    def __init__(self, old: Dataset, new: Dataset, lang: str) -> None:
        self.versions, self.lang, self._maps, self._rows = (new, old), lang, {}, {}

    def _map(self, ds: Dataset, table: str, column: str | None) -> dict:
        cache_key = (id(ds), table)
        if cache_key not in self._maps:
            frame = ds[table] if table in ds.counts else None
            name = column or f"name_{self.lang}"
            self._maps[cache_key] = {} if frame is None else {
                str(k): v for k, v in zip(frame[KEYS[table]], frame[name], strict=True) if not fmt.is_missing(v)}
        return self._maps[cache_key]

    def row(self, table: str, key) -> dict | None:
        """The row of `table` with primary key `key` (new version first), as a dict."""
        for ds in self.versions:
            rows = self._rows.get((id(ds), table))
            if rows is None:
                frame = ds[table] if table in ds.counts else None
                rows = {} if frame is None else {str(r[KEYS[table]]): r for r in frame.to_dict("records")}
                self._rows[(id(ds), table)] = rows
            if str(key) in rows:
                return rows[str(key)]
        return None

    def of(self, table: str, key, column: str | None = None) -> str:
        if fmt.is_missing(key):
            return t("changes.empty", self.lang)
        for ds in self.versions:
            found = self._map(ds, table, column).get(str(key))
            if found is not None:
                return str(found)
        return str(key)


def _text(names: Names, column: str, value) -> str:
    """A column's value as the pages write it."""
    if fmt.is_missing(value):
        return t("changes.empty", names.lang)
    if column in CODED:
        return names.of(*CODED[column][:1], value, CODED[column][1])
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fmt.number(value, names.lang) if isinstance(value, int) and not column.endswith("year") else str(value)


def column_label(column: str, lang: str) -> str:
    key = f"changes.column.{column}"
    return t(key, lang) if key in MESSAGES else column


def arrow(old: str, new: str, lang: str) -> str:
    """'520 → 540 mio. kr.': the old value without the unit words both share."""
    i = 0
    while i < min(len(old), len(new)) and old[-1 - i] == new[-1 - i]:
        i += 1
    suffix = old[len(old) - i:]
    cut = suffix.find(" ")
    if i and cut >= 0 and not any(c.isdigit() for c in suffix[cut:]) and old[: len(old) - i + cut][-1:].isdigit():
        old = old[: len(old) - i + cut]
    return t("changes.arrow", lang, old=old, new=new)


def _amount(row: dict, value_col: str, unit_col: str, lang: str) -> str:
    text = fmt.value(row[value_col], row[unit_col], lang, row.get("bound")) or t("changes.empty", lang)
    period = fmt.years(row.get("year"), row.get("year_end"), lang)
    return f"{text} ({period})" if period else text


def _source(names: Names, row: dict) -> str:
    source = row.get("source_id")
    if fmt.is_missing(source):
        return ""
    return t("changes.source", names.lang, source=names.of("sources", source, "title"))


def _column_changes(names: Names, change: Change, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(column_label(c, names.lang), arrow(_text(names, c, change.old[c]), _text(names, c, change.new[c]),
                                                names.lang))
            for c in change.columns if c not in skip]


def _entity(names: Names, row: dict) -> str:
    for column, table, name in (("project_id", "projects", "name"), ("programme_id", "programmes", None),
                                ("partnership_id", "partnerships", "name")):
        if not fmt.is_missing(row.get(column)):
            return names.of(table, row[column], name)
    return t("changes.empty", names.lang)


def _figure(names: Names, change: Change) -> list[str]:
    lang, row = names.lang, change.new or change.old
    what, name = names.of("measures", row["measure_id"]), _entity(names, row)
    if change.kind in ("added", "removed"):
        return [t(f"changes.figure.{change.kind}", lang, what=what, name=name,
                  value=_amount(row, "value", "unit", lang), source=_source(names, row) if change.new else "")]
    lines = []
    if {"value", "unit", "bound"} & set(change.columns):
        old = fmt.value(change.old["value"], change.old["unit"], lang, change.old.get("bound"))
        new = fmt.value(change.new["value"], change.new["unit"], lang, change.new.get("bound"))
        lines.append(t("changes.figure.changed", lang, what=what, name=name, source=_source(names, change.new),
                       change=arrow(old or t("changes.empty", lang), new or t("changes.empty", lang), lang)))
    lines += [t("changes.figure.changed_column", lang, what=what, name=name, column=label, change=text)
              for label, text in _column_changes(names, change, skip=("value", "unit", "bound"))]
    return lines


def _spending(names: Names, change: Change) -> list[str]:
    lang, row = names.lang, change.new or change.old
    name = f"{names.of('regions', row['region_code'])} · {names.of('spending_categories', row['category_id'])}"
    if change.kind in ("added", "removed"):
        return [t(f"changes.spending.{change.kind}", lang, name=name, value=_amount(row, "amount", "currency", lang),
                  source=_source(names, row) if change.new else "")]
    period = fmt.years(row.get("year"), row.get("year_end"), lang)
    name = f"{name} ({period})" if period else name
    lines = []
    if {"amount", "currency", "bound"} & set(change.columns):
        old, new = (fmt.money(r["amount"], r["currency"], lang, r.get("bound")) or t("changes.empty", lang)
                    for r in (change.old, change.new))
        lines.append(t("changes.spending.changed", lang, name=name, change=arrow(old, new, lang),
                       source=_source(names, change.new)))
    lines += [t("changes.spending.changed", lang, name=name, change=f"{label}: {text}", source="")
              for label, text in _column_changes(names, change, skip=("amount", "currency", "bound"))]
    return lines


def _project(names: Names, change: Change) -> list[str]:
    lang, row = names.lang, change.new or change.old
    name = row["name"]
    if change.kind == "added":
        regions = [names.of("regions", row[c]) for c in ("region_code", "region_code_2")
                   if not fmt.is_missing(row.get(c))]
        return [t("changes.project.added", lang, name=name, where=f" ({', '.join(regions)})" if regions else "")]
    if change.kind == "removed":
        return [t("changes.project.removed", lang, name=name)]
    return [t("changes.project.changed", lang, what=label[:1].upper() + label[1:], name=name, change=text)
            for label, text in _column_changes(names, change)]


def _row_name(names: Names, change: Change) -> str:
    row, table = change.new or change.old, change.table
    if table == "sources":
        meta = ", ".join(str(row[c]) for c in ("publisher", "published") if not fmt.is_missing(row.get(c)))
        return f"{row['title']} ({meta})" if meta and change.kind != "changed" else str(row["title"])
    if table == "partnership_members":
        return str(row["name"])
    for column in (f"name_{names.lang}", "name", "title"):
        if not fmt.is_missing(row.get(column)):
            return str(row[column])
    return " / ".join(str(k) for k in change.key)


def describe(change: Change, names: Names) -> list[str]:
    """The sentences saying what `change` is (one for an added or removed row, one per changed
    column or value)."""
    lang, table = names.lang, change.table
    if table == "projects":
        return _project(names, change)
    if table == "figures":
        return _figure(names, change)
    if table == "spending":
        return _spending(names, change)
    name = _row_name(names, change)
    if change.kind != "changed":
        kind = {"sources": "source", "programmes": "programme", "partnerships": "partnership"}.get(table)
        if table == "partnership_members":
            partnership = names.of("partnerships", (change.new or change.old)["partnership_id"], "name")
            return [t(f"changes.member.{change.kind}", lang, partnership=partnership, name=name)]
        if kind:
            return [t(f"changes.{kind}.{change.kind}", lang, name=name)]
        return [t(f"changes.row.{change.kind}", lang, table=t(f"changes.table.{table}", lang), name=name)]
    return [t("changes.row.changed", lang, table=t(f"changes.table.{table}", lang), name=name, column=label,
              change=text) for label, text in _column_changes(names, change)]


def describe_all(changes: list[Change], old: Dataset, new: Dataset, lang: str = "da") -> list[str]:
    """Every change in words, in the order of `changes`."""
    names = Names(old, new, lang)
    return [line for change in changes for line in describe(change, names)]


def _codes(names: Names, change: Change) -> dict[str, list[str]]:
    """The regions, sectors and forms a change is about (for the filters of the changes page): a
    row's own, or for a figure the project's, programme's or partnership's."""
    row = change.new or change.old
    about = row
    for column, table in (("project_id", "projects"), ("programme_id", "programmes"),
                          ("partnership_id", "partnerships")):
        if change.table == "figures" and not fmt.is_missing(row.get(column)):
            about = names.row(table, row[column]) or row
            break
    if change.table == "partnership_members":
        about = {**(names.row("partnerships", row["partnership_id"]) or {}), **row}

    def values(*columns: str) -> list[str]:
        return sorted({str(about[c]) for c in columns if not fmt.is_missing(about.get(c))})

    return {"regions": values("region_code", "region_code_2"), "sectors": values("sector_id"),
            "forms": values("form_id")}


def items(old: Dataset, new: Dataset) -> list[dict]:
    """Every change from `old` to `new` as JSON-ready items for the data history: what it is
    (table, kind, key), its sentences in Danish and English, and the regions, sectors and forms it
    is about. Passed to data.history.History as `describe` by app.py."""
    from data.diff import diff

    changes = diff(old, new)
    names = {lang: Names(old, new, lang) for lang in ("da", "en")}
    return [{"table": c.table, "kind": c.kind, "key": [str(k) for k in c.key],
             "lines": {lang: describe(c, names[lang]) for lang in names}, **_codes(names["da"], c)}
            for c in changes]
