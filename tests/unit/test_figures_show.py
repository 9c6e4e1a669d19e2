"""Every registered chart, in Danish and English and for several filter sets, is tested by what its figure
must show (read back from the spec with tests/unit/figure_reading.py):

- the plotted values are the ChartData frame's values, in the frame's order (the first row on top or
  left), with the frame's texts and hover texts; an empty frame draws nothing;
- a fixed colour per region and per form: one colour for a region (a form) in every chart and language;
- labels in the requested language, plotly's separators and the number texts in its format;
- bounds marked: '> x' for a lower bound, 'op til x' / 'up to x' for an upper one, 'x *' for a mixed one;
- the spec is a plain JSON-able dict of typed traces carrying the app's template.

Data texts read as HTML: tests/unit/test_figures_escaping.py.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
from plotly.io.json import to_json_plotly

import charts
from charts import figures as fg
from charts.registry import CHARTS
from data import BUNDLED_DIR, Filters, load_dataset
from i18n.text import MESSAGES, name_col
from tests.unit.figure_reading import (
    COLOURED_BY,
    SHOWN,
    Bars,
    Map,
    Series,
    Stacked,
    Table,
    Timeline,
    bar_items,
    expected_bar_items,
    number,
    plain_text,
    series_items,
    shown_text,
    stacked_items,
    texts_of,
    timeline_items,
)

LANGS = ("da", "en")
FILTERS = {
    "all": Filters(),
    "hovedstaden": Filters.make(regions="1084"),
    "from-2015": Filters.make(year_from=2015),
}
CHART_IDS = sorted(CHARTS)


@pytest.fixture(scope="module")
def drawn():
    """(ChartData, spec) of a chart in a language and filter set, built once for the module."""
    ds = load_dataset(BUNDLED_DIR)

    @functools.cache
    def draw(chart_id: str, lang: str, filters: str):
        chart = CHARTS[chart_id]
        data = chart.build(ds, FILTERS[filters], lang)
        return data, (chart.figure(data, lang) if not data.empty else None)

    draw.ds = ds
    return draw


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def assert_values(got: list, expected: list) -> None:
    assert len(got) == len(expected), (got, expected)
    assert all(close(number(g), e) for g, e in zip(got, expected, strict=True)), (got, expected)


def for_each_filter_set(drawn, chart_id: str, lang: str, check) -> None:
    """`check(data, spec, chart_id, lang)` for each filter set where the chart's frame is not empty (an
    empty frame draws no figure: the card says 'no data'); a failure names its filter set. A check that
    returns False found nothing to check; if none did, the test is skipped."""
    checked = 0
    for filters in FILTERS:
        data, spec = drawn(chart_id, lang, filters)
        if data.empty:
            continue
        try:
            checked += check(data, spec, chart_id, lang) is not False
        except AssertionError as exc:
            raise AssertionError(f"filters {filters!r}: {exc}") from exc
    if not checked:
        pytest.skip("nothing to check in the bundled data")


every_chart = pytest.mark.parametrize("chart_id", CHART_IDS)
both_languages = pytest.mark.parametrize("lang", LANGS)


def test_every_chart_says_what_it_shows():
    assert set(SHOWN) == set(CHARTS)
    assert set(COLOURED_BY) <= set(CHARTS)


# ------------------------------------------------------------------ the plotted values and their order
def check_bars(data, spec, how: Bars):
    got = bar_items(spec, how)
    expected = expected_bar_items(data.frame, how)
    assert_values([g["value"] for g in got], [e["value"] for e in expected])
    if how.markup_label:
        assert [g["label"] for g in got] == [e["label"] for e in expected]
    else:
        assert [shown_text(g["label"]) for g in got] == [plain_text(e["label"]) for e in expected]
    assert [g["text"] for g in got] == [e["text"] for e in expected]
    assert [g["hover"] for g in got] == [e["hover"] for e in expected]
    if how.colour:
        assert [g["colour"] for g in got] == [e["colour"] for e in expected]
    axis = spec["layout"]["xaxis" if how.horizontal else "yaxis"]
    top = max((e["value"] or 0 for e in expected), default=0)
    assert axis["range"][0] == 0 and axis["range"][1] >= top, "every bar fits on the axis"
    if how.reference:
        (line,) = spec["layout"]["shapes"]
        assert close(line["x0"], data.extra[how.reference]) and line["x0"] == line["x1"]


def check_map(data, spec, how: Map):
    regions, labels = spec["data"]
    assert regions["type"] == "choropleth" and labels["type"] == "scattergeo"
    frame = data.frame
    assert regions["locations"] == list(frame["key"])
    assert_values(regions["z"], [None if number(v) is None else number(v) / how.scale for v in frame["value"]])
    assert [shown_text(n) for n in regions["text"]] == [plain_text(n) for n in frame["name"]]
    assert regions["customdata"] == list(frame["text"]) == labels["text"]
    assert regions["zmin"] == 0 and close(regions["zmax"], max(number(v) or 0 for v in frame["value"]) / how.scale)
    # each label sits on its own region: the five label points differ
    assert len(set(zip(labels["lon"], labels["lat"], strict=True))) == len(frame)


def check_stacked(data, spec, how: Stacked):
    frame = data.frame
    order = data.extra["order"]  # bottom-up: the sector with most collaborations on top
    for trace in spec["data"]:
        assert [shown_text(y) for y in trace["y"]] == [plain_text(s) for s in order]
    got = {(shown_text(i["label"]), shown_text(i["name"])): i["value"] for i in stacked_items(spec)}
    expected = {(plain_text(r[how.label]), plain_text(r[how.stack_label])): r[how.value]
                for r in frame.to_dict("records")}
    assert got == expected
    totals = frame.groupby(how.label)[how.value].sum()
    assert list(totals.loc[order]) == sorted(totals), "sectors ordered by their number of collaborations"


def check_series(data, spec, how: Series):
    frame = data.frame
    got = series_items(spec)
    assert [(shown_text(g["name"]), g["x"]) for g in got] == [
        (plain_text(r[how.series_label]), int(r[how.x])) for r in frame.to_dict("records")]
    assert_values([g["y"] for g in got], [number(v) for v in frame[how.y]])
    assert [shown_text(g["text"]) for g in got] == [plain_text(v) for v in frame[how.text]]
    assert [g["hover"] for g in got] == list(frame[how.hover])
    assert len({tr["name"] for tr in spec["data"]}) == len(spec["data"]) == frame[how.series].nunique()


def check_timeline(data, spec, how: Timeline):
    frame = data.frame
    got = timeline_items(spec)
    assert [g["label"] for g in got] == list(frame[how.label])
    assert [g["start"] for g in got] == [int(v) for v in frame[how.start]]
    assert [g["end"] for g in got] == [None if pd.isna(v) else int(v) for v in frame[how.end]]
    assert [g["open"] for g in got] == list(frame[how.end].isna()), "an open end is hatched"
    assert all(g["drawn_to"] == g["start"] for g in got if g["open"]), "nothing drawn past a known year"
    assert [g["hover"] for g in got] == list(frame[how.hover])
    legend = [tr for tr in spec["data"] if tr.get("showlegend")]
    names = [shown_text(tr["name"]) for tr in legend]
    forms = frame.drop_duplicates(how.form)[how.form_label]
    assert names[: len(forms)] == [plain_text(n) for n in forms], "one legend entry per form, top-down"
    assert len(legend) == frame[how.form].nunique() + bool(frame[how.end].isna().any())


def check_table(data, spec, how: Table):
    (table,) = spec["data"]
    assert table["type"] == "table"
    assert [[shown_text(v) for v in column] for column in table["cells"]["values"]] == [
        [" ".join(str(v).split()) for v in data.frame[c]] for c in how.columns]  # what the reader sees


CHECKS = {Bars: check_bars, Map: check_map, Stacked: check_stacked, Series: check_series,
          Timeline: check_timeline, Table: check_table}


@both_languages
@every_chart
def test_the_figure_draws_the_frame_values_in_its_order(drawn, chart_id, lang):
    for_each_filter_set(drawn, chart_id, lang, check_frame_values)


def check_frame_values(data, spec, chart_id, lang):
    how = SHOWN[chart_id]
    CHECKS[type(how)](data, spec, how)


def _values_drawn(spec: dict) -> list:
    keys = ("x", "y", "z", "text", "lon", "lat", "locations", "base")
    drawn = [v for tr in spec["data"] for k in keys for v in (tr.get(k) or []) if v is not None]
    drawn += [v for tr in spec["data"] if tr["type"] == "table" for col in tr["cells"]["values"] for v in col]
    return drawn


@both_languages
@every_chart
def test_an_empty_frame_draws_nothing(drawn, chart_id, lang):
    data, _ = drawn(chart_id, lang, "all")
    assert not data.empty, "the bundled data draws every chart"
    empty = dataclasses.replace(data, frame=data.frame.iloc[0:0])
    spec = CHARTS[chart_id].figure(empty, lang)
    assert _values_drawn(spec) == [], "no invented values"
    assert len(_values_drawn(CHARTS[chart_id].figure(data, lang))) > 0


# ------------------------------------------------------------------ a fixed colour per region and per form
def coloured(chart_id: str, data, spec) -> list[tuple[str, str, str]]:
    """(kind, key, colour drawn) for every item of a chart that colours by region or form."""
    kind, col = COLOURED_BY[chart_id]
    frame = data.frame
    how = SHOWN[chart_id]
    if isinstance(how, Bars):
        colours = [item["colour"] for item in bar_items(spec, how)]
        keys = [col[1:]] * len(frame) if col.startswith("=") else list(frame[col])
        return [(kind, str(k), c) for k, c in zip(keys, colours, strict=True)]
    if isinstance(how, Stacked):
        names = dict(zip(frame[how.stack_label].map(plain_text), frame[how.stack], strict=True))
        return [(kind, str(names[shown_text(tr["name"])]), tr["marker"]["color"]) for tr in spec["data"]]
    if isinstance(how, Timeline):
        return [(kind, str(k), item["colour"]) for k, item in zip(frame[col], timeline_items(spec), strict=True)]
    raise AssertionError(f"{chart_id}: no colour reading for {type(how).__name__}")


PALETTE = {"region": fg.REGION_COLOURS, "form": fg.FORM_COLOURS}


def colours_seen(drawn) -> tuple[dict, dict]:
    """{(kind, key): colours drawn} and {(kind, key): charts drawing it}, over every chart that colours
    by region or form, both languages and every filter set."""
    seen: dict[tuple[str, str], set[str]] = {}
    where: dict[tuple[str, str], set[str]] = {}
    for chart_id in COLOURED_BY:
        for lang in LANGS:
            for filters in FILTERS:
                data, spec = drawn(chart_id, lang, filters)
                if data.empty:
                    continue
                for kind, key, colour in coloured(chart_id, data, spec):
                    seen.setdefault((kind, key), set()).add(colour)
                    where.setdefault((kind, key), set()).add(chart_id)
    return seen, where


def test_a_region_or_form_has_one_colour_in_every_chart_and_language(drawn):
    seen, where = colours_seen(drawn)
    fixed = {key: colours for key, colours in seen.items() if key[1] in PALETTE[key[0]]}
    assert all(len(colours) == 1 for colours in fixed.values()), {k: v for k, v in fixed.items() if len(v) > 1}
    colour = {key: next(iter(colours)) for key, colours in fixed.items()}
    assert all(colour[(kind, key)] == PALETTE[kind][key] for kind, key in colour)
    # the five regions (and the national figures) are told apart, and so are the forms
    regions = [c for (kind, _), c in colour.items() if kind == "region"]
    forms = [c for (kind, _), c in colour.items() if kind == "form"]
    assert {key for kind, key in colour if kind == "region"} >= {"1081", "1082", "1083", "1084", "1085", "DK"}
    assert len(set(regions)) == len(regions) and len(set(forms)) == len(forms) >= 5
    # each region and several forms are drawn by more than one chart, so 'the same colour everywhere' is tested
    assert all(len(where[("region", code)]) >= 3 for code in ("1081", "1082", "1083", "1084", "1085"))
    assert sum(len(where[key]) >= 3 for key in colour if key[0] == "form") >= 3


def test_every_region_and_form_drawn_has_a_colour_of_its_own(drawn):
    seen, _ = colours_seen(drawn)
    assert [key for key in seen if key[1] not in PALETTE[key[0]]] == []


def test_a_code_without_a_colour_of_its_own_is_the_same_grey_everywhere():
    assert fg.region_colour("9999") == fg.form_colour("a_new_form") == fg.OTHER_COLOUR
    assert fg.OTHER_COLOUR not in {c for k, c in fg.REGION_COLOURS.items() if k != "not_stated"}


# The regions' colours (Okabe-Ito, colour-blind safe), the same on every page, in print and in exports.
REGION_COLOURS = {"1081": "#0072B2", "1082": "#E69F00", "1083": "#009E73", "1084": "#CC79A7", "1085": "#56B4E9",
                  "DK": "#5f6b77"}


def test_each_region_keeps_its_colour(drawn):
    seen, _ = colours_seen(drawn)
    assert {code: seen[("region", code)] for code in REGION_COLOURS} == {
        code: {colour} for code, colour in REGION_COLOURS.items()}


def test_the_palettes_give_distinct_colours():
    regions = {k: v for k, v in fg.REGION_COLOURS.items() if not k.startswith("SE-")}
    assert len(set(regions.values())) == len(regions)
    assert len(set(fg.FORM_COLOURS.values())) == len(fg.FORM_COLOURS)


# ------------------------------------------------------------------ language: labels and number formats
SEPARATORS = {"da": ",.", "en": ".,"}  # plotly's decimal mark, then the thousands separator


def _template(message: str) -> re.Pattern | None:
    """A message as a pattern ({placeholders} match any text); None when it has too little fixed text."""
    parts = re.split(r"\{[^}]*\}", message)
    if sum(len(re.sub(r"\W", "", p)) for p in parts) < 3:
        return None
    return re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL)


TEMPLATES = {lang: [p for entry in MESSAGES.values() if (p := _template(entry[lang]))] for lang in LANGS}


def in_catalogue(text: str, lang: str) -> bool:
    return any(p.fullmatch(text) for p in TEMPLATES[lang])


def ui_labels(spec: dict) -> list[str]:
    """The figure's own labels (not data): axis and colour bar titles, annotations, table headers."""
    layout = spec["layout"]
    labels = [layout.get(axis, {}).get("title", {}).get("text") for axis in ("xaxis", "yaxis")]
    labels += [a["text"] for a in layout.get("annotations", [])]
    for trace in spec["data"]:
        labels.append(trace.get("colorbar", {}).get("title", {}).get("text"))
        labels += trace.get("header", {}).get("values", [])
    return [label for label in labels if label]


@both_languages
@every_chart
def test_labels_are_in_the_language_of_the_page(drawn, chart_id, lang):
    for_each_filter_set(drawn, chart_id, lang, functools.partial(check_language, ds=drawn.ds))


def check_language(data, spec, chart_id, lang, *, ds):
    assert spec["layout"]["separators"] == SEPARATORS[lang]
    other = "en" if lang == "da" else "da"
    for label in ui_labels(spec):
        label = label.split(":")[0]  # 'Landsgennemsnit: 1,0': the label part
        assert in_catalogue(label, lang), f"{label!r} is not a {lang} text"
        assert not in_catalogue(label, other) or in_catalogue(label, lang)
    # names from the data (a whole label, legend entry or map text) come from the language's own column
    shown = {shown_text(x) for x in texts_of(spec)}
    for table in ("regions", "sectors", "forms"):
        for own, foreign in zip(ds[table][name_col(lang)], ds[table][name_col(other)], strict=True):
            assert foreign == own or foreign not in shown, f"{foreign!r} ({other}) shown instead of {own!r}"
    for table in NAMED_BY.get(chart_id, ()):
        assert shown & set(ds[table][name_col(lang)]), f"no {table} name in {lang}"


NAMED_BY = {  # charts whose labels or legend name regions, sectors or forms
    "projects-by-region": ("regions",), "projects-by-sector": ("sectors",), "projects-by-form": ("forms",),
    "regions-map-count": ("regions",), "regions-map-per-100k": ("regions",), "regions-vs-national": ("regions",),
    "regions-map-contract-value": ("regions",), "sector-by-form": ("sectors", "forms"),
    "contract-value-by-sector": ("sectors",), "public-funding-by-form": ("forms",), "programmes-timeline": ("forms",),
}


@every_chart
def test_danish_and_english_figures_differ_only_in_text(drawn, chart_id):
    da, da_spec = drawn(chart_id, "da", "all")
    en, en_spec = drawn(chart_id, "en", "all")
    assert ui_labels(da_spec) != ui_labels(en_spec) or not ui_labels(da_spec)
    # the same numbers drawn in both languages
    keys = ("x", "y", "z", "base")
    numbers = [[[v for v in (tr.get(k) or []) if isinstance(v, int | float)] for k in keys] for tr in da_spec["data"]]
    assert numbers == [[[v for v in (tr.get(k) or []) if isinstance(v, int | float)] for k in keys]
                       for tr in en_spec["data"]]


MONEY = {  # the language's amount format at the start of a value text
    "da": re.compile(r"(> |op til )?-?\d{1,3}(\.\d{3})*(,\d+)?( mio\.| mia\.)? (kr\.|SEK|EUR)( \*)?"),
    "en": re.compile(r"(> |up to )?-?(DKK|SEK|EUR) \d{1,3}(,\d{3})*(\.\d+)?(m|bn)?( \*)?"),
}
DECIMAL = {"da": re.compile(r"\d{1,3}(\.\d{3})*,\d"), "en": re.compile(r"\d{1,3}(,\d{3})*\.\d")}
INTEGER = {"da": re.compile(r"\d{1,3}(\.\d{3})*"), "en": re.compile(r"\d{1,3}(,\d{3})*")}
MONEY_CHARTS = {"expected-turnover", "regions-map-contract-value", "regions-map-public-funding",
                "contract-value-by-sector", "public-funding-by-form", "programmes-opp-pool",
                "programmes-sygehuspartnerskabet-shares", "spending-regions-health", "spending-health-by-year",
                "spending-medicines", "spending-procurement", "spending-health-it"}
ONE_DECIMAL_CHARTS = {"regions-vs-national", "regions-map-per-100k"}
COUNT_CHARTS = {"projects-by-region", "projects-by-sector", "projects-by-form", "projects-by-start-year",
                "regions-map-count", "programmes-medicoindkoeb-members"}


def value_texts(chart_id: str, data, spec) -> list[tuple[str, object]]:
    """(value text shown, frame value) of every drawn item whose value is reported."""
    how = SHOWN[chart_id]
    if isinstance(how, Bars):
        items = bar_items(spec, how)
        return [(shown_text(i["text"]), v) for i, v in zip(items, data.frame[how.value], strict=True)]
    if isinstance(how, Map):
        return list(zip(spec["data"][1]["text"], data.frame["value"], strict=True))
    if isinstance(how, Series):
        return [(shown_text(i["text"]), i["y"]) for i in series_items(spec)]
    return []


@both_languages
@pytest.mark.parametrize("chart_id", sorted(MONEY_CHARTS | ONE_DECIMAL_CHARTS | COUNT_CHARTS))
def test_value_texts_are_in_the_language_format(drawn, chart_id, lang):
    for_each_filter_set(drawn, chart_id, lang, check_value_texts)


def check_value_texts(data, spec, chart_id, lang):
    pattern = (MONEY if chart_id in MONEY_CHARTS else DECIMAL if chart_id in ONE_DECIMAL_CHARTS else INTEGER)[lang]
    texts = value_texts(chart_id, data, spec)
    assert texts
    for text, value in texts:
        if number(value) is None:
            assert not re.search(r"\d", text), f"{text!r}: a number for a value not reported"
            continue
        match = pattern.match(text)
        assert match and (chart_id in MONEY_CHARTS or match.end() == len(text)), f"{text!r} in {lang}"
    if chart_id in MONEY_CHARTS:
        ticks = spec["layout"]["yaxis"].get("ticktext", [])[1:]  # amount ticks after '0'
        assert all(MONEY[lang].fullmatch(tick) for tick in ticks), ticks


def test_thousands_and_decimal_marks_follow_the_language(drawn):
    """The texts of big counts and amounts: '1.234' / '1,3 mia. kr.' in Danish, '1,234' / 'DKK 1.3bn'."""
    da, _ = drawn("spending-regions-health", "da", "all")
    en, _ = drawn("spending-regions-health", "en", "all")
    assert any(re.search(r"\d\.\d{3} kr\.", text) for text in da.frame["text"])  # per inhabitant: '19.726 kr.'
    assert any(re.search(r"DKK \d{1,3},\d{3}", text) for text in en.frame["text"])
    assert any(re.search(r"\d,\d mia\. kr\.", text) for text in da.frame["text"])
    assert any(re.search(r"DKK \d+\.\dbn", text) for text in en.frame["text"])


# ------------------------------------------------------------------ bounds marked
BOUND_MARK = {
    "lower": {"da": lambda s: s.startswith("> "), "en": lambda s: s.startswith("> ")},
    "upper": {"da": lambda s: s.startswith("op til "), "en": lambda s: s.startswith("up to ")},
    "mixed": {"da": lambda s: s.endswith(" *"), "en": lambda s: s.endswith(" *")},
}
NO_MARK = re.compile(r"^(> |op til |up to )|\*$")


def bounded_items(chart_id: str, data, spec) -> list[tuple[str, str, str | None]]:
    """(bound, value text shown, hover text) of every drawn item with a bound."""
    frame = data.frame
    if "bound" not in frame:
        return []
    how = SHOWN[chart_id]
    if isinstance(how, Bars):
        items = bar_items(spec, how)
        return [(b, shown_text(i["text"]), i["hover"] if how.hover else None)
                for b, i in zip(frame["bound"], items, strict=True) if isinstance(b, str)]
    if isinstance(how, Map):
        return [(b, text, None) for b, text in zip(frame["bound"], spec["data"][1]["text"], strict=True)
                if isinstance(b, str)]
    if isinstance(how, Series):
        return [(b, shown_text(i["text"]), i["hover"]) for b, i in zip(frame["bound"], series_items(spec),
                                                                       strict=True) if isinstance(b, str)]
    if isinstance(how, Table):
        return [(b, text, None) for b, text in zip(frame["bound"], spec["data"][0]["cells"]["values"][-1],
                                                  strict=True) if isinstance(b, str)]
    raise AssertionError(chart_id)


@both_languages
@every_chart
def test_bounds_are_marked_in_text_and_hover(drawn, chart_id, lang):
    for_each_filter_set(drawn, chart_id, lang, check_bounds)


def check_bounds(data, spec, chart_id, lang):
    items = bounded_items(chart_id, data, spec)
    if not items:
        return False
    for bound, text, hover in items:
        if bound == "exact":
            assert not NO_MARK.search(text), f"{text!r}: an exact value marked as a bound"
        else:
            assert BOUND_MARK[bound][lang](text), f"{text!r} does not mark its {bound} bound in {lang}"
            if hover is not None:
                assert text in shown_text(hover), f"the hover of {text!r} leaves out its bound"


def test_the_bundled_data_shows_lower_and_upper_bounds(drawn):
    """So the bound test above is not vacuous."""
    found = {bound for chart_id in CHART_IDS for lang in LANGS
             for bound, _, _ in (bounded_items(chart_id, *drawn(chart_id, lang, "all")))}
    assert {"lower", "upper", "exact"} <= found


# ------------------------------------------------------------------ the spec itself
def foreign_values(node, path="spec") -> list[str]:
    if isinstance(node, dict):
        return [f for k, v in node.items() for f in foreign_values(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [f for i, v in enumerate(node) for f in foreign_values(v, f"{path}[{i}]")]
    if node is pd.NA or node is pd.NaT or isinstance(node, np.ndarray | np.generic | pd.Series | pd.Index):
        return [f"{path}: {type(node).__name__}"]
    if isinstance(node, float) and math.isnan(node):
        return [f"{path}: NaN"]
    if node is not None and not isinstance(node, str | int | float | bool):
        return [f"{path}: {type(node).__name__}"]
    return []


TRACE_TYPES = {Bars: {"bar"}, Map: {"choropleth", "scattergeo"}, Stacked: {"bar"}, Series: {"bar"},
               Timeline: {"bar"}, Table: {"table"}}


@both_languages
@every_chart
def test_the_spec_is_a_plain_json_dict_of_typed_traces(drawn, chart_id, lang):
    for_each_filter_set(drawn, chart_id, lang, check_plain_spec)


def check_plain_spec(data, spec, chart_id, lang):
    assert type(spec) is dict and set(spec) == {"data", "layout"}
    assert spec["data"] and all(isinstance(tr, dict) for tr in spec["data"])
    assert {tr["type"] for tr in spec["data"]} == TRACE_TYPES[type(SHOWN[chart_id])]
    assert not (found := foreign_values(spec)), found[:5]
    assert spec["layout"]["template"] == pio.templates["ops"].to_plotly_json(), "the spec carries the template"
    # plotly's canonical form, which the browser reads: no Python shorthands such as 'title_text'
    assert not [k for k in spec["layout"] if "_" in k and k not in ("paper_bgcolor", "plot_bgcolor")]
    assert to_json_plotly(spec)  # Dash can send it


def test_charts_import_registers_every_chart():
    assert charts.CHARTS is CHARTS and len(CHARTS) == len(SHOWN) >= 20
