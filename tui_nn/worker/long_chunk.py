"""One long chunk of training in a thread of the loop's process, so a pause is answered at once.

One iteration of a big net can take seconds, and the loop reads its pipe only
between chunks: a pause would wait for the iteration in progress. A chunk of one
slow iteration therefore runs in a thread of its own (``LongChunk``) while the
loop goes on reading. A pause (or a toggle, which pauses a running run) that
comes first is answered at once from the last snapshot the loop published: the
run is paused; the iteration in progress still completes (numpy cannot be
interrupted) and the next snapshot shows it. Every other command waits for the
chunk, in order, so acks stay in the order the app sent. Numpy releases the
interpreter inside its big operations, so the loop's reads go on meanwhile.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

import numpy as np

SLOW_SECONDS = 0.05  # an iteration this slow (or not yet timed) trains in a thread


class LongChunk:
    """Train ``n`` iterations with ``train`` in a thread; ``wait`` reads the pipe until it ends."""

    def __init__(self, train: Callable[[int], int], n: int):
        self.done = 0
        self.error: BaseException | None = None
        self._read, self._write = os.pipe()  # written when the chunk ends: the loop waits on it and the pipe
        self._thread = threading.Thread(target=self._train, args=(train, n), name="tui_nn-chunk", daemon=True)
        self._thread.start()

    def _train(self, train: Callable[[int], int], n: int) -> None:
        try:
            with np.errstate(all="ignore"):  # errstate is per thread
                self.done = train(n)
        except BaseException as exc:  # handed to the loop, which reports it
            self.error = exc
        finally:
            os.write(self._write, b"x")

    def wait(self, conn: Connection, early: Callable[[int, str], str]) -> tuple[int, list[tuple], bool]:
        """Until the chunk ends: read commands. A command no other waits before goes to ``early(ident,
        command)``, which answers it ("answered"), ends the loop ("quit": stop reading, leave the
        chunk) or lets it wait ("defer"). Returns (iterations trained, the commands that wait, in
        order, True if left for a quit)."""
        deferred: list[tuple] = []
        try:
            while True:
                ready = wait([conn, self._read])
                if conn in ready:
                    message = conn.recv()
                    said = "defer" if deferred else early(message[0], message[1])
                    if said == "quit":
                        return 0, deferred, True
                    if said == "defer":
                        deferred.append(message)
                    continue
                self._thread.join()
                if self.error is not None:
                    raise self.error
                return self.done, deferred, False
        finally:
            if not self._thread.is_alive():
                os.close(self._read)
                os.close(self._write)
