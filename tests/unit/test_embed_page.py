"""The server-rendered embed (server/embed_page.py): one HTML response that already holds the card
(figure, summary, table, notes, sources) written from the same components as the page's card
(ui/static_html.py); its cache, ETag and 304; its headers; and the layout tree writer itself."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from dash import dcc, html

from charts.registry import CHARTS, get_chart
from data import Filters
from i18n.text import t
from ui.static_html import UnsupportedComponent, to_html


@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


class Page(HTMLParser):
    """The elements of a page: (tag, attributes) in document order, and the text of each JSON block."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.blocks: dict[str, str] = {}
        self._block: str | None = None
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script" and attributes.get("type") == "application/json":
            self._block = attributes.get("id") or attributes.get("class")

    def handle_endtag(self, tag):
        self._block = None

    def handle_data(self, data):
        if self._block:
            self.blocks[self._block] = self.blocks.get(self._block, "") + data
        else:
            self.text.append(data)

    def all(self, tag=None, **attrs) -> list[dict]:
        return [a for t_, a in self.elements if (tag is None or t_ == tag)
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def figure_of(page: Page) -> dict:
    return json.loads(page.blocks["ops-figure"])["figure"]


def test_the_embed_is_one_html_answer_with_the_whole_card(client, bundled):
    response = client.get("/embed/projects-by-region?region=1084,1083&lang=en")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = Page(response.get_data(as_text=True))
    chart = get_chart("projects-by-region")
    data = chart.build(bundled, Filters.make(regions=["1084", "1083"]), "en")
    assert page.all("html")[0]["lang"] == "en"
    assert page.all("h1", id="projects-by-region-title")
    assert chart.summary(data, "en") in page.words
    for note in data.notes:
        assert " ".join(note.split()) in page.words
    figure = figure_of(page)  # the figure itself, as plotly.js draws it
    assert figure == json.loads(json.dumps(chart.figure(data, "en")))
    assert page.all(role="img")[0]["aria-label"].startswith("Chart: Collaborations by region.")
    # the table view of exactly the plotted numbers, and the sources
    assert len(page.all("tr")) == len(data.frame) + 1
    assert "Sources" in page.words
    # no Dash: no renderer, no callback; plotly.js (the partial bundle) and the app's own scripts, deferred
    scripts = [a["src"] for a in page.all("script") if "src" in a]
    assert not any("_dash" in s for s in scripts)
    assert [re.sub(r"\?v=\w+$", "", s) for s in scripts] == [
        "/vendor/plotly-ops.min.js", "/files/app.js", "/files/chart-export.js", "/files/embed-page.js"]
    assert all("defer" in a for a in page.all("script") if "src" in a)


def test_the_card_menu_offers_downloads_images_links_and_the_dashboard(client):
    page = Page(client.get("/embed/projects-by-region?region=1084").get_data(as_text=True))
    items = [a for a in page.all() if "dropdown-item" in (a.get("class") or "")]
    kinds = [json.loads(a["id"])["type"] for a in items]
    assert kinds == ["chart-csv", "chart-xlsx", "chart-png", "chart-svg", "chart-copy", "chart-copy-pinned",
                     "chart-open"]
    hrefs = {json.loads(a["id"])["type"]: a.get("href") for a in items}
    assert hrefs["chart-csv"] == "/embed/projects-by-region.csv?region=1084"
    assert hrefs["chart-xlsx"] == "/embed/projects-by-region.xlsx?region=1084"
    assert hrefs["chart-open"] == CHARTS["projects-by-region"].page + "?region=1084"  # its page, this view
    assert page.all("details", **{"class": "dropdown ops-card-menu"})


def test_controls_0_shows_the_chart_without_menu_or_table_button(client):
    page = Page(client.get("/embed/projects-by-region?controls=0").get_data(as_text=True))
    assert not [a for a in page.all() if "ops-card-menu" in (a.get("class") or "")]
    assert not [a for a in page.all("button") if "ops-table-toggle" in (a.get("class") or "")]
    assert figure_of(page)["data"]  # the chart is there


def test_a_selection_without_data_says_so_and_draws_nothing(client):
    page = Page(client.get("/embed/projects-by-region?from=1990&to=1990").get_data(as_text=True))
    assert t("card.empty", "da") in page.words
    assert figure_of(page)["data"] == []


def test_a_pinned_version_shows_its_banner_and_is_kept_apart_from_the_current_one(client, monkeypatch):
    """An embed of an earlier data version (`v=`) says so in a banner (a Bootstrap container in an
    alert); the same URL answered while that version was the current one is not served for it."""
    from ui import shell

    url = "/embed/projects-by-region?region=1084"
    current = client.get(url)
    monkeypatch.setattr(shell, "pinned", lambda: True)
    monkeypatch.setattr("server.embed_page.pinned", lambda: True)
    monkeypatch.setattr(shell, "kept_versions", lambda: [])
    response = client.get(url)
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    assert page.all(id="pinned-version") and page.all("div", **{"class": "container-lg"})
    assert response.headers["ETag"] != current.headers["ETag"]


def test_synthetic_data_is_said_in_the_embed_too(client, monkeypatch):
    from data.package import Dataset

    monkeypatch.setattr(Dataset, "synthetic", property(lambda self: True))
    page = Page(client.get("/embed/projects-by-sector?lang=en").get_data(as_text=True))
    assert [a for a in page.all() if "ops-synthetic" in (a.get("class") or "")]


def test_an_unknown_chart_is_a_404_page_in_the_language(client):
    response = client.get("/embed/no-such-chart?lang=en")
    assert response.status_code == 404
    assert t("embed.unknown", "en") in response.get_data(as_text=True)


def test_a_repeat_view_is_answered_304_and_compressed_answers_have_their_own_etag(client):
    url = "/embed/contract-value-by-sector?sector=hospital"
    first = client.get(url, headers={"Accept-Encoding": "br"})
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "br"
    assert first.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first.headers["Vary"] == "Accept-Encoding"
    etag = first.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and not again.get_data()
    plain = client.get(url)
    assert plain.headers["ETag"] != etag and "Content-Encoding" not in plain.headers
    assert client.get(url + "&lang=en", headers={"If-None-Match": etag}).status_code == 200  # another view


def test_the_embed_keeps_the_framing_policy_and_the_headers(client):
    response = client.get("/embed/projects-by-region")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Frame-Options" not in response.headers


def test_the_embeds_static_files_are_fingerprinted_and_kept_a_year(client):
    page = Page(client.get("/embed/projects-by-region").get_data(as_text=True))
    urls = [a["src"] for a in page.all("script") if "src" in a]
    urls += [a["href"] for a in page.all("link", rel="stylesheet")]
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        assert client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]}
                          ).status_code == 304
    stale = client.get(re.sub(r"\?v=\w+", "?v=old", urls[0]))
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    assert client.get("/vendor/plotly.min.js").status_code == 404


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
@pytest.mark.parametrize("query", ["", "?lang=en&controls=0", "?region=1084&present=1", "?region=nowhere"])
def test_every_chart_is_written_whole_in_every_mode(client, chart_id, query):
    response = client.get(f"/embed/{chart_id}{query}")
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    assert page.all(id=f"{chart_id}-title")
    if "nowhere" in query:
        assert page.all(id="url-notice")  # the notice about the URL part left out


# ------------------------------------------------------------------ the layout tree writer
def test_components_are_written_as_their_elements_with_escaped_text_and_attributes():
    tree = html.Div([html.H2("A & <b>", className="x", id={"type": "t", "chart": "c"}),
                     html.A("go", href="/x?a=1&b=2", **{"aria-label": 'say "hi"'}),
                     html.Details([html.Summary("S")], open=True), html.Br(), 5],
                    style={"marginTop": "4px"}, hidden=False)
    assert to_html(tree) == (
        '<div style="margin-top: 4px">'
        '<h2 id="{&quot;chart&quot;:&quot;c&quot;,&quot;type&quot;:&quot;t&quot;}" class="x">A &amp; &lt;b&gt;</h2>'
        '<a href="/x?a=1&amp;b=2" aria-label="say &quot;hi&quot;">go</a>'
        '<details open><summary>S</summary></details><br>5</div>')


def test_json_in_a_page_cannot_close_its_element():
    written = to_html(dcc.Store(id="s", data={"text": "</script><script>alert(1)</script>"}))
    assert written.count("</script>") == 1
    assert json.loads(re.search(r">(.*)</script>", written).group(1)) == {"text": "</script><script>alert(1)</script>"}


def test_a_component_without_a_static_form_is_refused():
    with pytest.raises(UnsupportedComponent):
        to_html(dcc.Dropdown(options=["a"]))
