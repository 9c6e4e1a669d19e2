"""The difference between two data versions (data/diff.py) and its words (i18n/changes.py): rows
added, removed and changed in every table, said in Danish and in English; `python -m data diff`."""
from __future__ import annotations

import subprocess
import sys

import pytest

from data import load_dataset
from data.diff import Change, diff
from i18n.changes import Names, arrow, describe, describe_all
from tests.helpers_data import copy_package, read_rows, set_cell, write_rows
from tests.support import REPO


def first(rows: list[dict], **match) -> dict:
    return next(r for r in rows if all(r[k] == v for k, v in match.items()))


@pytest.fixture(scope="module")
def changed(tmp_path_factory, bundled):
    """A copy of the bundled package with rows added, removed and changed in every table; the
    changes made, to compare with."""
    pkg = copy_package(tmp_path_factory.mktemp("diff"))
    made = {}

    def add_copy(table: str, key: str, new_key: str, **values) -> None:
        rows = read_rows(pkg / f"{table}.csv")
        row = {**rows[0], key: new_key, **values}
        write_rows(pkg / f"{table}.csv", [*rows, row], list(rows[0]))

    def remove(table: str, **match) -> dict:
        rows = read_rows(pkg / f"{table}.csv")
        gone = first(rows, **match)
        write_rows(pkg / f"{table}.csv", [r for r in rows if r is not gone], list(rows[0]))
        return gone

    figures = read_rows(pkg / "figures.csv")
    projects = read_rows(pkg / "projects.csv")
    with_figures = {f["project_id"] for f in figures}
    spare = next(p for p in projects if p["project_id"] not in with_figures)  # nothing refers to it
    made["removed project"] = remove("projects", project_id=spare["project_id"])["name"]
    add_copy("projects", "project_id", "trial-project", name="Prøveprojekt", region_code="1082", region_code_2="1084")
    target = next(f for f in figures if f["measure_id"] == "contract_value" and f["project_id"] and f["unit"] == "DKK")
    made["figure"] = target
    set_cell(pkg, "figures", "figure_id", target["figure_id"], "value", str(int(float(target["value"])) + 20_000_000))
    made["removed figure"] = remove("figures", figure_id=figures[-1]["figure_id"])
    add_copy("figures", "figure_id", "F998-1", project_id="trial-project", programme_id="", partnership_id="",
             measure_id="expected_jobs", value="12", unit="jobs", bound="lower", year="2025", year_end="")
    set_cell(pkg, "projects", "project_id", projects[0]["project_id"], "start_year", "2001")
    add_copy("sources", "source_id", "S998", title="Ny rapport om OPI", publisher="Region X", published="2026")
    sources = read_rows(pkg / "sources.csv")
    set_cell(pkg, "sources", "source_id", sources[0]["source_id"], "publisher", "Et andet forlag")
    programmes = read_rows(pkg / "programmes.csv")
    set_cell(pkg, "programmes", "programme_id", programmes[0]["programme_id"], "end_year", "2030")
    partnerships = read_rows(pkg / "partnerships.csv")
    set_cell(pkg, "partnerships", "partnership_id", partnerships[0]["partnership_id"], "name", "Nyt navn")
    members = read_rows(pkg / "partnership_members.csv")
    made["removed member"] = remove("partnership_members", partnership_id=members[-1]["partnership_id"],
                                    member_no=members[-1]["member_no"])
    spending = read_rows(pkg / "spending.csv")
    set_cell(pkg, "spending", "spending_id", spending[0]["spending_id"], "amount", "123000000")
    made["removed spending"] = remove("spending", spending_id=spending[-1]["spending_id"])
    for table, key in (("regions", "region_code"), ("sectors", "sector_id"), ("forms", "form_id"),
                       ("measures", "measure_id"), ("spending_categories", "category_id")):
        row = read_rows(pkg / f"{table}.csv")[0]
        set_cell(pkg, table, key, row[key], "name_en", row["name_en"] + " (renamed)")
    new = load_dataset(pkg)
    return bundled, new, diff(bundled, new), made


def kinds(changes: list[Change]) -> set[tuple[str, str]]:
    return {(c.table, c.kind) for c in changes}


def test_added_removed_and_changed_rows_are_found_in_every_table(changed):
    _, _, changes, _ = changed
    assert kinds(changes) == {
        ("projects", "added"), ("projects", "removed"), ("projects", "changed"),
        ("figures", "added"), ("figures", "removed"), ("figures", "changed"),
        ("sources", "added"), ("sources", "changed"), ("programmes", "changed"), ("partnerships", "changed"),
        ("partnership_members", "removed"), ("spending", "changed"), ("spending", "removed"),
        ("regions", "changed"), ("sectors", "changed"), ("forms", "changed"), ("measures", "changed"),
        ("spending_categories", "changed")}
    figure = next(c for c in changes if c.table == "figures" and c.kind == "changed")
    assert figure.columns == ("value",)
    assert [c.table for c in changes][:3] == ["projects"] * 3  # projects first, code tables last
    assert changes[-1].table == "spending_categories"


def test_a_version_against_itself_has_no_changes(bundled):
    assert diff(bundled, bundled) == []


def test_the_changes_in_danish(changed):
    old, new, changes, made = changed
    lines = describe_all(changes, old, new, "da")
    assert "Projekt tilføjet: Prøveprojekt (Region Midtjylland, Region Hovedstaden)" in lines
    assert f"Projekt fjernet: {made['removed project']}" in lines
    value = int(float(made["figure"]["value"])) // 1_000_000
    contract = next(line for line in lines if line.startswith("Kontraktværdi") and "ændret for" in line)
    assert f": {value} → {value + 20} mio. kr. (kilde: " in contract
    assert any(line.startswith("Forventede job tilføjet for Prøveprojekt: > 12 job (2025) (kilde: ") for line in lines)
    assert "Kilde tilføjet: Ny rapport om OPI (Region X, 2026)" in lines
    assert any(line.startswith("Startår ændret for ") and line.endswith("→ 2001") for line in lines)
    assert any(line.startswith("Kilde ændret: ") and line.endswith(" – udgiver: OPS Monitor → Et andet forlag")
               for line in lines)
    assert any(line.startswith("Program ændret: ") and line.endswith(" – slutår: ikke oplyst → 2030") for line in lines)
    assert any(line.startswith("Region ændret: Region ") and " – engelsk navn: " in line for line in lines)
    assert any(line.startswith("Medlem fjernet fra ") for line in lines)
    assert any(line.startswith("Udgift ændret for ") and " mia. kr. → > 123 mio. kr. (kilde: " in line
               for line in lines)
    assert any(line.startswith("Udgift fjernet: ") for line in lines)


def test_the_changes_in_english(changed):
    old, new, changes, made = changed
    lines = describe_all(changes, old, new, "en")
    assert "Project added: Prøveprojekt (North Denmark Region, Capital Region of Denmark)" in lines \
        or "Project added: Prøveprojekt (Central Denmark Region, Capital Region of Denmark)" in lines
    assert f"Project removed: {made['removed project']}" in lines
    assert any(line.startswith("Contract value") and "changed for" in line and "(source: " in line for line in lines)
    assert "Source added: Ny rapport om OPI (Region X, 2026)" in lines
    assert any(line.startswith("Region ") and "renamed" in line for line in lines)
    assert not any("ændret" in line or "tilføjet" in line for line in lines)


def test_an_empty_value_is_not_reported_never_zero(changed):
    old, new, _, _ = changed
    names = Names(old, new, "da")
    row = {"project_id": "P", "name": "X", "end_year": None}
    change = Change("projects", "changed", ("P",), {**row, "end_year": 2020}, row, ("end_year",))
    assert describe(change, names) == ["Slutår ændret for X: 2020 → ikke oplyst"]


def test_the_arrow_keeps_the_shared_unit_once():
    assert arrow("520 mio. kr.", "540 mio. kr.", "da") == "520 → 540 mio. kr."
    assert arrow("> 5 job", "> 6 job", "da") == "> 5 → > 6 job"
    assert arrow("2014", "2001", "da") == "2014 → 2001"
    assert arrow("DKK 430m", "EUR 2.8m", "en") == "DKK 430m → EUR 2.8m"


def test_the_command_prints_the_same_lines(changed, tmp_path):
    old, new, changes, _ = changed
    result = subprocess.run([sys.executable, "-m", "data", "diff", str(old.directory), str(new.directory)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    lines = describe_all(changes, old, new, "da")
    assert out[0] == f"{old.version} → {new.version}: {len(lines)} ændringer"
    assert out[1:] == [f"- {line}" for line in lines]


def test_the_command_refuses_an_invalid_folder(tmp_path):
    broken = copy_package(tmp_path)
    (broken / "projects.csv").write_text("project_id\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "data", "diff", str(REPO / "data"), str(broken)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "invalid" in result.stderr and "Traceback" not in result.stderr


WORDS = {"da": {"added": "tilføjet", "removed": "fjernet", "changed": "ændret"},
         "en": {"added": "added", "removed": "removed", "changed": "changed"}}


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("kind", ["added", "removed", "changed"])
@pytest.mark.parametrize("table", ["projects", "figures", "programmes", "partnerships", "partnership_members",
                                   "spending", "sources", "regions", "sectors", "forms", "measures",
                                   "spending_categories"])
def test_every_kind_of_change_in_every_table_is_said_in_both_languages(bundled, table, kind, lang):
    """A real row of each table added, removed, or changed in a non-key column, said in words."""
    from data.diff import _rows, primary_key

    key = primary_key(bundled, table)
    (k, row), *_ = _rows(bundled[table], key).items()
    column = next(c for c in row if c not in key and isinstance(row[c], str) and not c.endswith("_id")
                  and c not in ("region_code", "region_code_2", "currency", "unit", "bound", "kind", "country"))
    changed = {**row, column: row[column] + " (ny)"}
    change = {"added": Change(table, "added", k, None, row), "removed": Change(table, "removed", k, row, None),
              "changed": Change(table, "changed", k, row, changed, (column,))}[kind]
    lines = describe(change, Names(bundled, bundled, lang))
    assert lines and all(line.strip() for line in lines)
    assert all(WORDS[lang][kind] in line for line in lines), lines
    other = "en" if lang == "da" else "da"
    assert not any(f" {WORDS[other][kind]}" in line and WORDS[other][kind] != WORDS[lang][kind] for line in lines)
    if kind == "changed":
        assert any(f"{row[column]} (ny)" in line or f"{row[column]}" in line for line in lines)
