"""Command line for data maintainers: ``python -m data validate [DIR]``.

Exit 0 with a one-line summary when the package is valid, exit 1 with one line per problem
otherwise (exit 2 on a usage error). Never prints a traceback.
"""

from __future__ import annotations

import argparse
import sys

from data.package import BUNDLED_DIR, DataPackageError, load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="validate a data package directory")
    check.add_argument("directory", nargs="?", default=str(BUNDLED_DIR),
                       help="directory holding datapackage.json (default: the bundled package)")
    args = parser.parse_args(argv)

    try:
        dataset = load_dataset(args.directory)
    except DataPackageError as exc:
        n = len(exc.problems)
        print(f"INVALID: {n} problem{'s' if n != 1 else ''} in {exc.directory} "
              "(rows are counted as in a spreadsheet: the header is row 1)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a maintainer gets a message, never a traceback
        print(f"INVALID: could not read {args.directory}: {exc}", file=sys.stderr)
        return 1
    counts = dataset.row_counts()
    print(f"OK: {len(counts)} tables, {sum(counts.values())} rows, version {dataset.version} "
          f"({args.directory})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
