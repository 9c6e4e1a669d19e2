"""The first paint of a Dash page (server/index_page.py, ui/shell.first_paint): the HTML page Dash
serves already holds the page, written from the same layout as Dash draws, so the browser shows it
before any script has run. Its parts: the layout written without ids, stores or figure data
(ui/static_html.py, first_paint=True), and the shell starting with what its callbacks would set."""
from __future__ import annotations

import re

import dash
import dash_bootstrap_components as dbc
import pytest
from dash import dcc, html

from tests.unit.test_embed_page import Page as Elements  # the elements and text of an HTML text
from ui.static_html import UnsupportedComponent, to_html


@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


def first_paint_of(page: str) -> str:
    """The first paint's markup in an HTML page ('' when it has none): everything from its element
    up to Dash's."""
    start = page.find('<div class="ops-first-paint">')
    return "" if start < 0 else page[start:page.index('<div id="react-entry-point"')]


def pages_with_a_static_form() -> list[str]:
    import app  # noqa: F401  (registers the pages)

    paths = []
    for page in dash.page_registry.values():
        if page.get("grid") or not page.get("path") or "<" in (page.get("path_template") or ""):
            continue
        paths.append(page["path"])
    return paths


# ------------------------------------------------------------------ the served page


@pytest.mark.parametrize("path", ["/", "/regions", "/sectors", "/impact", "/spending", "/programmes", "/sources",
                                  "/changes", "/embed/"])
def test_every_page_arrives_with_its_first_paint(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    paint = first_paint_of(page)
    assert paint, f"{path}: no first paint"
    # it comes before Dash's element, which starts hidden behind it (assets/app.css)
    assert page.index(paint) < page.index('id="react-entry-point"')
    parsed = Elements(paint)
    tags = [tag for tag, _ in parsed.elements]
    assert "h1" in tags and "nav" in tags and "footer" in tags
    # nothing a script would run, and no id Dash's own elements carry
    assert "script" not in tags
    assert not [a for _, a in parsed.elements if "id" in a], "ids belong to Dash's elements"


def test_the_registry_pages_are_all_covered():
    """Every page without a grid or a path variable is in the parametrised list above."""
    covered = {"/", "/regions", "/sectors", "/impact", "/spending", "/programmes", "/sources", "/changes", "/embed/"}
    assert set(pages_with_a_static_form()) - {"/404"} <= covered | {"/embed"}


def test_a_grid_page_has_no_first_paint(client):
    page = client.get("/projects").get_data(as_text=True)
    assert 'id="react-entry-point"' in page
    assert first_paint_of(page) == ""


def test_an_unknown_page_paints_the_not_found_page(client):
    answer = client.get("/no-such-page")
    assert answer.status_code == 404
    paint = Elements(first_paint_of(answer.get_data(as_text=True)))
    assert paint.elements, "the 404 page has a first paint too"


def test_the_first_paint_shows_the_urls_view(client):
    """Filters, language, active link and links carrying the filters: what the shell's callbacks
    would set once Dash runs is there from the start."""
    page = client.get("/regions?region=1084&lang=en").get_data(as_text=True)
    paint = Elements(first_paint_of(page))
    words = paint.words
    assert "Capital Region" in words  # the region dropdown shows the choice, in English
    links = {a.get("href"): a.get("class", "") for tag, a in paint.elements if tag == "a"}
    assert "/regions?region=1084&lang=en" in links and "active" in links["/regions?region=1084&lang=en"]
    assert "active" not in links["/?region=1084&lang=en"]
    # the language link leads to this view in Danish
    assert any(h and h.startswith("/regions?region=1084") and "lang=da" in h for h in links)
    # the filters in words (shown in print and presentation mode), in English
    assert "Showing: Capital Region" in words
    assert re.search(r'<html lang="en"', page)


def test_the_first_paint_is_in_the_languages_of_the_request(client):
    da = Elements(first_paint_of(client.get("/").get_data(as_text=True))).words
    en = Elements(first_paint_of(client.get("/?lang=en").get_data(as_text=True))).words
    assert "Overblik" in da and "Overview" in en
    assert "Overblik" not in en


def test_presentation_mode_paints_in_presentation_mode(client):
    paint = first_paint_of(client.get("/?present=1").get_data(as_text=True))
    assert re.search(r'class="ops-page ops-present"', paint)
    plain = first_paint_of(client.get("/").get_data(as_text=True))
    assert 'class="ops-page"' in plain and "ops-present" not in plain


def test_a_chart_is_its_frame_at_its_final_height_without_figure_data(client):
    paint = first_paint_of(client.get("/").get_data(as_text=True))
    frames = re.findall(r'<div class="ops-graph-frame"[^>]*style="min-height: (\d+)px"', paint)
    assert len(frames) >= 3
    assert '"data":' not in paint and "application/json" not in paint  # no figure JSON, no stores


def test_the_filter_bar_is_hidden_where_filters_do_not_apply(client):
    paint = first_paint_of(client.get("/sources").get_data(as_text=True))
    assert re.search(r'<section hidden class="ops-filter-bar"|<section class="ops-filter-bar"[^>]* hidden', paint)
    assert not re.search(r'<section[^>]*hidden[^>]*ops-filter-bar|ops-filter-bar[^>]*hidden',
                         first_paint_of(client.get("/").get_data(as_text=True)))


def test_a_repeated_request_is_served_the_same_page(client):
    first = client.get("/sectors?sector=energi").get_data(as_text=True)
    again = client.get("/sectors?sector=energi").get_data(as_text=True)
    assert first_paint_of(first) == first_paint_of(again)


def test_the_layout_starts_with_what_the_shell_callbacks_set():
    """The shell's callbacks and its layout read the same UrlView, so Dash's first render shows what
    the first paint showed."""
    import app  # noqa: F401
    from ui.shell import url_view

    view = url_view("/regions", "?region=1084&present=1")
    assert view.active[[p["path"] for p in dash.page_registry.values() if p.get("nav")].index("/regions")]
    assert view.root_class == "ops-page ops-present"
    assert all(h.endswith("?region=1084&present=1") for h in view.hrefs)
    assert not view.filters_hidden
    assert url_view("/sources", "").filters_hidden


# ------------------------------------------------------------------ the writer's first-paint forms


def test_columns_write_bootstraps_classes():
    cols = to_html([dbc.Col("a", lg=3, md=6), dbc.Col("b", xs=6, class_name="x"), dbc.Col("c", xl=True, xs=12),
                    dbc.Col("d"), dbc.Col("e", width=4)], first_paint=True)
    assert '<div class="col-md-6 col-lg-3">a</div>' in cols
    assert '<div class="x col-6">b</div>' in cols
    assert '<div class="col-12 col-xl">c</div>' in cols
    assert '<div class="col">d</div>' in cols
    assert '<div class="col-4">e</div>' in cols


def test_a_navbar_in_a_colour_of_its_own_gets_it_as_style():
    own = to_html(dbc.Navbar("x", color="#17324d", dark=True, expand="lg"), first_paint=True)
    assert 'style="background-color: #17324d"' in own and "navbar-expand-lg" in own and "navbar-dark" in own
    named = to_html(dbc.Navbar("x", color="primary"), first_paint=True)
    assert "bg-primary" in named and "style=" not in named


def test_a_dropdown_shows_its_choice_or_its_placeholder():
    options = [{"label": "Nord", "value": "n"}, {"label": "Syd", "value": "s"}]
    chosen = to_html(dcc.Dropdown(id="d", options=options, value=["s", "n"], multi=True, placeholder="Alle"),
                     first_paint=True)
    assert ">Syd, Nord<" in chosen and "is-placeholder" not in chosen
    empty = to_html(dcc.Dropdown(id="d", options=options, value=[], multi=True, placeholder="Alle"), first_paint=True)
    assert "is-placeholder" in empty and ">Alle<" in empty
    single = to_html(dcc.Dropdown(id="d", options=[2019, 2020], value=2020), first_paint=True)
    assert ">2020<" in single
    assert 'id="d"' not in chosen + empty + single


def test_radio_items_show_the_checked_choice():
    radios = to_html(dbc.RadioItems(id="m", options=[{"label": "A", "value": "a"}, {"label": "B", "value": "b"}],
                                    value="b", inline=True), first_paint=True)
    assert radios.count('type="radio"') == 2 and radios.count("checked") == 1
    assert re.search(r'value="b" checked', radios) and "form-check-inline" in radios


def test_what_has_no_place_in_a_first_paint_is_left_out():
    assert to_html(dcc.Location(id="url"), first_paint=True) == ""
    assert to_html(dcc.Store(id="s", data={"a": 1}), first_paint=True) == ""
    assert to_html(dbc.Modal("x", id="m", is_open=False), first_paint=True) == ""
    graph = to_html(dcc.Graph(id="g", figure={"data": [{"y": [1]}]}), first_paint=True)
    assert graph == '<div class="dash-graph"></div>'


def test_ids_are_kept_for_an_embed_and_dropped_for_a_first_paint():
    tree = html.Div(html.Span("x", id="inner"), id="outer")
    assert to_html(tree) == '<div id="outer"><span id="inner">x</span></div>'
    assert to_html(tree, first_paint=True) == "<div><span>x</span></div>"


def test_the_shells_components_stay_unsupported_in_an_embed():
    """An embed writes only a card's components: the shell's raise there, so none slips in unseen."""
    for component in (dbc.Navbar("x"), dbc.Col("x"), dcc.Dropdown(id="d", options=[]), dcc.Location(id="u"),
                      dbc.Modal("x", is_open=False)):
        with pytest.raises(UnsupportedComponent):
            to_html(component)


def test_an_open_dialog_has_no_first_paint():
    with pytest.raises(UnsupportedComponent):
        to_html(dbc.Modal("x", is_open=True), first_paint=True)


def test_what_the_url_says_is_written_as_text(client):
    """A notice about an ignored URL part repeats the value: escaped, never markup."""
    page = client.get('/?region=<script>alert(1)</script>&sector="><img src=x onerror=alert(2)>').get_data(
        as_text=True)
    paint = first_paint_of(page)
    assert paint and "<script>alert(1)" not in paint and "<img src=x" not in paint
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in paint


def test_scripts_wait_until_the_page_is_parsed_and_dash_starts_after_them(client):
    """Every external script is deferred (run in order once the page is parsed, so the browser can
    paint the first paint before any of them runs), and Dash starts when they have run; the
    Content-Security-Policy allows that starter by its hash."""
    import base64
    import hashlib

    from server.index_page import RENDERER

    answer = client.get("/regions")
    page = answer.get_data(as_text=True)
    external = re.findall(r"<script[^>]*\bsrc=[^>]*>", page)
    assert len(external) > 5 and all(" defer" in tag for tag in external), external
    assert f'<script id="_dash-renderer" type="application/javascript">{RENDERER}</script>' in page
    assert "DOMContentLoaded" in RENDERER and "new DashRenderer()" in RENDERER
    digest = base64.b64encode(hashlib.sha256(RENDERER.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in answer.headers["Content-Security-Policy"]
