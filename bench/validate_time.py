"""How long validating and loading a data package takes, and its peak memory, by size. Prints JSON.

    uv run python -m bench.validate_time                       # N = 10,000, 100,000 and 1,000,000
    uv run python -m bench.validate_time --sizes 10000 --timeout 60

For each N, `bench.generate` writes a synthetic package of N projects and N spending rows; then a fresh
process (so memory figures are its own) runs `data.validate_package` (frictionless, the slow part) and the
rest of `data.load_dataset` (reading the CSV files into typed frames), and reports its seconds and peak RSS.
A size that does not finish within --timeout seconds is stopped; the report then gives the time
extrapolated linearly (by rows) from the largest size that finished.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate

REPO = Path(__file__).resolve().parents[1]


def measure(directory: Path) -> dict:
    """In this process: validate, then load without validating again; seconds and peak RSS."""
    import data.package as package

    started = time.perf_counter()
    problems = package.validate_package(directory)
    validated = time.perf_counter()
    if problems:
        return {"valid": False, "problems": [str(p) for p in problems[:5]]}
    package.validate_package = lambda _directory: []  # just checked; load_dataset would repeat it
    dataset = package.load_dataset(directory)
    loaded = time.perf_counter()
    return {
        "valid": True,
        "rows": sum(dataset.row_counts().values()),
        "validate_s": round(validated - started, 2),
        "read_s": round(loaded - validated, 2),
        "load_dataset_s": round(loaded - started, 2),  # validation + reading, as at app start-up
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_size(n: int, workdir: Path, timeout: float) -> dict:
    out = workdir / f"n{n}"
    started = time.perf_counter()
    counts = generate(out, projects=n, spending=n)
    result: dict = {"n": n, "rows": sum(counts.values()), "generate_s": round(time.perf_counter() - started, 2),
                    "package_mb": round(sum(f.stat().st_size for f in out.iterdir()) / 2**20, 1)}
    print(f"n={n}: generated in {result['generate_s']} s, measuring...", file=sys.stderr, flush=True)
    try:
        child = subprocess.run([sys.executable, "-m", "bench.validate_time", "--measure", str(out)],
                               cwd=REPO, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:  # subprocess.run has killed the child
        return {**result, "timed_out_after_s": timeout}
    if child.returncode != 0:
        return {**result, "error": child.stderr[-2000:]}
    return {**result, **json.loads(child.stdout)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.validate_time", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        help="numbers of projects (and of spending rows) to measure")
    parser.add_argument("--timeout", type=float, default=180, help="seconds allowed per size")
    parser.add_argument("--workdir", type=Path, help="where to write the packages (default: a temporary dir)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's mode
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0

    results = []
    with tempfile.TemporaryDirectory(prefix="ops-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        for n in sorted(args.sizes):
            result = run_size(n, workdir, args.timeout)
            done = [r for r in results if "validate_s" in r]
            if "timed_out_after_s" in result and done:
                base = done[-1]
                factor = result["rows"] / base["rows"]
                result["extrapolated_from_n"] = base["n"]
                result["extrapolated_validate_s"] = round(base["validate_s"] * factor)
                result["extrapolated_load_dataset_s"] = round(base["load_dataset_s"] * factor)
            results.append(result)
            print(json.dumps(result), file=sys.stderr, flush=True)
    print(json.dumps({"benchmark": "validate_time", "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
