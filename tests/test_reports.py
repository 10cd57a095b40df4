"""The reports as documents: summary, plan table and the intersessional committee document.

Built on the seeded PC0608E data with ``TODAY`` fixed. The intersessional document is checked
against the structure of the real PC0608E document: its sections, its component headings and
every one of its 48 CEP items; the numbering of paragraphs runs straight through.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from conftest import TODAY
from ptctui import store
from ptctui.reports.document import (
    Bar,
    BulletList,
    Counts,
    Document,
    Heading,
    Paragraph,
    Table,
    roman,
)
from ptctui.reports.intersessional import IntersessionalOptions, build_intersessional
from ptctui.reports.plan import COLUMNS, build_plan
from ptctui.reports.summary import SummaryOptions, build_summary
from ptctui.reports.wording import names_action
from ptctui.workflow import Status

SINCE, UNTIL = date(2019, 5, 1), date(2020, 3, 31)  # the period PC0608E covers

CEP_COMPONENTS = [
    "1. Component 1 – Tools",
    "2. Component 2 – Networks and Technology",
    "3. Component 3 – Partnerships",
    "4. Component 4 – Operations (projects and operational activities)",
]


def intersessional(engine: Engine, **options: object) -> Document:
    values: dict[str, object] = {"since": SINCE, "until": UNTIL, "today": TODAY, **options}
    with store.reading(engine) as session:
        return build_intersessional(
            session=session,
            options=IntersessionalOptions(**values),  # type: ignore[arg-type]
        )


def headings(document: Document, level: int) -> list[str]:
    return [b.text for b in document.blocks() if isinstance(b, Heading) and b.level == level]


def test_intersessional_has_the_sections_of_pc0608e(engine: Engine) -> None:
    """I. Introduction, II. Revenue Package, III. CEP, IV. Action required, in that order."""
    document = intersessional(engine, code="PC0608E")
    assert headings(document, 1) == [
        "I. Introduction",
        "II. Revenue Package",
        "III. Compliance and Enforcement Package",
        "IV. Action required",
    ]
    assert ("Document", "PC0608E") in document.meta
    assert ("Committee", "Permanent Technical Committee") in document.meta
    assert ("Date", "15 June 2020") in document.meta
    boxes = [b for b in document.sections[0].blocks]
    assert [getattr(b, "title", None) for b in boxes] == [
        "Purpose of document",
        "Action required of the Permanent Technical Committee",
    ]


def test_intersessional_has_every_cep_component_and_item(engine: Engine) -> None:
    """The four CEP component headings, each followed by all its actions: 48 in all."""
    document = intersessional(engine)
    cep = next(s for s in document.sections if s.heading and "Compliance" in s.heading.text)
    titles = [b.text for b in cep.blocks if isinstance(b, Heading)]
    assert titles == CEP_COMPONENTS
    bullets = [item for b in cep.blocks if isinstance(b, BulletList) for item in b.items]
    with store.reading(engine) as session:
        cep_titles = [a.title for a in store.report_actions(session=session, package="CEP")]
    assert len(cep_titles) == 48
    # Each bullet is its action: led by its title, unless what follows names the action
    # ("NEPTUNE 2 (targeting …), the second iteration …"), where the title would repeat it.
    assert len(bullets) == 48
    for bullet, title in zip(bullets, cep_titles, strict=True):
        assert bullet.lead.startswith(title) or names_action(bullet.details[0], title), title
    # An item with news carries it; one without (DOUBLETON) is still listed by its title.
    balkan = next(b for b in bullets if "Balkan Gate 2 (IPR)" in b.text)
    assert any("postponed because of Coronavirus" in d for d in balkan.details)
    doubleton = next(b for b in bullets if b.lead.startswith("DOUBLETON"))
    assert doubleton.details == ()


# A phrase from each of the 48 CEP bullets of PC0608E (section III, para 18), in its order.
PC0608E_CEP_ITEMS = [
    "Promote the CEP toolkit globally",
    "WCO Illicit Trade Report - 2018 edition",
    "COPES Program",
    "Risk Management Maturity Model",
    "practical guidance on environmental protection",
    "Illegal Wildlife Trade (IWT) training materials",
    "Single Point of Contact (SPOC) Network on illicit tobacco",
    "IPR Customs Training Handbook",
    "self-assessment tool for IPR",
    "STCE Implementation Guide",
    "Programme Global Shield",
    "FinCRIME On-line Library",
    "FIU-Customs Cooperation Handbook",
    "IPR CENcomm closed user-group",
    "Information and Intelligence Centre (I2C)",
    "application",
    "ARCHEO, GTEN and ENVIRONET",
    "CTS application",
    "implementation of nCEN",
    "Continue enhancing CENcomm",
    "Global Travel Assessment System (GTAS)",
    "international shipping lines",
    "high-level meetings",
    "Involve international law enforcement partners",
    "Athena II",
    "PITCH",
    "NEPTUNE 2",
    "JUBILARIAN",
    "LANDLOCK",
    "DOUBLETON",
    "TENTACLE",
    "TRIGGER V",
    "Project SHOT",
    "Project LYNX",
    "PANGEA XII",
    "Balkan Gate 2",
    "COCAIR VIII",
    "AIRCOP",
    "COLIBRI",
    "Container Control Programme",
    "THUNDERBALL",
    "SESHA 3",
    "DEMETER V",
    "INAMA",
    "Security project for West and Central Africa (PGS)",
    "explosive precursor chemicals",
    "Asia Pacific Security",
    "West and Central Africa",
]


def test_every_item_of_the_reference_document_appears(engine: Engine) -> None:
    """Each of the real document's 48 CEP items is a bullet of the compiled document, in order."""
    from pathlib import Path

    # The reference document sits in the team's shared folder beside the repository (CI has
    # it); a clone without it still checks every bullet, only not the phrases' source.
    source = Path(__file__).parents[2] / "shared/reference/PC0608E-intersessional-developments.txt"
    reference = " ".join(source.read_text(encoding="utf-8").split()) if source.is_file() else None
    document = intersessional(engine)
    cep = next(s for s in document.sections if s.heading and "Compliance" in s.heading.text)
    bullets = [i.text for b in cep.blocks if isinstance(b, BulletList) for i in b.items]
    assert len(bullets) == len(PC0608E_CEP_ITEMS) == 48
    for phrase, bullet in zip(PC0608E_CEP_ITEMS, bullets, strict=True):
        assert reference is None or phrase in reference
        assert phrase in bullet, (phrase, bullet)


def test_paragraphs_are_numbered_straight_through(engine: Engine) -> None:
    document = intersessional(engine)
    numbers = [b.number for b in document.blocks() if isinstance(b, Paragraph) and b.number]
    assert numbers == list(range(1, len(numbers) + 1))
    closing = document.sections[-1]
    assert isinstance(closing.blocks[0], Paragraph)
    assert closing.blocks[0].text == "The Permanent Technical Committee is requested to:"


def test_a_window_without_news_leaves_packages_out(engine: Engine) -> None:
    """Before anything happened: only the introduction and the action required remain."""
    document = intersessional(engine, since=date(2010, 1, 1), until=date(2010, 12, 31))
    assert headings(document, 1) == ["I. Introduction", "II. Action required"]


def test_a_status_change_in_the_window_is_a_development(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.2")
        store.move_action(
            session=session,
            action=action,
            status="in_progress",
            by="ana",
            note="drafting started",
            at=datetime(2020, 6, 1, 9, tzinfo=UTC),
        )
    document = intersessional(engine, since=date(2020, 5, 1), until=date(2020, 6, 15))
    bullets = [i for b in document.blocks() if isinstance(b, BulletList) for i in b.items]
    report = next(b for b in bullets if b.lead.startswith("Develop and publish"))
    assert report.details == ("Work started on 1 June 2020 (drafting started).",)
    assert headings(document, 1)[1] == "II. Compliance and Enforcement Package"


def test_reports_read_in_a_few_queries(engine: Engine) -> None:
    """However many actions, a report costs a handful of queries, not one per action."""
    count = 0

    def counter(*_: object) -> None:
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counter)
    try:
        intersessional(engine)
        assert count <= 8
        count = 0
        with store.reading(engine) as session:
            build_plan(session=session, plan="CEP-2020", today=TODAY)
        assert count <= 8
        count = 0
        with store.reading(engine) as session:
            build_summary(session=session, options=SummaryOptions(today=TODAY))
        assert count <= 8
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def test_plan_table_groups_by_component(engine: Engine) -> None:
    with store.reading(engine) as session:
        document = build_plan(session=session, plan="cep-2020", today=TODAY)
    assert document.title == "CEP Action Plan 2020/2021"
    assert headings(document, 2) == CEP_COMPONENTS
    tables = [b for b in document.blocks() if isinstance(b, Table)]
    assert all(t.columns == COLUMNS for t in tables)
    assert sum(len(t.rows) for t in tables) == 48
    first = tables[0].rows[1]
    assert first[:6] == (
        "CEP-1.2",
        "Develop and publish the WCO Illicit Trade Report - 2018 edition",
        "SEC",
        "C4ADS",
        "—",
        Status.PLANNED,
    )
    late = next(r for t in tables for r in t.rows if r[0] == "CEP-2.1")
    assert late[4] == "⚠ May 2020 (overdue)"


def test_plan_unknown_is_a_store_error(engine: Engine) -> None:
    with store.reading(engine) as session, pytest.raises(store.StoreError, match="no plan"):
        build_plan(session=session, plan="NOPE", today=TODAY)


def test_summary_counts_overdue_due_soon_and_changes(engine: Engine) -> None:
    options = SummaryOptions(today=TODAY, since=date(2020, 1, 1))
    with store.reading(engine) as session:
        document = build_summary(session=session, options=options)
    status, overdue, upcoming, changes = (s for s in document.sections)
    assert isinstance(status.blocks[0], Table)
    rows = status.blocks[0].rows
    assert rows[2][0] == "CEP – Compliance and Enforcement Package"
    assert rows[2][1] == Bar(13, 48)
    assert isinstance(rows[2][2], Counts) and dict(rows[2][2].counts)[Status.PLANNED] == 9
    assert overdue.heading == Heading("Overdue actions (2)")
    assert upcoming.heading is not None and "to 2020-09-13" in upcoming.heading.text
    assert changes.heading is not None and "from 2020-01-01 to 2020-06-15" in changes.heading.text


def test_summary_of_one_package(engine: Engine) -> None:
    options = SummaryOptions(today=TODAY, package="RP")
    with store.reading(engine) as session:
        document = build_summary(session=session, options=options)
    table = document.sections[0].blocks[0]
    assert isinstance(table, Table)
    assert [r[0] for r in table.rows] == [
        "RP – Revenue Package",
        "  RP-IV – Revenue Package Phase IV Action Plan",
    ]
    assert document.sections[1].blocks == (Paragraph("No action is overdue."),)


@pytest.mark.parametrize(("number", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV")])
def test_roman_numerals(number: int, numeral: str) -> None:
    assert roman(number) == numeral
