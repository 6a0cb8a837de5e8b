"""The texts of the Granvik sample corpus, as data (see make_corpus.py).

Granviks kommun is fictional; every name, number and sentence here was
written for diarium. ``FILES(n)`` returns the file specs; ``n > 0`` varies
names, case serials and amounts for bulk benchmark copies.
"""

from __future__ import annotations

from typing import Any

from texts_an import kallelse_file, uppfoljning_file  # type: ignore[import-not-found]
from texts_common import Block, Doc, Layout  # type: ignore[import-not-found]
from texts_kf import kf_protokoll_file, motioner_file  # type: ignore[import-not-found]
from texts_ks import ks_kallelse_file, ks_protokoll_file  # type: ignore[import-not-found]
from texts_margin import (  # type: ignore[import-not-found]
    kfn_protokoll_file,
    sbn_protokoll_file,
)
from texts_running import tn_protokoll_file  # type: ignore[import-not-found]

__all__ = ["FILES", "Block", "Doc", "Layout", "variation"]


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
        sbn_protokoll_file(v),
        kfn_protokoll_file(v),
        tn_protokoll_file(v),
    ]
