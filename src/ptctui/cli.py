"""The ``ptctui`` command line (Typer).

Bare ``ptctui`` opens the terminal app; every sub-command runs headless. Only Typer, the
standard library and ``ptctui.config`` are imported at start-up: SQLModel, Rich tables and the
store are imported inside the commands that need them, so ``ptctui --help`` stays fast, and
Textual is never imported by a sub-command (tests/test_cli.py checks ``sys.modules``).

Errors a user can cause (unknown reference or status, refused move, bad date) end as one line
on stderr and exit code 1, with the database untouched: each write is one transaction.

Unlike the rest of ptctui, this module does not use ``from __future__ import annotations``:
Typer reads every command's annotations on every run (``--help`` included) through
``typing.get_type_hints``, which compiles each annotation given as a string (10 ms for this
module's thirty commands). The few names imported only for type checking are quoted.
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

from ptctui.config import Workspace, current_user, resolve_workspace
from ptctui.text import json_list, json_safe, one_line, printable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from sqlalchemy.engine import Engine

    from ptctui.reports.document import Document

# Click's exceptions, from the Click that Typer runs on (Typer 0.29 vendors it as a private
# module; earlier versions used the click package): found through Typer's public BadParameter.
_click_errors: Any = importlib.import_module(typer.BadParameter.__module__)


class _UsageLine(_click_errors.ClickException):  # type: ignore[misc]
    """A usage error (missing argument, unknown command or option, bad value) as one line,
    like every other error ptctui reports; exit code 2, as Click's."""

    exit_code = 2

    def __init__(self, error: Any, command: str) -> None:
        message = error.format_message().rstrip(".")
        super().__init__(message[:1].lower() + message[1:])
        self.command = error.ctx.command_path if error.ctx is not None else command

    def show(self, file: Any = None) -> None:
        typer.echo(f"error: {one_line(self.message)} (see `{self.command} --help`)", err=True)


@contextmanager
def _usage_in_one_line(command: Callable[[], str]) -> Iterator[None]:
    """``command()``: the command to point at when Click's error names no context (an option
    missing its value)."""
    try:
        yield
    except _click_errors.UsageError as error:
        # An export with nothing after it shows its help (no_args_is_help): that stays.
        if isinstance(error, (_UsageLine, getattr(_click_errors, "NoArgsIsHelpError", ()))):
            raise
        raise _UsageLine(error, command()) from None


class _Group(TyperGroup):
    """ptctui's top command group: its usage errors, and its sub-commands', are one line."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _usage_in_one_line(lambda: "ptctui"):
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _usage_in_one_line(lambda: f"ptctui {ctx.invoked_subcommand or ''}".strip()):
            return super().invoke(ctx)


app = typer.Typer(
    name="ptctui",
    help="Track WCO packages, action plans and actions. Run bare `ptctui` for the app.",
    cls=_Group,
    add_completion=False,
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


def _user_errors() -> tuple[type[Exception], ...]:
    from sqlalchemy.exc import SQLAlchemyError

    from ptctui.db import DatabaseError
    from ptctui.deadlines import DateError, DeadlineError
    from ptctui.exporters import ExportError
    from ptctui.importers import ImportFileError
    from ptctui.store import StoreError
    from ptctui.workflow import WorkflowError

    return (
        StoreError,
        WorkflowError,
        DeadlineError,
        DateError,
        DatabaseError,
        SQLAlchemyError,
        ExportError,
        ImportFileError,
    )


def _one_line(error: Exception) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(error, SQLAlchemyError):
        detail = str(getattr(error, "orig", None) or error).splitlines()[0]
        return f"database: {detail}"
    return " ".join(str(error).split())


def today() -> date:
    """Today, or ``PTCTUI_TODAY`` (YYYY-MM-DD) for reproducible reports and tests."""
    value = os.environ.get(ENV_TODAY)
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            fail(f"{ENV_TODAY}={value!r} is not a date (YYYY-MM-DD)")
    return date.today()


@contextmanager
def environment(ctx: typer.Context, *, by: str | None = None, seed: bool = True) -> Iterator[Env]:
    """Open the workspace's database for a command and turn user errors into one line."""
    state: State = ctx.find_object(State) or State()
    errors = _user_errors()
    try:
        from ptctui.workspace import open_workspace

        workspace = resolve_workspace(state.db)
        opened = open_workspace(workspace, seed=seed)
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
        fail(_one_line(error))


def console() -> "Console":
    """A Rich console on stdout (imported late: Rich tables are not needed for ``--help``)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def show(renderable: "RenderableType") -> None:
    """Print a Rich renderable to stdout."""
    with _writing_stdout():
        console().print(renderable)


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


def _date(value: str | None, what: str) -> date | None:
    from ptctui.deadlines import DateError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value, today=today())
    except DateError as error:
        fail(f"{what}: {error}")


# --- the bare command ----------------------------------------------------------------------------


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help="Database file or URL (else $PTCTUI_DB, else the nearest db/ptctui.db).",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who makes the changes (else $PTCTUI_USER, else your login)."),
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Bare `ptctui` opens the terminal app on the workspace database."""
    if version:
        from importlib.metadata import version as package_version

        typer.echo(f"ptctui {package_version('ptctui')}")
        raise typer.Exit()
    ctx.obj = State(db=db, by=by)
    if ctx.invoked_subcommand is None:
        open_app(ctx)


def open_app(ctx: typer.Context) -> None:
    """Open the Textual app (imported only here: no sub-command loads Textual)."""
    from ptctui import heap

    heap.hold()  # until the app is built: tui.run settles the heap just before it runs
    try:
        with environment(ctx) as env:
            from ptctui.tui import app as tui

            tui.run(engine=env.engine, workspace=env.workspace, by=env.by, today=env.today)
    finally:
        heap.release()


# --- workspace -----------------------------------------------------------------------------------


@app.command()
def init(
    ctx: typer.Context,
    empty: Annotated[
        bool, typer.Option("--empty", help="Create it without the bundled data.")
    ] = False,
) -> None:
    """Make a workspace here (db/ and exports/), seeded with the bundled PC0608E data."""
    from ptctui.config import DB_DIR, DB_FILE

    state: State = ctx.find_object(State) or State()
    target = state.db or os.environ.get("PTCTUI_DB") or str(Path.cwd() / DB_DIR / DB_FILE)
    from ptctui import db

    path = db.sqlite_path(db.url_for(target))
    exists = path.exists() if path is not None else _has_schema(target)
    if exists:
        fail(f"a database already exists at {path or target}; use it, or remove it first")
    ctx.obj = State(db=target, by=state.by)
    with environment(ctx, seed=not empty) as env:
        if db.current_revision(env.engine) is None:  # pragma: no cover - prepare made it
            fail("the database could not be created")
        env.workspace.exports.mkdir(parents=True, exist_ok=True)
        typer.echo(
            f"Workspace ready: database {env.workspace.display}, exports in {env.workspace.exports}"
        )


def _has_schema(url: str) -> bool:
    from ptctui import db

    try:
        return db.current_revision(db.make_engine(url)) is not None
    except _user_errors() as error:
        fail(_one_line(error))


# --- reading -------------------------------------------------------------------------------------


@app.command()
def packages(ctx: typer.Context) -> None:
    """List the packages, with how their actions stand."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        show(views.packages_table(store.list_packages(session=session, today=env.today)))


@app.command()
def plans(
    ctx: typer.Context,
    package: Annotated[
        str | None, typer.Option("--package", "-p", help="Only this package.")
    ] = None,
) -> None:
    """List the action plans, with their endorsements and progress."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        show(views.plans_table(store.list_plans(session=session, today=env.today, package=package)))


@app.command()
def actions(
    ctx: typer.Context,
    package: Annotated[str | None, typer.Option("--package", "-p", help="Package code.")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Plan code, e.g. CEP-2020.")] = None,
    component: Annotated[
        str | None, typer.Option("--component", "-c", help="PLAN:N, or N with --plan.")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", "-s", help="Only these statuses (repeatable).")
    ] = None,
    body: Annotated[str | None, typer.Option("--body", "-b", help="Responsible body code.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Only actions due before this date.")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Text in titles, descriptions, updates.")
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="order, ref, due, status, updated or title.")
    ] = "order",
    archived: Annotated[bool, typer.Option("--archived", help="Include archived actions.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List actions, filtered and sorted."""
    from ptctui import store
    from ptctui.workflow import parse_status

    with environment(ctx) as env:
        flt = store.ActionFilter(
            package=package,
            plan=plan,
            component=component,
            statuses=tuple(parse_status(s) for s in status or ()),
            body=body,
            overdue=overdue,
            due_before=_date(due_before, "--due-before"),
            search=search,
            include_archived=archived,
        )
        if as_json:  # streamed from the cursor to stdout
            with store.reading(env.engine) as session:
                found = store.iter_actions(session=session, flt=flt, today=env.today, sort=sort)
                emit_json_list(row.as_json(env.today) for row in found)
            return
        with store.reading(env.engine) as session:
            rows = store.list_actions(session=session, flt=flt, today=env.today, sort=sort)
        from ptctui import views  # Rich's tables: not needed for --json

        late = sum(row.overdue(env.today) for row in rows)
        title = f"{len(rows)} action{'s' if len(rows) != 1 else ''}"
        if late:
            title += f", {late} overdue"
        show(views.actions_table(rows, today=env.today, title=title))


@app.command("show")
def show_action(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Display reference (CEP-1.3) or UUID prefix.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Everything about one action: bodies, dates, progress updates and status history."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref=ref)
        )
        if as_json:
            emit_json(detail.as_json())
        else:
            show(views.action_view(detail, today=env.today))


@app.command("history")
def history_cmd(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="Only this action.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many entries.")] = 30,
) -> None:
    """The journal of changes, newest first (what `undo` walks back)."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        action = store.resolve_action(session=session, ref=ref) if ref else None
        rows = store.history(session=session, action=action, limit=limit)
        if not rows:
            typer.echo("No changes recorded yet.")
            return
        show(views.history_table(rows))


@app.command()
def statuses() -> None:
    """The status workflow: each status and the moves allowed from it."""
    from ptctui.workflow import TRANSITIONS, Need

    for source, moves in TRANSITIONS.items():
        allowed = ", ".join(
            target.value + ("" if need is Need.NOTHING else f" (needs {need.value})")
            for target, need in moves.items()
        )
        typer.echo(f"{source.value:12} → {allowed}")


# --- writing -------------------------------------------------------------------------------------

ByOption = Annotated[str | None, typer.Option("--by", help="Who makes the change.")]
MeetingOption = Annotated[
    str | None, typer.Option("--meeting", "-m", help="Meeting key, e.g. EC-40.")
]


@app.command()
def move(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.")],
    status: Annotated[str, typer.Argument(help="The new status, e.g. completed.")],
    note: Annotated[
        str, typer.Option("--note", help="Why (needed for on_hold, cancelled, reopening).")
    ] = "",
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="New deadline (needed for postponed).")
    ] = None,
    meeting: MeetingOption = None,
    by: ByOption = None,
) -> None:
    """Move an action to another status, if the workflow allows it."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        action = store.resolve_action(session=session, ref=ref)
        change = store.move_action(
            session=session,
            action=action,
            status=status,
            by=env.by,
            note=note,
            deadline=deadline,
            meeting=meeting,
        )
        summary = change.summary
    say(summary)


@app.command()
def update(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.")],
    text: Annotated[str, typer.Argument(help="What happened.")],
    on: Annotated[str | None, typer.Option("--date", help="As-of date (default today).")] = None,
    meeting: MeetingOption = None,
    by: ByOption = None,
) -> None:
    """Record a dated progress update on an action."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        as_of = _date(on, "--date") or env.today
        with store.writing(env.engine) as session:
            action = store.resolve_action(session=session, ref=ref)
            change = store.add_update(
                session=session,
                action=action,
                text=text,
                by=env.by,
                as_of=as_of,
                meeting=meeting,
            )
            summary = change.summary
    say(summary)


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What is to be done.")],
    component: Annotated[str, typer.Option("--component", "-c", help="PLAN:N, or N with --plan.")],
    plan: Annotated[str | None, typer.Option("--plan", help="Plan code.")] = None,
    description: Annotated[str, typer.Option("--description", "-d")] = "",
    kind: Annotated[
        str, typer.Option("--kind", help="action, operation, project, workshop, study.")
    ] = "action",
    lead: Annotated[
        list[str] | None, typer.Option("--lead", help="Lead body code (repeatable).")
    ] = None,
    supporting: Annotated[
        list[str] | None, typer.Option("--supporting", help="Supporting body code (repeatable).")
    ] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="E.g. 'Q1 2021'.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="Start date.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="End date.")] = None,
    funding: Annotated[str, typer.Option("--funding", help="Funding note.")] = "",
    ref: Annotated[
        str | None, typer.Option("--ref", help="Display reference (default: next free).")
    ] = None,
    by: ByOption = None,
) -> None:
    """Add a new action to a component (it starts as planned)."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        start_date, end_date = _date(start, "--start"), _date(end, "--end")
        with store.writing(env.engine) as session:
            action, _ = store.add_action(
                session=session,
                component=store.get_component(session=session, spec=component, plan=plan),
                title=title,
                by=env.by,
                description=description,
                kind=kind,
                deadline=deadline,
                start_date=start_date,
                end_date=end_date,
                lead=lead or (),
                supporting=supporting or (),
                funding_note=funding,
                ref=ref,
            )
            done = f"Added {action.ref} ({action.uuid[:8]}): {action.title}"
    say(done)


@app.command()
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.")],
    title: Annotated[str | None, typer.Option("--title")] = None,
    description: Annotated[str | None, typer.Option("--description", "-d")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="New deadline; '' clears it.")
    ] = None,
    start: Annotated[str | None, typer.Option("--start")] = None,
    end: Annotated[str | None, typer.Option("--end")] = None,
    funding: Annotated[str | None, typer.Option("--funding")] = None,
    lead: Annotated[
        list[str] | None, typer.Option("--lead", help="Replace the lead bodies.")
    ] = None,
    supporting: Annotated[
        list[str] | None, typer.Option("--supporting", help="Replace the supporting bodies.")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    by: ByOption = None,
) -> None:
    """Change an action's fields or responsible bodies."""
    from ptctui import store
    from ptctui.models import ActionEdit

    with environment(ctx, by=by) as env:
        changes = ActionEdit(
            title=title,
            description=description,
            kind=kind,
            deadline=deadline,
            start_date=_date(start, "--start"),
            end_date=_date(end, "--end"),
            funding_note=funding,
        )
        with store.writing(env.engine) as session:
            action = store.resolve_action(session=session, ref=ref)
            summary = store.edit_action(
                session=session,
                action=action,
                edit=changes,
                by=env.by,
                lead=lead,
                supporting=supporting,
                note=note,
            ).summary
    say(summary)


def _set_archived(ctx: typer.Context, ref: str, archived: bool, note: str, by: str | None) -> None:
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        action = store.resolve_action(session=session, ref=ref)
        summary = store.set_archived(
            session=session, action=action, archived=archived, by=env.by, note=note
        ).summary
    say(summary)


@app.command()
def archive(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.")],
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    by: ByOption = None,
) -> None:
    """Hide an action from lists (nothing is deleted; `restore` brings it back)."""
    _set_archived(ctx, ref, True, note, by)


@app.command()
def restore(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.")],
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    by: ByOption = None,
) -> None:
    """Bring an archived action back."""
    _set_archived(ctx, ref, False, note, by)


@app.command()
def undo(ctx: typer.Context, by: ByOption = None) -> None:
    """Revert the most recent change (the undo itself is recorded)."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        summary = store.undo(session=session, by=env.by).summary
    say(summary[:1].upper() + summary[1:])


# --- exports -------------------------------------------------------------------------------------

FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", help="txt, ansi, html, svg, md or docx (default: the screen)."),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", help="File to write ('-' for stdout; default: exports/REPORT-DATE.EXT)."
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def _deliver_document(
    env: Env,
    document: "Document",
    *,
    report: str,
    fmt: str | None,
    output: str | None,
    force: bool,
    name: str = "",
) -> None:
    """``_deliver`` for a report built as a document: Rich on the screen, ``render`` in files."""
    from ptctui.exporters.render import render
    from ptctui.reports.rich import document_renderable

    _deliver(
        env,
        report=report,
        fmt=fmt,
        output=output,
        force=force,
        name=name,
        screen=lambda: document_renderable(document),
        make=lambda chosen, step: render(
            document, chosen, report=report, today=env.today, progress=step
        ),
    )


def _deliver(
    env: Env,
    *,
    report: str,
    fmt: str | None,
    output: str | None,
    force: bool,
    make: "Callable[[str, Progress | None], bytes | Iterator[bytes]]",
    name: str = "",
    screen: "Callable[[], RenderableType] | None" = None,
) -> None:
    """Send an export where it was asked to go: the screen, stdout or a file (atomically).

    ``make(format, progress)`` renders the export, whole or in pieces (the whole database as
    JSON streams from the cursor to the file); it is only called once the destination is known
    to be writable, so a refused export does no work.
    """
    import sys

    from ptctui.exporters import (
        REPORT_FORMATS,
        ExportError,
        check_format,
        default_path,
        format_from_path,
        write_atomic,
    )

    if fmt is not None:
        fmt = check_format(report, fmt)
    if output is None and fmt is None and screen is not None:
        show(screen())
        return
    if output == "-":
        fmt = fmt or ("json" if report == "data" else "txt")
        if fmt == "docx" and sys.stdout.isatty():
            raise ExportError("a Word file cannot go to the terminal; redirect it or use -o FILE")
        data = make(fmt, None)
        with _writing_stdout():
            for piece in [data] if isinstance(data, bytes) else data:
                typer.echo(piece, nl=False)
        return
    if output is None:
        fmt = fmt or ("json" if report == "data" else "txt")
        path = default_path(env.workspace.exports, report, fmt, env.today, name)
    else:
        path = Path(output)
        if fmt is None:
            fmt = format_from_path(report, path)
            if fmt is None:
                raise ExportError(
                    f"cannot tell the format from {path.name!r}; use --format "
                    f"({', '.join(REPORT_FORMATS[report])})"
                )
    if path.exists() and not force:  # before the work, not only at the rename
        raise ExportError(f"{path} exists; use --force to replace it")
    with _progress(sys.stdout.isatty()) as step:  # a streamed export is made as it is written
        written = write_atomic(path, make(fmt, step), force=force)
    say(f"Wrote {written}")


Progress = Callable[[int, int], None]


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    """A Rich progress bar for long exports, only when a person is watching a terminal."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress as RichProgress

    with RichProgress(transient=True) as bar:
        task = bar.add_task("Exporting", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield step


@export_app.command("summary")
def export_summary(
    ctx: typer.Context,
    package: Annotated[
        str | None, typer.Option("--package", "-p", help="Only this package.")
    ] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Changes from this day (default: 30 days ago).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Changes up to this day (default: today).")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Status counts with bars, overdue actions, deadlines in 90 days, recent changes."""
    from ptctui import store
    from ptctui.reports.summary import SummaryOptions, build_summary

    with environment(ctx) as env:
        options = SummaryOptions(
            today=env.today,
            package=package,
            plan=plan,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
        )
        _check_window(*options.window)
        with store.reading(env.engine) as session:
            document = build_summary(session=session, options=options)
        _deliver_document(
            env,
            document,
            report="summary",
            fmt=fmt,
            output=output,
            force=force,
            name=plan or package or "",
        )


def _check_window(since: date, until: date) -> None:
    if since > until:
        fail(f"--since {since} is after --until {until}")


@export_app.command("plan")
def export_plan(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="Plan code, e.g. CEP-2020.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The action-plan table, grouped by component, as committees review it."""
    from ptctui import store
    from ptctui.reports.plan import build_plan

    with environment(ctx) as env:
        with store.reading(env.engine) as session:
            document = build_plan(session=session, plan=plan, today=env.today)
            code = store.get_plan(session=session, code=plan).code
        _deliver_document(
            env, document, report="plan", fmt=fmt, output=output, force=force, name=code
        )


@export_app.command("intersessional")
def export_intersessional(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", help="First day of the period covered.")],
    until: Annotated[
        str | None, typer.Option("--until", help="Last day of the period (default: today).")
    ] = None,
    code: Annotated[str, typer.Option("--code", help="Document code, e.g. PC0608E.")] = "",
    committee: Annotated[
        str, typer.Option("--committee", help="The committee the document is for.")
    ] = "Permanent Technical Committee",
    session_label: Annotated[
        str, typer.Option("--session", help="The session, e.g. '239th/240th Sessions'.")
    ] = "",
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The committee working document of developments between two sessions."""
    from ptctui import store
    from ptctui.reports.intersessional import IntersessionalOptions, build_intersessional

    with environment(ctx) as env:
        start = _date(since, "--since")
        assert start is not None
        end = _date(until, "--until") or env.today
        _check_window(start, end)
        options = IntersessionalOptions(
            since=start,
            until=end,
            today=env.today,
            committee=committee.strip() or "Permanent Technical Committee",
            session=session_label.strip(),
            code=code.strip(),
        )
        with store.reading(env.engine) as session:
            document = build_intersessional(session=session, options=options)
        _deliver_document(
            env, document, report="intersessional", fmt=fmt, output=output, force=force
        )


@export_app.command("data")
def export_data(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json (the whole database) or csv (the actions)."),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The whole database as JSON (nothing lost), or the actions as CSV."""
    from ptctui import db, store
    from ptctui.exporters import data
    from ptctui.models import utcnow

    with environment(ctx) as env:

        def make(chosen: str, step: Progress | None) -> bytes | Iterator[bytes]:
            if chosen == "csv":
                with store.reading(env.engine, snapshot=True) as session:
                    rows = store.report_actions(session=session, include_archived=True)
                    return data.to_csv(rows).encode()
            return streamed(step)

        def streamed(step: Progress | None) -> Iterator[bytes]:
            """The JSON as the rows are read, from one snapshot of the database."""
            from sqlmodel import SQLModel

            with store.reading(env.engine, snapshot=True) as session:
                for piece in data.iter_json(
                    store.dump_tables(session=session),
                    exported_at=utcnow(),
                    source=env.workspace.display,
                    schema=db.exchange_revision(env.engine),
                    progress=step,
                    total=len(SQLModel.metadata.sorted_tables),
                ):
                    yield piece.encode()

        _deliver(env, report="data", fmt=fmt, output=output, force=force, make=make)


# --- importing ----------------------------------------------------------------------------------

SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A `ptctui export data` JSON file, or a CSV/XLSX.")],
    plan: Annotated[
        str | None, typer.Option("--plan", "-p", help="Spreadsheets: the plan the rows belong to.")
    ] = None,
    component: Annotated[
        str | None,
        typer.Option("--component", "-c", help="Spreadsheets: put every row in this component."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            "-m",
            help="Spreadsheets: FIELD=COLUMN when a header is not recognised "
            "(e.g. --map title='Activity description'). Repeatable.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Spreadsheets: the XLSX sheet (default: first).")
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="Spreadsheets: import good rows, report the rest."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Merge another database's export (JSON) or add the actions of a spreadsheet (CSV, XLSX).

    A backup of the database is taken before anything is written; the import is one
    transaction, so a refused or interrupted import leaves the database as it was.
    """
    suffix = file.suffix.lower()
    if not file.is_file():
        fail(f"no file {file}")
    if suffix == ".json":
        if plan or component or mapping or sheet or skip_bad_rows:
            fail("--plan, --component, --map, --sheet and --skip-bad-rows are for spreadsheets")
        _import_export_file(ctx, file, dry_run=dry_run, by=by)
    elif suffix in SHEET_SUFFIXES:
        _import_spreadsheet(
            ctx,
            file,
            plan=plan,
            component=component,
            mapping=mapping or [],
            sheet=sheet,
            skip_bad_rows=skip_bad_rows,
            dry_run=dry_run,
            by=by,
        )
    else:
        fail(f"cannot import {file.name}: expected .json, {', '.join(SHEET_SUFFIXES)}")


def _import_export_file(ctx: typer.Context, file: Path, *, dry_run: bool, by: str | None) -> None:
    """Merge a `ptctui export data` file (see ptctui.store.merge)."""
    from ptctui import backups, store, views
    from ptctui.importers import ImportFileError
    from ptctui.importers.exchange import read_export
    from ptctui.store.merge import merge_export, record_import

    try:  # the file is checked before the database is even opened
        data = read_export(file)
    except ImportFileError as error:
        fail(_one_line(error))
    # A database that does not exist yet starts empty: the file brings everything.
    with environment(ctx, by=by, seed=False) as env:
        backup = None
        if dry_run:
            with store.rehearsal(env.engine) as session:
                report = merge_export(session=session, data=data)
        else:
            backup = backups.take_backup(env.engine, label="before-import")
            with store.writing(env.engine) as session:
                report = merge_export(session=session, data=data)
                if not report.nothing:
                    record_import(
                        session=session,
                        source=str(file),
                        by=env.by,
                        report=report,
                        backup=str(backup) if backup else None,
                    )
        show(views.merge_report(report, file=file.name, dry_run=dry_run, backup=backup))


def _import_spreadsheet(
    ctx: typer.Context,
    file: Path,
    *,
    plan: str | None,
    component: str | None,
    mapping: list[str],
    sheet: str | None,
    skip_bad_rows: bool,
    dry_run: bool,
    by: str | None,
) -> None:
    """Add the actions of a spreadsheet to a plan (see ptctui.importers.spreadsheet).

    The preview and the report of every row that cannot be read are printed first. Any problem
    refuses the whole file (nothing written, exit 1) unless ``--skip-bad-rows``; rows already
    in their component are skipped, so importing the same sheet twice adds nothing.
    """
    from ptctui import backups, store
    from ptctui.importers import ImportFileError
    from ptctui.importers.spreadsheet import preview_renderable, read_sheet
    from ptctui.store.sheets import import_sheet, prepare_import

    if plan is None and component is not None and ":" in component:
        plan = component.rpartition(":")[0].strip() or None
    if plan is None:
        fail("a spreadsheet import needs --plan PLAN (the plan its actions belong to)")
    try:  # the file is checked before the database is even opened
        parsed = read_sheet(file, sheet=sheet, mapping=mapping)
    except ImportFileError as error:
        fail(_one_line(error))
    with environment(ctx, by=by) as env:
        with store.reading(env.engine) as session:
            prepared = prepare_import(
                session=session, sheet=parsed, plan=plan, component=component, source=file.name
            )
        show(preview_renderable(prepared))
        count = len(prepared.actions)
        actions = f"{count} action{'s' if count != 1 else ''}"
        bad = len(prepared.problem_rows)
        if bad and not skip_bad_rows:
            rows = f"{bad} row{'s' if bad != 1 else ''}"
            fail(
                f"{rows} of {file.name} {'has' if bad == 1 else 'have'} problems (listed above); "
                f"nothing was imported. Fix them, or use --skip-bad-rows to import the other "
                f"{actions}"
            )
        skipped = []
        if prepared.already:
            skipped.append(f"{len(prepared.already)} already there")
        if bad:
            skipped.append(f"{bad} with problems")
        also = f"; rows skipped: {', '.join(skipped)}" if skipped else ""
        if dry_run:
            typer.echo(f"Dry run: would import {actions} into {prepared.plan}{also}; not written")
            return
        if not count:
            typer.echo(f"Nothing to import into {prepared.plan}{also}")
            return
        backup = backups.take_backup(env.engine, label="before-import")
        with store.writing(env.engine) as session:
            import_sheet(session=session, prepared=prepared, by=env.by, today=env.today)
        where = f"backup at {backup}" if backup else "no backup taken: not an SQLite database"
        typer.echo(f"Imported {actions} into {prepared.plan} ({where}{also})")


@app.command("sync")
def sync_cmd(
    ctx: typer.Context,
    other: Annotated[
        str,
        typer.Option(
            "--with",
            "-w",
            help="The other database: a file path or a URL (postgresql+psycopg://…).",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Merge this database and another both ways, so both end up holding the same data.

    The rules are those of `ptctui import` (new rows added, histories united, the newest
    change wins a conflict and the other is kept in the history). SQLite sides are backed up
    first; each side's merge is one transaction.
    """
    from ptctui import db, sync, views

    with environment(ctx, by=by, seed=False) as env:
        there = resolve_workspace(other)
        if there.url == env.workspace.url:
            fail("--with names this same database")
        path = db.sqlite_path(there.url)
        if path is not None and not path.is_file():
            fail(f"no database at {path}; `ptctui db copy --to {path}` makes a first copy")
        engine = db.make_engine(there.url)
        try:
            db.prepare(engine)
            result = sync.sync(
                env.engine,
                engine,
                here_name=env.workspace.display,
                there_name=there.display,
                by=env.by,
                dry_run=dry_run,
            )
        finally:
            engine.dispose()
        show(
            views.merge_report(
                result.here,
                file=f"{there.display} into {env.workspace.display}",
                dry_run=dry_run,
                backup=result.here_backup,
            )
        )
        show(
            views.merge_report(
                result.there,
                file=f"{env.workspace.display} into {there.display}",
                dry_run=dry_run,
                backup=result.there_backup,
            )
        )


# --- database upkeep -----------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Back up the database and upgrade its schema to this version's."""
    from ptctui import db

    workspace = _existing_workspace(ctx)
    try:
        engine = db.make_engine(workspace.url)
        before = db.current_revision(engine)
        if before == db.HEAD_REVISION:
            typer.echo(f"{workspace.display} is up to date (schema {before})")
            return
        prepared = db.prepare(engine)
    except _user_errors() as error:
        fail(_one_line(error))
    if prepared.created:
        typer.echo(f"Created {workspace.display} at schema {db.HEAD_REVISION} (empty)")
    else:
        where = f"backup at {prepared.backup}" if prepared.backup else "no backup: use pg_dump"
        typer.echo(
            f"Upgraded {workspace.display} from schema {before} to {db.HEAD_REVISION}; {where}"
        )


@db_app.command("info")
def db_info(ctx: typer.Context) -> None:
    """Where the database is, how it was found, and its schema revision."""
    from ptctui import db

    state: State = ctx.find_object(State) or State()
    workspace = resolve_workspace(state.db)
    typer.echo(f"database: {workspace.display} ({workspace.source})")
    typer.echo(f"exports:  {workspace.exports}")
    path = db.sqlite_path(workspace.url)
    if path is not None and not path.exists():
        typer.echo("schema:   no database yet (any command creates it, or `ptctui init`)")
        return
    try:
        revision = db.current_revision(db.make_engine(workspace.url))
    except _user_errors() as error:
        fail(_one_line(error))
    typer.echo(f"schema:   {revision or 'none yet'} (this ptctui: {db.HEAD_REVISION})")


def _existing_workspace(ctx: typer.Context) -> Workspace:
    """The workspace, for the commands that must not create its database (nor upgrade it):
    a database file that is not there is refused."""
    from ptctui import db

    state: State = ctx.find_object(State) or State()
    workspace = resolve_workspace(state.db)
    path = db.sqlite_path(workspace.url)
    if path is not None and not path.exists():
        fail(f"no database at {path}; `ptctui init` makes one")
    return workspace


def _database_file(
    ctx: typer.Context, *, what: str, must_exist: bool = True
) -> tuple[Workspace, Path]:
    """The workspace and its SQLite file, for the commands that work on the file itself."""
    from ptctui import db

    state: State = ctx.find_object(State) or State()
    workspace = resolve_workspace(state.db)
    path = db.sqlite_path(workspace.url)
    if path is None:
        fail(f"{what} works on SQLite database files; for PostgreSQL use pg_dump and pg_restore")
    if must_exist and not path.exists():
        fail(f"no database at {path}; `ptctui init` makes one")
    return workspace, path


def _size(size: int) -> str:
    """A file size as people read it: 232.0 KB."""
    if size < 1024:
        return f"{size} B"
    amount = size / 1024
    for unit in ("KB", "MB"):
        if amount < 1024:
            return f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"


def _file_errors() -> tuple[type[Exception], ...]:
    """What the backup commands turn into one line: the usual errors and file-system ones."""
    return (*_user_errors(), OSError)


@db_app.command("backup")
def db_backup(
    ctx: typer.Context,
    label: Annotated[
        str, typer.Option("--label", "-l", help="A word for the file name, e.g. before-ec-41.")
    ] = "manual",
    keep: Annotated[
        int | None,
        typer.Option("--keep", min=1, help="Keep this many of the label's backups (manual: 20)."),
    ] = None,
) -> None:
    """Back the database up into db/backups/ (safe while the app is open); print the file."""
    from ptctui import backups, db

    workspace, _path = _database_file(ctx, what="db backup")
    try:
        target = backups.take_backup(db.make_engine(workspace.url), label=label, keep=keep)
    except _file_errors() as error:
        fail(_one_line(error))
    if target is None:  # pragma: no cover - _database_file refused other engines
        fail("backups work on SQLite database files; for PostgreSQL use pg_dump")
    typer.echo(str(target))


@db_app.command("backups")
def db_backups(ctx: typer.Context) -> None:
    """List the database's backups, newest first: when, label, size and file name."""
    from ptctui import backups

    workspace, path = _database_file(ctx, what="db backups", must_exist=False)
    found = backups.list_backups(path)
    folder = backups.backup_dir(path)
    if not found:
        typer.echo(f"No backups of {workspace.display} yet (they go to {folder})")
        return
    typer.echo(f"{len(found)} backup{'s' if len(found) != 1 else ''} in {folder}, newest first:")
    width = max(len(b.label) for b in found)
    for backup in found:
        typer.echo(
            f"{backup.taken:%Y-%m-%d %H:%M:%S} UTC  {backup.label:<{width}}  "
            f"{_size(backup.size):>9}  {backup.name}"
        )


def _can_ask() -> bool:
    """Whether a person can answer a question: stdin is a terminal (not a script or a pipe)."""
    import sys

    return sys.stdin.isatty()


@db_app.command("restore")
def db_restore(
    ctx: typer.Context,
    backup: Annotated[
        str | None,
        typer.Argument(help="A file in db/backups/ (see `db backups`) or a path; default newest."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the database's contents with a backup, saving the current ones first.

    Safe while the app is open elsewhere: it sees the restored data. A backup from an older
    ptctui is upgraded after it is restored; a damaged or foreign file is refused.
    """
    from ptctui import backups, db

    workspace, path = _database_file(ctx, what="db restore", must_exist=False)
    try:
        chosen = backups.find_backup(path, backup)
        source = chosen.path if isinstance(chosen, backups.Backup) else chosen
        taken = (
            f" (taken {chosen.taken:%Y-%m-%d %H:%M:%S} UTC)"
            if isinstance(chosen, backups.Backup)
            else ""
        )
        if not yes:
            if not _can_ask():
                fail(
                    f"restoring {source.name} replaces the contents of {workspace.display}; "
                    "add --yes to confirm"
                )
            if not typer.confirm(
                f"Replace the contents of {workspace.display} with {source.name}{taken}?"
            ):
                typer.echo("Nothing restored.")
                raise typer.Exit(1)
        restored = backups.restore_backup(db.make_engine(workspace.url), source)
    except _file_errors() as error:
        fail(_one_line(error))
    typer.echo(f"Restored {workspace.display} from {source}{taken}, schema {restored.revision}")
    if restored.safety is not None:
        typer.echo(f"The database as it was is saved in {restored.safety}")
    else:
        typer.echo("There was no database to save first")
    if restored.upgraded_from:
        typer.echo(
            f"Upgraded it from schema {restored.upgraded_from} to {db.HEAD_REVISION}; "
            f"backup at {restored.migration_backup}"
        )


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Check the database is consistent; print "ok: ..." or one line per problem (exit 1).

    Checks SQLite's integrity and foreign keys, each action's status against its last status
    change (archived actions too), and that undo entries and the entries they undo name each
    other.
    """
    from ptctui import db, store
    from ptctui.store.checks import check_database, counts

    workspace = _existing_workspace(ctx)
    try:
        engine = db.make_engine(workspace.url)
        revision = db.current_revision(engine)
        if revision is None:
            fail(f"{workspace.display} has no ptctui schema")
        if revision != db.HEAD_REVISION:
            fail(
                f"{workspace.display} is at schema {revision}, not {db.HEAD_REVISION}; "
                "run `ptctui db upgrade` first"
            )
        with store.reading(engine) as session:
            problems = check_database(session=session)
            tally = counts(session=session)
    except _user_errors() as error:
        fail(_one_line(error))
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        fail(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {workspace.display}")
    archived = f" ({tally.archived} archived)" if tally.archived else ""
    typer.echo(
        f"ok: {tally.actions} actions{archived}, {tally.status_changes} status changes, "
        f"{tally.progress_updates} progress updates, {tally.journal} journal entries; consistent"
    )


@db_app.command("copy")
def db_copy(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="PATH_OR_URL",
            help="The new database: a file path or a URL (postgresql+psycopg://…); it must be "
            "empty.",
            show_default=False,
        ),
    ],
) -> None:
    """Copy the whole database (history, journal and ids too) into a new, empty one.

    Either way between SQLite and PostgreSQL: publish a laptop's file to a server, or make a
    laptop copy of the server's. The target is created or migrated first, then filled in one
    transaction; a target that already holds data is refused.
    """
    from ptctui import db
    from ptctui.store.copy import copy_database

    here = _existing_workspace(ctx)
    there = resolve_workspace(to)
    if there.url == here.url:
        fail("--to names the database in use; copy into another one")
    with environment(ctx, seed=False) as env:
        target = db.make_engine(there.url)
        try:
            copied = copy_database(source=env.engine, target=target)
        finally:
            target.dispose()
        typer.echo(
            f"Copied {env.workspace.display} to {there.display}: "
            f"{copied.rows.get('actions', 0)} actions, {copied.total} rows in all"
        )


def main() -> None:
    """Console-script entry point: one command, then the process ends (``heap.one_command``)."""
    from ptctui import heap

    with heap.one_command():
        try:
            app(prog_name="ptctui")
        finally:
            # Connections are closed here, not by the collector (frozen at exit): an SQLite
            # file's log is merged back into it. `db` is loaded only if a database was opened.
            db = sys.modules.get("ptctui.db")
            if db is not None:
                db.dispose_engines()


if __name__ == "__main__":  # pragma: no cover
    main()
