"""Read the deadlines written in WCO action plans as dates.

Action plans give deadlines the way people write them: "31 May 2020", "Q1 2020", "by the end
of 2020", "before the end of the 2019-2020 financial year". To tell whether an action is
overdue, and to sort actions by deadline, each label is read as the *last* day of the period
it names; the label itself is kept exactly as written so it can be shown back unchanged.

The grammar is a short table of regular expressions, each paired with a small function that
turns a match into a date. The text is normalised first (case, spacing, commas, dashes, a
trailing period, leading words such as "by" or "before the end of"), so each pattern only
describes one shape. Text that no pattern matches, or that names an impossible date, raises
:class:`DeadlineError` -- and nothing else, whatever the string.

Only the standard library is used. The grammar is small and fixed, and general date-parsing
libraries guess (day-first or month-first, fuzzy matching, "next Friday") where a deadline
tracker should refuse and say what it accepts.

The WCO financial year runs from 1 July to 30 June, so "FY2019/2020" ends on 30 June 2020.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ptctui.errors import UserError
from ptctui.text import quote

__all__ = [
    "ACCEPTED_FORMS",
    "DateError",
    "Deadline",
    "DeadlineError",
    "deadline_words",
    "is_overdue",
    "long_date",
    "parse_date",
    "parse_deadline",
    "short_label",
]

ACCEPTED_FORMS = (
    "2020-05-31, 31 May 2020, May 2020, 2020-05, Q1 2020, 2020-Q1, first quarter 2020, "
    "2020, end of 2020, FY2019/2020, 2019-2020 financial year"
)

MIN_YEAR = 1900
MAX_YEAR = 2200

_SHOWN_LIMIT = 80  # longest echo of the user's text in an error message


@dataclass(frozen=True)
class Deadline:
    """A deadline label as written, and the last day of the period it names."""

    label: str
    due: date


class DeadlineError(UserError, ValueError):
    """Raised by :func:`parse_deadline` for text it cannot read; the message is one line."""

    def __init__(self, text: str) -> None:
        self.text = text
        shown = quote(text, _SHOWN_LIMIT)
        super().__init__(f"cannot read deadline '{shown}'; accepted forms: {ACCEPTED_FORMS}")


class DateError(UserError, ValueError):
    """Raised by :func:`parse_date` for text it cannot read; the message is one line."""

    def __init__(self, text: str) -> None:
        self.text = text
        shown = quote(text, _SHOWN_LIMIT)
        super().__init__(f"cannot read date '{shown}'; use YYYY-MM-DD or '31 May 2020'")


# --- normalisation --------------------------------------------------------------------------

# Dashes that word processors put in "2019-2020" (en dash etc.) read as "-"; commas only
# separate words.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphens, en and em dash, minus sign
_PUNCTUATION = str.maketrans(dict.fromkeys(_DASHES, "-") | {",": " "})
_ABBREVIATION_DOT = re.compile(r"(?<=[a-z])\.")  # "sept. 2016" -> "sept 2016"

# Words that may open a deadline without changing it: "by", "before the end of", "the".
_LEADING_WORDS = ("by", "before", "until", "due", "in")
_LEADING = re.compile(
    rf"^(?:(?:{'|'.join(_LEADING_WORDS)}) )*(?:the )?(?:end(?: of)? |end-)?(?:the )?"
)


def _normalise(label: str) -> str:
    """Lower-case, single-spaced ASCII, without commas, abbreviation dots or a final period."""
    text = " ".join(label.translate(_PUNCTUATION).split())  # also turns no-break spaces into " "
    if not text.isascii():
        raise ValueError("only ASCII text names a date")
    text = _ABBREVIATION_DOT.sub(" ", text.lower())
    return " ".join(text.split()).rstrip(". ")


# --- building blocks of the grammar ---------------------------------------------------------

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_LAST = -1  # "last quarter", "last half": whichever part comes last
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": _LAST,
    "final": _LAST,
}

# Named pieces that the patterns below refer to as {year}, {month}, ...
_PIECES = {
    "year": r"(?P<year>\d\d\d\d)",
    "mm": r"(?P<month>\d\d?)",
    "dd": r"(?P<day>\d\d?)",
    "day": r"(?P<day>\d\d?)(?:st|nd|rd|th)?",
    "month": (
        r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
        r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    ),
    "part": r"(?P<part>\d)",
    "nth": rf"(?P<part>{'|'.join(_ORDINALS)})",
    "dash": r" ?-? ?",  # optional "-" with optional spaces around it
    "fy_years": r"(?P<year>\d\d\d\d) ?[-/] ?(?P<year2>\d\d(?:\d\d)?)",
    "fy_words": r"(?:financial|fiscal) year",
}

_Handler = Callable[[re.Match[str]], date]
_Rule = tuple[re.Pattern[str], _Handler]


def _rule(template: str, handler: _Handler) -> _Rule:
    """A pattern (matched against the whole normalised text) and what it means."""
    return re.compile(template.format(**_PIECES)), handler


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    return year


def _year(match: re.Match[str]) -> int:
    return _check_year(int(match["year"]))


def _month(match: re.Match[str]) -> int:
    token: str = match["month"]
    month = int(token) if token.isdigit() else _MONTHS[token[:3]]
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    return month


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _last_day_of_part(match: re.Match[str], parts: int) -> date:
    """Last day of the n-th of ``parts`` equal parts of the year (quarters, halves)."""
    token: str = match["part"]
    part = int(token) if token.isdigit() else _ORDINALS[token]
    if part == _LAST:
        part = parts
    if not 1 <= part <= parts:
        raise ValueError(f"a year has no part {part} of {parts}")
    return _last_day_of_month(_year(match), 12 // parts * part)


# --- handlers -------------------------------------------------------------------------------


def _exact_day(match: re.Match[str]) -> date:
    return date(_year(match), _month(match), int(match["day"]))


def _end_of_month(match: re.Match[str]) -> date:
    return _last_day_of_month(_year(match), _month(match))


def _end_of_quarter(match: re.Match[str]) -> date:
    return _last_day_of_part(match, parts=4)


def _end_of_half(match: re.Match[str]) -> date:
    return _last_day_of_part(match, parts=2)


def _mid_year(match: re.Match[str]) -> date:
    return date(_year(match), 6, 30)


def _end_of_year(match: re.Match[str]) -> date:
    return date(_year(match), 12, 31)


def _end_of_financial_year(match: re.Match[str]) -> date:
    """30 June of the second year: "2019/20" and "2019/2020" run 1 July 2019 - 30 June 2020."""
    first = _year(match)
    token: str = match["year2"]
    expected = first + 1
    if token not in (str(expected), f"{expected % 100:02d}"):
        raise ValueError(f"financial year {first}/{token} does not span consecutive years")
    return date(_check_year(expected), 6, 30)


# --- the grammar ----------------------------------------------------------------------------

# Each pattern must match the whole normalised text; the first that does decides the date.
_EXACT_RULES: tuple[_Rule, ...] = (
    _rule("{year}-{mm}-{dd}", _exact_day),  # 2020-05-31
    _rule("{day} {month} {year}", _exact_day),  # 31 May 2020, 31 May, 2020
    _rule("{month} {day} {year}", _exact_day),  # May 31, 2020
)

_PERIOD_RULES: tuple[_Rule, ...] = (
    _rule("{month} {year}", _end_of_month),  # May 2020, Nov 2016
    _rule("{year}-{mm}", _end_of_month),  # 2020-05
    _rule("q{part}{dash}{year}", _end_of_quarter),  # Q1 2020
    _rule("{year}{dash}q{part}", _end_of_quarter),  # 2020-Q1, 2020 Q1
    _rule("{nth} quarter (?:of )?{year}", _end_of_quarter),  # first quarter (of) 2020
    _rule("h{part}{dash}{year}", _end_of_half),  # H1 2020
    _rule("{year}{dash}h{part}", _end_of_half),  # 2020-H1
    _rule("{nth} half (?:of )?{year}", _end_of_half),  # second half (of) 2020
    _rule("mid{dash}{year}", _mid_year),  # mid-2020
    _rule("{year}", _end_of_year),  # 2020, end of 2020
    _rule("fy ?{fy_years}", _end_of_financial_year),  # FY2019/2020, FY 2019/20
    _rule("{fy_years} {fy_words}", _end_of_financial_year),  # 2019-2020 financial year
    _rule("{fy_words} {fy_years}", _end_of_financial_year),  # financial year 2019-2020
)

_DEADLINE_RULES = _EXACT_RULES + _PERIOD_RULES

# Words parse_date accepts, as days before ``today``.
_RELATIVE_DAYS = {"today": 0, "yesterday": 1}


def _read(rules: tuple[_Rule, ...], text: str) -> date:
    """The date named by ``text`` under ``rules``; ValueError if none fits or it is impossible."""
    for pattern, handler in rules:
        match = pattern.fullmatch(text)
        if match:
            return handler(match)
    raise ValueError("no accepted form matches")


# --- public API -----------------------------------------------------------------------------


def parse_deadline(text: str) -> Deadline:
    """Read a deadline label; ``due`` is the last day of the period the label names.

    >>> parse_deadline("by the end of Q1 2020")
    Deadline(label='by the end of Q1 2020', due=datetime.date(2020, 3, 31))

    Raises :class:`DeadlineError` for anything it cannot read.
    """
    label = text.strip()
    try:
        due = _read(_DEADLINE_RULES, _LEADING.sub("", _normalise(label), count=1))
    except ValueError as exc:
        raise DeadlineError(label) from exc
    return Deadline(label=label, due=due)


def parse_date(text: str, *, today: date | None = None) -> date:
    """Read an exact date, as ``--date`` options take it.

    Accepts ``2020-05-31``, ``31 May 2020``, ``May 31, 2020`` and the words ``today`` and
    ``yesterday`` (relative to ``today``, by default the current date).
    Raises :class:`DateError` for anything else.
    """
    try:
        normalised = _normalise(text)
        if normalised in _RELATIVE_DAYS:
            base = date.today() if today is None else today
            day = base - timedelta(days=_RELATIVE_DAYS[normalised])
            _check_year(day.year)  # "yesterday" of 1900-01-01 is no more valid than 1899
            return day
        return _read(_EXACT_RULES, normalised)
    except (ValueError, OverflowError) as exc:
        raise DateError(text.strip()) from exc


def is_overdue(due: date | None, today: date) -> bool:
    """True if ``due`` is strictly before ``today``; an action without a deadline never is."""
    return due is not None and due < today


@lru_cache(maxsize=4096)
def long_date(day: date) -> str:
    """``15 June 2020``, the way WCO documents write a day.

    Cached: a committee document writes the same few hundred days tens of thousands of times,
    and ``strftime`` is slow.
    """
    return f"{day.day} {day:%B %Y}"


_QUARTER_WORDS = re.compile(r"^(?:q([1-4])|([1-4])(?:st|nd|rd|th)? quarter(?: of)?) (\d{4})$", re.I)
_HALF_WORDS = re.compile(r"^(?:h([12])|([12])(?:st|nd) half(?: of)?) (\d{4})$", re.I)
_END_WORDS = re.compile(r"^end(?: of)? (.+)$", re.I)
_ORDINAL_WORDS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}


def deadline_words(label: str) -> str:
    """A deadline label as a sentence says it: ``Q1 2021`` → ``the first quarter of 2021``,
    ``H2 2020`` → ``the second half of 2020``, ``end 2020`` → ``the end of 2020``; anything
    else as the officer wrote it."""
    text = " ".join(label.split())
    if match := _QUARTER_WORDS.match(text):
        return f"the {_ORDINAL_WORDS[match[1] or match[2]]} quarter of {match[3]}"
    if match := _HALF_WORDS.match(text):
        return f"the {_ORDINAL_WORDS[match[1] or match[2]]} half of {match[3]}"
    if match := _END_WORDS.match(text):
        return f"the end of {match[1]}"
    return text


# --- short labels for narrow columns -------------------------------------------------------

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_day(due: date) -> str:
    return f"{due.day} {_MONTH_NAMES[due.month - 1]} {due.year}"


def _short_month(due: date) -> str:
    return f"{_MONTH_NAMES[due.month - 1]} {due.year}"


def _short_quarter(due: date) -> str:
    return f"Q{due.month // 3} {due.year}"


def _short_half(due: date) -> str:
    return f"H{due.month // 6} {due.year}"


def _short_fy(due: date) -> str:
    return f"FY{due.year - 1}/{due.year % 100:02d}"


_SHORT: dict[_Handler, Callable[[date], str]] = {
    _exact_day: _short_day,
    _end_of_month: _short_month,
    _end_of_quarter: _short_quarter,
    _end_of_half: _short_half,
    _mid_year: lambda due: f"mid {due.year}",
    _end_of_year: lambda due: str(due.year),
    _end_of_financial_year: _short_fy,
}


def short_label(label: str) -> str:
    """A deadline label in at most 11 characters, its year kept, for a narrow column.

    "first quarter of 2021" reads "Q1 2021", "by the end of October 2020" "Oct 2020", "end of
    2020" "2020", "2019-2020 financial year" "FY2019/20", "31 May 2020" stays. Cut with an
    ellipsis instead, the year went first ("first quarte…", "October 20…"). A label no rule
    reads is given back as written (the caller cuts it).

    >>> short_label("by the end of the first quarter of 2021")
    'Q1 2021'
    """
    try:
        text = _LEADING.sub("", _normalise(label.strip()), count=1)
    except ValueError:
        return label
    for pattern, handler in _DEADLINE_RULES:
        match = pattern.fullmatch(text)
        if match:
            try:
                return _SHORT[handler](handler(match))
            except ValueError:
                return label
    return label
