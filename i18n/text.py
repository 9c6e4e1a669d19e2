"""The message catalogue: every visible text of the UI, in Danish (default) and English.

`t(key, lang, **values)` looks a text up and fills in `{placeholders}`. Layouts never hold
literal UI text; they call `t`.
"""

from __future__ import annotations

LANGS = ("da", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # app frame
    "app.name": {"da": "OPS Monitor", "en": "OPS Monitor"},
    "app.tagline": {"da": "Offentligt-privat samarbejde i sundhedsvæsenet",
                    "en": "Public-private collaboration in health care"},
    "nav.overview": {"da": "Overblik", "en": "Overview"},
    "nav.regions": {"da": "Regioner", "en": "Regions"},
    "nav.sectors": {"da": "Sektorer", "en": "Sectors"},
    "nav.impact": {"da": "Effekter", "en": "Impact"},
    "nav.spending": {"da": "Udgifter", "en": "Spending"},
    "nav.projects": {"da": "Projekter", "en": "Projects"},
    "nav.programmes": {"da": "Programmer", "en": "Programmes"},
    "nav.sources": {"da": "Kilder", "en": "Sources"},
    "nav.main": {"da": "Hovedmenu", "en": "Main menu"},
    "skip": {"da": "Spring til indhold", "en": "Skip to content"},
    "page.title": {"da": "{page} · OPS Monitor", "en": "{page} · OPS Monitor"},
    "page.loading": {"da": "Indlæser OPS Monitor …", "en": "Loading OPS Monitor …"},
    "page.noscript": {"da": "OPS Monitor kræver JavaScript. Slå JavaScript til i din browser.",
                      "en": "OPS Monitor needs JavaScript. Please turn JavaScript on in your browser."},
    # The link to the other language: its text is in that language (and marked with its lang).
    "lang.other": {"da": "en", "en": "da"},
    "lang.switch": {"da": "English", "en": "Dansk"},
    "lang.switch_title": {"da": "Show this page in English", "en": "Vis siden på dansk"},
    "notfound.title": {"da": "Siden findes ikke", "en": "Page not found"},
    "notfound.text": {"da": "Vi kan ikke finde den side, du leder efter. Adressen kan være forkert, eller siden kan være flyttet.",
                      "en": "We cannot find the page you are looking for. The address may be wrong, or the page may have moved."},
    "notfound.home": {"da": "Gå til forsiden", "en": "Go to the front page"},
    # Texts inside Dash's dropdowns (the filter bar)
    "dropdown.select_all": {"da": "Vælg alle", "en": "Select all"},
    "dropdown.deselect_all": {"da": "Fravælg alle", "en": "Deselect all"},
    "dropdown.selected_count": {"da": "{num_selected} valgt", "en": "{num_selected} selected"},
    "dropdown.search": {"da": "Søg", "en": "Search"},
    "dropdown.clear_search": {"da": "Ryd søgning", "en": "Clear search"},
    "dropdown.clear_selection": {"da": "Ryd valg", "en": "Clear selection"},
    "dropdown.no_options_found": {"da": "Ingen valgmuligheder fundet", "en": "No options found"},
    "footer.updated": {"da": "Data opdateret", "en": "Data updated"},
    "footer.version": {"da": "dataversion", "en": "data version"},
    "footer.sources": {"da": "Alle kilder og metode", "en": "All sources and method"},
    "synthetic": {"da": "Syntetiske testdata: tallene er opdigtede og må ikke citeres.",
                  "en": "Synthetic test data: the numbers are made up and must not be quoted."},
    # filters
    "filter.title": {"da": "Filtre", "en": "Filters"},
    "filter.region": {"da": "Region", "en": "Region"},
    "filter.sector": {"da": "Sektor", "en": "Sector"},
    "filter.form": {"da": "Samarbejdsform", "en": "Collaboration form"},
    "filter.years": {"da": "År", "en": "Years"},
    "filter.from": {"da": "Fra år", "en": "From year"},
    "filter.to": {"da": "Til år", "en": "To year"},
    "filter.all": {"da": "Alle", "en": "All"},
    "filter.reset": {"da": "Nulstil filtre", "en": "Reset filters"},
    "filter.active": {"da": "Viser: {what}", "en": "Showing: {what}"},
    "filter.none": {"da": "Alle samarbejder (ingen filtre)", "en": "All collaborations (no filters)"},
    "filter.years_from": {"da": "fra {year}", "en": "from {year}"},
    "filter.years_to": {"da": "til {year}", "en": "up to {year}"},
    "notice.title": {"da": "Dele af adressen blev ignoreret", "en": "Parts of the address were ignored"},
    "notice.unknown_key": {"da": "ukendt parameter «{key}»", "en": "unknown parameter “{key}”"},
    "notice.unknown_value": {"da": "ukendt værdi «{value}» for {key}", "en": "unknown value “{value}” for {key}"},
    "notice.unknown_version": {"da": "dataversion «{value}» findes ikke (længere); siden viser de nyeste data",
                               "en": "data version “{value}” does not exist (any more); the page shows the latest data"},
    "pinned.text": {"da": "Du ser dataversion {version}, som blev taget i brug {when}, ikke de nyeste data.",
                    "en": "You are looking at data version {version}, in use from {when}, not the latest data."},
    "pinned.latest": {"da": "Se de nyeste data", "en": "See the latest data"},
    "card.copy_pinned": {"da": "Kopiér link til denne dataversion", "en": "Copy link to this data version"},
    "embed.pin": {"da": "Lås til dataversion {version} (viser de samme tal, også når data opdateres)",
                  "en": "Pin to data version {version} (shows the same numbers, also when the data is updated)"},
    "notice.bad_year": {"da": "«{value}» er ikke et gyldigt årstal for {key}", "en": "“{value}” is not a valid year for {key}"},
    "notice.too_long": {"da": "for lang værdi for {key}", "en": "value too long for {key}"},
    "notice.too_many": {"da": "for mange parametre: {value} blev ikke læst", "en": "too many parameters: {value} were not read"},
    # chart card
    "card.menu": {"da": "Menu for {title}", "en": "Menu for {title}"},
    "card.download_csv": {"da": "Hent viste data (CSV)", "en": "Download displayed data (CSV)"},
    "card.download_xlsx": {"da": "Hent viste data (Excel)", "en": "Download displayed data (Excel)"},
    "card.download_png": {"da": "Hent diagram (PNG)", "en": "Download chart (PNG)"},
    "card.download_svg": {"da": "Hent diagram (SVG)", "en": "Download chart (SVG)"},
    # texts drawn into an exported chart image (PNG/SVG)
    "card.export_source": {"da": "Kilde: {sources}", "en": "Source: {sources}"},
    "card.export_sources": {"da": "Kilder: {sources}", "en": "Sources: {sources}"},
    "card.export_more": {"da": "samt {n} andre (alle kilder står ved diagrammet i OPS Monitor)", "en": "and {n} others (all sources are listed with the chart in OPS Monitor)"},
    "card.export_updated": {"da": "Data opdateret {date}", "en": "Data updated {date}"},
    "card.export_failed": {"da": "Billedet kunne ikke laves. Prøv igen.", "en": "The image could not be made. Try again."},
    "card.sheet_data": {"da": "Data", "en": "Data"},
    "card.sheet_sources": {"da": "Kilder", "en": "Sources"},
    "card.col_source_id": {"da": "Kilde-id", "en": "Source id"},
    "card.col_publisher": {"da": "Udgiver", "en": "Publisher"},
    "card.col_published": {"da": "Dato", "en": "Date"},
    "card.col_url": {"da": "Webadresse", "en": "Web address"},
    "card.col_license": {"da": "Licens", "en": "Licence"},
    "card.copy_link": {"da": "Kopiér link", "en": "Copy link"},
    "card.link_copied": {"da": "Link kopieret", "en": "Link copied"},
    "card.code_copied": {"da": "Kopieret", "en": "Copied"},
    "card.copy_failed": {"da": "Kunne ikke kopiere: markér teksten og kopiér den", "en": "Could not copy: select the text and copy it"},
    "card.embed": {"da": "Indlejr på en anden side", "en": "Embed in another page"},
    "embed.dialog_title": {"da": "Indlejr «{title}»", "en": "Embed “{title}”"},
    "embed.dialog_help": {"da": "Indsæt koden på en intranetside. Diagrammet viser de filtre og det sprog, du har valgt nu, og opdateres, når data opdateres.",
                          "en": "Paste the code into an intranet page. The chart shows the filters and language you have chosen now, and updates when the data is updated."},
    "embed.snippet_label": {"da": "HTML-kode", "en": "HTML code"},
    "embed.with_script": {"da": "Tilpas rammens højde automatisk (tilføjer et lille script)",
                          "en": "Fit the frame's height automatically (adds a small script)"},
    "embed.copy": {"da": "Kopiér koden", "en": "Copy the code"},
    "embed.open": {"da": "Åbn i OPS Monitor ↗", "en": "Open in OPS Monitor ↗"},
    "embed.open_label": {"da": "Åbn «{title}» i OPS Monitor (nyt vindue)", "en": "Open “{title}” in OPS Monitor (new window)"},
    "embed.unknown": {"da": "Diagrammet findes ikke", "en": "No such chart"},
    "embed.index_link": {"da": "Se alle diagrammer, der kan indlejres", "en": "See every chart that can be embedded"},
    "embed.index_title": {"da": "Indlejr diagrammer", "en": "Embed charts"},
    "embed.index_caption": {"da": "{n} diagrammer kan indlejres", "en": "{n} charts can be embedded"},
    "embed.index_help": {"da": "Hvert diagram kan vises alene i en iframe på en anden side, fx et intranet. Åbn diagrammets menu («⋯») på dets side og vælg «Indlejr på en anden side» for at få koden med dine filtre. Adressen tager de samme filtre som dashboardet (region, sector, form, from, to), lang=da|en og controls=0|1. Standardhøjden er {height} pixels.",
                          "en": "Each chart can be shown alone in an iframe on another page, e.g. an intranet. Open the chart's menu (“⋯”) on its page and choose “Embed in another page” to get the code with your filters. The address takes the dashboard's filters (region, sector, form, from, to), lang=da|en and controls=0|1. The default height is {height} pixels."},
    "embed.col_id": {"da": "chart_id", "en": "chart_id"},
    "embed.col_title": {"da": "Diagram", "en": "Chart"},
    "embed.col_page": {"da": "Side", "en": "Page"},
    "embed.col_link": {"da": "Indlejringsadresse", "en": "Embed address"},
    "card.table": {"da": "Vis tabel", "en": "Show table"},
    "card.table_hide": {"da": "Skjul tabel", "en": "Hide table"},
    "card.sources": {"da": "Kilder", "en": "Sources"},
    "card.source": {"da": "Kilde", "en": "Source"},
    "card.notes": {"da": "Noter", "en": "Notes"},
    "card.empty": {"da": "Ingen data for dette udvalg.", "en": "No data for this selection."},
    "chart.rows_capped.largest": {
        "da": "Udvalget har {total} tal; diagrammet og tabellen viser de {shown} største. "
              "Alle tal står i datapakken (se Kilder).",
        "en": "The selection has {total} figures; the chart and the table show the {shown} largest. "
              "Every figure is in the data package (see Sources)."},
    "chart.rows_capped.largest_each": {
        "da": "Udvalget har {total} tal; diagrammet og tabellen viser de {shown} største for hvert mål. "
              "Alle tal står i datapakken (se Kilder).",
        "en": "The selection has {total} figures; the chart and the table show the {shown} largest of each "
              "measure. Every figure is in the data package (see Sources)."},
    "chart.rows_capped.newest": {
        "da": "Udvalget har {total} tal; diagrammet og tabellen viser de {shown} nyeste (de største først, "
              "når flere er fra samme år). Alle tal står i datapakken (se Kilder).",
        "en": "The selection has {total} figures; the chart and the table show the {shown} most recent (the "
              "largest first within a year). Every figure is in the data package (see Sources)."},
    "card.chart_alt": {"da": "Diagram: {title}. {summary}", "en": "Chart: {title}. {summary}"},
    "card.coverage": {"da": "{measure} er oplyst for {reported} af {total} samarbejder i udvalget.",
                      "en": "{measure} is reported for {reported} of {total} collaborations in the selection."},
    "card.open_source": {"da": "Åbn kilden", "en": "Open the source"},
    "card.no_url": {"da": "ingen webadresse", "en": "no web address"},
    # values
    "value.not_reported": {"da": "ikke oplyst", "en": "not reported"},
    "value.year_unknown": {"da": "år ikke oplyst", "en": "year not stated"},
    "value.mixed": {"da": "summen blander nedre og øvre grænser", "en": "the sum mixes lower and upper bounds"},
    "value.lower_note": {"da": "«>» betyder at mindst én værdi er en nedre grænse (kilden siger «over»).",
                         "en": "“>” means at least one value is a lower bound (the source says “over”)."},
    "value.upper_note": {"da": "«op til» betyder at mindst én værdi er en øvre grænse.",
                         "en": "“up to” means at least one value is an upper bound."},
    # common labels
    "label.region": {"da": "Region", "en": "Region"},
    "label.sector": {"da": "Sektor", "en": "Sector"},
    "label.form": {"da": "Samarbejdsform", "en": "Collaboration form"},
    "label.year": {"da": "År", "en": "Year"},
    "label.start_year": {"da": "Startår", "en": "Start year"},
    "label.count": {"da": "Antal samarbejder", "en": "Number of collaborations"},
    "label.projects": {"da": "Samarbejder", "en": "Collaborations"},
    "label.value": {"da": "Værdi", "en": "Value"},
    "label.currency": {"da": "Valuta", "en": "Currency"},
    "label.reported": {"da": "Oplyst for", "en": "Reported for"},
    "label.unit": {"da": "enhed", "en": "unit"},
    "label.bound": {"da": "Grænse", "en": "Bound"},
    "label.per_100k": {"da": "Pr. 100.000 indbyggere", "en": "Per 100,000 inhabitants"},
    "label.population": {"da": "Indbyggere", "en": "Inhabitants"},
    "label.national_avg": {"da": "Landsgennemsnit", "en": "National average"},
    "label.contract_value": {"da": "Kontraktværdi", "en": "Contract value"},
    "label.public_funding": {"da": "Offentligt tilskud", "en": "Public funding"},
    "label.expected_jobs": {"da": "Forventede job", "en": "Expected jobs"},
    "label.expected_turnover": {"da": "Forventet omsætning", "en": "Expected turnover"},
    "label.realised_jobs": {"da": "Realiserede job", "en": "Realised jobs"},
    "label.realised_turnover": {"da": "Realiseret omsætning", "en": "Realised turnover"},
    "label.measure": {"da": "Mål", "en": "Measure"},
    "label.programme": {"da": "Program", "en": "Programme"},
    "label.project": {"da": "Projekt", "en": "Project"},
    "label.kind": {"da": "Type", "en": "Kind"},
    "label.name": {"da": "Navn", "en": "Name"},
    "label.period": {"da": "Periode", "en": "Period"},
    "label.amount": {"da": "Beløb", "en": "Amount"},
    "label.category": {"da": "Kategori", "en": "Category"},
    "label.per_inhabitant": {"da": "Kr. pr. indbygger", "en": "DKK per inhabitant"},
    "label.source": {"da": "Kilde", "en": "Source"},
    "label.note": {"da": "Note", "en": "Note"},
    "label.expected": {"da": "Forventet", "en": "Expected"},
    "label.realised": {"da": "Realiseret", "en": "Realised"},
    "label.members": {"da": "Medlemmer", "en": "Members"},
    "label.budget": {"da": "Budget", "en": "Budget"},
    "label.not_stated": {"da": "Ikke oplyst", "en": "Not stated"},
    # KPI tiles
    "kpi.projects": {"da": "Samarbejder", "en": "Collaborations"},
    "kpi.contract_value": {"da": "Kontraktværdi i alt", "en": "Total contract value"},
    "kpi.public_funding": {"da": "Offentligt tilskud i alt", "en": "Public funding granted"},
    "kpi.expected_jobs": {"da": "Forventede job", "en": "Expected jobs"},
    "kpi.expected_turnover": {"da": "Forventet omsætning", "en": "Expected turnover"},
    "kpi.coverage": {"da": "oplyst for {reported} af {total} samarbejder", "en": "reported for {reported} of {total} collaborations"},
    "kpi.other_currency": {"da": "og {value} i svenske samarbejder ({n}), ikke omregnet",
                           "en": "and {value} in Swedish collaborations ({n}), not converted"},
    "kpi.years": {"da": "beløb fra {years}", "en": "amounts from {years}"},
    "kpi.by_form": {"da": "heraf {parts}", "en": "of which {parts}"},
    "kpi.programmes_report": {"da": "Programmer rapporterer mere: se Effekter ({n} programtal)",
                              "en": "Programmes report more: see Impact ({n} programme figures)"},
    "kpi.sources": {"da": "Kilder til nøgletallene", "en": "Sources of the key figures"},
    "kpi.section": {"da": "Nøgletal", "en": "Key figures"},
    "kpi.not_summed": {"da": "Beløb fra forskellige år er lagt sammen som de er oplyst (løbende priser); de er ikke et årstal.",
                       "en": "Amounts from different years are added as reported (current prices); they are not an annual figure."},
    "page.overview.title": {"da": "Offentligt-privat samarbejde i sundhedsvæsenet", "en": "Public-private collaboration in health care"},
    "page.overview.lead": {"da": "Hvor mange samarbejder der er, pengene i dem og de job og den omsætning, de forventes at skabe, fordelt på regioner og sektorer. Alle tal har deres kilde på siden.",
                           "en": "How many collaborations there are, the money in them and the jobs and turnover they are expected to create, by region and sector. Every figure has its source on the page."},
    # chart titles and summaries
    "label.all_regions_national": {"da": "Alle regioner eller nationalt", "en": "All regions or national"},
    "note.two_regions": {"da": "{n} samarbejde(r) i to regioner tælles i begge regioner.",
                         "en": "{n} collaboration(s) in two regions count in both regions."},
    "chart.projects_by_region": {"da": "Samarbejder pr. region", "en": "Collaborations by region"},
    "chart.projects_by_sector": {"da": "Samarbejder pr. sektor", "en": "Collaborations by sector"},
    "chart.projects_by_form": {"da": "Samarbejder pr. samarbejdsform", "en": "Collaborations by form"},
    "chart.projects_by_start_year": {"da": "Samarbejder pr. startår", "en": "Collaborations by start year"},
    "summary.region_top": {"da": "{name} har flest samarbejder: {n} af {total}.",
                           "en": "{name} has the most collaborations: {n} of {total}."},
    "summary.region_tie": {"da": "{names} har flest samarbejder: {n} hver af {total}.",
                           "en": "{names} have the most collaborations: {n} each of {total}."},
    "summary.sector_top": {"da": "Flest samarbejder er inden for {name}: {n} af {total}.",
                           "en": "Most collaborations are in {name}: {n} of {total}."},
    "summary.sector_tie": {"da": "Flest samarbejder er inden for {names}: {n} hver af {total}.",
                           "en": "Most collaborations are in {names}: {n} each of {total}."},
    "summary.form_top": {"da": "Den hyppigste samarbejdsform er {name}: {n} af {total}.",
                         "en": "The most common form is {name}: {n} of {total}."},
    "summary.form_tie": {"da": "De hyppigste samarbejdsformer er {names}: {n} hver af {total}.",
                         "en": "The most common forms are {names}: {n} each of {total}."},
    "summary.year_top": {"da": "Flest samarbejder startede i {year} ({n}); startår kendes for {known} af {total} samarbejder, fra {first} til {last}.",
                         "en": "Most collaborations started in {year} ({n}); the start year is known for {known} of {total}, from {first} to {last}."},
}


def _merge_area_catalogues() -> None:
    """Each page area keeps its messages in components/text_<area>.py; they form one catalogue."""
    from i18n import (
        text_changes,
        text_impact,
        text_programmes,
        text_projects,
        text_regions,
        text_sectors,
        text_sources,
        text_spending,
    )

    for module in (text_regions, text_sectors, text_impact, text_spending, text_programmes, text_projects,
                   text_sources, text_changes):
        for key, entry in module.MESSAGES.items():
            if key in MESSAGES:
                raise ValueError(f"message {key!r} defined twice")
            MESSAGES[key] = entry


_merge_area_catalogues()


def t(message: str, lang: str = "da", /, **values) -> str:
    """The text of `message` in `lang`, with `{placeholders}` filled from `values` (any names,
    `key` and `lang` included: the first two parameters are positional-only)."""
    entry = MESSAGES.get(message)
    if entry is None:
        raise KeyError(f"no message {message!r}")
    text = entry.get(lang) or entry["da"]
    if not values:
        return text
    text = text.format(**values)
    # "593 mio. kr." at the end of a sentence: one full stop, not two.
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


def name_col(lang: str) -> str:
    """Column holding the label in this language (name_da / name_en)."""
    return "name_en" if lang == "en" else "name_da"


def note_col(lang: str, column: str = "note") -> str:
    """Column holding a free-text data note in this language: `note` is English, `note_da` Danish
    (likewise `scope_note` / `scope_note_da`)."""
    return column if lang == "en" else f"{column}_da"


def geometry_attribution(ds, lang: str) -> str:
    """The region boundaries' attribution (their CC BY 4.0 licence asks for it) in this language."""
    geometry = ds.descriptor.get("geometry", {})
    return (geometry.get("attribution_da") if lang == "da" else None) or geometry.get("attribution", "")
