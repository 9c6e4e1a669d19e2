"""Small, accessible tables."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.format import format_int


def row_count_table(counts: dict[str, int], *, table_id: str) -> dbc.Table:
    """Table name -> number of rows, as a captioned table with right-aligned numbers."""
    body = [
        html.Tr([html.Th(name, scope="row"), html.Td(format_int(n), className="text-end")])
        for name, n in counts.items()
    ]
    if not body:
        body = [html.Tr(html.Td("Datapakken indeholder endnu ingen tabeller.", colSpan=2))]
    return dbc.Table(
        [
            html.Caption("Tabeller i datapakken og antal rækker i hver"),
            html.Thead(
                html.Tr(
                    [
                        html.Th("Tabel", scope="col"),
                        html.Th("Rækker", scope="col", className="text-end"),
                    ]
                )
            ),
            html.Tbody(body),
        ],
        id=table_id,
        hover=True,
        class_name="ops-table mb-0",
    )
