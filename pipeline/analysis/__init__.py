"""Analysis over the loaded records: links, follow-through and derived tables.

Pure functions over plain rows (:mod:`.motions`, :mod:`.tracking`) and the
step that reads and writes them through the store (:mod:`.run`).
"""

from .run import analyse, recorded_as_of

__all__ = ["analyse", "recorded_as_of"]
