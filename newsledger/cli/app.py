"""Entry point: one Typer app; each command group lives in its own module and registers itself.

The app's group turns known environment failures into one line and exit status 3 (cli/errors.py),
and names every option's value in words (`--db FILE`, `--workers N`) in the help.
"""

from __future__ import annotations

import logging
from importlib.metadata import version as installed_version
from pathlib import Path

import typer
from typer.core import TyperArgument, TyperGroup

from newsledger.cli import analyze, corpus, serve
from newsledger.cli.errors import ENVIRONMENT_EXIT, errors, explain
from newsledger.cli.progress import stderr

# What an option's value is called in the help, by the type of its value.
VALUE_WORDS = ((bool, ""), (Path, "PATH"), (int, "N"), (float, "NUMBER"), (str, "TEXT"))
LOG_LEVELS = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}


class NewsledgerGroup(TyperGroup):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe_values(self)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:  # typer's own exits and usage errors are not explained: they pass through
            message = explain(exc)
            if message is None:
                raise
            errors.print(f"[red]error[/red] {message}")
            raise typer.Exit(ENVIRONMENT_EXIT) from None


def _describe_values(command: typer.core.TyperCommand) -> None:
    """Help in words: `INPUT...` and `--db PATH`, not typer's Python types (`{inputs}...`, `<list[str]>`)."""
    for sub in getattr(command, "commands", {}).values():
        _describe_values(sub)
    for param in command.params:
        if isinstance(param, TyperArgument):
            _describe_argument(param)
        elif param.metavar is None:
            param.metavar = _value_word(param)
    command.get_help_option = _wordless(command.get_help_option)


def _describe_argument(param: TyperArgument) -> None:
    word = param.name.upper().removesuffix("S") + ("..." if param.nargs != 1 else "")
    param.metavar = word
    param.display_type_rich = lambda ctx: None
    param._rich_display_name = lambda: word
    param._usage_display_name = lambda: word if param.required else f"[{word}]"


def _value_word(param: typer.core.TyperOption) -> str:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    element = (getattr(annotation, "__args__", None) or (annotation,))[0]
    return next((word for kind, word in VALUE_WORDS if isinstance(element, type) and issubclass(element, kind)), "TEXT")


def _wordless(get_help_option):
    def help_option(ctx: typer.Context):
        option = get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    return help_option


def _show_version(value: bool) -> None:
    if value:
        print(f"newsledger {installed_version('newsledger')}")
        raise typer.Exit()


app = typer.Typer(
    name="newsledger",
    cls=NewsledgerGroup,
    help="Reads news articles and records who said what, who did what to whom, where and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def options(
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="say more: -v what is being done, -vv debugging detail", show_default=False),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing but errors (the exit status tells failed documents)"),
    show_version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                      help="print the version and exit"),
) -> None:
    """Reads news articles and records who said what, who did what to whom, where and when."""
    level = logging.DEBUG if verbose > 1 else LOG_LEVELS[-1 if quiet else min(verbose, 1)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    stderr.quiet = quiet


for command_group in (analyze, corpus, serve):
    command_group.register(app)


def main() -> None:
    app()
