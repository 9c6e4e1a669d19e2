"""The app in a real browser (Debian's Chromium), served on loopback by `python app.py`."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from data import load_dataset
from i18n.format import format_int
from settings import load_settings
from tests.support import fetch_json


def open_page(page, url: str):
    """Go to url and wait until Dash has rendered the page and the network is quiet."""
    response = page.goto(url)
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")
    return response


@pytest.fixture(scope="module")
def health(app_url) -> dict:
    return fetch_json(f"{app_url}healthz")


def test_home_loads_without_console_errors_or_failed_requests(page, page_log, app_url):
    response = open_page(page, app_url)
    assert response.status == 200
    # The tab title is set by Dash's pages router once the page is drawn.
    page.wait_for_function("document.title === 'Overblik · OPS Monitor'")
    assert page_log.console_errors == []
    assert page_log.failed_requests == []


def test_home_is_marked_as_danish(page, app_url):
    open_page(page, app_url)
    assert page.locator("html").get_attribute("lang") == "da"


def test_home_has_header_main_and_footer_landmarks(page, app_url):
    open_page(page, app_url)
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, landmark


def test_home_shows_data_version_and_update_date(page, app_url, health):
    # The overview shows them in the footer (the sources page shows them too).
    open_page(page, app_url)
    footer = page.get_by_role("contentinfo")
    assert footer.locator("#data-version-footer").inner_text() == health["data_version"]
    assert "dataversion" in footer.inner_text()
    assert footer.get_by_text("Data opdateret", exact=True).is_visible()
    assert footer.locator("#data-updated-footer").get_attribute("datetime") == health["updated"]


def test_sources_page_shows_data_version_and_update_date(page, app_url, health):
    open_page(page, f"{app_url}sources")
    main = page.get_by_role("main")
    assert main.locator("#data-version").inner_text() == health["data_version"]
    assert main.get_by_text("Dataversion", exact=True).is_visible()
    assert main.get_by_text("Data opdateret", exact=True).is_visible()
    assert main.locator("#data-updated time").get_attribute("datetime") == health["updated"]


def test_sources_page_lists_every_table_with_its_row_count(page, app_url):
    # The row-count table moved from the overview to /sources (data completeness).
    expected = load_dataset(load_settings().data_dir).row_counts()
    open_page(page, f"{app_url}sources")
    table = page.locator("#row-counts")
    assert table.locator("thead th").all_inner_texts() == ["Tabel", "Rækker"]
    rows = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    if expected:
        assert rows == [[name, format_int(n)] for name, n in expected.items()]
    else:
        assert rows == [["Datapakken indeholder endnu ingen tabeller."]]


def test_no_request_leaves_loopback(page, page_log, app_url):
    open_page(page, app_url)
    open_page(page, f"{app_url}findes-ikke")
    assert page_log.request_urls, "no requests were recorded at all"
    assert page_log.non_loopback_requests() == []


def test_bootstrap_css_is_served_by_the_app(page, app_url):
    with page.expect_response(lambda r: "/vendor/bootstrap.min.css" in r.url) as info:
        open_page(page, app_url)
    css = info.value
    assert urlsplit(css.url).netloc == urlsplit(app_url).netloc
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
    assert len(css.body()) > 100_000
    # ...and it is applied: Bootstrap 5 defines its colour variables on :root.
    blue = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--bs-blue')")
    assert blue.strip() == "#0d6efd"


def test_unknown_path_shows_danish_404_page(page, page_log, app_url):
    response = open_page(page, f"{app_url}findes/ikke")
    assert response.status == 404  # the HTML page of an unknown path answers 404 (components/security.py)
    assert page.locator("main h1").inner_text() == "Siden findes ikke"
    assert "Siden findes ikke" in page.title()
    assert page.locator("html").get_attribute("lang") == "da"
    page.get_by_role("link", name="Gå til forsiden").click()
    page.wait_for_selector("#kpi-projects")
    assert urlsplit(page.url).path == urlsplit(app_url).path
    # Chromium reports the 404 document itself; nothing else failed.
    assert [e for e in page_log.console_errors if "status of 404" not in e] == []
    assert page_log.failed_requests == [f"404 {app_url}findes/ikke"]
