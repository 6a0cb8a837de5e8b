"""A protocol with running header and signature footer on every page.

Tekniska nämnden's minutes carry "Sammanträdesprotokoll <date>" and "N (M)"
at the top of each page, "Justerandes sign   Utdragsbestyrkande" at the
foot, a table of contents page and a closing e-signature page.
"""

from __future__ import annotations

from typing import Any

from texts_common import Block, Doc, Layout, _p  # type: ignore[import-not-found]

TN_PARAGRAPHS = [
    ("§ 90", "Val av justerare", 3),
    ("§ 91", "Upphandling av vinterväghållning 2025–2028", 3),
    ("§ 92", "Taxa för parkering i centrum", 3),
]


def tn_protokoll_file(v: dict[str, str]) -> dict[str, Any]:
    """Tekniska nämnden 2024-11-05: furniture on every page, e-signatures."""
    toc: list[Block] = [
        ("body", f"{number} {title} ..... {page}")
        for number, title, page in TN_PARAGRAPHS
    ]
    blocks: list[Block] = [
        ("h1", "Tekniska nämnden"),
        ("h2", "Sammanträdesprotokoll"),
        (
            "fields",
            [
                ("Plats och tid", "Kommunhuset, Granvik, 2024-11-05 kl. 08.30–10.15"),
                ("Beslutande", "Karin Dal (S), ordförande"),
                ("", "Peter Wik (S)"),
                ("", "Emma Sjö (C)"),
                ("", "Erik Moberg (M)"),
                ("", "Linnea Tall (SD)"),
                ("Övriga närvarande", "Jonas Ek, sekreterare"),
                ("Utses att justera", "Erik Moberg (M)"),
                ("Justeringens plats och tid", "Kommunhuset 2024-11-08"),
            ],
        ),
        ("pagebreak", None),
        ("h2", "Innehållsförteckning"),
        *toc,
        ("pagebreak", None),
        ("h2", "§ 90 Val av justerare"),
        *_p("Beslut", "Tekniska nämnden utser Erik Moberg (M) att justera."),
        ("h2", "§ 91 Upphandling av vinterväghållning 2025–2028"),
        *_p(
            f"Dnr TN 2024/{v['k6']}",
            "Yrkanden",
            "Karin Dal (S) yrkar bifall till förvaltningens förslag.",
            "Erik Moberg (M) yrkar att avtalstiden förkortas till två år.",
            "Propositionsordning",
            "Ordföranden ställer proposition på yrkandena och finner att "
            "nämnden beslutat enligt Karin Dals yrkande.",
            "Beslut",
            "Tekniska nämnden godkänner förfrågningsunderlaget.",
            "Reservation",
            "Erik Moberg (M) reserverar sig till förmån för eget yrkande.",
        ),
        ("h2", "§ 92 Taxa för parkering i centrum"),
        *_p(
            f"Dnr TN 2024/{v['k4']}",
            "Beslut",
            "Tekniska nämnden föreslår kommunfullmäktige att anta taxan.",
        ),
        ("pagebreak", None),
        *_p(
            "Undertecknat av följande personer",
            "Karin Dal, ordförande",
            "Signerat 2024-11-08 09:12 med BankID",
            "Erik Moberg, justerare",
            "Signerat 2024-11-08 10:40 med BankID",
            "Jonas Ek, sekreterare",
            "Signerat 2024-11-07 16:05 med BankID",
            "Transaktionsidentitet 7F3A2C91-BB04-4E55-9D21-0C6A8E3F5B17",
        ),
    ]
    title = "Protokoll Tekniska nämnden 2024-11-05"
    doc = Doc("protokoll", title, "2024-11-05", None, blocks=blocks, new_page=False)
    return {
        "file": "granvik_tn_protokoll_2024-11-05.pdf",
        "title": title,
        "layout": Layout(
            "Helvetica",
            10.5,
            "Sammanträdesprotokoll 2024-11-05",
            "{page} ({total})",
            footer="Justerandes sign          Utdragsbestyrkande",
        ),
        "documents": [doc],
        "dnr_mentions": sorted({f"TN 2024/{int(v['k6'])}", f"TN 2024/{int(v['k4'])}"}),
    }
