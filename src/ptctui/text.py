"""User text made safe to show: control characters become visible stand-ins.

ptctui stores what a user typed or imported exactly as given (titles, descriptions, notes,
updates may hold Rich markup, HTML, ANSI escape sequences or stray control characters). Before
any of it is shown — on a terminal, in the app, in an export — it goes through
:func:`printable`, so that an escape sequence can never reach a terminal raw (to recolour it,
retitle the window or move the cursor), bidirectional overrides cannot reorder a line, and
Word and XML writers never meet a character they refuse.

The rule, one character for one character (so a string keeps its length, and the offsets of a
cursor or of styles laid on it stay right):

* C0 controls (U+0000–U+001F) except newline and tab, and DEL (U+007F), become the Unicode
  "control pictures" (U+2400–U+241F, U+2421): ESC shows as ``␛``, BEL as ``␇``, CR as ``␍``,
  NUL as ``␀``, so ``\\x1b[31m`` reads ``␛[31m``. Each takes one cell, like a letter.
* C1 controls (U+0080–U+009F), the bidirectional embedding, override and isolate controls
  (U+202A–U+202E, U+2066–U+2069), lone surrogates and the non-characters U+FFFE and U+FFFF
  become the replacement character ``�`` (U+FFFD): they have no picture, and what they were is
  still in the database and in the JSON export (as ``\\u202e``).
* Newline and tab are kept: they are layout, and each output decides what to do with them
  (:func:`one_line` folds them into spaces for one-line places).

Markup of any kind (``[bold]``, ``<b>``, ``*x*``) is not this module's business: it is printable
text, and each output escapes it for its own format (Rich ``Text``, ``html.escape``, Markdown
backslashes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

REPLACEMENT = "\ufffd"

_KEEP = {ord("\n"), ord("\t")}

_TABLE: dict[int, str] = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code not in _KEEP},
    0x7F: "\u2421",
    **{code: REPLACEMENT for code in range(0x80, 0xA0)},
    **{code: REPLACEMENT for code in range(0x202A, 0x202F)},
    **{code: REPLACEMENT for code in range(0x2066, 0x206A)},
    **{code: REPLACEMENT for code in range(0xD800, 0xE000)},
    0xFFFE: REPLACEMENT,
    0xFFFF: REPLACEMENT,
}
"""What :func:`printable` replaces, by code point."""

UNSAFE = frozenset(chr(code) for code in _TABLE)
"""Every character :func:`printable` replaces."""

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_encode_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


def printable(text: str) -> str:
    """``text`` with every control character shown as a visible stand-in (see the module).

    Fast on ordinary text: ``str.isprintable`` (a C loop) answers for most strings, and the
    rest go through one ``str.translate``. It runs on every cell the app paints.
    """
    if text.isprintable():
        return text
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """:func:`printable`, with runs of whitespace (newlines, tabs) folded into one space.

    For one-line places: table cells, tree labels, headings of dialogs, error messages.
    """
    return " ".join(printable(text).split())


QUOTE_LIMIT = 80
"""How many characters of a user's text a one-line message quotes, unless it says otherwise."""


# An action's title is a sentence or a paragraph, however it arrives: `add`, `edit`, the app's
# dialogs and a spreadsheet import all refuse a longer one, with the message of ``too_long``.
MAX_TITLE = 1_000


def too_long(label: str, value: str, limit: int) -> str | None:
    """The one message for text over its limit (``None`` when it fits), so the command line,
    the app and an import say it alike: ``title is 1,280 characters long; at most 1,000 fit``."""
    length = len(value.strip())
    return (
        f"{label} is {length:,} characters long; at most {limit:,} fit" if length > limit else None
    )


def some_of(items: Sequence[str], limit: int = 20) -> str:
    """The known codes a message offers (an unknown body names the real ones), shortened
    when there are many: ``C4ADS, CNL, EC, … (45 in all)``; ``none`` when there are none."""
    if not items:
        return "none"
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown}, … ({len(items)} in all)"


def quote(value: str, limit: int = QUOTE_LIMIT) -> str:
    """``value`` fit to quote inside a one-line message: :func:`one_line`, and cut to at most
    ``limit`` characters with an ellipsis.

    The one helper every error and notice uses to echo what the user typed or imported (a
    deadline, a cell, a code), so all of them show control characters the same way (``␛``)
    and none grows past its line. The caller chooses the quotation marks around it.
    """
    text = one_line(value)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def json_safe(document: str) -> str:
    """JSON text with DEL, C1 and bidi controls, line separators and lone surrogates as
    ``\\uXXXX`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but writes these as they are;
    escaped, they parse back to exactly the same strings, and the file is safe to ``cat``.
    They can only occur inside JSON strings, so the substitution cannot break the syntax.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def json_string(value: str) -> str:
    """``value`` as a JSON string, exactly as :func:`json_list` writes it (the C encoder with
    ``ensure_ascii=False``, then :func:`json_safe`), for ``EncodedItems`` that write their
    own text. Only text with non-ASCII characters or DEL is searched for what to escape."""
    text = _encode_string(value)
    if text.isascii() and "\x7f" not in text:  # isascii() costs nothing: str knows
        return text
    return json_safe(text)


class JsonStrings(dict[str, str]):
    """JSON strings by value (:func:`json_string`), each encoded once: for values that repeat
    row after row (a plan's code, a component's title, a status)."""

    def __missing__(self, key: str) -> str:
        text = self[key] = json_string(key)
        return text


class EncodedItems:
    """Items and the function that writes each one's JSON text, already safe (strings through
    :func:`json_string`), for :func:`json_list`: a caller that knows its items' shape writes
    them faster than the generic encoder does (no dict per item, no encoder set up per item,
    no pattern over every piece)."""

    __slots__ = ("encode", "items")

    def __init__(self, items: Iterable[Any], encode: Callable[[Any], str]) -> None:
        self.items, self.encode = items, encode

    def __iter__(self) -> Iterator[str]:
        return map(self.encode, self.items)


def json_list(
    items: Iterable[Any], *, item_prefix: str = "\n", close: str = "\n]", chunk: int = 1000
) -> Iterator[str]:
    """A JSON list in pieces, as ``items`` come: ``[``, then ``chunk`` items at a time (each
    after ``item_prefix``, one a line), then ``close`` (or ``]`` for no items).

    For output that streams (``actions --json``, the whole-database export): a list read
    from a cursor is never held whole. Each item goes through the C encoder (``indent``
    forces Python's pure one, several times slower) and each piece through ``json_safe``;
    ``EncodedItems`` bring their own texts instead.
    """
    safe: Callable[[str], str]
    if isinstance(items, EncodedItems):
        texts, safe = iter(items), _as_it_is
    else:
        encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode  # no cycles
        texts, safe = map(encode, items), json_safe
    between = "," + item_prefix
    lines: list[str] = []
    opened = False
    yield "["
    for text in texts:
        lines.append(text)
        if len(lines) == chunk:
            yield safe(("," if opened else "") + item_prefix + between.join(lines))
            opened, lines = True, []
    if lines:
        yield safe(("," if opened else "") + item_prefix + between.join(lines))
        opened = True
    yield close if opened else "]"


def _as_it_is(text: str) -> str:
    return text
