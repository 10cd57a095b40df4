"""The committee document against the Secretariat's own: PC0608E regenerated paragraph for
paragraph and bullet for bullet from the bundled data, and the rules that make a bullet read as
an officer wrote it (no set-up rows, a move and its undo cancel out, nothing said twice).

The reference is ``../shared/reference/PC0608E-intersessional-developments.txt`` (a PDF's text,
so its bullets have no glyph and a word may break over a line). Texts are compared after
whitespace is normalised and full stops at the end of a sentence are dropped (the reference
leaves a few out: "… of Operation TRIGGER", "… of which 76 Customs administrations"), so a
missing or extra sentence, or any other word, fails.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from conftest import TODAY
from ptctui import store
from ptctui.models import Action, DocumentRecord
from ptctui.reports.document import Bullet, BulletList, Document, Enumeration, Paragraph
from ptctui.reports.intersessional import build_intersessional, record_options
from ptctui.reports.narrative import NarrativeError, from_file
from ptctui.reports.wording import deadline_words, move_sentence, names_action
from ptctui.store import documents
from ptctui.store.window import MadeMove
from ptctui.workflow import Status

REFERENCE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "reference"
    / "PC0608E-intersessional-developments.txt"
)
SINCE, UNTIL = date(2019, 5, 1), date(2020, 3, 31)
# What the bundled text corrects in the reference: two breaks of the PDF's text, two typos.
CORRECTIONS = (
    ("wou ld", "would"),
    ("2. 2. ", "2. "),
    ("provide provide", "provide"),
    ("Programmme", "Programme"),
)


def normal(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\.(?=\s|$)", "", text).replace(" :", ":").strip()


def reference_text() -> str:
    if not REFERENCE.exists():  # pragma: no cover - the shared folder is part of the workplace
        pytest.skip(f"{REFERENCE} is not here")
    text = REFERENCE.read_text(encoding="utf-8")
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return text


def reference_bullets() -> list[str]:
    """The 48 CEP bullets of the reference: a bullet starts after a blank line or with two
    spaces; a line ending in a hyphen runs on into the next."""
    text = reference_text()
    body = text[text.index("1. Component 1") : text.index("IV. Action required")]
    out: list[str] = []
    blank = True
    for line in body.splitlines():
        if not line.strip() or re.match(r"\s*\d\. Component", line):
            blank = True
            continue
        new = line.startswith("  ") or (blank and line.startswith(" "))
        blank = False
        if new and not (out and out[-1].endswith("-")):
            out.append(line.strip())
        else:
            out[-1] += ("" if out[-1].endswith("-") else " ") + line.strip()
    # The reference sets its first bullet's development under it, as a paragraph of its own.
    first = next(i for i, o in enumerate(out) if o.startswith("A CEP Regional Workshop"))
    out[first - 1] += " " + out.pop(first)
    return out


def reference_paragraphs() -> dict[int, str]:
    """Each numbered paragraph of the reference with what follows it up to the next number."""
    text = " ".join(reference_text().split())
    text = text.replace("PC0608E 4. ", "")  # the running header of page 4
    found = {}
    for number in range(1, 20):
        start = text.index(f" {number}. ") + len(f" {number}. ")
        end = text.find(f" {number + 1}. ", start) if number < 19 else len(text)
        found[number] = text[start:end]
    return found


@pytest.fixture
def document(engine: Engine) -> Document:
    """PC0608E as the bundled data has it, over the reference's window."""
    with store.reading(engine) as session:
        record = documents.get_document(session=session, code="PC0608E")
        record.since, record.until = SINCE, UNTIL
        options = record_options(
            record, documents.passages(session=session, document=record), today=TODAY
        )
        return build_intersessional(session=session, options=options)


def cep_bullets(document: Document) -> list[Bullet]:
    """The CEP section's bullets (none when the package has no news in the window)."""
    return [
        bullet
        for section in document.sections
        if section.heading and "Compliance" in section.heading.text
        for block in section.blocks
        if isinstance(block, BulletList)
        for bullet in block.items
    ]


def test_every_cep_bullet_reads_as_the_reference(document: Document) -> None:
    ours = [normal(b.text) for b in cep_bullets(document)]
    theirs = [normal(b) for b in reference_bullets()]
    assert len(ours) == len(theirs) == 48
    differing = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    assert differing == []


def test_paragraphs_1_to_19_are_the_references_in_order(document: Document) -> None:
    numbered = [b for b in document.blocks() if isinstance(b, Paragraph) and b.number]
    numbered += [
        b
        for s in document.sections
        for box in s.blocks
        for b in getattr(box, "blocks", ())
        if isinstance(b, Paragraph) and b.number
    ]
    assert [p.number for p in numbered] == list(range(1, 20))
    reference = reference_paragraphs()
    for paragraph in numbered:
        theirs = normal(reference[paragraph.number or 0])
        assert theirs.startswith(normal(paragraph.text)), paragraph.number
    # What stands between numbered paragraphs: the aim, the two Parts, the five topics.
    lists = [b.items for b in document.blocks() if isinstance(b, Enumeration)]
    assert [len(items) for items in lists] == [2, 5]
    assert lists[1][0] == "(i) Illicit Financial Flows;"
    for items, number in zip(lists, (5, 8), strict=True):
        for item in items:
            assert normal(item) in normal(reference[number])
    quotes = [b.text for b in document.blocks() if isinstance(b, Paragraph) and b.quote]
    assert len(quotes) == 1 and normal(quotes[0]) in normal(reference[3])


def test_paragraph_2_says_why_the_ecp_is_left_out(document: Document) -> None:
    intro = [b.text for b in document.sections[1].blocks if isinstance(b, Paragraph)]
    assert intro[1].startswith("Considering that the Economic Competitiveness Package (ECP)")
    assert not any(
        "Economic Competitiveness" in (s.heading.text if s.heading else "")
        for s in document.sections
    )


def test_the_revenue_plan_is_reported_in_paragraphs_not_bullets(document: Document) -> None:
    revenue = next(s for s in document.sections if s.heading and "Revenue" in s.heading.text)
    assert not any(isinstance(b, BulletList) for b in revenue.blocks)


# --- the wording of a bullet ------------------------------------------------------------------


def bullet_of(engine: Engine, ref: str, since: date, until: date) -> Bullet:
    with store.reading(engine) as session:
        record = documents.get_document(session=session, code="PC0608E")
        record.since, record.until = since, until
        options = record_options(
            record, documents.passages(session=session, document=record), today=TODAY
        )
        document = build_intersessional(session=session, options=options)
        title = session.exec(select(Action.title).where(Action.ref == ref)).one()
    return next(b for b in cep_bullets(document) if title in b.text or title in b.lead)


def test_set_up_rows_and_undone_moves_say_nothing(engine: Engine) -> None:
    """The seeded "planned → ongoing on 1 March 2020" is not a development; a move and its
    undo cancel out; a real move with nothing else said reads as an officer writes it."""
    window = (date(2020, 6, 1), date(2020, 6, 30))
    with store.writing(engine) as session:
        store.move_action(
            session=session,
            action=store.resolve_action(session=session, ref="CEP-1.11"),
            status=Status.COMPLETED,
            by="ana",
            note="handbook published",
            at=datetime(2020, 6, 10, 9, tzinfo=UTC),
        )
    assert bullet_of(engine, "CEP-1.11", *window).details == (
        "Completed on 10 June 2020 (handbook published).",
    )
    with store.writing(engine) as session:
        store.undo(session=session, by="ana")
    with store.reading(engine) as session:
        record = documents.get_document(session=session, code="PC0608E")
        record.since, record.until = window
        options = record_options(record, {}, today=TODAY)
        document = build_intersessional(session=session, options=options)
    assert cep_bullets(document) == []  # nothing else happened: no section at all
    # The bundled statuses were set up on 1 March 2020: none reads as a move.
    assert not any(
        "Status changed" in b.text or "Ongoing since" in b.text
        for b in cep_bullets(bullet_document(engine))
    )


def bullet_document(engine: Engine) -> Document:
    with store.reading(engine) as session:
        record = documents.get_document(session=session, code="PC0608E")
        record.since, record.until = date(2020, 2, 1), date(2020, 3, 31)
        options = record_options(record, {}, today=TODAY)
        return build_intersessional(session=session, options=options)


def test_a_multi_line_update_keeps_its_line_breaks(engine: Engine) -> None:
    with store.writing(engine) as session:
        store.add_update(
            session=session,
            action=store.resolve_action(session=session, ref="CEP-1.11"),
            text="First line.\nSecond line.",
            by="ana",
            as_of=date(2020, 6, 5),
        )
    bullet = bullet_of(engine, "CEP-1.11", date(2020, 6, 1), date(2020, 6, 30))
    assert bullet.details == ("First line.\nSecond line.",)


def test_an_update_that_names_the_action_is_not_led_by_its_title(engine: Engine) -> None:
    bullet = bullet_of(engine, "CEP-4.3", SINCE, UNTIL)
    assert bullet.lead == "" and bullet.text.startswith("NEPTUNE 2 (targeting")


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("Q1 2021", "the first quarter of 2021"),
        ("2nd half 2020", "the second half of 2020"),
        ("end 2020", "the end of 2020"),
        ("October 2020", "October 2020"),
    ],
)
def test_deadlines_read_as_words(label: str, words: str) -> None:
    assert deadline_words(label) == words


def test_a_postponement_reads_as_the_secretariat_writes_it() -> None:
    move = MadeMove(
        date(2020, 4, 1), Status.PLANNED, Status.POSTPONED, "funding from UNODC delayed", "Q1 2021"
    )
    assert (
        move_sentence(move)
        == "Postponed to the first quarter of 2021 (funding from UNODC delayed)."
    )


def test_names_action_ignores_hyphens_and_case() -> None:
    title = "Sub-regional PGS operation targeting countries in the West and Central Africa region"
    assert names_action(
        "A sub regional PGS operation targeting countries in the West and "
        "Central Africa region is scheduled",
        title,
    )
    assert not names_action("The first draft was presented at EC 40.", "Develop a tool for IPR")


# --- the narrative file ---------------------------------------------------------------------


def test_a_narrative_file_with_an_unknown_section_is_refused_with_its_line() -> None:
    with pytest.raises(NarrativeError, match=r"line 3: unknown section foreword; sections are"):
        from_file("## introduction\ntext\n## foreword\n")


def test_a_narrative_file_sets_only_its_sections_and_default_resets() -> None:
    parsed = from_file("<!-- help -->\n## package CEP\n\nOne.\n\nTwo.\n\n## closing\n{default}\n")
    assert parsed == {
        documents.Place("package", "CEP"): "One.\n\nTwo.",
        documents.Place("closing"): None,
    }


def test_document_records_are_journaled_and_undone(engine: Engine) -> None:
    with store.writing(engine) as session:
        documents.save_document(
            session=session,
            code="PC0700E",
            values={"committee": "Enforcement Committee"},
            by="ana",
        )
    with store.writing(engine) as session:
        store.undo(session=session, by="ana")  # the edit
        store.undo(session=session, by="ana")  # the making: archived, never deleted
    with store.reading(engine) as session:
        record = session.exec(select(DocumentRecord).where(DocumentRecord.code == "PC0700E")).one()
        assert record.archived and record.committee == ""


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_files_an_officer_sends_read_as_the_reference(document: Document, fmt: str) -> None:
    """The Markdown and the Word file hold every numbered paragraph with its number and every
    CEP bullet of the reference, in order."""
    import io

    import docx

    from ptctui.exporters.render import render

    data = render(document, fmt, report="intersessional", today=TODAY)
    if fmt == "docx":
        paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    else:
        text = data.decode().replace("\\", "").replace("**", "")
        paragraphs = [p.replace("  \n", " ").lstrip("- ") for p in text.split("\n\n")]
        paragraphs = [line.lstrip("- ") for p in paragraphs for line in p.split("\n- ")]
    found = [normal(p) for p in paragraphs if p.strip()]
    where = 0
    for number, text in reference_paragraphs().items():
        lead = normal(text)[:24]  # the paragraph's own words, not the list after it
        matches = [i for i, p in enumerate(found) if lead in p and i >= where]
        assert matches, (number, lead)
        where = matches[0]
        if fmt == "md":  # Word numbers its paragraphs itself (a list); Markdown writes them
            assert found[where].startswith(f"{number}"), (number, found[where][:40])
    bullets = reference_bullets()
    where = 0
    for bullet in bullets:
        matches = [i for i, p in enumerate(found) if normal(bullet) in p and i >= where]
        assert matches, bullet[:60]
        where = matches[0]
