"""The iframe snippet given to editors who embed a chart. Embedding for real (framing headers, a host page
on a second origin): tests/integration/test_embed.py and tests/browser/test_embed.py."""

from __future__ import annotations

from ui.embed_snippet import snippet


def test_snippet_escapes_the_title():
    code = snippet("https://x/embed/a", 'A "quoted" <title>')
    assert 'title="A &quot;quoted&quot; &lt;title&gt;"' in code
