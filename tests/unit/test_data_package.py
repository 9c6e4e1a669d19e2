"""The bundled package loads into typed frames, every research fact is accounted for, and the
data-honesty rules hold in the data."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from data import BUNDLED_DIR, Dataset, load_dataset
from tests.helpers_data import copy_package, set_cell

RESEARCH = Path(__file__).resolve().parents[3] / "shared" / "data-research" / "facts.csv"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(BUNDLED_DIR)


def test_every_declared_table_is_loaded_with_schema_types(ds):
    descriptor = json.loads((BUNDLED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert list(ds.tables) == names
    for resource in descriptor["resources"]:
        frame = ds[resource["name"]]
        assert list(frame.columns) == [f["name"] for f in resource["schema"]["fields"]]
        for field in resource["schema"]["fields"]:
            expected = {"integer": "Int64", "number": "Float64", "string": "string"}[field["type"]]
            assert str(frame[field["name"]].dtype) == expected, (resource["name"], field["name"])


def test_row_counts_match_the_csv_files(ds):
    for name, n in ds.row_counts().items():
        with (BUNDLED_DIR / f"{name}.csv").open(encoding="utf-8") as fh:
            assert n == sum(1 for _ in csv.DictReader(fh))


def test_version_is_a_content_hash(tmp_path, ds):
    assert re.fullmatch(r"[0-9a-f]{12}", ds.version)
    assert load_dataset(BUNDLED_DIR).version == ds.version
    pkg = copy_package(tmp_path)
    assert load_dataset(pkg).version == ds.version
    set_cell(pkg, "sectors", "sector_id", "parking", "name_en", "Car parks")
    assert load_dataset(pkg).version != ds.version


def test_every_row_resolves_its_source(ds):
    ids = set(ds["sources"]["source_id"])
    for name, frame in ds.tables.items():
        if name != "sources":
            assert frame["source_id"].notna().all(), name
            assert set(frame["source_id"]) <= ids, name


@pytest.mark.skipif(not RESEARCH.exists(), reason="shared/data-research is not beside the checkout")
def test_every_research_fact_is_in_a_table_or_excluded(ds):
    with RESEARCH.open(encoding="utf-8") as fh:
        facts = [row["id"] for row in csv.DictReader(fh)]
    used = set()
    for frame in ds.tables.values():
        if "research_ids" in frame:
            for value in frame["research_ids"].dropna():
                used.update(value.split(";"))
    excluded_md = (BUNDLED_DIR / "EXCLUDED.md").read_text(encoding="utf-8")
    excluded = set(re.findall(r"^\| (F\d{3}) \|", excluded_md, flags=re.MULTILINE))
    assert not used & excluded, "a fact is both used and excluded"
    assert [f for f in facts if f not in used | excluded] == []
    assert used | excluded <= set(facts)


def test_the_nine_forms_of_danske_regioner(ds):
    forms = ds["forms"]
    dr = forms[forms["kind"] == "dr_form"].sort_values("dr_number")
    assert dr["dr_number"].tolist() == list(range(1, 10))
    assert {"opp", "opi", "long_term_partnership"} <= set(dr["form_id"])
    subkinds = set(forms[forms["parent_form_id"] == "opi"]["form_id"])
    assert {"market_maturation", "pcp", "innovation_partnership", "esco"} <= subkinds


def test_swedish_amounts_stay_in_sek(ds):
    figures = ds["figures"]
    se_programmes = set(ds["programmes"].query("country == 'SE'")["programme_id"])
    amounts = figures[figures["programme_id"].isin(se_programmes) & figures["unit"].isin(["DKK", "SEK"])]
    assert len(amounts) > 0 and (amounts["unit"] == "SEK").all()


def test_expected_and_realised_effects_are_separate_measures(ds):
    kinds = ds["measures"].set_index("measure_id")["kind"]
    assert kinds["expected_jobs"] == "effect_expected" and kinds["realised_jobs"] == "effect_realised"
    assert kinds["expected_turnover"] == "effect_expected" and kinds["realised_turnover"] == "effect_realised"


def test_amounts_are_whole_units_not_millions(ds):
    money = ds["figures"][ds["figures"]["unit"].isin(["DKK", "SEK"])]
    assert (money["value"] >= 1000).all()
    assert (ds["spending"]["amount"] >= 1_000_000).all()


def test_one_value_per_entity_measure_and_year(ds):
    f = ds["figures"]
    key = ["project_id", "programme_id", "partnership_id", "measure_id", "year", "year_end"]
    assert not f.astype("string").fillna("").duplicated(key).any()


def test_region_boundaries_ship_with_attribution(ds):
    geo = ds.descriptor["geometry"]
    for key in ("attribution", "attribution_da"):  # English and Danish
        assert "CC BY 4.0" in geo[key] and "DAGI" in geo[key]
    gj = json.loads((BUNDLED_DIR / geo["path"]).read_text(encoding="utf-8"))
    assert sorted(feat["id"] for feat in gj["features"]) == ["1081", "1082", "1083", "1084", "1085"]


def test_frames_are_pandas(ds):
    assert all(isinstance(df, pd.DataFrame) for df in ds.tables.values())
