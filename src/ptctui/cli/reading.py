"""Commands that read actions and the journal: actions, show, history, statuses."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from ptctui.cli import completion
from ptctui.cli.common import _date, app, emit_json, emit_json_list, environment, show

if TYPE_CHECKING:
    from ptctui.store import ActionRow


@app.command()
def actions(
    ctx: typer.Context,
    package: Annotated[
        str | None,
        typer.Option("--package", "-p", help="Package code.", autocompletion=completion.packages),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="Plan code, e.g. CEP-2020.", autocompletion=completion.plans),
    ] = None,
    component: Annotated[
        str | None,
        typer.Option(
            "--component",
            "-c",
            help="PLAN:N, or N with --plan.",
            autocompletion=completion.components,
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            help="Only these statuses (repeatable).",
            autocompletion=completion.statuses,
        ),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(
            "--body", "-b", help="Responsible body code.", autocompletion=completion.bodies
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Only actions due before this date.")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Text in titles, descriptions, updates.")
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="order, ref, due, status, updated or title.",
            autocompletion=completion.sorts,
        ),
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
            from ptctui.text import EncodedItems

            with store.reading(env.engine) as session:
                found = store.iter_actions(session=session, flt=flt, today=env.today, sort=sort)
                emit_json_list(EncodedItems(found, _row_json(env.today)))
            return
        with store.reading(env.engine) as session:
            rows = store.list_actions(session=session, flt=flt, today=env.today, sort=sort)
        from ptctui import views  # Rich's tables: not needed for --json

        late = sum(row.overdue(env.today) for row in rows)
        title = f"{len(rows)} action{'s' if len(rows) != 1 else ''}"
        if late:
            title += f", {late} overdue"
        show(views.actions_table(rows, today=env.today, title=title))


# ``ActionRow.as_json``'s keys, in its order; each ``%s`` is a value's JSON text.
_ROW_KEYS = (
    "uuid", "ref", "title", "status", "kind", "package", "plan", "component", "component_title",
    "lead", "deadline", "due_date", "latest_update", "overdue", "archived",
)  # fmt: skip
_ROW = "{" + ", ".join(f'"{key}": %s' for key in _ROW_KEYS) + "}"


def _row_json(today: date) -> Callable[["ActionRow"], str]:
    """``row.as_json(today)`` as ``json_list`` would write it, byte for byte, twice as fast
    (100,000 actions: the dicts and the encoder's setup per row took a second).

    One template for the fields; each string through ``text.json_string``, and what repeats
    from row to row (statuses, codes, component titles, deadlines, dates) encoded once. A row
    holding a value of another type than the listing reads, or an ``as_json`` with other keys
    than ``_ROW_KEYS``, is written the generic way instead, so the output never differs from
    ``as_json``'s (``tests/test_actions_json.py`` compares them).
    """
    import json

    from ptctui.text import JsonStrings, json_safe
    from ptctui.workflow import is_late

    generic = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    encode = json.encoder.encode_basestring  # as text.json_string, which it inlines below
    known = JsonStrings().__getitem__
    day = _Days().__getitem__
    shape: list[bool] = []  # whether as_json still has _ROW_KEYS, judged on the first row

    def slow(row: "ActionRow") -> str:
        return json_safe(generic(row.as_json(today)))

    def fast(row: "ActionRow") -> str:
        if not shape:
            shape.append(tuple(row.as_json(today)) == _ROW_KEYS)
        (
            uuid, ref, title, status, kind, package, plan, component, component_title, lead,
            deadline, due, latest, archived,
        ) = row  # fmt: skip
        if not shape[0] or type(component) is not int:
            return slow(row)
        try:
            # text.json_string, inlined (three calls a row were a fifth of the encoding):
            # json_safe changes nothing in ASCII text without DEL, so all three or none
            uuid, ref, title = encode(uuid), encode(ref), encode(title)
            seen = uuid + ref + title
            if not seen.isascii() or "\x7f" in seen:
                uuid, ref, title = json_safe(uuid), json_safe(ref), json_safe(title)
            return _ROW % (
                uuid,
                ref,
                title,
                known(status._value_),  # the member's value, without Enum's property
                known(kind),
                known(package),
                known(plan),
                component,
                known(component_title),
                known(lead),
                "null" if deadline is None else known(deadline),
                day(due),
                day(latest),
                # a date is needed to be late (as store.count_late): most rows stop here
                "true"
                if due is not None and due < today and is_late(status, due, today)
                else "false",
                "true" if archived else "false",
            )
        except (TypeError, AttributeError):  # a value of another type: json knows them all
            return slow(row)

    return fast


class _Days(dict[date | None, str]):
    """A date's JSON text (ISO, as ``as_json`` writes it) by date, each made once."""

    def __missing__(self, day: date | None) -> str:
        text = self[day] = "null" if day is None else f'"{day.isoformat()}"'
        return text


@app.command("show")
def show_action(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            help="Display reference (CEP-1.3) or UUID prefix.", autocompletion=completion.refs
        ),
    ],
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
    ref: Annotated[
        str | None, typer.Argument(help="Only this action.", autocompletion=completion.refs)
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many entries.")] = 30,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="Only this person's changes.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="Only this kind: move, update, edit, undo…")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The journal of changes, newest first (what `undo` walks back; # is what `undo --change`
    takes)."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        action = store.resolve_action(session=session, ref=ref) if ref else None
        rows = store.history(session=session, action=action, limit=limit, by=person, kind=kind)
        if as_json:
            emit_json([row.as_json() for row in rows])
            return
        if not rows:
            typer.echo("No changes recorded yet.")
            return
        show(views.history_table(rows))


@app.command()
def statuses(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The status workflow: each status and the moves allowed from it."""
    from ptctui.workflow import TRANSITIONS, Need

    if as_json:
        emit_json(
            [
                {
                    "status": source.value,
                    "label": source.label,
                    "moves": [
                        {"status": t.value, "needs": None if n is Need.NOTHING else n.value}
                        for t, n in moves.items()
                    ],
                }
                for source, moves in TRANSITIONS.items()
            ]
        )
        return
    from ptctui import views

    show(views.statuses_table())
