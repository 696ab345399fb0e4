"""The network view: the net as columns of nodes, inputs first, with every edge drawn.

Each node shows its activation for the selected dataset row (j / k move the
row) and, in a net with biases, its bias. Left of each node runs a strip of its
incoming edges, one cell per source node in order (then its bias, when the panel
is too narrow to print it): ``━ ─ ┄`` strong / medium / weak by |w| against the
largest weight into that layer, red positive and blue negative, and with
colour off (NO_COLOR) a ``+`` or ``-`` before each. For data with a plane (two
inputs, or a 2-D dataset's engineered features: the maps are drawn over x1, x2)
every node after the inputs carries a half-block map of its activation over it
(``·░▒▓█`` without colour), with the row's point on it as ``●``. The panel
takes the focus (tab); the arrows then move a cursor over the picture (nodes,
biases and edges alike) and a line gives the selected item's exact value and,
for an edge or a bias, its direction-change count.

The numbers come from ``tui_nn.run.network_view`` (copies of the snapshot's
weights, one forward pass of the row and one of the maps' grid), the fitting from
``tui_nn.run.network_layout`` and the glyphs and colours from ``network_parts``.
A redraw that would send the terminal the same picture is skipped, and while the
run runs, newer weights are drawn at most ``RUNNING_HZ`` times a second (a key
that moves the row or the cursor draws at once).
"""

from __future__ import annotations

import time

from rich.style import Style
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from tui_nn.app.glyphs import prose
from tui_nn.app.widgets.network_parts import (
    MAP_LEVELS,
    SHADES,
    Canvas,
    edge_style,
    edge_text,
    legend,
    levels,
    map_styles,
    mark_styles,
)
from tui_nn.app.widgets.weights import cell
from tui_nn.run import network_view as nv
from tui_nn.run.controller import Snapshot
from tui_nn.run.network_layout import VALUE_WIDTH, Layout, column_widths, fit, nearest

HINTS = (
    "tab here, then arrows: a node, bias or edge · j/k: the row",
    "tab here, arrows: select · j/k: row",
)
CHROME = 3  # lines besides the nodes: the titles, the detail line, the legend
MAX_GAP = 8  # columns between a layer and the edges into the next
# While running, at most this many pictures a second (as the boundary's): each is ~10 KB to the terminal.
RUNNING_HZ = 2.0
Item = tuple  # ("node", layer, i), ("bias", layer, i) or ("edge", matrix, source, target)


class NetworkPanel(Static):
    """The net for one snapshot and row; ``selected`` is the item under the cursor (focused only)."""

    BORDER_TITLE = "Network"
    can_focus = True
    BINDINGS = [
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.selected: Item | None = None
        self.picture: nv.NetworkPicture | None = None
        self.items: dict[Item, tuple[int, int]] = {}  # where each selectable item is drawn (x, y)
        self.drawn = 0  # pictures sent to the terminal (tests, measurements)
        self._snapshot: Snapshot | None = None
        self._row = 0
        self._drawn: tuple | None = None  # the text and spans last sent
        self._asked: tuple = (None,) * 6  # what the last picture was made from
        self._last = 0.0  # when it was made
        self._signed = False  # no colour: every edge carries its sign
        self._names = (2, 2)  # the width of the inputs' names and of the other nodes'

    def show(self, snapshot: Snapshot, row: int) -> None:
        """Draw ``snapshot``'s net for row ``row`` of ``snapshot.x`` (unless nothing shown changed)."""
        self._snapshot, self._row = snapshot, row
        if self.display and self.content_region.width >= 3:
            self.redraw()

    def redraw(self) -> None:
        snapshot = self._snapshot
        width, height = self.content_region.size
        asked = (self._row, width, height, self.has_focus, self.selected)
        if snapshot is None or (snapshot is self._asked[0] and asked == self._asked[1:]):
            return  # the same picture (the app redraws its panels at 5 Hz while running)
        now = time.monotonic()
        if asked == self._asked[1:] and snapshot.state == "running" and now - self._last < 1 / RUNNING_HZ:
            return  # only newer weights: while running, a picture at most RUNNING_HZ a second
        self._asked, self._last = (snapshot, *asked), now
        self._signed = signed = self.app.no_color
        sizes, bias = nv.shape_of(snapshot)
        columns, count = nv.made(snapshot)[1], len(sizes)
        inputs = nv.node_names(0, sizes[0], count, columns)
        others = max(len(nv.node_names(k, s, count, columns)[-1]) for k, s in enumerate(sizes) if k)
        self._names = (max(2, min(8, max(len(n) for n in inputs))), others)
        layout = fit(
            sizes, bias=bias, maps=nv.has_maps(snapshot), width=width, height=height - CHROME,
            names=self._names, cell=2 if signed else 1,
        )  # fmt: skip
        map_size = (layout.map_width, layout.map_lines * (1 if signed else 2)) if layout.map_lines else None
        self.picture = nv.picture(snapshot, self._row, layout.shown, map_size)
        last = max(snapshot.rows, len(snapshot.x)) - 1
        self.border_title = prose(f"Network · row {self.picture.row:,} (j/k: 0-{last:,})")
        self.border_subtitle = snapshot.diagram
        content = self.render_picture(self.picture, layout, width, height)
        key = (content.plain, tuple(content.spans))
        if key != self._drawn:  # every redraw goes to the terminal: only a changed one
            self._drawn = key
            self.drawn += 1
            self.update(content, layout=False)  # its size is the layout's (1fr)

    @property
    def plain(self) -> str:
        """The picture's text as last drawn (tests)."""
        return self._drawn[0] if self._drawn else ""

    def render_picture(self, picture: nv.NetworkPicture, layout: Layout, width: int, height: int) -> Content:
        """The picture as lines: titles, the columns of nodes and edge strips, the detail, the legend."""
        layers, step = picture.layers, 2 if self._signed else 1
        widths = column_widths(
            layout, [la.size for la in layers], layers[-1].bias is not None, self._names, step
        )
        gap = 1 + min(MAX_GAP, max(0, width - layout.width - 2 * len(layers) + 2) // max(1, len(layers) - 1))
        xs = [0]
        for i, w in enumerate(widths[:-1]):
            xs.append(xs[-1] + w + (gap if i % 2 == 0 else 1))  # a wide gap before each strip
        body = max(height - CHROME, 1)
        canvas = Canvas(body + CHROME, width)
        self.items = {}
        for k, layer in enumerate(layers):
            pitch = layout.input_pitch if k == 0 else layout.pitch
            block = 1 + (layout.map_lines if layer.maps is not None else 0)
            n = len(layer.names)
            top = max(0, (body - ((n - 1) * pitch + block + (1 if layer.more else 0))) // 2) + 1
            ys = [top + i * pitch for i in range(n)]
            if layer.more:
                canvas.put(ys[-1] + block, xs[2 * k], f"+{layer.more} more", "dim")
            for i, y in enumerate(ys):
                self._node(canvas, xs[2 * k], y, k, i, layer, layout)
            canvas.put(
                0, xs[2 * k], self._title(k, len(layers), widths[2 * k] + (gap if k else 1) - 1), "bold"
            )
            if k:
                name, end = picture.edges[k - 1].name, xs[2 * k - 1] + widths[2 * k - 1]
                start = max(xs[2 * k - 2] + widths[2 * k - 2] + 1, end - len(name))  # into the gap
                canvas.put(0, start, name[: max(end - start, 2)], "dim")
                self._strip(canvas, xs[2 * k - 1], ys, k, picture, layout)
        if self.selected not in self.items and self.items:
            self.selected = next(iter(self.items))  # the first input (or the item's net is gone)
            if self.has_focus:
                return self.render_picture(picture, layout, width, height)
        if self.has_focus and self.selected is not None:
            said = nv.describe(picture, self.selected)
            canvas.put(body + 1, 0, said if len(said) <= width else nv.describe(picture, self.selected, True))
        else:
            hint = HINTS[0] + (" (●)" if picture.mark else "")
            canvas.put(body + 1, 0, hint if len(hint) <= width else HINTS[1], "dim")
        x = 0
        maps = any(la.maps is not None for la in layers)
        for text, style in legend(width, self._signed, maps, self.app.console.color_system):
            x = canvas.put(body + 2, x, text, style)
        return canvas.content()

    @staticmethod
    def _title(k: int, count: int, room: int) -> str:
        """A node column's title, the short one where the long one does not fit."""
        long, short = ("inputs", "in") if k == 0 else ("output", "out") if k == count - 1 else ("", "")
        if not long:
            long, short = ("hidden", "h") if count == 3 else (f"hidden {k}", f"h{k}")
        return long if len(long) <= room else short

    def _mark(self, item: Item, style: Style | str) -> Style | str:
        """The item's style, reversed under the cursor."""
        if not (self.has_focus and item == self.selected):
            return style
        return (Style.parse(style) if isinstance(style, str) else style) + Style(reverse=True)

    def _node(self, canvas: Canvas, x: int, y: int, k: int, i: int, layer: nv.Layer, layout: Layout) -> None:
        """A node's name (inputs, or when there is room), activation, bias and map."""
        if (k == 0 and not layout.bare) or (k and layout.named):
            room = self._names[0 if k == 0 else 1]
            x = canvas.put(y, x, layer.names[i][:room].ljust(room) + " ", "dim")
        self.items[("node", k, i)] = (x, y)
        canvas.put(y, x, cell(float(layer.values[i]))[1:], self._mark(("node", k, i), "bold"))
        if layout.full and layer.bias is not None and layer.bias_strength is not None:
            b, at = float(layer.bias[i]), x + VALUE_WIDTH + 1
            self.items[("bias", k, i)] = (at, y)
            style = edge_style(b, int(layer.bias_strength[i]))
            canvas.put(y, at, "b" + cell(b)[1:], self._mark(("bias", k, i), style))
        if layer.maps is not None and layer.map_range is not None and self.picture is not None:
            lo, hi = layer.map_range[i]
            self._map(canvas, x, y + 1, layer.maps[i], lo, hi, self.picture.mark)

    def _map(self, canvas: Canvas, x: int, y: int, values, lo: float, hi: float, mark) -> None:
        """A node's map from line y: half blocks (top pixel over bottom pixel; ``·░▒▓█`` without
        colour), equal cells as one run, with the row's point ``●`` (``mark``: pixel row, column)."""
        if self._signed:
            for line, row in enumerate(levels(values, lo, hi, len(SHADES))):
                shades = ["?" if s < 0 else SHADES[s] for s in row]
                if mark is not None and mark[0] == line:
                    shades[mark[1]] = "●"
                canvas.put(y + line, x, "".join(shades))
            return
        steps = levels(values, lo, hi, MAP_LEVELS)
        system = self.app.console.color_system
        for line in range(len(steps) // 2):
            top, bottom, start = steps[2 * line], steps[2 * line + 1], 0
            dot = mark[1] if mark is not None and mark[0] // 2 == line else -1
            for c in range(1, len(top) + 1):
                if c == len(top) or dot in (c, start) or (top[c], bottom[c]) != (top[start], bottom[start]):
                    if start == dot:
                        canvas.put(y + line, x + start, "●", mark_styles(system)[int(steps[mark[0], dot])])
                    else:
                        style = map_styles(system)[(int(top[start]), int(bottom[start]))]
                        canvas.put(y + line, x + start, "▀" * (c - start), style)
                    start = c

    def _strip(
        self, canvas: Canvas, x: int, ys: list[int], k: int, picture: nv.NetworkPicture, layout: Layout
    ) -> None:
        """The edges into each shown node of layer k, one cell per drawn source (then its bias)."""
        edges, layer, signed = picture.edges[k - 1], picture.layers[k], self._signed
        drawn, step = layout.strip(k), (2 if signed else 1) + layout.spaced
        more = drawn < picture.layers[k - 1].size
        for t, y in enumerate(ys):
            for s in range(drawn):
                value, klass, item = (
                    float(edges.values[s, t]),
                    int(edges.strength[s, t]),
                    ("edge", k - 1, s, t),
                )
                self.items[item] = (x + s * step, y)
                canvas.put(
                    y,
                    x + s * step,
                    edge_text(value, klass, signed),
                    self._mark(item, edge_style(value, klass)),
                )
            at = x + drawn * step - layout.spaced
            if more:
                at = canvas.put(y, at, "…", "dim")
            if layer.bias is not None and layer.bias_strength is not None and not layout.full:
                b, klass, bias = float(layer.bias[t]), int(layer.bias_strength[t]), ("bias", k, t)
                self.items[bias] = (at + 1, y)
                canvas.put(y, at + 1, edge_text(b, klass, signed), self._mark(bias, edge_style(b, klass)))

    def action_move(self, dx: int, dy: int) -> None:
        """Move the cursor to the nearest item that way: along a line, or up and down a column."""
        if self.selected in self.items:
            self.selected = nearest(self.items, self.selected, dx, dy)
            self.redraw()

    def on_focus(self) -> None:
        self.call_later(self.redraw)  # after Textual's own handler has set ``has_focus``

    def on_blur(self) -> None:
        self.call_later(self.redraw)

    def on_resize(self) -> None:
        if self._snapshot is not None:
            self.show(self._snapshot, self._row)
