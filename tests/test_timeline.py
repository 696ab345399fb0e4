"""The timeline and the pace, headless: any past iteration equals a fresh run of that length.

The references are fresh runs built from the same config (``build``) trained k
iterations: the timeline must rebuild that state bit for bit from its checkpoints,
for the fast kernels and the plain path alike, and continuing from iteration k must
end where the uninterrupted run ends.
"""

import json
import math

import numpy as np
import pytest
from helpers import same

from tui_nn.core.history import History
from tui_nn.io import session
from tui_nn.run.build import build
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController
from tui_nn.run.pace import AUTO, AUTO_SECONDS, MAX, fixed, parse_pace
from tui_nn.run.timeline import Timeline

CONFIGS = {
    "trask-xor": make_config(preset="trask-xor", iterations=6000),
    "xor-online": make_config(preset="xor-online", iterations=3000),
    "custom-minibatch-momentum-dropout": make_config(
        preset="custom", dataset="spiral", layers=(8, 8), activation="tanh", batch=16,
        optimizer="momentum", dropout=0.2, iterations=600, test=0.2,
    ),
}  # fmt: skip


def trained(config, chunk=97):
    controller = RunController(config)
    controller.run_to_target(chunk)
    return controller


def fresh(config, k):
    learner = build(config)
    learner.train(k)
    return learner


@pytest.mark.parametrize("name", CONFIGS)
def test_a_viewed_iteration_equals_a_fresh_run_of_that_length(name):
    config = CONFIGS[name]
    controller = trained(config)
    n = config.iterations
    for k in (0, 1, 3, 40, n // 3, n - 1, 17, n // 2 + 1):
        controller.view(k)
        snap = controller.snapshot()
        ref = fresh(config, k)
        assert snap.iteration == k and snap.latest == n and snap.viewing
        assert same(snap.weights, ref.params), k
        assert same(snap.direction_changes, ref.direction_changes), k
        assert np.array_equal(snap.outputs, ref.outputs_now()), k
        assert snap.error == ref.error() and snap.test_error == ref.test_error()
    controller.view(None)
    assert controller.snapshot().latest is None and controller.snapshot().iteration == n


@pytest.mark.parametrize("name", CONFIGS)
def test_continuing_from_an_earlier_iteration_equals_the_uninterrupted_run(name):
    config = CONFIGS[name]
    controller = trained(config)
    k = config.iterations // 3 + 5
    controller.view(k)
    controller.start()
    assert f"continued from iteration {k:,}" in controller.snapshot().note
    while controller.running:
        controller.run_chunk(101)
    ref = fresh(config, config.iterations)
    live = controller.training
    assert same(live.params, ref.params) and same(live.direction_changes, ref.direction_changes)
    assert same(live.history.envelope(), ref.history.envelope())
    assert same(live.test_history.envelope(), ref.test_history.envelope())


def test_stepping_at_a_viewed_iteration_continues_from_it():
    config = CONFIGS["trask-xor"]
    controller = trained(config)
    controller.move("to", "first")
    controller.move("by", 3)
    controller.step()
    assert controller.iteration == 4 and controller.snapshot().latest is None
    assert same(controller.training.params, fresh(config, 4).params)
    assert controller.timeline.iterations[-1] <= 4


def test_moves_are_relative_to_the_iteration_on_screen_and_stay_inside_the_run():
    controller = trained(CONFIGS["trask-xor"])
    controller.move("by", -1)
    assert controller.snapshot().iteration == 5999
    controller.move("by-share", -0.1)
    assert controller.snapshot().iteration == 5999 - 600
    controller.move("by", -(10**9))
    assert controller.snapshot().iteration == 0
    controller.move("by", 10**9)
    assert controller.snapshot().latest is None and controller.iteration == 6000


def test_an_alpha_change_mid_run_is_replayed_with_the_alpha_it_had():
    config = make_config(preset="trask-xor", iterations=3000)
    controller = RunController(config)
    controller.start()
    controller.run_chunk(1000)
    controller.apply(config.with_(alpha=0.1))
    controller.start()
    while controller.running:
        controller.run_chunk(250)
    ref = build(config)
    ref.train(1000)
    ref.alpha = 0.1
    ref.train(500)
    controller.view(1500)
    assert same(controller.snapshot().weights, ref.params)
    controller.view(700)
    assert same(controller.snapshot().weights, fresh(config, 700).params)
    controller.start()  # from 700 the run goes on with the alpha it had there
    assert controller.config.alpha == 1.0


def test_checkpoints_stay_within_their_budget_and_still_reach_every_iteration():
    config = CONFIGS["trask-xor"]
    controller = RunController(config)
    budget = 20_000
    controller.timeline = Timeline(controller.training, budget=budget, spacing=1e-9)
    controller.run_to_target(50)  # a checkpoint after every chunk: far over the budget, thinned
    timeline = controller.timeline
    assert timeline.nbytes <= budget and timeline.spacing > 1e-9 and len(timeline.checkpoints) > 2
    assert timeline.iterations[0] == 0
    for k in (1, 2999, 4321):
        controller.view(k)
        assert same(controller.snapshot().weights, fresh(config, k).params)


def test_a_saved_session_rewinds_after_a_load(tmp_path):
    config = CONFIGS["custom-minibatch-momentum-dropout"]
    controller = trained(config)
    path = tmp_path / "run.json"
    session.save(path, config, controller.training, controller.timeline)
    document = json.loads(path.read_text())
    assert document["timeline"]["first"] == 0 and len(document["timeline"]["checkpoints"]) <= 16
    loaded, _, saved = session.load_run(path)
    again = RunController(loaded, saved)
    for k in (0, 5, 333):
        again.view(k)
        assert same(again.snapshot().weights, fresh(config, k).params), k


def test_a_session_without_a_timeline_starts_its_timeline_where_it_was_saved(tmp_path):
    config = CONFIGS["trask-xor"]
    controller = trained(config)
    path = tmp_path / "run.json"
    session.save(path, config, controller.training)  # no timeline: as older files
    loaded, _, saved = session.load_run(path)
    again = RunController(loaded, saved)
    assert again.snapshot().first == 6000
    again.move("to", "first")
    assert again.snapshot().latest is None


def test_a_damaged_timeline_is_refused_with_one_line(tmp_path):
    config = CONFIGS["trask-xor"]
    controller = trained(config)
    path = tmp_path / "run.json"
    session.save(path, config, controller.training, controller.timeline)
    document = json.loads(path.read_text())
    document["timeline"]["first"] = 10**9
    path.write_text(json.dumps(document))
    with pytest.raises(session.Invalid, match="timeline"):
        session.load_run(path)


def test_history_cut_then_extended_holds_exactly_the_errors_it_covers():
    rng = np.random.default_rng(3)
    errors = rng.random(5000)
    for capacity in (2, 7, 64):
        for at in (0, 1, 999, 2500, 4999):
            history = History(capacity)
            for start in range(0, len(errors), 333):
                history.extend(start, errors[start : start + 333])
            end = history.cut(at)
            assert end <= at
            history.extend(end, errors[end:at])
            starts, lo, hi = history.envelope()
            bounds = [*starts.tolist(), at]
            for i in range(len(starts)):
                part = errors[bounds[i] : bounds[i + 1]]
                assert lo[i] == part.min() and hi[i] == part.max()


def test_pace_words_and_numbers():
    assert parse_pace("auto") == AUTO and parse_pace(" MAX ") == MAX
    assert parse_pace("20") == fixed(20) and parse_pace("3k") == fixed(3000)
    assert parse_pace(fixed(0.5).text) == fixed(0.5)
    for bad in ("0", "-1", "nan", "inf", "fast", "", "1e99"):
        with pytest.raises(ValueError, match="pace"):
            parse_pace(bad)


def test_the_ladder_goes_down_to_one_and_up_to_full_speed():
    pace = MAX
    seen = []
    for _ in range(12):
        pace = pace.slower(0, 100)
        seen.append(str(pace))
    assert seen[:3] == ["10k it/s", "3k it/s", "1k it/s"] and seen[-1] == "1 it/s"
    for _ in range(12):
        pace = pace.faster(0, 100)
    assert pace == MAX
    # From auto the next rung is the one past its speed where the run is now.
    assert AUTO.faster(1000, 60000) == fixed(1000) and AUTO.slower(1000, 60000) == fixed(300)


def test_auto_gives_each_decade_the_same_time_and_reaches_the_target_in_its_seconds():
    target = 60000

    def seconds_between(a, b):
        """Time auto takes from iteration a to b, stepping the pace's own clock."""
        position, t, dt = float(a), 0.0, 0.01
        while position < b:
            position = AUTO.due(position, int(position), target, dt)
            t += dt
        return t

    decades = [seconds_between(10**d - 1, 10 ** (d + 1) - 1) for d in range(1, 4)]
    assert max(decades) - min(decades) < 0.05
    assert math.isclose(seconds_between(0, target), AUTO_SECONDS, rel_tol=0.01)
    assert math.isclose(AUTO.eta(0, target), AUTO_SECONDS)
    assert fixed(20).eta(0, 100) == 5.0 and MAX.eta(0, 100) is None


def test_a_change_that_replaces_a_trained_run_says_so_and_undo_brings_it_back():
    config = CONFIGS["trask-xor"]
    controller = trained(config)
    before = [p.copy() for p in controller.training.params]
    controller.apply(config.with_(seed=2))
    assert controller.iteration == 0
    assert controller.snapshot().note == "new seed 2: u brings back the run at iteration 6,000"
    controller.step(5)
    controller.undo()
    assert controller.config == config and controller.iteration == 6000
    assert same(controller.training.params, before)
    assert "brought back the run at iteration 6,000" in controller.snapshot().note
    controller.view(3)  # its timeline came back with it
    assert same(controller.snapshot().weights, fresh(config, 3).params)
    controller.undo()  # and the other one again
    assert controller.config.seed == 2 and controller.iteration == 5


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda c: c.reset(), "reset to iteration 0"),
        (lambda c: c.apply(c.config.with_(hidden=5)), "hidden 5"),
        (lambda c: c.apply(make_config(preset="digits")), "preset digits"),
    ],
)
def test_every_replacing_change_can_be_undone(change, words):
    controller = RunController(make_config(preset="trask-xor", iterations=100))
    controller.step(7)
    change(controller)
    assert controller.snapshot().note.startswith(f"{words}: u brings back the run at iteration 7")
    controller.undo()
    assert controller.iteration == 7 and controller.config.preset == "trask-xor"


def test_nothing_to_undo_says_so_and_an_untrained_run_is_not_kept():
    controller = RunController(CONFIGS["trask-xor"])
    controller.undo()
    assert controller.snapshot().note == "no replaced run to bring back"
    controller.apply(controller.config.with_(seed=9))  # nothing trained: nothing replaced
    assert controller.replaced is None and controller.snapshot().note == ""


def test_a_saturated_run_says_so_and_a_learned_one_does_not():
    stuck = RunController(make_config(alpha=1000, iterations=3000))
    stuck.run_to_target(500)
    assert stuck.snapshot().note == "sigmoids saturated: outputs stuck at 0 or 1 (try a smaller alpha)"
    learned = RunController(make_config(iterations=20000))
    learned.run_to_target(5000)
    assert learned.snapshot().note == ""
    assert RunController(make_config(alpha=1000)).snapshot().note == ""  # not yet trained
