"""Reading a file the user named: a regular file only, and no more than a cap.

A FIFO, ``/dev/zero`` or ``/dev/urandom`` given as a CSV or a session would block
forever or read until memory runs out. ``read_regular`` opens without blocking
(``O_NONBLOCK``: opening a FIFO with no writer returns at once), asks the opened
descriptor what it is (``fstat``, so the answer is about the file read, not about
whatever the path names a moment later), refuses anything but a regular file or
one larger than the cap with one line, and never reads past the cap (a file that
grows while being read is refused too). It lives here, below ``io``, because CSV
files are read here and sessions in ``io``. Standard library only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui_nn.core.validation import Invalid

MB = 2**20
CSV_LIMIT = 200 * MB  # a CSV this big is far beyond what a tiny net learns from in a terminal
SESSION_LIMIT = 64 * MB  # a session of the largest net the fields allow, with its timeline, is far less

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symlink"),
)


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ('a character device'); '' for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def size_text(size: int) -> str:
    """'201 MB' (rounded up, so a file just over a cap never reads as the cap), or '10 bytes'."""
    return f"{-(-size // MB)} MB" if size >= MB else f"{size} bytes"


def named(path: str | Path) -> str:
    """A path for a one-line message: as it is when printable, else quoted (a file name may hold a
    line break, which ``repr`` shows as ``\\n``)."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def read_regular(path: str | Path, field: str, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path``, or ``Invalid(field, ...)``: cannot be opened, is not a regular file
    (a FIFO, a device, a folder, a socket: named), or holds more than ``limit`` bytes."""
    shown = named(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise Invalid(field, f"cannot read {shown}: {exc.strerror or exc}") from None
    try:
        status = os.fstat(descriptor)
        kind = kind_of(status.st_mode)
        if kind:
            raise Invalid(field, f"{shown} is not a regular file ({kind}): give a {what}")
        if status.st_size > limit:
            raise Invalid(field, f"{shown} is {size_text(status.st_size)}: {_cap(limit, what)}")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(limit + 1 - total, 16 * MB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise Invalid(field, f"{shown} grew past {size_text(limit)} while read: {_cap(limit, what)}")
        return b"".join(chunks)
    except OSError as exc:
        raise Invalid(field, f"cannot read {shown}: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)


def _cap(limit: int, what: str) -> str:
    return f"a {what} may hold at most {size_text(limit)}"
