"""Keyboard alone: the skip link, a visible focus ring, the chart card's table view, the chart
menu and the project grid. (The filter dropdowns: tests/browser/test_language.py.)"""
from __future__ import annotations

import re


def open_page(page, url: str):
    page.goto(url)
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")


def active(page) -> dict:
    return page.evaluate("""() => {
        const a = document.activeElement;
        const s = getComputedStyle(a);
        return {id: a.id, tag: a.tagName, cls: String(a.className), text: (a.innerText || '').trim(),
                outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)};
    }""")


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page, app_url):
    open_page(page, app_url)
    page.keyboard.press("Tab")
    first = active(page)
    assert first["id"] == "skip-link" and first["text"] == "Spring til indhold"
    assert page.locator("#skip-link").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert active(page)["id"] == "main-content"


def test_focus_is_visible_on_links_buttons_and_filters(page, app_url):
    open_page(page, app_url)
    seen = []
    for _ in range(14):
        page.keyboard.press("Tab")
        now = active(page)
        seen.append(now)
        assert now["outline"] != "none" and now["outlineWidth"] >= 2, now
    kinds = {(s["tag"], "nav-link" in s["cls"], "dash-dropdown" in s["cls"]) for s in seen}
    assert ("A", True, False) in kinds and ("BUTTON", False, True) in kinds  # nav links and filters seen


def test_table_view_opens_and_closes_by_keyboard(page, app_url):
    open_page(page, app_url)
    toggle = page.locator(".ops-table-toggle").first
    controls = toggle.get_attribute("aria-controls")
    toggle.focus()
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.getElementById('{controls}') && "
                           f"document.getElementById('{controls}').offsetHeight > 0")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(f"#{controls} table th").count() >= 2
    page.keyboard.press("Space")
    page.wait_for_function(f"document.querySelector('[aria-controls=\"{controls}\"]')"
                           ".getAttribute('aria-expanded') === 'false'")


def test_chart_menu_opens_moves_and_closes_by_keyboard(page, app_url):
    open_page(page, app_url)
    menu = page.locator(".ops-card-menu-toggle").first
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".dropdown-menu.show")
    page.keyboard.press("ArrowDown")
    assert "dropdown-item" in active(page)["cls"]
    page.keyboard.press("Escape")
    page.wait_for_selector(".dropdown-menu.show", state="detached")
    assert "ops-card-menu-toggle" in active(page)["cls"]


def test_project_grid_cells_and_links_are_reached_by_keyboard(page, app_url):
    open_page(page, f"{app_url}projects")
    page.wait_for_selector(".ag-row .ag-cell")
    page.locator(".ag-header-cell").first.focus()
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.closest('.ag-row').getAttribute('row-index')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.closest('.ag-row').getAttribute('row-index')")
    assert (first, second) == ("0", "1")
    expected = page.evaluate("document.activeElement.querySelector('a').getAttribute('href')")
    page.keyboard.press("Enter")  # Enter on a name cell opens that project
    page.wait_for_url(re.compile(r"/projects/[^/?]+"))
    page.wait_for_selector("#main-content h1")
    assert page.url.endswith(expected.lstrip("/")) or expected in page.url
