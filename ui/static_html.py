"""A layout tree written as HTML on the server: the same components as on a Dash page, so a chart
card is defined once (ui/chart_card.py) and shown by either. Two uses:
- a page that loads no Dash (the embed, server/embed_page.py): figures and stores go with it;
- the first paint of a Dash page (`first_paint=True`, ui/shell.first_paint): the page as the browser
  shows it until Dash has drawn it, without ids (Dash's own elements carry them), stores or figure
  data; a chart is its frame at its final height, a control its look without its behaviour.

What it writes:
- every `dash.html` component as its element, with its attributes (`className` as `class`, `style`
  as CSS, `aria-*`, `data-*`, ...) and children, escaped;
- the few dash-bootstrap-components a card uses, as the markup Bootstrap's CSS styles (a dropdown
  menu as `<details>`, opened and closed without a script);
- `dcc.Graph` as a `<div>` holding its figure and config as JSON, which assets/embed-page.js hands to
  plotly.js; `dcc.Store` as a JSON data block with its id; `dcc.Markdown` as its HTML (ui/markdown.py);
- for a first paint also the shell's navbar, grid and form components (as the markup Bootstrap
  styles, and `dcc.Dropdown` as its closed button showing the choice), a closed `dbc.Modal` and
  `dcc.Location` as nothing.
Anything else raises `UnsupportedComponent`, so a card can never silently lose a part.
"""
from __future__ import annotations

import json
import re
from html import escape

from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from ui import markdown

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


def attributes(props: dict, first_paint: bool = False) -> str:
    out = []
    for name, value in props.items():
        if name in SKIPPED or value is None or value is False or (first_paint and name == "id"):
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


def element(tag: str, props: dict, children=None, *, inner: str | None = None, first_paint: bool = False) -> str:
    """`<tag attributes>children</tag>`; `inner`: markup already written, instead of children."""
    if tag in VOID:
        return f"<{tag}{attributes(props, first_paint)}>"
    inner = to_html(children, first_paint=first_paint) if inner is None else inner
    return f"<{tag}{attributes(props, first_paint)}>{inner}</{tag}>"


def json_block(value, **props) -> str:
    """A `<script type="application/json">` holding `value`: never executed; `<` is escaped so the
    data cannot close the element."""
    text = to_json_plotly(value).replace("<", "\\u003c")
    return f'<script type="application/json"{attributes(props)}>{text}</script>'


COLUMN_SIZES = ("xs", "sm", "md", "lg", "xl", "xxl")
BOOTSTRAP_COLOURS = frozenset({"primary", "secondary", "success", "info", "warning", "danger", "light", "dark",
                               "link", "white", "transparent"})


def _column(p: dict) -> str | None:
    """A dbc.Col's classes: `lg=3` is col-lg-3, `xl=True` col-xl, `xs=6` col-6; no size at all: col."""
    names = []
    for size in COLUMN_SIZES:
        value = p.get(size) if size != "xs" else p.get("xs", p.get("width"))
        if value is None or value is False:
            continue
        infix = "" if size == "xs" else f"-{size}"
        names.append(f"col{infix}" if value is True else f"col{infix}-{value}")
    return classes(p.get("class_name"), *(names or ["col"]))


def _bootstrap(kind: str, p: dict, first_paint: bool = False) -> str:
    """The dash-bootstrap-components a card (and, for a first paint, the shell) uses, as Bootstrap's
    own markup."""
    def el(tag, props, children=None, **kw):
        return element(tag, props, children, first_paint=first_paint, **kw)

    common = {"id": p.get("id"), "style": p.get("style")}
    children = p.get("children")
    if kind in ("Card", "CardHeader", "CardBody", "CardFooter"):
        base = {"Card": "card", "CardHeader": "card-header", "CardBody": "card-body", "CardFooter": "card-footer"}[kind]
        return el("div", {**common, "className": classes(base, p.get("class_name"), p.get("className"))}, children)
    if kind == "Container":
        fluid = p.get("fluid")
        base = "container-fluid" if fluid is True else f"container-{fluid}" if fluid else "container"
        return el("div", {**common, "className": classes(base, p.get("class_name"))}, children)
    if kind == "Table":
        names = ["table", p.get("size") and f"table-{p['size']}", p.get("striped") and "table-striped",
                 p.get("bordered") and "table-bordered", p.get("hover") and "table-hover", p.get("class_name")]
        return el("table", {**common, "className": classes(*names)}, children)
    if kind == "Collapse":
        return el("div", {**common, "className": classes(p.get("navbar") and "navbar-collapse", "collapse",
                                                          p.get("is_open") and "show", p.get("class_name"))}, children)
    if kind == "Alert":
        colour = f"alert-{p.get('color') or 'primary'}"
        return el("div", {**common, "role": "alert", "className": classes("alert", colour, p.get("class_name"))},
                  children)
    if kind == "DropdownMenu":
        toggle = el("summary", {"className": classes("btn", f"btn-{p.get('color') or 'secondary'}",
                                                      p.get("size") and f"btn-{p['size']}", "dropdown-toggle",
                                                      p.get("toggle_class_name"))}, p.get("label"))
        end = p.get("align_end") and "dropdown-menu-end"
        menu = el("div", {"className": classes("dropdown-menu", "show", end)}, children)
        return el("details", {**common, "className": classes("dropdown", p.get("class_name"))}, inner=toggle + menu)
    if kind == "DropdownMenuItem":
        if p.get("href"):
            return el("a", {**common, "href": p["href"], "className": "dropdown-item", "target": p.get("target")},
                      children)
        return el("button", {**common, "type": "button", "className": "dropdown-item"}, children)
    if not first_paint:
        raise UnsupportedComponent(f"dash_bootstrap_components.{kind} has no static HTML form")
    # the shell's components and the pages' controls, for a first paint
    if kind == "Navbar":
        colour = p.get("color")
        theme = "navbar-dark" if p.get("dark") else "navbar-light"
        named = colour in BOOTSTRAP_COLOURS
        style = {**(p.get("style") or {}), **({} if named or not colour else {"backgroundColor": colour})}
        expand = p.get("expand")
        return el("nav", {**common, "style": style or None,
                          "className": classes(p.get("class_name"), "navbar",
                                               expand and (f"navbar-expand-{expand}" if expand is not True
                                                           else "navbar-expand"),
                                               theme, named and f"bg-{colour}")}, children)
    if kind == "NavbarBrand":
        return el("a", {**common, "href": p.get("href"), "className": classes(p.get("class_name"), "navbar-brand")},
                  children)
    if kind == "NavbarToggler":
        return el("button", {**common, "type": "button", "aria-label": "Toggle navigation",
                             "className": classes(p.get("class_name"), "navbar-toggler", "collapsed")}, children)
    if kind == "Nav":
        base = "navbar-nav" if p.get("navbar") else "nav"
        return el("div", {**common, "className": classes(p.get("class_name"), base)}, children)
    if kind == "NavItem":
        return el("div", {**common, "className": classes(p.get("class_name"), "nav-item")}, children)
    if kind == "NavLink":
        return el("a", {**common, "href": p.get("href"),
                        "className": classes(p.get("class_name"), "nav-link", p.get("active") is True and "active")},
                  children)
    if kind == "Row":
        return el("div", {**common, "className": classes(p.get("class_name"), "row")}, children)
    if kind == "Col":
        return el("div", {**common, "className": _column(p)}, children)
    if kind == "Label":
        return el("label", {**common, "htmlFor": p.get("html_for"),
                            "className": classes(p.get("class_name"), "form-label")}, children)
    if kind == "Button":
        colour = p.get("color") or "primary"
        names = ["btn", f"btn-outline-{colour}" if p.get("outline") else f"btn-{colour}",
                 p.get("size") and f"btn-{p['size']}"]
        if p.get("href"):
            return el("a", {**common, "href": p["href"], "className": classes(p.get("class_name"), *names)}, children)
        return el("button", {**common, "type": "button", "className": classes(p.get("class_name"), *names)},
                  children)
    if kind == "Badge":
        colour = p.get("color") or "secondary"
        return el("span", {**common, "className": classes(p.get("class_name"), "badge", f"text-bg-{colour}"
                                                          if colour in BOOTSTRAP_COLOURS else None)}, children)
    if kind == "RadioItems":
        inline = p.get("inline") and "form-check-inline"
        items = [el("div", {"className": classes("form-check", inline)},
                    inner=el("input", {"className": "form-check-input", "type": "radio", "value": str(o["value"]),
                                       "checked": o["value"] == p.get("value")})
                    + el("label", {"className": "form-check-label"}, o["label"]))
                 for o in _choices(p.get("options"))]
        return el("div", {**common, "className": p.get("class_name")}, inner="".join(items))
    if kind == "Modal":
        if not p.get("is_open"):
            return ""  # a closed dialog is not in the page
    raise UnsupportedComponent(f"dash_bootstrap_components.{kind} has no static HTML form")


def _choices(options) -> list[dict]:
    """A control's options as Dash takes them (a list of values or of {label, value}, or a dict
    value -> label), as {label, value}."""
    if isinstance(options, dict):
        return [{"label": label, "value": value} for value, label in options.items()]
    return [o if isinstance(o, dict) else {"label": str(o), "value": o} for o in options or []]


def _dropdown(p: dict) -> str:
    """A closed dcc.Dropdown for a first paint: its button (assets/app.css gives it the size of Dash's)
    with the chosen labels, or the placeholder when nothing is chosen."""
    value = p.get("value")
    chosen = value if isinstance(value, list) else [] if value is None else [value]
    labels = {o["value"]: o["label"] for o in _choices(p.get("options"))}
    shown = [str(labels.get(v, v)) for v in chosen]
    text = element("span", {"className": classes("ops-first-paint-value", not shown and "is-placeholder")},
                   ", ".join(shown) if shown else p.get("placeholder") or "", first_paint=True)
    return element("div", {"className": "dash-dropdown-wrapper"},
                   inner=element("button", {"type": "button", "className": "ops-first-paint-dropdown",
                                            "disabled": True}, inner=text, first_paint=True), first_paint=True)


def to_html(node, *, first_paint: bool = False) -> str:
    """`node` (a component, a list of them, text or a number) as HTML; `first_paint`: as the first
    paint of a Dash page (see the module's description)."""
    if node is None or node is False:
        return ""
    if isinstance(node, str):
        return escape(node, quote=False)
    if isinstance(node, int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(to_html(item, first_paint=first_paint) for item in node)
    if not isinstance(node, Component):
        raise UnsupportedComponent(f"{type(node).__name__} is not a component")
    described = node.to_plotly_json()  # the component's public description: type, namespace, set props
    namespace, kind, props = described["namespace"], described["type"], described["props"]
    if namespace == "dash_html_components":
        return element(kind.lower(), props, props.get("children"), first_paint=first_paint)
    if namespace == "dash_bootstrap_components":
        return _bootstrap(kind, props, first_paint)
    if namespace == "dash_core_components" and kind == "Graph":
        # its style is for dcc.Graph's element (ui/chart_card.graph_frame): in an embed plotly.js draws the
        # figure into this element itself
        attrs = {"id": props.get("id"), "style": props.get("style") if first_paint else None,
                 "className": classes("dash-graph" if first_paint else "ops-static-graph", props.get("className"))}
        if first_paint:  # the frame around it holds the chart's height; Dash draws the figure
            return element("div", attrs, first_paint=True)
        figure = json_block({"figure": props.get("figure"), "config": props.get("config") or {}},
                            className="ops-figure")
        return element("div", attrs, inner=figure)
    if namespace == "dash_core_components" and kind == "Markdown":
        return element("div", {"id": props.get("id"), "className": props.get("className")},
                       inner=markdown.to_html(props.get("children") or ""), first_paint=first_paint)
    if namespace == "dash_core_components" and kind == "Store":
        return "" if first_paint else json_block(props.get("data"), id=props.get("id"), className="ops-store")
    if first_paint and namespace == "dash_core_components":
        if kind == "Location":
            return ""
        if kind == "Dropdown":
            return _dropdown(props)
        if kind == "Link":
            return element("a", {"href": props.get("href"), "className": props.get("className"),
                                 "title": props.get("title")}, props.get("children"), first_paint=True)
    raise UnsupportedComponent(f"{namespace}.{kind} has no static HTML form")
