"""Helpers the app tests share: comparing matrices, waiting on the worker without timing, and
running the real command line under a pseudo-terminal."""

import asyncio
import os
import pty
import select
import signal
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def same(a, b):
    """Two sequences of matrices, equal bit for bit."""
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


async def until(app, check, timeout=20.0):
    """Wait until check(app.snapshot) holds (a generous timeout: a broken build fails, never hangs)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check(app.snapshot):
        assert loop.time() < end, f"gave up waiting; have {app.snapshot!r}"
        await asyncio.sleep(0.01)
    return app.snapshot


def run_in_pty(argv, env, act, timeout=30.0):
    """Run ``argv`` under a pseudo-terminal, as a person runs the app; one second after it has
    drawn an iteration (its worker is up), ``act(pid, fd)`` once (a key, a signal); read every byte
    until it ends. (wait status, bytes); a child still running at ``timeout`` is killed (the test
    then fails on its status instead of hanging)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execvpe(argv[0], argv, env)
    out, drawn, acted, deadline = b"", None, False, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 1 << 16)
            except OSError:
                break
            if not data:
                break
            out += data
        if drawn is None and b"iteration" in out:
            drawn = time.monotonic()
        if not acted and drawn is not None and time.monotonic() > drawn + 1.0:
            act(pid, fd)
            acted = True
    done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    return status, out
