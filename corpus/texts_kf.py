"""Kommunfullmäktige: motions and the council's extract."""

from __future__ import annotations

from typing import Any

from texts_common import (  # type: ignore[import-not-found]
    Block,
    Doc,
    Layout,
    _p,
)


def motioner_file(v: dict[str, str]) -> dict[str, Any]:
    """Three motions (one single-author, one party group) and an interpellation."""
    laddstolpar = Doc(
        "motion",
        "Motion om fler laddstolpar",
        "2023-01-10",
        None,
        new_page=False,
        blocks=[
            ("h1", "Motion"),
            *_p("Till Granviks kommunfullmäktige", "2023-01-10"),
            ("h2", "Motion om fler laddstolpar"),
            *_p(
                "Allt fler invånare i Granvik kör elbil, men det finns bara elva publika "
                "laddplatser i kommunen. Den som bor i flerbostadshus saknar ofta "
                "möjlighet att ladda hemma.",
                "Jag föreslår att kommunfullmäktige beslutar",
                "att kommunstyrelsen får i uppdrag att ta fram en plan för minst 40 nya "
                "publika laddplatser till år 2026.",
                f"{v['mp']} (MP)",
            ),
        ],
    )
    simning = Doc(
        "motion",
        "Motion om gratis simundervisning för alla barn",
        "2023-02-14",
        None,
        blocks=[
            ("h1", "Motion"),
            *_p("Till Granviks kommunfullmäktige", "2023-02-14"),
            ("h2", "Motion om gratis simundervisning för alla barn"),
            *_p(
                "Var femte elev i årskurs 6 i Granvik klarar inte skolans simkrav. "
                "Barn i familjer med låga inkomster går sällan i simskola.",
                "Jag föreslår att kommunfullmäktige beslutar",
                "att alla barn i årskurs 2 erbjuds avgiftsfri simundervisning under "
                "skoltid från och med höstterminen 2024.",
                "Elin Dahl (V)",
            ),
        ],
    )
    trygghet = Doc(
        "motion",
        "Motion om trygghetsvärdar i centrum",
        "2023-05-09",
        None,
        blocks=[
            ("h1", "Motion"),
            *_p("Till Granviks kommunfullmäktige", "2023-05-09"),
            ("h2", "Motion om trygghetsvärdar i centrum"),
            *_p(
                "Många känner sig otrygga i centrum på kvällarna, särskilt runt "
                "resecentrum. Andra kommuner har goda erfarenheter av trygghetsvärdar.",
                "Vi föreslår kommunfullmäktige besluta",
                "1. att kommunstyrelsen ges i uppdrag att inrätta trygghetsvärdar i "
                "centrum fredagar och lördagar kvällstid,",
                "2. att trygghetsvärdarna samverkar med polisen och fältassistenterna,",
                "3. att belysningen vid resecentrum ses över under 2024,",
                "4. att en trygghetsmätning görs före och efter införandet,",
                "5. att försöket utvärderas och redovisas för fullmäktige senast ett år "
                "efter start.",
                "För Moderaterna i Granvik",
                "Per Holmberg, Karin Ljung, Stefan Öberg, Lina Sandberg",
            ),
        ],
    )
    interpellation = Doc(
        "interpellation",
        "Interpellation om väntetider i hemtjänsten",
        "2024-02-01",
        None,
        blocks=[
            ("h1", "Interpellation"),
            *_p("2024-02-01", "Till kommunstyrelsens ordförande Maria Lindqvist (S)"),
            ("h2", "Interpellation om väntetider i hemtjänsten"),
            *_p(
                "Flera anhöriga har hört av sig om att det tar lång tid att få beslut "
                "om hemtjänst. Mot den bakgrunden vill jag ställa följande frågor:",
                "1. Hur lång är den genomsnittliga väntetiden från ansökan till beslut?",
                "2. Vilka åtgärder avser du vidta för att korta väntetiderna?",
                "Karin Ljung (M)",
            ),
        ],
    )
    return {
        "file": "granvik_kf_motioner_2023.pdf",
        "title": "Motioner till kommunfullmäktige 2023",
        "layout": Layout("Times-Roman", 11.5, None, "- {page} -", page_footer=True),
        "documents": [laddstolpar, simning, trygghet, interpellation],
        "dnr_mentions": [],
    }


def kf_protokoll_file(v: dict[str, str]) -> dict[str, Any]:
    """Kommunfullmäktige's extract deciding the motions."""
    blocks: list[Block] = [
        ("h1", "Kommunfullmäktige"),
        ("h2", "Protokollsutdrag"),
        (
            "fields",
            [
                ("Sammanträdesdatum", "2024-06-17"),
                ("Plats och tid", "Kommunhuset, Granvik, kl. 18.00–21.10"),
                ("Ordförande", "Gunnar Åström (S)"),
                ("Sekreterare", "Jonas Ek"),
            ],
        ),
        ("h2", "Innehåll"),
        ("body", "§ 61 Svar på motion om gratis simundervisning för alla barn ..... 1"),
        ("body", "§ 62 Svar på motion om trygghetsvärdar i centrum ..... 1"),
        ("body", "§ 63 Svar på motion om fler cykelbanor ..... 1"),
        ("body", "§ 64 Svar på interpellation om väntetider i hemtjänsten ..... 2"),
        ("body", "§ 65 Ärendebalans ..... 2"),
        ("body", "§ 66 Val av ersättare i valnämnden ..... 2"),
        ("h2", "§ 61 Svar på motion om gratis simundervisning för alla barn"),
        *_p(
            f"Dnr KS 2023/00{v['m1']}",
            "Sammanfattning av ärendet",
            "Elin Dahl (V) föreslår i en motion att alla barn i årskurs 2 erbjuds "
            "avgiftsfri simundervisning. Barn- och utbildningsnämnden tillstyrker.",
            "Beslut",
            "Motionen bifalls.",
        ),
        ("h2", "§ 62 Svar på motion om trygghetsvärdar i centrum"),
        *_p(
            f"Dnr KS 2023/00{v['m2']}",
            "Yrkanden",
            "Per Holmberg (M) yrkar bifall till motionen.",
            "Maria Lindqvist (S) yrkar avslag på motionen.",
            "Propositionsordning",
            "Ordföranden ställer proposition på yrkandena och finner att "
            "kommunfullmäktige beslutat enligt Maria Lindqvists yrkande.",
            "Beslut",
            "Motionen avslås.",
            "Reservation",
            "Per Holmberg (M) och Karin Ljung (M) reserverar sig till förmån för "
            "eget yrkande.",
        ),
        ("h2", "§ 63 Svar på motion om fler cykelbanor"),
        *_p(f"Dnr KS 2022/0{v['k6']}", "Beslut", "Motionen anses besvarad."),
        ("h2", "§ 64 Svar på interpellation om väntetider i hemtjänsten"),
        *_p(
            "Maria Lindqvist (S) besvarar interpellationen. Karin Ljung (M) "
            "deltar i överläggningen.",
            "Beslut",
            "Interpellationen anses besvarad.",
        ),
        ("h2", "§ 65 Ärendebalans"),
        *_p(
            "Kommunstyrelsen redovisar ärenden under beredning, bland dem motionen "
            "om fler laddstolpar som väcktes den 10 januari 2023.",
            "Beslut",
            "Redovisningen läggs till handlingarna.",
        ),
    ]
    doc = Doc(
        "protokoll",
        "Protokoll Kommunfullmäktige 2024-06-17",
        "2024-06-17",
        None,
        blocks=blocks,
        new_page=False,
    )
    return {
        "file": "granvik_kf_protokoll_2024-06-17.pdf",
        "title": "Kommunfullmäktige protokollsutdrag 2024-06-17",
        "layout": Layout(
            "Helvetica",
            10.5,
            "Granviks kommun – Kommunfullmäktige",
            "Protokollsutdrag 2024-06-17 | {page}/{total}",
        ),
        "documents": [doc],
        "dnr_mentions": sorted(
            {
                f"KS 2023/{int(v['m1'])}",
                f"KS 2023/{int(v['m2'])}",
                f"KS 2022/{int(v['k6'])}",
            }
        ),
    }
