"""Äldrenämnden's papers: a notice with bundled papers, the auditors' follow-up."""

from __future__ import annotations

from typing import Any

from texts_common import (  # type: ignore[import-not-found]
    Doc,
    Layout,
    _p,
)


def kallelse_file(v: dict[str, str]) -> dict[str, Any]:
    """Äldrenämnden's notice with its bundled papers and a scanned page."""
    recs = [
        "säkerställa att utredningar inom hemtjänst dokumenteras enligt nämndens "
        "riktlinjer och att beslutsunderlagen är fullständiga",
        "säkerställa en systematisk uppföljning av fattade biståndsbeslut minst "
        "en gång per år",
        "ta fram en plan för kompetensförsörjning av biståndshandläggare",
    ]
    kallelse = Doc(
        "kallelse",
        "Kallelse Äldrenämnden 2024-03-12",
        "2024-03-12",
        None,
        new_page=False,
        blocks=[
            ("h1", "KALLELSE"),
            ("body", "Äldrenämnden"),
            (
                "fields",
                [
                    ("Tid", "12 mars 2024 kl. 13.30"),
                    ("Plats", "Sammanträdesrum Ljungen, kommunhuset"),
                    ("Ordförande", f"{v['chair']} (S)"),
                    ("Sekreterare", "Jonas Ek"),
                ],
            ),
            *_p(
                "Ledamöter som inte kan delta meddelar detta till sekreteraren senast "
                "dagen före sammanträdet så att ersättare kan kallas in."
            ),
            ("h2", "Informationsärenden"),
            *_p(
                "1. Upprop och val av justerare",
                "2. Förvaltningschefen informerar",
                "3. Lägesrapport om heltidsresan inom hemtjänsten",
                "4. Information om matdistributionen",
            ),
            ("h2", "Beslutsärenden"),
            *_p(
                "5. Revisionsrapport nr 4/2023 – Granskning av biståndshandläggningen",
                f"Dnr ÄN 2023/{v['s1']}",
                "Beslutsunderlag",
            ),
            (
                "bullets",
                [
                    "Vård- och omsorgsförvaltningens tjänsteskrivelse daterad "
                    "2024-02-20",
                    "Revisionsrapport nr 4/2023 med revisionsskrivelse",
                    "Förslag till yttrande daterat 2024-02-20",
                ],
            ),
            *_p(
                "Förslag till beslut",
                "Äldrenämnden antar förvaltningens förslag till yttrande som sitt svar "
                "till revisorerna.",
                "6. Internkontrollplan 2024 för äldrenämnden",
                f"Dnr ÄN 2024/{v['s2']}",
                "Beslutsunderlag",
            ),
            (
                "bullets",
                [
                    "Vård- och omsorgsförvaltningens tjänsteskrivelse daterad "
                    "2024-02-15",
                    "Förslag till internkontrollplan 2024",
                ],
            ),
            *_p(
                "7. Avgifter för trygghetslarm 2024",
                f"Dnr ÄN 2023/{v['s3']}",
                "8. Delegationsbeslut och anmälningsärenden",
            ),
        ],
    )
    tjanst = Doc(
        "tjansteskrivelse",
        "Svar på revisionsrapport nr 4/2023 – Granskning av biståndshandläggningen",
        "2024-02-20",
        f"ÄN 2023/{v['s1']}",
        blocks=[
            ("h1", "TJÄNSTESKRIVELSE"),
            *_p(
                "2024-02-20", f"Dnr ÄN 2023/{v['s1']}", "Vård- och omsorgsförvaltningen"
            ),
            (
                "h2",
                "Svar på revisionsrapport nr 4/2023 – Granskning av "
                "biståndshandläggningen",
            ),
            *_p(
                "Förslag till beslut",
                "1. Äldrenämnden antar förvaltningens förslag till yttrande som sitt "
                "svar till revisorerna.",
                "2. Äldrenämnden ger vård- och omsorgsförvaltningen i uppdrag att "
                "redovisa en plan för kompetensförsörjning senast den 30 november 2024.",
            ),
            ("h2", "Ärendet"),
            *_p(
                "Kommunens revisorer har låtit granska om äldrenämnden har en "
                "ändamålsenlig styrning och kontroll av biståndshandläggningen inom "
                "hemtjänsten. Revisorerna önskar nämndens svar senast den 30 april 2024.",
                "Förvaltningen har gått igenom rapporten och delar i huvudsak revisorernas "
                "bedömning. Förslaget till yttrande beskriver de åtgärder som pågår.",
            ),
            ("h2", "Bedömning"),
            *_p(
                "Förvaltningen bedömer att dokumentationen av utredningar och "
                "uppföljningen av beslut kan förbättras under året utan tillskott av "
                "resurser. Frågan om kompetensförsörjning behöver beredas vidare."
            ),
            *_p(
                f"{v['officer']}",
                "Förvaltningschef",
                "Beslutet skickas till",
                "Revisorerna",
                "Akten",
            ),
        ],
    )
    skrivelse = Doc(
        "revisionsskrivelse",
        "Revisionsrapport nr 4/2023 – Granskning av biståndshandläggningen",
        "2023-11-24",
        f"ÄN 2023/{v['s1']}",
        blocks=[
            ("small", "GRANVIKS KOMMUN"),
            ("small", "Äldrenämnden"),
            ("small", "Inkom 2023-11-29"),
            ("small", f"Dnr: 23/{v['s1']}"),
            ("h1", "Revisionsskrivelse"),
            *_p("2023-11-24", "Till: Äldrenämnden", "För kännedom: Kommunfullmäktige"),
            ("h2", "Revisionsrapport nr 4/2023 – Granskning av biståndshandläggningen"),
            *_p(
                "På uppdrag av revisorerna har Revisionsbyrån Norrsken AB granskat om "
                "äldrenämnden har en ändamålsenlig styrning och kontroll av "
                "biståndshandläggningen. Granskningen omfattar handläggningen av "
                "hemtjänst under perioden januari till augusti 2023.",
                "Den sammanfattande bedömningen är att styrningen delvis är "
                "ändamålsenlig. Brister finns i dokumentationen och i uppföljningen av "
                "fattade beslut.",
                "Vi önskar äldrenämndens svar på rapportens rekommendationer.",
                "Svar emottas senast 2024-04-30.",
                "För revisorerna i Granviks kommun",
                "Lars Wennberg",
                "Ingrid Falk",
            ),
        ],
    )
    rapport = Doc(
        "revisionsrapport",
        "Granskning av biståndshandläggningen",
        "2023-11",
        f"ÄN 2023/{v['s1']}",
        blocks=[
            ("h1", "Revisionsrapport nr 4/2023"),
            ("h2", "Granskning av biståndshandläggningen"),
            *_p(
                "Revisionsbyrån Norrsken AB", "November 2023", f"Dnr ÄN 2023/{v['s1']}"
            ),
            ("h2", "1. Sammanfattning"),
            *_p(
                "Vi har på uppdrag av revisorerna granskat biståndshandläggningen inom "
                "hemtjänsten. Granskningen visar att handläggarna har god kännedom om "
                "lagstiftningen men att utredningarna ofta saknar delar som riktlinjerna "
                "kräver, och att beslut sällan följs upp inom ett år.",
                "Utifrån granskningen rekommenderar vi äldrenämnden att:",
            ),
            ("bullets", recs),
            ("h2", "2. Revisionsfrågor"),
            (
                "table",
                [
                    ["Revisionsfråga", "Svar", "Kommentar"],
                    [
                        "Finns aktuella riktlinjer för biståndshandläggningen?",
                        "Ja",
                        "Riktlinjerna reviderades 2022.",
                    ],
                    [
                        "Dokumenteras utredningarna enligt riktlinjerna?",
                        "Delvis",
                        "I 9 av 20 granskade akter saknades delar.",
                    ],
                    [
                        "Följs fattade beslut upp systematiskt?",
                        "Nej",
                        "Uppföljning sker endast när brukaren hör av sig.",
                    ],
                    [
                        "Har nämnden en tillräcklig intern kontroll?",
                        "Delvis",
                        "Kontrollen omfattar inte handläggningstider.",
                    ],
                ],
            ),
            ("h2", "3. Iakttagelser"),
            *_p(
                "Handläggarna uppger att arbetsbelastningen är hög och att nyanställda "
                "introduceras utan fastställd plan. Personalomsättningen var 28 procent "
                "under 2022."
            ),
            ("h2", "4. Rekommendationer"),
            *_p("Revisorerna rekommenderar äldrenämnden att:"),
            ("bullets", recs),
        ],
    )
    yttrande = Doc(
        "yttrande",
        "Äldrenämndens yttrande över revisionsrapport nr 4/2023",
        "2024-02-20",
        f"ÄN 2023/{v['s1']}",
        blocks=[
            ("h1", "FÖRSLAG TILL YTTRANDE"),
            *_p(
                "2024-02-20",
                f"Dnr ÄN 2023/{v['s1']}",
                "Till: Revisorerna i Granviks kommun",
            ),
            ("h2", "Äldrenämndens yttrande över revisionsrapport nr 4/2023"),
            *_p(
                "Äldrenämnden tackar för granskningen och lämnar följande svar på "
                "revisorernas rekommendationer."
            ),
            ("h2", "Dokumentation av utredningar"),
            *_p(
                "Nämnden instämmer i bedömningen. En ny mall för utredningar införs i "
                "april 2024 och en genomgång av akterna kommer att göras varje kvartal."
            ),
            ("h2", "Uppföljning av biståndsbeslut"),
            *_p(
                "Förvaltningen planerar en årlig uppföljning av alla beslut om "
                "hemtjänst. Arbetet pågår och ska vara infört vid årsskiftet."
            ),
            *_p(f"{v['chair']}", "Ordförande äldrenämnden"),
            ("scan", "utdrag"),
        ],
    )
    return {
        "file": "granvik_an_kallelse_2024-03-12.pdf",
        "title": "Kallelse Äldrenämnden 2024-03-12",
        "layout": Layout(
            "Helvetica", 10, "Granviks kommun | Äldrenämnden", "Sida {page} av {total}"
        ),
        "documents": [kallelse, tjanst, skrivelse, rapport, yttrande],
        "scans": {
            "utdrag": [
                "GRANVIKS KOMMUN",
                "Äldrenämnden",
                "",
                "PROTOKOLLSUTDRAG",
                "",
                "Sammanträdesdatum 2024-01-23",
                "",
                "§ 5 Val av ersättare i pensionärsrådet",
                "",
                "Äldrenämnden utser Gösta Ring att vara ersättare",
                "i kommunala pensionärsrådet för tiden till och med 2026.",
                "",
                "Justerandes signum",
                "",
                "Rätt utdraget intygar",
                "Jonas Ek",
            ]
        },
        "dnr_mentions": sorted(
            {
                f"ÄN 2023/{int(v['s1'])}",
                f"ÄN 2024/{int(v['s2'])}",
                f"ÄN 2023/{int(v['s3'])}",
            }
        ),
    }


def uppfoljning_file(v: dict[str, str]) -> dict[str, Any]:
    """The auditors' follow-up a year later: one implemented, one not, one partly."""
    doc = Doc(
        "uppfoljning",
        "Uppföljande granskning av biståndshandläggningen",
        "2025-03-18",
        "ÄN 2025/31",
        new_page=False,
        blocks=[
            ("h1", "Uppföljande granskning"),
            ("h2", "Uppföljande granskning av biståndshandläggningen"),
            *_p(
                "2025-03-18",
                "Dnr ÄN 2025/031",
                "Revisionsbyrån Norrsken AB",
                f"Uppföljning av revisionsrapport nr 4/2023 (dnr ÄN 2023/{v['s1']}).",
            ),
            ("h2", "Sammanfattning"),
            *_p(
                "Vi har följt upp vilka åtgärder äldrenämnden har vidtagit med "
                "anledning av granskningen 2023. Bedömningen per rekommendation framgår "
                "av tabellen."
            ),
            (
                "table",
                [
                    ["Rekommendation", "Vidtagna åtgärder", "Bedömning"],
                    [
                        "Säkerställa att utredningar inom hemtjänst dokumenteras enligt "
                        "nämndens riktlinjer och att beslutsunderlagen är fullständiga",
                        "Ny utredningsmall infördes i april 2024 och akterna granskas "
                        "kvartalsvis.",
                        "Åtgärdad",
                    ],
                    [
                        "Säkerställa en systematisk uppföljning av fattade biståndsbeslut "
                        "minst en gång per år",
                        "Rutinen för årlig uppföljning är inte införd.",
                        "Ej åtgärdad",
                    ],
                    [
                        "Ta fram en plan för kompetensförsörjning av "
                        "biståndshandläggare",
                        "Plan finns i utkast men är inte beslutad.",
                        "Delvis åtgärdad",
                    ],
                ],
            ),
            *_p(
                "Revisionsbyrån Norrsken AB", "Sofia Lind, certifierad kommunal revisor"
            ),
        ],
    )
    return {
        "file": "granvik_an_uppfoljning_2025-03-18.pdf",
        "title": "Uppföljande granskning 2025",
        "layout": Layout(
            "Helvetica", 10, "Revisorerna i Granviks kommun", "{page} ({total})"
        ),
        "documents": [doc],
        "dnr_mentions": sorted({"ÄN 2025/31", f"ÄN 2023/{int(v['s1'])}"}),
    }
