"""Ruled tables found from a page's edges, as pdfplumber's "lines" finder finds them.

pdfplumber parses every character of a page before it looks for a table,
about a hundred times slower than pdfium reads the page. The tables are
found here from pdfium's edges (:mod:`pipeline.read.edges`) and filled
from pdfium's characters (:mod:`pipeline.read.words`), step by step as
pdfplumber's ``extract_tables()`` does with its default settings:

1. edges shorter than a point are dropped; edges within ``SNAP`` of one
   another (chained) move to their mean position; edges on one line that
   overlap or stand within ``JOIN`` of each other are joined; edges then
   shorter than ``MIN_EDGE`` are dropped;
2. an intersection is where a vertical edge meets a horizontal one (within
   ``SNAP``);
3. a cell is the smallest rectangle whose four corners are intersections
   joined by edges; cells sharing a corner make a table (two cells at least);
4. rows are the cells sharing a top, set under the table's distinct left
   edges (``None`` where a merged cell spans the column); a cell's text is
   the characters whose centre lies in it (``extract_text`` of
   :mod:`pipeline.read.words`), empty when none do.

Where the engine's reading cannot be trusted to be pdfplumber's,
:func:`page_tables` returns ``None`` and the caller asks pdfplumber: a page
whose media box does not start at the origin or which is turned (pdfplumber
shifts and turns its coordinates); a page with more than ``MAX_EDGES``
edges (text drawn as outlines); a page with rotated characters near a
table (within ``ROTATED_MARGIN``: their cell text would turn on their
boxes); and a page where an unruled vote table is looked for among words
that include rotated characters which :mod:`pipeline.read.words` cannot
build as pdfplumber does (a font that is not embedded, a slant, word
decisions within float precision or width rounding whose outcomes give
different vote tables; where every outcome gives the same table, it is
the table). Rotated characters
away from the tables no longer send a page to pdfplumber: its words,
rotated ones included, are built as ``extract_words()`` builds them.

Coordinates are pdfium's 32-bit floats read back as the decimals the PDF
wrote (:func:`pipeline.read.edges.decimal`); a sum pdfium took in 32 bits
(a rectangle's far side) may differ from pdfminer's in the fifth decimal,
which moves a cell's border by that much and nothing else. One difference
remains that no check here can see: pdfium leaves out a content space that
the next character overlaps (a dot leader set tight after a word), where
pdfplumber keeps it and ends the word there; such a cell reads
"organisation......" for pdfplumber's "organisation ......" (one page of
the shared records, a table of contents).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import replace

import pypdfium2 as pdfium

from pipeline.read.edges import MIN_EDGE, Edge, decimal, page_edges
from pipeline.read.grid import has_vote_header, may_have_grid, vote_grid
from pipeline.read.margin import row_key
from pipeline.read.readings import Fragile
from pipeline.read.words import Char, judged, page_chars, text_of

#: A ruled table as rows of cell texts (``None`` for a merged cell).
Table = list[list[str | None]]
#: A table cell (x0, top, x1, bottom).
Bbox = tuple[float, float, float, float]
#: A point (x, top).
Point = tuple[float, float]

#: pdfplumber's default snap, join and intersection tolerances (points).
SNAP = 3.0
JOIN = 3.0
#: pdfplumber's default least edge length before merging (points); after
#: merging it is :data:`pipeline.read.edges.MIN_EDGE`.
PREFILTER = 1.0
#: A page with more level and plumb edges than this (text drawn as outlines:
#: 27,000 on a page of the shared records; a word processor's table of 50
#: rows and 8 columns, each cell side a filled bar, has 6,400) is left to
#: pdfplumber: snapping thousands of glyph edges in chains turns on the last
#: digits of coordinates, which pdfium keeps as 32-bit floats.
MAX_EDGES = 10000
#: A rotated character this close to a table (points) may fall in a cell.
ROTATED_MARGIN = 6.0


def page_tables(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage
) -> list[Table] | None:
    """Return a page's tables as pdfplumber's ``_page_tables`` reads them, or None.

    The ruled tables; and, when none of them is a vote table, an unruled
    vote table rebuilt from the words' positions (:mod:`pipeline.read.grid`).
    ``None`` when pdfplumber must read the page (see above).
    """
    left, bottom, _, top = (decimal(v) for v in page.get_mediabox())
    if left != 0 or bottom != 0 or page.get_rotation() != 0:
        return None
    everything = page_chars(textpage, top, turned=True)
    edges = page_edges(page, top)
    if everything is None or len(edges) > MAX_EDGES:
        return None
    chars = [char for char in everything if not char.turned]
    rotated = [char for char in everything if char.turned]
    found = find_tables(edges)
    if any(_near(char, _bbox(cells)) for char in rotated for cells in found):
        return None
    tables = [table for cells in found if (table := extract(cells, chars))]
    if not any(has_vote_header(table) for table in tables):
        try:
            grid = _grid(everything, rotated, textpage)
        except Fragile:
            return None
        if grid is not None:
            tables.append(grid)
    return tables


def _grid(
    chars: list[Char], rotated: list[Char], textpage: pdfium.PdfTextPage
) -> Table | None:
    """Return the unruled vote table of the page's words (None if none).

    Raise :class:`Fragile` when rotated characters' words (on a page with
    vote words) cannot be trusted to give pdfplumber's vote table: a box
    that is not pdfminer's, or word decisions too close to call whose
    readings give different tables (:func:`pipeline.read.words.judged`).
    """
    if rotated and may_have_grid(textpage.get_text_range()):
        if not all(char.known for char in rotated):
            raise Fragile("a rotated character's box is not pdfminer's")
        return judged(chars, vote_grid, False, row_key)
    return judged([c for c in chars if not c.turned], vote_grid, False, row_key)


def find_tables(edges: list[Edge]) -> list[list[Bbox]]:
    """Return the tables (each its cells) that the edges rule, top to bottom."""
    kept = [edge for edge in edges if edge.length >= PREFILTER]
    merged = [edge for edge in _merge(kept) if edge.length >= MIN_EDGE]
    crossings = _intersections(merged)
    return _tables(_cells(crossings))


def extract(cells: list[Bbox], chars: list[Char]) -> list[list[str | None]]:
    """Return a table's rows of cell texts (``None`` where no cell starts).

    A cell holds the characters whose centre lies in it (right and foot
    open); each character's centre is worked out once.
    """
    rows = []
    centres = [((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2, c) for c in chars]
    # the table's box holds every row's box: a row's characters are in it
    centres = _within(centres, _bbox(cells))
    for row in _rows(cells):
        in_row = _within(centres, _bbox([cell for cell in row if cell is not None]))
        texts: list[str | None] = []
        for cell in row:
            if cell is None:
                texts.append(None)
                continue
            cell_chars = [char for _, _, char in _within(in_row, cell)]
            texts.append(text_of(cell_chars) if cell_chars else "")
        rows.append(texts)
    return rows


def _within(
    centres: list[tuple[float, float, Char]], box: Bbox
) -> list[tuple[float, float, Char]]:
    """Return the characters (with their centres) whose centre lies in the box
    (right and foot open)."""
    left, top, right, bottom = box
    return [c for c in centres if left <= c[0] < right and top <= c[1] < bottom]


def _merge(edges: list[Edge]) -> list[Edge]:
    """Return the edges snapped to shared positions, then joined along each line."""
    vertical = _snap([e for e in edges if e.vertical], lambda e: e.x0)
    level = _snap([e for e in edges if not e.vertical], lambda e: e.top)
    snapped = vertical + level

    def line(edge: Edge) -> tuple[str, float]:
        return ("v", edge.x0) if edge.vertical else ("h", edge.top)

    joined = []
    for _, group in itertools.groupby(sorted(snapped, key=line), key=line):
        joined += _join(list(group))
    return joined


def _snap(edges: list[Edge], key: Callable[[Edge], float]) -> list[Edge]:
    """Return the edges with positions within ``SNAP`` (chained) moved to their mean."""
    cluster = _clusters((key(edge) for edge in edges), SNAP)
    ordered = sorted(edges, key=lambda edge: cluster[key(edge)])
    out = []
    for _, group in itertools.groupby(ordered, key=lambda edge: cluster[key(edge)]):
        members = list(group)
        mean = sum(key(edge) for edge in members) / len(members)
        out += [_move(edge, mean - key(edge)) for edge in members]
    return out


def _move(edge: Edge, shift: float) -> Edge:
    """Return an edge moved across its direction by ``shift``."""
    if edge.vertical:
        return replace(edge, x0=edge.x0 + shift, x1=edge.x1 + shift)
    return replace(edge, top=edge.top + shift, bottom=edge.bottom + shift)


def _join(edges: list[Edge]) -> list[Edge]:
    """Return edges of one line joined where they overlap or nearly touch."""
    vertical = edges[0].vertical

    def span(edge: Edge) -> tuple[float, float]:
        return (edge.top, edge.bottom) if vertical else (edge.x0, edge.x1)

    ordered = sorted(edges, key=lambda edge: span(edge)[0])
    joined = [ordered[0]]
    for edge in ordered[1:]:
        (start, end), last_end = span(edge), span(joined[-1])[1]
        if start > last_end + JOIN:
            joined.append(edge)
        elif end > last_end:
            last = joined[-1]
            joined[-1] = (
                replace(last, bottom=end, length=last.length + (end - last_end))
                if vertical
                else replace(last, x1=end, length=end - last.x0)
            )
    return joined


def _clusters(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Return each distinct value's cluster (sorted, chained within ``tolerance``)."""
    cluster: dict[float, int] = {}
    last, number = 0.0, -1
    for value in sorted(set(values)):
        if number < 0 or value > last + tolerance:
            number += 1
        cluster[value], last = number, value
    return cluster


def _intersections(edges: list[Edge]) -> dict[Point, tuple[set[Bbox], set[Bbox]]]:
    """Return where vertical edges meet horizontal ones, with the edges at each."""
    crossings: dict[Point, tuple[set[Bbox], set[Bbox]]] = {}
    level = sorted((e for e in edges if not e.vertical), key=lambda e: (e.top, e.x0))
    for v in sorted((e for e in edges if e.vertical), key=lambda e: (e.x0, e.top)):
        for h in level:
            if (
                v.top <= h.top + SNAP
                and v.bottom >= h.top - SNAP
                and h.x0 - SNAP <= v.x0 <= h.x1 + SNAP
            ):
                at = crossings.setdefault((v.x0, h.top), (set(), set()))
                at[0].add((v.x0, v.top, v.x1, v.bottom))
                at[1].add((h.x0, h.top, h.x1, h.bottom))
    return crossings


def _cells(crossings: dict[Point, tuple[set[Bbox], set[Bbox]]]) -> list[Bbox]:
    """Return the smallest cell whose top-left corner is each intersection."""

    def joined(a: Point, b: Point) -> bool:
        if a[0] == b[0] and crossings[a][0] & crossings[b][0]:
            return True
        return a[1] == b[1] and bool(crossings[a][1] & crossings[b][1])

    points = sorted(crossings)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for point in points:
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    cells = []
    for point in points:
        below = [p for p in columns[point[0]] if p > point and joined(point, p)]
        right = [p for p in rows[point[1]] if p > point and joined(point, p)]
        cell = next(
            (
                (point[0], point[1], r[0], b[1])
                for b in below
                for r in right
                if (r[0], b[1]) in crossings
                and joined((r[0], b[1]), r)
                and joined((r[0], b[1]), b)
            ),
            None,
        )
        if cell is not None:
            cells.append(cell)
    return cells


def _tables(cells: list[Bbox]) -> list[list[Bbox]]:
    """Return the cells grouped into tables by shared corners, top to bottom.

    Cells join the table being built, in their order, while any of their
    corners is one of its corners; a lone cell is no table.
    """
    remaining, tables = list(cells), []
    corners: set[Point] = set()
    current: list[Bbox] = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            mine = _corners(cell)
            if not current or any(c in corners for c in mine):
                corners |= set(mine)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    tables.sort(key=lambda table: min((c[1], c[0]) for c in table))
    return [table for table in tables if len(table) > 1]


def _corners(cell: Bbox) -> tuple[Point, Point, Point, Point]:
    """Return a cell's four corners."""
    x0, top, x1, bottom = cell
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def _rows(cells: list[Bbox]) -> list[list[Bbox | None]]:
    """Return the cells by row (shared top), each under the table's left edges."""
    lefts = sorted({cell[0] for cell in cells})
    ordered = sorted(cells, key=lambda cell: (cell[1], cell[0]))
    rows = []
    for _, row in itertools.groupby(ordered, key=lambda cell: cell[1]):
        by_left = {cell[0]: cell for cell in row}
        rows.append([by_left.get(left) for left in lefts])
    return rows


def _bbox(cells: list[Bbox]) -> Bbox:
    """Return the box around some cells."""
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _near(char: Char, box: Bbox) -> bool:
    """Return True when a character's box comes within ``ROTATED_MARGIN`` of a box."""
    return (
        char.x1 >= box[0] - ROTATED_MARGIN
        and char.x0 <= box[2] + ROTATED_MARGIN
        and char.bottom >= box[1] - ROTATED_MARGIN
        and char.top <= box[3] + ROTATED_MARGIN
    )
