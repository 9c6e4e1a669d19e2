"""server/dash_adapter.py reads what Dash has no public API for; these tests fail, with the
adapter's message naming the Dash version, when an upgrade changed it."""
from __future__ import annotations

import dash
import pytest

from server import dash_adapter


@pytest.fixture(scope="module")
def served():
    """The app and a test client that has made the first request (Dash fills its callback map then)."""
    import app

    client = app.server.test_client()
    assert client.get("/").status_code == 200
    return app.app, client


def test_the_declared_callbacks_are_read_from_the_installed_dash(served):
    app, _ = served
    dash_adapter.check(app)
    declared = dash_adapter.declared_callbacks(app)
    (follow_url,) = [spec for output, spec in declared.items() if "..page-content.children..." in output]
    assert follow_url["inputs"][:2] == [{"id": "url", "property": "pathname"}, {"id": "url", "property": "search"}]
    assert {"id": "filter-region", "property": "value"} in follow_url["inputs"]
    assert follow_url["state"] == [{"id": "page-rendered", "property": "data"},
                                   {"id": "shell-lang", "property": "data"}]


def test_a_request_in_the_shape_the_adapter_reads_is_what_dash_answers(served):
    """The body the payload check and the page cache read is the body Dash's dispatch takes."""
    app, client = served
    from bench.callback_latency import router_payload

    (output,) = [o for o in dash_adapter.declared_callbacks(app) if "..page-content.children..." in o]
    body = router_payload("/sources", "?lang=en")
    assert body["output"] == output
    assert dash_adapter.input_values(body) == {
        "url.pathname": "/sources", "url.search": "?lang=en", "filter-region.value": [], "filter-sector.value": [],
        "filter-form.value": [], "filter-from.value": None, "filter-to.value": None, "filter-reset.n_clicks": 0}
    assert {"page-content", "page-title", "page-rendered", "url", "filter-region"} <= dash_adapter.output_ids(body)
    assert len(set(dash_adapter.request_parts(body))) == 4
    response = client.post(f"/{dash_adapter.DISPATCH_PATH}", json=body)
    assert response.status_code == 200
    answer = response.get_json()["response"]
    assert answer["page-title"]["data"] == "Sources · OPS Monitor"
    assert answer["page-content"]["children"]["type"] == "Div"
    assert client.get(f"/{dash_adapter.LAYOUT_PATH}").status_code == 200


def test_a_changed_dash_fails_loudly_with_the_version_named():
    class Changed:
        callback_map = None

    with pytest.raises(dash_adapter.DashChanged, match=rf"Dash {dash.__version__} changed Dash.callback_map"):
        dash_adapter.check(Changed())

    class Reshaped:
        callback_map = {"out.children": {"callback": object(), "inputs": [("a", "value")], "state": []}}

    with pytest.raises(dash_adapter.DashChanged, match="declared inputs"):
        dash_adapter.check(Reshaped())


def test_dashs_polyfill_script_is_still_named_as_the_adapter_reads_it(served):
    """A plain Dash app lists the polyfill under POLYFILL_SCRIPT; OPS Monitor's pages leave it out.
    Should an upgrade rename it, the first assertion says so (and the page would load it again)."""
    _, client = served
    plain = dash.Dash("plain_dash_for_the_adapter_test", serve_locally=True)
    plain.layout = dash.html.Div("x")
    page = plain.server.test_client().get("/").get_data(as_text=True)
    assert page.count(dash_adapter.POLYFILL_SCRIPT) == 1, (
        f"Dash {dash.__version__} no longer lists its polyfill as {dash_adapter.POLYFILL_SCRIPT!r}: "
        "update server/dash_adapter.POLYFILL_SCRIPT")
    for path in ("/", "/regions", "/projects", "/embed/"):
        ours = client.get(path).get_data(as_text=True)
        assert dash_adapter.POLYFILL_SCRIPT not in ours and "dash_renderer" in ours, path
