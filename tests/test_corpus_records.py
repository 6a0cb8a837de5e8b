"""Meeting records, motions and follow-through read from the bundled corpus.

The expected rows are the facts written into corpus/texts.py (the fictional
Granviks kommun); these tests always run, with or without ../shared.
"""

from __future__ import annotations

from pathlib import Path

from conftest import rows

KS = "%granvik_ks_protokoll%"


def para(db: Path, number: int, table: str, columns: str) -> list[tuple[object, ...]]:
    """Return rows of ``table`` for the KS paragraph ``number``, in order."""
    return rows(
        db,
        f"select {columns} from {table} t join paragraphs p on "
        "p.id = t.paragraph_id join files f on f.sha256 = t.file_sha256 "
        "where p.number = ? and f.path like ? order by t.rowid",
        number,
        KS,
    )


def test_meeting_header_and_attendance(corpus_db: Path) -> None:
    """Front page: place and time, chair, secretary, justerare, anslag, members."""
    assert rows(
        corpus_db,
        "select body, date, time, place, chair, secretary, "
        "justerare, anslag_up, anslag_down from meetings m join files f on "
        "f.sha256 = m.file_sha256 where f.path like ?",
        KS,
    ) == [
        (
            "Kommunstyrelsen",
            "2024-04-02",
            "09.00–11.45",
            "Kommunhuset, Granvik",
            "Maria Lindqvist (S)",
            "Jonas Ek",
            "Per Holmberg (M)",
            "2024-04-08",
            "2024-04-30",
        )
    ]
    present = rows(
        corpus_db,
        "select name, party, role, substitutes_for from attendance a join files f "
        "on f.sha256 = a.file_sha256 where f.path like ? order by a.rowid",
        KS,
    )
    assert len(present) == 11
    assert present[0] == ("Maria Lindqvist", "S", "ordforande", None)
    assert ("Anna Berg", "C", "tjanstgorande_ersattare", "Björn Nyström") in present
    assert rows(
        corpus_db,
        "select name, paragraphs from attendance a join files f on "
        "f.sha256 = a.file_sha256 where paragraphs is not null and f.path like ?",
        KS,
    ) == [("Anna Berg", "§§ 41–45")]
    assert rows(
        corpus_db,
        "select name, title from officials o join files f on "
        "f.sha256 = o.file_sha256 where f.path like ? order by o.rowid",
        KS,
    ) == [
        ("Lena Ström", "kommundirektör"),
        ("Jonas Ek", "sekreterare"),
    ]


def test_postponement_and_referral_back(corpus_db: Path) -> None:
    """§ 42 bordläggning, § 43 återremiss; the administration's proposal is none."""
    assert para(corpus_db, 42, "proposals", "t.name, t.kind") == [
        ("Per Holmberg", "bordlaggning"),
        ("Maria Lindqvist", "other"),
    ]
    assert para(corpus_db, 42, "reservations", "t.name") == []
    assert rows(
        corpus_db, "select proposed, decision from paragraphs where number = 42"
    ) == [
        (
            "Kommunstyrelsen godkänner planförslaget för samråd.",
            "Ärendet bordläggs till sammanträdet den 7 maj 2024.",
        )
    ]
    assert para(corpus_db, 43, "proposals", "t.name, t.kind") == [
        ("Elin Dahl", "aterremiss"),
        ("Maria Lindqvist", "bifall"),
    ]


def test_prose_vote_and_written_reservation(corpus_db: Path) -> None:
    """§ 44: 7 JA-röster mot 4 NEJ-röster, named; three written reservations."""
    assert para(
        corpus_db, 44, "votes", "t.yes, t.no, t.result, t.counts_agree, t.source"
    ) == [(7, 4, "ja", 1, "prose")]
    named = rows(
        corpus_db,
        "select vr.vote, count(*) from vote_records vr join votes"
        " v on v.id = vr.vote_id join paragraphs p on p.id = v.paragraph_id "
        "where p.number = 44 group by vr.vote order by vr.vote",
    )
    assert named == [("ja", 7), ("nej", 4)]
    assert para(
        corpus_db, 44, "reservations", "t.name, t.party, t.written, t.own_proposal"
    ) == [
        ("Per Holmberg", "M", 1, 0),
        ("Karin Ljung", "M", 1, 0),
        ("Tomas Bergh", "SD", 1, 0),
    ]
    assert para(corpus_db, 44, "dispatches", "t.recipient") == [
        ("Samhällsbyggnadsförvaltningen",),
        ("Granviks Bostäder AB",),
    ]


def test_table_vote_over_a_page_break(corpus_db: Path) -> None:
    """§ 45: the ruled table runs onto the next page and is read as one vote."""
    assert para(
        corpus_db, 45, "votes", "t.yes, t.no, t.abstain, t.counts_agree, t.source"
    ) == [(6, 3, 1, 1, "table")]
    assert rows(
        corpus_db,
        "select vr.name, vr.vote from vote_records vr join votes v"
        " on v.id = vr.vote_id join paragraphs p on p.id = v.paragraph_id "
        "where p.number = 45 and vr.vote != 'ja' order by vr.rowid",
    ) == [
        ("Elin Dahl", "avstar"),
        ("Per Holmberg", "nej"),
        ("Karin Ljung", "nej"),
        ("Ulla Fors", "nej"),
    ]
    assert para(corpus_db, 45, "declarations", "t.name, t.kind") == [
        ("Tomas Bergh", "jav"),
        ("Ulla Fors", "protokollsanteckning"),
    ]
    assert para(corpus_db, 45, "reservations", "t.name, t.own_proposal") == [
        ("Karin Ljung", 1)
    ]
    assert para(corpus_db, 45, "proposals", "t.name, t.kind") == [
        ("Erik Sund", "bifall"),
        ("Karin Ljung", "andring"),
    ]


def test_paragraph_at_top_of_page_proposes_to_the_council(corpus_db: Path) -> None:
    """§ 47 opens page 5 and proposes, not decides."""
    assert rows(
        corpus_db,
        "select page, dnr, decision, decision_kind from paragraphs where number = 47",
    ) == [(5, "KS 2022/140", "Motionen anses besvarad.", "forslag")]


def test_table_of_contents_is_cross_checked(corpus_db: Path) -> None:
    """The council extract lists § 66, which the extract itself does not hold."""
    assert rows(
        corpus_db,
        "select p.number, p.found_in from paragraphs p join "
        "files f on f.sha256 = p.file_sha256 where f.path like "
        "'%kf_protokoll%' order by p.number",
    ) == [
        (61, "body+toc"),
        (62, "body+toc"),
        (63, "body+toc"),
        (64, "body+toc"),
        (65, "body+toc"),
        (66, "toc"),
    ]


def test_agenda_items_link_to_paragraphs(corpus_db: Path) -> None:
    """The KS agenda's seven items meet §§ 41–47: by dnr, else by title."""
    links = rows(
        corpus_db,
        "select item, paragraph, matched_by from agenda_paragraphs order by item",
    )
    assert links == [
        (1, 41, "title"),
        (2, 42, "dnr"),
        (3, 43, "dnr"),
        (4, 44, "dnr"),
        (5, 45, "dnr"),
        (6, 46, "title"),
        (7, 47, "dnr"),
    ]


def test_motions_and_their_fate(corpus_db: Path) -> None:
    """Bifall, avslag and one pending for more than a year, with att-satser."""
    assert rows(
        corpus_db,
        "select m.title, m.party, m.outcome, m.decided_on, "
        "(select count(*) from motion_clauses c where c.motion_id = m.id), "
        "(select count(*) from motion_signatories s where s.motion_id = m.id)"
        " from motions m order by m.date",
    ) == [
        ("Motion om fler laddstolpar", "MP", "pending", None, 1, 1),
        (
            "Motion om gratis simundervisning för alla barn",
            "V",
            "bifallen",
            "2024-06-17",
            1,
            1,
        ),
        ("Motion om trygghetsvärdar i centrum", "M", "avslagen", "2024-06-17", 5, 4),
    ]
    assert rows(corpus_db, "select title from motions_overdue") == [
        ("Motion om fler laddstolpar",)
    ]
    assert rows(
        corpus_db,
        "select asker, party, (select count(*) from "
        "interpellation_questions q where q.interpellation_id = i.id) from "
        "interpellations i",
    ) == [("Karin Ljung", "M", 2)]


def test_recommendations_tracked_to_closure(corpus_db: Path) -> None:
    """Three recommendations printed twice: answered (two), skipped, followed up."""
    assert rows(
        corpus_db,
        "select number, auditee, mentions, due, status, "
        "status_date from recommendations order by number",
    ) == [
        (1, "Äldrenämnden", 2, "2024-04-30", "implemented", "2025-03-18"),
        (2, "Äldrenämnden", 2, "2024-04-30", "not_implemented", "2025-03-18"),
        (3, "Äldrenämnden", 2, "2024-04-30", "partially_implemented", "2025-03-18"),
    ]
    events = rows(
        corpus_db,
        "select r.number, e.source, e.status, e.date from "
        "recommendation_events e join recommendations r on "
        "r.id = e.recommendation_id order by r.number, e.seq",
    )
    assert events == [
        (1, "answer", "responded", "2024-02-20"),
        (1, "followup", "implemented", "2025-03-18"),
        (2, "answer", "responded", "2024-02-20"),
        (2, "followup", "not_implemented", "2025-03-18"),
        (3, "deadline", "overdue", "2024-04-30"),
        (3, "followup", "partially_implemented", "2025-03-18"),
    ]
    assert rows(corpus_db, "select answer from audit_questions order by number") == [
        ("ja",),
        ("delvis",),
        ("nej",),
        ("delvis",),
    ]


def test_commissions_with_deadlines(corpus_db: Path) -> None:
    """A proposed and a decided uppdrag, both past their deadline unreported."""
    assert rows(
        corpus_db, "select assignee, due, stage, status from commissions order by due"
    ) == [
        ("samhällsbyggnadsförvaltningen", "2024-09-30", "beslut", "overdue"),
        ("vård- och omsorgsförvaltningen", "2024-11-30", "forslag", "overdue"),
    ]
