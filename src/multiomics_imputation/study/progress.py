"""Progress bars for long steps, shown only to a person at a terminal (quiet in tests, CI and logs)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


def interactive() -> bool:
    """True when standard error is a terminal and no CI is running."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextlib.contextmanager
def progress(description: str, total: int) -> Iterator[Callable[..., None]]:
    """A bar of `total` steps; yields `advance(status="")`, which moves it one step and shows `status`."""
    if not interactive() or total <= 1:
        yield lambda status="": None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total, status="")
        yield lambda status="": bar.update(task, advance=1, status=status)
