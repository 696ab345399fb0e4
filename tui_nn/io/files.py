"""Writing files so that a crash or a full disk never leaves half of one (numpy-free).

Only a regular file is ever replaced: a target that is a FIFO, a device node
(``/dev/null``, which a rename as root would replace), a folder or a socket is
refused with one line. A symlink is written through: the file it points to is
replaced (atomically, beside it) and the link stays. The temporary file is
``.NAME.tui_nn-XXXX.tmp`` beside the target; a save killed mid-write leaves only
that, and ours older than an hour are removed at the next save of that name.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import time
from pathlib import Path

from tui_nn.core.validation import Invalid
from tui_nn.data.reading import kind_of, named

TEMPORARY = ".tui_nn-"  # between the target's name and the random part: ours, recognisably
STALE_SECONDS = 3600  # a temporary this old is no save still being written
_NAME = 100  # characters of the target's name kept in the temporary's (names stay under 255)


def target_of(path: str | Path, field: str = "save") -> Path:
    """The file a write to ``path`` replaces (a symlink's target, resolved), or Invalid when
    that exists and is not a regular file."""
    path = Path(path)
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise Invalid(field, f"cannot write {named(path)}: {exc.strerror or exc}") from None
    if not stat.S_ISLNK(mode):
        _refuse_unless_regular(path, mode, field)
        return path
    real = Path(os.path.realpath(path))
    try:
        _refuse_unless_regular(path, real.stat().st_mode, field, f" (it links to {real})")
    except FileNotFoundError:
        pass  # a dangling link: the file it names is created
    except OSError as exc:
        raise Invalid(field, f"cannot write {named(path)}: {exc.strerror or exc}") from None
    return real


def _refuse_unless_regular(path: Path, mode: int, field: str, via: str = "") -> None:
    kind = kind_of(mode)
    if kind == "a folder":
        raise Invalid(field, f"{named(path)}{via} is a folder: give a file name")
    if kind:
        raise Invalid(field, f"{named(path)}{via} is {kind}: not replaced")


def write_atomic(path: str | Path, data: bytes, field: str = "save") -> None:
    """A temporary file in the same folder, flushed, then renamed over ``path`` (over the file it
    links to, for a symlink).

    A crash or a full disk mid-write leaves the previous file as it was; any failure, or a
    target that is not a regular file, raises ``Invalid(field, ...)`` with one line for the user.
    """
    shown = Path(path)
    path = target_of(shown, field)
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name[:_NAME]}{TEMPORARY}"
    try:
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise Invalid(field, f"cannot write {named(shown)}: {exc.strerror or exc}") from None
    try:
        os.chmod(temporary, _file_mode(path))
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as exc:  # a full disk, or ctrl+c: the temporary goes either way
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise Invalid(field, f"cannot write {named(shown)}: {exc.strerror or exc}") from None
        raise
    remove_stale(folder, prefix)


def remove_stale(folder: Path, prefix: str, now: float | None = None) -> list[Path]:
    """Remove our temporaries ``prefix*.tmp`` in ``folder`` older than ``STALE_SECONDS`` (left by
    a killed save): regular files of this user only; whatever else is there stays."""
    now = time.time() if now is None else now
    user = os.getuid() if hasattr(os, "getuid") else None
    removed = []
    for name in glob.glob(glob.escape(str(folder / prefix)) + "*.tmp"):
        with contextlib.suppress(OSError):
            status = os.lstat(name)
            ours = user is None or status.st_uid == user
            if stat.S_ISREG(status.st_mode) and ours and now - status.st_mtime > STALE_SECONDS:
                os.unlink(name)
                removed.append(Path(name))
    return removed


def _file_mode(path: Path) -> int:
    """The mode the file keeps (or a new file's, after the umask): mkstemp makes it 0600."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
