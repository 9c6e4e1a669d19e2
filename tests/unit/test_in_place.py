"""Filter changes update a page in place (ui/router.py): everything on a page that depends on the
filters is inside a component the router updates (a chart's figure and frame, a card's parts, a
page's chart-free blocks), so what stays is the same for every filter; and the router's rules for
when it may update in place."""
from __future__ import annotations

import json

import pytest
from plotly.io.json import to_json_plotly

PAGES = ["/", "/regions", "/sectors", "/impact", "/spending", "/programmes"]
FILTERS = [{}, {"region": "1081"}, {"region": "1084,1083", "from": "2015", "to": "2020"},
           {"sector": "hospital", "form": "opp"}, {"from": "1990", "to": "1990"}]


@pytest.fixture(scope="module")
def router():
    import app  # noqa: F401  (creates the app and registers every page)
    from ui import router

    return router


def render(router, path: str, query: dict):
    import dash

    page, variables = router.match(path)
    with dash.get_app().server.test_request_context(path):
        return page["layout"](**query, **variables)


def first_difference(a, b, where="") -> str | None:
    if type(a) is not type(b):
        return f"{where}: {str(a)[:200]} != {str(b)[:200]}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            found = first_difference(a.get(key), b.get(key), f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {str(a)[:200]} != {str(b)[:200]}"


def skeleton(router, content) -> dict:
    """The rendered page less what an in-place update replaces."""
    replaced = {}
    for kind, _, prop in router.IN_PLACE:
        replaced.setdefault(kind, set()).add(prop)

    def strip(node):
        if isinstance(node, list):
            return [strip(n) for n in node]
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and isinstance(props.get("id"), dict):
                gone = replaced.get(props["id"].get("type"), set())
                node = {**node, "props": {k: ("<replaced>" if k in gone else v) for k, v in props.items()}}
            return {k: strip(v) for k, v in node.items()}
        return node

    return strip(json.loads(to_json_plotly(content)))


@pytest.mark.parametrize("path", PAGES)
def test_what_an_in_place_update_leaves_is_the_same_for_every_filter(router, path):
    shapes = [skeleton(router, render(router, path, query)) for query in FILTERS]
    for query, shape in zip(FILTERS[1:], shapes[1:], strict=True):
        assert first_difference(shapes[0], shape) is None, query


def outputs_for(router, content, drawn: bool = True) -> list:
    """Dash's outputs_list for IN_PLACE on a page showing `content`: with its charts drawn (a wide
    screen), or none of them yet (a phone, before any is scrolled to)."""
    on_page = router.ids_on_page(content) if drawn else [
        c.id for c in router.walk(content) if isinstance(getattr(c, "id", None), dict)]
    return [[{"id": i, "property": prop} for i in on_page if i["type"] == kind and set(i) == {"type", *pattern}]
            for kind, pattern, prop in router.IN_PLACE]


@pytest.mark.parametrize("path", PAGES)
def test_every_filter_dependent_value_is_found_for_the_components_on_the_page(router, path):
    import dash

    before, after = render(router, path, {}), render(router, path, {"region": "1081", "from": "2015"})
    # the charts drawn: each graph gets its figure straight, and the graph it was drawn from is left
    values = router.in_place_values(after, outputs_for(router, before))
    assert values is not None
    figures, specs = values[0], values[1]
    assert figures and all(isinstance(f, dict) and "data" in f for f in figures)
    assert specs and all(s is dash.no_update for s in specs)
    # none drawn yet: each chart gets the graph it will draw (ui/chart_card.graph_frame)
    values = router.in_place_values(after, outputs_for(router, before, drawn=False))
    assert values is not None and values[0] == []
    assert [g["props"]["figure"] for g in values[1]] == figures
    # another page's components do not fit: the page is rendered whole
    other = "/sectors" if path != "/sectors" else "/"
    assert router.in_place_values(render(router, other, {}), outputs_for(router, before)) is None


def test_only_a_change_of_the_filters_is_made_in_place(router):
    assert router.only_filters_changed("", "?region=1081&from=2015")
    assert router.only_filters_changed("?region=1081&lang=en", "?lang=en&sector=hospital")
    assert not router.only_filters_changed("?region=1081", "?region=1081&lang=en")
    assert not router.only_filters_changed("", "?present=1")
    assert not router.only_filters_changed("?measure=per_100k", "")
    assert not router.only_filters_changed("", "?v=abc")


def test_a_page_part_wraps_only_blocks_without_charts(router):
    content = render(router, "/", {})
    parts = [c for c in router.walk(content) if isinstance(getattr(c, "id", None), dict)
             and c.id["type"] == router.PAGE_PART]
    assert parts and not any(router.has_graph(p) for p in parts)
    assert router.has_graph(content)


def test_a_page_without_charts_is_rendered_whole(router):
    """The projects list, a project and the changes have no chart: a filter change renders them whole
    (their links and texts carry the filters outside any part)."""
    for path in ("/projects", "/changes"):
        before = render(router, path, {})
        outputs = []
        for kind, _, prop in router.IN_PLACE:
            ids = [c.id for c in router.walk(before) if isinstance(getattr(c, "id", None), dict)
                   and c.id["type"] == kind]
            outputs.append([{"id": i, "property": prop} for i in ids])
        assert router.in_place_values(render(router, path, {"region": "1081"}), outputs) is None, path


def test_the_shell_holds_the_page_of_its_referer_only_inside_the_app(router, monkeypatch):
    import dash

    from ui.page_helpers import request_path

    server = dash.get_app().server
    cases = {"http://localhost/regions?region=1084": "/regions", "http://localhost": "/",
             "http://other.example/regions": None, None: None}
    for referer, expected in cases.items():
        headers = {"Referer": referer} if referer else {}
        with server.test_request_context("/_dash-layout", headers=headers):
            assert request_path() == expected, referer
    # with a URL prefix, a Referer outside it (cut to the origin by a privacy setting) names no page
    monkeypatch.setattr(dash, "get_relative_path", lambda path: "/ops" + path)  # the app under /ops/
    with server.test_request_context("/ops/_dash-layout", headers={"Referer": "http://localhost/"}):
        assert request_path() is None
    with server.test_request_context("/ops/_dash-layout", headers={"Referer": "http://localhost/ops/regions"}):
        assert request_path() == "/ops/regions"


def test_only_what_differs_from_the_page_shown_is_sent_and_never_across_data_versions(router):
    """page_update sends, for a change of the filters, the values that differ from the page shown; a page
    shown from another data version (a live reload since) is rendered whole."""
    import dash

    from data.current import get_dataset

    content, _ = router.render("/", "?region=1084")
    outputs = outputs_for(router, content)
    shown = {"pathname": "/", "search": "?region=1084", "version": get_dataset().version}
    with dash.get_app().server.test_request_context("/"):
        again = router.page_update("/", "?region=1084", shown, outputs)
        update = router.page_update("/", "?region=1082", shown, outputs)
        reloaded = router.page_update("/", "?region=1082", {**shown, "version": "an-earlier-one"}, outputs)
    assert again[0] is dash.no_update and again[2] is dash.no_update  # the page shown: nothing to do
    assert update[0] is dash.no_update and update[2]["search"] == "?region=1082"  # in place
    values = dict(zip([kind + "." + prop for kind, _, prop in router.IN_PLACE], update[3:], strict=True))
    assert all(v is not dash.no_update for v in values["chart-graph.figure"])  # every chart has new data
    assert all(v is dash.no_update for v in values["chart-frame.className"])  # shown alike: not sent
    assert reloaded[0] is not dash.no_update and all(v is dash.no_update for items in reloaded[3:] for v in items)
