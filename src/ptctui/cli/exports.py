"""``ptctui export``: reports and data, to the screen, stdout or a file."""

from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ptctui.reports.document import Document

from ptctui.cli import completion
from ptctui.cli.common import Env, _date, _writing_stdout, environment, export_app, fail, say, show

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
) -> Path | None:
    """``_deliver`` for a report built as a document: Rich on the screen, ``render`` in files;
    returns the file written, if any."""
    from ptctui.exporters.render import render
    from ptctui.reports.rich import document_renderable

    return _deliver(
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
    make: "Callable[[str, Progress | None], bytes | Generator[bytes, None, None]]",
    name: str = "",
    screen: "Callable[[], RenderableType] | None" = None,
) -> Path | None:
    """Send an export where it was asked to go: the screen, stdout or a file (atomically);
    returns the file written, if any.

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
        return None
    if output == "-":
        fmt = fmt or ("json" if report == "data" else "txt")
        if fmt == "docx" and sys.stdout.isatty():
            raise ExportError("a Word file cannot go to the terminal; redirect it or use -o FILE")
        with _made(make(fmt, None)) as pieces, _writing_stdout():
            for piece in pieces:
                typer.echo(piece, nl=False)
        return None
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
    with _progress(sys.stdout.isatty()) as step, _made(make(fmt, step)) as pieces:
        written = write_atomic(path, pieces, force=force)  # made as it is written
    say(f"Wrote {written}")
    return written


@contextmanager
def _made(data: bytes | Generator[bytes, None, None]) -> Iterator[Iterable[bytes]]:
    """An export's pieces; a streamed one is closed when the block ends, however it ends, so
    its read of the database ends with it (not when the collector, frozen at exit, would)."""
    if isinstance(data, bytes):
        yield [data]
        return
    with closing(data):
        yield data


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
        str | None,
        typer.Option(
            "--package", "-p", help="Only this package.", autocompletion=completion.packages
        ),
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this plan.", autocompletion=completion.plans)
    ] = None,
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
    plan: Annotated[
        str, typer.Argument(help="Plan code, e.g. CEP-2020.", autocompletion=completion.plans)
    ],
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
    from ptctui import migrate, store
    from ptctui.exporters import data
    from ptctui.models import utcnow

    with environment(ctx) as env:

        def make(chosen: str, step: Progress | None) -> bytes | Generator[bytes, None, None]:
            if chosen == "csv":
                with store.reading(env.engine, snapshot=True) as session:
                    rows = store.report_actions(session=session, include_archived=True)
                    return data.to_csv(rows).encode()
            return streamed(step)

        def streamed(step: Progress | None) -> Generator[bytes, None, None]:
            """The JSON as the rows are read, from one snapshot of the database."""
            from sqlmodel import SQLModel

            with store.reading(env.engine, snapshot=True) as session:
                for piece in data.iter_json(
                    store.dump_tables(session=session),
                    exported_at=utcnow(),
                    source=env.workspace.display,
                    schema=migrate.exchange_revision(env.engine),
                    progress=step,
                    total=len(SQLModel.metadata.sorted_tables),
                ):
                    yield piece.encode()

        _deliver(env, report="data", fmt=fmt, output=output, force=force, make=make)
