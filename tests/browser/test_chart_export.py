"""The chart as an image from the chart card's menu: PNG and SVG made in the browser by plotly.js
(assets/chart-export.js), with the chart's title, its source line and the date the data was
updated drawn into the image, in the page's language; the map exports too; the menu items work
from the keyboard; texts are drawn as text, never as markup."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest

import charts  # noqa: F401  (registers the charts)
from charts.registry import get_chart
from data import Filters
from data import queries as q
from data.current import get_dataset
from i18n import format as fmt
from i18n.text import t
from tests.browser.test_dashboard import pick
from ui.chart_card import EXPORT_SOURCES_NAMED, export_texts

pytestmark = pytest.mark.usefixtures("dataset")  # the helpers read data.current
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPORT_WIDTH, MIN_HEIGHT, SCALE = 1200, 700, 2  # assets/chart-export.js


# ------------------------------------------------------------------ helpers
def open_chart(page, url: str, chart_id: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"#{chart_id} .js-plotly-plot .main-svg")
    page.wait_for_load_state("networkidle")


def download(page, chart_id: str, fmt_label: str):
    """Open the card's menu, click the item ending in '(PNG)' / '(SVG)', return the download."""
    page.click(f"#{chart_id} .ops-card-menu-toggle")
    with page.expect_download() as info:
        page.click(f"#{chart_id} .dropdown-item:has-text('({fmt_label})')")
    return info.value


def png_info(raw: bytes) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, after checking the signature and that the image is
    not blank (its decompressed pixel rows use many different byte values)."""
    assert raw[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", raw[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", raw[16:24])
    idat, pos = b"", 8
    while pos < len(raw):
        length, kind = struct.unpack(">I4s", raw[pos : pos + 8])
        if kind == b"IDAT":
            idat += raw[pos + 8 : pos + 8 + length]
        pos += 12 + length
    pixels = zlib.decompress(idat)
    assert len(set(pixels[: 4_000_000])) > 64, "the PNG looks blank"
    return width, height


SVG = "{http://www.w3.org/2000/svg}"


def svg_root(raw: bytes) -> ET.Element:
    root = ET.fromstring(raw)
    assert root.tag == f"{SVG}svg"
    return root


def texts_of(root: ET.Element) -> list[str]:
    """The text of every <text> element (its <tspan> lines joined by spaces)."""
    return [" ".join(s.strip() for s in el.itertext() if s.strip()) for el in root.iter(f"{SVG}text")]


def publishers(chart_id: str, lang: str) -> list[str]:
    data = get_chart(chart_id).build(get_dataset(), Filters(), lang)
    return list(dict.fromkeys(q.sources_for(get_dataset(), data.source_ids)["publisher"]))


def assert_no_hover_or_modebar(root: ET.Element) -> None:
    classes = " ".join(el.get("class", "") for el in root.iter())
    assert "modebar" not in classes
    for layer in root.iter(f"{SVG}g"):
        if layer.get("class") == "hoverlayer":
            assert len(layer) == 0, "hover labels in the exported image"


# ------------------------------------------------------------------ in the browser
def test_png_export_has_the_chart_id_as_name_and_the_export_size(page, page_log, app_url):
    open_chart(page, app_url, "projects-by-region")
    item = page.locator("#projects-by-region .dropdown-item", has_text="(PNG)")
    assert item.count() == 1
    assert item.inner_text() == "Hent diagram (PNG)"
    got = download(page, "projects-by-region", "PNG")
    assert got.suggested_filename == "projects-by-region.png"
    width, height = png_info(open(got.path(), "rb").read())
    assert width == EXPORT_WIDTH * SCALE
    assert height >= MIN_HEIGHT * SCALE
    assert page.locator("#projects-by-region .ops-copied").last.inner_text() == ""  # no failure said
    assert page_log.console_errors == []
    assert page_log.non_loopback_requests() == []


def test_svg_export_has_title_source_line_and_date(page, page_log, app_url, dataset):
    chart_id = "contract-value-by-sector"
    open_chart(page, app_url.rstrip("/") + "/sectors", chart_id)
    # a hover label on the page (plotly's own hover call) must not reach the image
    page.evaluate(f"Plotly.Fx.hover(document.querySelector('#{chart_id} .js-plotly-plot'), [{{curveNumber: 0, "
                  "pointNumber: 0}])")
    page.wait_for_selector(f"#{chart_id} .hoverlayer .hovertext")
    got = download(page, chart_id, "SVG")
    assert got.suggested_filename == f"{chart_id}.svg"
    root = svg_root(open(got.path(), "rb").read())
    assert root.get("width") == str(EXPORT_WIDTH) and int(root.get("height")) >= MIN_HEIGHT
    texts = texts_of(root)
    assert "Kontraktværdi pr. sektor" in texts  # the title, drawn as the figure's title
    footer = next(s for s in texts if "Data opdateret" in s)
    names = publishers(chart_id, "da")
    # first what the image shows (no filters here) and the card's notes, then the sources and the date
    assert footer.startswith("Alle samarbejder (ingen filtre) ")
    for note in get_chart(chart_id).build(dataset, Filters(), "da").notes:
        assert " ".join(note.split()) in footer
    assert "Kilder: " + names[0] in footer
    for name in names[:EXPORT_SOURCES_NAMED]:
        assert name in footer
    assert footer.endswith("Data opdateret " + fmt.format_date(dataset.updated, "da"))
    assert re.search(r"Data opdateret \d{1,2}\. [a-zæøå]+ \d{4}$", footer)
    # the chart itself is in the image: its bars and its axis title
    assert root.findall(f".//{SVG}g[@class='trace bars']")
    axis_titles = [el for el in root.iter(f"{SVG}text") if el.get("class") == "xtitle"]
    assert axis_titles and "".join(axis_titles[0].itertext()).strip()
    assert_no_hover_or_modebar(root)
    assert page_log.console_errors == []


def test_export_in_english(page, app_url, dataset):
    chart_id = "contract-value-by-sector"
    open_chart(page, app_url.rstrip("/") + "/sectors?lang=en", chart_id)
    assert page.locator(f"#{chart_id} .dropdown-item", has_text="(SVG)").inner_text() == "Download chart (SVG)"
    got = download(page, chart_id, "SVG")
    texts = texts_of(svg_root(open(got.path(), "rb").read()))
    assert "Contract value by sector" in texts
    footer = next(s for s in texts if "Data updated" in s)
    assert footer.startswith("All collaborations (no filters) ")
    assert "Sources: " + publishers(chart_id, "en")[0] in footer
    assert footer.endswith("Data updated " + fmt.format_date(dataset.updated, "en"))
    assert re.search(r"Data updated \d{1,2} [A-Z][a-z]+ \d{4}$", footer)
    assert not any("Kilde" in s or "opdateret" in s for s in texts)


def test_the_regions_map_exports_as_png_and_svg(page, page_log, app_url, dataset):
    chart_id = "regions-map-count"
    open_chart(page, app_url.rstrip("/") + "/regions", chart_id)
    png = download(page, chart_id, "PNG")
    assert png.suggested_filename == f"{chart_id}.png"
    width, height = png_info(open(png.path(), "rb").read())
    assert width == EXPORT_WIDTH * SCALE and height >= MIN_HEIGHT * SCALE
    svg = download(page, chart_id, "SVG")
    root = svg_root(open(svg.path(), "rb").read())
    regions = [p for p in root.iter(f"{SVG}path") if "choroplethlocation" in (p.get("class") or "")]
    assert len(regions) >= 5  # the five regions are drawn (from the app's own GeoJSON)
    assert all(len(p.get("d") or "") > 100 for p in regions[:5])
    texts = texts_of(root)
    assert "Kort: samarbejder pr. region" in texts
    footer = next(s for s in texts if "Data opdateret" in s)
    geometry = dataset.descriptor["geometry"]
    (attribution,) = [n for n in get_chart(chart_id).build(dataset, Filters(), "da").notes if n in geometry.values()]
    assert attribution in footer  # the boundaries' attribution (CC BY 4.0), as in the map's notes
    assert_no_hover_or_modebar(root)
    assert page_log.console_errors == []
    assert page_log.non_loopback_requests() == []  # no base map from a CDN, even off screen


def test_an_image_of_a_filtered_view_says_which_view_it_shows(page, app_url, dataset):
    chart_id = "contract-value-by-sector"
    open_chart(page, app_url.rstrip("/") + "/sectors?region=1084&from=2015", chart_id)
    texts = texts_of(svg_root(open(download(page, chart_id, "SVG").path(), "rb").read()))
    footer = next(s for s in texts if "Data opdateret" in s)
    assert footer.startswith("Viser: Region Hovedstaden · fra 2015 ")
    filtered = Filters.make(["1084"], [], [], 2015, None)
    for note in get_chart(chart_id).build(dataset, filtered, "da").notes:  # coverage goes with the image
        assert " ".join(note.split()) in footer


def test_an_export_by_keyboard_only(page, app_url):
    open_chart(page, app_url, "projects-by-sector")
    page.focus("#projects-by-sector .ops-card-menu-toggle")
    page.keyboard.press("Enter")
    page.wait_for_selector("#projects-by-sector .dropdown-menu.show")
    for _ in range(6):
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.textContent")
        if focused.endswith("(SVG)"):
            break
    assert focused == "Hent diagram (SVG)"
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "projects-by-sector.svg"
    assert "Samarbejder pr. sektor" in texts_of(svg_root(open(info.value.path(), "rb").read()))


def test_embeds_with_controls_export_too(page, app_url):
    open_chart(page, app_url + "embed/projects-by-region", "projects-by-region")
    got = download(page, "projects-by-region", "PNG")
    assert got.suggested_filename == "projects-by-region.png"
    assert png_info(open(got.path(), "rb").read())[0] == EXPORT_WIDTH * SCALE


def test_no_image_items_when_there_is_no_chart(page, app_url):
    page.goto(app_url + "?sector=parking&form=esco")
    page.wait_for_selector("#projects-by-region .ops-empty")
    page.click("#projects-by-region .ops-card-menu-toggle")
    items = page.locator("#projects-by-region .dropdown-item:visible")
    items.first.wait_for()
    labels = items.all_inner_texts()
    assert any("CSV" in s for s in labels)
    assert not any("PNG" in s or "SVG" in s for s in labels)
    # and they come back, in place, when a filter change gives the chart data
    pick(page, "filter-form", "ESCO")  # the form filter off again: parking projects remain
    page.wait_for_selector("#projects-by-region .js-plotly-plot .main-svg", state="visible")
    page.click("#projects-by-region .ops-card-menu-toggle")
    page.wait_for_selector("#projects-by-region .dropdown-item:visible:has-text('PNG')")


@pytest.mark.parametrize("markup", ["<b>Fed</b> & <i>kursiv</i>", '<a href="https://example.org">link</a>'])
def test_texts_are_drawn_as_text_never_as_markup(page, app_url, markup):
    """A title or source name that looks like markup is shown literally: no bold, no link."""
    open_chart(page, app_url, "projects-by-region")
    svg = page.evaluate(
        """(markup) => {
            const gd = document.querySelector('#projects-by-region .js-plotly-plot');
            const texts = {title: markup, filters: markup, notes: [markup], source: markup, updated: 'x'};
            return window.opsMonitor.exportFigure(gd, texts)
                .then(f => Plotly.toImage(f, {format: 'svg', imageDataOnly: true}));
        }""",
        markup,
    )
    root = svg_root(svg.encode())
    texts = texts_of(root)
    assert texts.count(markup) == 1  # the title
    assert any(s.startswith(markup) for s in texts if s != markup)  # the footer's first line
    assert not root.findall(f".//{SVG}a")
    bold = [el for el in root.iter(f"{SVG}tspan") if "bold" in (el.get("style") or "")]
    assert not bold


LAYOUT_CHECK = """async ({chartId, texts}) => {
    const gd = document.querySelector('#' + chartId + ' .js-plotly-plot');
    const figure = await window.opsMonitor.exportFigure(gd, texts);
    const svg = await Plotly.toImage(figure, {format: 'svg', imageDataOnly: true});
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    const host = document.createElement('div');
    host.style.cssText = 'position:absolute;left:0;top:0;z-index:9999';
    host.appendChild(document.importNode(parsed, true));
    document.body.appendChild(host);
    const root = host.firstChild.getBoundingClientRect();
    const box = (el) => {
        const r = el.getBoundingClientRect();
        return {top: r.top - root.top, bottom: r.bottom - root.top, left: r.left - root.left,
                right: r.right - root.left, width: r.width, height: r.height};
    };
    const title = host.querySelector('.gtitle');
    const footer = [...host.querySelectorAll('.annotation')]
        .find(a => a.textContent.startsWith(texts.filters.slice(0, 20)));
    const content = [...host.querySelectorAll('.cartesianlayer, .geolayer, .legend, .colorbar, text')]
        .filter(el => !title.contains(el) && !footer.contains(el))
        .map(box).filter(b => b.width > 0 && b.height > 0);
    const result = {width: root.width, height: root.height, title: box(title), footer: box(footer), content};
    host.remove();
    return result;
}"""


@pytest.mark.parametrize(
    "path, chart_id",
    [
        ("/", "projects-by-region"),  # long category labels on the left
        ("/sectors", "sector-by-form"),  # legend above the plot
        ("/programmes", "programmes-timeline"),  # a tall chart with its legend below the plot
        ("/regions", "regions-map-count"),  # the map with its colour bar
    ],
)
def test_title_and_footer_do_not_overlap_the_chart(page, app_url, path, chart_id, dataset):
    chart = get_chart(chart_id)
    texts = export_texts(chart_id, chart.build(dataset, Filters(), "da"), t(chart.title_key, "da"), "da", dataset)
    open_chart(page, app_url.rstrip("/") + path, chart_id)
    got = page.evaluate(LAYOUT_CHECK, {"chartId": chart_id, "texts": texts})
    title, footer, content = got["title"], got["footer"], got["content"]
    assert got["width"] == EXPORT_WIDTH and got["height"] >= MIN_HEIGHT
    assert len(content) > 5
    assert footer["height"] > 2 * 12  # at least a source line and the date line
    assert 0 <= title["top"] and title["bottom"] <= min(b["top"] for b in content)
    assert max(b["bottom"] for b in content) <= footer["top"] and footer["bottom"] <= got["height"]
    for b in [title, footer, *content]:  # nothing clipped at the sides
        assert b["left"] >= 0 and b["right"] <= got["width"], b
