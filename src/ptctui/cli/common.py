"""What every command shares: the Typer apps, the workspace a command opens, its output and
its errors.

Names with an underscore are this package's own, shared by its command modules.
"""

import importlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ptctui.config import current_user
from ptctui.errors import user_errors, user_message
from ptctui.text import json_list, json_safe, one_line, printable, quote
from ptctui.workspace import Workspace, resolve_workspace

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from sqlalchemy.engine import Engine


# Click's exceptions, from the Click that Typer runs on (Typer 0.29 vendors it as a private
# module; earlier versions used the click package): found through Typer's public BadParameter.
_click_errors: Any = importlib.import_module(typer.BadParameter.__module__)


class _UsageLine(_click_errors.ClickException):  # type: ignore[misc]
    """A usage error (missing argument, unknown command or option, bad value) as one line,
    like every other error ptctui reports; exit code 2, as Click's. Click's other errors (a
    file it cannot open) become the same lowercase ``error:`` line, without the hint."""

    exit_code = 2

    def __init__(self, error: Any, command: str) -> None:
        message = error.format_message().rstrip(".")
        super().__init__(message[:1].lower() + message[1:])
        self.exit_code = error.exit_code
        self.usage = isinstance(error, _click_errors.UsageError)
        ctx = getattr(error, "ctx", None)
        self.command = ctx.command_path if ctx is not None else command

    def show(self, file: Any = None) -> None:
        hint = f" (see `{self.command} --help`)" if self.usage else ""
        typer.echo(f"error: {one_line(self.message)}{hint}", err=True)


@contextmanager
def _usage_in_one_line(command: Callable[[], str]) -> Iterator[None]:
    """``command()``: the command to point at when Click's error names no context (an option
    missing its value)."""
    try:
        yield
    except _click_errors.ClickException as error:
        # An export with nothing after it shows its help (no_args_is_help): that stays.
        if isinstance(error, (_UsageLine, getattr(_click_errors, "NoArgsIsHelpError", ()))):
            raise
        raise _UsageLine(error, command()) from None


def _refuse_undecodable(args: list[str]) -> None:
    """Refuse an argument that is not text: bytes that are not UTF-8 (``$'bad \\xff'``)
    reach Python as lone surrogates, which every later step (SQLite, JSON, the terminal) would
    choke on. One line naming the option (or the argument's place), exit 2 as a usage error."""
    for index, arg in enumerate(args):
        if not any("\ud800" <= char <= "\udfff" for char in arg):
            continue
        shown = "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in arg)
        option, sep, value = shown.partition("=")
        if shown.startswith("--") and sep:
            name, shown = option, value
        elif index and args[index - 1].startswith("-") and "=" not in args[index - 1]:
            name = args[index - 1]
        else:
            name = f"argument {index + 1}"
        typer.echo(
            f"error: {name} is not valid UTF-8 text ({quote(shown)!r}); retype it, or check "
            "the terminal's character encoding",
            err=True,
        )
        raise typer.Exit(2)


class _Group(TyperGroup):
    """ptctui's top command group: its usage errors, and its sub-commands', are one line."""

    def make_context(self, info_name: Any, args: list[str], *rest: Any, **kwargs: Any) -> Any:
        _refuse_undecodable(args)
        with _usage_in_one_line(lambda: "ptctui"):
            return super().make_context(info_name, args, *rest, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _usage_in_one_line(lambda: f"ptctui {ctx.invoked_subcommand or ''}".strip()):
            return super().invoke(ctx)

    def list_commands(self, ctx: Any) -> list[str]:
        """In the order of a day's work: set up (what is tracked), read, change, exchange,
        upkeep. Typer lists groups after commands; the groups of what is tracked go first."""
        names: list[str] = super().list_commands(ctx)
        first = [n for n in ("init", *_SETUP_GROUPS) if n in names]
        return first + [n for n in names if n not in first]


_SETUP_GROUPS = ("packages", "plans", "components", "bodies", "meetings")


class ListingGroup(TyperGroup):
    """A group of commands that lists when called bare or with only the listing's options
    and arguments: ``ptctui plans --package CEP`` runs ``ptctui plans list --package CEP``, and
    ``ptctui components CEP-2020`` runs ``ptctui components list CEP-2020``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        completing = ctx.resilient_parsing and not args  # `ptctui plans <TAB>`: shell_complete
        if not completing and (
            not args or (args[0] not in self.commands and args[0] not in ("--help", "-h"))
        ):
            args = ["list", *args]
        result: list[str] = super().parse_args(ctx, args)
        return result

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """The sub-commands, and what the bare listing's argument takes (``components CEP``)."""
        found: list[Any] = super().shell_complete(ctx, incomplete)
        listing = self.commands.get("list")
        params = listing.params if listing is not None else []
        for argument in [p for p in params if p.param_type_name == "argument"][:1]:
            found += argument.shell_complete(ctx, incomplete)
        return found


app = typer.Typer(
    name="ptctui",
    help="Track WCO packages, action plans and actions. Run bare `ptctui` for the app.",
    cls=_Group,
    add_completion=True,  # --install-completion, --show-completion (values: cli/completion.py)
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(
    help="Database upkeep: schema upgrades, backups, restore and checks.", rich_markup_mode=None
)
app.add_typer(db_app, name="db")
export_app = typer.Typer(
    help="Write reports and data: summary, plan, intersessional document, whole database.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

ENV_TODAY = "PTCTUI_TODAY"

ByOption = Annotated[str | None, typer.Option("--by", help="Who makes the change.")]


@dataclass
class State:
    """Global options, handed to every command through the Typer context."""

    db: str | None = None
    by: str | None = None


@dataclass
class Env:
    """What a command works with: the workspace, its engine, who acts and what day it is."""

    workspace: Workspace
    engine: "Engine"
    by: str
    today: date


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line on stderr and stop with ``code``.

    The message may quote what the user typed (a reference, a date): it is made one printable
    line, so a stray newline or escape sequence cannot break or hijack the terminal.
    """
    typer.echo(f"error: {one_line(message)}", err=True)
    raise typer.Exit(code)


def say(message: str) -> None:
    """Print a line that may quote user text (a change summary naming a title): printable."""
    typer.echo(printable(message))


def today() -> date:
    """Today, or ``PTCTUI_TODAY`` (YYYY-MM-DD) for reproducible reports and tests."""
    value = os.environ.get(ENV_TODAY)
    if value:
        from ptctui.deadlines import MAX_YEAR, MIN_YEAR

        try:
            day = date.fromisoformat(value)
        except ValueError:
            fail(f"{ENV_TODAY}={value!r} is not a date (YYYY-MM-DD)")
        # The years a date option accepts: a "today" outside them would date updates with a
        # day `--date` refuses, and "due in 90 days" would run off the calendar.
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            fail(f"{ENV_TODAY}={value!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
        return day
    return date.today()


@contextmanager
def environment(
    ctx: typer.Context, *, by: str | None = None, seed: bool = True, create: bool = False
) -> Iterator[Env]:
    """Open the workspace's database for a command and turn user errors into one line.

    Only bare ``ptctui`` and ``init`` pass ``create``: every other command refuses a workspace
    that is not there (``ptctui.workspace``), so none leaves a stray database behind.
    """
    state: State = ctx.find_object(State) or State()
    errors = user_errors()
    try:
        from ptctui.workspace import open_workspace

        workspace = resolve_workspace(state.db)
        opened = open_workspace(workspace, seed=seed, create=create)
        try:
            for notice in opened.notices:
                typer.echo(notice, err=True)
            yield Env(
                workspace=workspace,
                engine=opened.engine,
                by=current_user(by or state.by),
                today=today(),
            )
        finally:
            opened.engine.dispose()  # closed with the command, as its last connection
    except errors as error:
        fail(user_message(error) or repr(error))


def console() -> "Console":
    """A Rich console on stdout (imported late: Rich tables are not needed for ``--help``)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def show(renderable: "RenderableType") -> None:
    """Print a Rich renderable to stdout: wrapped to a terminal's width; on a pipe or in a file
    (without $COLUMNS), as wide as it needs (``_unwrapped_width``)."""
    with _writing_stdout():
        out = console()
        if not out.is_terminal and not os.environ.get("COLUMNS"):
            out.width = _unwrapped_width(out, renderable)
        out.print(renderable)


def _unwrapped_width(out: "Console", renderable: "RenderableType") -> int:
    """The width at which nothing in ``renderable`` wraps (at least the console's 80).

    Rich wraps what is not a terminal at 80 columns, so `ptctui history | grep word` missed a
    note broken over two lines. Printed as wide as its longest cell instead, each row stays one
    line and greps, and the output looks as it does on screen (no second plain format to learn
    or keep stable; `--json` is there for programs). $COLUMNS, when set, still chooses.
    """
    from rich.measure import Measurement

    needed = Measurement.get(out, out.options.update_width(100_000), renderable).maximum
    return max(out.width, needed)


@contextmanager
def _writing_stdout() -> Iterator[None]:
    """Around a write to stdout: a full disk or a closed terminal is one line, not a
    traceback. A reader that left (``| head``) is let through: Click stops quietly with
    status 1."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        fail(f"cannot write the output: {error.strerror or error}")


def emit_json(data: Any) -> None:
    """Print JSON to stdout, UTF-8 as it is (a list through ``emit_json_list``)."""
    if isinstance(data, list):
        emit_json_list(data)
        return
    _write_json(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def emit_json_list(items: Iterable[Any], *, chunk: int = 1000) -> None:
    """Print a JSON list to stdout as ``items`` come, one item a line (``text.json_list``).

    Still one JSON document, easy to read and to grep, written ``chunk`` items at a time: a
    list read from a cursor is never held whole (100,000 actions make 45 MB of text).
    """
    for piece in json_list(items, chunk=chunk):
        _write_json(piece)
    _write_json("\n")


def _write_json(text: str) -> None:
    # JSON is UTF-8 whatever the locale, and holds no ANSI codes (the callers json_safe it,
    # which escapes every control): written as bytes, skipping the ANSI scan echo makes on a
    # pipe (4 MB: 25 ms).
    out = sys.stdout
    if out is None:  # stdout closed (`>&-`): nothing to write to, as echo has it
        return
    with _writing_stdout():
        out.flush()
        if hasattr(out, "buffer"):
            out.buffer.write(text.encode())
            out.buffer.flush()
        else:  # a text-only stream someone put in stdout's place
            out.write(text)
            out.flush()


def read_text_file(path: Path, *, what: str) -> str:
    """A UTF-8 text file a command is given (``-``: standard input), or one ``error:`` line
    that starts with ``what`` (the option, or the file's name)."""
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        return data.decode("utf-8-sig")
    except OSError as error:
        fail(f"{what}: cannot read {path}: {error.strerror or error}")
    except UnicodeDecodeError:
        fail(f"{what}: {path} is not UTF-8 text")


def _date(value: str | None, what: str) -> date | None:
    from ptctui.deadlines import DateError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value, today=today())
    except DateError as error:
        fail(f"{what}: {error}")
