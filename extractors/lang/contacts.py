"""E-mail addresses and phone numbers of private persons, masked on request.

What counts as the organisation's (kept) and what as a private person's
(masked) is data: ``[[mailbox]]``, ``[[public_domain]]`` and
``[[switchboard]]`` in ``lexicon/privacy.toml``, where the rule is spelled
out. A file's functional mailboxes ("registrator@kungsbacka.se") and its
municipality's own domain ("Södertälje" → ``sodertalje.se``) make a domain
the organisation's for the whole file, subdomains included, so officials'
work addresses stay, and so do the phone numbers printed beside them.
Masked forms keep the shape: ``****@****.se`` and ``070-*** ** **``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import cache

from extractors.lang.phrases import any_of
from extractors.lexicon import load

_EMAIL = re.compile(
    r"(?<![\w.+-])(?P<local>[\w.+-]+)@(?P<domain>(?:[\w-]+\.)+(?P<tld>[a-z]{2,}))"
    r"(?![\w-])",
    re.IGNORECASE,
)

#: A Swedish phone number: area code from 0 (or +46), then digit groups
#: separated by at most one space or hyphen. Its length is checked in code.
_PHONE = re.compile(
    r"(?<![\w/+.,:-])"
    r"(?P<lead>\+46[ -]?(?:\(0\)[ -]?)?[1-9]\d{0,2}|0[1-9]\d{0,2})"
    r"(?P<rest>(?:(?:- |[ -])?\d+)+)"
    r"(?![\w/])"
)

_FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")


def mask_contacts(text: str, domains: Collection[str] = ()) -> tuple[str, int]:
    """Return ``text`` with private e-mail addresses and phone numbers masked.

    ``domains`` are the organisation's (:func:`organisation_domains`); the
    mailboxes in ``text`` itself add theirs. A phone number stays on a line
    that names a switchboard or that, or a line next to it, holds an
    organisation's address (and no private one). Returns the text and how
    many were masked.
    """
    home = set(domains) | organisation_domains([text])
    lines = text.split("\n")
    kinds = [{_is_organisation(m, home) for m in _EMAIL.finditer(x)} for x in lines]
    count = 0
    for i, line in enumerate(lines):
        beside = any(True in k for k in kinds[max(i - 1, 0) : i + 2])
        keep_phones = bool(_switchboard().search(line)) or (
            True in kinds[i] or (False not in kinds[i] and beside)
        )
        line, emails = _mask_emails(line, home)
        phones = 0
        if not keep_phones:
            line, phones = _mask_phones(line)
        count += emails + phones
        lines[i] = line
    return "\n".join(lines), count


def organisation_domains(
    texts: Iterable[str], municipality: str | None = None
) -> set[str]:
    """Return the organisation's domains: those of the functional mailboxes in
    ``texts`` and the municipality's own (its name folded, ``.se``)."""
    found = {
        _registered(m.group("domain"))
        for text in texts
        for m in _EMAIL.finditer(text)
        if _is_mailbox(m.group("local"))
    }
    if municipality:
        name = re.sub(r"[^a-z]", "", municipality.lower().translate(_FOLD))
        found.add(f"{name}.se")
    return found


def _registered(domain: str) -> str:
    """Return the registered part of ``domain``: ``x.goteborg.se`` → ``goteborg.se``."""
    return ".".join(domain.lower().split(".")[-2:])


def _is_organisation(m: re.Match[str], domains: Collection[str]) -> bool:
    """Return True for an address of the organisation (kept as printed)."""
    domain = m.group("domain").lower()
    labels = domain.translate(_FOLD).split(".")[:-1]
    public = [entry["label"] for entry in load("privacy")["public_domain"]]
    return (
        _is_mailbox(m.group("local"))
        or _registered(domain) in domains
        or any(label.startswith(word) for label in labels for word in public)
    )


def _is_mailbox(local: str) -> bool:
    """Return True when ``local`` (before @) names a functional mailbox."""
    name = local.lower().translate(_FOLD)
    for entry in load("privacy")["mailbox"]:
        if name == entry["local"] or (
            entry.get("ending") and name.endswith(entry["local"])
        ):
            return True
    return False


def _mask_emails(line: str, domains: Collection[str]) -> tuple[str, int]:
    """Mask the private addresses of one line; return it and their number."""
    count = 0

    def mask(m: re.Match[str]) -> str:
        nonlocal count
        if _is_organisation(m, domains):
            return m.group(0)
        count += 1
        return f"****@****.{m.group('tld')}"

    return _EMAIL.sub(mask, line), count


def _mask_phones(line: str) -> tuple[str, int]:
    """Mask the phone numbers of one line; return it and their number."""
    count = 0

    def mask(m: re.Match[str]) -> str:
        nonlocal count
        size = _number_size(m)
        if size is None:
            return m.group(0)
        count += 1
        start = m.end("lead") - m.start()
        number = m.group(0)
        hidden = re.sub(r"\d", "*", number[start:size])
        return number[:start] + hidden + number[size:]

    return _PHONE.sub(mask, line), count


def _number_size(m: re.Match[str]) -> int | None:
    """Return how many characters of the match are one phone number, or None.

    A national number has 8 to 10 digits with its leading 0; a match that
    runs on into other figures ("070-123 45 67 2024") is cut at the last
    group that keeps it within that length.
    """
    lead = m.group("lead")
    digits = len(re.sub(r"\D", "", lead))
    if lead.startswith("+46"):
        digits -= 1  # +46 stands for the leading 0 (counted as 46 → one more)
    size = len(lead)
    best = None
    for group in re.finditer(r"(?:- |[ -])?\d+", m.group("rest")):
        digits += len(group.group(0).strip(" -"))
        size = len(lead) + group.end()
        if digits > 10:
            break
        if digits >= 8:
            best = size
    return best


@cache
def _switchboard() -> re.Pattern[str]:
    """Compile the switchboard words of ``lexicon/privacy.toml``."""
    words = [entry["phrase"] for entry in load("privacy")["switchboard"]]
    return re.compile(r"\b(?:" + any_of(words) + r")\b", re.IGNORECASE)
