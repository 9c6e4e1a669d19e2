"""Markdown, for text that Dash shows as one `dcc.Markdown` component rather than as a component per
element (a long list of sources: with Dash 4, each rendered component costs work in proportion to the
whole page's). Texts from the data are escaped here; the server-rendered HTML (ui/static_html.py)
writes the same Markdown with markdown-it-py (CommonMark, no raw HTML), as dcc.Markdown's parser does
in the browser. Links open in a new tab (dcc.Markdown's `link_target`, and the same here)."""
from __future__ import annotations

import re
from urllib.parse import quote

from markdown_it import MarkdownIt

LINK_TARGET = "_blank"
# The characters that make Markdown, escaped with a backslash: those both parsers take escaped (dcc.Markdown's
# remark with GitHub's extensions, and CommonMark). `&`, `<` and `:` are written as entities, which both
# decode: no entity, tag or autolink can start (remark links a bare `https://...` in text; markdown-it not).
_SYNTAX = re.compile(r"([\\`*{}\[\]()#+\-.!_>~|])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def text(value: str) -> str:
    """`value` as Markdown that shows exactly it, on one line."""
    escaped = _SYNTAX.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(":", "&#58;")  # after: `#` stays as it is


def link(label: str, url: str) -> str:
    """A link to `url` showing `label` (the address in <...>, with what cannot stand there percent-encoded)."""
    return f"[{text(label)}](<{quote(url.strip(), safe=':/?#[]@!$&()*+,;=%~-._')}>)"


def bullets(items: list[str]) -> str:
    """A bulleted list of Markdown `items`."""
    return "\n".join(f"- {item}" for item in items)


_RENDERER = MarkdownIt("commonmark", {"html": False})


def _link_open(renderer, tokens, idx, options, env):
    tokens[idx].attrSet("target", LINK_TARGET)
    return renderer.renderToken(tokens, idx, options, env)


_RENDERER.add_render_rule("link_open", _link_open)


def to_html(source: str) -> str:
    """`source` (CommonMark) as HTML, links opening in a new tab."""
    return _RENDERER.render(source)
