"""Progress and failure reporting shared by the commands that walk many documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsledger.model import Document

stderr = Console(stderr=True)


@dataclass
class Tally:
    processed: int = 0
    failed: int = 0

    def summary(self) -> str:
        if not self.failed:
            return f"{self.processed} document(s) processed"
        return f"{self.failed} of {self.processed} document(s) failed"


def tracked(documents: Iterable[Document], tally: Tally, label: str) -> Iterator[Document]:
    """Counts documents as they pass, prints one line per failure, and shows a live bar on a terminal."""
    columns = (SpinnerColumn(), TextColumn(label), TextColumn("{task.completed} docs"),
               TextColumn("{task.fields[failed]} failed"), TextColumn("{task.fields[rate]} docs/s"),
               TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        task = progress.add_task(label, total=None, failed=0, rate="-")
        for document in documents:
            tally.processed += 1
            if document.error is not None:
                tally.failed += 1
                stderr.print(f"[red]error[/red] {document.id} ({document.source or '-'}): "
                             f"{document.error.stage}: {document.error.message}", highlight=False, soft_wrap=True)
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = f"{tally.processed / elapsed:.1f}" if elapsed > 0 else "-"
            progress.update(task, advance=1, failed=tally.failed, rate=rate)
            yield document
