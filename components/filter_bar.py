"""The filter bar shared by every page: region, sector, form, years, reset.

It lives in the app shell (not re-rendered on navigation) and is kept in step with the URL by
one callback: a change of a control writes the query string (so a copied link reproduces the
view, and the page re-renders from it); a change of the URL (navigation, back button, a pasted
link) sets the controls. The URL is the only state.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, ctx, dcc, html, no_update

from components.state import get_dataset
from components.text import name_col, t
from components.url_state import parse_query, to_query
from data import Dataset, Filters

LOCATION = "_pages_location"  # dash.page_container's dcc.Location


class ids:
    bar = "filter-bar"
    region = "filter-region"
    sector = "filter-sector"
    form = "filter-form"
    year_from = "filter-from"
    year_to = "filter-to"
    reset = "filter-reset"


def _options(frame, key: str, lang: str, order=None):
    rows = frame.sort_values(order or [name_col(lang)])
    return [{"label": row[name_col(lang)], "value": row[key]} for _, row in rows.iterrows()]


def year_span(ds: Dataset) -> tuple[int, int]:
    years = []
    for table in ("projects", "programmes"):
        frame = ds[table]
        years += [int(y) for y in frame["start_year"].dropna()] + [int(y) for y in frame["end_year"].dropna()]
    return (min(years), max(years)) if years else (2000, 2030)


def filter_bar(ds: Dataset, lang: str = "da") -> html.Section:
    regions = ds["regions"].copy()
    regions["order"] = regions["region_code"].map(lambda c: (0 if c.isdigit() else 1 if c == "DK" else 2, c))
    regions = regions.sort_values("order")
    region_options = [
        {
            "label": (t("label.all_regions_national", lang) if r["region_code"] == "DK" else r[name_col(lang)]),
            "value": r["region_code"],
        }
        for _, r in regions.iterrows()
    ]
    forms = ds["forms"].copy()
    forms["order"] = forms["kind"].map({"dr_form": 0, "opi_subkind": 1, "other": 2})
    y0, y1 = year_span(ds)
    years = [{"label": str(y), "value": y} for y in range(y0, y1 + 1)]

    def field(label_key, control_id, control, width):
        return dbc.Col(
            [dbc.Label(t(label_key, lang), html_for=control_id, class_name="ops-filter-label"), control], **width
        )

    dropdown = dict(multi=True, clearable=True, searchable=True, placeholder=t("filter.all", lang))
    return html.Section(
        dbc.Container(
            dbc.Row(
                [
                    field(
                        "filter.region",
                        ids.region,
                        dcc.Dropdown(id=ids.region, options=region_options, **dropdown),
                        {"lg": 3, "md": 6},
                    ),
                    field(
                        "filter.sector",
                        ids.sector,
                        dcc.Dropdown(id=ids.sector, options=_options(ds["sectors"], "sector_id", lang), **dropdown),
                        {"lg": 2, "md": 6},
                    ),
                    field(
                        "filter.form",
                        ids.form,
                        dcc.Dropdown(
                            id=ids.form, options=_options(forms, "form_id", lang, ["order", name_col(lang)]), **dropdown
                        ),
                        {"lg": 2, "md": 6},
                    ),
                    field(
                        "filter.from",
                        ids.year_from,
                        dcc.Dropdown(id=ids.year_from, options=years, placeholder=str(y0), searchable=False),
                        {"lg": 1, "md": 3, "xs": 6, "class_name": "ops-year-col"},
                    ),
                    field(
                        "filter.to",
                        ids.year_to,
                        dcc.Dropdown(id=ids.year_to, options=years, placeholder=str(y1), searchable=False),
                        {"lg": 1, "md": 3, "xs": 6, "class_name": "ops-year-col"},
                    ),
                    dbc.Col(
                        dbc.Button(
                            t("filter.reset", lang),
                            id=ids.reset,
                            color="secondary",
                            outline=True,
                            n_clicks=0,
                            class_name="ops-reset w-100",
                        ),
                        lg=2,
                        md=6,
                        class_name="d-flex align-items-end",
                    ),
                ],
                class_name="g-3 align-items-end",
            ),
            fluid="lg",
        ),
        id=ids.bar,
        className="ops-filter-bar",
        **{"aria-label": t("filter.title", lang)},
    )


@callback(
    Output(ids.region, "value"),
    Output(ids.sector, "value"),
    Output(ids.form, "value"),
    Output(ids.year_from, "value"),
    Output(ids.year_to, "value"),
    Output(LOCATION, "search"),
    Input(ids.region, "value"),
    Input(ids.sector, "value"),
    Input(ids.form, "value"),
    Input(ids.year_from, "value"),
    Input(ids.year_to, "value"),
    Input(ids.reset, "n_clicks"),
    Input(LOCATION, "search"),
)
def sync_filters_and_url(region, sector, form, year_from, year_to, _reset, search):
    ds = get_dataset()
    state = parse_query(search, ds)
    trigger = ctx.triggered_id
    if trigger in (None, LOCATION):
        f = state.filters
        return list(f.regions), list(f.sectors), list(f.forms), f.year_from, f.year_to, no_update
    f = Filters() if trigger == ids.reset else Filters.make(region, sector, form, year_from, year_to)
    new_search = to_query(f, **dict(state.extra))
    if trigger == ids.reset:
        return [], [], [], None, None, new_search
    if new_search == (search or ""):
        return (no_update,) * 6
    return no_update, no_update, no_update, no_update, no_update, new_search
