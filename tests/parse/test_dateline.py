"""Datelines are found by shape: every form the wire prints, and nothing that merely looks close."""

from __future__ import annotations

import pytest

from anp_archive.models import Dateline
from anp_archive.parse.dateline import match_dateline


@pytest.mark.parametrize(
    ("line", "place", "agencies", "text"),
    [
        ("MOSKOU (ANP/RTR) - Het Kremlin ontkent.", "MOSKOU", ("ANP", "RTR"), "Het Kremlin ontkent."),
        ("DEN HAAG (ANP) - Het kabinet.", "DEN HAAG", ("ANP",), "Het kabinet."),
        ("ADDIS ABABA (ANP/AFP) - Ethiopië.", "ADDIS ABABA", ("ANP", "AFP"), "Ethiopië."),
        ("MAR-A-LAGO (ANP/AFP) - Trump.", "MAR-A-LAGO", ("ANP", "AFP"), "Trump."),
        ("CORTINA D'AMPEZZO (ANP/DPA) - Mist.", "CORTINA D'AMPEZZO", ("ANP", "DPA"), "Mist."),
        ("SAINT-ÉTIENNE (ANP/AFP) - De club.", "SAINT-ÉTIENNE", ("ANP", "AFP"), "De club."),
        ("SÃO PAULO (ANP/AFP) - Brazilië.", "SÃO PAULO", ("ANP", "AFP"), "Brazilië."),
        ("MÜNCHEN (ANP/DPA) – De bond.", "MÜNCHEN", ("ANP", "DPA"), "De bond."),
        ("CAÏRO (ANP) - Egypte.", "CAÏRO", ("ANP",), "Egypte."),
        ("'S-HERTOGENBOSCH (ANP) - De rechtbank.", "'S-HERTOGENBOSCH", ("ANP",), "De rechtbank."),
        ("BRUSSEL/WASHINGTON (ANP) - Handel.", "BRUSSEL/WASHINGTON", ("ANP",), "Handel."),
        (
            "ANKARA/BUENOS AIRES/CAÏRO (ANP/AFP) - Leningen.",
            "ANKARA/BUENOS AIRES/CAÏRO",
            ("ANP", "AFP"),
            "Leningen.",
        ),
        ("WASHINGTON (ANP/RTR/BLOOMBERG) - Rente.", "WASHINGTON", ("ANP", "RTR", "BLOOMBERG"),
         "Rente."),
        ("PARIJS (ANP/AF) - Typo blijft.", "PARIJS", ("ANP", "AF"), "Typo blijft."),
        ("ST. PETERSBURG (ANP) - Brand.", "ST. PETERSBURG", ("ANP",), "Brand."),
        ("NEW YORK (ANP) — Em dash.", "NEW YORK", ("ANP",), "Em dash."),
        ("DOMBURG - Een strandpaviljoen in Domburg mag blijven.", "DOMBURG", (),
         "Een strandpaviljoen in Domburg mag blijven."),
        ("GOES – De nieuwe fietsbrug is open.", "GOES", (), "De nieuwe fietsbrug is open."),
        # The dash drawn by CSS (span.dateline::after), so missing from the text.
        ("MOSKOU (ANP/RTR) Het Kremlin ontkent.", "MOSKOU", ("ANP", "RTR"),
         "Het Kremlin ontkent."),
        ('DEN HAAG (ANP)"Wij gaan door."', "DEN HAAG", ("ANP",), '"Wij gaan door."'),
        # A lower-case agency next to an upper-case one, kept as printed.
        ("BERLIJN (ANP/dpa) - De regering.", "BERLIJN", ("ANP", "dpa"), "De regering."),
    ],
)
def test_datelines_seen_on_the_wire(
    line: str, place: str, agencies: tuple[str, ...], text: str
) -> None:
    assert match_dateline(line) == (Dateline(place=place, agencies=agencies), text)


def test_text_keeps_an_inner_dash() -> None:
    found = match_dateline('PYONGYANG (ANP/AFP) - Troepen in een "vreemd land" - vermoedelijk.')
    assert found is not None
    assert found[1] == 'Troepen in een "vreemd land" - vermoedelijk.'


@pytest.mark.parametrize(
    "line",
    [
        'De troepen strijden in een "vreemd land" - hoogstwaarschijnlijk Oekraïne.',
        "Den Haag (ANP) - lower-case place is not a dateline.",
        "PSV - Ajax",  # a headline, not a dateline without agency
        "AZ - Feyenoord eindigt gelijk",
        "NAVO-top in Den Haag - wat je moet weten",
        "Meer uit Buitenland",
        "ANP Kamer wil opheldering",
        "2 uur geleden",
        "",
        "MOSKOU",  # a place alone has no text
        "MOSKOU (anp) het kremlin",  # lower-case agency and no dash: no dateline
        "UTRECHT (anp/foto) - Het plein.",  # a photo credit, even after "anp"
        "NEC (Nijmegen) Verliest van PSV",  # no dash: agencies must be upper case
        "MOSKOU (ANP) het kremlin",  # no dash: the text must start like a sentence
        "MOSKOU (ANP/RTR)",
        "GOES (zie foto) - Het nieuwe gemaal.",  # a remark in brackets
        "AMSTERDAM (ANP/foto) - Het plein.",
        "UTRECHT (red/upd) - Het bericht.",
    ],
)
def test_not_datelines(line: str) -> None:
    assert match_dateline(line) is None


def test_place_alone_text_may_be_empty_when_only_the_dash_follows() -> None:
    found = match_dateline("MOSKOU (ANP/RTR) -")
    assert found == (Dateline("MOSKOU", ("ANP", "RTR")), "")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("DEN HAAG (anp) - Het kabinet valt.", Dateline("DEN HAAG", ("anp",))),
        ("BRUSSEL (anp/belga) - Ook in België storm.", Dateline("BRUSSEL", ("anp", "belga"))),
        ("HAMBURG (anp/dpa) – De haven is dicht.", Dateline("HAMBURG", ("anp", "dpa"))),
    ],
)
def test_lower_case_wire_agency_is_kept_as_printed(line: str, expected: Dateline) -> None:
    # Sites that print the whole agency in lower case: with the dash and "anp" first this
    # is the wire's dateline, and a page of only such datelines must still parse.
    found = match_dateline(line)
    assert found is not None
    assert found[0] == expected
