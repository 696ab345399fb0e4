"""The app's reading end of the worker's pipe: whole messages only, never a wait without a bound.

``Connection.recv`` blocks until a whole message has come. A child stopped
(``kill -STOP``) in the middle of writing one, which for a snapshot larger than
the pipe's buffer is likely, would hold the reader there for good: no silence
is ever noticed and the app cannot even close. ``Frames`` reads what has come
into a buffer of its own, with a timeout, in the framing ``send_bytes`` writes
(a 4-byte big-endian length, or -1 and an 8-byte one), and unpickles only whole
messages. ``arrived`` says when the last bytes came: a big message still coming
shows the process is alive. No Textual here.
"""

from __future__ import annotations

import os
import struct
import time
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

READ_BYTES = 1 << 22  # at most this much per read: a big snapshot comes in a few hundred reads


class Frames:
    """``poll(timeout)``: is a whole message here (reading for at most ``timeout``)? ``recv()``: it."""

    def __init__(self, conn: Connection):
        self._conn = conn
        self._posix = os.name == "posix"  # elsewhere the pipe is no file select can wait on: recv it is
        self._fd = conn.fileno()
        self._buffer = bytearray()
        self.arrived = time.monotonic()  # when bytes last came

    def _whole(self) -> tuple[int, int] | None:
        """(header length, message length) of the first message if all of it is buffered."""
        buffer = self._buffer
        if len(buffer) < 4:
            return None
        (size,) = struct.unpack("!i", buffer[:4])
        head = 4
        if size == -1:
            if len(buffer) < 12:
                return None
            (size,), head = struct.unpack("!Q", buffer[4:12]), 12
        return (head, size) if len(buffer) >= head + size else None

    def poll(self, timeout: float) -> bool:
        """True as soon as a whole message is buffered; False after ``timeout`` without one.
        Raises EOFError when the other end closed the pipe."""
        if not self._posix:
            return self._conn.poll(timeout)
        end = time.monotonic() + timeout
        while self._whole() is None:
            if not wait([self._fd], max(0.0, end - time.monotonic())):  # poll(2): no FD_SETSIZE bound
                return False
            data = os.read(self._fd, READ_BYTES)
            if not data:
                raise EOFError
            self._buffer += data
            self.arrived = time.monotonic()
        return True

    def recv(self) -> Any:
        """The first whole message (``poll`` said there is one)."""
        if not self._posix:
            return self._conn.recv()
        whole = self._whole()
        if whole is None:
            raise BlockingIOError("no whole message yet")
        head, size = whole
        data = self._buffer[head : head + size]  # one copy (a snapshot can be hundreds of MB)
        del self._buffer[: head + size]
        return ForkingPickler.loads(data)
