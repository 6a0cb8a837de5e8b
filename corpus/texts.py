"""The texts of the Granvik sample corpus, as data (see make_corpus.py).

Granviks kommun is fictional; every name, number and sentence here was
written for diarium. ``FILES(n)`` returns the file specs; ``n > 0`` varies
names, case serials and amounts for bulk benchmark copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Block = tuple[str, Any]


@dataclass(frozen=True)
class Layout:
    """Page look of one file."""

    font: str
    size: float
    header: str | None
    running: str
    footer: str | None = None
    page_footer: bool = False


@dataclass
class Doc:
    """One logical document and its truth for the manifest."""

    kind: str
    title: str
    date: str | None
    dnr: str | None
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = True


def _p(*texts: str) -> list[Block]:
    """Return body paragraphs."""
    return [("body", t) for t in texts]


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


KS_MEMBERS = [
    ("Maria Lindqvist", "S"),
    ("Erik Sund", "S"),
    ("Sara Nilsson", "S"),
    ("Elin Dahl", "V"),
    ("Ahmed Hassan", "S"),
    ("Anna Berg", "C"),
    ("Olof Ek", "MP"),
    ("Per Holmberg", "M"),
    ("Karin Ljung", "M"),
    ("Tomas Bergh", "SD"),
    ("Ulla Fors", "L"),
]


def _named(people: list[tuple[str, str]]) -> str:
    """Return "A (S), B (M) och C (V)"."""
    names = [f"{n} ({p})" for n, p in people]
    return ", ".join(names[:-1]) + " och " + names[-1] if len(names) > 1 else names[0]


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


_CHAIRS = ["Birgitta Holm", "Karl Andersson", "Eva Lindgren", "Omar Said"]
_OFFICERS = ["Karin Sjöberg", "Henrik Ekman", "Lisa Berglund", "Nils Qvist"]
_MP = ["Oskar Lund", "Ida Fredriksson", "Jon Hall", "Mira Ek"]


def variation(n: int) -> dict[str, str]:
    """Return the varied names and serials of copy ``n`` (0 = the corpus)."""

    def serial(base: int, width: int) -> str:
        return str(base + n * 7).zfill(width)

    return {
        "chair": _CHAIRS[n % 4],
        "officer": _OFFICERS[n % 4],
        "mp": _MP[n % 4],
        "s1": serial(118, 3),
        "s2": serial(22, 3),
        "s3": serial(131, 3),
        "k1": serial(214, 3),
        "k2": serial(19, 2),
        "k3": serial(57, 2),
        "k4": serial(61, 2),
        "k5": serial(70, 2),
        "k6": serial(140, 3),
        "m1": serial(31, 2),
        "m2": serial(88, 2),
    }


def FILES(n: int) -> list[dict[str, Any]]:  # noqa: N802 - a constant-like table
    """Return the specs of every corpus file for copy ``n``."""
    v = variation(n)
    return [
        kallelse_file(v),
        ks_kallelse_file(v),
        ks_protokoll_file(v),
        motioner_file(v),
        kf_protokoll_file(v),
        uppfoljning_file(v),
    ]
