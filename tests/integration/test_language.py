"""Danish (default) and English over HTTP from the real app: every page's <html lang> and title, Dash's
loading and no-JavaScript texts, the titles of the project, embed and 404 pages, a bad `lang=`. The
switch, the shell and the dropdowns in Chromium: tests/browser/test_language.py."""
from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

import charts  # noqa: F401  (registers the charts)
from charts.registry import get_chart
from data import load_dataset
from i18n.text import t
from settings import load_settings
from tests.support import nav_items


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


# ------------------------------------------------------------------ the HTML page itself
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(("path", "key"), nav_items())
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
