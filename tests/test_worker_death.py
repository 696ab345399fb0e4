"""The training process killed or stopped under the app: noticed, said, the run kept and restarted.

Each test runs the real app (Pilot) with its real child process and then kills
or stops that child, as ``kill -9`` / ``kill -STOP`` from another terminal would.
Numbers after a restart are compared with a headless run of the same length.
"""

import asyncio
import contextlib
import json
import multiprocessing
import os
import signal
import struct
import threading
import time
from multiprocessing.reduction import ForkingPickler

from helpers import same, until

from tui_nn.app.app import TrainerApp
from tui_nn.app.recovery import STOPPED_LINE
from tui_nn.run.config import make_config
from tui_nn.run.controller import RunController
from tui_nn.worker.children import cpu_time, proc_stat
from tui_nn.worker.client import MAX_QUEUED, WorkerClient, WorkerStopped
from tui_nn.worker.frames import Frames
from tui_nn.worker.liveness import MAX_EXCUSED, STALL_SECONDS
from tui_nn.worker.protocol import Answer, Beat, Channel, Reply

BIG = 10**9


def status(app):
    return str(app.query_one("#status").render())


def gone(pid):
    """The process is neither running nor a zombie (it was reaped)."""
    fields = proc_stat(pid)
    return fields is None or fields[0] == "X"


def ended(pid):
    """Kill ``pid`` if it is still there (a stopped process ignores everything else)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


async def running_with_a_checkpoint(app, past=0):
    await app.until_answered()
    app.action_run()
    await until(app, lambda s: s.state == "running")
    loop = asyncio.get_running_loop()
    end = loop.time() + 20
    while (c := app.client.checkpoint) is None or int(c.state["iteration"]) <= past:
        assert loop.time() < end, "no checkpoint while running"
        await asyncio.sleep(0.01)
    return int(app.client.checkpoint.state["iteration"])


async def test_kill_9_is_said_within_a_second_r_restarts_from_the_checkpoint_and_q_saves(tmp_path):
    config = make_config(preset="trask-xor", iterations=BIG)
    path = tmp_path / "at-quit.json"
    app = TrainerApp(config, save_at_exit=str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await running_with_a_checkpoint(app)
        pid = app.client.pid
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        await until(app, lambda s: s.state == "stopped", timeout=15)
        noticed = time.monotonic() - killed
        assert noticed < 10, f"noticed after {noticed:.2f} s"
        await pilot.pause()
        assert STOPPED_LINE in status(app) and "stopped" in status(app)
        assert "SIGKILL" in app.client.stopped
        assert app.snapshot.iteration > 0  # the last weights stay on screen
        assert gone(pid)
        kept = int(app.client.checkpoint.state["iteration"])

        await pilot.press("space")  # a key that needs the worker says what to do
        assert STOPPED_LINE in status(app)

        await pilot.press("r")  # restart from the checkpoint, running
        await until(app, lambda s: s.state == "running" and s.iteration > kept)
        assert STOPPED_LINE not in status(app)
        app.send("pause")
        snap = await app.until_answered()
        headless = RunController(config)
        headless.step(snap.iteration)
        assert same(snap.weights, headless.snapshot().weights)  # continued bit for bit
        assert app.client.pid != pid

        os.kill(app.client.pid, signal.SIGKILL)  # and dead again at quit: --save still written
        await until(app, lambda s: s.state == "stopped", timeout=15)
        final = int(app.client.checkpoint.state["iteration"])
        await pilot.press("q")
    assert app.sessions.exit_save_status() == 0
    assert json.loads(path.read_text())["state"]["iteration"] == final


async def test_a_stopped_child_is_noticed_ended_and_reaped_and_ctrl_s_saves_its_checkpoint(tmp_path, request):
    config = make_config(preset="trask-xor", iterations=BIG)
    app = TrainerApp(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await running_with_a_checkpoint(app)
        pid = app.client.pid
        request.addfinalizer(lambda: ended(pid))  # a failing test leaves no stopped process behind
        os.kill(pid, signal.SIGSTOP)
        stopped = time.monotonic()
        for _ in range(5000):  # keys pile up for a child that does not read: the UI never waits
            app.send("rows", 0)
        await until(app, lambda s: s.state == "stopped", timeout=15)
        noticed = time.monotonic() - stopped
        assert noticed < 10, f"noticed after {noticed:.2f} s"
        assert "stopped answering" in app.client.stopped
        await until(app, lambda s: gone(pid))  # killed and reaped, no zombie
        kept = int(app.client.checkpoint.state["iteration"])
        assert kept > 0

        app.sessions.save(str(tmp_path / "saved.json"))
        await pilot.pause()
        assert f"(iteration {kept:,})" in status(app)
        saved = json.loads((tmp_path / "saved.json").read_text())
        assert saved["state"]["iteration"] == kept


def test_sends_to_a_stopped_child_never_block_and_stay_bounded(request):
    client = WorkerClient(make_config(preset="trask-xor", iterations=BIG))
    client.start()
    try:
        assert client.poll(10) is not None  # it is up
        client.send("run")
        request.addfinalizer(lambda pid=client.pid: ended(pid))
        os.kill(client.pid, signal.SIGSTOP)
        sender = threading.Thread(target=lambda: [client.send("rows", k % 7) for k in range(20000)])
        sender.start()
        sender.join(30)
        assert not sender.is_alive(), "send blocked on a stopped child"
        assert len(client._outbox) <= MAX_QUEUED
        for _ in range(5):
            client.send("step", 1)  # merged into one
        end, told = time.monotonic() + 10, None
        while told is None and time.monotonic() < end:
            item = client.poll(0.05)
            told = item if isinstance(item, WorkerStopped) else None
        assert told is not None and "stopped answering" in told.reason
        assert client.poll(0.05) is None  # said once
    finally:
        client.close(timeout=0)


def test_a_stopped_child_is_noticed_even_when_every_wait_looks_starved(request):
    """Silence after a starved wait is excused, but never more than MAX_EXCUSED in all: on a loaded
    machine whose every poll oversleeps, a stopped child is still found."""
    client = WorkerClient(make_config(preset="trask-xor", iterations=BIG))
    client.start()
    try:
        assert client.poll(10) is not None
        request.addfinalizer(lambda pid=client.pid: ended(pid))
        os.kill(client.pid, signal.SIGSTOP)
        stopped, told = time.monotonic(), None
        while told is None and time.monotonic() - stopped < STALL_SECONDS + MAX_EXCUSED + 5:
            client.liveness.excused = time.monotonic()  # as the starved-wait rule does on each poll
            item = client.poll(0.05)
            told = item if isinstance(item, WorkerStopped) else None
        assert told is not None and "stopped answering" in told.reason
        assert time.monotonic() - stopped >= MAX_EXCUSED  # not before the excuse ran out
    finally:
        client.close(timeout=0)


def test_a_silent_child_whose_cpu_time_moves_is_busy_not_stopped(request):
    """A big net's step can hold the child's interpreter past its heartbeat: its CPU time still
    moves, so the silence is taken for work; stopped, the same silence ends it."""
    client = WorkerClient(make_config(preset="trask-xor", iterations=BIG))
    client.start()
    try:
        assert client.poll(10) is not None
        client.send("run")
        assert client.poll(5) is not None
        request.addfinalizer(lambda pid=client.pid: ended(pid))
        long_ago = time.monotonic() - 60
        liveness = client.liveness
        liveness.heard = liveness.excused = long_ago  # as if no word had come for a minute
        liveness.cpu = cpu_time(client.pid)
        time.sleep(0.2)  # it trains meanwhile
        assert not liveness.silent(client.pid) and client.stopped is None
        os.kill(client.pid, signal.SIGSTOP)
        liveness.heard = liveness.excused = long_ago
        assert liveness.silent(client.pid)
    finally:
        client.close(timeout=0)


def test_a_burst_of_steps_is_merged_into_one_command():
    client = WorkerClient(make_config(preset="trask-xor"), mode="thread")
    client.start()
    try:
        assert client.poll(10) is not None
        with client._wake:  # the sending thread waits for this lock: the steps queue up
            idents = [client.send("step", 1) for _ in range(50)]
            assert list(client._outbox) == [(idents[-1], "step", 50)]
        end = time.monotonic() + 10
        while time.monotonic() < end:
            snap = client.poll(0.1)
            if snap is not None and getattr(snap, "ack", 0) == idents[-1]:
                break
        assert snap.iteration == 50
    finally:
        client.close()


def slow_iterations(monkeypatch, seconds):
    """Every chunk the loop trains takes ``seconds`` more, as one iteration of a big net does; the
    event returned is set each time one starts, its ``at`` the iteration it starts from (the loop runs
    in a thread of this process)."""
    chunk, started = RunController.run_chunk, threading.Event()

    def slow(self, n):
        started.at = self.iteration  # type: ignore[attr-defined]
        started.set()
        time.sleep(seconds)
        return chunk(self, n)

    monkeypatch.setattr(RunController, "run_chunk", slow)
    return started


async def test_a_pause_inside_a_long_iteration_is_answered_at_once_and_a_run_key_says_it_waits(monkeypatch):
    started = slow_iterations(monkeypatch, 2.0)
    app = TrainerApp(make_config(preset="trask-xor", iterations=BIG), worker_mode="thread")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.until_answered()
        await pilot.press("r")
        await until(app, lambda s: s.state == "running" and s.iteration >= 1)
        started.clear()
        await asyncio.to_thread(started.wait, 10)  # the loop is inside its next iteration now
        inside = started.at
        await until(app, lambda s: s.iteration == inside)  # the snapshot from before it has come
        await pilot.press("r")  # pause: answered from the last snapshot, the iteration still going
        snap = await app.until_answered(timeout=1.5)
        assert snap.state == "paused" and snap.iteration == inside
        await pilot.press("r")  # run again: it waits for the iteration in progress, and says so
        loop = asyncio.get_running_loop()
        end = loop.time() + 10
        while "busy in an iteration" not in status(app):
            assert loop.time() < end and app.snapshot.ack < app.sent, status(app)
            await asyncio.sleep(0.02)
        await until(app, lambda s: s.state == "running" and s.iteration > inside)
        app.send("pause")
        snap = await app.until_answered(timeout=5)
        await pilot.pause(0.2)
        assert "busy" not in status(app)
    headless = RunController(make_config(preset="trask-xor", iterations=BIG))
    headless.step(snap.iteration)
    assert same(snap.weights, headless.snapshot().weights)  # the iteration that went on was not lost


def test_a_quit_inside_a_long_iteration_ends_the_process_at_once(monkeypatch):
    """The child's loop leaves the chunk it is in for a quit (the forkserver child inherits no
    monkeypatch, so the long iteration is a thread-mode loop's)."""
    started = slow_iterations(monkeypatch, 3.0)
    client = WorkerClient(make_config(preset="trask-xor", iterations=BIG), mode="thread")
    client.start()
    assert client.poll(10) is not None
    client.send("run")
    assert started.wait(10)
    began = time.monotonic()
    client.close(timeout=2.0)
    assert time.monotonic() - began < 1.5  # the loop answered the quit, not the end of the iteration


async def test_q_with_save_while_the_worker_cannot_answer_writes_its_last_checkpoint(
    monkeypatch, tmp_path, capsys, request
):
    monkeypatch.setattr("tui_nn.app.sessions.SAVE_WAIT", 0.5)
    path = tmp_path / "run.json"
    app = TrainerApp(make_config(preset="trask-xor", iterations=BIG), save_at_exit=str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await running_with_a_checkpoint(app)
        request.addfinalizer(lambda pid=app.client.pid: ended(pid))
        os.kill(app.client.pid, signal.SIGSTOP)  # it will never answer the save; quit before it is noticed
        await pilot.press("q")
    kept = int(app.client.checkpoint.state["iteration"])
    assert kept > 0 and app.sessions.exit_save_status() == 0
    assert "last checkpoint" in capsys.readouterr().out
    assert json.loads(path.read_text())["state"]["iteration"] == kept


def test_the_channel_keeps_one_waiting_snapshot_and_an_answer_goes_before_them():
    """Queued while the sending thread is busy: a newer snapshot replaces the one waiting, an
    Answer (a pause inside a long iteration) drops the waiting snapshots it outdates, and
    replies are never dropped; what is queued is written before the channel closes."""
    ours, theirs = multiprocessing.Pipe()
    channel = Channel(theirs)
    channel.send("snapshot 1", "snapshot")
    channel.send(Reply(1, "save", True, "saved"))
    channel.send("snapshot 2", "snapshot")
    channel.send("snapshot 3", "snapshot")
    assert [item for item, _ in channel._queue] == [
        "snapshot 1",
        Reply(1, "save", True, "saved"),
        "snapshot 3",
    ]
    channel.send(Answer(2, "paused"), "answer")
    assert [item for item, _ in channel._queue] == [Reply(1, "save", True, "saved"), Answer(2, "paused")]
    with channel:
        pass  # leaving flushes
    got = []
    while ours.poll(1):
        item = ours.recv()
        if not isinstance(item, Beat):
            got.append(item)
        if len(got) == 2:
            break
    assert got == [Reply(1, "save", True, "saved"), Answer(2, "paused")]


def test_a_message_half_written_never_holds_the_reader():
    """A child stopped in the middle of writing a message leaves half of it in the pipe: the
    reader waits for the rest no longer than it was asked to, and takes it whole once it comes."""
    ours, theirs = multiprocessing.Pipe()
    frames = Frames(ours)
    data = ForkingPickler.dumps(("a snapshot", b"x" * 100_000))
    framed = struct.pack("!i", len(data)) + data
    theirs.send("first")  # a whole one first, then half of the next
    sent = os.write(theirs.fileno(), framed[:50_000])
    began = time.monotonic()
    assert frames.poll(0.2) and frames.recv() == "first"
    assert not frames.poll(0.2)
    assert time.monotonic() - began < 2
    os.write(theirs.fileno(), framed[sent:])
    assert frames.poll(2) and frames.recv() == ("a snapshot", b"x" * 100_000)


def test_a_child_stopped_while_its_pipe_is_full_is_still_noticed(request):
    """Nobody reads for a while, so the child's writes fill the pipe and it is stopped mid-message
    most times: the client still finds it stopped (it once waited for the rest for good)."""
    for _ in range(3):
        client = WorkerClient(make_config(preset="trask-xor", iterations=BIG))
        client.start()
        try:
            assert client.poll(10) is not None
            client.send("run")
            time.sleep(0.5)  # the pipe fills: the child blocks in a write
            request.addfinalizer(lambda pid=client.pid: ended(pid))
            os.kill(client.pid, signal.SIGSTOP)
            told: list = []

            def watch(client=client, told=told):
                end = time.monotonic() + 15
                while not told and time.monotonic() < end:
                    item = client.poll(0.05)
                    if isinstance(item, WorkerStopped):
                        told.append(item)

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            watcher.join(20)
            assert not watcher.is_alive(), "the reader is stuck in half a message"
            assert told and "stopped answering" in told[0].reason
        finally:
            client.close(timeout=0)
