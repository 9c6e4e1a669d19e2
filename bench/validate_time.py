"""How long validating and loading a data package takes, and its peak memory, by size. Prints JSON.

    uv run python -m bench.validate_time                       # N = 10,000, 100,000 and 1,000,000
    uv run python -m bench.validate_time --sizes 10000 --timeout 60

For each N, `bench.generate` writes a synthetic package of N projects and N spending rows; then a fresh
process (so memory figures are its own) runs `data.load_dataset`, which validates and loads in one
pass (each file is read once): its seconds (what app start-up pays after the imports), the memory
of the loaded frames and the peak RSS of that process. The package's size and its
largest file are reported too (the readers refuse a file over `data.readers.MAX_FILE_BYTES`).
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
    """In this process: validate and load; seconds and peak RSS."""
    import data.package as package  # already imported with bench.generate

    imported = time.perf_counter()
    try:
        dataset = package.load_dataset(directory)
    except package.DataPackageError as exc:
        return {"valid": False, "problems": [str(p) for p in exc.problems[:5]]}
    loaded = time.perf_counter()
    return {
        "valid": True,
        "rows": sum(dataset.row_counts().values()),
        "load_dataset_s": round(loaded - imported, 2),  # validation + loading, one pass, as at start-up
        "frames_mb": round(sum(df.memory_usage(deep=True).sum() for df in dataset.tables.values()) / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_size(n: int, workdir: Path, timeout: float) -> dict:
    out = workdir / f"n{n}"
    started = time.perf_counter()
    counts = generate(out, projects=n, spending=n)
    sizes = {f.name: f.stat().st_size for f in out.iterdir()}
    largest = max(sizes, key=sizes.get)
    result: dict = {"n": n, "rows": sum(counts.values()), "generate_s": round(time.perf_counter() - started, 2),
                    "package_mb": round(sum(sizes.values()) / 2**20, 1),
                    "largest_file": largest, "largest_file_mb": round(sizes[largest] / 2**20, 1)}
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
            done = [r for r in results if "load_dataset_s" in r]
            if "timed_out_after_s" in result and done:
                base = done[-1]
                factor = result["rows"] / base["rows"]
                result["extrapolated_from_n"] = base["n"]
                result["extrapolated_load_dataset_s"] = round(base["load_dataset_s"] * factor)
            results.append(result)
            print(json.dumps(result), file=sys.stderr, flush=True)
    print(json.dumps({"benchmark": "validate_time", "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
