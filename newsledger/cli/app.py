"""Entry point: one Typer app; each command group lives in its own module and registers itself."""

from __future__ import annotations

import typer

from newsledger.cli import analyze, corpus, serve

app = typer.Typer(
    name="newsledger",
    help="Reads news articles and records who said what, who did what to whom, where and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for command_group in (analyze, corpus, serve):
    command_group.register(app)


def main() -> None:
    app()
