"""How the network view fits a panel, and how its cursor moves over the picture. Pure Python.

A panel holds a screenful: ``fit`` chooses from its size how many nodes of each
layer show (the first ones; the rest are counted, "+N more"), how tall and wide
the maps are and how much text a node carries, giving up in turn the spaces
between edges, node names, printed biases (a bias then becomes one more cell
after its node's edges), the maps' width and the edges from later source nodes. ``nearest`` moves the cursor:
the panel records where each selectable item is drawn, and an arrow goes to the
nearest item that way.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

ItemT = TypeVar("ItemT", bound=Hashable)

VALUE_WIDTH = 5  # an activation or a bias as text: +0.73, -12.3, +1e4
MAX_MAP_LINES = 5


@dataclass(frozen=True)
class Layout:
    """How the view fits a panel: nodes shown per layer, lines per node, maps, text per node.

    ``named`` nodes print their name before their activation (the inputs always, unless
    ``bare``, the last resort of a narrow panel); ``full`` ones their bias
    after it (compact ones show the bias as one more cell after their incoming edges).
    ``spaced`` edges have a space between them; ``sources`` caps the edges drawn into
    each node (None: one per shown source node).
    """

    shown: tuple[int, ...]
    pitch: int  # lines from one node to the next (the inputs': ``input_pitch``)
    input_pitch: int
    map_lines: int  # 0: no maps
    map_width: int
    named: bool
    full: bool
    spaced: bool
    sources: int | None
    bare: bool = False
    width: int = 0  # the columns the picture takes with one space between columns

    def strip(self, k: int) -> int:
        """How many edges into layer k (k >= 1) are drawn per node."""
        n = self.shown[k - 1]
        return n if self.sources is None else min(n, self.sources)


def fit(
    sizes: Sequence[int],
    *,
    bias: bool,
    maps: bool,
    width: int,
    height: int,
    names: tuple[int, int],
    cell: int = 1,
) -> Layout:
    """The largest view of a net with layer ``sizes`` that fits ``width`` x ``height`` characters.

    ``cell`` is the width of one edge (2 without colour: a sign and a glyph);
    ``names`` the widths of the inputs' names and of the other nodes'. Taller maps, then names, bias
    values, spaced and all edges go first; a layer that does not fit shows its first
    nodes and a "+N more" line.
    """
    height = max(height, 2)
    if maps:
        pitch = max(2, min(height // max(sizes[1:]), MAX_MAP_LINES + 2))
        lines = pitch - 1 if pitch <= 4 else min(pitch - 2, MAX_MAP_LINES)
    else:
        pitch, lines = max(1, min(height // max(sizes), 4)), 0
    input_pitch = max(1, min(pitch, height // sizes[0]))

    def fits(size: int, step: int) -> int:
        return size if size * step <= height else max(1, (height - 1) // step)

    shown = (fits(sizes[0], input_pitch), *(fits(s, pitch) for s in sizes[1:]))
    wide = max(6, 2 * lines) if lines else 0
    narrow = min(wide, VALUE_WIDTH)
    tries: list[tuple[bool, bool, bool, int, int | None]] = [
        (True, True, True, wide, None),
        (True, True, False, wide, None),
        (False, True, False, wide, None),
        (False, False, False, wide, None),
        (False, False, False, narrow, None),
    ]
    caps = range(max(shown[:-1]) - 1, 0, -1)
    tries += [(False, False, False, narrow, s) for s in caps]
    for bare in (False, True):
        for named, full, spaced, map_width, sources in tries if not bare else tries[4:]:
            layout = Layout(
                shown, pitch, input_pitch, lines, map_width, named, full and bias, spaced, sources, bare
            )
            layout = replace(layout, width=sum(column_widths(layout, sizes, bias, names, cell)))
            if layout.width + len(sizes) * 2 - 2 <= width:
                return layout
    return layout  # even the smallest is too wide: the panel crops it


def column_widths(
    layout: Layout, sizes: Sequence[int], bias: bool, names: tuple[int, int], cell: int
) -> list[int]:
    """The widths of the columns: the inputs' nodes, then per layer its edges and its nodes."""
    label = (names[1] + 1 if layout.named else 0) + VALUE_WIDTH + (VALUE_WIDTH + 2 if layout.full else 0)
    widths = [(0 if layout.bare else names[0] + 1) + VALUE_WIDTH]
    step = cell + layout.spaced
    for k in range(1, len(sizes)):
        drawn = layout.strip(k)
        more = drawn < sizes[k - 1]
        widths.append(step * drawn - layout.spaced + more + ((1 + cell) if bias and not layout.full else 0))
        widths.append(max(label, layout.map_width))
    return widths


def nearest(items: Mapping[ItemT, tuple[int, int]], current: ItemT, dx: int, dy: int) -> ItemT:
    """The item an arrow moves to from ``current``: (dx, 0) the nearest column that way, then the
    closest line in it; (0, dy) the closest line that way in the same column; else ``current``."""
    cx, cy = items[current]
    if dx:
        ahead = [(item, x, y) for item, (x, y) in items.items() if (x - cx) * dx > 0]
        if not ahead:
            return current
        step = min(abs(x - cx) for _, x, _ in ahead)
        column = [(item, y) for item, x, y in ahead if abs(x - cx) == step]
    else:
        column = [(item, y) for item, (x, y) in items.items() if x == cx and (y - cy) * dy > 0]
    return min(column, key=lambda pair: abs(pair[1] - cy))[0] if column else current
