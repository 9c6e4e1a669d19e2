"""Bad requests never produce a 500 or a traceback: random query strings and mangled callback
payloads sent to the real server (HTTP on loopback) answer the page (with a notice), the 404
page, or a 400; the app's log holds one `ops.request` line per request error and no traceback."""

from __future__ import annotations

import http.client
import json
import re
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.callback_latency import router_payload  # the page router's request, as the browser sends it
from data import load_dataset
from settings import load_settings
from tests.support import running_app
from ui.router import LOCATION
from ui.url_state import FILTER_KEYS, OTHER_KEYS

DS = load_dataset(load_settings().data_dir)
PROJECT_ID = str(DS["projects"]["project_id"].iloc[0])
PAGES = ["", "regions", "sectors", "impact", "spending", "projects", "programmes", "sources", "embed",
         "embed/projects-by-region", f"projects/{PROJECT_ID}"]
HYPOTHESIS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(HYPOTHESIS, max_examples=30)  # each example renders a whole page


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("log") / "app.log"
    with running_app(log_path=log_path) as url:
        yield url, log_path


def request(base: str, method: str, target: str, body: bytes | None = None,
            content_type: str = "application/json") -> tuple[int, bytes, dict]:
    """One raw HTTP request (the target is sent as given: no validation, no re-encoding)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest(method, parts.path.rstrip("/") + "/" + target.lstrip("/"), skip_accept_encoding=True)
        if body is not None:
            conn.putheader("Content-Type", content_type)
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def post_callback(base: str, payload, raw: bytes | None = None, content_type: str = "application/json"):
    body = raw if raw is not None else json.dumps(payload).encode()
    return request(base, "POST", "_dash-update-component", body, content_type)


def log_text(log_path) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace")


# ------------------------------------------------------------------ strategies
nasty_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["99999", "-5", "abc", "0", "1999", "2020,2021", "²", "٣", "%zz", "%", "%E2%82", "\x00",
                     "a\x00b", "<script>alert(1)</script>", "x" * 10_000, "1081,9999,", ",,,", " 2020 "]),
)
keys = st.one_of(st.sampled_from(FILTER_KEYS + OTHER_KEYS), st.text(max_size=12))
query_pairs = st.lists(st.tuples(keys, nasty_text), max_size=8)


def encode_query(pairs, raw: bool) -> str:
    """A query string: percent-encoded, or raw (invalid escapes and all) for the router input."""
    if raw:
        return "?" + "&".join(f"{k}={v}" for k, v in pairs)
    return "?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='%,')}" for k, v in pairs)


# ------------------------------------------------------------------ query strings
@HYPOTHESIS
@given(page=st.sampled_from(PAGES + ["findes/ikke", "projects/findes-ikke", "embed/findes-ikke"]), pairs=query_pairs)
def test_random_query_strings_never_fail_the_html_page(server, page, pairs):
    url, log_path = server
    status, body, headers = request(url, "GET", page + encode_query(pairs, raw=False))
    assert status in (200, 404), (status, body[:300])
    # a Dash page, or an embed: rendered on the server, no Dash (server/embed_page.py)
    assert b'id="react-entry-point"' in body or (page.startswith("embed/") and b'class="ops-embed-page"' in body)
    assert "Content-Security-Policy" in headers


@QUICK
@given(page=st.sampled_from(PAGES + ["findes/ikke", "projects/findes-ikke"]), pairs=query_pairs,
       raw=st.booleans())
def test_random_query_strings_never_fail_the_page_layout(server, page, pairs, raw):
    """The page router's callback (what renders a page in the browser) with any `search`."""
    url, log_path = server
    status, body, _ = post_callback(url, router_payload(urlsplit(url).path + page, encode_query(pairs, raw)))
    assert status in (200, 204), (status, body[:500])
    assert "Traceback" not in log_text(log_path)


def test_absurd_values_show_a_notice_on_the_page(server):
    url, log_path = server
    for search in ("?from=99999", "?to=-5", "?from=abc", "?region=" + "x" * 10_000, "?from=2020&from=2021",
                   "?region=%zz%E2%82", "?sector=a%00b", "?lang=fr", "?controls=maybe", "?present=2",
                   "?" + "&".join(f"k{i}=v" for i in range(80))):
        status, body, _ = post_callback(url, router_payload(urlsplit(url).path + "projects", search))
        assert status == 200, (search, status, body[:300])
        assert b'"url-notice"' in body, search
    status, body, _ = post_callback(url, router_payload(urlsplit(url).path + "regions", "?measure=%3Cb%3E"))
    assert status == 200 and b'"url-notice"' in body
    assert "Traceback" not in log_text(log_path)


# ------------------------------------------------------------------ callback payloads
def valid_payloads(base: str) -> list[dict]:
    prefix = urlsplit(base).path
    return [
        router_payload(prefix + "regions", "?region=1081"),
        {"output": "navbar-collapse.is_open", "outputs": {"id": "navbar-collapse", "property": "is_open"},
         "inputs": [{"id": "navbar-toggler", "property": "n_clicks", "value": 1}], "changedPropIds": [],
         "state": []},
        {"output": '{"chart":["MATCH"],"type":"chart-embed-snippet"}.value',
         "outputs": {"id": {"chart": "projects-by-region", "type": "chart-embed-snippet"}, "property": "value"},
         "inputs": [{"id": {"chart": "projects-by-region", "type": "chart-embed-modal"}, "property": "is_open",
                     "value": True},
                    {"id": {"chart": "projects-by-region", "type": "chart-embed-script"}, "property": "value",
                     "value": ["script"]}],
         "state": [{"id": LOCATION, "property": "search", "value": ""}],
         "changedPropIds": ['{"chart":"projects-by-region","type":"chart-embed-modal"}.is_open']},
    ]


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children,
                                                                               max_size=3)),
    max_leaves=8,
)


@st.composite
def mangled(draw, payloads):
    payload = json.loads(json.dumps(draw(st.sampled_from(payloads))))
    how = draw(st.sampled_from(["drop", "replace", "value", "id", "output", "extra"]))
    if how == "drop":
        payload.pop(draw(st.sampled_from(sorted(payload))), None)
    elif how == "replace":
        payload[draw(st.sampled_from(sorted(payload)))] = draw(json_values)
    elif how in ("value", "id") and payload["inputs"]:
        item = payload[draw(st.sampled_from(["inputs", "state"]))] or payload["inputs"]
        target = item[draw(st.integers(0, len(item) - 1))]
        target["value" if how == "value" else "id"] = draw(json_values)
    elif how == "output":
        payload["output"] = draw(st.one_of(st.text(max_size=40), st.sampled_from(
            ["nope.children", "shell-lang.modified_timestamp", "page-title.modified_timestamp"])))
    else:
        payload[draw(st.text(max_size=8))] = draw(json_values)
    return payload


@HYPOTHESIS
@given(data=st.data())
def test_mangled_callback_payloads_answer_400_not_500(server, data):
    url, log_path = server
    payload = data.draw(mangled(valid_payloads(url)))
    status, body, headers = post_callback(url, payload)
    assert status in (200, 204, 400), (status, payload, body[:300])
    if status == 400:
        assert json.loads(body)["error"] == "bad request"
    assert "Traceback" not in log_text(log_path)


@HYPOTHESIS
@given(body=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode), json_values.map(
    lambda v: json.dumps(v).encode())), content_type=st.sampled_from(["application/json", "text/plain", "", "x/y"]))
def test_non_payload_bodies_answer_400(server, body, content_type):
    url, log_path = server
    status, answer, _ = post_callback(url, None, raw=body, content_type=content_type)
    assert status == 400, (status, body, answer[:300])


def test_the_valid_payloads_work_and_known_bad_ones_are_400(server):
    url, log_path = server
    for payload in valid_payloads(url):
        status, body, _ = post_callback(url, payload)
        assert status in (200, 204), (payload["output"], status, body[:300])
    bad = valid_payloads(url)[0]
    for change in ({"output": "unknown.children"}, {"inputs": "x"}, {"inputs": []}, {"state": [1]},
                   {"changedPropIds": [1]}, {"outputs": "x"}):
        status, body, _ = post_callback(url, {**bad, **change})
        assert status == 400, change
        assert json.loads(body)["reason"].startswith("invalid callback payload")
    assert post_callback(url, None, raw=b"{not json")[0] == 400
    assert post_callback(url, None, raw=b"[]")[0] == 400
    assert "Traceback" not in log_text(log_path)


# ------------------------------------------------------------------ 404s and the log
def test_unknown_paths_and_ids_answer_404_with_the_localised_page(server):
    url, log_path = server
    for target in ("findes/ikke", f"projects/{PROJECT_ID}x", "embed/findes-ikke", "404", "projects/%00",
                   "projects/" + "x" * 5000, "findes%zz/ikke"):
        status, body, headers = request(url, "GET", target)
        assert status == 404, target
        assert headers["Content-Type"].startswith("text/html")
        # the app, which shows the localised 404 page; for an embed, its own
        assert b'id="react-entry-point"' in body or (target.startswith("embed/") and b"ops-embed-page" in body)
    status, body, _ = request(url, "GET", "findes/ikke?lang=en")
    assert status == 404 and b"<title>Page not found" in body
    for target in ("", "regions", f"projects/{PROJECT_ID}", "embed/projects-by-region", "embed"):
        assert request(url, "GET", target)[0] == 200, target
    assert request(url, "GET", "_dash-component-suites/nope/x.js")[0] == 404
    assert request(url, "GET", "assets/nope.js")[0] == 404


def test_request_errors_are_logged_as_one_structured_line_without_traceback(server):
    url, log_path = server
    request(url, "GET", "findes/ikke-logget")
    post_callback(url, {"output": "nope-logget.children"})
    text = log_text(log_path)
    lines = [line for line in text.splitlines() if "ops.request" in line]
    assert any(re.search(r'method=GET path="[^"]*/findes/ikke-logget" status=404 reason="no such page"', line)
               for line in lines), lines[-5:]
    assert any('path="' in line and "status=400" in line and "no server callback" in line for line in lines)
    assert "Traceback" not in text
