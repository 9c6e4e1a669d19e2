"""The sources page (/sources) and the download of the data package as a zip.

Expected values are read from the data package, never written into the tests.
"""

from __future__ import annotations

import io
import json
import time
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from data import Dataset, load_dataset
from i18n import format as fmt
from settings import load_settings

DATA_DIR = load_settings().data_dir
DS = load_dataset(DATA_DIR)


def package_names(ds: Dataset = DS) -> list[str]:
    names = ["datapackage.json", *(r["path"] for r in ds.descriptor["resources"])]
    if ds.descriptor.get("geometry", {}).get("path"):
        names.append(ds.descriptor["geometry"]["path"])
    return names


# ------------------------------------------------------------------ browser
def open_page(page, url: str):
    response = page.goto(url)
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")
    return response


@pytest.fixture(autouse=True)
def _validated(request):
    """Wait until Dash has built its validation layout (see tests/browser/test_pages_projects.py)."""
    if "app_url" not in request.fixturenames:
        return
    app_url = request.getfixturevalue("app_url")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{app_url}sources", timeout=10) as response:
            if '"sources-table"' in response.read().decode():
                return
        time.sleep(0.25)


def test_sources_page_lists_every_source(page, page_log, app_url):
    response = open_page(page, f"{app_url}sources")
    assert response.status == 200
    page.wait_for_function("document.title === 'Kilder · OPS Monitor'")
    assert page.locator("main h1").inner_text() == "Kilder og metode"
    rows = page.locator("#sources-table tbody tr")
    sources = DS["sources"].sort_values("source_id")
    assert rows.count() == len(sources)
    assert rows.locator("th").all_inner_texts() == list(sources["source_id"])
    for _, src in sources.iterrows():
        row = page.locator(f"#source-{src['source_id']}")
        title = row.locator("td").first
        assert src["title"] in title.inner_text()
        if isinstance(src["url"], str) and src["url"]:
            assert title.locator("a").get_attribute("href") == src["url"]
        else:
            assert title.locator("a").count() == 0
    assert page_log.console_errors == []
    assert page_log.failed_requests == []
    assert page_log.non_loopback_requests() == []


def test_each_source_says_what_it_supports(page, app_url):
    figures = DS["figures"]["source_id"].value_counts()
    projects = DS["projects"]["source_id"].value_counts()
    sid = figures.index[0]
    open_page(page, f"{app_url}sources")
    text = page.locator(f"#source-{sid} td").last.inner_text()
    n = int(figures[sid])
    assert f"{fmt.number(n)} {'figur' if n == 1 else 'figurer'}" in text
    if sid in projects:
        m = int(projects[sid])
        assert f"{fmt.number(m)} {'projekt' if m == 1 else 'projekter'}" in text


def test_sources_page_shows_version_update_date_and_attribution(page, app_url):
    open_page(page, f"{app_url}sources")
    assert page.inner_text("#data-version") == DS.version
    assert page.locator("#data-updated time").get_attribute("datetime") == DS.updated
    assert page.inner_text("#data-updated") == fmt.format_date(DS.updated)
    danish = DS.descriptor["geometry"]["attribution_da"]
    assert page.inner_text("#geometry-attribution").strip("“”\"") == danish
    open_page(page, f"{app_url}sources?lang=en")
    english = DS.descriptor["geometry"]["attribution"]
    assert page.inner_text("#geometry-attribution").strip("“”\"") == english


def test_completeness_shows_each_optional_column(page, app_url):
    open_page(page, f"{app_url}sources")
    projects = DS["projects"]
    row = page.locator('#column-completeness tr[data-table="projects"][data-column="region_code_2"]')
    filled = int(projects["region_code_2"].notna().sum())
    assert f"{fmt.number(filled)} af {fmt.number(len(projects))}" in row.inner_text()
    optional = sum(1 for r in DS.descriptor["resources"] for f in r["schema"]["fields"]
                   if not f.get("constraints", {}).get("required"))
    assert page.locator("#column-completeness tbody tr").count() == optional


def test_download_link_serves_a_valid_zip_of_the_package(page, app_url):
    open_page(page, f"{app_url}sources")
    href = page.get_attribute("#download-package", "href")
    assert href.endswith("download/ops-monitor-data.zip")
    with urllib.request.urlopen(urljoin(app_url, href), timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/zip"
        assert 'filename="ops-monitor-data.zip"' in response.headers["Content-Disposition"]
        body = response.read()
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    names = archive.namelist()
    descriptor = json.loads(archive.read("datapackage.json"))
    assert [r["path"] for r in descriptor["resources"]] == [r["path"] for r in DS.descriptor["resources"]]
    for name in package_names():
        assert name in names
        assert archive.read(name) == (Path(DATA_DIR) / name).read_bytes(), name


def test_sources_page_has_no_axe_violations(page, app_url):
    open_page(page, f"{app_url}sources")
    results = Axe().run(page, context={"exclude": [["#filter-bar"]]})
    assert results.violations_count == 0, results.generate_report()
