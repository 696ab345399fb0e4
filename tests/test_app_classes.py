"""Classification runs in the app: accuracy on the status line and under the curve, the confusion view
(c), class names in the dataset and predict panels, one colour (or letter) per class on the decision
boundary, engineered features drawn over the x1, x2 plane, and the picker's file split and messages.

The Pilot tests share one app each and run the worker in a thread; the screen is read as the
compositor draws it (text and styles), so a cut name or a missing colour fails.
"""

import asyncio
import re
from pathlib import Path

import numpy as np
from helpers import until
from test_app_sizes import footer_text, shown_keys
from textual.widgets import Input, Label

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets import boundary_classes
from tui_nn.app.widgets.boundary import BoundaryPanel, compute
from tui_nn.app.widgets.classes import fit, letters
from tui_nn.app.widgets.confusion import ConfusionPanel
from tui_nn.app.widgets.file_picker import FilePicker
from tui_nn.app.widgets.keys import KeysFooter
from tui_nn.core import metrics
from tui_nn.core.boundary import plane
from tui_nn.data.scaling import standardize_input
from tui_nn.run import network_view as nv
from tui_nn.run.build import learner_from, load_data, ready
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController
from tui_nn.run.query import predicted_class

THREE = Path(__file__).resolve().parent.parent / "examples" / "three_classes.csv"


def region_text(app, region) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def region_segments(app, region):
    strips = app.screen._compositor.render_strips()
    return [seg for y in range(region.y, region.bottom) for seg in strips[y].crop(region.x, region.right)]


async def settle(pilot, ready, timeout=20.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not ready():
        assert loop.time() < end, "the panel never drew"
        await pilot.pause(0.02)
    await pilot.pause()


def counts_on_screen(lines: list[str], classes: tuple[str, ...]) -> list[np.ndarray]:
    """The matrices drawn (train, then test: stacked or side by side) as the counts read off their rows."""
    k, found = len(classes), []
    for line in lines:
        rows = re.findall(rf"\b(?:{'|'.join(classes)})((?:\s+\d+){{{k}}})", line)
        found.append([[int(n) for n in numbers.split()] for numbers in rows])
    if any(len(rows) == 2 for rows in found):  # side by side: the train matrix on the left
        return [np.array([rows[i] for rows in found if rows]) for i in range(2)]
    flat = [row for rows in found for row in rows]
    return [np.array(flat[i : i + k]) for i in range(0, len(flat), k)]


async def test_three_named_classes_train_with_accuracy_confusion_and_a_coloured_boundary():
    config = ready(make_config("custom", data=str(THREE), layers=(8,), iterations=300))[0]
    app = TrainerApp(config, worker_mode="thread")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.until_answered()
        for width in (80, 132, 150, 120):  # c and b join the footer: every key still whole
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            footer, wanted = "\n".join(footer_text(app)), shown_keys(app)
            assert "c Classes" in wanted and "b Bound" in wanted
            assert all(words in footer for words in wanted), (width, footer)
        await pilot.press("r")
        snap = await until(app, lambda s: s.state == "done")
        await pilot.pause()
        assert snap.classes == ("left", "right", "top") and snap.accuracy > 0.9
        acc = f"acc {100 * snap.accuracy:.1f}% (test {100 * snap.test_accuracy:.1f}%)"
        assert acc in str(app.query_one("#status").render())
        assert acc in str(app.query_one("#reading").render())
        # The dataset panel: each row's class, the class picked and its probability, by name.
        page = region_text(app, app.query_one("#dataset").region)
        assert "class" in page[1] and "predicted" in page[1]
        picked = metrics.picked(snap.outputs[:8])
        chances = metrics.probability(snap.outputs[:8])
        for line, true, pick, p in zip(page[2:], metrics.picked(snap.y[:8]), picked, chances):
            assert line.split()[-5:-2] == [snap.classes[true], snap.classes[pick], f"{p:.2f}"], line
        await pilot.press("i", *"0,2.5", "enter", "escape")
        await pilot.pause()
        name, chance = predicted_class(snap.config, snap.weights, [0.0, 2.5])
        assert name == "top" and f"class top  p {chance:.4f}" in str(app.query_one("#query-result").render())

        await pilot.press("c")
        panel = app.query_one(ConfusionPanel)
        await settle(pilot, lambda: panel.shown is not None)
        drawn = counts_on_screen(region_text(app, panel.region), snap.classes)
        assert len(drawn) == 2, region_text(app, panel.region)
        np.testing.assert_array_equal(drawn[0], snap.confusion)
        np.testing.assert_array_equal(drawn[1], snap.test_confusion)
        assert drawn[0].sum() == 240 and drawn[1].sum() == 60
        diagonal = [seg for seg in region_segments(app, panel.region) if seg.style and seg.style.reverse]
        assert len(diagonal) == 6  # the three right counts of each matrix, highlighted

        await pilot.press("b")
        board = app.query_one(BoundaryPanel)
        await settle(pilot, lambda: board.drawn_from is not None and board.drawn_from.iteration == 300)
        system = app.console.color_system
        ramps = [set(boundary_classes.class_ramp(k, system)) for k in range(3)]
        shown = {
            k
            for seg in region_segments(app, board.region)
            if "▀" in seg.text and seg.style and seg.style.bgcolor
            for k, colours in enumerate(ramps)
            if "#{:02x}{:02x}{:02x}".format(*seg.style.bgcolor.get_truecolor()) in colours
        }
        assert shown == {0, 1, 2}, shown
        legend = region_text(app, board.region)[1]
        assert all(f"● {name}" in legend for name in snap.classes), legend
        grid = board.grid
        assert grid is not None and grid.units is not None and grid.units.shape[-1] == 3

        await pilot.press("b", "p")  # a preset: c says why on the status line, and is not in the footer
        await app.until_answered()
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert "no confusion matrix" in str(app.query_one("#status").render())
        assert "c Classes" not in " ".join(region_text(app, app.query_one(KeysFooter).region))


def test_without_colour_each_class_is_a_letter_and_names_are_cut_to_fit():
    assert letters(("setosa", "versicolor", "virginica")) == ("a", "b", "c")  # s, v, v: not apart
    assert letters(("left", "right", "top")) == ("l", "r", "t")
    assert fit("a very long class name", 8) == "a very…" and fit("[b]x", 8) == "[b]x"
    units = np.zeros((4, 60, 3))
    units[:, :20, 0], units[:, 20:40, 1], units[:, 40:, 2] = 1.0, 1.0, 1.0
    codes = boundary_classes.codes(units)
    text = boundary_classes.class_map(codes, {(0, 1): 2}, ("left", "right", "top"), ("x1", "x2"), None, True)
    lines = text.plain.splitlines()
    assert lines[1] == "lT" + "l" * 18 + "r" * 20 + "t" * 20  # a row of class top over a left region
    assert lines[2] == "l" * 20 + "r" * 20 + "t" * 20
    assert "L left" in lines[0] and "T top" in lines[0]


def test_engineered_features_are_drawn_over_the_x1_x2_plane():
    options = dict(dataset="circle", features="x1^2,x2^2,x1*x2", layers=(3,), standardize="on")
    config = ready(make_config("custom", **options))[0]
    run = RunController(config)
    run.step(5)
    snap = run.snapshot()
    data = load_data(config)
    assert snap.x.shape[1] == 3 and data.plane is not None
    grid = compute(snap, 7, 5)
    points = np.vstack([data.plane, data.plane_test])
    x0, x1, y0, y1 = plane(points)
    assert (grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]) == (x0, x1, y0, y1)
    learner = learner_from(config, snap.weights)
    for r, c in [(0, 0), (4, 6), (2, 3)]:
        row = standardize_input(data, np.array([grid.xs[c], grid.ys[r]]))
        assert abs(grid.outputs[r, c] - learner.predict(row)[0]) < 1e-12
    picture = nv.picture(snap, row=0, map_size=(7, 5))
    assert picture.layers[1].maps is not None and picture.mark is not None
    out = learner.net.forward(np.atleast_2d(standardize_input(data, np.array([x0, y1]))))
    np.testing.assert_allclose(picture.layers[-1].maps[:, 0, 0], out[-1][0], rtol=1e-12)


async def test_a_picked_csv_keeps_its_own_split_and_its_message_is_text(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,[b]c,label\n0,0,0\n1,[red]x,1\n0,1,1\n")
    good = tmp_path / "sixty.csv"
    good.write_text(
        "a,b,label\n" + "".join(f"{i % 7},{i % 5},{'yes' if i % 2 else 'no'}\n" for i in range(60))
    )
    app = TrainerApp(ready(make_config("custom", dataset="spiral"))[0], worker_mode="thread")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, FilePicker))
        path = app.screen.query_one("#picker-path", Input)
        path.value = str(bad)
        path.focus()
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#picker-error", Label).render())
        assert error == f"{bad}: row 3, column 2 ([b]c): '[red]x' is not a number"
        path.value = str(good)
        await pilot.press("enter")
        await settle(pilot, lambda: not isinstance(app.screen, FilePicker))
        snap = await until(app, lambda s: s.config.dataset == "csv")
        assert snap.config.test is None and len(snap.x) == 48 and len(snap.x_test) == 12  # a fifth held out
        assert snap.classes == ("no", "yes")
