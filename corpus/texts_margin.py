"""Protocols with their labels in a left margin column (Ciceron, W3D3 style).

``margin`` blocks print each label (bold, wrapped in a 40 mm column) beside
its text at 60 mm, on the same baselines.
"""

from __future__ import annotations

from typing import Any

from texts_common import Block, Doc, Layout, _p  # type: ignore[import-not-found]

SBN_MEMBERS = [
    ("Anna Andersson", "S"),
    ("Leif Strand", "S"),
    ("Maja Öberg", "V"),
    ("Lisa Ek", "C"),
    ("Nils Viklund", "MP"),
    ("Rosa Lind", "S"),
    ("Johan Persson", "M"),
    ("Karl Berg", "M"),
    ("Siv Hammar", "SD"),
]


def sbn_protokoll_file(v: dict[str, str]) -> dict[str, Any]:
    """Samhällsbyggnadsnämnden: proposals, a vote and a reservation in margins."""
    blocks: list[Block] = [
        ("h1", "Samhällsbyggnadsnämnden"),
        ("h2", "Sammanträdesprotokoll"),
        (
            "margin",
            [
                ("Plats och tid", ["Kommunhuset, Granvik, 2024-09-10 kl. 13.00–16.20"]),
                (
                    "Beslutande",
                    [f"{SBN_MEMBERS[0][0]} (S), ordförande"]
                    + [f"{n} ({p})" for n, p in SBN_MEMBERS[1:]],
                ),
                ("Utses att justera", ["Johan Persson (M)"]),
                ("Paragrafer", ["§§ 81–82"]),
            ],
        ),
        ("pagebreak", None),
        ("h2", "§ 81 Detaljplan för Ekbacken 2:4"),
        *_p(f"Dnr SBN 2024/{v['m2']}"),
        (
            "margin",
            [
                (
                    "Sammanfattning",
                    [
                        "Planen ger plats för 120 bostäder i flerbostadshus och en "
                        "ny gång- och cykelväg till Ekbacksskolan. Samrådet har inte "
                        "föranlett några större ändringar."
                    ],
                ),
                (
                    "Beslutsunderlag",
                    ["Samhällsbyggnadsförvaltningens tjänsteskrivelse 2024-08-20"],
                ),
                (
                    "Förslag till beslut på sammanträdet",
                    [
                        "Anna Andersson (S): Bifall till förvaltningens förslag.",
                        "Johan Persson (M): Avslag på förslaget.",
                        "Lisa Ek (C) i första hand återremiss för att utreda "
                        "trafiken på Ekbacksvägen, i andra hand bifall till "
                        "förvaltningens förslag.",
                    ],
                ),
                (
                    "Beslutsgång",
                    [
                        "Ordföranden ställer först proposition på om ärendet ska "
                        "avgöras i dag eller återremitteras och finner att det ska "
                        "avgöras i dag.",
                        "Därefter ställer ordföranden proposition på bifall och "
                        "avslag och finner att nämnden bifaller förvaltningens "
                        "förslag. Votering begärs.",
                    ],
                ),
                (
                    "Omröstning",
                    [
                        "Med 6 JA-röster mot 3 NEJ-röster beslutar "
                        "samhällsbyggnadsnämnden enligt Anna Anderssons förslag."
                    ],
                ),
                ("Beslut", ["Samhällsbyggnadsnämnden antar detaljplanen."]),
                (
                    "Reservation",
                    [
                        "Johan Persson (M) och Karl Berg (M) reserverar sig mot "
                        "beslutet."
                    ],
                ),
                ("Expedieras till", ["Planenheten", "Lantmäteriet"]),
            ],
        ),
        ("h2", "§ 82 Yttrande över regional cykelplan"),
        *_p(f"Dnr SBN 2024/{v['m1']}"),
        (
            "margin",
            [
                (
                    "Förslag till beslut på sammanträdet",
                    ["Anna Andersson (S): Bifall till förvaltningens förslag."],
                ),
                (
                    "Beslut",
                    [
                        "Samhällsbyggnadsnämnden antar förvaltningens yttrande som "
                        "sitt eget."
                    ],
                ),
                (
                    "Protokollsanteckning",
                    [
                        "Siv Hammar (SD) lämnar en protokollsanteckning: "
                        "Sverigedemokraterna vill se fler pendlarparkeringar."
                    ],
                ),
            ],
        ),
    ]
    return _file(
        "granvik_sbn_protokoll_2024-09-10.pdf",
        "Protokoll Samhällsbyggnadsnämnden 2024-09-10",
        "2024-09-10",
        blocks,
        Layout("Helvetica", 10, "Granviks kommun", "Sida {page} av {total}"),
        [f"SBN 2024/{int(v['m2'])}", f"SBN 2024/{int(v['m1'])}"],
    )


def kfn_protokoll_file(v: dict[str, str]) -> dict[str, Any]:
    """Kultur- och fritidsnämnden: a two-column front page with signatures."""
    blocks: list[Block] = [
        ("h1", "Kultur- och fritidsnämnden"),
        ("h2", "Protokoll"),
        (
            "margin",
            [
                ("Plats och tid", ["Biblioteket, Granvik, 2024-10-15 kl. 17.30–19.10"]),
                (
                    "Beslutande",
                    [
                        "Sofia Hed (S), ordförande",
                        "Gustav Ahl (S)",
                        "Ali Nur (M)",
                        "Britt Sand (V)",
                        "Olle Kvist (KD)",
                    ],
                ),
                ("Tjänstgörande ersättare", ["Moa Falk (L) för Pia Ros (L)"]),
                ("Övriga närvarande", ["Hanna Borg, förvaltningschef"]),
                ("Utses att justera", ["Ali Nur (M)"]),
                ("Justeringens plats och tid", ["Kommunhuset 2024-10-18"]),
                (
                    "Underskrifter",
                    [
                        "Sekreterare ..................... Paragrafer §§ 30–31",
                        "Jonas Ek",
                        "Ordförande .....................",
                        "Sofia Hed",
                        "Justerare .....................",
                        "Ali Nur",
                    ],
                ),
            ],
        ),
        ("pagebreak", None),
        ("h2", "§ 30 Val av justerare"),
        *_p("Beslut", "Kultur- och fritidsnämnden utser Ali Nur (M) att justera."),
        ("h2", "§ 31 Bidrag till föreningen Granviks konstklubb"),
        *_p(
            f"Dnr KFN 2024/{v['k3']}",
            "Yrkanden",
            "Sofia Hed (S) yrkar bifall till förvaltningens förslag.",
            "Beslut",
            "Kultur- och fritidsnämnden beviljar föreningen 45 000 kronor.",
        ),
    ]
    return _file(
        "granvik_kfn_protokoll_2024-10-15.pdf",
        "Protokoll Kultur- och fritidsnämnden 2024-10-15",
        "2024-10-15",
        blocks,
        Layout("Times-Roman", 11, None, "{page}", page_footer=True),
        [f"KFN 2024/{int(v['k3'])}"],
    )


def _file(
    name: str,
    title: str,
    date: str,
    blocks: list[Block],
    layout: Layout,
    dnrs: list[str],
) -> dict[str, Any]:
    """Return the spec of a file holding one protocol."""
    doc = Doc("protokoll", title, date, None, blocks=blocks, new_page=False)
    return {
        "file": name,
        "title": title,
        "layout": layout,
        "documents": [doc],
        "dnr_mentions": sorted(dnrs),
    }
