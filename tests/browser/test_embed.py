"""Embedding a chart in another site's page: a host page on a second loopback origin frames
an embed; the chart draws, the frame grows to its content, downloads work; an origin that is
not listed is refused by the browser; the snippet dialog gives the right code."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

from tests.support import HostSite
from ui.embed_snippet import DEFAULT_HEIGHT, snippet


def host_page(site: HostSite, app: str, path: str, height: int = 200, script: bool = True) -> str:
    src = app.rstrip("/") + path
    script_src = app + "embed/resize.js" if script else None
    site.html = (
        "<!doctype html><html lang='da'><head><title>Intranet</title></head><body>"
        "<h1>Intranet</h1>" + snippet(src, "Diagram", height=height, script_src=script_src) + "</body></html>"
    )
    return site.origin + "/"


def embed_frame(page):
    page.wait_for_selector("iframe")
    frame = page.frame_locator("iframe")
    frame.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=20000)
    return frame


def test_listed_host_frames_the_chart_and_it_grows_to_its_content(page, page_log, embed_app, listed):
    page.goto(host_page(listed, embed_app, "/embed/projects-by-region?region=1081,1082", height=200))
    frame = embed_frame(page)
    assert frame.locator("h1").inner_text() == "Samarbejder pr. region"
    assert frame.locator(".ops-navbar").count() == 0 or not frame.locator(".ops-navbar").is_visible()
    assert not frame.locator(".ops-filter-bar").is_visible()
    page.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height > 400")
    content = frame.locator(".ops-embed-page").evaluate("e => e.getBoundingClientRect().height")
    frame_height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    assert abs(frame_height - content) < 40
    assert page_log.console_errors == []


def test_without_the_script_the_frame_keeps_its_default_height(page, embed_app, listed):
    page.goto(host_page(listed, embed_app, "/embed/projects-by-sector", height=DEFAULT_HEIGHT, script=False))
    embed_frame(page)
    page.wait_for_timeout(500)
    assert page.evaluate("document.querySelector('iframe').getBoundingClientRect().height") == DEFAULT_HEIGHT


def test_csv_download_works_inside_the_frame(page, embed_app, listed):
    page.goto(host_page(listed, embed_app, "/embed/projects-by-region?form=opp", height=700))
    frame = embed_frame(page)
    frame.locator(".ops-card-menu-toggle").click()
    with page.expect_download() as info:
        frame.locator(".dropdown-item:has-text('CSV')").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
    assert rows[0] == ["Region", "Antal samarbejder"] and len(rows) > 1


def test_open_in_the_dashboard_keeps_the_filters_in_a_new_tab(page, embed_app, listed):
    page.goto(host_page(listed, embed_app, "/embed/regions-vs-national?sector=parking", height=700))
    frame = embed_frame(page)
    link = frame.locator("#embed-open")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("href") == "/regions?sector=parking"


def test_unlisted_host_is_refused_by_the_browser(page, embed_app, unlisted):
    page.goto(host_page(unlisted, embed_app, "/embed/projects-by-region"))
    page.wait_for_selector("iframe")
    page.wait_for_timeout(2500)
    frame = page.frames[1]
    assert frame.url.startswith("chrome-error://") or frame.locator(".ops-embed-page").count() == 0
    assert page.frame_locator("iframe").locator(".js-plotly-plot").count() == 0


def test_controls_zero_hides_the_menu_and_table_toggle(page, embed_app):
    page.goto(embed_app + "embed/projects-by-sector?controls=0")
    page.wait_for_selector(".ops-embed-page .js-plotly-plot")
    assert page.locator(".ops-card-menu").count() == 0
    assert page.locator(".ops-table-toggle").count() == 0
    assert page.locator(".ops-summary").inner_text()


def test_english_embed(page, embed_app):
    page.goto(embed_app + "embed/projects-by-region?lang=en")
    page.wait_for_selector(".ops-embed-page .js-plotly-plot")
    assert page.locator("h1").inner_text() == "Collaborations by region"


def test_unknown_chart_id_is_a_friendly_page(page, embed_app):
    page.goto(embed_app + "embed/no-such-chart")
    page.wait_for_selector("main h1")  # a static page: no Dash
    assert "findes ikke" in page.locator("main h1").inner_text()


def test_embed_index_lists_every_chart(page, embed_app):
    import charts  # noqa: F401  (registers every chart)
    from charts.registry import CHARTS

    page.goto(embed_app + "embed/")
    page.wait_for_selector("#embed-index")
    links = page.locator("#embed-index a.ops-embed-link")
    assert links.count() == len(CHARTS)
    assert {urlsplit(links.nth(i).get_attribute("href")).path.rsplit("/", 1)[-1] for i in range(links.count())} == set(
        CHARTS
    )


def test_embed_dialog_gives_the_snippet_for_the_current_view(page, embed_app):
    page.goto(embed_app + "?region=1084&form=opi")
    page.wait_for_selector("#projects-by-region .ops-card-menu-toggle")
    page.click("#projects-by-region .ops-card-menu-toggle")
    page.click("#projects-by-region .dropdown-item:has-text('Indlejr')")
    textarea = page.locator(".modal.show textarea")
    textarea.wait_for()
    page.wait_for_function("document.querySelector('.modal.show textarea').value.includes('<iframe')")
    code = textarea.input_value()
    assert (
        f'src="{embed_app}embed/projects-by-region?region=1084&amp;form=opi"' in code
        or f'src="{embed_app}embed/projects-by-region?region=1084&form=opi"' in code
    )
    assert 'title="Samarbejder pr. region – OPS Monitor"' in code
    assert 'loading="lazy"' in code and f'height="{DEFAULT_HEIGHT}"' in code
    assert f'<script src="{embed_app}embed/resize.js" async></script>' in code
    page.click(".modal.show label:has-text('Tilpas')")
    page.wait_for_function("!document.querySelector('.modal.show textarea').value.includes('<script')")
