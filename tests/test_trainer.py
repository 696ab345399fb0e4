"""The headless loop the app's worker runs: RunController, the worker protocol, no Textual."""

import numpy as np
import pytest

from tui_nn.io import session
from tui_nn.run.build import build, ready
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController, Snapshot, next_preset_config
from tui_nn.worker.client import WorkerClient
from tui_nn.worker.loop import Reply, WorkerError


def same(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def test_step_equals_engine():
    config = make_config()
    trainer = RunController(config)
    assert trainer.step() == 1
    ref = build(config)
    ref.train(1)
    snap = trainer.snapshot()
    assert snap.iteration == 1 and snap.state == "paused"
    assert same(snap.weights, ref.weights)
    assert snap.error == ref.error()


def test_snapshot_is_a_copy():
    trainer = RunController(make_config())
    snap = trainer.snapshot()
    trainer.step(5)
    assert same(snap.weights, build(make_config()).weights)
    assert snap.iteration == 0


def test_run_stops_at_target_and_alpha_keeps_weights():
    config = make_config(iterations=300)
    trainer = RunController(config)
    trainer.start()
    trainer.run_chunk(100)
    before = [w.copy() for w in trainer.training.weights]
    trainer.apply(config.with_(alpha=10))
    assert same(trainer.training.weights, before) and trainer.iteration == 100
    assert trainer.running
    while trainer.running:
        trainer.run_chunk(64)
    assert trainer.state == "done" and trainer.iteration == 300
    ref = build(config)
    ref.train(100)
    ref.alpha = 10.0
    ref.train(200)
    assert same(trainer.training.weights, ref.weights)
    assert trainer.step() == 0  # at the target nothing runs
    trainer.apply(trainer.config.with_(iterations=400))
    assert trainer.state == "paused"


def test_hidden_seed_preset_reinitialise_and_reset_rewinds():
    trainer = RunController(make_config())
    trainer.step(10)
    trainer.apply(trainer.config.with_(hidden=7))
    assert trainer.iteration == 0 and same(trainer.training.weights, build(make_config(hidden=7)).weights)
    trainer.step(3)
    trainer.reset()
    assert trainer.iteration == 0 and same(trainer.training.weights, build(make_config(hidden=7)).weights)
    trainer.apply(trainer.config.with_(seed=2))
    assert same(trainer.training.weights, build(make_config(hidden=7, seed=2)).weights)
    nxt = next_preset_config(make_config("relu-forward", seed=3))
    assert nxt == make_config("trask-1layer")  # the next preset with its own defaults, seed included


def test_divergence_pauses_with_state_diverged():
    trainer = RunController(make_config())
    trainer.step(2)
    trainer.training.weights[1][0, 0] = np.inf
    trainer.start()
    trainer.run_chunk(100)
    assert trainer.state == "diverged" and not trainer.running
    assert "iteration" in trainer.snapshot().note
    assert trainer.step() == 0


def test_forward_only_preset_is_done():
    trainer = RunController(make_config("relu-forward"))
    assert trainer.state == "done"
    trainer.step()
    snap = trainer.snapshot()
    assert snap.error is None and float(snap.outputs[0, 0]) == 32.0


@pytest.mark.parametrize("mode", ["thread", "process"])
def test_worker_protocol(mode):
    config = make_config(iterations=10**9)
    client = WorkerClient(config, mode=mode)
    client.start()
    try:

        def answer(ident):
            while True:
                snap = client.poll(10)
                assert snap is not None and not isinstance(snap, WorkerError), snap
                if snap.ack >= ident:
                    return snap

        snap = answer(client.send("step", 1))
        ref = build(config)
        ref.train(1)
        assert snap.iteration == 1 and same(snap.weights, ref.weights)
        answer(client.send("run"))
        snap = answer(0)
        while snap.iteration < 5000 or snap.eta is None:
            snap = answer(0)
        assert 0 < snap.eta < float("inf")  # the run's ETA, timed by the worker
        paused = answer(client.send("pause"))
        assert paused.state == "paused" and paused.iteration >= 5000 and paused.eta is None
        assert answer(client.send("snapshot")).iteration == paused.iteration
        snap = answer(client.send("reset"))
        assert snap.iteration == 0 and same(snap.weights, build(config).weights)
    finally:
        client.close()
    assert not client.alive


def test_a_big_net_answers_a_pause_after_a_few_iterations_not_a_fixed_first_chunk():
    """Chunks are sized from measured time from the first one on: on a net whose iteration takes
    several ms the pause lands after a handful of iterations (a first chunk of 64 held it for 64),
    and a change from a small net to a big one measures afresh instead of running the small net's
    chunk of thousands."""
    small = ready(make_config("custom", dataset="spiral", layers=(4,), iterations=10**6))[0]
    big = ready(make_config("custom", dataset="spiral", layers=(1024, 1024), iterations=10**6))[0]
    client = WorkerClient(big, mode="thread")
    client.start()
    try:

        def answer(ident):
            while True:
                snap = client.poll(30)
                assert snap is not None and not isinstance(snap, WorkerError), snap
                if snap.ack >= ident:
                    return snap

        answer(client.send("run"))
        paused = answer(client.send("pause"))
        assert paused.state == "paused" and paused.iteration < 16, paused.iteration
        answer(client.send("config", small))
        snap = answer(client.send("run"))
        while snap.iteration < 5000:  # the small net's chunks have grown to thousands
            snap = answer(0)
        answer(client.send("pause"))
        answer(client.send("config", big))
        answer(client.send("run"))
        paused = answer(client.send("pause"))
        assert paused.iteration < 16, paused.iteration
    finally:
        client.close()


@pytest.mark.parametrize("mode", ["thread", "process"])
def test_worker_saves_and_loads_sessions(mode, tmp_path):
    config = make_config("digits", iterations=10**9)
    client = WorkerClient(config, mode=mode)
    client.start()
    try:

        def reply_to(ident):
            while True:
                item = client.poll(10)
                assert item is not None and not isinstance(item, WorkerError), item
                if isinstance(item, Reply) and item.ident == ident:
                    return item

        client.send("step", 30)
        path = tmp_path / "s.json"
        ok = reply_to(client.send("save", str(path)))
        assert ok.ok and ok.text == f"saved {path} (iteration 30)"
        bad = reply_to(client.send("save", str(tmp_path / "no" / "s.json")))
        assert not bad.ok and bad.text.startswith(f"cannot write {tmp_path / 'no' / 's.json'}: ")
        assert client.replies == [ok, bad]
        loaded_config, loaded = session.load(path)
        client.send("reset")
        ident = client.send("load", (loaded_config, loaded.state()))
        while not isinstance(snap := client.poll(10), Snapshot) or snap.ack < ident:
            pass
        ref = build(config)
        ref.train(30)
        assert snap.iteration == 30 and snap.state == "paused" and same(snap.weights, ref.weights)
    finally:
        client.close()


def test_worker_saves_a_custom_run(tmp_path):
    from tui_nn.io import session
    from tui_nn.run.build import ready
    from tui_nn.run.config import make_config

    config = ready(make_config("custom", dataset="xor", points="40"))[0]
    client = WorkerClient(config, mode="thread")
    client.start()
    try:
        client.send("step", 4)
        ident = client.send("save", str(tmp_path / "c.json"))
        while not client.replies:
            assert not isinstance(client.poll(10), WorkerError)
        assert client.replies[0].ident == ident and client.replies[0].ok
        assert "(iteration 4)" in client.replies[0].text
    finally:
        client.close()
    loaded, training = session.load(tmp_path / "c.json")
    assert loaded == config and training.iteration == 4
