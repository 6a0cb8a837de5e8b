"""The wordings of ``lexicon/proposals.toml``, compiled for the meeting acts.

Shared by the yrkanden (:mod:`extractors.parts.decisions`), the reservations
(:mod:`extractors.parts.reservations`) and the declarations
(:mod:`extractors.parts.declarations`): the yrkande verb, the proposal kinds,
the reservation phrases and the party groups ("Ledamöterna från M och KD").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from extractors.lang.parties import normalise_party
from extractors.lang.phrases import (
    RUN_START,
    Lexicon,
    any_of,
    compiled,
    entries,
    phrase_pattern,
)
from extractors.lexicon import load

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: A party's code in a list of parties ("M", "KD", a local "SPI").
_CODE = r"[A-ZÅÄÖ]{1,4}"
#: A party's code glued to a noun by a hyphen ("KD-", "(S)-").
_HYPHENED = rf"(?:{_CODE}|\({_CODE}\))-"


@dataclass(frozen=True)
class ProposalPatterns:
    """The yrkande and reservation wordings compiled from ``proposals.toml``."""

    kinds: list[tuple[str, re.Pattern[str]]]
    """``(kind, pattern)`` per proposal-kind text, in lexicon order."""
    lemma: str
    """Lemma of the yrkande verb."""
    forms: frozenset[str]
    """Forms of the verb taken as the verb whatever spaCy says."""
    noun_endings: tuple[str, ...]
    """Endings of words with the lemma that are nouns."""
    supports: re.Pattern[str]
    """What a "bifall till …" yrkande supports (group 1)."""
    support: re.Pattern[str]
    """The words of support ("bifall till") opening a text."""
    ranked: re.Pattern[str]
    """The rank of a yrkande made in order ("i första hand")."""
    named: re.Pattern[str]
    """A proposal named by its kind ("det tilläggsyrkandet"; group 1: the word)."""
    joined: re.Pattern[str]
    """The word joining a named proposal onto a "bifall till …" ("och", "samt")."""
    colon: re.Pattern[str]
    """The colon after a member's name that opens what they propose."""
    not_colon: re.Pattern[str]
    """A word before the names (and titles) making the colon open a decision."""
    reservation: re.Pattern[str]
    """A reservation phrase."""
    own: re.Pattern[str]
    """A reservation for the member's own proposal."""
    written: re.Pattern[str]
    """A written reservation."""
    listed_tail: int
    """Words that may follow the names of a reservation listed under its heading."""
    groups: list[re.Pattern[str]]
    """Members named by party (group 1: the parties), anywhere in a sentence."""
    named_group: re.Pattern[str]
    """Parties named by their names, opening a sentence (group 1: the names)."""
    coded: re.Pattern[str]
    """Parties named by their codes alone, opening a sentence ("M och KD …")."""
    party_codes: dict[str, str]
    """Party name (and its genitive) → code."""
    adopted: re.Pattern[str]
    """The chair's finding of what was adopted (group 1)."""
    noun_verbs: frozenset[str]
    """Verbs making a yrkande named by its noun ("lämnar ett tilläggsyrkande")."""
    noun: str
    """The noun of a yrkande, perhaps inside a word ("ändringsyrkande")."""
    noun_gap: int
    """Tokens that may stand between such a verb and the noun."""
    concur: re.Pattern[str]
    """A phrase after which members join a yrkande ("med instämmande av")."""
    concur_verbs: frozenset[str]
    """Forms of the verb of members joining an earlier yrkande ("instämmer")."""
    concur_object: re.Pattern[str]
    """What a member joins, after the verb ("yrkande", "förslag")."""
    bare: re.Pattern[str]
    """Under a yrkanden heading, the opening of a yrkande right after a name."""
    heading_verbs: frozenset[str]
    """Verbs that make a yrkande under a yrkanden heading ("föreslår")."""
    chair: re.Pattern[str]
    """The chair's title as the subject just before the verb."""
    pronouns: str
    """Regex source of the pronouns referring back to the last member."""


def proposal_patterns(lexicon: Lexicon | None = None) -> ProposalPatterns:
    """Return the patterns of ``lexicon`` (default: ``proposals.toml``)."""
    return compiled("proposals", _compile_proposals, lexicon)


def _compile_proposals(lexicon: Lexicon) -> ProposalPatterns:
    """Compile a proposals lexicon."""
    verb, supports, own = lexicon["verb"], lexicon["supports"], lexicon["own_proposal"]
    made = lexicon["reservation_made"]
    reservation = (
        rf"(?:{any_of(r['text'] for r in entries(lexicon, 'reservation'))}"
        rf"|{any_of(made['verbs'])}\s+(?:{any_of(made['between'])}\s+)?"
        rf"{any_of(made['nouns'])}\b)"
    )
    named = lexicon["named_proposal"]
    nouns, determiners = any_of(named["nouns"]), any_of(named["determiners"])
    codes = _party_codes()
    return ProposalPatterns(
        kinds=_kinds(lexicon),
        lemma=verb["lemma"],
        forms=frozenset(verb["forms"]),
        noun_endings=tuple(verb["noun_endings"]),
        supports=re.compile(
            rf"{phrase_pattern(supports['text'])}\s(.+?)"
            rf"(?:\s+{phrase_pattern(supports['until'])}\b|$)",
            re.I,
        ),
        support=re.compile(rf"^{phrase_pattern(supports['text'])}\s+", re.I),
        ranked=re.compile(rf"\b{any_of(lexicon['ranked']['texts'])}\b", re.I),
        named=re.compile(rf"(?:{determiners}\s+)?\b(\w+{nouns}\w*)", re.I),
        joined=re.compile(rf"{RUN_START}\s+{any_of(named['joined_by'])}\s+"),
        colon=re.compile(rf"\s*{re.escape(lexicon['colon']['text'])}\s*"),
        not_colon=re.compile(
            rf"\b{any_of(lexicon['colon']['not_after'])}(?:\s+[a-zåäö]+){{0,2}}\s*$",
            re.I,
        ),
        reservation=re.compile(rf"\b{reservation}", re.I),
        own=re.compile(
            rf"\b{any_of(own['own'])}\b.{{0,{own['gap']}}}{phrase_pattern(own['proposal'])}",
            re.I,
        ),
        written=re.compile(any_of(lexicon["written"]["texts"]), re.I),
        listed_tail=int(lexicon["listed"]["tail_words"]),
        groups=_group_patterns(lexicon["party_group"], codes),
        named_group=_named_group(lexicon["party_group"], codes),
        coded=_coded(),
        party_codes=codes,
        adopted=re.compile(
            rf"{phrase_pattern(lexicon['adopted']['text'])}\s+(.+?)(?:\.|$)", re.S
        ),
        **_joining(lexicon),
    )


def _joining(lexicon: Lexicon) -> dict[str, Any]:
    """Compile the wordings of yrkanden made without the verb "yrka"."""
    noun, concur = lexicon["noun_yrkande"], lexicon["concur"]
    bare, chair = lexicon["bare"], lexicon["chair"]
    return {
        "noun_verbs": frozenset(noun["verbs"]),
        "noun": noun["noun"],
        "noun_gap": int(noun["gap"]),
        "concur": re.compile(rf"\b{any_of(concur['phrases'])}\b", re.I),
        "concur_verbs": frozenset(concur["verbs"]),
        "concur_object": re.compile(any_of(concur["objects"]), re.I),
        "heading_verbs": frozenset(lexicon["heading_verb"]["forms"]),
        "pronouns": any_of(lexicon["pronoun"]["words"]),
        "bare": re.compile(
            rf"(?:[ \t]*[{re.escape(bare['marks'])}])?\s*(?={any_of(bare['opens'])}\b)",
            re.I,
        ),
        "chair": re.compile(
            rf"(?:(?<!\w)(?<!{any_of(chair['not_after'])}\s){any_of(chair['titles'])}"
            rf"|^\s*{any_of(chair['alone'])})\s*,?\s*$",
            re.I,
        ),
    }


def _kinds(lexicon: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    """Return ``(kind, pattern)`` of every proposal-kind text, in lexicon order."""
    return [
        (
            k["kind"],
            re.compile(
                phrase_pattern(k["text"]) + (r"\b" if k.get("word_end") else ""), re.I
            ),
        )
        for k in entries(lexicon, "kind")
    ]


def _party_codes() -> dict[str, str]:
    """Return every party's name and genitive → its code (``parties.toml``)."""
    codes = {}
    for party in load("parties")["party"]:
        name = party["name"]
        codes[name] = codes[name + "s"] = party["code"]
    return codes


@cache
def _and() -> str:
    """Return the regex source of the words joining a list's last items."""
    words = [*load("proposals")["listing"]["and"], load("meeting")["list"]["and"]]
    return any_of(dict.fromkeys(words))


def _listed(item: str) -> str:
    """Return the regex source of a list of ``item`` ("M, D, L och KD")."""
    return rf"(?:{item})(?:(?:,\s*|\s+{_and()}\s+)(?:{item}))*"


def _group_patterns(group: Lexicon, codes: dict[str, str]) -> list[re.Pattern[str]]:
    """Return the patterns of party groups that may stand anywhere in a sentence."""
    nouns = f"(?i:{any_of(group['nouns'])})"
    party = rf"(?:{_names(codes)}|{_CODE})"
    return [
        re.compile(
            rf"\b{nouns}\s+{any_of(group['before_parties'])}\s+({_listed(party)})\b"
        ),
        re.compile(rf"(?<![\w-])({_listed(_HYPHENED)}){nouns}\b"),
    ]


def _named_group(group: Lexicon, codes: dict[str, str]) -> re.Pattern[str]:
    """Return the pattern of parties' names opening a sentence."""
    after = any_of(group["after_names"])
    return re.compile(rf"^\s*({_listed(_names(codes))})(?:\s+({after}))?\b")


def _coded() -> re.Pattern[str]:
    """Return the pattern of parties' codes opening a sentence.

    Only the codes of ``parties.toml`` (a local party's code is any capital
    letters), or any code in brackets ("(S) och (V) reserverar sig"); then a
    lower-case word or the end ("Reservation: M och KD.").
    """
    lexicon = load("parties")
    known = [c for p in lexicon["party"] for c in (p["code"], *p.get("aliases", ()))]
    known += [c for p in lexicon["party"] for c in p.get("former", ())]
    code = rf"(?:{_names({c: c for c in known})}|\({_CODE}\))"
    return re.compile(rf"^\s*({_listed(code)})(?=\s+[a-zåäö]|\s*:|\s*\.?\s*$)")


def _names(codes: dict[str, str]) -> str:
    """Return the regex source of any party's name as printed, longest first."""
    return "(?:" + "|".join(map(re.escape, sorted(codes, key=len, reverse=True))) + ")"


def group_parties(
    text: str, patterns: ProposalPatterns, opening: bool = True
) -> list[str]:
    """Return the parties of the first party group named in ``text``.

    With ``opening``, parties named by their names count when they open the
    text ("Moderaterna och Kristdemokraterna reserverar sig").
    """
    found = find_group(text, patterns, opening)
    return found[0] if found else []


def find_group(
    text: str, patterns: ProposalPatterns, opening: bool = True
) -> tuple[list[str], int, int] | None:
    """Return the parties and span of the first party group named in ``text``.

    Without ``opening``, parties' names count only before a word for their
    members ("Socialdemokraternas ledamöter").
    """
    for pattern in patterns.groups:
        m = pattern.search(text)
        if m:
            return _parties_of(m.group(1), patterns), m.start(), m.end()
    m = patterns.named_group.match(text)
    m = m if m and (opening or m.group(2)) else None
    m = m or (patterns.coded.match(text) if opening else None)
    return (_parties_of(m.group(1), patterns), m.start(1), m.end()) if m else None


def _parties_of(listed: str, patterns: ProposalPatterns) -> list[str]:
    """Return the codes of a list of parties' codes or names."""
    items = re.split(rf",\s*|\s+{_and()}\s+", listed)
    found = []
    for item in (i.strip().rstrip("-").strip("()") for i in items):
        code = patterns.party_codes.get(item) or normalise_party(item)
        if code not in found:
            found.append(code)
    return found


def proposal_kind(text: str, lexicon: Lexicon | None = None) -> str:
    """Return the kind of a yrkande from its earliest keyword."""
    best: tuple[int, str] | None = None
    for kind, pattern in proposal_patterns(lexicon).kinds:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else "other"


def verbs_at(sentence: Span, patterns: ProposalPatterns) -> list[int]:
    """Return the character offsets of every form of the yrkande verb.

    A verb making a yrkande named by its noun counts too ("Anna Berg (S)
    lämnar ett tilläggsyrkande").
    """
    doc = sentence.doc
    return [
        idx
        for i, idx, verb in _verb_tokens(sentence, patterns)
        if sentence.start <= i < sentence.end
        and (verb or _noun_verb(doc[i], sentence, patterns))
    ]


#: Where :func:`_verb_tokens` keeps a Doc's verbs in its ``user_data``.
_VERBS = "diarium.verbs"


def _verb_tokens(
    sentence: Span, patterns: ProposalPatterns
) -> tuple[tuple[int, int, bool], ...]:
    """Return ``(index, offset, verb)`` of the tokens of the sentence's Doc that
    may be the yrkande verb: ``verb`` when its form or lemma is, else its
    object may be the noun (see :func:`_noun_verb`).

    Found once per Doc and patterns (the sentences of a paragraph are asked
    for their verbs by the yrkanden, reservations and declarations).
    """
    kept = sentence.doc.user_data.get(_VERBS)
    if kept is not None and kept[0] is patterns:
        return kept[1]
    found: list[tuple[int, int, bool]] = []
    for token in sentence.doc:
        lower = token.text.lower()
        verb = lower in patterns.forms or (
            token.lemma_ == patterns.lemma and not lower.endswith(patterns.noun_endings)
        )
        if verb or lower in patterns.noun_verbs:
            found.append((token.i, token.idx, verb))
    sentence.doc.user_data[_VERBS] = (patterns, tuple(found))
    return tuple(found)


def _noun_verb(token: Token, sentence: Span, patterns: ProposalPatterns) -> bool:
    """Return True for a verb whose object is a yrkande ("framställer ett yrkande")."""
    if token.text.lower() not in patterns.noun_verbs:
        return False
    end = min(token.i + 2 + patterns.noun_gap, sentence.end)
    return any(patterns.noun in t.text.lower() for t in token.doc[token.i + 1 : end])


def list_gap(gap: str, role_words: int = 2) -> bool:
    """Return True when ``gap`` only separates two names of a list.

    A comma or "och"/"samt" (or nothing but space) separates; after one, up to
    ``role_words`` lower-case words may stand ("och tjänstgörande ersättaren").
    """
    och = _and()
    return bool(
        re.fullmatch(rf"\s*(?:,\s*)?(?:{och}\s+)?", gap)
        or role_words > 0
        and re.fullmatch(
            rf"\s*(?:,\s*|{och}\s+|,\s*{och}\s+)(?:[a-zåäö]+\s+){{1,{role_words}}}",
            gap,
        )
    )
