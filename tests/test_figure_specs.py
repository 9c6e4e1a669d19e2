"""Figures are plain dict specs ({"data": [...], "layout": {...}}), not go.Figure: building a go.Figure
runs plotly's validation on every property (35-55 ms a figure), a dict costs well under 1 ms.

The acceptance test: every registered chart, in both languages and for several filter sets, draws exactly
what the go.Figure builders drew. The reference is a frozen copy of those builders
(tests/reference_figures/). Two comparisons, each with a float tolerance and NaN/None/pd.NA taken as equal:

- `go.Figure(spec).to_dict()` equals the reference figure's `to_dict()`: plotly reads the spec the same way;
- the spec itself equals the reference's `to_dict()`: what the browser gets is plotly's own canonical form
  (no `title_text`-style shorthands, which only the Python API understands) and it carries the "ops"
  template itself (a dict sent to the browser gets no Python default template).
"""

from __future__ import annotations

import base64
import copy
import math
from numbers import Number

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from dash._utils import to_json

import charts  # noqa: F401
from charts.registry import CHARTS
from data import Filters, load_dataset
from data.current import set_dataset
from tests.reference_figures.charts import REFERENCE

DS = load_dataset("data")
set_dataset(DS)
FILTERS = {
    "none": Filters(),
    "hovedstaden": Filters.make(regions="1084"),
    "from-2015": Filters.make(year_from=2015),
    "empty": Filters.make(regions="1085", sectors="pharmaceuticals"),  # no project at all
}


def normalise(x):
    """Plain JSON-like values: arrays and Series as lists (also plotly's base64 typed arrays), numpy scalars
    as Python, NaN/NA as None; an empty dict sets nothing (`"title": {}`) and is left out."""
    if isinstance(x, dict):
        if set(x) - {"shape"} == {"dtype", "bdata"}:  # plotly's typed array: {"dtype": "f8", "bdata": base64}
            array = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
            return normalise(array.reshape([int(n) for n in str(x["shape"]).split(",")]) if "shape" in x else array)
        return {k: n for k, v in x.items() if (n := normalise(v)) != {}}
    if isinstance(x, np.ndarray | pd.Series | pd.Index):
        return [normalise(v) for v in x.tolist()]
    if isinstance(x, list | tuple):
        return [normalise(v) for v in x]
    if isinstance(x, np.generic):
        return normalise(x.item())
    if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
        return None
    return x


def differences(a, b, path: str = "") -> list[str]:
    """Where two normalised figures differ (empty: equal); numbers with a relative tolerance."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only in {'spec' if k in a else 'reference'}" for k in sorted(set(a) ^ set(b))]
        for k in sorted(set(a) & set(b)):
            out += differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    if isinstance(a, bool) or isinstance(b, bool):
        return [] if a is b else [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, Number) and isinstance(b, Number):
        return [] if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) else [f"{path}: {a!r} != {b!r}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def compare(spec: dict, reference: go.Figure) -> list[str]:
    expected = normalise(reference.to_dict())
    return [
        *(f"go.Figure(spec){d}" for d in differences(normalise(go.Figure(spec).to_dict()), expected)),
        *(f"spec{d}" for d in differences(normalise(spec), expected)),
    ]


def test_every_registered_chart_has_a_reference():
    assert set(REFERENCE) == set(CHARTS)


@pytest.mark.parametrize("filters", sorted(FILTERS))
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_spec_draws_what_the_go_figure_drew(chart_id, lang, filters):
    chart = CHARTS[chart_id]
    data = chart.build(DS, FILTERS[filters], lang)
    try:
        reference = REFERENCE[chart_id](data, lang)
    except Exception as exc:  # only on data the card never draws (it shows "no data" for an empty frame)
        assert data.empty, f"the reference fails on non-empty data: {exc!r}"
        return
    spec = chart.figure(data, lang)
    assert type(spec) is dict and set(spec) == {"data", "layout"}
    assert all(isinstance(trace, dict) and trace.get("type") for trace in spec["data"])
    assert spec["layout"]["template"] == pio.templates["ops"].to_plotly_json(), "the spec carries the template"
    assert not (found := compare(spec, reference)), "\n".join(found[:20])
    assert to_json(spec)  # Dash can send it


def test_the_comparison_notices_a_changed_colour_range_or_text():
    chart = CHARTS["projects-by-region"]
    data = chart.build(DS, Filters(), "da")
    spec, reference = chart.figure(data, "da"), REFERENCE["projects-by-region"](data, "da")
    assert compare(spec, reference) == []
    changed = copy.deepcopy(spec)
    changed["data"][0]["marker"]["color"][0] = "#000000"
    assert any("marker.color[0]" in d for d in compare(changed, reference))
    changed = copy.deepcopy(spec)
    changed["layout"]["xaxis"]["range"][1] *= 1.01
    assert any("xaxis.range[1]" in d for d in compare(changed, reference))
    changed = copy.deepcopy(spec)
    changed["layout"]["template"]["layout"]["xaxis"]["ticks"] = ""
    assert any("template.layout.xaxis.ticks" in d for d in compare(changed, reference))
    changed = copy.deepcopy(spec)
    changed["layout"]["xaxis"]["title_text"] = changed["layout"]["xaxis"].pop("title")["text"]
    assert any(d.startswith("spec.layout.xaxis.title") for d in compare(changed, reference))


def test_specs_hold_no_pandas_or_numpy_values():
    """Plain lists and Python values: cheap to copy and to serialise, and no pd.NA for the JSON encoder."""

    def foreign(node, path="spec"):
        if isinstance(node, dict):
            return [f for k, v in node.items() for f in foreign(v, f"{path}.{k}")]
        if isinstance(node, list):
            return [f for i, v in enumerate(node) for f in foreign(v, f"{path}[{i}]")]
        if node is pd.NA or isinstance(node, np.ndarray | np.generic | pd.Series | pd.Index):
            return [f"{path}: {type(node).__name__}"]
        return []

    for chart_id, chart in CHARTS.items():
        for lang in ("da", "en"):
            data = chart.build(DS, Filters(), lang)
            assert not (found := foreign(chart.figure(data, lang))), (chart_id, found[:5])
