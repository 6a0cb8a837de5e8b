"""Layout profiles: thresholds read from ``lexicon/layout.toml``, per municipality."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

from extractors.lexicon import load


@dataclass(frozen=True)
class LayoutProfile:
    """Line-count thresholds that tell header, furniture and body apart.

    Each field is documented with an example in ``lexicon/layout.toml``.
    """

    furniture_zone: int
    furniture_edge: int
    min_text_chars: int
    segment_header_lines: int
    page_top_lines: int
    stamp_lookback: int
    max_recipient: int
    closing_lines: int
    document_header_lines: int
    field_line: int
    long_title: int
    paragraph_title_lines: int
    paragraph_title_wrap: int


@cache
def layout_profile(municipality: str | None = None) -> LayoutProfile:
    """Return the default profile, overridden by ``municipality``'s settings."""
    data = load("layout")
    values = dict(data["default"])
    values.update(data.get("municipality", {}).get(municipality or "", {}))
    unknown = set(values) - {f.name for f in fields(LayoutProfile)}
    if unknown:
        raise KeyError(f"layout.toml: unknown setting(s) {sorted(unknown)}")
    return LayoutProfile(**values)


#: The profile used where no municipality is known.
DEFAULT = layout_profile()
