"""Server-level hardening: security headers on every response, bad requests answered as 4xx
(never a 500 or a traceback), and one structured log line per request error.

- Headers (every response: HTML, JSON, assets, downloads, embeds, errors): `Content-Security-Policy`
  (see `content_security_policy`), `X-Content-Type-Options: nosniff`, `Referrer-Policy`.
  The framing part of the policy comes from `server.embed.frame_ancestors`: embed pages may be
  framed by the app itself and OPS_EMBED_ORIGINS, every other response by the app itself only.
- Dash's callback endpoint (`_dash-update-component`): a `before_request` hook checks the payload
  against the registered callback before Dash sees it, and the error handler turns what a callback
  raises on values it cannot use into a 400; both answer with a short JSON reason.
- An HTML request for a path no page claims (or a project/chart that does not exist) still gets
  the app (which shows the localised 404 page) but with HTTP status 404.
- Logger `ops.request`: one line per 4xx/5xx, `method=... path=... status=... reason=...`
  (values JSON-quoted, so a path with newlines cannot forge log lines); a traceback only for 5xx.
"""

from __future__ import annotations

import json
import logging
import sys

import dash
import flask
from dash.exceptions import DashException, DependencyException
from werkzeug.exceptions import HTTPException

from server import dash_adapter
from server.embed import frame_ancestors
from server.embed_page import ENDPOINT as EMBED_ENDPOINT
from ui import router

log = logging.getLogger("ops.request")

REFERRER_POLICY = "strict-origin-when-cross-origin"  # same-origin requests keep the full URL (request_lang)
# The fixed part of the policy; script-src gets the hashes of Dash's inline scripts at request time.
BASE_POLICY = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),  # plotly.js, AG Grid's themes and Dash set inline styles
    ("img-src", "'self' data: blob:"),  # plotly's PNG/SVG export, AG Grid's icons (data: URLs)
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Exceptions a callback raises when handed values it cannot use (wrong types, unknown ids): the
# request's fault, answered 400. Anything else (OSError, RuntimeError, ...) is a server error.
CLIENT_ERRORS = (KeyError, TypeError, ValueError, IndexError, AttributeError, DashException)
MAX_LOGGED = 300  # characters of a path or reason in a log line


class BadPayload(ValueError):
    """The callback payload does not fit the registered callback."""


def content_security_policy(script_hashes: list[str] | tuple[str, ...], framing: str) -> str:
    scripts = " ".join(("'self'", *script_hashes))
    parts = [f"{name} {value}" for name, value in BASE_POLICY]
    parts.insert(1, f"script-src {scripts}")
    return "; ".join([*parts, framing])


def log_line(method: str, path: str, status: int, reason: str) -> str:
    def quoted(text: str) -> str:
        return json.dumps(text[:MAX_LOGGED], ensure_ascii=False)

    return f"method={method} path={quoted(path)} status={status} reason={quoted(reason)}"


# ------------------------------------------------------------------ callback payloads
def _declared(spec: dict) -> tuple[object, str]:
    """(id, property) of a declared input/state; a pattern-matching id as a dict."""
    raw_id = spec["id"]
    if isinstance(raw_id, str) and raw_id.startswith("{"):
        return json.loads(raw_id), spec["property"]
    return raw_id, spec["property"]


def _check_pattern_id(declared: dict, sent: object, where: str) -> None:
    if not isinstance(sent, dict) or set(sent) != set(declared):
        raise BadPayload(f"{where}: id does not fit the pattern")
    for key, want in declared.items():
        value = sent[key]
        if isinstance(want, list):  # a wildcard (MATCH, ALL, ALLSMALLER): any scalar
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise BadPayload(f"{where}: id value of {key!r} must be a string or number")
        elif value != want:
            raise BadPayload(f"{where}: id does not fit the pattern")


def _check_item(spec: dict, sent: object, where: str) -> None:
    want_id, want_prop = _declared(spec)
    if isinstance(want_id, dict):
        items = sent if isinstance(sent, list) else [sent]
        for item in items:
            if not isinstance(item, dict) or item.get("property") != want_prop:
                raise BadPayload(f"{where}: expected {want_prop!r} of a pattern-matching id")
            _check_pattern_id(want_id, item.get("id"), where)
        return
    if not isinstance(sent, dict) or sent.get("id") != want_id or sent.get("property") != want_prop:
        raise BadPayload(f"{where}: expected {want_id}.{want_prop}")


def check_payload(body: object, callbacks: dict) -> None:
    """Raise BadPayload unless `body` is what Dash's renderer sends for a registered callback
    (`callbacks`: dash_adapter.declared_callbacks)."""
    if not isinstance(body, dict):
        raise BadPayload("body is not a JSON object")
    output = body.get("output")
    if not isinstance(output, str):
        raise BadPayload("'output' missing or not a string")
    callback = callbacks.get(output)
    if callback is None:
        raise BadPayload("no server callback for this output")
    for key in ("inputs", "state"):
        sent = body.get(key, [])
        declared = callback.get(key, [])
        if not isinstance(sent, list) or len(sent) != len(declared):
            raise BadPayload(f"'{key}' must list {len(declared)} item(s)")
        for i, (spec, item) in enumerate(zip(declared, sent, strict=True)):
            _check_item(spec, item, f"{key}[{i}]")
    outputs = body.get("outputs")
    if outputs is not None:
        flat = outputs if isinstance(outputs, list) else [outputs]
        for item in flat:
            for part in item if isinstance(item, list) else [item]:
                if not (isinstance(part, dict) and isinstance(part.get("property"), str)
                        and isinstance(part.get("id"), str | dict)):
                    raise BadPayload("'outputs' must hold {id, property} objects")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(p, str) for p in changed):
        raise BadPayload("'changedPropIds' must be a list of strings")


def bad_request(reason: str) -> flask.Response:
    flask.g.ops_error_reason = reason
    response = flask.jsonify(error="bad request", reason=reason)
    response.status_code = 400
    return response


def check_dispatch(app: dash.Dash) -> flask.Response | None:
    """A 400 for a callback request that is not JSON or does not fit a registered callback."""
    request = flask.request
    if not request.is_json:
        return bad_request("expected a JSON body (Content-Type: application/json)")
    try:
        check_payload(request.get_json(silent=True), dash_adapter.declared_callbacks(app))
    except BadPayload as exc:
        return bad_request(f"invalid callback payload: {exc}")
    return None


# ------------------------------------------------------------------ unknown pages
def page_exists(app: dash.Dash, path: str) -> bool:
    """Whether a page claims `path` (and, for a page with path variables, whether the thing it
    names exists: the page's registry entry may carry `exists(**path_variables) -> bool`)."""
    page, variables = router.match(app.strip_relative_path(path) or "")
    if not page or page["module"].endswith(router.NOT_FOUND_MODULE):
        return False
    exists = page.get("exists")
    return bool(exists(**variables)) if callable(exists) else True


# ------------------------------------------------------------------ wiring
def register_security(app: dash.Dash, server: flask.Flask, prefix: str, embed_origins: tuple[str, ...]) -> None:
    """Install the headers, the callback guard, the 404 status and the error log on `server`.
    Call after every other route is registered (the Dash routes exist from Dash's constructor)."""
    dispatch_path = f"{prefix}{dash_adapter.DISPATCH_PATH}"

    @server.before_request
    def checked_dispatch():
        request = flask.request
        return check_dispatch(app) if request.path == dispatch_path and request.method == "POST" else None
    index_endpoints = {prefix, f"{prefix}<path:path>"}
    embed_path = f"{prefix}embed/"
    framing_embed = frame_ancestors(embed_origins)
    framing_other = frame_ancestors(())

    @server.errorhandler(DependencyException)
    def unknown_component_file(exc: DependencyException):
        # `_dash-component-suites/<package>/<file>` for a package or file Dash does not serve.
        flask.g.ops_error_reason = "no such component file"
        return flask.Response("Not Found", status=404, mimetype="text/plain")

    @server.errorhandler(Exception)
    def server_error(exc: Exception):
        if isinstance(exc, HTTPException):  # 4xx/405 etc.: Flask's own answer, logged below
            return exc
        request = flask.request
        if request.path == dispatch_path and isinstance(exc, CLIENT_ERRORS):
            return bad_request(f"callback cannot use the values sent: {type(exc).__name__}: {exc}")
        flask.g.ops_error_logged = True
        log.error(log_line(request.method, request.path, 500, f"{type(exc).__name__}: {exc}"),
                  exc_info=sys.exc_info())
        response = flask.jsonify(error="internal server error") if request.path.startswith(
            f"{prefix}_dash-") else flask.Response("Internal Server Error", status=500, mimetype="text/plain")
        response.status_code = 500
        return response

    policies_made: dict[bool, str] = {}

    def policies(is_embed: bool) -> str:
        """The policy, made once per process: Dash's inline scripts (and so their hashes) are all
        known once it has set itself up on the first request, before any answer leaves."""
        policy = policies_made.get(is_embed)
        if policy is None:
            policy = policies_made[is_embed] = content_security_policy(
                app.csp_hashes(), framing_embed if is_embed else framing_other)
        return policy

    @server.after_request
    def security_headers(response: flask.Response) -> flask.Response:
        request = flask.request
        if (request.endpoint in index_endpoints and response.status_code == 200
                and not page_exists(app, request.path)):
            response.status_code = 404
            flask.g.ops_error_reason = "no such page"
        is_embed = request.path.startswith(embed_path) and (request.endpoint in index_endpoints
                                                             or request.endpoint == EMBED_ENDPOINT)
        response.headers["Content-Security-Policy"] = policies(is_embed)
        response.headers.pop("X-Frame-Options", None)  # frame-ancestors is the whole framing policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = REFERRER_POLICY
        if response.status_code >= 400 and not flask.g.get("ops_error_logged"):
            reason = flask.g.get("ops_error_reason") or response.status
            level = logging.ERROR if response.status_code >= 500 else logging.WARNING
            log.log(level, log_line(request.method, request.path, response.status_code, reason))
        return response
