"""Progress on long commands (import, reparse, export, export-warc), for terminals only.

A cron job's mail or a pipe gets nothing: the display is drawn only when stderr is a
terminal and ``--quiet`` is not given. The library reports progress through plain
callbacks; rich (which Typer already brings) is used here only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["Report", "progress_shown", "show_progress", "ticking"]

T = TypeVar("T")
# (done, total): the library's progress callbacks; total None while it is not known.
Report = Callable[[int, int | None], None]


def progress_shown(*, quiet: bool) -> bool:
    """Whether to draw progress: on a terminal, unless the user asked for quiet."""
    return not quiet and sys.stderr.isatty()


@contextmanager
def show_progress(label: str, *, enabled: bool, sized: bool = True) -> Iterator[Report]:
    """A ``Report`` that draws a progress bar on stderr (or does nothing when not enabled).

    ``sized`` False draws a counter without a bar, for work whose size is not known ahead.
    """
    if not enabled:
        yield lambda _done, _total: None
        return
    # rich (and the Pygments it brings) only once a bar is really drawn: a cron run never is.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
         MofNCompleteColumn(), TimeElapsedColumn()]
        if sized
        else [SpinnerColumn(), TextColumn("{task.description} {task.completed}"),
              TimeElapsedColumn()]
    )
    with Progress(*columns, console=Console(stderr=True, force_terminal=True),
                  transient=True) as bar:
        task = bar.add_task(label, total=None)

        def report(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield report


def ticking(items: Iterable[T], report: Report) -> Iterator[T]:
    """``items``, reporting how many have gone by."""
    for done, item in enumerate(items, 1):
        yield item
        report(done, None)
