"""A progress bar with an ETA on stderr for long headless runs, and nothing when piped.

Rich comes with Textual but is not Textual: the headless path may use it. It is
imported only when stderr is a terminal, so piped runs start as fast as before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Protocol


class Advance(Protocol):
    def __call__(self, done: int) -> None: ...


@contextmanager
def progress(total: int, label: str, stream: IO[str] | None = None, force: bool = False) -> Iterator[Advance]:
    """Yields ``advance(done)``; draws a bar only on a terminal (or when forced)."""
    stream = stream if stream is not None else sys.stderr
    if not (force or stream.isatty()) or total <= 0:
        yield lambda done: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=stream, force_terminal=True if force else None)
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)
