"""The status workflow table: which moves are allowed and what each must be given."""

from __future__ import annotations

import pytest

from ptctui.workflow import (
    NEXT,
    TRANSITIONS,
    Need,
    Status,
    WorkflowError,
    allowed_moves,
    check_move,
    parse_status,
)


def test_every_status_has_a_row_and_only_known_targets() -> None:
    assert set(TRANSITIONS) == set(Status)
    for moves in TRANSITIONS.values():
        assert set(moves) <= set(Status)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("in_progress", Status.IN_PROGRESS),
        ("In progress", Status.IN_PROGRESS),
        ("in-progress", Status.IN_PROGRESS),
        (" ON HOLD ", Status.ON_HOLD),
        ("completed", Status.COMPLETED),
    ],
)
def test_statuses_are_read_as_people_type_them(text: str, status: Status) -> None:
    assert parse_status(text) is status


def test_an_unknown_status_lists_the_real_ones() -> None:
    with pytest.raises(WorkflowError) as info:
        parse_status("done-ish")
    assert "unknown status 'done-ish'" in str(info.value)
    assert "planned, in_progress, ongoing, completed, postponed, on_hold, cancelled" in str(
        info.value
    )


def test_postponing_needs_a_new_deadline() -> None:
    with pytest.raises(WorkflowError, match="needs a new deadline"):
        check_move(Status.IN_PROGRESS, Status.POSTPONED)
    move = check_move(Status.IN_PROGRESS, Status.POSTPONED, deadline=" 2021 ")
    assert move.deadline == "2021"


@pytest.mark.parametrize("target", [Status.ON_HOLD, Status.CANCELLED])
def test_holding_or_cancelling_needs_a_reason(target: Status) -> None:
    with pytest.raises(WorkflowError, match="needs a reason"):
        check_move(Status.PLANNED, target, note="   ")
    assert check_move(Status.PLANNED, target, note="no funding").note == "no funding"


def test_reopening_and_reinstating_need_a_note() -> None:
    with pytest.raises(WorkflowError, match="reopening a completed action needs a note"):
        check_move(Status.COMPLETED, Status.IN_PROGRESS)
    with pytest.raises(WorkflowError, match="reinstating a cancelled action needs a note"):
        check_move(Status.CANCELLED, Status.PLANNED)
    assert check_move(Status.COMPLETED, Status.ONGOING, note="continues").target is Status.ONGOING


def test_a_refused_move_names_the_allowed_ones() -> None:
    with pytest.raises(WorkflowError) as info:
        check_move(Status.COMPLETED, Status.CANCELLED, note="x")
    assert str(info.value) == (
        "cannot move from completed to cancelled; allowed from completed: in_progress, ongoing"
    )


def test_moving_to_the_same_status_is_refused_except_postponing_again() -> None:
    for status in Status:
        if status is Status.POSTPONED:
            assert Status.POSTPONED in allowed_moves(status)
        else:
            with pytest.raises(WorkflowError):
                check_move(status, status, note="n", deadline="2021")


def test_the_natural_next_steps_are_allowed_moves_that_need_nothing() -> None:
    assert NEXT[Status.PLANNED] is Status.IN_PROGRESS
    assert NEXT[Status.IN_PROGRESS] is Status.COMPLETED
    for source, target in NEXT.items():
        assert TRANSITIONS[source][target] is Need.NOTHING
