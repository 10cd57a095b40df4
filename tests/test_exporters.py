"""Every report in every format, against golden files, and user text escaped in each of them.

Golden files live in ``tests/golden/``; ``PTCTUI_UPDATE_GOLDEN=1`` rewrites them, and a
rewritten one must be read before it is accepted. Word files are compared through what
python-docx reads back (style name and text of each paragraph), since the zip itself carries
timestamps; UUIDs and the export instant are replaced by placeholders in the data goldens.
The golden tests also run on PostgreSQL (given ``PTCTUI_TEST_PG_URL``): same files, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt
from sqlalchemy.engine import Engine

from conftest import TODAY, check_golden, on_both_backends
from ptctui import store
from ptctui.exporters import (
    ExportError,
    check_format,
    default_path,
    format_from_path,
    write_atomic,
)
from ptctui.exporters import data as data_export
from ptctui.exporters.markdown import escape
from ptctui.exporters.render import render
from ptctui.reports.document import Document
from ptctui.reports.intersessional import build_intersessional, record_options
from ptctui.reports.plan import build_plan
from ptctui.reports.summary import SummaryOptions, build_summary
from ptctui.store import documents

NASTY = "[bold red]x[/] <script>alert(1)</script> | *not emphasis*"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
REPORTS = ("summary", "plan", "intersessional")
TEXT_FORMATS = ("txt", "ansi", "html", "svg", "md")


def build(engine: Engine, report: str) -> Document:
    """The report on the seeded data, with the windows used throughout the tests."""
    with store.reading(engine) as session:
        if report == "summary":
            options = SummaryOptions(today=TODAY, since=date(2020, 1, 1))
            return build_summary(session=session, options=options)
        if report == "plan":
            return build_plan(session=session, plan="CEP-2020", today=TODAY)
        # PC0608E as the bundled data has it (its record and written text), over its window.
        record = documents.get_document(session=session, code="PC0608E")
        record.since, record.until = date(2019, 5, 1), date(2020, 3, 31)
        options = record_options(
            record, documents.passages(session=session, document=record), today=TODAY
        )
        return build_intersessional(
            session=session,
            options=replace(
                options, session="239th/240th Sessions", agenda_item="II", place="Brussels"
            ),
        )


def docx_outline(data: bytes) -> str:
    """What a Word file holds, as text: each paragraph's style and text, and the tables."""
    doc = docx.Document(io.BytesIO(data))
    lines = [f"{p.style.name if p.style else '?'}: {p.text}" for p in doc.paragraphs]
    for table in doc.tables:
        lines.append("-- table --")
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(lines) + "\n"


@on_both_backends
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("report", REPORTS)
def test_report_golden(engine: Engine, report: str, fmt: str) -> None:
    output = render(build(engine, report), fmt, report=report, today=TODAY).decode()
    check_golden(f"{report}.{fmt}", output)


@on_both_backends
@pytest.mark.parametrize("report", REPORTS)
def test_report_golden_docx(engine: Engine, report: str) -> None:
    output = render(build(engine, report), "docx", report=report, today=TODAY)
    check_golden(f"{report}.docx.txt", docx_outline(output))


def test_word_document_has_real_headings_numbering_and_bullets(engine: Engine) -> None:
    document = build(engine, "intersessional")
    doc = docx.Document(io.BytesIO(render(document, "docx", report="intersessional", today=TODAY)))
    styles = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    assert ("Heading 1", "II. Revenue Package") in styles
    assert ("Heading 1", "III. Compliance and Enforcement Package") in styles
    assert ("Heading 2", "4. Component 4 – Operations (projects and operational activities)") in (
        styles
    )
    numbered = [p for p in doc.paragraphs if p.style is not None and p.style.name == "List Number"]
    expected = [b for b in document.blocks() if getattr(b, "number", None)]
    assert len(numbered) == len(expected)
    # Word numbers them itself: the style carries a numbering definition.
    number_style = doc.styles["List Number"]
    assert number_style.element.pPr is not None and number_style.element.pPr.numPr is not None
    bullets = [p for p in doc.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    # The CEP's actions and the closing "take note" (the box's bullet sits in its table
    # cell); PC0608E reports the Revenue Package's progress in paragraphs, not bullets.
    assert len(bullets) == 48 + 1
    doubleton = bullets[29].runs[0]
    assert doubleton.text == "DOUBLETON (targeting the illicit trafficking of alcohol products)."
    assert doubleton.bold
    created = doc.core_properties.created
    assert created is not None and created.date() == TODAY  # the report's day, not the clock


def test_word_plan_has_tables(engine: Engine) -> None:
    doc = docx.Document(
        io.BytesIO(render(build(engine, "plan"), "docx", report="plan", today=TODAY))
    )
    assert len(doc.tables) == 4
    assert [c.text for c in doc.tables[0].rows[0].cells][:2] == ["Ref", "Action"]
    assert sum(len(t.rows) - 1 for t in doc.tables) == 48


# --- user text is data ---------------------------------------------------------------------------


@pytest.fixture
def nasty_engine(engine: Engine) -> Engine:
    """The seeded data plus an action titled NASTY with a NASTY progress update."""
    with store.writing(engine) as session:
        action, _ = store.add_action(
            session=session,
            component=store.get_component(session=session, spec="CEP-2020:1"),
            title=NASTY,
            by="ana",
            deadline="May 2020",
        )
        store.add_update(
            session=session, action=action, text=NASTY, by="ana", as_of=date(2020, 3, 15)
        )
    return engine


class _TextOf(HTMLParser):
    """The text content of an HTML page, outside <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.skip = tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(page: str) -> tuple[str, list[str]]:
    parser = _TextOf()
    parser.feed(page)
    return "".join(parser.parts), parser.tags


@pytest.mark.parametrize("report", REPORTS)
def test_user_text_comes_out_as_typed_in_every_format(nasty_engine: Engine, report: str) -> None:
    document = build(nasty_engine, report)

    def out(fmt: str) -> str:
        # Wide enough that no table cell wraps the title: what is checked is the text itself.
        return render(document, fmt, report=report, today=TODAY, width=400).decode()

    assert NASTY in out("txt")
    assert NASTY in out("ansi")

    page_text, tags = html_text(out("html"))
    assert "script" not in tags
    assert "[bold red]x[/]" in page_text and "<script>alert(1)</script>" in page_text

    svg = out("svg")
    assert "<script>" not in svg
    svg_text, tags = html_text(svg)
    assert "script" not in tags
    assert NASTY in svg_text.replace("\xa0", " ")

    rendered = MarkdownIt("commonmark").enable("table").render(out("md"))
    md_text, tags = html_text(rendered)
    assert "script" not in tags  # and the asterisks survive: no emphasis was made of them
    assert NASTY in md_text

    doc = docx.Document(io.BytesIO(render(document, "docx", report=report, today=TODAY)))
    word = [p.text for p in doc.paragraphs] + [
        c.text for t in doc.tables for row in t.rows for c in row.cells
    ]
    assert any(NASTY in w for w in word)


@pytest.mark.parametrize(
    "text",
    [NASTY, "1. not a list", "- not a bullet", "# not a heading", "a_b_c", "50% & <b>", "`x`"],
)
def test_markdown_escape_round_trips(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(escape(text))
    page, tags = html_text(rendered)
    assert tags == ["p"]
    assert page.strip() == text


# --- data ----------------------------------------------------------------------------------------


@on_both_backends
def test_json_holds_every_row_of_every_table(engine: Engine) -> None:
    with store.reading(engine) as session:
        tables = [(name, list(rows)) for name, rows in store.dump_tables(session=session)]
        text = data_export.to_json(
            iter(tables), exported_at=datetime(2020, 6, 15, tzinfo=UTC), source="test"
        )
    dumped = json.loads(text)
    assert dumped["format"] == "ptctui-export" and dumped["version"] == 1
    assert {name: len(rows) for name, rows in dumped["tables"].items()} == {
        name: len(rows) for name, rows in tables
    }
    assert len(dumped["tables"]["actions"]) == 56
    assert len(dumped["tables"]["status_changes"]) == 103
    action = dumped["tables"]["actions"][0]
    assert UUID.fullmatch(action["uuid"])
    assert action["created_at"].endswith("+00:00")
    normalised = UUID.sub("<uuid>", text)
    check_golden("data.json", normalised)


def test_each_tables_rows_keep_their_own_columns_whenever_they_are_read(engine: Engine) -> None:
    """dump_tables hands each table's rows from its cursor; rows read late (after the next
    table was asked for) still carry their own table's column names."""
    with store.reading(engine) as session:
        tables = list(store.dump_tables(session=session))  # every query started first
        first_name, first_rows = tables[0]
        rows = list(first_rows)
    assert first_name == "bodies" and rows and set(rows[0]) == {
        "id", "uuid", "code", "name", "kind", "parent_id", "archived"
    }  # fmt: skip


def test_json_is_written_as_the_rows_come() -> None:
    """The whole database is never held as one text: a piece goes out every thousand rows,
    before the next are read."""
    taken = 0

    def rows() -> Iterator[dict[str, int]]:
        nonlocal taken
        for number in range(2500):
            taken += 1
            yield {"id": number}

    pieces = data_export.iter_json(
        [("meetings", iter([])), ("actions", rows())],
        exported_at=datetime(2020, 6, 15, tzinfo=UTC),
        source="test",
    )
    head: list[str] = []
    for piece in pieces:  # up to the first piece with rows in it
        head.append(piece)
        if taken:
            break
    assert taken == 1000 and head[-1].count("\n") == 1000
    text = "".join(head) + "".join(pieces)
    assert json.loads(text)["tables"] == {
        "meetings": [],
        "actions": [{"id": number} for number in range(2500)],
    }


@on_both_backends
def test_csv_lists_the_actions(engine: Engine) -> None:
    with store.reading(engine) as session:
        text = data_export.to_csv(store.report_actions(session=session, include_archived=True))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 56
    assert rows[0]["ref"] == "RP-1.1" and rows[0]["status"] == "ongoing"
    check_golden("data.csv", UUID.sub("<uuid>", text))


# --- writing files -------------------------------------------------------------------------------


def test_write_atomic_refuses_to_replace_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out" / "x.txt"
    assert write_atomic(target, b"one") == target
    with pytest.raises(ExportError, match="exists; use --force"):
        write_atomic(target, b"two")
    assert target.read_bytes() == b"one"
    write_atomic(target, b"two", force=True)
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["x.txt"]  # no temporary file left
    assert target.stat().st_mode & 0o044  # readable like any new file, not private


def test_formats_and_default_names() -> None:
    assert check_format("summary", "HTML") == "html"
    with pytest.raises(ExportError, match="formats are: json, csv"):
        check_format("data", "docx")
    assert format_from_path("plan", Path("x.docx")) == "docx"
    assert format_from_path("plan", Path("x.ans")) == "ansi"
    assert format_from_path("plan", Path("x.pdf")) is None
    assert default_path(Path("exports"), "intersessional", "docx", TODAY) == Path(
        "exports/intersessional-2020-06-15.docx"
    )
    assert default_path(Path("e"), "plan", "md", TODAY, "CEP-2020") == Path(
        "e/plan-CEP-2020-2020-06-15.md"
    )
