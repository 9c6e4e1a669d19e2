"""Text from the data stays text in the Excel download (a name that looks like a formula is written as
text) and in Markdown (a source list). The pages, charts and other downloads in Chromium: tests/browser/test_xss.py."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=1+1"


def test_excel_download_keeps_a_formula_like_name_as_text():
    import pandas as pd

    from charts.exports import xlsx_bytes
    from charts.registry import ChartData, Column
    from data import load_dataset
    from settings import load_settings

    data = ChartData(pd.DataFrame({"name": [FORMULA, SCRIPT]}), (Column("name", "label.name"),), (), ())
    book = load_workbook(io.BytesIO(xlsx_bytes(data, "Titel", "da", load_dataset(load_settings().data_dir))))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value in (FORMULA, SCRIPT)]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("title", ["<b>x</b> & R&amp;D", "2016. Rapport", "- [a](b) *c* _d_ `e` #f", "x|y ~z~ > q",
                                   "<https://evil.example>", "se https://evil.example og mailto:x@evil.example",
                                   "back\\slash \\* stjerne", "tre\u00a0ord &#58; &amp;"])
def test_markdown_text_shows_exactly_the_text(title):
    """A text from the data written as Markdown (ui/markdown.py: a source list) comes out as that very text."""
    from html import unescape

    from ui import markdown

    html = markdown.to_html(markdown.bullets([markdown.text(title), markdown.link(title, "https://example.org/a b")]))
    items = re.findall(r"<li>(.*?)</li>", html)
    assert [unescape(re.sub(r"<[^>]+>", "", item)) for item in items] == [title, title]
    assert 'href="https://example.org/a%20b" target="_blank"' in html
    assert "<b>" not in html and html.count("<a ") == 1  # no tag, and no link but the one made
