"""bench/generate.py: its synthetic package passes validation, is spread like real data, is reproducible,
and is marked synthetic in the descriptor and in every generated name. The banner an app on it shows:
tests/browser/test_bench_generate.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.generate import generate
from data import load_dataset
from tests.conftest import SYNTHETIC_N as N  # noqa: E402
from tests.support import REPO


@pytest.fixture(scope="module")
def package(synthetic_package):
    return synthetic_package


@pytest.fixture(scope="module")
def ds(package):
    return load_dataset(package[0])  # raises DataPackageError listing every problem


def test_the_package_passes_validation_with_the_asked_sizes(package, ds):
    out, counts = package
    assert ds.row_counts()["projects"] == N == counts["projects"]
    assert ds.row_counts()["spending"] == N == counts["spending"]
    assert len(ds["figures"]) > N // 2
    result = subprocess.run([sys.executable, "-m", "data", "validate", str(out)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 12 tables")


def test_it_is_marked_synthetic_everywhere(ds):
    assert ds.synthetic is True
    assert "SYNTETISKE TESTDATA" in ds.title and "synthetic" in ds.descriptor["description"].lower()
    assert ds["projects"]["name"].str.startswith("Syntetisk projekt ").all()
    assert ds["programmes"]["name_da"].str.startswith("Syntetisk program ").all()
    assert ds["partnerships"]["name"].str.startswith("Syntetisk partnerskab ").all()
    # Every generated row cites a synthetic source, and those say so.
    sources = ds["sources"].set_index("source_id")
    for table in ("projects", "programmes", "partnerships", "partnership_members", "figures", "spending"):
        cited = sources.loc[ds[table]["source_id"].unique()]
        assert cited["title"].str.startswith("Syntetisk kilde").all(), table
    # The curated vocabularies are copied unchanged.
    bundled = load_dataset()
    for table in ("regions", "sectors", "forms", "measures", "spending_categories"):
        assert ds[table].equals(bundled[table]), table


def test_rows_are_spread_like_real_data(ds):
    projects, figures = ds["projects"], ds["figures"]
    assert set(projects["region_code"].dropna()) >= {"1081", "1082", "1083", "1084", "1085", "DK"}
    two = projects[projects["scope"] == "multi_regional"]
    assert len(two) and (two["region_code"] != two["region_code_2"]).all() and two["region_code_2"].notna().all()
    assert projects.loc[projects["scope"] != "multi_regional", "region_code_2"].isna().all()
    opi_kinds = set(ds["forms"].query("kind == 'opi_subkind'")["form_id"])
    assert len(set(projects["form_id"]) & opi_kinds) >= 3
    assert projects["sector_id"].nunique() >= 8
    assert projects["start_year"].nunique() >= 15 and projects["start_year"].isna().any()
    by_measure = figures.dropna(subset=["project_id"]).groupby("measure_id")["project_id"].nunique()
    for measure in ("contract_value", "public_funding", "expected_jobs", "expected_turnover"):
        assert 0 < by_measure[measure] < N, measure  # reported for some projects, unknown for others
    assert not figures.duplicated(["project_id", "measure_id"]).loc[figures["project_id"].notna()].any()
    assert {"exact", "lower"} <= set(figures["bound"]) and {"exact", "lower"} <= set(ds["spending"]["bound"])
    amounts = figures.loc[figures["measure_id"] == "contract_value", "value"]
    assert amounts.max() > 50 * amounts.min()
    assert ds["spending"]["region_code"].nunique() == 6 and ds["spending"]["year"].nunique() >= 10


def test_the_same_seed_gives_the_same_package(package, tmp_path):
    out, _ = package
    result = subprocess.run([sys.executable, "-m", "bench.generate", "--projects", str(N), "--spending", str(N),
                             "--seed", "7", "--out", str(tmp_path / "again")],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"]["projects"] == N
    for name in ("datapackage.json", "projects.csv", "figures.csv", "spending.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes(), name
    generate(tmp_path / "other", projects=N, spending=N, seed=8)
    assert (tmp_path / "other" / "figures.csv").read_bytes() != (out / "figures.csv").read_bytes()
