"""Run the real app under a pseudo-terminal, as a person's terminal runs it, and watch it.

The harness plays a modern terminal: it answers Textual's query for synchronized
output (mode 2026), so every frame the app draws arrives wrapped in
``ESC[?2026h ... ESC[?2026l`` and frames can be counted exactly. Every byte read
is kept with its arrival time. With ``TUI_NN_TRACE`` set, the app appends
``<monotonic time> key <name>`` lines when a key handler runs, which gives the
latency from a key written here to its handler (both sides read CLOCK_MONOTONIC).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAME_START = b"\x1b[?2026h"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
ESCAPE = re.compile(rb"\x1b\[[0-9;?<>=$ ]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class PtyApp:
    def __init__(self, *args: str, columns: int = 120, rows: int = 40, env: dict[str, str] | None = None):
        self.trace = Path(tempfile.mkstemp(prefix="tui_nn_trace_")[1])
        environment = {**os.environ, "TERM": "xterm-256color", "TUI_NN_TRACE": str(self.trace), **(env or {})}
        environment.pop("NO_COLOR", None)
        self.chunks: list[tuple[float, bytes]] = []
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the app
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.chdir(ROOT)
            os.execvpe(sys.executable, [sys.executable, "-m", "tui_nn", *args], environment)
        self.pid, self.fd = pid, fd
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._done.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                break
            if not data:
                break
            now = time.monotonic()
            if SYNC_QUERY in data:
                os.write(self.fd, SYNC_REPLY)
            with self._lock:
                self.chunks.append((now, data))
        self._done.set()

    def send(self, keys: str) -> float:
        """Write keys as typed; returns the monotonic time of the write."""
        now = time.monotonic()
        os.write(self.fd, keys.encode())
        return now

    def since(self, t0: float, t1: float | None = None) -> bytes:
        with self._lock:
            return b"".join(d for t, d in self.chunks if t >= t0 and (t1 is None or t < t1))

    def text_since(self, t0: float) -> str:
        return ESCAPE.sub(b"", self.since(t0)).decode("utf-8", "replace")

    def wait_for(self, pattern: str, since: float, timeout: float = 10.0) -> float | None:
        """Monotonic time of the first chunk after which the screen text matches pattern."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            with self._lock:
                chunks = [(t, d) for t, d in self.chunks if t >= since]
            seen = b""
            for t, data in chunks:
                seen += data
                if regex.search(ESCAPE.sub(b"", seen).decode("utf-8", "replace")):
                    return t
            time.sleep(0.01)
        return None

    def frames(self, t0: float, t1: float) -> int:
        return self.since(t0, t1).count(FRAME_START)

    def key_times(self) -> list[tuple[float, str]]:
        """(monotonic time, key) for every key handler the app ran."""
        out = []
        for line in self.trace.read_text().splitlines():
            stamp, kind, name = line.split(" ", 2)
            if kind == "key":
                out.append((float(stamp), name))
        return out

    def close(self, timeout: float = 5.0) -> float | None:
        """Press q; returns seconds until the process exited (None: it had to be killed)."""
        start = time.monotonic()
        with contextlib.suppress(OSError):
            os.write(self.fd, b"q")
        exited = None
        while time.monotonic() - start < timeout:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                exited = time.monotonic() - start
                break
            time.sleep(0.005)
        if exited is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        self._done.set()
        self._reader.join(1)
        os.close(self.fd)
        self.trace.unlink(missing_ok=True)
        return exited
