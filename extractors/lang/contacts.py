"""E-mail addresses and phone numbers of private persons, masked on request.

What counts as the organisation's (kept) and what as a private person's
(masked) is data: ``[[mailbox]]``, ``[[public_domain]]`` and
``[[switchboard]]`` in ``lexicon/privacy.toml``, where the rule is spelled
out. A page's functional mailboxes ("registrator@kungsbacka.se") make their
domain the organisation's for the whole page, so officials' work addresses
stay. Masked forms keep the shape: ``****@****.se`` and ``070-*** ** **``.
"""

from __future__ import annotations

import re
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
    r"(?P<rest>(?:[ -]?\d+)+)"
    r"(?![\w/])"
)

_FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")


def mask_contacts(text: str, context: str = "") -> tuple[str, int]:
    """Return ``text`` with private e-mail addresses and phone numbers masked.

    ``context`` is more text of the same page (its running header and
    footer), read only for the organisation's mailboxes. Returns the text
    and how many contacts were masked.
    """
    domains = organisation_domains(text + "\n" + context)
    count = 0
    lines = []
    for line in text.split("\n"):
        keep_phones = bool(_switchboard().search(line)) or any(
            _is_organisation(m, domains) for m in _EMAIL.finditer(line)
        )
        line, emails = _mask_emails(line, domains)
        phones = 0
        if not keep_phones:
            line, phones = _mask_phones(line)
        count += emails + phones
        lines.append(line)
    return "\n".join(lines), count


def organisation_domains(text: str) -> set[str]:
    """Return the domains of the functional mailboxes in ``text`` (lower case)."""
    return {
        m.group("domain").lower()
        for m in _EMAIL.finditer(text)
        if _is_mailbox(m.group("local"))
    }


def _is_organisation(m: re.Match[str], domains: set[str]) -> bool:
    """Return True for an address of the organisation (kept as printed)."""
    domain = m.group("domain").lower()
    labels = domain.translate(_FOLD).split(".")[:-1]
    public = [entry["label"] for entry in load("privacy")["public_domain"]]
    return (
        _is_mailbox(m.group("local"))
        or domain in domains
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


def _mask_emails(line: str, domains: set[str]) -> tuple[str, int]:
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
    for group in re.finditer(r"[ -]?\d+", m.group("rest")):
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
