"""The one place that reads what Dash has no public API for. Everything else uses Dash's public
API (`dash.register_page`, `dash.page_registry`, `callback`, `dash.get_relative_path`, Flask's hooks
on `app.server`, `plotly.io.json.to_json_plotly`).

Three things are read here:
- the registered server callbacks with their declared inputs and state (`Dash.callback_map`), for
  the check of callback requests (server/security.py);
- the JSON body dash-renderer posts to `_dash-update-component` (`output`, `outputs`, `inputs`,
  `state`, `changedPropIds`), for that check and for the rendered-page cache (server/render_cache.py);
- the file name of the Babel polyfill Dash lists among its scripts (`POLYFILL_SCRIPT`), which the
  HTML page leaves out (server/index_page.py).

`check(app)` fails loudly, naming the Dash version, when an upgrade changed the first two;
tests/unit/test_dash_adapter.py runs it against the installed Dash, and checks the polyfill's name
against a plain Dash app.
"""
from __future__ import annotations

import json

import dash

DISPATCH_PATH = "_dash-update-component"  # after the URL prefix
LAYOUT_PATH = "_dash-layout"
# @babel/polyfill 7 (core-js 2): ES2015-2017 built-ins for browsers older than any React 18 runs in.
# Every browser the app supports has them; evaluating it costs a phone ~0,8 s of CPU on each page load.
POLYFILL_SCRIPT = "_dash-component-suites/dash/deps/polyfill@"


class DashChanged(RuntimeError):
    """The installed Dash no longer has what this module reads."""

    def __init__(self, what: str) -> None:
        super().__init__(f"Dash {dash.__version__} changed {what}: update server/dash_adapter.py "
                         f"(and server/security.py's payload check) to the new Dash")


def declared_callbacks(app: dash.Dash) -> dict[str, dict]:
    """Output id (as the renderer names it in `output`) -> {"inputs": [...], "state": [...]},
    each item {"id": str (a JSON object for pattern-matching ids), "property": str}; only server
    callbacks (clientside callbacks are never posted)."""
    callbacks = getattr(app, "callback_map", None)
    if not isinstance(callbacks, dict):
        raise DashChanged("Dash.callback_map")
    return {output: {"inputs": spec.get("inputs", []), "state": spec.get("state", [])}
            for output, spec in callbacks.items() if "callback" in spec}


def input_values(body: dict, part: str = "inputs") -> dict[str, object]:
    """'<id>.<property>' -> value of a callback request's inputs (or, with part="state", its
    states), for plain string ids."""
    items = body.get(part) or []
    if not isinstance(items, list):
        return {}
    return {f"{item['id']}.{item['property']}": item.get("value") for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("property"), str)}


def output_ids(body: dict) -> set[str]:
    """The ids of the components a callback request updates."""
    outputs = body.get("outputs")
    flat = outputs if isinstance(outputs, list) else [outputs]
    return {part["id"] for item in flat for part in (item if isinstance(item, list) else [item])
            if isinstance(part, dict) and isinstance(part.get("id"), str)}


def request_parts(body: dict) -> tuple[str, ...]:
    """What a callback request asks, as stable text: its inputs, states, changed inputs and outputs
    (the answer of a callback that reads nothing else is the same for the same parts)."""
    return tuple(json.dumps(body.get(part), sort_keys=True, separators=(",", ":"))
                 for part in ("inputs", "state", "changedPropIds", "outputs"))


def check(app: dash.Dash) -> None:
    """Raise DashChanged unless `app`'s callbacks are declared as this module reads them: call
    after the app has answered one request (Dash fills the callback map then)."""
    callbacks = declared_callbacks(app)
    if not callbacks:
        raise DashChanged("Dash.callback_map (no server callbacks found in it)")
    for output, spec in callbacks.items():
        for key in ("inputs", "state"):
            items = spec[key]
            if not isinstance(items, list) or not all(
                    isinstance(i, dict) and isinstance(i.get("id"), str) and isinstance(i.get("property"), str)
                    for i in items):
                raise DashChanged(f"the declared {key} of a callback in Dash.callback_map ({output!r})")
