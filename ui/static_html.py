"""A layout tree written as HTML on the server, for pages that load no Dash (the embed,
server/embed_page.py): the same components as on a Dash page, so a chart card is defined once
(ui/chart_card.py) and shown by either.

What it writes:
- every `dash.html` component as its element, with its attributes (`className` as `class`, `style`
  as CSS, `aria-*`, `data-*`, ...) and children, escaped;
- the few dash-bootstrap-components a card uses, as the markup Bootstrap's CSS styles (a dropdown
  menu as `<details>`, opened and closed without a script);
- `dcc.Graph` as a `<div>` holding its figure and config as JSON, which assets/embed-page.js hands to
  plotly.js; `dcc.Store` as a JSON data block with its id.
Anything else raises `UnsupportedComponent`, so a card can never silently lose a part.
"""
from __future__ import annotations

import json
import re
from html import escape

from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
SKIPPED = frozenset({"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "setProps"})
RENAMED = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex", "colSpan": "colspan",
           "rowSpan": "rowspan", "hrefLang": "hreflang", "readOnly": "readonly", "accessKey": "accesskey",
           "contentEditable": "contenteditable", "spellCheck": "spellcheck", "encType": "enctype",
           "dateTime": "datetime"}


CAMEL = re.compile(r"([A-Z])")


class UnsupportedComponent(TypeError):
    """A component this module cannot write as static HTML."""


def component_id(value) -> str:
    """A component id as Dash writes it into the DOM (a pattern-matching id: its JSON, keys sorted)."""
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def css(style: dict) -> str:
    """A style dict (React's camelCase names) as CSS."""
    return "; ".join(CAMEL.sub(r"-\1", name).lower() + f": {value}" for name, value in style.items())


def attributes(props: dict) -> str:
    out = []
    for name, value in props.items():
        if name in SKIPPED or value is None or value is False:
            continue
        if name == "id":
            value = component_id(value)
        elif name == "style":
            if not value:
                continue
            value = css(value)
        name = RENAMED.get(name, name)
        out.append(f" {name}" if value is True else f' {name}="{escape(str(value), quote=True)}"')
    return "".join(out)


def classes(*names) -> str | None:
    joined = " ".join(n for n in names if n)
    return joined or None


def element(tag: str, props: dict, children=None, *, inner: str | None = None) -> str:
    """`<tag attributes>children</tag>`; `inner`: markup already written, instead of children."""
    if tag in VOID:
        return f"<{tag}{attributes(props)}>"
    return f"<{tag}{attributes(props)}>{to_html(children) if inner is None else inner}</{tag}>"


def json_block(value, **props) -> str:
    """A `<script type="application/json">` holding `value`: never executed; `<` is escaped so the
    data cannot close the element."""
    text = to_json_plotly(value).replace("<", "\\u003c")
    return f'<script type="application/json"{attributes(props)}>{text}</script>'


def _bootstrap(kind: str, p: dict) -> str:
    """The dash-bootstrap-components a card uses, as Bootstrap's own markup."""
    common = {"id": p.get("id"), "style": p.get("style")}
    children = p.get("children")
    if kind in ("Card", "CardHeader", "CardBody", "CardFooter"):
        base = {"Card": "card", "CardHeader": "card-header", "CardBody": "card-body", "CardFooter": "card-footer"}[kind]
        return element("div", {**common, "className": classes(base, p.get("class_name"), p.get("className"))}, children)
    if kind == "Container":
        fluid = p.get("fluid")
        base = "container-fluid" if fluid is True else f"container-{fluid}" if fluid else "container"
        return element("div", {**common, "className": classes(base, p.get("class_name"))}, children)
    if kind == "Table":
        names = ["table", p.get("size") and f"table-{p['size']}", p.get("striped") and "table-striped",
                 p.get("bordered") and "table-bordered", p.get("hover") and "table-hover", p.get("class_name")]
        return element("table", {**common, "className": classes(*names)}, children)
    if kind == "Collapse":
        return element("div", {**common, "className": classes("collapse", p.get("is_open") and "show",
                                                                p.get("class_name"))}, children)
    if kind == "Alert":
        colour = f"alert-{p.get('color') or 'primary'}"
        return element("div", {**common, "role": "alert", "className": classes("alert", colour, p.get("class_name"))},
                       children)
    if kind == "DropdownMenu":
        toggle = element("summary", {"className": classes("btn", f"btn-{p.get('color') or 'secondary'}",
                                                           p.get("size") and f"btn-{p['size']}", "dropdown-toggle",
                                                           p.get("toggle_class_name"))}, p.get("label"))
        end = p.get("align_end") and "dropdown-menu-end"
        menu = element("div", {"className": classes("dropdown-menu", "show", end)}, children)
        return element("details", {**common, "className": classes("dropdown", p.get("class_name"))},
                       inner=toggle + menu)
    if kind == "DropdownMenuItem":
        if p.get("href"):
            return element("a", {**common, "href": p["href"], "className": "dropdown-item",
                                 "target": p.get("target")}, children)
        return element("button", {**common, "type": "button", "className": "dropdown-item"}, children)
    raise UnsupportedComponent(f"dash_bootstrap_components.{kind} has no static HTML form")


def to_html(node) -> str:
    """`node` (a component, a list of them, text or a number) as HTML."""
    if node is None or node is False:
        return ""
    if isinstance(node, str):
        return escape(node, quote=False)
    if isinstance(node, int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(to_html(item) for item in node)
    if not isinstance(node, Component):
        raise UnsupportedComponent(f"{type(node).__name__} is not a component")
    described = node.to_plotly_json()  # the component's public description: type, namespace, set props
    namespace, kind, props = described["namespace"], described["type"], described["props"]
    if namespace == "dash_html_components":
        return element(kind.lower(), props, props.get("children"))
    if namespace == "dash_bootstrap_components":
        return _bootstrap(kind, props)
    if namespace == "dash_core_components" and kind == "Graph":
        figure = json_block({"figure": props.get("figure"), "config": props.get("config") or {}},
                            className="ops-figure")
        return element("div", {"id": props.get("id"), "style": props.get("style"),
                               "className": classes("ops-static-graph", props.get("className"))}, inner=figure)
    if namespace == "dash_core_components" and kind == "Store":
        return json_block(props.get("data"), id=props.get("id"), className="ops-store")
    raise UnsupportedComponent(f"{namespace}.{kind} has no static HTML form")
