"""Language rules without a server: `lang=` of a query string and the configured default language
(OPS_LANG). The pages in both languages: tests/integration/test_language.py (HTTP) and
tests/browser/test_language.py (Chromium)."""
from __future__ import annotations

import charts  # noqa: F401  (registers the charts)
from data import load_dataset
from data.current import default_lang, set_default_lang
from settings import load_settings
from ui.page_helpers import lang_of_search
from ui.url_state import parse_query


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
