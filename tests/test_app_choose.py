"""Choosing what the panels show: the landscape's two weights and span, relu-forward's inputs."""

import io

from rich.console import Console
from textual.widgets import Input, Label

from tui_nn.app.app import TrainerApp
from tui_nn.app.widgets.landscape import LandscapePanel
from tui_nn.core.landscape import busiest_pair, error_grid, next_weight
from tui_nn.run.build import learner_from
from tui_nn.run.config import make_config


def shown(app, selector):
    console = Console(file=io.StringIO(), width=200)
    console.print(app.query_one(selector).render())
    return console.file.getvalue()


async def new_grid(pilot, panel, count):
    """Wait until the panel has computed ``count`` grids (its thread worker answers)."""
    for _ in range(1000):
        if panel.computed >= count and panel.grid is not None:
            return panel.grid
        await pilot.pause(0.01)
    raise AssertionError(f"no grid {count}; computed {panel.computed}")


def engine_grid(app, panel, pair, span=10.0):
    snap = app.snapshot
    columns, rows = panel.grid_size()
    return error_grid(learner_from(snap.config, snap.weights), *pair, span=span, columns=columns, rows=rows)


async def test_landscape_maps_the_busiest_pair_then_the_weights_the_user_picks():
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space")
        snap = await app.until_answered()
        assert not app.check_action("map_next", (0,))  # x and y belong to the landscape view
        await pilot.press("g")
        panel = app.query_one(LandscapePanel)
        grid = await new_grid(pilot, panel, 1)
        pair = busiest_pair(learner_from(snap.config, snap.weights))
        assert (grid.first, grid.second) == pair
        assert (grid.errors == engine_grid(app, panel, pair).errors).all()
        assert app.query_one("#landscape-pair", Input).value == "synapse_0[1,2] synapse_1[2,0] 10"

        await pilot.press("x")  # the next weight on the x axis
        grid = await new_grid(pilot, panel, 2)
        moved = (next_weight([w.shape for w in snap.weights], pair[0], pair[1]), pair[1])
        assert (grid.first, grid.second) == moved
        assert (grid.errors == engine_grid(app, panel, moved).errors).all()

        await pilot.press("m")
        box = app.query_one("#landscape-pair", Input)
        assert box.has_focus
        box.value = "synapse_0[0,0] synapse_1[3,0] 3"
        await pilot.press("enter")
        grid = await new_grid(pilot, panel, 3)
        assert not box.has_focus  # enter hands the keys back to the app
        assert (grid.first, grid.second) == ((0, 0, 0), (1, 3, 0)) and grid.xs[-1] - grid.xs[0] == 6.0
        assert (grid.errors == engine_grid(app, panel, ((0, 0, 0), (1, 3, 0)), span=3.0).errors).all()
        assert "x synapse_0[0,0]  y synapse_1[3,0]  ±3" in shown(app, "#landscape-map")

        await pilot.press("m")
        box.value = "synapse_0[7,0] synapse_1[3,0]"
        await pilot.press("enter")
        await pilot.pause()
        assert "synapse_0 is 3x4" in shown(app, "#landscape-error")
        assert app.query_one("#landscape-error", Label).has_class("-shown")
        assert box.value == "synapse_0[0,0] synapse_1[3,0] 3"  # the old view stays
        assert panel.view.pair == ((0, 0, 0), (1, 3, 0))  # a grid redone for the message's line keeps it
        assert (panel.grid.first, panel.grid.second) == ((0, 0, 0), (1, 3, 0))

        await pilot.press("escape")  # the refused text stays selected in the field until escape leaves it
        await pilot.press("space")  # the chosen pair survives a step and a reset
        await app.until_answered()
        await pilot.press("0")
        await app.until_answered()
        await pilot.pause()
        assert panel.view.pair == ((0, 0, 0), (1, 3, 0))
        await pilot.press("plus")  # another net shape: back to the default pair
        snap = await app.until_answered()
        await pilot.pause()
        assert panel.view.pair == busiest_pair(learner_from(snap.config, snap.weights))


async def test_relu_forward_edits_its_two_inputs_one_field_each():
    app = TrainerApp(make_config("relu-forward"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.until_answered()
        await pilot.pause()
        first, second = app.query_one("#input-0", Input), app.query_one("#input-1", Input)
        assert (first.value, second.value) == ("2", "3") and first.display and second.display
        assert not app.query_one("#query-row").display
        assert "hidden 16 0  output 32" in shown(app, "#query-result")
        await pilot.press("i")
        assert first.has_focus
        first.value = "5"
        await pilot.press("enter")  # on to x2
        assert second.has_focus
        second.value = "-1"
        await pilot.press("enter")
        await pilot.pause()
        # node 0: 2*5 + 4*-1 = 6; node 1: relu(4*5 - 5*-1) = 25; output 2*6 + 7*25 = 187
        assert "hidden 6 25  output 187" in shown(app, "#query-result")
        await pilot.press("i")
        first.value = "abc"
        await pilot.press("enter")
        await pilot.pause()
        assert "x1 must be a finite number, got 'abc'" in shown(app, "#query-error")
        assert first.value == "5" and "output 187" in shown(app, "#query-result")
        await pilot.press("p")  # trask-1layer: the vector field is back
        await app.until_answered()
        await pilot.pause()
        assert app.query_one("#query-row").display and not app.query("#input-0")


async def test_direction_counts_in_the_app_equal_the_headless_cli(capsys):
    import json

    import numpy as np

    from tui_nn.app.widgets.weights import grid
    from tui_nn.cli import main

    assert main(["train", "--preset", "trask-xor", "--iterations", "700", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)["direction_changes"]
    app = TrainerApp(make_config("trask-xor"))
    async with app.run_test(size=(120, 40)) as pilot:
        app.send("step", 700)
        snap = await app.until_answered()
        await pilot.press("d")
        await pilot.pause()
        assert snap.iteration == 700 and app.show_counts
        for name, counts in zip(snap.names, snap.direction_changes):
            assert counts.tolist() == cli[name]
        shown_counts = [str(grid(w, c)) for w, c in zip(snap.weights, snap.direction_changes)]
        panel = " ".join(str(m.render()) for m in app.query("#weights Static"))
        assert all(text in panel for text in shown_counts)
        assert np.array(cli["synapse_0"]).sum() > 0  # the counts are not all zero
