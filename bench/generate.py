"""Write a synthetic data package for speed tests, marked synthetic everywhere.

    uv run python -m bench.generate --projects 100000 --spending 100000 --out /tmp/ops-synthetic

The package has the bundled package's schema (its `datapackage.json`, copied, with `"synthetic": true`
and a synthetic title and description, so an app started on it shows the synthetic-data banner on every
page), the bundled vocabulary tables (sources, regions, sectors, spending categories, forms, measures)
and the region geometry, and generated rows: N projects with their figures (contract value, public
funding, expected and realised jobs and turnover; some unknown, some lower or upper bounds), synthetic
programmes and partnerships, and N spending rows. Every generated row cites one of the synthetic
sources appended to `sources` ("Syntetisk kilde ..."), and every generated name says "Syntetisk".

The numbers are made up: a seeded numpy Generator gives the same package for the same arguments.
Tables are built column-wise with numpy/pandas; 1,000,000 projects take seconds, not minutes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from data.package import BUNDLED_DIR, DESCRIPTOR

# Copied unchanged from the bundled package (sources gets the synthetic sources appended).
VOCABULARY = ("sources", "regions", "sectors", "spending_categories", "forms", "measures")
N_SOURCES = 50
FIRST_SOURCE = 900  # S900-S949; the bundled package's ids stay far below
FACT = "F999"  # prefix of generated figure and spending ids (pattern F\d{3}-\d+)
DK_REGIONS = np.array(["1081", "1082", "1083", "1084", "1085"])
SE_REGIONS = np.array(["SE-AB", "SE-O"])
NOTE_EN = "Synthetic value made up by bench/generate.py; not a real figure."
NOTE_DA = "Syntetisk værdi opdigtet af bench/generate.py; ikke et rigtigt tal."

# Relative frequencies; ids of the bundled vocabularies that are not listed get DEFAULT_WEIGHT.
DEFAULT_WEIGHT = 0.5
FORM_WEIGHTS = {
    "opp": 6, "opi": 5, "market_maturation": 3, "pcp": 2, "innovation_partnership": 2, "esco": 2,
    "innovative_procurement": 2, "long_term_partnership": 2, "purchasing": 2, "private_suppliers": 1.5,
    "research_cooperation": 1.5,
}
SECTOR_WEIGHTS = {
    "construction": 5, "medtech": 5, "health_it": 4, "energy_utilities": 3, "logistics_automation": 3,
    "parking": 2, "health_welfare_tech": 2, "care_pathways": 2, "hygiene_infection": 1.5,
}
SPENDING_MEASURES = {"budget": 4, "accounts": 4, "procurement": 2, "operating_cost": 1, "cost": 1,
                     "contract_value": 0.5, "frame": 0.5}
# Typical size (median, in DKK) of a spending row by category, for one Danish region.
SPENDING_MEDIAN = {"health_total": 25e9, "all_areas": 30e9, "psychiatry": 2.5e9, "hospital_construction": 4e9,
                   "purchases": 8e9, "joint_procurement": 3e9, "medicines": 2e9, "medtech": 1e9,
                   "health_it": 0.6e9, "private_hospitals": 0.4e9}
# Project figures: measure -> (share of projects that report it, median, spread (sigma of log), unit kind).
PROJECT_FIGURES = {
    "contract_value": (0.55, 25e6, 1.6, "money"),
    "public_funding": (0.40, 2e6, 1.2, "money"),
    "expected_jobs": (0.22, 12, 1.0, "jobs"),
    "expected_turnover": (0.18, 30e6, 1.3, "money"),
    "realised_jobs": (0.07, 6, 1.0, "jobs"),
    "realised_turnover": (0.05, 12e6, 1.3, "money"),
}


def _weights(ids, table: dict[str, float]) -> np.ndarray:
    w = np.array([table.get(i, DEFAULT_WEIGHT) for i in ids], dtype=float)
    return w / w.sum()


def _numbered(prefix: str, n: int, width: int, start: int = 1) -> pd.Series:
    return prefix + pd.Series(np.arange(start, start + n)).astype(str).str.zfill(width)


def _maybe(values, missing: np.ndarray, dtype: str) -> pd.Series:
    """`values` as a nullable column, empty where `missing`."""
    return pd.Series(values).astype(dtype).mask(missing)


def _lognormal(rng: np.random.Generator, median, sigma: float, n: int) -> np.ndarray:
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(n))


def _round_amount(x: np.ndarray) -> np.ndarray:
    """Amounts as sources give them: whole thousands, at least 1.000."""
    return np.maximum(np.round(x, -3), 1000).astype(np.int64)


def _bounds(rng: np.random.Generator, n: int, lower: float, upper: float) -> np.ndarray:
    return rng.choice(np.array(["exact", "lower", "upper"]), size=n, p=[1 - lower - upper, lower, upper])


def _notes(rng: np.random.Generator, n: int, share: float) -> tuple[pd.Series, pd.Series]:
    """English and Danish note columns, filled together for `share` of the rows."""
    empty = rng.random(n) >= share
    return (pd.Series(NOTE_EN, index=range(n), dtype="string").mask(empty),
            pd.Series(NOTE_DA, index=range(n), dtype="string").mask(empty))


def read_bundled(name: str) -> pd.DataFrame:
    return pd.read_csv(BUNDLED_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def synthetic_sources(bundled: pd.DataFrame) -> pd.DataFrame:
    ids = [f"S{FIRST_SOURCE + i}" for i in range(N_SOURCES)]
    clash = set(ids) & set(bundled["source_id"])
    if clash:
        raise SystemExit(f"synthetic source ids clash with the bundled package: {sorted(clash)}")
    return pd.DataFrame({
        "source_id": ids,
        "title": [f"Syntetisk kilde {i[1:]} (opdigtet testkilde, synthetic test source)" for i in ids],
        "publisher": "OPS Monitor bench/generate.py (syntetiske testdata / synthetic test data)",
        "url": "",
        "published": "",
        "license": "not applicable (synthetic)",
        "note": "Made up by bench/generate.py for speed tests; not a real document.",
        "note_da": "Opdigtet af bench/generate.py til hastighedstest; ikke et rigtigt dokument.",
    })


def programmes_table(rng: np.random.Generator, n: int, sectors, forms, sources: np.ndarray) -> pd.DataFrame:
    num = _numbered("", n, 4)
    regional = rng.random(n) < 0.5
    start = rng.integers(2005, 2025, n)
    return pd.DataFrame({
        "programme_id": "syn-programme-" + num,
        "name_da": "Syntetisk program " + num,
        "name_en": "Synthetic programme " + num,
        "parent_id": None,
        "country": "DK",
        "scope": np.where(regional, "regional", "all_regions"),
        "region_code": np.where(regional, rng.choice(DK_REGIONS, n), "DK"),
        "sector_id": rng.choice(sectors, n, p=_weights(sectors, SECTOR_WEIGHTS)),
        "form_id": _maybe(rng.choice(forms, n, p=_weights(forms, FORM_WEIGHTS)), rng.random(n) < 0.2, "string"),
        "start_year": start,
        "end_year": _maybe(start + rng.integers(0, 8, n), rng.random(n) < 0.3, "Int64"),
        "source_id": rng.choice(sources, n),
        "research_ids": None,
        "note": None,
        "note_da": None,
    })


def projects_table(rng: np.random.Generator, n: int, sectors, forms, programme_ids, sources,
                   population: np.ndarray) -> pd.DataFrame:
    num = _numbered("", n, max(6, len(str(n))))
    se = rng.random(n) < 0.03
    scope = np.where(
        se,
        rng.choice(np.array(["regional", "national"]), n, p=[0.7, 0.3]),
        rng.choice(np.array(["regional", "multi_regional", "all_regions", "national", "not_stated"]), n,
                   p=[0.80, 0.07, 0.05, 0.05, 0.03]),
    )
    first = rng.choice(5, n, p=population / population.sum())
    second = (first + rng.integers(1, 5, n)) % 5  # always another region
    region = np.full(n, None, dtype=object)
    dk_one = ~se & np.isin(scope, ["regional", "multi_regional"])
    region[dk_one] = DK_REGIONS[first[dk_one]]
    region[~se & np.isin(scope, ["all_regions", "national"])] = "DK"
    se_regional = se & (scope == "regional")
    region[se_regional] = rng.choice(SE_REGIONS, int(se_regional.sum()))
    region[se & (scope == "national")] = "SE"
    region_2 = np.full(n, None, dtype=object)
    two = scope == "multi_regional"
    region_2[two] = DK_REGIONS[second[two]]
    # More collaborations in recent years; some without any year.
    years = np.arange(2000, 2026)
    start = rng.choice(years, n, p=np.linspace(1, 4, len(years)) / np.linspace(1, 4, len(years)).sum())
    end = np.minimum(start + rng.integers(0, 26, n), 2060)
    partners = "Syntetisk partner " + pd.Series(rng.integers(1, 5000, n)).astype(str) \
        + "; Syntetisk partner " + pd.Series(rng.integers(1, 5000, n)).astype(str)
    note, note_da = _notes(rng, n, 0.05)
    return pd.DataFrame({
        "project_id": "syn-" + num,
        "name": "Syntetisk projekt " + num,
        "country": np.where(se, "SE", "DK"),
        "scope": scope,
        "region_code": region,
        "region_code_2": region_2,
        "sector_id": rng.choice(sectors, n, p=_weights(sectors, SECTOR_WEIGHTS)),
        "form_id": rng.choice(forms, n, p=_weights(forms, FORM_WEIGHTS)),
        "programme_id": _maybe(rng.choice(programme_ids, n), rng.random(n) >= 0.3, "string"),
        "start_year": _maybe(start, rng.random(n) < 0.07, "Int64"),
        "end_year": _maybe(end, rng.random(n) < 0.45, "Int64"),
        "partners": partners.mask(rng.random(n) < 0.4),
        "source_id": rng.choice(sources, n),
        "research_ids": None,
        "note": note,
        "note_da": note_da,
    })


def project_figures(rng: np.random.Generator, projects: pd.DataFrame) -> list[pd.DataFrame]:
    """One figure per project and reported measure; a measure not reported has no row (unknown)."""
    n = len(projects)
    construction = (projects["sector_id"] == "construction").to_numpy()
    currency = np.where(projects["country"].to_numpy() == "SE", "SEK", "DKK")
    parts = []
    for measure, (share, median, sigma, kind) in PROJECT_FIGURES.items():
        rows = np.flatnonzero(rng.random(n) < share)
        k = len(rows)
        scale = np.where(construction[rows] & (kind == "money"), 15.0, 1.0)  # buildings cost more
        raw = _lognormal(rng, median * scale, sigma, k)
        value = _round_amount(raw) if kind == "money" else np.maximum(np.round(raw), 1).astype(np.int64)
        year = projects["start_year"].to_numpy()[rows]
        note, note_da = _notes(rng, k, 0.03)
        parts.append(pd.DataFrame({
            "project_id": projects["project_id"].to_numpy()[rows],
            "programme_id": None,
            "partnership_id": None,
            "measure_id": measure,
            "value": value,
            "unit": currency[rows] if kind == "money" else "jobs",
            "bound": _bounds(rng, k, 0.08, 0.03),
            "year": _maybe(year, rng.random(k) < 0.1, "Int64"),
            "year_end": pd.Series(pd.NA, index=range(k), dtype="Int64"),
            "price_year": _maybe(year, rng.random(k) >= 0.2, "Int64"),
            "source_id": projects["source_id"].to_numpy()[rows],
            "note": note,
            "note_da": note_da,
        }))
    return parts


def programme_figures(rng: np.random.Generator, programmes: pd.DataFrame) -> pd.DataFrame:
    k = len(programmes)
    start = programmes["start_year"].to_numpy()
    return pd.DataFrame({
        "project_id": None,
        "programme_id": programmes["programme_id"],
        "partnership_id": None,
        "measure_id": "budget",
        "value": _round_amount(_lognormal(rng, 50e6, 1.0, k)),
        "unit": "DKK",
        "bound": "exact",
        "year": start,
        "year_end": programmes["end_year"],
        "price_year": pd.Series(pd.NA, index=range(k), dtype="Int64"),
        "source_id": programmes["source_id"],
        "note": None,
        "note_da": None,
    })


def figures_table(parts: list[pd.DataFrame]) -> pd.DataFrame:
    figures = pd.concat(parts, ignore_index=True)
    figures["figure_id"] = _numbered(f"{FACT}-", len(figures), 1)
    figures["research_ids"] = None
    return figures


def partnerships_tables(rng: np.random.Generator, n: int, sectors, forms, sources):
    num = _numbered("", n, 3)
    partnerships = pd.DataFrame({
        "partnership_id": "syn-partnership-" + num,
        "name": "Syntetisk partnerskab " + num,
        "country": "DK",
        "scope": "regional",
        "region_code": rng.choice(DK_REGIONS, n),
        "sector_id": rng.choice(sectors, n, p=_weights(sectors, SECTOR_WEIGHTS)),
        "form_id": rng.choice(forms, n, p=_weights(forms, FORM_WEIGHTS)),
        "start_year": rng.integers(2010, 2025, n),
        "end_year": None,
        "source_id": rng.choice(sources, n),
        "research_ids": None,
        "note": None,
        "note_da": None,
    })
    per = 6
    members = pd.DataFrame({
        "partnership_id": np.repeat(partnerships["partnership_id"].to_numpy(), per),
        "member_no": np.tile(np.arange(1, per + 1), n),
        "kind": np.tile(np.array(["region", "company", "company", "company", "municipality", "ministry"]), n),
        "region_code": None,
        "source_id": np.repeat(partnerships["source_id"].to_numpy(), per),
        "research_ids": None,
    })
    members.insert(2, "name", "Syntetisk medlem " + _numbered("", len(members), 4))
    members.loc[members["kind"] == "region", "region_code"] = partnerships["region_code"].to_numpy()
    return partnerships, members


def spending_table(rng: np.random.Generator, n: int, categories, sources) -> pd.DataFrame:
    region = rng.choice(np.append(DK_REGIONS, "DK"), n, p=[0.15, 0.15, 0.15, 0.15, 0.15, 0.25])
    category = rng.choice(categories, n)
    median = pd.Series(category).map(SPENDING_MEDIAN).fillna(1e9).to_numpy()
    median = np.where(region == "DK", median * 5, median)  # all regions together
    year = rng.integers(2007, 2026, n)
    undated = rng.random(n) < 0.03
    single_year = (rng.random(n) >= 0.05) | undated
    measures = np.array(list(SPENDING_MEASURES))
    weights = np.array(list(SPENDING_MEASURES.values()))
    scope_note, scope_note_da = _notes(rng, n, 0.05)
    return pd.DataFrame({
        "spending_id": _numbered(f"{FACT}-", n, 1),
        "region_code": region,
        "category_id": category,
        "measure": rng.choice(measures, n, p=weights / weights.sum()),
        "year": _maybe(year, undated, "Int64"),
        "year_end": _maybe(year + rng.integers(1, 4, n), single_year, "Int64"),
        "amount": _round_amount(_lognormal(rng, median, 0.4, n)),
        "currency": "DKK",
        "bound": _bounds(rng, n, 0.04, 0.01),
        "price_year": _maybe(year, rng.random(n) >= 0.2, "Int64"),
        "scope_note": scope_note,
        "scope_note_da": scope_note_da,
        "source_id": rng.choice(sources, n),
        "research_ids": None,
    })


def synthetic_descriptor(projects: int, spending: int, seed: int) -> dict:
    descriptor = json.loads((BUNDLED_DIR / DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor.update(
        name="ops-monitor-synthetic",
        title="SYNTETISKE TESTDATA: OPS Monitor (opdigtede tal, synthetic test data)",
        description=(f"Synthetic test data made up by bench/generate.py (seed {seed}, {projects} projects, "
                     f"{spending} spending rows) for speed tests. The figures are made up and must not be "
                     "quoted; only the vocabulary tables are copied from the curated package."),
        version="0.0.0-synthetic",
        synthetic=True,
    )
    return descriptor


def generate(out: Path, projects: int, spending: int, seed: int = 1) -> dict[str, int]:
    """Write the synthetic package to `out` (created; files there of the same names are replaced).
    Returns the row count of every table."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    descriptor = synthetic_descriptor(projects, spending, seed)
    schemas = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}

    tables = {name: read_bundled(name) for name in VOCABULARY}
    tables["sources"] = pd.concat([tables["sources"], synthetic_sources(tables["sources"])], ignore_index=True)
    sources = tables["sources"]["source_id"].to_numpy()[-N_SOURCES:]
    sectors = tables["sectors"]["sector_id"].to_numpy()
    forms = tables["forms"]["form_id"].to_numpy()
    regions = tables["regions"].set_index("region_code")
    population = regions.loc[DK_REGIONS, "population"].astype(float).to_numpy()

    tables["programmes"] = programmes_table(rng, int(np.clip(projects // 100, 3, 500)), sectors, forms, sources)
    tables["projects"] = projects_table(rng, projects, sectors, forms, tables["programmes"]["programme_id"].to_numpy(),
                                        sources, population)
    tables["partnerships"], tables["partnership_members"] = partnerships_tables(rng, 3, sectors, forms, sources)
    tables["figures"] = figures_table(project_figures(rng, tables["projects"])
                                      + [programme_figures(rng, tables["programmes"])])
    tables["spending"] = spending_table(rng, spending, tables["spending_categories"]["category_id"].to_numpy(),
                                        sources)

    for resource in descriptor["resources"]:
        name = resource["name"]
        frame = tables[name]
        missing = set(schemas[name]) ^ set(frame.columns)
        if missing:
            raise AssertionError(f"{name}: generated columns differ from the schema: {sorted(missing)}")
        frame[schemas[name]].to_csv(out / resource["path"], index=False, encoding="utf-8", lineterminator="\n")
    geometry = descriptor.get("geometry", {}).get("path")
    if geometry:
        shutil.copyfile(BUNDLED_DIR / geometry, out / geometry)
    (out / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {name: len(frame) for name, frame in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, required=True, help="number of synthetic projects")
    parser.add_argument("--spending", type=int, required=True, help="number of synthetic spending rows")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the package to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same package)")
    args = parser.parse_args(argv)
    if args.projects < 1 or args.spending < 1:
        parser.error("--projects and --spending must be at least 1")
    started = time.perf_counter()
    counts = generate(args.out, args.projects, args.spending, args.seed)
    print(json.dumps({"out": str(args.out), "seed": args.seed, "rows": counts,
                      "seconds": round(time.perf_counter() - started, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
