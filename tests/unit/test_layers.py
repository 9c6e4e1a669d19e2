"""Imports run one way: data -> i18n -> charts -> ui -> server -> pages -> app.py; the data layer
never imports Dash; no code folder holds more than 20 modules."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAYERS = ["settings", "data", "i18n", "charts", "ui", "server", "pages", "app"]
FOLDERS = ["data", "i18n", "charts", "ui", "server", "pages"]


def modules() -> list[Path]:
    return [REPO / "app.py", REPO / "settings.py", *(p for f in FOLDERS for p in sorted((REPO / f).glob("*.py")))]


def layer_of(path: Path) -> str:
    relative = path.relative_to(REPO)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported(path: Path) -> set[str]:
    """Top-level package names `path` imports (module level and inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", [p for p in modules() if p.name != "__main__.py"],  # entry points, like app.py
                         ids=lambda p: str(p.relative_to(REPO)))
def test_imports_run_one_way(path):
    own = LAYERS.index(layer_of(path))
    later = {name for name in imported(path) if name in LAYERS and LAYERS.index(name) > own}
    assert later == set(), f"{path.relative_to(REPO)} imports from a later layer: {sorted(later)}"


@pytest.mark.parametrize("path", sorted((REPO / "data").glob("*.py")), ids=lambda p: p.name)
def test_the_data_layer_never_imports_dash_or_plotly(path):
    assert imported(path) & {"dash", "dash_bootstrap_components", "dash_ag_grid", "plotly"} == set()


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_code_folder_holds_more_than_20_modules(folder):
    assert len(list((REPO / folder).glob("*.py"))) <= 20
