"""Kommunstyrelsen's notice and minutes."""

from __future__ import annotations

from typing import Any

from texts_common import (  # type: ignore[import-not-found]
    KS_MEMBERS,
    Block,
    Doc,
    Layout,
    _named,
    _p,
)


def ks_protokoll_file(v: dict[str, str]) -> dict[str, Any]:
    """Kommunstyrelsen's minutes: votes in prose and in a table, reservations."""
    yes, no = KS_MEMBERS[:7], KS_MEMBERS[7:]
    table = [["Ledamot", "Parti", "Ja", "Nej", "Avstår"]]
    choices = {
        "Maria Lindqvist": "Ja",
        "Erik Sund": "Ja",
        "Sara Nilsson": "Ja",
        "Elin Dahl": "Avstår",
        "Ahmed Hassan": "Ja",
        "Anna Berg": "Ja",
        "Olof Ek": "Ja",
        "Per Holmberg": "Nej",
        "Karin Ljung": "Nej",
        "Ulla Fors": "Nej",
    }
    for name, party in KS_MEMBERS:
        if name in choices:
            table.append(
                [name, party]
                + ["X" if choices[name] == c else "" for c in ("Ja", "Nej", "Avstår")]
            )
    table.append(["Summa", "", "6", "3", "1"])
    blocks: list[Block] = [
        ("h1", "Kommunstyrelsen"),
        ("h2", "Protokoll"),
        (
            "fields",
            [
                ("Plats och tid", "Kommunhuset, Granvik, 2024-04-02 kl. 09.00–11.45"),
                ("Beslutande", "Maria Lindqvist (S), ordförande"),
                *[("", f"{n} ({p})") for n, p in KS_MEMBERS[1:5]],
                ("", "Anna Berg (C) tjänstgör för Björn Nyström (KD) §§ 41–45"),
                *[("", f"{n} ({p})") for n, p in KS_MEMBERS[6:]],
                ("Övriga närvarande", "Lena Ström, kommundirektör"),
                ("", "Jonas Ek, sekreterare"),
                ("Justerare", "Per Holmberg (M)"),
                ("Justeringens plats och tid", "Kommunhuset 2024-04-05"),
                ("Paragrafer", "§§ 41–47"),
            ],
        ),
        ("h2", "ANSLAG/BEVIS"),
        (
            "fields",
            [
                ("Datum då anslaget sätts upp", "2024-04-08"),
                ("Datum då anslaget tas ned", "2024-04-30"),
            ],
        ),
        ("pagebreak", None),
        ("h2", "§ 41 Val av justerare"),
        *_p(
            "Beslut",
            "Kommunstyrelsen utser Per Holmberg (M) att jämte ordföranden "
            "justera protokollet.",
        ),
        ("h2", "§ 42 Detaljplan för Norra hamnen, etapp 2"),
        *_p(
            f"Dnr KS 2023/0{v['k1']}",
            "Sammanfattning av ärendet",
            "Planen gör det möjligt att bygga cirka 300 bostäder och en förskola. "
            "Förvaltningen föreslår också en reservation av verksamhetstomter i "
            "planens östra del för småindustri.",
            "Förslag till beslut",
            "Kommunstyrelsen godkänner planförslaget för samråd.",
            "Yrkanden",
            "Per Holmberg (M) yrkar att ärendet bordläggs till nästa sammanträde.",
            "Maria Lindqvist (S) yrkar att ärendet avgörs i dag.",
            "Propositionsordning",
            "Ordföranden ställer proposition på om ärendet ska avgöras i dag eller "
            "bordläggas och finner att kommunstyrelsen beslutar att bordlägga "
            "ärendet.",
            "Beslut",
            "Ärendet bordläggs till sammanträdet den 7 maj 2024.",
        ),
        ("h2", "§ 43 Riktlinjer för färdtjänst"),
        *_p(
            f"Dnr KS 2024/00{v['k2']}",
            "Yrkanden",
            "Elin Dahl (V) yrkar att ärendet återremitteras till socialförvaltningen "
            "för att kompletteras med en konsekvensanalys för brukarna.",
            "Maria Lindqvist (S) yrkar bifall till Elin Dahls återremissyrkande.",
            "Beslut",
            "Ärendet återremitteras till socialförvaltningen för att "
            "kompletteras med en konsekvensanalys.",
        ),
        ("h2", "§ 44 Försäljning av fastigheten Granvik 4:12"),
        *_p(
            f"Dnr KS 2024/00{v['k3']}",
            "Sammanfattning av ärendet",
            "Granviks Bostäder AB vill köpa fastigheten för att bygga trygghetsboende. "
            "Köpeskillingen är 4,2 miljoner kronor enligt oberoende värdering.",
            "Beslutsunderlag",
            "Samhällsbyggnadsförvaltningens tjänsteskrivelse 2024-03-14",
            "Yrkanden",
            "Maria Lindqvist (S) yrkar bifall till förvaltningens förslag.",
            "Per Holmberg (M) yrkar avslag på förvaltningens förslag.",
            "Propositionsordning",
            "Ordföranden ställer proposition på yrkandena och finner att "
            "kommunstyrelsen bifallit Maria Lindqvists yrkande. Votering begärs.",
            "Omröstning",
            f"Med 7 JA-röster ({_named(yes)}) mot 4 NEJ-röster ({_named(no)}) "
            "beslutar kommunstyrelsen enligt Maria Lindqvists yrkande.",
            "Beslut",
            "Kommunstyrelsen godkänner försäljningen av fastigheten "
            "Granvik 4:12 till Granviks Bostäder AB för 4,2 miljoner kronor.",
            "Reservation",
            "Per Holmberg (M), Karin Ljung (M) och Tomas Bergh (SD) reserverar sig "
            "skriftligt mot beslutet, bilaga 1.",
            "Beslutet skickas till",
            "Samhällsbyggnadsförvaltningen",
            "Granviks Bostäder AB",
        ),
        ("h2", "§ 45 Taxa för bygglov 2024"),
        *_p(
            f"Dnr KS 2024/00{v['k4']}",
            "Jäv",
            "Tomas Bergh (SD) anmäler jäv och deltar inte i handläggningen av ärendet.",
            "Yrkanden",
            "Erik Sund (S) yrkar bifall till förvaltningens förslag.",
            "Karin Ljung (M) yrkar följande ändring: att taxan för mindre "
            "tillbyggnader sänks med 20 procent.",
            "Propositionsordning",
            "Ordföranden ställer proposition på yrkandena och finner att "
            "kommunstyrelsen beslutat enligt Erik Sunds yrkande. Votering begärs.",
            "Omröstning",
            "Omröstningsresultat, se tabellen.",
        ),
        ("table", table),
        *_p(
            "Beslut",
            "Kommunstyrelsen antar taxan för bygglov 2024 enligt "
            "förvaltningens förslag.",
            "Reservation",
            "Karin Ljung (M) reserverar sig till förmån för eget yrkande.",
            "Protokollsanteckning",
            "Ulla Fors (L) lämnar en protokollsanteckning: Liberalerna vill se en "
            "översyn av hela taxan under 2025.",
        ),
        ("h2", "§ 46 Trafiksäkerhet vid Ekbacksskolan"),
        *_p(
            f"Dnr KS 2024/00{v['k5']}",
            "Beslut",
            "Kommunstyrelsen ger samhällsbyggnadsförvaltningen i uppdrag att "
            "återkomma med en redovisning av åtgärder för säkrare skolvägar senast "
            "den 30 september 2024.",
        ),
        ("pagebreak", None),
        ("h2", "§ 47 Svar på motion om fler cykelbanor"),
        *_p(
            f"Dnr KS 2022/0{v['k6']}",
            "Sammanfattning av ärendet",
            "Motionären föreslår att kommunen bygger cykelbanor längs Strandvägen. "
            "Förvaltningen redovisar att sträckan redan finns i cykelplanen för "
            "2025.",
            "Yrkanden",
            "Maria Lindqvist (S) yrkar bifall till förvaltningens förslag.",
            "Kommunstyrelsens förslag till kommunfullmäktige",
            "Motionen anses besvarad.",
        ),
    ]
    doc = Doc(
        "protokoll",
        "Protokoll Kommunstyrelsen 2024-04-02",
        "2024-04-02",
        None,
        blocks=blocks,
        new_page=False,
    )
    keys = {
        f"KS 2023/{int(v['k1'])}",
        f"KS 2024/{int(v['k2'])}",
        f"KS 2024/{int(v['k3'])}",
        f"KS 2024/{int(v['k4'])}",
        f"KS 2024/{int(v['k5'])}",
        f"KS 2022/{int(v['k6'])}",
    }
    return {
        "file": "granvik_ks_protokoll_2024-04-02.pdf",
        "title": "Protokoll Kommunstyrelsen 2024-04-02",
        "layout": Layout(
            "Times-Roman",
            11,
            "GRANVIKS KOMMUN   Protokoll   Sammanträdesdatum 2024-04-02",
            "Sida {page} ({total})",
            footer="Justerandes signum ..................   "
            "Utdragsbestyrkande ..................",
        ),
        "documents": [doc],
        "dnr_mentions": sorted(keys),
    }


def ks_kallelse_file(v: dict[str, str]) -> dict[str, Any]:
    """Kommunstyrelsen's notice for 2 April 2024: the agenda as a ruled table."""
    doc = Doc(
        "kallelse",
        "Kallelse Kommunstyrelsen 2024-04-02",
        "2024-04-02",
        None,
        new_page=False,
        blocks=[
            ("h1", "Kallelse till sammanträde"),
            ("body", "Kommunstyrelsen"),
            (
                "fields",
                [
                    ("Tid", "2 april 2024 kl. 09.00"),
                    ("Plats", "Kommunhuset, Granvik"),
                    ("Ordförande", "Maria Lindqvist (S)"),
                    ("Sekreterare", "Jonas Ek"),
                ],
            ),
            ("h2", "Föredragningslista"),
            ("body", "1. Val av justerare"),
            ("body", "2. Detaljplan för Norra hamnen, etapp 2"),
            ("body", f"Dnr KS 2023/0{v['k1']}"),
            ("body", "3. Riktlinjer för färdtjänst"),
            ("body", f"Dnr KS 2024/00{v['k2']}"),
            ("body", "4. Försäljning av fastigheten Granvik 4:12"),
            ("body", f"Dnr KS 2024/00{v['k3']}"),
            ("body", "5. Taxa för bygglov 2024"),
            ("body", f"Dnr KS 2024/00{v['k4']}"),
            ("body", "6. Trafiksäkerhet vid Ekbacksskolan"),
            ("body", "7. Svar på motion om fler cykelbanor"),
            ("body", f"Dnr KS 2022/0{v['k6']}"),
            ("body", "Välkomna!"),
            ("body", "Maria Lindqvist, ordförande"),
        ],
    )
    return {
        "file": "granvik_ks_kallelse_2024-04-02.pdf",
        "title": "Kallelse Kommunstyrelsen 2024-04-02",
        "layout": Layout("Helvetica", 11, None, "{page}", page_footer=True),
        "documents": [doc],
        "dnr_mentions": sorted(
            {
                f"KS 2023/{int(v['k1'])}",
                f"KS 2024/{int(v['k2'])}",
                f"KS 2024/{int(v['k3'])}",
                f"KS 2024/{int(v['k4'])}",
                f"KS 2022/{int(v['k6'])}",
            }
        ),
    }
