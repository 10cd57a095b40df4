"""Tests for reading deadline labels and ``--date`` values."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptctui.deadlines import (
    ACCEPTED_FORMS,
    DateError,
    Deadline,
    DeadlineError,
    is_overdue,
    parse_date,
    parse_deadline,
    short_label,
)

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

ACCEPTED = [
    # exact days
    ("2020-05-31", date(2020, 5, 31)),
    ("2020-02-29", date(2020, 2, 29)),
    ("31 May 2020", date(2020, 5, 31)),
    ("31 May, 2020", date(2020, 5, 31)),
    ("May 31, 2020", date(2020, 5, 31)),
    ("May 31 2020", date(2020, 5, 31)),
    ("14 Nov 2016", date(2016, 11, 14)),
    ("14 November 2016", date(2016, 11, 14)),
    ("1 Sept 2016", date(2016, 9, 1)),
    ("1 Sept. 2016", date(2016, 9, 1)),
    ("1st July 2021", date(2021, 7, 1)),
    ("July 1st, 2021", date(2021, 7, 1)),
    ("31 DECEMBER 2020", date(2020, 12, 31)),
    # months
    ("May 2020", date(2020, 5, 31)),
    ("Nov 2016", date(2016, 11, 30)),
    ("February 2020", date(2020, 2, 29)),
    ("February 2021", date(2021, 2, 28)),
    ("Sept 2016", date(2016, 9, 30)),
    ("Sep 2016", date(2016, 9, 30)),
    ("2020-05", date(2020, 5, 31)),
    ("2020-5", date(2020, 5, 31)),
    ("end of May 2020", date(2020, 5, 31)),
    ("by May 2020", date(2020, 5, 31)),
    # quarters
    ("Q1 2020", date(2020, 3, 31)),
    ("q2 2020", date(2020, 6, 30)),
    ("Q3-2020", date(2020, 9, 30)),
    ("2020-Q1", date(2020, 3, 31)),
    ("2020 Q4", date(2020, 12, 31)),
    ("first quarter 2020", date(2020, 3, 31)),
    ("1st quarter 2020", date(2020, 3, 31)),
    ("second quarter 2020", date(2020, 6, 30)),
    ("2nd quarter of 2020", date(2020, 6, 30)),
    ("third quarter 2020", date(2020, 9, 30)),
    ("fourth quarter 2020", date(2020, 12, 31)),
    ("last quarter of 2020", date(2020, 12, 31)),
    ("by the end of the first quarter of 2020", date(2020, 3, 31)),
    # halves
    ("H1 2020", date(2020, 6, 30)),
    ("H2 2020", date(2020, 12, 31)),
    ("2020-H1", date(2020, 6, 30)),
    ("first half of 2020", date(2020, 6, 30)),
    ("second half 2020", date(2020, 12, 31)),
    ("in the second half of 2020", date(2020, 12, 31)),
    ("mid-2020", date(2020, 6, 30)),
    ("mid 2020", date(2020, 6, 30)),
    ("by mid-2020", date(2020, 6, 30)),
    # years
    ("2020", date(2020, 12, 31)),
    ("end of 2020", date(2020, 12, 31)),
    ("end 2020", date(2020, 12, 31)),
    ("end-2020", date(2020, 12, 31)),
    ("by end of 2020", date(2020, 12, 31)),
    ("by the end of 2020", date(2020, 12, 31)),
    ("before the end of 2020", date(2020, 12, 31)),
    ("the end of 2020", date(2020, 12, 31)),
    ("until 2020", date(2020, 12, 31)),
    ("due 2020", date(2020, 12, 31)),
    ("in 2020", date(2020, 12, 31)),
    ("before 2020", date(2020, 12, 31)),
    ("1900", date(1900, 12, 31)),
    ("2200", date(2200, 12, 31)),
    # WCO financial years (1 July - 30 June)
    ("FY2019/2020", date(2020, 6, 30)),
    ("FY 2019/20", date(2020, 6, 30)),
    ("FY2019-2020", date(2020, 6, 30)),
    ("fy 2019-20", date(2020, 6, 30)),
    ("2019-2020 financial year", date(2020, 6, 30)),
    ("2019/2020 financial year", date(2020, 6, 30)),
    ("2019/20 financial year", date(2020, 6, 30)),
    ("2019-2020 fiscal year", date(2020, 6, 30)),
    ("financial year 2019-2020", date(2020, 6, 30)),
    ("the 2019-2020 financial year", date(2020, 6, 30)),
    ("before the end of the 2019-2020 financial year", date(2020, 6, 30)),
    ("FY1999/00", date(2000, 6, 30)),
    # tolerated noise: case, spacing, commas, trailing period, typographic dashes
    ("  by   MAY   2020  ", date(2020, 5, 31)),
    ("31 May 2020.", date(2020, 5, 31)),
    ("End of 2020.", date(2020, 12, 31)),
    ("Q1,  2020", date(2020, 3, 31)),
    ("2019\u20132020 financial year", date(2020, 6, 30)),
    ("31\u00a0May\u00a02020", date(2020, 5, 31)),
]

REJECTED = [
    "",
    "   ",
    "xyz",
    "TBD",
    "ongoing",
    "soon",
    "by",
    "end of",
    "2020-02-30",
    "2021-02-29",
    "30 February 2020",
    "0 May 2020",
    "32 May 2020",
    "2020-13",
    "2020-00",
    "2020-13-01",
    "Q5 2020",
    "Q0 2020",
    "fifth quarter 2020",
    "H3 2020",
    "third half of 2020",
    "1899",
    "2201",
    "May 1899",
    "31 May 2201",
    "31 May",
    "May",
    "20",
    "20200",
    "31/05/2020",
    "05/31/2020",
    "2019-2020",
    "FY2020",
    "FY2019/2021",
    "FY2019/21",
    "2020-2019 financial year",
    "FY2200/2201",
    "mid-May 2020",
    "Q1 2020 or later",
    "\u0662\u0660\u0662\u0660",  # 2020 in Arabic-Indic digits
    "2020\n2021",
]


@pytest.mark.parametrize(("text", "due"), ACCEPTED)
def test_parse_deadline_accepts(text: str, due: date) -> None:
    assert parse_deadline(text) == Deadline(label=text.strip(), due=due)


@pytest.mark.parametrize("text", ["by May 2020", "  Q1 2020 ", "FY 2019/20."])
def test_label_is_kept_as_written(text: str) -> None:
    assert parse_deadline(text).label == text.strip()


@pytest.mark.parametrize("text", REJECTED)
def test_parse_deadline_rejects(text: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(text)
    message = str(caught.value)
    assert message.startswith("cannot read deadline '")
    assert message.endswith(f"; accepted forms: {ACCEPTED_FORMS}")
    assert len(message.splitlines()) == 1
    assert caught.value.text == text.strip()


def test_deadline_error_message() -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline("xyz")
    assert str(caught.value) == (
        "cannot read deadline 'xyz'; accepted forms: 2020-05-31, 31 May 2020, May 2020, "
        "2020-05, Q1 2020, 2020-Q1, first quarter 2020, 2020, end of 2020, FY2019/2020, "
        "2019-2020 financial year"
    )


def test_deadline_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="cannot read deadline"):
        parse_deadline("someday")


def test_deadline_error_shortens_long_text() -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline("x" * 1000)
    assert len(str(caught.value)) < 300


def test_deadlines_sort_by_due() -> None:
    labels = ["2021", "Q1 2020", "FY2019/2020", "31 May 2020"]
    ordered = sorted((parse_deadline(label) for label in labels), key=lambda d: d.due)
    assert [d.label for d in ordered] == ["Q1 2020", "31 May 2020", "FY2019/2020", "2021"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-05-31", date(2020, 5, 31)),
        ("31 May 2020", date(2020, 5, 31)),
        ("May 31, 2020", date(2020, 5, 31)),
        ("14 nov 2016", date(2016, 11, 14)),
        (" 2020-05-31 ", date(2020, 5, 31)),
        ("today", date(2020, 3, 1)),
        ("Today", date(2020, 3, 1)),
        ("yesterday", date(2020, 2, 29)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, today=date(2020, 3, 1)) == expected


def test_parse_date_today_defaults_to_current_date() -> None:
    before = date.today()
    result = parse_date("today")
    assert before <= result <= date.today()  # the day may tick over mid-test


@pytest.mark.parametrize(
    "text",
    ["", "xyz", "May 2020", "2020-05", "2020", "Q1 2020", "2020-02-30", "tomorrow", "by 2020"],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == f"cannot read date '{text}'; use YYYY-MM-DD or '31 May 2020'"


def test_parse_date_yesterday_at_the_start_of_time() -> None:
    with pytest.raises(DateError):
        parse_date("yesterday", today=date.min)


@pytest.mark.parametrize(
    ("due", "today", "overdue"),
    [
        (date(2020, 5, 30), date(2020, 5, 31), True),
        (date(2020, 5, 31), date(2020, 5, 31), False),
        (date(2020, 6, 1), date(2020, 5, 31), False),
        (None, date(2020, 5, 31), False),
    ],
)
def test_is_overdue(due: date | None, today: date, overdue: bool) -> None:
    assert is_overdue(due, today) is overdue


@given(st.text())
def test_any_text_parses_or_raises_deadline_error(text: str) -> None:
    try:
        deadline = parse_deadline(text)
    except DeadlineError as exc:
        assert len(str(exc).splitlines()) == 1
    else:
        assert deadline.label == text.strip()


DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(DATES)
def test_iso_dates_round_trip(d: date) -> None:
    assert parse_deadline(d.isoformat()).due == d
    assert parse_date(d.isoformat()) == d


@given(DATES, st.booleans(), st.booleans())
def test_written_dates_round_trip(d: date, abbreviate: bool, sept: bool) -> None:
    name = MONTH_NAMES[d.month - 1]
    if abbreviate:
        name = "Sept" if sept and d.month == 9 else name[:3]
    assert parse_deadline(f"{d.day} {name} {d.year}").due == d
    assert parse_deadline(f"{name} {d.day}, {d.year}").due == d
    assert parse_date(f"{d.day} {name} {d.year}") == d


def test_deadline_errors_show_control_characters_as_every_output_does() -> None:
    """The echo of a refused deadline goes through ``text.quote``: an escape sequence shows as
    ``␛`` (as in tables and exports), not as ``\\x1b``, and never reaches the terminal raw."""
    with pytest.raises(DeadlineError) as caught:
        parse_deadline("\x1b[31msoon\x07")
    assert str(caught.value).startswith("cannot read deadline '␛[31msoon␇'; accepted forms: ")


def test_user_errors_become_one_line_and_bugs_do_not() -> None:
    """One function turns any error a user can cause into its line, for the CLI and the app."""
    from sqlalchemy.exc import OperationalError

    from ptctui.errors import user_message

    with pytest.raises(DeadlineError) as caught:
        parse_deadline("someday\nlater")
    assert user_message(caught.value) == (
        f"cannot read deadline 'someday later'; accepted forms: {ACCEPTED_FORMS}"
    )
    locked = OperationalError("UPDATE actions", {}, Exception("database is locked\nmore"))
    assert user_message(locked) == "database: database is locked"
    assert user_message(KeyError("x")) is None


@pytest.mark.parametrize(
    ("label", "short"),
    [
        ("first quarter of 2021", "Q1 2021"),
        ("by the end of October 2020", "Oct 2020"),
        ("2020-05", "May 2020"),
        ("end of 2020", "2020"),
        ("2019-2020 financial year", "FY2019/20"),
        ("FY 2019/20", "FY2019/20"),
        ("second half of 2020", "H2 2020"),
        ("mid-2020", "mid 2020"),
        ("31 May 2020", "31 May 2020"),
        ("May 31, 2020", "31 May 2020"),
        ("not a date", "not a date"),
        ("Q5 2020", "Q5 2020"),  # no such quarter: as written
    ],
)
def test_short_label_keeps_the_year_in_eleven_characters(label: str, short: str) -> None:
    assert short_label(label) == short
    assert len(short_label(label)) <= 11 or short_label(label) == label
