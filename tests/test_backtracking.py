"""Patterns that ran in quadratic or worse time on hostile lines (long runs of
spaces) match exactly as before, and such lines no longer hang a worker.

Each rewritten pattern is compared with the pattern as first written on
text drawn from its own pieces and on the lexicon's example lines. The
"never hangs" checks run a hostile line in a child process given a minute:
no timing thresholds here (speed is the benchmark's business).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from extractors.kinds import kallelse, protokollsutdrag
from extractors.lang.phrases import any_of, phrase_regex
from extractors.lexicon import load
from extractors.parts import attendance, audit_phrases
from extractors.parts.meeting import meeting_patterns
from extractors.parts.proposal_words import proposal_patterns
from pipeline.split import classify

#: Space as printed and as extracted from tables: runs of it are the danger.
SPACES = [" ", "  ", "   ", "\t", "\n", " \n ", " " * 30]


def _old_clause(text: str) -> re.Pattern[str]:
    """Return a recommending clause's pattern as first written."""
    lexicon = load("audit")
    recipients = r"(?P<recipients>[^.:;!?•●▪■]{2,200}?)"
    slots = {**audit_phrases._slots(lexicon), "recipients": recipients}
    return re.compile(rf"(?<!\w){phrase_regex(text, slots)}(?!\w)", re.IGNORECASE)


def _clause_pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Return (new, old) of every recommending clause of audit.toml."""
    new = audit_phrases.patterns().recommends
    old = [_old_clause(e["text"]) for e in load("audit")["recommends"]]
    assert len(new) == len(old) > 4
    return list(zip(new, old, strict=True))


def _found(pattern: re.Pattern[str], text: str, *window: int) -> list[object]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text, *window)]


CLAUSE_PIECES = st.sampled_from(
    ["Vi", "vi", "Stadsrevisionen", "revisorerna", "rekommenderar", "rekommenderas",
     "rekommendera", "rekommendationen", "vill", "till", "därför", "också", "att",
     "Att", "är", "kommunstyrelsen", "och", "nämnden", "a", "x", "å", "5", ".", ",",
     ":", "•", "-", "a" * 60, "b" * 99, *SPACES]
)  # fmt: skip


@given(st.lists(CLAUSE_PIECES, max_size=14), st.sampled_from(["", " ", "\n"]))
def test_recommending_clauses_match_as_first_written(
    pieces: list[str], glue: str
) -> None:
    text = glue.join(pieces)
    for new, old in _clause_pairs():
        assert _found(new, text) == _found(old, text)
        assert _found(new, text, 3, max(3, len(text) - 2)) == _found(
            old, text, 3, max(3, len(text) - 2)
        )


def test_recommending_clauses_of_the_lexicon_examples() -> None:
    """audit.toml's example lines, and variants with runs of space and a
    one-letter recipient, keep their matches and recipients."""
    lines = [e["example"] for e in load("audit")["recommends"]]
    lines += [line.replace(" ", "   ") for line in lines]
    lines += ["Vi rekommenderar  x att se över", "a   rekommenderas att", "   x"]
    for line in lines:
        for new, old in _clause_pairs():
            assert _found(new, line) == _found(old, line)
    first = audit_phrases.patterns().recommends[0].search(lines[0])
    assert first and first["recipients"] == "socialnämnden Nordost"
    spaced = audit_phrases.patterns().recommends[1].search(lines[1 + len(lines) // 2])
    assert spaced is None or spaced["recipients"] == "äldreomsorgsnämnden"


def test_a_clause_must_have_space_after_its_recipients() -> None:
    with pytest.raises(ValueError):
        audit_phrases._clause(
            "{auditors} rekommenderar {recipients}, att", load("audit")
        )


def _old_bare() -> re.Pattern[str]:
    bare = load("proposals")["bare"]
    return re.compile(
        rf"[ \t]*[{re.escape(bare['marks'])}]?\s*(?={any_of(bare['opens'])}\b)", re.I
    )


BARE_PIECES = st.sampled_from(
    ["Olle Berg (M)", "i första hand", "bifall", "Avslag", "återremiss", "tillägg",
     "ändring", "bifallet", "x", ",", "–", "-", ":", *SPACES]
)  # fmt: skip


@given(st.lists(BARE_PIECES, max_size=10).map("".join), st.integers(0, 20))
def test_bare_yrkande_opening_matches_as_first_written(text: str, pos: int) -> None:
    new, old = proposal_patterns().bare, _old_bare()
    m, o = new.match(text, pos), old.match(text, pos)
    assert (m and (m.span(), m.groups())) == (o and (o.span(), o.groups()))


def test_bare_yrkande_opening_of_the_lexicon_examples() -> None:
    bare = load("proposals")["bare"]
    for line, end in ((bare["example"], 13), (bare["marks_example"], 13)):
        m = proposal_patterns().bare.match(line, end)
        o = _old_bare().match(line, end)
        assert m and o and m.span() == o.span()
    assert proposal_patterns().bare.match(bare["marks_example"], 13).end() == 16


def _old(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """Return ``pattern`` as first written: without the run-start guard."""
    text = pattern.pattern
    assert text.startswith(r"(?!(?<=\s)\s)")
    return re.compile(text.removeprefix(r"(?!(?<=\s)\s)"), pattern.flags)


def _run_start_patterns() -> list[re.Pattern[str]]:
    return [
        attendance._LEADER,
        kallelse._TIME_IN_TITLE,
        meeting_patterns().place_end,
        proposal_patterns().joined,
    ]


RUN_PIECES = st.sampled_from(
    ["...", "..", ".", "…", "_", "09.00", "9:30", "-", "–", "12.00", "2024-04-02",
     "måndag", "Tisdagen", "kl.", "klockan", "13", "25 april 2024", ",", "och",
     "samt", "Kommunhuset", "x", "Anna Berg", *SPACES]
)  # fmt: skip


@given(st.lists(RUN_PIECES, max_size=14).map("".join))
def test_patterns_searched_from_run_starts_find_what_they_did(text: str) -> None:
    for new in _run_start_patterns():
        old = _old(new)
        assert _found(new, text) == _found(old, text)
        assert new.split(text) == old.split(text)
        assert new.sub("", text) == old.sub("", text)


def test_run_start_patterns_on_printed_lines() -> None:
    lines = [e.get("example", "") for e in load("meeting").get("field", [])]
    lines += ["Anna Berg (S), ordförande ........ 1-12", "Kf-sammanträde 9.00 - 12.00"]
    lines += ["Tisdag 25 april 2024, kl. 13, Kommunhuset", "bifall och  tillägg"]
    lines += ["Stadshuset  ,  2024-04-02   kl. 13.00"]
    assert len(lines) > 10
    for line in lines:
        for new in _run_start_patterns():
            assert new.split(line) == _old(new).split(line)
    place = meeting_patterns().place_end
    assert place.split("Stadshuset  ,  2024-04-02   kl. 13.00")[0] == "Stadshuset  "
    assert attendance._LEADER.split("Anna Berg (S) ........ 1-12")[0] == "Anna Berg (S)"


NUMBER_PIECES = st.sampled_from(
    ["§", "§ ", "31", "1", "1234", ",", ", ", "008/24", "/", "24", "KS-", "2024",
     "-", "a", "Budget", "x", "111111", *SPACES]
)  # fmt: skip


@given(st.lists(NUMBER_PIECES, max_size=12).map("".join))
def test_a_number_printed_after_the_title_matches_as_first_written(text: str) -> None:
    old = re.compile(r"^(.*?)\s*§\s*(\d{1,4}),\s*[\w-]*\d+/\d+$")
    m, o = protokollsutdrag._NUMBER_AFTER.match(text), old.match(text)
    assert (m and (m.span(), m.groups())) == (o and (o.span(), o.groups()))


def test_numbers_printed_after_the_title_as_printed() -> None:
    """Lines as one register prints them, and written variants."""
    number = protokollsutdrag._NUMBER_AFTER
    assert number.match("§ 31, 008/24").groups() == ("", "31")
    found = number.match("Budget 2025 för nämnden   § 31, KS-2024/118")
    assert found and found.groups() == ("Budget 2025 för nämnden", "31")
    assert number.match("x § 7, 12/24").groups() == ("x", "7")
    assert number.match("§ 31, 008/") is None
    assert number.match("§ 31, KS-/24") is None


def test_bare_labels_as_printed() -> None:
    assert classify.is_bare_label("TJÄNSTESKRIVELSE")
    assert classify.is_bare_label("Yttrande – förslag")  # labels.toml example
    assert classify.is_bare_label("Yttrande - Utkast.")
    assert not classify.is_bare_label("Revisionsrapport nr 7/2017")
    assert not classify.is_bare_label("Yttrande – förslaget")


#: A line of 200,000 spaces: each pattern below took 2 to 16 minutes on it
#: (quadratic; 0.03 to 0.25 s on 3,200 spaces), now a few milliseconds.
SPACE_LINE = " " * 200_000 + "x"

#: (what is run, the hostile text): each took over a minute before.
HOSTILE = {
    "clauses": (
        "from extractors.parts.audit_phrases import patterns; "
        "from extractors.parts.recommendations import _find_clauses, flow_of; "
        "_find_clauses(flow_of([(1, sys.stdin.read())]), patterns())",
        ("rekommenderas" + " " * 250) * 100 + "x",
    ),
    "bare": (
        "from extractors.parts.proposal_words import proposal_patterns; "
        "proposal_patterns().bare.match(sys.stdin.read())",
        SPACE_LINE,
    ),
    "leaders": (
        "from extractors.parts.attendance import _LEADER; "
        "_LEADER.split(sys.stdin.read())",
        SPACE_LINE,
    ),
    "title time": (
        "from extractors.kinds.kallelse import _TIME_IN_TITLE; "
        "_TIME_IN_TITLE.sub('', sys.stdin.read())",
        SPACE_LINE,
    ),
    "place": (
        "from extractors.parts.meeting import meeting_patterns; "
        "meeting_patterns().place_end.split(sys.stdin.read())",
        SPACE_LINE,
    ),
    "number after spaces": (
        "from extractors.kinds.protokollsutdrag import _NUMBER_AFTER; "
        "_NUMBER_AFTER.match(sys.stdin.read())",
        "a" + " " * 400_000 + "x",
    ),
    "number after digits": (
        "from extractors.kinds.protokollsutdrag import _NUMBER_AFTER; "
        "_NUMBER_AFTER.match(sys.stdin.read())",
        "§ 1, " + "1" * 400_000 + "x",
    ),
    "bare tail": (
        "from pipeline.split.classify import is_bare_label; "
        "is_bare_label('Yttrande' + sys.stdin.read())",
        "-" * 200_000 + "x",
    ),
    "joined": (
        "from extractors.parts.proposal_words import proposal_patterns; "
        "list(proposal_patterns().joined.finditer(sys.stdin.read()))",
        SPACE_LINE,
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_line_of_space_never_hangs(name: str) -> None:
    """Judged in a child process given a minute, so a pattern that
    backtracks again fails here instead of hanging the suite."""
    code, line = HOSTILE[name]
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}"],
        input=line,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0
