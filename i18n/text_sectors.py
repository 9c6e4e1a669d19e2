"""Messages of the sectors page and its charts (part of the one catalogue, see i18n.text)."""

MESSAGES: dict[str, dict[str, str]] = {
    "page.sectors.title": {"da": "Sektorer og samarbejdsformer", "en": "Sectors and collaboration forms"},
    "page.sectors.lead": {"da": "Hvilke områder samarbejderne handler om, hvilke former de har, og hvor pengene er.",
                          "en": "What the collaborations are about, which forms they take, and where the money is."},
    "chart.sector_by_form": {"da": "Samarbejder pr. sektor og samarbejdsform", "en": "Collaborations by sector and form"},
    "chart.contract_value_by_sector": {"da": "Kontraktværdi pr. sektor", "en": "Contract value by sector"},
    "chart.public_funding_by_form": {"da": "Offentligt tilskud pr. samarbejdsform", "en": "Public funding by collaboration form"},
    "sectors.summary_sector_form": {"da": "Den største gruppe er {form} inden for {sector}: {n} af {total} samarbejder.",
                                    "en": "The largest group is {form} in {sector}: {n} of {total} collaborations."},
    "sectors.summary_value": {"da": "{name} har den største oplyste {measure}: {value} (oplyst for {reported} af {projects} samarbejder).",
                              "en": "{name} has the largest reported {measure}: {value} (reported for {reported} of {projects} collaborations)."},
    "sectors.sek_note": {"da": "Beløb i svenske kroner indgår ikke i diagrammet; de omregnes ikke.",
                         "en": "Amounts in Swedish kronor are not in the chart; they are not converted."},
}
