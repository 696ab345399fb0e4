"""The network view: its numbers against the engine, its fitting, and the panel through Pilot.

The numbers (``tui_nn.run.network_view``) are checked against a direct forward
pass and the snapshot's own matrices; the panel is read back as drawn: its text,
and the colour of the span under each edge. No timed assertions: the Pilot tests
wait on the worker's answers or on states.
"""

from dataclasses import replace

import numpy as np
import pytest
from helpers import until
from textual.color import Color

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.dataset import DatasetPanel
from tui_nn.app.widgets.network import NetworkPanel
from tui_nn.app.widgets.weights import NEGATIVE, POSITIVE
from tui_nn.core.boundary import plane
from tui_nn.run import network_view as nv
from tui_nn.run.build import learner_from, ready
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController
from tui_nn.run.network_layout import fit, nearest

BIG = 10**9
SPIRAL = dict(dataset="spiral", layers="8,8", activation="tanh")


def snapshot_of(config, steps=3):
    run = RunController(config)
    run.step(steps)
    return run.snapshot()


def changes_of(n):
    return f"{n} direction change" + ("" if n == 1 else "s")


def custom(**options):
    return ready(make_config("custom", **options))[0]


def test_trask_xor_has_every_node_and_every_edge_with_its_weight_and_sign():
    snap = snapshot_of(make_config("trask-xor"), steps=50)
    picture = nv.picture(snap, row=2)
    assert [layer.size for layer in picture.layers] == [3, 4, 1]
    assert [layer.names for layer in picture.layers] == [
        ("x1", "x2", "x3"),
        ("h1", "h2", "h3", "h4"),
        ("out",),
    ]
    assert all(layer.more == 0 and layer.bias is None for layer in picture.layers)  # no bias in Trask's net
    for edges, weights, changes in zip(picture.edges, snap.weights, snap.direction_changes, strict=True):
        np.testing.assert_array_equal(edges.values, weights)
        np.testing.assert_array_equal(edges.changes, changes)
        ratio = np.abs(weights) / np.abs(weights).max()
        np.testing.assert_array_equal(
            edges.strength, np.where(ratio > 2 / 3, 2, np.where(ratio > 1 / 3, 1, 0))
        )
    layers = learner_from(snap.config, snap.weights).net.forward(snap.x[2:3])
    for layer, values in zip(picture.layers, layers, strict=True):
        np.testing.assert_array_equal(layer.values, values[0])
    assert picture.row == 2 and np.array_equal(picture.layers[0].values, [1.0, 0.0, 1.0])


def test_a_custom_net_shows_its_biases_and_their_direction_changes():
    config = custom(dataset="circle", points="40", layers="5,3", activation="tanh,relu", optimizer="gd")
    snap = snapshot_of(config, steps=20)
    picture = nv.picture(snap, row=7)
    assert snap.names == ("W1", "W2", "W3", "b1", "b2", "b3")
    for k, layer in enumerate(picture.layers[1:]):
        np.testing.assert_array_equal(layer.bias, snap.weights[3 + k][0])
        np.testing.assert_array_equal(layer.bias_changes, snap.direction_changes[3 + k][0])
        assert layer.bias_name == f"b{k + 1}"
    assert [layer.kind for layer in picture.layers] == ["", "tanh", "relu", "sigmoid"]
    assert picture.layers[1].names == ("h1.1", "h1.2", "h1.3", "h1.4", "h1.5")
    b = float(snap.weights[4][0, 2])
    count = int(snap.direction_changes[4][0, 2])
    assert nv.describe(picture, ("bias", 2, 2)) == f"b2[0,2] = {b!r} · {changes_of(count)} · bias of h2.3"
    w = float(snap.weights[1][4, 1])
    assert nv.describe(picture, ("edge", 1, 4, 1)).startswith(f"W2[4,1] = {w!r} · ")
    assert nv.describe(picture, ("edge", 1, 4, 1)).endswith(" · h1.5 → h2.2")


@pytest.mark.parametrize(
    "config", [make_config("relu-forward"), make_config("two-weights"), custom(**SPIRAL)], ids=str
)
def test_the_maps_equal_a_direct_forward_pass_over_the_input_plane(config):
    snap = snapshot_of(config)
    picture = nv.picture(snap, row=0, map_size=(7, 4))
    x = snap.x if snap.x_test is None or not len(snap.x_test) else np.vstack([snap.x, snap.x_test])
    x0, x1, y0, y1 = plane(x)
    net = learner_from(snap.config, snap.weights).net
    for r, c in [(0, 0), (3, 6), (1, 4)]:
        point = np.array([[np.linspace(x0, x1, 7)[c], np.linspace(y0, y1, 4)[3 - r]]])  # row 0: the top
        for layer, values in zip(picture.layers[1:], net.forward(point)[1:]):
            np.testing.assert_allclose(layer.maps[:, r, c], values[0], rtol=1e-12, atol=1e-15)
    assert picture.layers[0].maps is None


def test_no_maps_without_two_inputs_and_plus_n_more_for_64_inputs(tmp_path):
    rs = np.random.RandomState(0)
    path = tmp_path / "wide.csv"
    header = ",".join(f"p{i}" for i in range(64)) + ",label"
    rows = [",".join(f"{v:.3f}" for v in rs.random_sample(64)) + f",{i % 2}" for i in range(30)]
    path.write_text("\n".join([header, *rows]) + "\n")
    snap = snapshot_of(custom(data=str(path), layers="10"))
    layout = fit((64, 10, 1), bias=True, maps=False, width=46, height=15, names=(3, 3))
    assert layout.shown == (14, 10, 1) and layout.width + 4 <= 46
    picture = nv.picture(snap, row=1, shown=layout.shown, map_size=(6, 6))
    inputs = picture.layers[0]
    assert inputs.names == tuple(f"p{i}" for i in range(14)) and inputs.more == 50
    assert picture.edges[0].values.shape == (14, 10) and picture.layers[1].maps is None
    np.testing.assert_array_equal(inputs.values, snap.x[1, :14])


@pytest.mark.parametrize("cell", [1, 2])
@pytest.mark.parametrize("width, height", [(73, 32), (46, 15)])
@pytest.mark.parametrize(
    "sizes, bias, maps", [((3, 4, 1), False, False), ((2, 8, 8, 1), True, True), ((20, 20, 1), False, False)]
)
def test_common_nets_fit_the_panel_at_120x40_and_80x24(sizes, bias, maps, width, height, cell):
    layout = fit(sizes, bias=bias, maps=maps, width=width, height=height, names=(2, 4), cell=cell)
    assert layout.width + 2 * len(sizes) - 2 <= width
    lines = [
        (n - 1) * layout.pitch + 1 + layout.map_lines + (n < s) for n, s in zip(layout.shown[1:], sizes[1:])
    ]
    assert max(lines) <= height
    if width == 73 and sizes != (20, 20, 1):
        assert layout.shown == tuple(sizes)  # every node at 120x40
        assert maps is (layout.map_lines >= 2)


def test_the_cursor_moves_to_the_nearest_item_that_way():
    items = {"a": (0, 5), "e1": (10, 2), "e2": (11, 2), "f1": (10, 6), "n": (14, 6)}
    assert nearest(items, "a", 1, 0) == "f1"  # the nearest column, then the closest line
    assert nearest(items, "f1", 0, -1) == "e1" and nearest(items, "e1", 1, 0) == "e2"
    assert nearest(items, "e2", 1, 0) == "n" and nearest(items, "n", 1, 0) == "n"  # nothing further
    assert nearest(items, "a", 0, 1) == "a"


# -- the panel through Pilot -------------------------------------------------------------------------


def style_at(panel, x, y):
    """The Textual style of the span under column x of line y of the drawn picture (None: plain)."""
    plain, spans = panel._drawn
    offset = sum(len(line) + 1 for line in plain.split("\n")[:y]) + x
    return next((span.style for span in spans if span.start <= offset < span.end), None)


async def open_view(app, pilot):
    await app.until_answered()
    await pilot.press("n")
    await pilot.pause()
    await until(app, lambda s: app.query_one(NetworkPanel).plain != "")
    return app.query_one(NetworkPanel)


async def test_the_view_shows_every_node_of_trask_xor_and_the_right_sign_on_every_edge():
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        panel = await open_view(app, pilot)
        assert app.screen.has_class("-network") and not app.query_one("#plot").display
        snap = app.snapshot
        lines = panel.plain.split("\n")
        for name in ("x1", "x2", "x3", "h1", "h2", "h3", "h4", "out"):
            assert any(f"{name} " in line for line in lines), name
        for k, i in [(1, 0), (1, 3), (2, 0)]:
            value = panel.picture.layers[k].values[i]
            x, y = panel.items[("node", k, i)]
            assert lines[y][x : x + 5] == f"{value:+.2f}"
        positive = {Color.parse(c) for c in POSITIVE}
        negative = {Color.parse(c) for c in NEGATIVE}
        edges = [item for item in panel.items if item[0] == "edge"]
        assert len(edges) == 3 * 4 + 4 * 1  # every edge of the net
        for _, k, s, t in edges:
            x, y = panel.items[("edge", k, s, t)]
            assert lines[y][x] in "━─┄"
            colour = style_at(panel, x, y).foreground
            assert colour in (positive if snap.weights[k][s, t] > 0 else negative), (k, s, t)
        assert "━+ ━-" in lines[-1] and "|w|" in lines[-1]  # the legend


async def test_80x24_keeps_every_trask_node_and_fits_a_wide_net(monkeypatch):
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_view(app, pilot)
        width = panel.content_region.width
        assert len({item[1:] for item in panel.items if item[0] == "node"}) == 3 + 4 + 1
        assert all(len(line) <= width for line in panel.plain.split("\n"))
        assert panel.region.right <= 80 and panel.region.bottom <= 24
    app = TrainerApp(custom(**SPIRAL, iterations=BIG))
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_view(app, pilot)
        assert all(len(line) <= panel.content_region.width for line in panel.plain.split("\n"))
        assert "+1 more" in panel.plain  # a hidden layer of 8 at 24 lines
        assert sum(1 for item in panel.items if item[0] == "node" and item[1] == 3) == 1  # the output


async def test_no_color_signs_every_edge(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await open_view(app, pilot)
        lines = panel.plain.split("\n")
        snap = app.snapshot
        for (kind, k, *rest), (x, y) in panel.items.items():
            if kind == "edge":
                s, t = rest
                assert lines[y][x : x + 2] == ("+" if snap.weights[k][s, t] > 0 else "-") + lines[y][x + 1]
                assert lines[y][x + 1] in "━─┄"
        assert lines[-1].startswith("+━ -━")


async def test_j_and_k_move_the_row_and_the_dataset_panel_highlights_it():
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.until_answered()
        await pilot.press("j")  # outside the network view the key does nothing
        assert app.views.row == 0
        panel = await open_view(app, pilot)
        dataset = app.query_one(DatasetPanel)
        assert dataset._selected == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert app.views.row == 2 and dataset._selected == 2
        assert "row 2 " in str(panel.border_title)
        np.testing.assert_array_equal(panel.picture.layers[0].values, app.snapshot.x[2])
        table = DatasetPanel.table(app.snapshot, 0, 2)
        assert [row.style for row in table.rows] == [None, None, "reverse", None]
        await pilot.press("k", "k", "k")  # wraps from row 0 to the last
        await pilot.pause()
        assert app.views.row == 3 and dataset._selected == 3
        await pilot.press("n")  # back to the curve: no highlight
        await pilot.pause()
        assert dataset._selected is None


async def test_tab_into_the_view_and_arrows_select_an_edge_with_its_exact_value():
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space")
        panel = await open_view(app, pilot)
        assert "tab here" in panel.plain
        for _ in range(12):
            if app.focused is panel:
                break
            await pilot.press("tab")
        assert app.focused is panel and panel.selected == ("node", 0, 0)
        await pilot.press("right")  # into the strip of edges beside x1: the hidden node on its line
        await pilot.pause()
        kind, k, s, t = panel.selected
        assert (kind, k, s) == ("edge", 0, 0)
        value, changes = float(app.snapshot.weights[0][s, t]), int(app.snapshot.direction_changes[0][s, t])
        assert f"synapse_0[0,{t}] = {value!r} · {changes_of(changes)} · x1 → h{t + 1}" in panel.plain
        await pilot.press("right", "down")
        await pilot.pause()
        assert panel.selected == ("edge", 0, 1, t + 1)
        await pilot.press("escape")  # the app's key: leave the panel
        await pilot.pause()
        assert app.focused is None and "tab here" in panel.plain


async def test_every_hidden_node_of_the_spiral_net_has_a_map_live_while_running():
    app = TrainerApp(custom(**SPIRAL, iterations=BIG))
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_view(app, pilot)
        first = panel.picture
        assert [layer.more for layer in first.layers] == [0, 0, 0, 0]
        assert all(layer.maps is not None and layer.maps.shape[0] == layer.size for layer in first.layers[1:])
        assert panel.plain.count("▀") >= 17 * 6  # 8 + 8 hidden maps and the output's
        await pilot.press("r")
        await until(app, lambda s: s.state == "running" and s.iteration > 200)
        drawn = panel.drawn
        await until(app, lambda s: panel.drawn > drawn + 1)  # redrawn from the newer snapshots
        assert panel.picture.layers[1].maps is not None
        assert not np.array_equal(panel.picture.layers[1].maps, first.layers[1].maps)
        await pilot.press("r")
        assert (await app.until_answered()).state == "paused"


def test_the_row_is_marked_on_the_maps_and_a_diverged_net_still_draws():
    snap = snapshot_of(custom(**SPIRAL))
    row = int(np.argmin(snap.x[:, 0] + snap.x[:, 1]))  # the lowest, leftmost corner of the data
    picture = nv.picture(snap, row=row, map_size=(9, 6))
    r, c = picture.mark
    assert r >= 3 and c <= 4  # in the lower left of every map (row 0 is the top)
    broken = [np.full_like(w, np.nan) for w in snap.weights]
    nan = nv.picture(replace(snap, weights=tuple(broken)), row=0, map_size=(4, 2))
    assert all((edges.strength == nv.NOT_FINITE).all() for edges in nan.edges)
    assert (
        np.isnan(nan.layers[-1].values).all()
        and (nan.layers[1].map_range[:, 1] > nan.layers[1].map_range[:, 0]).all()
    )
    assert nv.describe(nan, ("edge", 0, 0, 0)).startswith("W1[0,0] = nan · ")
