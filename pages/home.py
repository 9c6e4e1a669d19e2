"""Overview page. For now: which data package the app serves, and what it holds."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from components.format import format_date, format_int
from components.layout import page_frame
from components.state import get_dataset
from components.tables import row_count_table

dash.register_page(__name__, path="/", title="OPS Monitor", name="Overblik", order=0)


def layout(**_query):
    ds = get_dataset()
    counts = ds.row_counts()
    facts = dbc.Card(
        dbc.CardBody(
            [
                html.H2("Datapakken", className="h5 card-title"),
                html.P(ds.title or "Uden titel", id="package-title", className="ops-package-title"),
                html.Dl(
                    [
                        html.Dt("Dataversion"),
                        html.Dd(html.Code(ds.version), id="data-version"),
                        html.Dt("Data opdateret"),
                        html.Dd(
                            html.Time(format_date(ds.updated), dateTime=ds.updated),
                            id="data-updated",
                        ),
                        html.Dt("Tabeller"),
                        html.Dd(format_int(len(counts))),
                        html.Dt("Rækker i alt"),
                        html.Dd(format_int(sum(counts.values()))),
                    ],
                    className="ops-facts mb-0",
                ),
            ]
        ),
        class_name="ops-card",
    )
    tables = dbc.Card(
        dbc.CardBody(
            [
                html.H2("Tabeller", className="h5 card-title"),
                row_count_table(counts, table_id="row-counts"),
            ]
        ),
        class_name="ops-card",
    )
    return page_frame(
        dbc.Row(
            [dbc.Col(facts, md=5, class_name="mb-4"), dbc.Col(tables, md=7, class_name="mb-4")]
        ),
        title="OPS Monitor",
        lead=(
            "Offentligt-privat samarbejde i det danske sundhedsvæsen: partnerskaber, "
            "midlerne bag dem og de forventede effekter, fordelt på regioner og sektorer."
        ),
    )
