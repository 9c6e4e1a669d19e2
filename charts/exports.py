"""A chart's data as files and as data: what its card's menu downloads and what the data URLs
`/embed/<chart_id>.csv`, `.xlsx` and `.json` serve (server/chart_data.py). The displayed data
(`ChartData`), one column per table column, numbers as numbers, amounts with their currency and
bound in columns of their own; never a number the chart does not show."""

from __future__ import annotations

import io

import pandas as pd

from charts.registry import Chart, ChartData
from data import Dataset, Filters
from data import queries as q
from i18n import format as fmt
from i18n.text import t


def download_frame(data: ChartData, lang: str) -> pd.DataFrame:
    """The displayed data: one column per table column, values as numbers; for amounts their
    currency/unit and bound in their own columns."""
    out = pd.DataFrame(index=data.frame.index)
    for col in data.columns:
        label = t(col.label_key, lang)
        out[label] = data.frame[col.name]
        if col.unit_col:
            out[f"{label} ({t('label.unit', lang).lower()})"] = data.frame[col.unit_col]
        if col.bound_col:
            out[f"{label} ({t('label.bound', lang).lower()})"] = data.frame[col.bound_col]
    return out


def csv_bytes(data: ChartData, lang: str) -> bytes:
    """CSV of the displayed data. Danish: ';' and decimal comma, UTF-8 with BOM (Danish Excel)."""
    options = fmt.csv_options(lang)
    buffer = io.StringIO()
    download_frame(data, lang).to_csv(buffer, sep=options["sep"], decimal=options["decimal"], index=False)
    return buffer.getvalue().encode(options["encoding"])


def xlsx_bytes(data: ChartData, title: str, lang: str, ds: Dataset) -> bytes:
    """Excel workbook: the displayed data (numbers as numbers) and a second sheet with the sources."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    frame = download_frame(data, lang).astype(object).where(lambda d: d.notna(), None)
    book = Workbook()
    sheet = book.active
    sheet.title = t("card.sheet_data", lang)
    sheet.append([title])
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([v.item() if hasattr(v, "item") else v for v in row])
    for note in data.notes:
        sheet.append([])
        sheet.append([note])
    for i, column in enumerate(frame.columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = max(12, min(60, len(str(column)) + 4))
    sources = book.create_sheet(t("card.sheet_sources", lang))
    sources.append([t(k, lang) for k in ("card.col_source_id", "label.name", "card.col_publisher",
                                         "card.col_published", "card.col_url", "card.col_license")])
    for src in q.source_records(ds, data.source_ids):
        text = {k: (src[k] if isinstance(src[k], str) else None) for k in ("published", "url")}
        sources.append([src["source_id"], src["title"], src["publisher"], text["published"], text["url"],
                        src["license"]])
    for cell in (c for ws in book.worksheets for r in ws.iter_rows() for c in r):
        if cell.data_type == "f":  # data text stays text: a value starting with '=' is no formula
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def json_document(chart: Chart, data: ChartData, lang: str, ds: Dataset, filters: Filters, *, url: str) -> dict:
    """The chart's plotted numbers with their sources and notes, and what they are: title, filters,
    language, data version and date. Values are as reported (amounts with unit and bound), empty
    is null ("not reported")."""
    frame = download_frame(data, lang)
    rows = [{column: (None if fmt.is_missing(value) else value.item() if hasattr(value, "item") else value)
             for column, value in record.items()} for record in frame.astype(object).to_dict("records")]
    return {
        "chart_id": chart.chart_id,
        "title": t(chart.title_key, lang),
        "summary": chart.summary(data, lang) if not data.empty else t("card.empty", lang),
        "language": lang,
        "filters": {"region": list(filters.regions), "sector": list(filters.sectors), "form": list(filters.forms),
                    "from": filters.year_from, "to": filters.year_to},
        "data_version": ds.version,
        "data_updated": ds.updated,
        "url": url,
        "columns": list(frame.columns),
        "rows": rows,
        "notes": list(data.notes),
        "sources": [{"source_id": src["source_id"], "title": src["title"], "publisher": src["publisher"],
                     **{k: (src[k] if isinstance(src[k], str) else None) for k in ("published", "url", "license")}}
                    for src in q.source_records(ds, data.source_ids)],
    }
