"""Rendered pages are cached in front of Dash (server/render_cache.py): the page router's answer per
(page URL, default language, data version, rejected newer version), the shell's per query of the
page asking for it. A repeated request is answered from the cache with the same bytes and without
rendering; any change of view, language, data or rejection gets its own entry; other callbacks and
error answers are never cached."""
from __future__ import annotations

import json

import pytest

from bench.callback_latency import router_payload
from data import cache as data_cache
from data import current
from data.current import set_default_lang
from server import render_cache
from ui import router


@pytest.fixture(scope="module")
def client():
    import app

    client = app.server.test_client()
    assert client.get("/").status_code == 200
    return client


@pytest.fixture(autouse=True)
def fresh_cache():
    data_cache.configure(None)
    yield
    data_cache.configure(None)


@pytest.fixture
def renders(monkeypatch):
    """The page renders the router makes (path, search), counted."""
    calls = []
    original = router.page_at

    def counted(path):
        calls.append(path)
        return original(path)

    monkeypatch.setattr(router, "page_at", counted)
    return calls


def post(client, path: str, search: str = ""):
    return client.post("/_dash-update-component", json=router_payload(path, search))


def test_a_repeated_page_request_is_answered_from_the_cache(client, renders):
    first = post(client, "/regions", "?region=1084&lang=en")
    again = post(client, "/regions", "?region=1084&lang=en")
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data()
    assert renders == ["regions"]  # rendered once
    answer = again.get_json()["response"]
    assert answer["page-title"]["data"] == "Regions · OPS Monitor"
    assert "Hovedstaden" in str(answer["page-content"]["children"])


def test_each_view_gets_its_own_entry(client, renders):
    views = [("/regions", ""), ("/regions", "?region=1084"), ("/regions", "?lang=en"), ("/sectors", "")]
    bodies = [post(client, path, search).get_data() for path, search in views]
    assert len(set(bodies)) == len(views)
    assert len(renders) == len(views)
    post(client, "/sectors", "")
    assert len(renders) == len(views)


def test_the_default_language_and_a_rejection_change_the_key(client, monkeypatch):
    from data.live import Rejection

    before = render_cache.render_key("page", ("/sources", ""))
    set_default_lang("en")
    try:
        assert render_cache.render_key("page", ("/sources", "")) != before
    finally:
        set_default_lang("da")
    assert render_cache.render_key("page", ("/sources", "")) == before
    monkeypatch.setattr(current, "rejection", lambda: Rejection((), ("x.csv: bad",), 1.0))
    assert render_cache.render_key("page", ("/sources", "")) != before


def test_the_shell_is_cached_per_page_and_query(client, monkeypatch):
    """The shell holds the page being loaded (its path and query come from the Referer)."""
    from ui import shell

    calls = []
    original = shell._shell
    monkeypatch.setattr(shell, "_shell", lambda *a: calls.append(a[1:]) or original(*a))
    da = client.get("/_dash-layout", headers={"Referer": "http://localhost/regions?region=1084"})
    again = client.get("/_dash-layout", headers={"Referer": "http://localhost/regions?region=1084"})
    sectors = client.get("/_dash-layout", headers={"Referer": "http://localhost/sectors?region=1084"})
    en = client.get("/_dash-layout", headers={"Referer": "http://localhost/regions?lang=en"})
    assert da.get_data() == again.get_data()
    assert len({da.get_data(), sectors.get_data(), en.get_data()}) == 3
    shown = da.get_json()  # the page itself is in the shell, with the URL it was rendered for
    assert '"pathname": "/regions", "search": "?region=1084"' in json.dumps(shown) and "Regionerne" in json.dumps(shown)
    assert [(lang, path) for lang, _, path, _ in calls] == [("da", "/regions"), ("da", "/sectors"), ("en", "/regions")]


def test_other_callbacks_and_errors_are_not_cached(client):
    bad = router_payload("/regions", "")
    bad["inputs"][0]["value"] = 5  # a pathname the router cannot use: 400
    assert client.post("/_dash-update-component", json=bad).status_code == 400
    assert client.post("/_dash-update-component", json=bad).status_code == 400
    assert render_cache.router_request({"outputs": [{"id": "navbar-collapse", "property": "is_open"}],
                                        "inputs": []}) is None
    assert '"/x"' in render_cache.router_request(router_payload("/x", "?a=1"))[0]


def test_a_new_data_version_is_rendered_afresh(client, renders, monkeypatch):
    import dataclasses

    post(client, "/", "")
    newer = dataclasses.replace(current.get_dataset(), version="newer")
    monkeypatch.setattr(current, "get_dataset", lambda: newer)
    post(client, "/", "")
    assert renders == ["", ""]


def test_the_url_callback_is_keyed_by_its_whole_request():
    """The URL callback's answer follows from its request alone (the URL, the filter controls and which
    of them changed, the page shown, the shell's language, the components it updates), so the request is
    the key: the same request is one entry, and any of those parts makes another."""
    from bench.callback_latency import filter_sync_payload, url_payload

    key = render_cache.router_request
    page = url_payload("/regions", "?region=1084")
    assert key(page) == key(url_payload("/regions", "?region=1084"))
    others = [
        url_payload("/regions", "?region=1083"),
        url_payload("/sectors", "?region=1084"),
        url_payload("/regions", "?region=1084", shown={"pathname": "/", "search": ""}),
        url_payload("/regions", "?region=1084", lang="en"),
        url_payload("/regions", "?region=1084", controls=(["1084"], [], [], None, None)),
        url_payload("/regions", "?region=1084", changed="filter-region"),
        url_payload("/regions", "?region=1084", nav=False),
    ]
    assert len({key(page), *map(key, others)}) == 1 + len(others)
    assert key(filter_sync_payload("")) != key(filter_sync_payload("?lang=en"))


def test_a_repeated_filter_change_is_answered_from_the_cache(client, renders):
    from bench.callback_latency import filter_sync_payload

    first = client.post("/_dash-update-component", json=filter_sync_payload("?sector=medtech"))
    again = client.post("/_dash-update-component", json=filter_sync_payload("?sector=medtech"))
    assert first.status_code == again.status_code == 200 and again.get_data() == first.get_data()
    assert renders == ["", ""]  # the page for the new view and the page shown (to send only what differs), once
    answer = first.get_json()["response"]
    assert answer["url"]["search"] == "?region=1084"  # the region chosen, the sector left out by the dropdowns
    assert "filter-region" not in answer  # the dropdown already shows what the user chose
    assert "page-content" not in answer  # in place: the charts get their new figures
    assert any('"chart-graph"' in key for key in answer)  # each chart drawn gets its new figure
