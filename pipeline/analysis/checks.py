"""Records that check themselves: contradictions between loaded rows, as flags.

Each rule is a pure function over plain rows that returns :class:`Flag`s; a
flag names the record, the rule and what disagrees. Nothing is corrected: the
flags are stored in ``checks`` for a person to look at, and counted in the
ingest summary.

Rules:

- ``vote_count_mismatch``: a vote's printed count of a side differs from the
  number of members named on that side (when members are named).
- ``vote_exceeds_present``: ja + nej + avstår is more than the members and
  substitutes listed as present (when the attendance list is known).
- ``voter_not_present``: a member named in a vote is not in the attendance
  list (when it is known); ``voted_twice``: a member is named twice in one
  vote.
- ``reservation_not_present``: a member who reserved is not in the attendance
  list (when it is known).
- ``reservation_by_winner``: a member reserved, but the chair found that this
  member's own proposal won, or the member is named on the winning side of the
  paragraph's last vote.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from extractors.lang.text import fold
from extractors.lexicon import load
from pipeline.store.connect import ANY_OF, any_of
from pipeline.store.db import Store

from .places import Scope

#: The sides of a vote: the ``votes`` column and the ``vote_records`` value.
SIDES = (("yes", "ja"), ("no", "nej"), ("abstain", "avstar"))

#: Attendance roles that never vote (officials); every other role may.
NOT_VOTING = ("tjansteperson",)

Row = dict[str, Any]


@dataclass(frozen=True)
class Flag:
    """One disagreement found between records."""

    table: str
    """The table of the record that disagrees."""
    record_id: str
    """Its id."""
    rule: str
    """The rule that found it (see the module docstring)."""
    detail: str
    """What disagrees, in words and numbers."""
    file_sha256: str | None
    """The file the record comes from."""
    page: int | None
    """The page of the record."""


def vote_count_flags(votes: Iterable[Row], records: Iterable[Row]) -> list[Flag]:
    """Flag votes whose printed counts differ from the members named per side."""
    named: dict[str, Counter[str]] = {}
    for record in records:
        named.setdefault(record["vote_id"], Counter())[record["vote"]] += 1
    flags = []
    for vote in votes:
        sides = named.get(vote["id"])
        if not sides:
            continue
        wrong = [
            f"{word} {vote[column]} counted, {sides[word]} named"
            for column, word in SIDES
            if (vote[column] or 0) != sides[word]
            and not (vote[column] is None and not sides[word])
        ]
        if wrong:
            flags.append(_flag("votes", vote, "vote_count_mismatch", "; ".join(wrong)))
    return flags


def vote_present_flags(
    votes: Iterable[Row], meeting_of: dict[str, str], present: dict[str, list[Row]]
) -> list[Flag]:
    """Flag votes with more votes cast than voting members present."""
    flags = []
    for vote in votes:
        people = _voters(present.get(meeting_of.get(vote["paragraph_id"], ""), []))
        cast = sum(vote[column] or 0 for column, _ in SIDES)
        if people and cast > len(people):
            detail = f"{cast} votes cast, {len(people)} members present"
            flags.append(_flag("votes", vote, "vote_exceeds_present", detail))
    return flags


def voter_flags(
    votes: Iterable[Row],
    records: Iterable[Row],
    meeting_of: dict[str, str],
    present: dict[str, list[Row]],
) -> list[Flag]:
    """Flag members named in a vote who are absent, or named twice in it."""
    by_id = {v["id"]: v for v in votes}
    seen: set[tuple[str, str]] = set()
    attended = _Attended(present)
    flags = []
    for record in records:
        vote = by_id.get(record["vote_id"])
        if vote is None or not record["name"]:
            continue
        row = {**record, "page": vote["page"]}
        if attended.missing(meeting_of.get(vote["paragraph_id"], ""), record["name"]):
            detail = (
                f"{record['name']} voted {record['vote']}, not in the attendance list"
            )
            flags.append(_flag("vote_records", row, "voter_not_present", detail))
        key = (vote["id"], fold(record["name"]))
        if key in seen:
            detail = f"{record['name']} is named twice in the vote"
            flags.append(_flag("vote_records", row, "voted_twice", detail))
        seen.add(key)
    return flags


def reservation_flags(
    reservations: Iterable[Row],
    paragraphs: dict[str, Row],
    present: dict[str, list[Row]],
    proposers: dict[str, list[str]],
) -> list[Flag]:
    """Flag reservations by someone absent, or by someone whose proposal won.

    ``proposers`` lists the names behind the yrkanden of each paragraph.
    """
    attended = _Attended(present)
    flags = []
    for row in reservations:
        if not row["name"]:
            continue
        paragraph = paragraphs.get(row["paragraph_id"], {})
        if attended.missing(paragraph.get("meeting_id") or "", row["name"]):
            detail = f"{row['name']} is not in the attendance list"
            flags.append(_flag("reservations", row, "reservation_not_present", detail))
        found = paragraph.get("adopted")
        own = row["own_proposal"] or any(
            _same(row["name"], n) for n in proposers.get(row["paragraph_id"], [])
        )
        if own and found and _won(row["name"], found):
            detail = f"{row['name']} reserved, but the chair found: {found}"
            flags.append(_flag("reservations", row, "reservation_by_winner", detail))
    return flags


def reservation_vote_flags(
    reservations: Iterable[Row], votes: list[Row], records: list[Row]
) -> list[Flag]:
    """Flag reservations by members named on the winning side of the last vote."""
    last = {v["paragraph_id"]: v for v in votes}
    cast: dict[str, list[Row]] = {}
    for record in records:
        cast.setdefault(record["vote_id"], []).append(record)
    flags = []
    for row in reservations:
        vote = last.get(row["paragraph_id"])
        if not row["name"] or not vote or vote["result"] not in ("ja", "nej"):
            continue
        mine = [r for r in cast.get(vote["id"], []) if _same(row["name"], r["name"])]
        if mine and mine[0]["vote"] == vote["result"]:
            detail = (
                f"{row['name']} voted {mine[0]['vote']}, the winning side "
                f"({vote['yes']} ja, {vote['no']} nej), and reserved"
            )
            flags.append(_flag("reservations", row, "reservation_by_winner", detail))
    return flags


class _Attended:
    """Who attended each meeting, as name keys (:func:`_name_key`), worked
    out once a meeting."""

    def __init__(self, present: dict[str, list[Row]]) -> None:
        """Take the attendance lists by meeting id."""
        self.present = present
        self.known: dict[str, tuple[bool, frozenset[tuple[str, str]]]] = {}

    def missing(self, meeting: str, name: str) -> bool:
        """Return True when the meeting lists who may vote and nobody on its
        list has ``name``'s surname and first initial (:func:`_same`)."""
        if meeting not in self.known:
            people = self.present.get(meeting, [])
            keys = frozenset(k for p in people if (k := _name_key(p["name"])))
            self.known[meeting] = (bool(_voters(people)), keys)
        voting, keys = self.known[meeting]
        return voting and _name_key(name) not in keys


def _voters(people: list[Row]) -> list[Row]:
    """Return the people of an attendance list who may vote."""
    return [p for p in people if p["role"] not in NOT_VOTING]


def _same(one: str, other: str | None) -> bool:
    """Return True when two names share the surname and the first initial."""
    key = _name_key(one)
    return key is not None and key == _name_key(other)


def _name_key(name: str | None) -> tuple[str, str] | None:
    """Return a name's surname and first initial, folded (None for no name)."""
    words = fold(name or "").split()
    return (words[-1], words[0][0]) if words else None


def _won(name: str, finding: str) -> bool:
    """Return True when the chair's finding names ``name`` and no rejection."""
    words = fold(finding)
    names = fold(name).split()
    if not names:  # a blank name wins nothing
        return False
    surname = names[-1]
    if not re.search(rf"\b{re.escape(surname)}", words):
        return False
    return not re.search(_rejected(), words)


def _rejected() -> str:
    """Return the regex of a finding that rejects (``votes.toml`` [finding])."""
    words = load("votes")["finding"]["rejected"]
    return r"\b(?:" + "|".join(re.escape(fold(w)) for w in words) + ")"


def _flag(table: str, row: Row, rule: str, detail: str) -> Flag:
    """Return the flag of ``row`` with its provenance."""
    return Flag(table, row["id"], rule, detail, row.get("file_sha256"), row.get("page"))


def all_flags(rows: dict[str, list[Row]]) -> list[Flag]:
    """Return every flag of the records in ``rows`` (by table name)."""
    paragraphs = {p["id"]: p for p in rows["paragraphs"]}
    meeting_of = {k: p["meeting_id"] for k, p in paragraphs.items()}
    present: dict[str, list[Row]] = {}
    for person in rows["attendance"]:
        present.setdefault(person["meeting_id"], []).append(person)
    proposers: dict[str, list[str]] = {}
    for proposal in rows["proposals"]:
        if proposal["name"]:
            proposers.setdefault(proposal["paragraph_id"], []).append(proposal["name"])
    reservations = rows["reservations"]
    flags = (
        vote_count_flags(rows["votes"], rows["vote_records"])
        + vote_present_flags(rows["votes"], meeting_of, present)
        + voter_flags(rows["votes"], rows["vote_records"], meeting_of, present)
        + reservation_flags(reservations, paragraphs, present, proposers)
        + reservation_vote_flags(reservations, rows["votes"], rows["vote_records"])
    )
    once = {(f.table, f.record_id, f.rule): f for f in reversed(flags)}
    return [f for f in flags if once[(f.table, f.record_id, f.rule)] is f]


#: The tables the rules read, with the columns they need.
READS = {
    "votes": "id, paragraph_id, yes, no, abstain, result, page, file_sha256",
    "vote_records": "id, vote_id, name, vote, file_sha256",
    "proposals": "paragraph_id, name",
    "paragraphs": "id, meeting_id, adopted",
    "attendance": "meeting_id, name, role",
    "reservations": "id, paragraph_id, name, own_proposal, page, file_sha256",
}


#: The files of one municipality's documents.
OWN_FILES = "select file_sha256 from documents where municipality is ?"
#: The flags of one municipality's files, or of files with no documents now.
OWN_FLAGS = (
    f"file_sha256 in ({OWN_FILES}) "
    "or file_sha256 not in (select file_sha256 from documents)"
)


def run_checks(store: Store, scope: Scope, files: set[str] | None = None) -> None:
    """Rebuild the ``checks`` of the municipalities in ``scope``, one file's
    records at a time (every rule relates records of one file: a vote and its
    names, a § and its meeting's attendance), so memory does not grow with
    the database.

    With ``files``, only those files' records changed (written or deleted):
    only their flags are made again. Adding one file to a municipality of
    50,018 pages, checking every file again took 0.8–1.1 s.
    """
    if files is not None:  # none for a file that is gone
        chosen = [any_of(sorted(files))]
        flags = _flags(store, f"where file_sha256 {ANY_OF}", chosen)
        with store.transaction():
            store.execute(f"delete from checks where file_sha256 {ANY_OF}", chosen)
            store.insert("checks", [asdict(f) for f in flags])
        return
    if scope.whole:
        flags = _flags(store, "", [])
    else:
        own = f"where file_sha256 in ({OWN_FILES})"
        flags = [f for place in scope.places for f in _flags(store, own, [place])]
    with store.transaction():
        scope.clear(store, "checks", OWN_FLAGS)
        store.insert("checks", [asdict(f) for f in flags])


def _flags(store: Store, where: str, params: list[Any]) -> list[Flag]:
    """Return the flags of the files ``where`` picks (:func:`_by_file`)."""
    return [flag for rows in _by_file(store, where, params) for flag in all_flags(rows)]


def _by_file(
    store: Store, where: str, params: list[Any]
) -> Iterator[dict[str, list[Row]]]:
    """Yield the rows :data:`READS` names, file by file (in file hash order),
    of the files ``where`` picks."""
    groups = {
        table: itertools.groupby(
            store.stream(
                f"select coalesce(file_sha256, '') as _file, {columns} "
                f"from [{table}] {where} order by file_sha256, rowid",
                params,
            ),
            key=operator.itemgetter("_file"),
        )
        for table, columns in READS.items()
    }
    heads = {table: next(group, None) for table, group in groups.items()}
    while any(heads.values()):
        key = min(head[0] for head in heads.values() if head)
        rows: dict[str, list[Row]] = {}
        for table, head in heads.items():
            rows[table] = list(head[1]) if head and head[0] == key else []
            if rows[table]:
                heads[table] = next(groups[table], None)
        yield rows


def flag_counts(store: Store) -> Counter[str]:
    """Return the number of stored flags per rule."""
    rows = store.query("select rule, count(*) as n from checks group by rule")
    return Counter({r["rule"]: r["n"] for r in rows})
