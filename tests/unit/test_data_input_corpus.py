"""The corpus of broken packages (tests/broken_packages/<kind>/): each is refused whole, with the
expected problem (file, row, column and reason), in bounded time."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from data import DataPackageError, load_dataset
from tests.helpers_data import copy_package

CORPUS = Path(__file__).resolve().parents[1] / "broken_packages"
KINDS = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").is_file())
SPECIAL = {"expected.txt", "descriptor_patch.json", "make.json"}


def expected(kind: str) -> dict:
    out: dict = {"reason": []}
    for line in (CORPUS / kind / "expected.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        if key == "reason":
            out["reason"].append(value)
        elif key == "row":
            out["row"] = int(value)
        elif key:
            out[key] = value
    return out


def patch_descriptor(pkg: Path, patch: dict) -> None:
    path = pkg / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for name, changes in patch.items():
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        for dotted, value in changes.items():
            *parents, last = dotted.split(".")
            target = resource
            for key in parents:
                target = target[int(key)] if isinstance(target, list) else target[key]
            target[int(last) if isinstance(target, list) else last] = value
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def broken_package(tmp_path: Path, kind: str) -> Path:
    pkg = copy_package(tmp_path)
    folder = CORPUS / kind
    for item in folder.iterdir():
        if item.name not in SPECIAL:
            shutil.copyfile(item, pkg / item.name)
    if (folder / "descriptor_patch.json").is_file():
        patch_descriptor(pkg, json.loads((folder / "descriptor_patch.json").read_text(encoding="utf-8")))
    if (folder / "make.json").is_file():
        for name, size in json.loads((folder / "make.json").read_text(encoding="utf-8"))["sparse"].items():
            with (pkg / name).open("wb") as fh:
                fh.truncate(size)  # zero bytes, sparse: no disk, no memory
    return pkg


def test_the_corpus_has_at_least_twelve_kinds():
    assert len(KINDS) >= 12, KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_broken_package_is_refused_with_the_expected_problem(tmp_path, kind):
    pkg = broken_package(tmp_path, kind)
    want = expected(kind)
    started = time.perf_counter()
    with pytest.raises(DataPackageError) as info:
        load_dataset(pkg)
    seconds = time.perf_counter() - started
    problems = info.value.problems
    matching = [p for p in problems
                if p.file == want["file"]
                and ("row" not in want or p.row == want["row"])
                and ("column" not in want or p.column == want["column"])
                and all(part in p.reason for part in want["reason"])]
    assert matching, f"{kind}: expected {want}, got:\n" + "\n".join(map(str, problems))
    assert seconds < 10, f"{kind} took {seconds:.1f} s"


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path, monkeypatch):
    pkg = broken_package(tmp_path, "huge_file")
    opened = []
    real_open = Path.open

    def tracking_open(self, *args, **kwargs):
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", tracking_open)
    started = time.perf_counter()
    with pytest.raises(DataPackageError) as info:
        load_dataset(pkg)
    assert time.perf_counter() - started < 5
    assert "projects.csv" not in opened  # refused by os.stat, never opened
    (p,) = [p for p in info.value.problems if p.file == "projects.csv"]
    assert "200 MB" in p.reason and "160 MB" in p.reason
