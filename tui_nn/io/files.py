"""Writing files so that a crash or a full disk never leaves half of one (numpy-free)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from tui_nn.core.validation import Invalid


def write_atomic(path: str | Path, data: bytes, field: str = "save") -> None:
    """A temporary file in the same folder, flushed, then renamed over ``path``.

    A crash or a full disk mid-write leaves the previous file as it was; any failure
    raises ``Invalid(field, ...)`` with one line for the user.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise Invalid(field, f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.chmod(temporary, _file_mode(path))
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise Invalid(field, f"cannot write {path}: {exc.strerror or exc}") from None


def _file_mode(path: Path) -> int:
    """The mode the file keeps (or a new file's, after the umask): mkstemp makes it 0600."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
