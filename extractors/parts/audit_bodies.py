"""The bodies an audit covers, as its papers name them.

A report says which nämnder and bolag it audited ("Granskningen omfattar
…", "Stadsrevisionen har granskat …", see ``[[audited]]`` in
``lexicon/audit.toml``); a cover letter signed by the lay auditors of the
companies names those ("lekmannarevisorerna för Bostadsaktiebolaget X, Y AB
och Z AB", ``[[audited_by]]``); and the recommendations name their
recipients. :func:`report_auditee` joins what is named into the report's
auditee, as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.lang.recipients import generic_number, leading_recipients
from extractors.parts.audit_phrases import Lexicon, patterns


def audited_bodies(
    text: str, lexicon: Lexicon | None = None
) -> tuple[str, list[str]] | None:
    """Return (phrase, bodies) the report says it covers, as printed.

    The first list of bodies after an [[audited]] phrase that names each by
    name wins: "kommunstyrelsen och nämnderna" does not say which nämnder.
    """
    for m in patterns(lexicon).audited.finditer(text):
        found = leading_recipients(text[m.end() :].lstrip())
        if found and not any(generic_number(n) for n in found[1]):
            return as_printed(found[0]), [as_printed(n) for n in found[1]]
    return None


def audited_by(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Return the bodies whose auditors sign or speak ("lekmannarevisorerna för X")."""
    for m in patterns(lexicon).audited_by.finditer(text):
        found = leading_recipients(text[m.end() :].lstrip())
        if found and not any(generic_number(n) for n in found[1]):
            return [as_printed(n) for n in found[1]]
    return []


def report_auditee(
    recipients: Iterable[str | None], signed_for: list[str]
) -> str | None:
    """Return the bodies of the recommendations and the signature, as one list.

    Used when no addressee line or [[audited]] phrase names the auditee:
    "Idrotts- och föreningsnämnden, Stadsmiljönämnden och Higab AB".
    """
    names: list[str] = []
    for name in [*recipients, *signed_for]:
        if name and fold_name(name) not in {fold_name(n) for n in names}:
            names.append(name)
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " och " + names[-1]


def fold_name(name: str) -> str:
    """Return a body name folded for comparison (case and spacing ignored)."""
    return re.sub(r"\s+", " ", name).strip().lower()


def as_printed(text: str) -> str:
    """Return a body name as printed, first letter capitalised."""
    text = re.sub(r"\s+", " ", text).strip(" :,")
    return text[:1].upper() + text[1:]
