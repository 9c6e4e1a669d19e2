"""`{prefix}changes.atom`: the changes page as an Atom feed (RFC 4287), one entry per kept version of
the data in use, newest first, in the language and for the filters of the query (`lang`, `region`,
`sector`, `form`), so people can subscribe to what is new."""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import dash
import flask

from data.current import get_dataset, kept_versions
from i18n.text import t
from ui.url_state import parse_query, to_query

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def atom_feed(search: str, base: str) -> bytes:
    """The feed for the query `search`; `base`: scheme and host of the public address."""
    ds = get_dataset()
    state = parse_query(search, ds)
    lang, query = state.lang, to_query(state.filters, lang=state.get("lang"))
    page = base + dash.get_relative_path("/changes") + query
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})

    def add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    versions = kept_versions()[:MAX_ENTRIES]
    source_tag = hashlib.sha1(str(versions[0].source if versions else ds.directory).encode()).hexdigest()[:12]
    add(feed, "id", f"urn:ops-monitor:changes:{source_tag}:{lang}{query}")
    add(feed, "title", t("changes.feed_title", lang))
    add(feed, "updated", _iso(versions[0].accepted_at) if versions else datetime.now(UTC).isoformat(timespec="seconds"))
    add(add(feed, "author"), "name", "OPS Monitor")
    add(feed, "link", href=page, rel="alternate", type="text/html")
    add(feed, "link", href=base + flask.request.full_path.rstrip("?"), rel="self", type="application/atom+xml")
    for kept in versions:
        said = kept.lines(state.filters, lang)
        lines = said[0] if said is not None else []
        entry = add(feed, "entry")
        add(entry, "id", f"urn:ops-monitor:data:{kept.version}:{kept.accepted_at:.0f}")
        add(entry, "title", t("changes.entry_title", lang, version=kept.version, n=len(lines)))
        add(entry, "updated", _iso(kept.accepted_at))
        add(entry, "link", href=f"{page}#version-{kept.version}", rel="alternate", type="text/html")
        add(entry, "content", "\n".join(f"- {line}" for line in lines) if said is not None
            else t("changes.first", lang), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def register_feed_route(server: flask.Flask, prefix: str) -> None:
    @server.get(f"{prefix}changes.atom")
    def changes_feed():
        body = atom_feed(flask.request.query_string.decode("latin-1"), flask.request.host_url.rstrip("/"))
        response = flask.Response(body, mimetype="application/atom+xml")
        response.headers["Cache-Control"] = "public, max-age=60"
        return response
