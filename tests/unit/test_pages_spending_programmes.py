"""The spending and programmes pages' layouts: every card with its title, the notes on filters that do not
apply, English, the programme list following the filters. In Chromium:
tests/browser/test_pages_spending_programmes.py."""

from __future__ import annotations

SPENDING_CARDS = ("spending-regions-health", "spending-health-it", "spending-health-by-year", "spending-medicines",
                  "spending-procurement")
PROGRAMME_CARDS = ("programmes-timeline", "programmes-opp-pool", "programmes-sygehuspartnerskabet-shares",
                   "programmes-medicoindkoeb-members")


def page_module(name: str):
    """The page module (importing it registers the page, which needs a Dash app with pages)."""
    import dash

    if not dash.page_registry:
        import app  # noqa: F401  (creates the app and registers every page)
    import importlib

    return importlib.import_module(f"pages.{name}")


def text_of(component) -> str:
    """The whole component tree as JSON text (ids, props and texts of every descendant)."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def all_props(component) -> list[dict]:
    """The props of every component in the tree."""
    out, stack = [], [component]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            props = node.to_plotly_json()["props"]
            out.append(props)
            stack.append(props.get("children"))
    return out


# ------------------------------------------------------------------ layouts
def test_spending_layout_has_every_card_and_its_title():
    out = text_of(page_module("spending").layout())
    assert "Regionernes udgifter til sundhed" in out
    for chart_id in SPENDING_CARDS:
        assert f'"data-chart-id": "{chart_id}"' in out


def test_spending_says_when_sector_or_form_filters_do_not_apply():
    spending = page_module("spending")
    assert "spending-filter-note" not in text_of(spending.layout())
    out = text_of(spending.layout(sector="medtech"))
    assert "spending-filter-note" in out and "gælder ikke udgiftstallene" in out


def test_spending_layout_in_english():
    out = text_of(page_module("spending").layout(lang="en"))
    assert "The regions' health spending" in out and "Health spending by region, as reported" in out


def test_programmes_layout_has_every_card_the_member_list_and_the_programme_list():
    out = text_of(page_module("programmes").layout())
    assert "Programmer, puljer og partnerskaber" in out
    for chart_id in PROGRAMME_CARDS:
        assert f'"data-chart-id": "{chart_id}"' in out
    for name in ("Medtronic", "Odense Kommune", "Moderniseringsstyrelsen/Statens Indkøb"):
        assert name in out
    depth = {p["data-programme-id"]: p["data-depth"] for p in all_props(page_module("programmes").layout())
             if "data-programme-id" in p}
    assert depth["sygehuspartnerskabet"] == "0" and depth["sygehuspartnerskabet-1084"] == "1"
    assert depth["sygehuspartnerskabet-logistik-2012-1083"] == "2"
    assert "57 programmer og puljer i udvalget" in out  # 12 programmes added by the third research pass (F174-F218)


def test_programme_list_follows_the_filters():
    out = text_of(page_module("programmes").layout(region="1084"))
    assert '"data-programme-id": "sund-vaegt"' in out
    assert '"data-programme-id": "opp-puljen"' not in out  # an all-regions programme, not Region Hovedstaden's
    assert "del af Sygehuspartnerskabet" in out  # a share whose parent is not in the selection
