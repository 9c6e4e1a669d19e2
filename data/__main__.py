"""Command line for data maintainers.

    python -m data validate [DIR]                              a package folder (default: the bundled one)
    python -m data validate postgresql://… [--schema S] [--package DIR]
                                                               the tables in PostgreSQL, their schemas
                                                               in DIR's datapackage.json
    python -m data export-postgresql postgresql://… [--schema S] [--from DIR]
                                                               write a (valid) package folder into
                                                               PostgreSQL, to start from
    python -m data diff OLD NEW [--lang da|en]                 what changed from one version to another,
                                                               in words, one line each; OLD and NEW are
                                                               package folders, kept versions (the data
                                                               history, OPS_HISTORY_DIR) or `served`
                                                               (the version the app serves)
    python -m data rollback VERSION [--to DIR]                 make a kept version current again: its files
                                                               replace those in DIR (default OPS_DATA_DIR);
                                                               the app picks it up in every worker

`validate` exits 0 with a one-line summary when the data is valid, 1 with one line per problem
otherwise; `diff` exits 0 after the changes (1 if either folder is invalid); `export-postgresql` exits 0
with a one-line summary, or 1 with the reason. Exit 2 on a usage error. Never prints a traceback, nor a password.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from data.package import BUNDLED_DIR, DataPackageError, load_dataset

DB_SCHEMES = ("postgresql://", "postgres://")
SERVED = "served"  # `diff served DIR`: the version the app serves (the newest kept from OPS_DATA_DIR)


def _is_url(target: str) -> bool:
    return target.lower().startswith(DB_SCHEMES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data", description="Check and publish the OPS Monitor data.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="validate a data package directory, or the tables in PostgreSQL")
    check.add_argument("directory", nargs="?", default=str(BUNDLED_DIR), metavar="DIR|URL",
                       help="directory holding datapackage.json (default: the bundled package), or a "
                            "postgresql:// URL of the database holding the tables")
    check.add_argument("--schema", default="public", help="with a URL: the PostgreSQL schema of the tables "
                                                          "(default: public)")
    check.add_argument("--package", default=str(BUNDLED_DIR), metavar="DIR",
                       help="with a URL: the directory whose datapackage.json declares the tables "
                            "(default: the bundled package)")
    export = sub.add_parser("export-postgresql", aliases=["export-pg"],
                            help="write a package's tables into PostgreSQL (natural column types, no constraints), "
                                 "replacing tables of the same names in one transaction")
    export.add_argument("url", metavar="URL", help="postgresql:// URL of the database")
    export.add_argument("--schema", default="public", help="schema to write the tables into (created if "
                                                           "missing; default: public)")
    export.add_argument("--from", dest="source", default=str(BUNDLED_DIR), metavar="DIR",
                        help="the package directory to write (default: the bundled package)")
    compare = sub.add_parser("diff", help="what changed from one version to another, in words")
    compare.add_argument("old", metavar="OLD", help="the earlier package directory, a kept version, or 'served' "
                                                    "(the version the app serves)")
    compare.add_argument("new", metavar="NEW", help="the later package directory, or a kept version")
    compare.add_argument("--lang", choices=("da", "en"), default="da", help="language of the lines (default: da)")
    back = sub.add_parser("rollback", help="make a kept version current again in the data folder")
    back.add_argument("version", metavar="VERSION", help="a kept version (see OPS_HISTORY_DIR)")
    back.add_argument("--to", dest="target", default=None, metavar="DIR",
                      help="the package folder the app reads (default: OPS_DATA_DIR)")
    args = parser.parse_args(argv)

    if args.command == "rollback":
        return _rollback(args.version, args.target)
    if args.command == "diff":
        return _diff(args.old, args.new, args.lang)

    if args.command == "validate":
        if _is_url(args.directory):
            return _validate_database(args.directory, args.schema, Path(args.package))
        return _validate_folder(args.directory)
    return _export(args.url, args.schema, Path(args.source))


def _report(exc: DataPackageError, where, how_rows: str) -> int:
    n = len(exc.problems)
    print(f"INVALID: {n} problem{'s' if n != 1 else ''} in {where} ({how_rows})", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def _validate_folder(directory: str) -> int:
    try:
        dataset = load_dataset(directory)
    except DataPackageError as exc:
        return _report(exc, exc.directory, "rows are counted as in a spreadsheet: the header is row 1")
    except Exception as exc:  # noqa: BLE001 - a maintainer gets a message, never a traceback
        print(f"INVALID: could not read {directory}: {exc}", file=sys.stderr)
        return 1
    counts = dataset.row_counts()
    print(f"OK: {len(counts)} tables, {sum(counts.values())} rows, version {dataset.version} ({directory})")
    return 0


def _validate_database(url: str, schema: str, package: Path) -> int:
    from data import postgres  # psycopg only when a database is asked for
    from data.cache import redact_url
    from data.live import SourceUnavailable

    where = f"{redact_url(url)} (schema {schema})"
    folder = Path(tempfile.mkdtemp(prefix="ops-validate-"))
    try:
        dataset = postgres.load(url, schema, package, folder=folder)
    except DataPackageError as exc:
        return _report(exc, where, "rows are named by their primary key")
    except SourceUnavailable as exc:
        print(f"INVALID: could not read {where}: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001
        print(f"INVALID: could not read {where}: {postgres.scrub(str(exc), url)}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    counts = dataset.row_counts()
    print(f"OK: {len(counts)} tables, {sum(counts.values())} rows, version {dataset.version} ({where})")
    return 0


def _export(url: str, schema: str, source: Path) -> int:
    from data import postgres
    from data.cache import redact_url
    from data.live import SourceUnavailable

    where = f"{redact_url(url)} (schema {schema})"
    if not _is_url(url):
        print("FAILED: expected a postgresql:// URL, e.g. postgresql://user:password@host:5432/dbname",
              file=sys.stderr)
        return 2
    try:
        written = postgres.write_package(url, schema, source)
    except DataPackageError as exc:
        return _report(exc, exc.directory, "rows are counted as in a spreadsheet: the header is row 1")
    except SourceUnavailable as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - e.g. a view of the same name, no CREATE privilege
        print(f"FAILED: nothing was written to {where}: {postgres.error_line(exc, url)}", file=sys.stderr)
        return 1
    print(f"OK: wrote {len(written)} tables, {sum(written.values())} rows from {source} to {where}")
    return 0



def _history_root() -> Path:
    from data.history import HISTORY_ROOT
    from settings import SettingsError, load_settings

    try:
        return load_settings().history_dir or HISTORY_ROOT
    except SettingsError:
        return HISTORY_ROOT


def _rollback(version: str, target: str | None) -> int:
    """Put a kept version's files back into the data folder (the app's watcher does the rest)."""
    from data.history import History, restore
    from settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        print("FAILED: " + "; ".join(exc.problems), file=sys.stderr)
        return 2
    if target is None and settings.data_url:
        print("FAILED: the data is read from PostgreSQL (OPS_DATA_URL); write the kept version's tables back "
              "with: python -m data export-postgresql URL --from <the kept version's folder> (it replaces the "
              "tables, without constraints)", file=sys.stderr)
        return 2
    history = History(settings.history_dir or _history_root())
    kept = history.get(version)
    if kept is None:
        known = ", ".join(k.version for k in history.versions()[:10]) or "none"
        print(f"FAILED: {version} is not a kept version (kept in {history.root}: {known})", file=sys.stderr)
        return 1
    folder = Path(target) if target else settings.data_dir
    if not (folder / "datapackage.json").is_file():
        print(f"FAILED: {folder} holds no datapackage.json", file=sys.stderr)
        return 1
    backup = restore(kept, folder, history.root)
    print(f"OK: {folder} holds version {kept.version} again (kept {kept.accepted_iso}); its former files are in "
          f"{backup}. A running app switches to it within seconds.")
    return 0


def _folder(target: str) -> Path | None:
    """A package folder, or the folder of a version kept in the data history."""
    if Path(target).is_dir():
        return Path(target)
    from data.history import History

    history = History(_history_root())
    if target == SERVED:  # the version the app serves: the newest kept from its data folder
        from settings import SettingsError, load_settings

        try:
            source = str(load_settings().data_dir)
        except SettingsError:
            return None
        kept = history.latest(source)
        return kept.folder if kept is not None else None
    kept = history.get(target)
    return kept.folder if kept is not None else None


def _diff(old: str, new: str, lang: str) -> int:
    """Print the difference between two versions in words (data/diff.py, i18n/changes.py)."""
    from data.diff import diff
    from i18n.changes import describe_all  # the words; this command is an entry point, not the data layer
    from i18n.text import t

    folders = [_folder(target) for target in (old, new)]
    for target, folder in zip((old, new), folders, strict=True):
        if folder is None:
            print(f"{target}: neither a package folder nor a kept version (see OPS_HISTORY_DIR)", file=sys.stderr)
            return 1
    versions = []
    for directory in folders:
        try:
            versions.append(load_dataset(directory))
        except DataPackageError as exc:
            print(f"{directory}: invalid ({len(exc.problems)} problem(s)); check it with: python -m data validate "
                  f"{directory}", file=sys.stderr)
            return 1
        except (OSError, ValueError) as exc:
            print(f"{directory}: cannot be read: {exc}", file=sys.stderr)
            return 1
    old, new = versions
    lines = describe_all(diff(old, new), old, new, lang)
    print(f"{old.version} → {new.version}: " + (t("changes.count", lang, n=len(lines)) if lines else
                                                 t("changes.none", lang)))
    for line in lines:
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
