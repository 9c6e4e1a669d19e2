"""Danish versions of the data package's free-text notes (issue 5: every visible text in da and en).

Each English note column (`note`, `scope_note`) has a Danish twin (`note_da`, `scope_note_da`) right
after it; the two are filled for exactly the same rows, and the UI shows the one in the page's
language. The tables and columns are read from datapackage.json, never listed here by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

import charts  # noqa: F401  (registers every chart)
from i18n.text import note_col


def filled(column: pd.Series) -> pd.Series:
    return column.fillna("").str.strip() != ""


# ------------------------------------------------------------------ in the browser
def project_with_notes(ds) -> tuple[pd.Series, pd.Series]:
    """A project with a note that has a figure with a note (chosen from the data, not by name)."""
    projects = ds["projects"][filled(ds["projects"]["note"])]
    figures = ds["figures"][filled(ds["figures"]["note"]) & ds["figures"]["project_id"].isin(projects["project_id"])]
    figure = figures.sort_values("figure_id").iloc[0]
    project = projects.set_index("project_id").loc[figure["project_id"]]
    return project, figure


def open_page(page, url: str):
    page.goto(url)
    page.wait_for_selector("#project-facts")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("query", "lang"), [("", "da"), ("?lang=en", "en")])
def test_project_page_shows_the_notes_in_the_page_language(page, page_log, app_url, bundled, query, lang):
    project, figure = project_with_notes(bundled)
    open_page(page, f"{app_url}projects/{project.name}{query}")
    other = "en" if lang == "da" else "da"
    note = page.locator("#project-note").inner_text().strip()
    assert note == project[note_col(lang)].strip()
    assert note != project[note_col(other)].strip()
    row = page.locator(f'#project-figures-table tr[data-figure-id="{figure["figure_id"]}"]').inner_text()
    assert figure[note_col(lang)] in row
    assert figure[note_col(other)] not in row
    assert page_log.console_errors == []
