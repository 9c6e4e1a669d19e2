"""The filter bar shared by every page: region, sector, form, years, reset.

It lives in the app shell (not re-rendered on navigation) and is kept in step with the URL by
the shell's URL callback (ui/shell.follow_url): a change of a control writes the query string (so
a copied link reproduces the view) and shows the page for it at once; a change of the URL
(navigation, back button) sets the controls. The URL is the only state.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from data import Dataset, Filters
from data import queries as q
from data.cache import memoize_local
from i18n.format import years as fmt_years
from i18n.text import name_col, t


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
    return [{"label": row[name_col(lang)], "value": row[key]} for row in rows.to_dict("records")]


DROPDOWN_LABELS = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
                   "no_options_found")


def dropdown_labels(lang: str) -> dict[str, str]:
    """The texts Dash's dropdown shows itself (English by default), from the catalogue."""
    return {key: t(f"dropdown.{key}", lang) for key in DROPDOWN_LABELS}


def filter_options(ds: Dataset, lang: str) -> dict:
    """The filter bar's choices in `lang`, the same for every page of a data version: kept with it."""
    def compute() -> dict:
        regions = ds["regions"].copy()
        regions["order"] = regions["region_code"].map(lambda c: (0 if c.isdigit() else 1 if c == "DK" else 2, c))
        region_options = [
            {"label": (t("label.all_regions_national", lang) if r["region_code"] == "DK" else r[name_col(lang)]),
             "value": r["region_code"]}
            for r in regions.sort_values("order").to_dict("records")
        ]
        forms = ds["forms"].copy()
        forms["order"] = forms["kind"].map({"dr_form": 0, "opi_subkind": 1, "other": 2})
        y0, y1 = q.year_range(ds)
        return {"regions": region_options, "sectors": _options(ds["sectors"], "sector_id", lang),
                "forms": _options(forms, "form_id", lang, ["order", name_col(lang)]),
                "years": [{"label": str(y), "value": y} for y in range(y0, y1 + 1)], "year_range": (y0, y1)}

    return ds.kept(f"filter-options-{lang}", compute)


def filter_bar(ds: Dataset, lang: str = "da", filters: Filters | None = None) -> html.Section:
    """The filter bar, its controls showing `filters` (so a bar rendered anew keeps the URL's filters)."""
    f = filters or Filters()
    options = filter_options(ds, lang)
    region_options, sector_options, form_options = options["regions"], options["sectors"], options["forms"]
    years, (y0, y1) = options["years"], options["year_range"]

    def field(label_key, control_id, control, width):
        # the control's room is kept while dcc.Dropdown's code loads (it draws nothing till then), so
        # nothing below moves when it comes
        return dbc.Col(
            [dbc.Label(t(label_key, lang), html_for=control_id, class_name="ops-filter-label"),
             html.Div(control, className="ops-control-room")], **width
        )

    labels = dropdown_labels(lang)
    dropdown = dict(multi=True, clearable=True, searchable=True, placeholder=t("filter.all", lang), labels=labels)
    return html.Section(
        dbc.Container(
            dbc.Row(
                [
                    *(field(label_key, control_id,
                            dcc.Dropdown(id=control_id, options=options, value=list(values), **dropdown),
                            {"lg": lg, "md": 6})
                      for label_key, control_id, options, values, lg in (
                          ("filter.region", ids.region, region_options, f.regions, 3),
                          ("filter.sector", ids.sector, sector_options, f.sectors, 2),
                          ("filter.form", ids.form, form_options, f.forms, 2))),
                    field(
                        "filter.from",
                        ids.year_from,
                        dcc.Dropdown(
                            id=ids.year_from, options=years, value=f.year_from, placeholder=str(y0), searchable=False,
                            labels=labels,
                        ),
                        {"lg": 1, "md": 3, "xs": 6, "class_name": "ops-year-col"},
                    ),
                    field(
                        "filter.to",
                        ids.year_to,
                        dcc.Dropdown(
                            id=ids.year_to, options=years, value=f.year_to, placeholder=str(y1), searchable=False,
                            labels=labels,
                        ),
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


@memoize_local(64)  # every chart card of a page spells out the same filters
def describe_filters(ds: Dataset, f: Filters, lang: str) -> str:
    """'Viser: Region Hovedstaden · Medicoteknik · 2015–2020' (for print and presentation, where
    the filter bar itself is not shown)."""
    def names(table: str, key: str, picked) -> list[str]:
        frame = ds[table].set_index(key)
        return [t("label.all_regions_national", lang) if (table, code) == ("regions", "DK")
                else str(frame.loc[code, name_col(lang)]) for code in picked]

    parts = names("regions", "region_code", f.regions) + names("sectors", "sector_id", f.sectors)
    parts += names("forms", "form_id", f.forms)
    if f.year_from is not None and f.year_to is not None:
        parts.append(fmt_years(f.year_from, f.year_to, lang))
    elif f.year_from is not None:
        parts.append(t("filter.years_from", lang, year=f.year_from))
    elif f.year_to is not None:
        parts.append(t("filter.years_to", lang, year=f.year_to))
    return t("filter.active", lang, what=" · ".join(parts)) if parts else t("filter.none", lang)


CONTROLS = (ids.region, ids.sector, ids.form, ids.year_from, ids.year_to)  # their `value`s are the filters


def control_values(f: Filters) -> tuple:
    """What the controls (CONTROLS, in order) show for the filters `f`."""
    return list(f.regions), list(f.sectors), list(f.forms), f.year_from, f.year_to


def chosen_filters(values) -> Filters:
    """The filters the controls' `values` (CONTROLS, in order) choose."""
    return Filters.make(*values)
