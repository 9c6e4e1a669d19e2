"""Danish (default) and English: the switch in the navbar, `lang=` in the URL, <html lang>, page
titles, the shell's texts and Dash's own texts, and the filter dropdowns by keyboard."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

import charts  # noqa: F401  (registers the charts)
from i18n.text import t


def html_lang(document: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', document).group(1)


def open_page(page, url: str):
    page.goto(url)
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")


# ------------------------------------------------------------------ in the browser
def shell_texts(page) -> dict:
    return {
        "html_lang": page.evaluate("document.documentElement.lang"),
        "title": page.title(),
        "h1": page.inner_text("main h1"),
        "nav": page.inner_text("header nav"),
        "filters": page.inner_text("#filter-bar"),
        "footer": page.inner_text("footer"),
        "skip": page.inner_text("#skip-link"),
        "switch": page.inner_text("#lang-switch"),
    }


def test_the_language_switch_keeps_page_and_filters_and_translates_everything(page, app_url):
    open_page(page, f"{app_url}regions?region=1084&from=2015")
    danish = shell_texts(page)
    assert danish["html_lang"] == "da" and danish["title"] == "Regioner · OPS Monitor"
    assert "Regioner" in danish["nav"] and "Samarbejdsform" in danish["filters"]
    assert "Data opdateret" in danish["footer"] and danish["switch"] == "English"
    assert page.get_attribute("#lang-switch", "lang") == "en"

    page.click("#lang-switch")
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.wait_for_selector("#main-content h1")
    page.wait_for_load_state("networkidle")
    query = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path.endswith("/regions")
    assert query == {"region": ["1084"], "from": ["2015"], "lang": ["en"]}
    english = shell_texts(page)
    assert english["title"] == "Regions · OPS Monitor"
    assert english["h1"] != danish["h1"]
    assert "Regions" in english["nav"] and "Sources" in english["nav"]
    assert "Collaboration form" in english["filters"] and "Reset filters" in english["filters"]
    assert "Data updated" in english["footer"] and english["skip"] == "Skip to content"
    assert english["switch"] == "Dansk" and page.get_attribute("#lang-switch", "lang") == "da"
    # the filters survived the switch: the region dropdown shows the English region name
    assert "Capital Region" in page.inner_text("#filter-region")

    page.click("#lang-switch")
    page.wait_for_function("document.documentElement.lang === 'da'")
    page.wait_for_selector("#main-content h1")
    assert parse_qs(urlsplit(page.url).query)["lang"] == ["da"]
    assert page.title() == "Regioner · OPS Monitor"


def test_moving_between_pages_keeps_the_language_and_sets_the_tab_title(page, app_url):
    open_page(page, f"{app_url}?lang=en")
    page.click("header nav >> text=Sectors")
    page.wait_for_url(re.compile(r"/sectors\?lang=en$"))
    page.wait_for_function("document.title === 'Sectors · OPS Monitor'")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("#lang-switch") == "Dansk"


def test_a_language_change_without_page_load_renders_the_shell_again(page, app_url):
    """The back button (or any in-app URL change) can change `lang=` without loading the page."""
    open_page(page, f"{app_url}sectors?sector=medtech")
    page.evaluate(
        "path => { window.history.pushState({}, '', path); window.dispatchEvent(new PopStateEvent('popstate')); }",
        urlsplit(app_url).path + "sectors?sector=medtech&lang=en",
    )
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.wait_for_function("document.querySelector('#filter-bar').innerText.includes('Collaboration form')")
    assert "Sources" in page.inner_text("header nav")
    assert "Data updated" in page.inner_text("footer")
    # the re-rendered filter bar still shows the URL's filter
    page.wait_for_function("document.querySelector('#filter-region') !== null")
    assert page.inner_text("#filter-sector").strip() != t("filter.all", "en")


@pytest.mark.parametrize(("lang", "search_text", "found_none"), [("da", "Søg", "Ingen valgmuligheder fundet"),
                                                                  ("en", "Search", "No options found")])
def test_dash_dropdown_texts_are_in_the_page_language(page, app_url, lang, search_text, found_none):
    open_page(page, f"{app_url}?lang={lang}")
    page.click("#filter-sector")
    search = page.locator(".dash-dropdown-search")
    assert search.get_attribute("placeholder") == search_text
    search.fill("zzzz")
    page.wait_for_selector(f"text={found_none}")


def test_filters_work_by_keyboard_alone(page, app_url):
    open_page(page, app_url)
    page.focus("#lang-switch")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-region"
    page.keyboard.press("Enter")
    page.wait_for_selector(".dash-dropdown-option")
    # the open list puts the focus in its search field (a frame later), the arrows move to the options
    page.wait_for_function("document.activeElement.classList.contains('dash-dropdown-search')")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.activeElement.closest('.dash-dropdown-option') !== null")
    page.keyboard.press("Space")
    page.wait_for_function("window.location.search.includes('region=')")
    page.keyboard.press("Escape")
    page.wait_for_function("document.activeElement.id === 'filter-region'")
    # Tab moves on to the next filter (no hidden stop in between), Shift+Tab comes back
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-sector"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "filter-region"


def test_filter_dropdowns_are_named_by_their_labels(page, app_url):
    open_page(page, app_url)
    for control, key in [("filter-region", "filter.region"), ("filter-form", "filter.form"),
                         ("filter-from", "filter.from")]:
        labelledby = page.get_attribute(f"#{control}", "aria-labelledby").split()
        assert page.inner_text(f"#{labelledby[0]}") == t(key, "da")
        assert page.get_attribute(f"#{control}", "tabindex") == "0"
    hidden_stops = page.evaluate(
        "[...document.querySelectorAll('.dash-dropdown-focus-target')].filter(e => e.tabIndex >= 0).length"
    )
    assert hidden_stops == 0
