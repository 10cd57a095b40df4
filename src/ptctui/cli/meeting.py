"""Meetings at work: ``ptctui meet`` (the app in meeting mode) and ``ptctui export meeting``
(the record of a meeting's decisions)."""

from typing import Annotated

import typer

from ptctui.cli.common import app, environment, export_app
from ptctui.cli.exports import ForceOption, FormatOption, OutputOption, _deliver_document


@app.command("meet")
def meet(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's code, e.g. EC-41.")],
    plan: Annotated[str | None, typer.Option("--plan", help="The plan to walk.")] = None,
    package: Annotated[
        str | None, typer.Option("--package", "-p", help="Only this package's actions.")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", "-s", help="Only these statuses.")
    ] = None,
    body: Annotated[str | None, typer.Option("--body", help="Only this body's actions.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
) -> None:
    """Open the app in meeting mode: walk the actions, decide each with one key."""
    from ptctui import collector, store
    from ptctui.workflow import parse_status

    collector.hold()
    try:
        with environment(ctx) as env:
            with store.reading(env.engine) as session:  # refuse a wrong code before the app
                key = store.get_meeting(session=session, key=meeting).key
                code = store.get_plan(session=session, code=plan).code if plan else None
            flt = store.ActionFilter(
                package=package,
                statuses=tuple(parse_status(s) for s in status or ()),
                body=body,
                overdue=overdue,
            )
            from ptctui.tui import app as tui
            from ptctui.tui.screens.meeting import WalkSpec

            tui.run(
                engine=env.engine,
                workspace=env.workspace,
                by=env.by,
                today=env.today,
                walk=WalkSpec(key, code, flt),
            )
    finally:
        collector.release()


@export_app.command("meeting")
def export_meeting(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's code, e.g. EC-41.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The record of a meeting's decisions, by plan and component, with its follow-ups."""
    from ptctui import store
    from ptctui.reports.meeting_record import build_meeting_record

    with environment(ctx) as env:
        with store.reading(env.engine) as session:
            found = store.get_meeting(session=session, key=meeting)
            document = build_meeting_record(
                session=session, meeting=found, today=env.today, author=env.by
            )
            key = found.key
        _deliver_document(
            env, document, report="meeting", fmt=fmt, output=output, force=force, name=key
        )
