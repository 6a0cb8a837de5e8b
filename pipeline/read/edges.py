"""Edges of a page's lines and boxes, from the engine's path objects.

A ruled table is found from the horizontal and vertical edges drawn on the
page (:mod:`pipeline.read.ruled`). pdfplumber takes them from pdfminer's
lines, rectangles and curves; here they are taken from pdfium's path
objects, walked segment by segment, and classed as pdfminer classes each
painted subpath, so the edges are the same:

- a subpath of two points (``m l``, closed or not) is a line; its edge is
  horizontal when both ends stand at one height, else vertical (a slanted
  line too, at its left end, as pdfplumber has it);
- a closed subpath of four sides along the axes (``re``, ``m l l l h``) is
  a rectangle with four edges (a thin filled bar gives its long sides);
- any other subpath is a curve, with an edge between each two successive
  end points that stand level or plumb (a Bézier's control points do not
  count).

Points are mapped to the page by the object's matrix (and each enclosing
form's), and turned so that ``top`` counts down from the page's top edge.
pdfium keeps coordinates as 32-bit floats; each is given back as the
shortest decimal that reads as the same float, the number the PDF wrote,
so that edges meet where pdfminer's (64-bit) edges meet.
"""

from __future__ import annotations

import ctypes
import functools
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: An affine matrix (a, b, c, d, e, f) as PDF writes it.
Matrix = tuple[float, float, float, float, float, float]
#: One path operation: "m", "l", "c" or "h" and its end point.
Op = tuple[str, float, float]
#: A point (x, top) on the page, or (x, y) in a path's space.
Point = tuple[float, float]
#: Places a path point on the page.
Placer = Callable[[float, float], Point]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: Form objects nested deeper than this are not looked into (pdfium's depth).
MAX_DEPTH = 8
#: pdfplumber ignores table edges shorter than this (points), before and
#: after merging them.
MIN_EDGE = 3.0


@dataclass(frozen=True)
class Edge:
    """One horizontal or vertical edge, in pdfplumber's coordinates."""

    x0: float
    x1: float
    top: float
    bottom: float
    length: float
    """Width of a horizontal edge, height of a vertical one (as measured)."""
    vertical: bool


def page_edges(page: pdfium.PdfPage, height: float) -> list[Edge]:
    """Return the page's edges in pdfplumber's order: lines, rectangles, curves.

    ``height`` is the page's height (its media box starts at the origin).
    Points are placed on the page only where they make an edge (most of a
    drawing's curve points make none); a turned or skewed path has all its
    points placed first, as level and plumb are then the page's.
    """
    lines: list[Edge] = []
    rects: list[Edge] = []
    curves: list[Edge] = []
    for ops, matrix in _subpaths(page):
        place = _placer(matrix, height)
        if matrix[1] or matrix[2]:
            ops = [(op, *place(x, y)) for op, x, y in ops]
            place = _as_is
        kind, points = _classify(ops)
        if kind == "line":
            lines.append(_line_edge(place(*points[0]), place(*points[1])))
        elif kind == "rect":
            rects += _rect_edges([place(x, y) for x, y in points])
        else:
            curves += _curve_edges(points, place)
    return lines + rects + curves


def _subpaths(page: pdfium.PdfPage) -> Iterator[tuple[list[Op], Matrix]]:
    """Yield every painted subpath of the page, forms included, in content order."""
    raw = page.raw
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, index)
        yield from _object_subpaths(obj, IDENTITY, 0)


def _object_subpaths(
    obj: pdfium_c.FPDF_PAGEOBJECT, outer: Matrix, depth: int
) -> Iterator[tuple[list[Op], Matrix]]:
    """Yield the subpaths of one path or form object (``outer``: enclosing forms)."""
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
        return
    matrix = _multiply(_matrix(obj), outer)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        if depth < MAX_DEPTH:
            for index in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                inner = pdfium_c.FPDFFormObj_GetObject(obj, index)
                yield from _object_subpaths(inner, matrix, depth + 1)
        return
    for ops in _split(_ops(obj)):
        yield ops, matrix


def _ops(obj: pdfium_c.FPDF_PAGEOBJECT) -> Iterator[tuple[str, float, float, bool]]:
    """Yield a path's segments as (operation, x, y, closes) in the path's space.

    A Bézier curve is three segments in pdfium; only its end point is kept.
    """
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue  # a segment pdfium cannot give (none in a sound path)
        op = "m" if kind == pdfium_c.FPDF_SEGMENT_MOVETO else "l"
        op = "c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else op
        yield op, x.value, y.value, bool(pdfium_c.FPDFPathSegment_GetClose(segment))


def _split(segments: Iterator[tuple[str, float, float, bool]]) -> Iterator[list[Op]]:
    """Yield the subpaths of a path, each closing ``h`` written out as pdfminer has it.

    pdfium closes a subpath by marking its last segment (after adding a line
    back to the start when needed); pdfminer keeps the ``h`` as a last point
    at the start. A subpath of a lone move paints nothing.
    """
    ops: list[Op] = []
    for op, x, top, closes in segments:  # top: y until placed
        if op == "m":
            if len(ops) > 1:
                yield ops
            ops = []
        ops.append((op, x, top))
        if closes and ops:
            start = ops[0]
            if op == "l" and (x, top) == (start[1], start[2]) and len(ops) > 1:
                ops[-1] = ("h", x, top)
            else:
                ops.append(("h", start[1], start[2]))
    if len(ops) > 1:
        yield ops


def _classify(ops: list[Op]) -> tuple[str, list[Point]]:
    """Return pdfminer's class of a subpath ("line", "rect", "curve"), its points."""
    shape = "".join(op for op, _, _ in ops)
    points = [(x, top) for _, x, top in ops]
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    if shape in ("mlh", "ml"):
        return "line", points
    if shape in ("mlllh", "mllll") and _is_box(points):
        return "rect", points
    return "curve", points


def _is_box(points: list[Point]) -> bool:
    """Return True for four corners along the axes, closed back to the first."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
    return last == points[0] and square


def _line_edge(start: Point, end: Point) -> Edge:
    """Return a line's edge (horizontal only when it is level)."""
    x0, x1 = min(start[0], end[0]), max(start[0], end[0])
    top, bottom = min(start[1], end[1]), max(start[1], end[1])
    vertical = top != bottom
    return Edge(x0, x1, top, bottom, bottom - top if vertical else x1 - x0, vertical)


def _rect_edges(points: list[Point]) -> list[Edge]:
    """Return a rectangle's edges: top, bottom, left, right (pdfplumber's order)."""
    x0, x1 = min(x for x, _ in points), max(x for x, _ in points)
    top, bottom = min(y for _, y in points), max(y for _, y in points)
    width, height = x1 - x0, bottom - top
    return [
        Edge(x0, x1, top, top, width, False),
        Edge(x0, x1, top + height, bottom, width, False),
        Edge(x0, x0, top, bottom, height, True),
        Edge(x1, x1, top, bottom, height, True),
    ]


def _curve_edges(points: list[Point], place: Placer) -> list[Edge]:
    """Return the level and plumb edges between a curve's successive points."""
    edges = []
    for a, b in zip(points, points[1:], strict=False):
        if a[0] != b[0] and a[1] != b[1]:
            continue
        (ax, ay), (bx, by) = place(*a), place(*b)
        x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        if ax == bx:
            edges.append(Edge(x0, x1, top, bottom, bottom - top, True))
        elif ay == by:
            edges.append(Edge(x0, x1, top, bottom, x1 - x0, False))
    return edges


def _placer(matrix: Matrix, height: float) -> Placer:
    """Return a function placing a path point on the page (``top`` from the top)."""
    a, b, c, d, e, f = matrix

    def place(x: float, y: float) -> Point:
        x, y = decimal(x), decimal(y)
        return a * x + c * y + e, height - (b * x + d * y + f)

    return place


def _as_is(x: float, y: float) -> Point:
    """Return a point already placed."""
    return x, y


def _matrix(obj: pdfium_c.FPDF_PAGEOBJECT) -> Matrix:
    """Return an object's matrix (identity when pdfium gives none)."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return tuple(decimal(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f))  # type: ignore[return-value]


def _multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """Return ``inner`` followed by ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


@functools.lru_cache(maxsize=65536)
def decimal(value: float) -> float:
    """Return the shortest decimal that reads as the 32-bit float ``value``."""
    for digits in range(6, 10):
        shorter = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", shorter))[0] == value:
            return shorter
    return value
