"""A meeting's decisions from the command line: the record of decisions (golden file, every
format), ``ptctui meetings`` with how many actions each reviewed and decided, ``ptctui meet``
refusing an unknown meeting before the app opens.

The decisions are those of a scripted walk at a new EC session (the store calls the meeting
screen makes), on the bundled data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import Result

from conftest import check_golden, invoke_cli
from ptctui import store
from ptctui.store import decisions
from ptctui.workflow import Status

Invoke = Callable[..., Result]


@pytest.fixture
def walked(engine: Engine) -> Engine:
    """EC-41 took CEP-1.1 up (noted), postponed CEP-1.2, put CEP-1.5 on hold, heard a note
    on CEP-1.3 and flagged it for a report by the Secretariat."""
    with store.writing(engine) as session:
        meeting, _ = store.add_meeting(
            session=session,
            key="EC-41",
            body=store.get_body(session=session, code="EC"),
            number=41,
            start=date(2020, 6, 15),
            place="Brussels",
            by="ana",
        )
        action = lambda ref: store.resolve_action(session=session, ref=ref)  # noqa: E731
        decisions.review(
            session=session, meeting=meeting, action=action("CEP-1.1"), kind="noted", by="ana"
        )
        store.move_action(
            session=session,
            action=action("CEP-1.2"),
            status=Status.POSTPONED,
            by="ana",
            note="funding from UNODC delayed",
            deadline="Q1 2021",
            meeting="EC-41",
        )
        store.add_update(
            session=session,
            action=action("CEP-1.3"),
            text="The Committee asked for the new funding plan.",
            by="ana",
            as_of=date(2020, 6, 15),
            meeting="EC-41",
        )
        decisions.review(
            session=session,
            meeting=meeting,
            action=action("CEP-1.3"),
            kind="follow_up",
            by="ana",
            body="SEC",
            due="Q3 2020",
            note="Report on the funding of COPES",
        )
        store.move_action(
            session=session,
            action=action("CEP-1.5"),
            status=Status.ON_HOLD,
            by="ana",
            note="waiting for the funds",
            meeting="EC-41",
        )
    return engine


def run(engine: Engine, *args: str) -> Result:
    return invoke_cli("--db", str(engine.url.database), *args)


def test_the_record_of_decisions(walked: Engine) -> None:
    result = run(walked, "export", "meeting", "ec-41", "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    check_golden("meeting.md", result.stdout)
    text = result.stdout
    assert (
        "At its 41st Session, on 15 June 2020 in Brussels, the Enforcement Committee took up "
        "four actions and decided as follows." in text
    )
    assert "Postponed to the first quarter of 2021: funding from UNODC delayed." in text
    assert "To be followed up by SEC by the third quarter of 2020: Report on the funding" in text
    assert "CEP-1.4" not in text  # not taken up


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_the_record_in_every_format(walked: Engine, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"record.{fmt}"
    result = run(walked, "export", "meeting", "EC-41", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_size > 0


def test_meetings_count_what_each_reviewed_and_decided(walked: Engine) -> None:
    result = run(walked, "meetings", "--json")
    assert result.exit_code == 0, result.stderr
    rows = {m["code"]: m for m in json.loads(result.stdout)}
    assert (rows["EC-41"]["reviewed"], rows["EC-41"]["decided"]) == (4, 3)
    # The bundled updates the 40th EC heard count as what it took up and decided.
    assert (rows["EC-40"]["reviewed"], rows["EC-40"]["decided"]) == (4, 4)
    assert (rows["EC-39"]["reviewed"], rows["EC-39"]["decided"]) == (0, 0)


def test_undoing_a_decision_takes_it_out_of_the_record(walked: Engine) -> None:
    assert run(walked, "--by", "ana", "undo").exit_code == 0  # the hold
    result = run(walked, "export", "meeting", "EC-41", "-f", "md", "-o", "-")
    assert "Put on hold" not in result.stdout and "CEP-1.5" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("meet", "EC-99"), "error: no meeting 'EC-99'; meetings are: CNL-121-122"),
        (("meet", "EC-40", "--plan", "NOPE"), "error: no plan 'NOPE'; plans are: RP-IV"),
        (("export", "meeting", "EC-99"), "error: no meeting 'EC-99'; meetings are:"),
    ],
)
def test_unknown_meetings_and_plans_are_one_line(
    walked: Engine, args: tuple[str, ...], message: str
) -> None:
    result = run(walked, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_the_dashboard_lists_open_actions_with_no_news_since_the_last_meeting(
    engine: Engine,
) -> None:
    """EC (which leads the CEP) last met on 1 February 2020 (EC-40): open CEP actions with no
    update and no move of anyone's since are listed; the statuses the data was set up with
    are no news; an update or a move since takes an action off the list."""
    today = date(2020, 6, 15)

    def quiet() -> list[str]:
        with store.reading(engine) as session:
            return [row.ref for row, _ in store.dashboard(session=session, today=today).quiet]

    before = quiet()
    assert "CEP-1.1" in before and "CEP-1.11" in before  # news in 2019; set up as ongoing
    assert "CEP-1.12" not in before  # completed
    assert not any(ref.startswith("RP-") for ref in before)  # news since WGRCF-6
    with store.writing(engine) as session:
        action = lambda ref: store.resolve_action(session=session, ref=ref)  # noqa: E731
        store.add_update(
            session=session,
            action=action("CEP-1.1"),
            text="A workshop.",
            by="ana",
            as_of=date(2020, 5, 4),
        )
        store.move_action(
            session=session, action=action("CEP-1.11"), status=Status.COMPLETED, by="ana"
        )
    after = quiet()
    assert "CEP-1.1" not in after and "CEP-1.11" not in after
    assert len(after) == len(before) - 2
