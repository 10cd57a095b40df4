"""Hostile and broken text (issue #5): stored exactly as given, shown literally everywhere.

An action whose title, description, funding note, progress update, status note, journal note
and author all hold Rich markup, ANSI and OSC escape sequences, BEL, NUL, a C1 control (CSI),
a bidi override, HTML and Markdown is planted in the seeded database. It must read back from
the database unchanged; every command-line view, every export format and the app must show the
markup as text and the control characters as visible stand-ins (``ptctui.text.printable``:
ESC as ``␛``, BEL as ``␇``, NUL as ``␀``, C1 and bidi controls as ``�``), and never write a raw
control character (other than newline and tab) to a terminal or a file. JSON keeps the exact
text, escaped (``\\u001b``). NUL is accepted: SQLite text holds it, and it shows as ``␀``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sqlalchemy.engine import Engine
from textual.widgets import TextArea
from typer.testing import CliRunner, Result

from conftest import TODAY
from ptctui import store, views
from ptctui.cli import app
from ptctui.exporters import console as console_export
from ptctui.exporters import data as data_export
from ptctui.exporters.data import csv_cell
from ptctui.exporters.render import render
from ptctui.models import ActionEdit
from ptctui.reports.document import (
    Box,
    Bullet,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
)
from ptctui.text import UNSAFE, json_safe, one_line, printable
from ptctui.tui.commands import _targets
from ptctui.tui.dialogs.action import ActionDialog
from ptctui.tui.dialogs.confirm import ConfirmDialog
from ptctui.tui.widgets.plan_tree import progress_label
from ptctui.workflow import Status
from test_exporters import REPORTS, build, html_text
from test_tui_app import app_for, goto, main, settle, table

HOSTILE = (
    "[bold red]boom[/] \x1b[31mRED\x1b[0m \x1b]0;pwned\x07 <script>alert(1)</script> "
    "&amp; *em* \u202eevil \x00? \x9b2J"
)
# What must be seen of it, whatever the output: the markup as typed, the controls as pictures.
LITERALS = (
    "[bold red]boom[/]",
    "␛[31mRED␛[0m",
    "␛]0;pwned␇",
    "<script>alert(1)</script>",
    "&amp;",
    "*em*",
    "�evil ␀? �2J",
)
# Characters that must never be written raw: C0 but newline and tab, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile("\x1b\\[[0-9;]*m")  # Rich's own colours, in the ansi export


def raw_controls(text: str, *, allow: str = "") -> set[str]:
    """The raw control characters in ``text`` (none is the answer wanted)."""
    return {c for c in RAW.findall(text) if c not in allow}


def assert_shown(text: str, *, allow: str = "") -> None:
    """``text`` shows the hostile string literally and holds no raw control character."""
    assert raw_controls(text, allow=allow) == set()
    for literal in LITERALS:
        assert literal in text, (literal, text)


@dataclass(frozen=True)
class Planted:
    """The hostile action: its reference and what each field was set to."""

    ref: str
    title: str
    description: str
    funding: str
    update: str
    move_note: str
    edit_note: str
    by: str


@pytest.fixture
def planted(engine: Engine) -> Planted:
    """An action in CEP-2020:1, overdue (May 2020), with hostile text in every field."""
    p = Planted(
        ref="",
        title=f"Title {HOSTILE}",
        description=f"Description {HOSTILE}\nsecond line",
        funding=f"Funding {HOSTILE}",
        update=f"Update {HOSTILE}",
        move_note=f"Moved {HOSTILE}",
        edit_note=f"Edited {HOSTILE}",
        by=f"Ana {HOSTILE}",
    )
    with store.writing(engine) as session:
        action, _ = store.add_action(
            session=session,
            component=store.get_component(session=session, spec="CEP-2020:1"),
            title=p.title,
            by=p.by,
            description=p.description,
            deadline="May 2020",
        )
        store.add_update(
            session=session, action=action, text=p.update, by=p.by, as_of=date(2020, 3, 15)
        )
        store.move_action(
            session=session, action=action, status=Status.IN_PROGRESS, by=p.by, note=p.move_note
        )
        store.edit_action(
            session=session,
            action=action,
            edit=ActionEdit(funding_note=p.funding),
            by=p.by,
            note=p.edit_note,
        )
        ref = action.ref
    return Planted(**{**p.__dict__, "ref": ref})


def test_hostile_text_is_stored_exactly_as_given(engine: Engine, planted: Planted) -> None:
    with store.reading(engine) as session:
        action = store.resolve_action(session=session, ref=planted.ref)
        detail = store.action_detail(session=session, action=action)
        journal = store.history(session=session, action=action)
    assert (action.title, action.description, action.funding_note) == (
        planted.title,
        planted.description,
        planted.funding,
    )
    assert [u.text for u in detail.updates] == [planted.update]
    assert planted.move_note in [c.note for c in detail.history]
    assert {c.by for c in detail.history} == {planted.by}
    assert planted.edit_note in [c.note for c in journal]


# --- the printable rule -------------------------------------------------------------------------


def test_printable_shows_controls_as_pictures_and_keeps_markup() -> None:
    assert printable(HOSTILE) == (
        "[bold red]boom[/] ␛[31mRED␛[0m ␛]0;pwned␇ <script>alert(1)</script> "
        "&amp; *em* �evil ␀? �2J"
    )
    assert printable("line\n\tindented\r\n") == "line\n\tindented␍\n"
    assert printable("\x7f\u2066x\u2069") == "␡�x�"
    assert printable("plain words, ünïcödé, 漢字 ⚠") == "plain words, ünïcödé, 漢字 ⚠"
    assert one_line("a\n\tb  \x1b[0m") == "a b ␛[0m"


# Every code point, surrogates included, with the interesting ones often.
ANY_CHARACTER = st.one_of(
    st.characters(exclude_categories=()),
    st.sampled_from([*sorted(UNSAFE)[:200], "\n", "\t", "\r", "\x1b", "\x07", "\x00", "["]),
)


@given(st.text(ANY_CHARACTER, max_size=60))
def test_printable_properties(text: str) -> None:
    shown = printable(text)
    assert len(shown) == len(text)  # one for one: cursors and styles stay in place
    assert not set(shown) & UNSAFE
    assert raw_controls(shown) == set()
    assert printable(shown) == shown
    assert all(a == b for a, b in zip(text, shown, strict=True) if a not in UNSAFE)
    assert "\n" not in one_line(text) and "\t" not in one_line(text)
    assert json.loads(json_safe(json.dumps(text, ensure_ascii=False))) == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ANY_CHARACTER.filter(lambda c: not 0xD800 <= ord(c) <= 0xDFFF), max_size=40))
def test_random_text_renders_in_every_format_without_controls(text: str) -> None:
    """Rich views and every report format take any text without raising or leaking controls."""
    document = Document(
        title=text,
        subtitle=text,
        meta=(("Code", text),),
        sections=(
            Section(
                Heading(text),
                (
                    Paragraph(text, number=1),
                    BulletList((Bullet(text, (text,)),)),
                    Table(columns=("Ref", "Action"), rows=((text, text),), title=text),
                    Box(text, (Paragraph(text),)),
                ),
            ),
        ),
    )
    shown = console_export.to_text(views.plain(text))
    assert raw_controls(shown) == set()
    for fmt in ("txt", "ansi", "html", "svg", "md"):
        out = render(document, fmt, report="summary", today=TODAY).decode()
        if fmt == "ansi":
            out = SGR.sub("", out)
        assert raw_controls(out) == set(), fmt
    word = docx.Document(io.BytesIO(render(document, "docx", report="summary", today=TODAY)))
    assert raw_controls("".join(p.text for p in word.paragraphs)) == set()


# --- the command line ---------------------------------------------------------------------------


def run(db_arg: str, *args: str) -> Result:
    env = {"PTCTUI_TODAY": TODAY.isoformat(), "PTCTUI_USER": "tester", "COLUMNS": "400"}
    return CliRunner().invoke(app, ["--db", db_arg, *args], env=env, prog_name="ptctui")


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


def test_cli_views_show_hostile_text_literally(db_arg: str, planted: Planted) -> None:
    listing = ok(run(db_arg, "actions", "--plan", "CEP-2020"))
    assert_shown(listing)
    assert printable(planted.title) in listing

    shown = ok(run(db_arg, "show", planted.ref))
    assert_shown(shown)
    for field in (planted.title, planted.funding, planted.update, planted.move_note):
        assert printable(field) in shown
    assert printable(planted.by) in shown

    history = ok(run(db_arg, "history", planted.ref))
    assert_shown(history)
    assert printable(planted.edit_note) in history


def test_cli_json_keeps_the_exact_text_escaped(db_arg: str, planted: Planted) -> None:
    out = ok(run(db_arg, "show", planted.ref, "--json"))
    assert raw_controls(out) == set()
    assert "\\u001b[31mRED" in out and "\\u202eevil" in out and "\\u009b2J" in out
    assert json.loads(out)["title"] == planted.title
    rows = json.loads(ok(run(db_arg, "actions", "--plan", "CEP-2020", "--json")))
    assert planted.title in [row["title"] for row in rows]


def test_cli_messages_quoting_user_text_are_printable(db_arg: str) -> None:
    # (argv cannot carry NUL, so the command-line text leaves it out)
    typed = HOSTILE.replace("\x00", "")
    added = ok(run(db_arg, "add", typed, "-c", "CEP-2020:1"))
    assert raw_controls(added) == set() and "␛[31mRED" in added and "[bold red]boom[/]" in added

    for ref in ("\x1b]0;pwned\x07", "two\nlines\x9b"):
        result = run(db_arg, "show", ref)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
        assert raw_controls(result.stderr) == set()


# --- exports ------------------------------------------------------------------------------------


def word_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file, as python-docx reads them."""
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("report", REPORTS)
def test_every_report_format_shows_hostile_text_literally(
    engine: Engine, planted: Planted, report: str
) -> None:
    document = build(engine, report)

    def out(fmt: str) -> str:
        return render(document, fmt, report=report, today=TODAY, width=400).decode()

    assert_shown(out("txt"))
    assert_shown(SGR.sub("", out("ansi")))

    page = out("html")
    assert raw_controls(page) == set()
    page_text, tags = html_text(page)
    assert "script" not in tags
    assert "&lt;script&gt;" in page and "&amp;amp;" in page  # escaped, not a tag
    assert_shown(page_text)

    svg = out("svg")
    assert raw_controls(svg) == set() and "<script>" not in svg
    svg_text, tags = html_text(svg)
    assert "script" not in tags
    assert_shown(svg_text.replace("\xa0", " "))

    md = out("md")
    assert raw_controls(md) == set()
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    md_text, tags = html_text(rendered)
    assert "script" not in tags and "a" not in tags  # (the subtitle is emphasised: *em* is not)
    assert_shown(md_text)

    assert_shown(word_text(render(document, "docx", report=report, today=TODAY)))


def test_data_exports(engine: Engine, planted: Planted) -> None:
    with store.reading(engine) as session:
        text = data_export.to_json(
            store.dump_tables(session=session),
            exported_at=datetime(2020, 6, 15, tzinfo=UTC),
            source="test",
        )
        sheet = data_export.to_csv(store.report_actions(session=session, include_archived=True))
    assert raw_controls(text) == set()
    titles = [a["title"] for a in json.loads(text)["tables"]["actions"]]
    assert planted.title in titles  # JSON is data: exactly as stored

    assert raw_controls(sheet, allow="\r") == set()  # (CSV lines end in CRLF)
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(sheet))}
    assert printable(planted.title) in rows
    assert rows[printable(planted.title)]["latest_update"] == printable(planted.update)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("a = b", "a = b"),
        ("2020-05-31", "2020-05-31"),
        ("\x1b[31m", "␛[31m"),
        (3, "3"),
    ],
)
def test_csv_cells_cannot_be_formulas(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


# --- the app ------------------------------------------------------------------------------------


def screen_text(pilot: object) -> str:
    """Everything on the screen, as Textual's screenshot (SVG) writes it."""
    return pilot.app.export_screenshot().replace("&#160;", " ")  # type: ignore[attr-defined]


async def test_the_app_shows_hostile_text_literally(engine: Engine, planted: Planted) -> None:
    async with app_for(engine).run_test(size=(220, 50)) as pilot:
        await settle(pilot)
        await goto(pilot, planted.ref)
        actions = table(pilot)
        line = actions.render_line(actions.cursor + 1 - int(actions.scroll_y)).text
        assert "Title [bold red]boom[/] ␛[31mRED␛[0m" in line
        assert raw_controls(line) == set()

        # The detail pane's renderable, drawn wide enough that no field wraps.
        from ptctui.tui.widgets.detail_view import DetailView

        body = pilot.app.screen.query_one(DetailView)
        shown = console_export.to_text(body.content, width=400)
        assert_shown(shown)
        for field in (planted.title, planted.update, planted.move_note, planted.by):
            assert printable(field) in shown

        screen = screen_text(pilot)
        assert raw_controls(screen) == set()
        assert "␛[31mRED" in screen

        # A notification quoting user text shows it literally too.
        main(pilot).notify(f"Saved {HOSTILE}")
        await pilot.pause()
        assert raw_controls(screen_text(pilot)) == set()


async def test_dashboard_and_dialogs_show_hostile_text_literally(
    engine: Engine, planted: Planted
) -> None:
    async with app_for(engine).run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await goto(pilot, planted.ref)

        await pilot.press("g")  # the action is overdue, and its changes are the latest
        await settle(pilot)
        screen = screen_text(pilot)
        assert raw_controls(screen) == set() and "␛[31mRED" in screen
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        screen = screen_text(pilot)
        assert raw_controls(screen) == set() and "␛[31mRED" in screen
        await pilot.press("n")
        await settle(pilot)


async def test_editing_keeps_the_stored_text_and_shows_it_safely(
    engine: Engine, planted: Planted
) -> None:
    with store.reading(engine) as session:
        before = len(store.history(session=session))
    async with app_for(engine).run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await goto(pilot, planted.ref)
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ActionDialog)
        title = dialog.query_one("#title", TextArea)
        assert title.text == planted.title  # the real text, to edit
        assert dialog.query_one("#description", TextArea).text == planted.description
        screen = screen_text(pilot)
        assert raw_controls(screen) == set()
        assert "␀" in screen and "␛" in screen  # what is drawn: the pictures
        await pilot.press("ctrl+s")  # saved untouched: nothing to record
        await settle(pilot)
    with store.reading(engine) as session:
        assert len(store.history(session=session)) == before
        assert store.resolve_action(session=session, ref=planted.ref).title == planted.title


async def test_palette_and_tree_show_hostile_text_literally(
    engine: Engine, planted: Planted
) -> None:
    async with app_for(engine).run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        targets = _targets(main(pilot))
        jump = next(text for text, _, _, _ in targets if "boom" in text)
        assert jump == one_line(f"jump: {planted.ref} {planted.title}")
        assert all(raw_controls(text + help) == set() for text, help, _, _ in targets)

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"boom")
        await settle(pilot)
        screen = screen_text(pilot)
        assert raw_controls(screen) == set() and "␛[31mRED" in screen
        await pilot.press("escape")

    label = progress_label(HOSTILE, store.Tally(counts={}, overdue=0))
    assert label.plain.startswith(one_line(HOSTILE))
    assert raw_controls(label.plain) == set()

