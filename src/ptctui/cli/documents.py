"""Committee documents: ``ptctui export intersessional`` and ``ptctui documents``.

A document named by ``--code`` remembers the options it was exported with (the title block,
the window, the packages left out), so the next export needs only its code; its written text
(purpose, introduction, each package's background, …) is edited with ``documents text``; an
export with ``--issue`` is kept as issued, byte for byte (``documents issued`` writes it again),
and later exports of the code say what changed since.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ptctui.cli.common import (
    ListingGroup,
    _date,
    app,
    environment,
    export_app,
    fail,
    read_text_file,
    say,
    show,
)
from ptctui.cli.exports import (
    ForceOption,
    FormatOption,
    OutputOption,
    _check_window,
    _deliver_document,
)

if TYPE_CHECKING:
    from ptctui.cli.common import Env

documents_app = typer.Typer(
    cls=ListingGroup,
    help="Committee documents: what each remembers, its written text, what was issued.",
    rich_markup_mode=None,
)
app.add_typer(documents_app, name="documents")

_FILE_FORMATS = ("docx", "html", "md", "txt")


@export_app.command("intersessional")
def export_intersessional(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Option("--code", help="Document code, e.g. PC0608E: remembers these options.")
    ] = "",
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day covered (default: remembered, or 6 months back)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day covered (default: remembered, or today)."),
    ] = None,
    dated: Annotated[
        str | None, typer.Option("--date", help="The document's date (default: today).")
    ] = None,
    committee: Annotated[
        str | None,
        typer.Option("--committee", help="The committee (default: Permanent Technical Committee)."),
    ] = None,
    session_label: Annotated[
        str | None, typer.Option("--session", help="The session, e.g. '239th/240th Sessions'.")
    ] = None,
    agenda_item: Annotated[
        str | None, typer.Option("--agenda-item", help="Its agenda item, e.g. II.")
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="Default: World Customs Organization."),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Where it is dated, e.g. Brussels.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Default: Intersessional developments.")
    ] = None,
    leave_out: Annotated[
        str | None,
        typer.Option("--leave-out", help="Package codes it does not cover, comma-separated."),
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Its language tag (default: en-GB).")
    ] = None,
    issue: Annotated[
        bool, typer.Option("--issue", help="Keep this file as the issued document (needs --code).")
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The committee working document of developments between two sessions."""
    from ptctui import store
    from ptctui.reports.intersessional import (
        IntersessionalOptions,
        build_intersessional,
        record_options,
    )
    from ptctui.store import documents

    with environment(ctx) as env:
        given: dict[str, Any] = {
            "since": _date(since, "--since"),
            "until": _date(until, "--until"),
            "dated": _date(dated, "--date"),
            "committee": _stripped(committee),
            "session": _stripped(session_label),
            "agenda_item": _stripped(agenda_item),
            "organisation": _stripped(organisation),
            "place": _stripped(place),
            "title": _stripped(title),
            "leave_out": _codes(leave_out),
            "language": _language(language),
        }
        if issue and not code.strip():
            fail("--issue needs --code: an issued document is kept under its code")
        if issue and (output == "-" or (output is None and fmt is None)):
            fail("--issue keeps a file: give --format (docx, html, md or txt) or -o FILE")
        if code.strip():
            with store.reading(env.engine) as session:
                known = documents.find_document(session=session, code=code)
                window = (known.since, known.until) if known else (None, None)
            _check_given_window(given, window, env)
            with store.writing(env.engine) as session:
                record, changes = documents.save_document(
                    session=session, code=code.strip(), values=given, by=env.by
                )
                options = record_options(
                    record,
                    documents.passages(session=session, document=record),
                    today=env.today,
                    author=env.by,
                )
                last = documents.last_issued(session=session, document=record)
            if changes:
                _tell(f"{record.code}: remembered {_what(changes)} for the next export")
        else:
            # What was given over the options' own defaults (the window: IntersessionalOptions).
            chosen = {k: v for k, v in given.items() if v is not None and v != ""}
            chosen["leave_out"] = tuple(c for c in chosen.get("leave_out", "").split(",") if c)
            options = IntersessionalOptions(today=env.today, author=env.by, **chosen)
            _check_window(*options.window)
            last = None
        with store.reading(env.engine) as session:
            document = build_intersessional(session=session, options=options)
        name = options.code
        written = _deliver_document(
            env, document, report="intersessional", fmt=fmt, output=output, force=force, name=name
        )
        if last is not None:
            _tell(_since_issued(document, last))
        if issue and written is not None:
            _issue(env, options.code, written, document, options)


def _stripped(value: str | None) -> str | None:
    return value.strip() if value is not None else None


def _language(value: str | None) -> str | None:
    """A BCP 47 language tag as Word and HTML take it (``en-GB``, ``fr-FR``), or one line."""
    import re

    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value.strip()):
        fail(f"--language: {value.strip()!r} is not a language tag such as en-GB or fr-FR")
    return value.strip()


def _codes(value: str | None) -> str | None:
    if value is None:
        return None
    return ",".join(c.strip().upper() for c in value.split(",") if c.strip())


def _check_given_window(given: dict[str, Any], remembered: tuple[Any, Any], env: "Env") -> None:
    since = given["since"] or remembered[0]
    until = given["until"] or remembered[1] or env.today
    if since is not None:
        _check_window(since, until)


def _tell(message: str) -> None:
    """A notice on stderr, so that ``-o -`` keeps stdout for the document."""
    from ptctui.text import printable

    typer.echo(printable(message), err=True)


def _what(changes: list[Any]) -> str:
    import json

    fields: list[str] = []
    for change in changes:
        if change.kind == "edit":
            fields += json.loads(change.after)
    named = [f.replace("_", " ").replace("dated", "date") for f in fields]
    return ", ".join(named) if named else "its code"


def _since_issued(document: Any, last: Any) -> str:
    """What changed since ``last`` was issued, in paragraphs of its Markdown."""
    import difflib
    import re

    from ptctui.deadlines import long_date
    from ptctui.exporters.render import render

    now = render(document, "md", report="intersessional", today=last.at.date()).decode()
    # Paragraphs without their numbers: one paragraph more renumbers the rest, changing none.
    number = re.compile(r"^\d+\\?\.\s+")
    before = [number.sub("", p) for p in last.markdown.split("\n\n") if p.strip()]
    after = [number.sub("", p) for p in now.split("\n\n") if p.strip()]
    when = f"issued on {long_date(last.at.date())}" + (f" by {last.by}" if last.by else "")
    added = removed = changed = 0
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before, b=after).get_opcodes():
        if op == "replace":
            changed += min(a2 - a1, b2 - b1)
            added += max(0, (b2 - b1) - (a2 - a1))
            removed += max(0, (a2 - a1) - (b2 - b1))
        elif op == "insert":
            added += b2 - b1
        elif op == "delete":
            removed += a2 - a1
    if not (added or removed or changed):
        return f"unchanged since it was {when}"
    parts = [
        f"{n} paragraph{'s' if n != 1 else ''} {verb}"
        for n, verb in ((changed, "changed"), (added, "added"), (removed, "removed"))
        if n
    ]
    return f"since it was {when}: " + ", ".join(parts)


def _issue(env: "Env", code: str, written: Path, document: Any, options: Any) -> None:
    from ptctui import store
    from ptctui.exporters import format_from_path
    from ptctui.exporters.render import render
    from ptctui.store import documents

    fmt = format_from_path("intersessional", written) or written.suffix.lstrip(".")
    if fmt not in _FILE_FORMATS:
        fail(f"--issue keeps docx, html, md or txt files, not {fmt}")
    markdown = render(document, "md", report="intersessional", today=env.today).decode()
    parameters = {
        "since": options.window[0],
        "until": options.window[1],
        "dated": options.dated or options.today,
        "committee": options.committee,
        "session": options.session,
        "agenda_item": options.agenda_item,
        "organisation": options.organisation,
        "place": options.place,
        "title": options.title,
        "leave_out": list(options.leave_out),
    }
    with store.writing(env.engine) as session:
        record = documents.get_document(session=session, code=code)
        issued = documents.issue(
            session=session,
            document=record,
            by=env.by,
            format=fmt,
            parameters=parameters,
            markdown=markdown,
            content=written.read_bytes(),
        )
        digest = issued.sha256[:12]
    say(f"Issued {code} as {written.name} (sha256 {digest}…); `ptctui documents issued {code}`")


# --- ptctui documents ----------------------------------------------------------------------------


@documents_app.command("list")
def documents_list(ctx: typer.Context) -> None:
    """The committee documents, with what they remember and when they were last issued."""
    from ptctui import store
    from ptctui.store import documents
    from ptctui.views.documents import documents_table

    with environment(ctx) as env, store.reading(env.engine) as session:
        rows = documents.list_documents(session=session)
        show(documents_table(rows))


@documents_app.command("text")
def documents_text(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The document's code, e.g. PC0608E.")],
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Set the sections this Markdown file holds ('-': stdin)."),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit every section in $EDITOR, then save the changes.")
    ] = False,
    note: Annotated[str, typer.Option("--note", help="Why, for the history.")] = "",
) -> None:
    """Print a document's written text (every section, as Markdown), or set it."""
    from ptctui import store
    from ptctui.editing import edit_text
    from ptctui.reports.intersessional import document_sections
    from ptctui.reports.narrative import NarrativeError, changed_sections, from_file, to_file
    from ptctui.store import documents

    with environment(ctx) as env:
        with store.reading(env.engine) as session:
            record = documents.get_document(session=session, code=code)
            shown = document_sections(session=session, record=record, today=env.today)
        text = to_file(record.code, shown)
        if file is None and not edit:
            typer.echo(text, nl=False)
            return
        if file is not None and edit:
            fail("give --file or --edit, not both")
        content = read_text_file(file, what="--file") if file is not None else edit_text(text)
        try:
            wanted = from_file(content)
        except NarrativeError as error:
            fail(f"{file or 'the edited text'}: {error}")
        if edit:  # only what the officer changed: untouched defaults stay defaults
            wanted = changed_sections(shown, wanted)
        with store.writing(env.engine) as session:
            record = documents.get_document(session=session, code=code)
            changes = documents.set_passages(
                session=session, document=record, texts=wanted, by=env.by, note=note
            )
        if not changes:
            say(f"{record.code}: the text was already so; nothing changed")
            return
        names = ", ".join(c.summary.split(", ", 1)[1].split(":")[0] for c in changes)
        say(f"{record.code}: saved {names} (undo takes back one section at a time)")


@documents_app.command("issued")
def documents_issued(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The document's code, e.g. PC0608E.")],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Where to write it ('-': stdout).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write the document as it was last issued, byte for byte."""
    from ptctui import store
    from ptctui.exporters import write_atomic
    from ptctui.store import documents

    with environment(ctx) as env:
        with store.reading(env.engine) as session:
            record = documents.get_document(session=session, code=code)
            last = documents.last_issued(session=session, document=record)
            if last is None:
                fail(f"{record.code} has not been issued; export it with --issue first")
            content = documents.issued_content(last)
            fmt, day = last.format, last.at.date()
        if output == "-":
            import sys

            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        path = (
            Path(output) if output else env.workspace.exports / f"{record.code}-issued-{day}.{fmt}"
        )
        if path.exists() and not force:
            fail(f"{path} exists; use --force to replace it")
        say(f"Wrote {write_atomic(path, [content], force=force)}")
