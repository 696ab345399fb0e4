"""How worker children (training, sweeps) start: from a fork server with the engine preloaded.

No Textual here.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from multiprocessing.context import ForkServerContext, SpawnContext

# What a worker child needs, imported once by the fork server: each child then starts in about
# 20 ms instead of the 0.2-0.3 s a spawned interpreter takes to import numpy and the engine.
PRELOAD = ["numpy", "tui_nn.worker.loop", "tui_nn.run.sweep"]


def context() -> SpawnContext | ForkServerContext:
    """How worker children start: forked from a fork server where the platform has one (a clean
    single-threaded process started before the first child, so forking it is safe in a threaded
    app, unlike forking the app), else spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def prepare() -> None:
    """Start multiprocessing's helpers (the resource tracker, the fork server) while stderr is
    still a real file.

    Starting either from inside a running Textual app (stderr replaced) fails with
    "bad value(s) in fds_to_keep".
    """
    from multiprocessing import forkserver, resource_tracker

    with contextlib.redirect_stderr(sys.__stderr__ or open(os.devnull, "w")):  # noqa: SIM115
        resource_tracker.ensure_running()
        if context().get_start_method() == "forkserver":
            forkserver.ensure_running()


def proc_stat(pid: int | None) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name: ``[0]`` the state (R, S, T for
    stopped, Z, X), ``[1]`` the parent's pid, ``[11]`` and ``[12]`` user and system CPU ticks.
    None for a gone process or where there is no ``/proc``."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_time(pid: int | None) -> int | None:
    """The CPU time (clock ticks) process ``pid`` has used; None for a stopped process (SIGSTOP: it
    uses none and never will), a gone one, or where there is no ``/proc``."""
    fields = proc_stat(pid)
    if fields is None or fields[0] in ("T", "t", "Z", "X"):
        return None
    return int(fields[11]) + int(fields[12])
