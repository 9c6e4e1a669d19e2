"""The HTML snippet an intranet editor pastes to embed a chart (server/embed.py serves the resize
script it may include)."""

from __future__ import annotations

from html import escape

DEFAULT_HEIGHT = 620


def snippet(src: str, title: str, height: int = DEFAULT_HEIGHT, script_src: str | None = None) -> str:
    """The HTML an intranet editor pastes: an iframe and, optionally, the resize script."""
    iframe = (
        f'<iframe src="{escape(src)}" title="{escape(title)}" loading="lazy" width="100%" height="{height}" '
        f'style="border:0;max-width:100%" data-ops-monitor-embed></iframe>'
    )
    return iframe if not script_src else f'{iframe}\n<script src="{escape(script_src)}" async></script>'
