"""A rich progress bar behind the plain `(done, total, item)` callback the core code takes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(title: str) -> Iterator[Callable[[int, int, str], None]]:
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[item]}"),
        TimeElapsedColumn(),
        transient=False,
    ) as progress:
        task = progress.add_task(title, total=None, item="")

        def advance(done: int, total: int, item: str) -> None:
            progress.update(task, completed=done, total=total, item=item)

        yield advance
