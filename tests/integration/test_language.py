"""Danish (default) and English: the switch in the navbar, `lang=` in the URL, <html lang>, page
titles, the shell's texts and Dash's own texts, and the filter dropdowns by keyboard."""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

import charts  # noqa: F401  (registers the charts)
from charts.registry import get_chart
from data import load_dataset
from data.current import default_lang, set_default_lang
from i18n.text import t
from settings import load_settings
from ui.page_helpers import lang_of_search
from ui.shell import NAV_ITEMS
from ui.url_state import parse_query


def get_html(url: str) -> str:
    """The HTML page at url (an unknown page answers 404 with the app's localised 404 page)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        if exc.code != 404:
            raise
        return exc.read().decode("utf-8")


def html_lang(document: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', document).group(1)


def html_title(document: str) -> str:
    return re.search(r"<title>([^<]*)</title>", document).group(1)


def open_page(page, url: str):
    page.goto(url)
    page.wait_for_selector("main h1")
    page.wait_for_load_state("networkidle")


# ------------------------------------------------------------------ the HTML page itself
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(("path", "key"), NAV_ITEMS)
def test_every_page_has_a_title_and_html_lang_in_its_language(app_url, path, key, lang):
    query = "?lang=en" if lang == "en" else ""
    document = get_html(f"{app_url}{path.lstrip('/')}{query}")
    assert html_lang(document) == lang
    assert html_title(document) == f"{t(key, lang)} · OPS Monitor"


def test_dash_loading_and_noscript_texts_follow_the_language(app_url):
    danish, english = get_html(app_url), get_html(f"{app_url}?lang=en")
    assert t("page.loading", "da") in danish and "Loading..." not in danish
    assert t("page.noscript", "da") in danish
    assert t("page.loading", "en") in english and t("page.noscript", "en") in english


def test_project_embed_and_404_titles_are_in_the_page_language(app_url):
    project = load_dataset(load_settings().data_dir)["projects"].iloc[0]
    english = get_html(f"{app_url}projects/{project['project_id']}?lang=en")
    assert html_lang(english) == "en" and html_title(english) == f"{project['name']} · OPS Monitor"
    embed = get_html(f"{app_url}embed/projects-by-region?lang=en")
    assert html_title(embed) == f"{t(get_chart('projects-by-region').title_key, 'en')} · OPS Monitor"
    missing = get_html(f"{app_url}findes-ikke?lang=en")
    assert html_title(missing) == f"{t('notfound.title', 'en')} · OPS Monitor"
    assert html_title(get_html(f"{app_url}findes-ikke")) == f"{t('notfound.title', 'da')} · OPS Monitor"


def test_a_bad_lang_value_falls_back_to_danish(app_url):
    document = get_html(f"{app_url}?lang=%3Cscript%3E")
    assert html_lang(document) == "da"
    assert html_title(document) == "Overblik · OPS Monitor"


# ------------------------------------------------------------------ language rules (no server)
def test_lang_of_search_accepts_only_known_languages():
    assert lang_of_search("?lang=en") == "en"
    assert lang_of_search("region=1084&lang=da") == "da"
    assert lang_of_search("?lang=fr") == default_lang() == "da"
    assert lang_of_search(None) == "da"


def test_the_configured_default_language_applies_without_lang():
    ds = load_dataset(load_settings().data_dir)
    try:
        set_default_lang("en")
        assert parse_query("", ds).lang == "en"
        assert parse_query("lang=da", ds).lang == "da"
        assert lang_of_search("") == "en"
    finally:
        set_default_lang("da")
    assert parse_query("", ds).lang == "da"


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
    page.wait_for_selector("main h1")
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
    page.wait_for_selector("main h1")
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
