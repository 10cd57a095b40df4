"""Reading an export's JSON a row at a time, so a file of 100,000 actions is never held whole.

``StreamedExport`` walks the document as ptctui writes it (its head's fields, then
``"tables"``: an object of lists of row objects), decoding one row at a time with the C
decoder from a buffer refilled as it runs out. Anything else (a syntax error, a file that is
not UTF-8, a table that is not a list, a table given twice or unknown, the head's format after
its tables) raises ``Unusual``: ``document.read_export`` then reads the file whole, as it
always did, so such a file gets exactly the message it always got.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_decode = json.JSONDecoder().raw_decode
_BLOCK = 1 << 20  # characters read at a time


class Unusual(Exception):
    """The file is not laid out as ptctui writes exports (or is no valid JSON)."""


class StreamedExport:
    """One pass over an export file: ``head`` (the fields before ``"tables"``), then
    ``tables`` (each table's rows as they are decoded); ``fields`` holds the head's fields,
    and once ``tables`` is exhausted, the fields after them too."""

    def __init__(self, handle: TextIO, known: set[str]) -> None:
        self._handle = handle
        self._known = known
        self._buffer = ""
        self._at = 0
        self._eof = False
        self.fields: dict[str, Any] = {}

    def _more(self) -> bool:
        """Read on (as much again as the buffer holds, so a long value is read in a few
        steps); False at the end of the file."""
        if self._eof:
            return False
        try:
            block = self._handle.read(max(_BLOCK, len(self._buffer) - self._at))
        except UnicodeDecodeError:
            raise Unusual from None
        if not block:
            self._eof = True
            return False
        self._buffer = self._buffer[self._at :] + block
        self._at = 0
        return True

    def _peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            match = _WHITESPACE.match(self._buffer, self._at)
            self._at = match.end() if match else self._at
            if self._at < len(self._buffer):
                return self._buffer[self._at]
            if not self._more():
                return ""

    def _take(self, char: str) -> None:
        if self._peek() != char:
            raise Unusual
        self._at += 1

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = _decode(self._buffer, self._at)
            except json.JSONDecodeError as error:
                # A value cut by the end of the buffer fails at its end, or in a string that
                # runs to it: read on. Any other failure is the file's.
                cut = error.pos >= len(self._buffer) - 16 or error.msg.startswith("Unterminated")
                if cut and self._more():
                    continue
                raise Unusual from None
            except RecursionError:
                raise Unusual from None
            if end == len(self._buffer) and self._more():  # a number may go on
                continue
            self._at = end
            return value

    def _key(self) -> str:
        key = self._value()
        if not isinstance(key, str):
            raise Unusual
        self._take(":")
        return key

    def head(self) -> dict[str, Any]:
        """The fields before ``"tables"`` (``Unusual`` if the format is not among them)."""
        self._take("{")
        while True:
            key = self._key()
            if key == "tables":
                break
            if key in self.fields:
                raise Unusual  # json keeps the last of two; leave that to the whole reading
            self.fields[key] = self._value()
            self._take(",")
        if not {"format", "version", "schema"} <= self.fields.keys():
            raise Unusual
        return self.fields

    def tables(self) -> Iterator[tuple[str, Iterator[Any]]]:
        """Each table's name and rows; take every row before asking for the next table."""
        self._take("{")
        seen: set[str] = set()
        if self._peek() == "}":
            self._at += 1
        else:
            while True:
                name = self._key()
                if name in seen or name not in self._known:
                    raise Unusual
                seen.add(name)
                self._take("[")
                yield name, self._rows()
                if self._peek() == ",":
                    self._at += 1
                    continue
                self._take("}")
                break
        self._tail()

    def _rows(self) -> Iterator[Any]:
        if self._peek() == "]":
            self._at += 1
            return
        while True:
            yield self._value()
            char = self._peek()
            self._at += 1
            if char == ",":
                continue
            if char == "]":
                return
            raise Unusual

    def _tail(self) -> None:
        """The fields after the tables, the closing brace and nothing after it."""
        while self._peek() == ",":
            self._at += 1
            key = self._key()
            if key in self.fields or key in ("tables", "format", "version", "schema"):
                raise Unusual
            self.fields[key] = self._value()
        self._take("}")
        if self._peek() != "":
            raise Unusual
