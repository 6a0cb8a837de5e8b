"""The papers lexicon: every entry's example is read as the entry says.

Covers ``parties``, ``bodies``, ``firms``, ``dnr``, ``papers``, ``audit``,
``commissions``, ``motions``, ``outcomes`` and ``proposal_heads`` in
``extractors/lexicon``, and shows that a new phrasing is a data change: a
copy of a lexicon with one more entry, passed to the code, is enough.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from conftest import lexicon_tables

from extractors.core.tables import Source
from extractors.kinds import interpellation, motion, tjansteskrivelse, yttrande
from extractors.lang.bodies import find_body
from extractors.lang.dnr import find_dnrs
from extractors.lang.parties import PARTIES, normalise_party
from extractors.lang.recipients import generic_number
from extractors.lexicon import load
from extractors.parts import audit
from extractors.parts.audit_bodies import audited_bodies, audited_by
from extractors.parts.audit_phrases import compile_lexicon
from extractors.parts.audit_summaries import given_to
from extractors.parts.commissions import commissions
from extractors.parts.signatures import addressee, signatories
from pipeline.analysis.commission_tracking import commission_status
from pipeline.analysis.motions import (
    clause_outcomes,
    decision_outcome,
    interpellation_answers,
    match_score,
)
from pipeline.analysis.tracking import answer_stance

FILES = (
    "parties",
    "bodies",
    "firms",
    "dnr",
    "papers",
    "audit",
    "commissions",
    "motions",
    "outcomes",
    "proposal_heads",
)
BULLET = "• Säkerställa att rutinerna följs."


def _params(name: str, key: str) -> list[Any]:
    """Return one pytest param per ``[[key]]`` entry of ``name``, named by it."""
    return [
        pytest.param(e, id=str(e.get("text") or e.get("name") or e.get("code")))
        for e in load(name)[key]
    ]


def _only(name: str, key: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of lexicon ``name`` whose ``[[key]]`` list is just ``entry``."""
    lexicon = copy.deepcopy(load(name))
    lexicon[key] = [entry]
    return lexicon


@pytest.mark.parametrize("name", FILES)
def test_every_entry_has_an_example(name: str) -> None:
    """Each table and ``[[...]]`` entry carries a non-empty example line."""
    missing = [
        key
        for key, entry in lexicon_tables(load(name))
        if not str(entry.get("example", "")).strip()
    ]
    assert missing == []


def test_no_phrase_is_listed_twice() -> None:
    """Within each list, a phrase (or name, or code) appears once."""
    twice = []
    for name in FILES:
        for key, value in load(name).items():
            if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                texts = [
                    str(e.get("text") or e.get("name") or e["code"]) for e in value
                ]
                twice += [
                    f"{name}.{key}: {t}" for t in set(texts) if texts.count(t) > 1
                ]
    assert twice == []


# --- parties.toml, bodies.toml, firms.toml, dnr.toml -----------------------


@pytest.mark.parametrize("entry", _params("parties", "party"))
def test_party_example_and_aliases(entry: dict[str, Any]) -> None:
    """The code in the example, every alias and former code read as the code."""
    printed = re.findall(r"\(([^)]+)\)", entry["example"])
    assert entry["code"] in [normalise_party(p) for p in printed]
    spellings = [*entry.get("aliases", ()), *entry.get("former", ())]
    assert [normalise_party(s) for s in spellings] == [entry["code"]] * len(spellings)
    assert PARTIES[entry["code"]] == entry["name"]


@pytest.mark.parametrize("entry", _params("bodies", "body"))
def test_body_example_and_forms(entry: dict[str, Any]) -> None:
    """``find_body(example)`` and each form give the canonical name."""
    assert find_body(entry["example"]) == entry["name"]
    assert [find_body(f) for f in entry.get("forms", ())] == [entry["name"]] * len(
        entry.get("forms", ())
    )


def test_committee_and_recipient_examples() -> None:
    """Any committee is read in the definite form; recipients split per body."""
    bodies = load("bodies")
    assert find_body(bodies["committee"]["example"]) == "Tekniska nämnden"
    assert find_body("Kultur- och fritidsnämnd") == "Kultur- och fritidsnämnden"
    found = audit.recommendations([(1, bodies["recipients"]["example"])])
    assert [r["auditee"] for r in found] == ["Utbildningsnämnden", "Grundskolenämnden"]
    example = bodies["generic_recipients"]["example"]
    assert generic_number(example.split(" rekommenderas")[0]) == "plural"


@pytest.mark.parametrize("entry", _params("firms", "firm"))
def test_firm_example(entry: dict[str, Any]) -> None:
    """``firm_of(example)`` is the firm."""
    assert audit.firm_of(entry["example"]) == entry["name"]


@pytest.mark.parametrize("entry", _params("dnr", "label"))
def test_dnr_label_example(entry: dict[str, Any]) -> None:
    """The example's case number is read with its label."""
    found = find_dnrs(entry["example"])
    assert [d.raw.startswith(entry["text"]) for d in found] == [True]


@pytest.mark.parametrize("entry", _params("dnr", "not_prefix"))
def test_not_prefix_example(entry: dict[str, Any]) -> None:
    """The example names the prefix, and no case number is read with it."""
    assert re.search(rf"(?<!\w){re.escape(entry['text'])}(?!\w)", entry["example"])
    assert [d.prefix for d in find_dnrs(entry["example"])] == []


def test_not_prefix_is_what_keeps_a_law_out() -> None:
    """Without "EU" on the list, "EU 2016/679" would be read as a case number."""
    example = next(e for e in load("dnr")["not_prefix"] if e["text"] == "EU")
    lexicon = copy.deepcopy(load("dnr"))
    lexicon["not_prefix"] = [e for e in lexicon["not_prefix"] if e["text"] != "EU"]
    assert [d.key for d in find_dnrs(example["example"], lexicon)] == ["EU 2016/679"]


# --- papers.toml -----------------------------------------------------------


def test_addressee_examples() -> None:
    """A paper's "Till …" line names its addressee; a cover letter's its auditee."""
    to, cover = load("papers")["addressee"]
    assert addressee([to["example"]]) == "Göteborgs kommunfullmäktige"
    assert addressee([cover["example"]]) is None
    rows = audit.extract(Source(lines=[(1, cover["example"])]))
    assert rows["audit_reports"][0]["auditee"] == "Kommunstyrelsen"


def test_signed_for_and_names_examples() -> None:
    """ "För Centerpartiet" and a list of names: members of party C."""
    papers = load("papers")
    lines = [(1, papers["signed_for"]["example"]), (1, papers["names"]["example"])]
    assert signatories(lines) == [
        {"name": "Per Holmberg", "party": "C"},
        {"name": "Karin Ljung", "party": "C"},
        {"name": "Stefan Öberg", "party": "C"},
    ]


# --- audit.toml ------------------------------------------------------------

#: The body each lead-in example gives its recommendations to.
LEAD_IN_AUDITEES = {
    "följande rekommendation(er) [lämnas] [till {body}]:": "Nämnden",
    "lämnar … följande rekommendation(er) [till {body}]": None,
}


@pytest.mark.parametrize("entry", _params("audit", "lead_in"))
def test_lead_in_example(entry: dict[str, Any]) -> None:
    """The lead-in alone opens a list: the bullet after its example is found."""
    lexicon = _only("audit", "lead_in", entry)
    found = audit.recommendations([(1, entry["example"]), (1, BULLET)], lexicon)
    assert found == [
        {
            "text": "Säkerställa att rutinerna följs.",
            "page": 1,
            "auditee": LEAD_IN_AUDITEES[entry["text"]],
            "assessment": None,
        }
    ]


def test_lead_in_plural_example() -> None:
    """A lead-in in the plural opens a list; in the singular, one sentence."""
    example = load("audit")["lead_in_plural"]["example"]
    points = [(1, BULLET), (1, "• Följa upp avtalen.")]
    assert len(audit.recommendations([(1, example), *points])) == 2
    singular = "Vi lämnar följande rekommendation:"
    prose = [(1, "Nämnden bör följa upp avtalen."), (1, "Nämnden bör se över taxan.")]
    assert [r["text"] for r in audit.recommendations([(1, singular), *prose])] == [
        "Nämnden bör följa upp avtalen."
    ]


#: (recipient, text) of what each clause example recommends.
RECOMMENDS = {
    "{auditors} rekommenderar [{adverb}] {recipients} [{adverb}] att": [
        ("Socialnämnden Nordost", "att se över rutinerna.")
    ],
    "rekommenderar {auditors} [{adverb}] {recipients} [{adverb}] att": [
        ("Äldreomsorgsnämnden", "Säkerställa att rutinerna följs.")
    ],
    "{auditors} vill [{adverb}] rekommendera {recipients} [{adverb}] att": [
        ("Kommunstyrelsen", "att se över delegationsordningen.")
    ],
    "{recipients} rekommenderas [{adverb}] att": [
        ("Grundskolenämnden", "att ta fram en plan."),
        ("Förskolenämnden", "att ta fram en plan."),
    ],
    "rekommenderas [{adverb}] {recipients} [{adverb}] att": [
        ("Kommunstyrelsen", "Säkerställa att rutinerna följs.")
    ],
    "rekommendation(en|erna) till {recipients} [är] att": [
        ("Äldreomsorgsnämnden", "Säkerställa att rutinerna följs.")
    ],
}


@pytest.mark.parametrize("entry", _params("audit", "recommends"))
def test_recommends_example(entry: dict[str, Any]) -> None:
    """Each clause alone finds its example: a sentence, or a list after "att:"."""
    lexicon = _only("audit", "recommends", entry)
    found = audit.recommendations([(1, entry["example"]), (1, BULLET)], lexicon)
    assert [(r["auditee"], r["text"]) for r in found] == RECOMMENDS[entry["text"]]


def test_auditors_adverbs_and_recommends_that_examples() -> None:
    """Each auditors' word or ending, and each adverb, may stand in a clause."""
    data = load("audit")
    names = [*data["auditors"]["words"], *data["auditors"]["endings"]]
    for word in names + [f"Lekmanna{data['auditors']['endings'][0]}"]:
        line = f"{word} rekommenderar kommunstyrelsen att:"
        assert audit.recommendations([(1, line), (1, BULLET)])[0]["auditee"] == (
            "Kommunstyrelsen"
        )
    for word in data["adverbs"]["words"]:
        line = f"Vi rekommenderar {word} kommunstyrelsen att:"
        assert audit.recommendations([(1, line), (1, BULLET)])[0]["auditee"] == (
            "Kommunstyrelsen"
        ), word
    example = data["recommends_that"][0]["example"]
    assert [
        (r["auditee"], r["text"]) for r in audit.recommendations([(2, example)])
    ] == [("Kommunstyrelsen", "säkerställer att riktlinjerna följs.")]


#: The bodies each audited-phrase example names.
AUDITED = {
    "granskningen omfattar": [
        "Nämnden för funktionsstöd",
        "Äldre samt vård- och omsorgsnämnden",
    ],
    "granskningen [har] omfattade|omfattat": [
        "Kommunstyrelsen",
        "Nämnden för Intraservice",
        "Socialnämnden Nordost",
        "Stadsbyggnadsnämnden",
    ],
    "i granskningen ingår": [
        "Kommunstyrelsen",
        "Kretslopp och vattennämnden",
        "Byggnadsnämnden",
    ],
    "de granskade nämnderna är": ["Socialnämnden", "Äldrenämnden"],
    "granskat [om]": ["Utbildningsnämnden", "Grundskolenämnden"],
    "bedöma|bedömt om": ["Äldreomsorgsnämnden"],
}


@pytest.mark.parametrize("entry", _params("audit", "audited"))
def test_audited_example(entry: dict[str, Any]) -> None:
    """The bodies an audit covers, read after each phrase of its example."""
    found = audited_bodies(entry["example"], _only("audit", "audited", entry))
    assert found is not None
    assert found[1] == AUDITED[entry["text"]]


def test_report_number_example() -> None:
    """The number and year of the report."""
    entry = load("audit")["report_number"]
    m = compile_lexicon(load("audit")).report_number.search(entry["example"])
    assert m is not None
    assert m.groups() == ("7", "2017")


#: The deadline each reply-due example states.
DUE_DATES = {
    "svar emottas": "2018-01-31",
    "svar önskas": "2024-04-30",
    "yttrande* senast": "2024-03-15",
    "yttrande* {near}senast": "2025-05-31",
    "senast den": "2024-04-30",
    "skicka yttrandet{within}senast": "2024-06-21",
    "önskar svar": "2024-03-31",
    "emotser svar": "2024-04-15",
    "svar ska lämnas": "2025-02-28",
}


@pytest.mark.parametrize("entry", _params("audit", "reply_due"))
def test_reply_due_example(entry: dict[str, Any]) -> None:
    """The phrase alone finds the example's deadline."""
    lexicon = _only("audit", "reply_due", entry)
    assert audit.reply_due(entry["example"], lexicon) == DUE_DATES[entry["text"]]


def test_due_date_example() -> None:
    """ "den" before the date is skipped."""
    example = load("audit")["due_date"]["example"]
    assert audit.reply_due(example) == "2024-04-30"


def test_questions_example_and_every_start_and_answer() -> None:
    """Under the header, each question start opens a question with its answer."""
    data = load("audit")["questions"]
    starts, answers = data["question_starts"], data["answers"]
    lines = [(1, data["example"])]
    for i, start in enumerate(starts):
        lines += [(1, f"{start} nämnden en rutin?"), (1, f"{answers[i % 3]}. Ja.")]
    found = audit.text_questions(lines)
    assert [q["question"].split()[0] for q in found] == starts
    assert [q["answer"] for q in found] == [answers[i % 3] for i in range(len(starts))]


def test_followup_table_and_assessment_examples() -> None:
    """A follow-up table's rows with their assessments, most specific first."""
    data = load("audit")
    header = data["followup_table"]["example"].split(" ", 1)
    rows = [["1. Ta fram en plan", e["example"]] for e in data["assessment"]]
    found = audit.followups({4: [[header, *rows]]})
    assert [(r["text"], r["assessment"]) for r in found] == [
        ("Ta fram en plan", e["status"]) for e in data["assessment"]
    ]


# --- commissions.toml ------------------------------------------------------

#: (assignee, due) of each commission example.
COMMISSIONS = {
    "ger|ge {who} [i] uppdrag(et) att {what}": ("socialkontoret", "2016-02"),
    "{Who} ges|får [i] uppdrag(et) att {what}": ("Stadsbyggnadsnämnden", None),
    "uppdrar|uppdra [åt] {who} att {what}": ("stadsledningskontoret", "2024-06"),
    "{Who} uppdras att {what}": ("EY", None),
    "{Who} ska|skall återrapportera {what}": ("Förvaltningen", "2025-04-30"),
    "vidare|därutöver|därtill|dessutom|även|också|slutligen ges|får {who} [i] "
    "uppdrag(et) att {what}": ("kommundirektören", "2025-03-31"),
    "uppdrag(et) ges|lämnas [till] {who} att {what}": ("kommundirektören", None),
}


@pytest.mark.parametrize("entry", _params("commissions", "commission"))
def test_commission_example(entry: dict[str, Any]) -> None:
    """The phrasing alone finds the commission in its example."""
    lexicon = _only("commissions", "commission", entry)
    found = commissions(entry["example"], 2, "beslut", lexicon)
    assert [(c["assignee"], c["due"]) for c in found] == [COMMISSIONS[entry["text"]]]


#: (due, due_text) of each deadline example, in a paper dated 2025-01-20.
DEADLINES = {
    "senast [den|i|under] {when}": ("2024-09-30", "senast den 30 september 2024"),
    "senast|till|vid [till|vid] [nämndens|styrelsens] sammanträde(t) [i] {when}": (
        "2025-05",
        "till sammanträdet i maj",
    ),
    "till nämnden|styrelsen|kommunstyrelsen|fullmäktige|kommunfullmäktige i {when}": (
        "2025-05",
        "till nämnden i maj 2025",
    ),
    "under [den|det] {when}": (None, "under hösten 2025"),
    "{quarter}": ("2026-03", "första kvartalet 2026"),
    "[senast] i samband med {event}": (None, "i samband med delårsrapporten"),
}


@pytest.mark.parametrize("entry", _params("commissions", "deadline"))
def test_deadline_example(entry: dict[str, Any]) -> None:
    """The deadline phrasing alone finds the deadline in its example."""
    lexicon = _only("commissions", "deadline", entry)
    found = commissions(entry["example"], 4, "beslut", lexicon, date="2025-01-20")
    assert [(c["due"], c["due_text"]) for c in found] == [DEADLINES[entry["text"]]]


def test_deadline_words_and_assignee_examples() -> None:
    """The first deadline of a task counts; a referral "till X som" names X."""
    data = load("commissions")
    due = commissions(data["deadline_words"]["example"], 4, "beslut")
    assert [(c["assignee"], c["due"], c["due_text"]) for c in due] == [
        ("Förvaltningen", "2026-03", "under första kvartalet 2026")
    ]
    referral = commissions(data["assignee"]["example"], 1, "beslut")
    assert [c["assignee"] for c in referral] == ["stadsledningskontoret"]


@pytest.mark.parametrize("entry", _params("commissions", "report_title"))
def test_report_title_example(entry: dict[str, Any]) -> None:
    """A later paper so titled, on the same case, reports the commission done."""
    commission = {"id": "c", "dnr": "KS 2024/1", "text": "x", "due": None}
    later = {
        "title": entry["example"],
        "dnr": "KS 2024/1",
        "date": "2024-10-01",
        "document_id": "d",
        "page": 2,
    }
    status = commission_status(commission, [later], [], "2025-01-01")
    assert status[:2] == ("reported", "2024-10-01")


# --- outcomes.toml ---------------------------------------------------------


@pytest.mark.parametrize("entry", _params("outcomes", "motion_outcome"))
def test_motion_outcome_example(entry: dict[str, Any]) -> None:
    """``decision_outcome(example)`` is the entry's outcome."""
    assert decision_outcome(entry["example"]) == entry["outcome"]


def test_postponed_example() -> None:
    """A postponement decides nothing."""
    assert decision_outcome(load("outcomes")["postponed"]["example"]) is None


@pytest.mark.parametrize("entry", _params("outcomes", "answer_rejects"))
def test_answer_rejects_example(entry: dict[str, Any]) -> None:
    """The answer declines the recommendation."""
    assert answer_stance(entry["example"]) == ("not_implemented", 0)


@pytest.mark.parametrize("entry", _params("outcomes", "answer_agrees"))
def test_answer_agrees_example(entry: dict[str, Any]) -> None:
    """The answer takes the recommendation on."""
    assert answer_stance(entry["example"]) == ("responded", 1)


# --- motions.toml and proposal_heads.toml ----------------------------------


def _motion_clauses(lines: list[str]) -> list[str]:
    """Return the clause texts ``motion.extract`` finds in ``lines``."""
    rows = motion.extract(Source(lines=[(1, t) for t in lines]))
    return [c["text"] for c in rows["motion_clauses"]]


def test_att_sats_example() -> None:
    """A capitalised att-sats is a clause without a heading before it."""
    example = load("motions")["att_sats"]["example"]
    assert _motion_clauses([example]) == [
        "att kommunfullmäktige ger kommunstyrelsen i uppdrag att inrätta en enhet för"
    ]


@pytest.mark.parametrize("entry", _params("proposal_heads", "motion_head"))
def test_motion_head_example(entry: dict[str, Any]) -> None:
    """The head alone matches its example."""
    lexicon = _only("proposal_heads", "motion_head", entry)
    assert motion.proposal_head(lexicon).match(entry["example"]) is not None


def test_council_example_carries_the_first_proposal() -> None:
    """ "… i kommunfullmäktige: X" makes X the first proposal."""
    example = load("proposal_heads")["council"]["example"]
    assert _motion_clauses([example, "2. Inköpen ska analyseras årligen."]) == [
        "Kommunstyrelsen och inköps- och",
        "Inköpen ska analyseras årligen.",
    ]


@pytest.mark.parametrize("entry", _params("proposal_heads", "officer_head"))
def test_officer_head_example(entry: dict[str, Any]) -> None:
    """The heading opens the proposed decision, whose commission is kept."""
    point = "1. Nämnden ger förvaltningen i uppdrag att återkomma senast 2024-05-31."
    source = Source(lines=[(1, entry["example"]), (1, point)])
    found = tjansteskrivelse.extract(source)["commissions"]
    assert [(c["assignee"], c["due"], c["stage"]) for c in found] == [
        ("förvaltningen", "2024-05-31", "forslag")
    ]


def test_clause_example() -> None:
    """Outcomes decided per att-sats."""
    example = load("motions")["clause"]["example"]
    assert clause_outcomes(example) == {1: "bifallen", 2: "avslagen", 3: "besvarad"}


def test_motion_title_and_generic_words_examples() -> None:
    """A title naming a motion is a candidate; shared generic words count nothing."""
    data = load("motions")
    paragraph = {"title": data["motion_title"]["example"], "dnr": None}
    fitting = {"title": "Motion om fler cykelbanor", "dnr": None}
    assert match_score(fitting, paragraph) == 0.9
    generic = {"title": data["generic_words"]["example"], "dnr": None}
    other = {"title": "Motion om bättre skolgårdar i kommunen", "dnr": None}
    assert match_score(other, generic) == 0.0


@pytest.mark.parametrize("entry", _params("motions", "answer_title"))
def test_answer_title_example(entry: dict[str, Any]) -> None:
    """An interpellation answer is linked; a motion answer labels a yttrande."""
    if entry["answers"] == "interpellation":
        subject = re.sub(r"^.*?svar på (enkel )?\S+ ", "", entry["example"], flags=re.I)
        asked = {"id": "i", "title": f"Interpellation {subject}"}
        answer = {"id": "p", "title": entry["example"], "date": "2024-06-17"}
        assert interpellation_answers([asked], [answer]) == [("i", "p", "2024-06-17")]
    assert (entry["text"] in yttrande.SPEC.labels) is bool(entry.get("yttrande_label"))


def test_interpellation_title_and_question_examples() -> None:
    """The kind word is left out of a title; "fråga" makes a question."""
    data = load("motions")
    asked = {"id": "i", "title": data["interpellation_title"]["example"]}
    answer = {"id": "p", "title": "Svar på väntetider i hemtjänsten", "date": None}
    assert interpellation_answers([asked], [answer]) == []
    rows = interpellation.extract(Source(lines=[(1, data["question"]["example"])]))
    assert rows["interpellations"][0]["kind"] == "fråga"


# --- a new phrasing is a data change ---------------------------------------


def test_new_commission_phrasing_as_data() -> None:
    """One more ``[[commission]]`` entry makes a new sentence a commission."""
    sentence = (
        "Kommunstyrelsen anmodas att återkomma med en redovisning senast 2025-06-30."
    )
    assert commissions(sentence, 1, "beslut") == []
    lexicon = copy.deepcopy(load("commissions"))
    lexicon["commission"].append(
        {"text": "{Who} anmodas att {what}", "example": sentence}
    )
    found = commissions(sentence, 1, "beslut", lexicon)
    assert [(c["assignee"], c["text"], c["due"]) for c in found] == [
        (
            "Kommunstyrelsen",
            "att återkomma med en redovisning senast 2025-06-30",
            "2025-06-30",
        )
    ]
    assert commissions(sentence, 1, "beslut") == []  # the shipped lexicon is untouched


def test_new_lead_in_and_party_alias_as_data() -> None:
    """A new lead-in and a new party spelling, each one entry in a copy."""
    lines = [(1, "Revisorerna vill ge följande råd till nämnden:"), (1, BULLET)]
    assert audit.recommendations(lines) == []
    lexicon = copy.deepcopy(load("audit"))
    lexicon["lead_in"].append(
        {"text": "ge följande råd [till {body}]:", "example": lines[0][1]}
    )
    found = audit.recommendations(lines, lexicon)
    assert [(r["text"], r["auditee"]) for r in found] == [
        ("Säkerställa att rutinerna följs.", "Nämnden")
    ]
    parties = copy.deepcopy(load("parties"))
    liberals = next(p for p in parties["party"] if p["code"] == "L")
    liberals["aliases"].append("Lib")
    assert (normalise_party("Lib"), normalise_party("Lib", parties)) == ("LIB", "L")


#: The bodies each [[audited_by]] example names.
AUDITED_BY = {
    "lekmannarevisor* för|i": [
        "Bostadsaktiebolaget Poseidon",
        "Familjebostäder i Göteborg Aktiebolag",
        "Gårdstensbostäder AB",
    ],
}


@pytest.mark.parametrize("entry", _params("audit", "audited_by"))
def test_audited_by_example(entry: dict[str, Any]) -> None:
    """The bodies whose lay auditors sign, read after each phrase."""
    found = audited_by(entry["example"], _only("audit", "audited_by", entry))
    assert found == AUDITED_BY[entry["text"]]


@pytest.mark.parametrize(
    ("key", "entry"),
    [
        (key, e)
        for key in ("summary_end", "summary_start", "summary_marker")
        for e in load("audit")[key]
    ],
)
def test_summary_phrase_examples(key: str, entry: dict[str, Any]) -> None:
    """Each phrase marking a summary's sections is found in its own example."""
    lexicon = _only("audit", key, entry)
    pattern = getattr(compile_lexicon(lexicon), key)
    assert pattern.search(entry["example"])
    assert not pattern.search("Vi bedömer att nämnden behöver stärka arbetet.")


#: The bodies each [[given_to]] example names.
GIVEN_TO = {
    "rekommendation* lämna* till": [
        "Exploateringsnämnden",
        "Stadsbyggnadsnämnden",
        "Kommunstyrelsen",
    ],
    "kritik* [riktas|riktades] mot|till": ["Grundskolenämnden"],
    "revisionsredogörelse(n|rna) för": ["Inköps- och upphandlingsnämnden"],
    "granskningsredogörelse(n|rna) för": ["Förvaltnings AB Framtiden"],
}


@pytest.mark.parametrize("entry", _params("audit", "given_to"))
def test_given_to_example(entry: dict[str, Any]) -> None:
    """The bodies a summary section's recommendations or criticism went to."""
    lexicon = _only("audit", "given_to", entry)
    assert given_to(entry["example"], lexicon) == GIVEN_TO[entry["text"]]
