"""Analysis over the loaded records: links, follow-through and derived tables.

Pure functions over plain rows (:mod:`.motions`, :mod:`.tracking`) and the
step that reads and writes them through the store (:mod:`.run`). The step is
imported on first use, so a light submodule (:mod:`.statuses`) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dates import recorded_as_of
    from .run import analyse

__all__ = ["analyse", "recorded_as_of"]


def __getattr__(name: str) -> Any:
    """Import the analysis step on first use of one of its names."""
    if name == "recorded_as_of":  # light: an unchanged re-run needs only it
        from . import dates

        return dates.recorded_as_of
    if name in __all__:
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
