"""The app's search index: every action's search text in one buffer, searched in C loops.

``listing.search_texts`` gives each action's lower-cased text as a string; at 100,000 actions
that is 140 MB of strings, built from lists of parts (a peak of twice that), and a keystroke
that tests ``term in text`` row by row takes over 100 ms. ``SearchIndex`` holds the same texts
encoded as UTF-8 in one ``bytearray``, read a row at a time from the cursor (``search_index``),
each row's text followed by a 0xFF byte, which UTF-8 never contains, so no term can match
across two rows. A term is in a text exactly when its UTF-8 bytes are in the text's (UTF-8 is
self-synchronising), so the index finds what ``store.matches`` finds.

A search (``Hits``) keeps, for each row it found, where the term first is in that row. A term
that grows by a letter then only looks at the byte after each of those places (one C pass over
the rows, not a ``find`` per row), and only rows where that byte differs are searched again.

The index is replaced, never changed where anyone can see: ``with_text`` appends a changed
action's text past the end of the buffer (which older indexes never read) and returns a new
index that points there.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from itertools import compress, count, repeat
from operator import attrgetter, mul, or_, sub
from typing import Any, NamedTuple

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from ptctui.models import Action, ProgressUpdate
from ptctui.store.listing import ActionRow
from ptctui.workflow import Status

END = 0xFF
"""The byte after each row's text: never in UTF-8, so never in a term."""
_PAST = (1 << 62) - 1
"""``find``'s -1 ANDed with this is a place past every row: "not found" that sorts last."""
AHEAD = 8
"""How many bytes past each row's match ``Hits.ahead`` keeps (the buffer ends with as many
0xFF, so a row's bytes ahead are always there)."""
_CHUNK = 2000  # actions whose updates are read in one query (sorted within, by SQLite)


def encode(text: str) -> bytes:
    """``text`` as the index holds it (lone surrogates kept, so nothing raises)."""
    return text.encode("utf-8", "surrogatepass")


class Hits(NamedTuple):
    """Rows a search found (or may find), each with its text's span and where to look.

    ``at``: where the term was first found in each row (for the base, the row's start);
    ``starts`` and ``ends``: the row's text, ``ends`` at its 0xFF byte. ``tags`` are the
    caller's bytes per row (``browse``: late or not, the columns' widths), kept aligned.
    """

    rows: list[Any]
    at: list[int]  # lists, not arrays: compressing a list shares its ints, four times faster
    starts: list[int]
    ends: list[int]
    tags: tuple[bytes, ...]
    ahead: tuple[bytes, ...] = ()
    """``ahead[j][i]``: the byte ``j`` places after row ``i``'s match, read once from the
    buffer (where each row is a cache miss away: 30 ms at 100,000 rows) for the next few
    keystrokes to compare in C (a millisecond); empty until a keystroke needs them."""

    def where(self, selector: bytes | bytearray) -> Hits:
        """The rows whose byte in ``selector`` is not 0, everything kept aligned (itself
        when that is every row: typing on through a word most rows hold copies nothing)."""
        if 0 not in selector:
            return self
        return Hits(
            list(compress(self.rows, selector)),
            list(compress(self.at, selector)),
            list(compress(self.starts, selector)),
            list(compress(self.ends, selector)),
            tuple(bytes(compress(tag, selector)) for tag in self.tags),
            tuple(bytes(compress(column, selector)) for column in self.ahead),
        )


class SearchIndex(Mapping[str, str]):
    """Every action's search text by UUID (a read-only mapping), in one UTF-8 buffer."""

    __slots__ = ("_buffer", "_ends", "_size", "_slots", "_starts")

    def __init__(
        self,
        buffer: bytearray,
        size: int,
        slots: dict[str, int],
        starts: array[int],
        ends: array[int],
    ) -> None:
        self._buffer = buffer
        self._size = size  # how much of the buffer is this index's (it may grow past)
        self._slots = slots  # UUID → slot; slot 0 is an empty text, for any other UUID
        self._starts = starts
        self._ends = ends

    @classmethod
    def of(
        cls, texts: Iterable[tuple[str, str]], rows: Sequence[ActionRow] = ()
    ) -> SearchIndex:
        """The index of ``(uuid, lower-cased text)`` pairs, taken one at a time.

        ``rows``: rows already in memory (the app's), whose UUID strings the index keeps as
        its keys instead of the equal strings the texts came with: at 100,000 actions a
        second copy of every UUID is 8.5 MB.
        """
        buffer = bytearray([END])  # slot 0: the empty text of actions the index does not hold
        slots: dict[str, int] = {}
        starts, ends = array("q", [0]), array("q", [0])
        known = dict(zip(map(_UUID, rows), map(_UUID, rows), strict=True))
        same = known.get
        for uuid, text in texts:
            slots[same(uuid, uuid)] = len(starts)
            starts.append(len(buffer))
            buffer += encode(text)
            ends.append(len(buffer))
            buffer.append(END)
        buffer += bytes([END]) * AHEAD
        return cls(buffer, len(buffer), slots, starts, ends)

    # --- the mapping: what ``search_texts`` gives, for tests and single rows -----------------

    def __getitem__(self, uuid: str) -> str:
        slot = self._slots[uuid]
        return self._buffer[self._starts[slot] : self._ends[slot]].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)

    def with_text(self, uuid: str, text: str) -> SearchIndex:
        """This index with ``uuid``'s text ``text``: itself when that is its text already
        (a status move changes no text), else a new index; this one stays as it was."""
        if self.get(uuid) == text:
            return self
        data = encode(text)
        buffer = self._buffer
        if len(buffer) != self._size:  # another index has grown it already: a copy of ours
            buffer = buffer[: self._size]
        start = len(buffer)
        buffer += data  # past this index's end: nobody reading this index sees it
        buffer += bytes([END]) * (1 + AHEAD)
        slots = self._slots
        if uuid not in slots:
            slots = {**slots, uuid: len(self._starts)}
        starts, ends = array("q", self._starts), array("q", self._ends)
        slot = slots[uuid]
        if slot == len(starts):
            starts.append(start)
            ends.append(start + len(data))
        else:
            starts[slot], ends[slot] = start, start + len(data)
        return SearchIndex(buffer, len(buffer), slots, starts, ends)

    # --- searching ----------------------------------------------------------------------------

    def hits(self, rows: list[Any], uuids: Iterable[str], tags: tuple[bytes, ...] = ()) -> Hits:
        """``rows`` (whose UUIDs are ``uuids``) as a search's starting point: every row may
        match, looked for from its text's start."""
        slots = list(map(self._slots.get, uuids, repeat(0)))
        starts = list(map(self._starts.__getitem__, slots))
        ends = list(map(self._ends.__getitem__, slots))
        return Hits(rows, starts, starts, ends, tags)

    def put(self, hits: Hits, rows: list[Any], at: int, tags: tuple[bytes, ...]) -> Hits:
        """``hits`` (a starting point, as ``hits`` makes) for ``rows``, which are its rows
        with row ``at`` another (``tags``: its own), copied rather than made again."""
        row = rows[at]
        one = self.hits([row], [row.uuid], tags)
        starts, ends = list(hits.starts), list(hits.ends)
        starts[at], ends[at] = one.starts[0], one.ends[0]
        kept = tuple(t[:at] + u + t[at + 1 :] for t, u in zip(hits.tags, one.tags, strict=True))
        return Hits(rows, starts, starts, ends, kept)

    def search(self, hits: Hits, term: str, *, after: str | None = None) -> Hits:
        """The rows of ``hits`` whose text holds ``term``.

        ``after``: the term ``hits`` were found for (``term`` must contain it); ``None`` when
        ``hits`` are a starting point (``hits``). A row's ``term`` cannot begin before its
        first ``after`` less the letters ``term`` has before ``after``. When ``term`` is
        ``after`` and one more byte, the byte after each row's first ``after`` is compared
        instead, and only the rows where it differs are searched again.
        """
        needle = encode(term)
        if after is None:
            return self._scan(hits, needle, hits.at)
        before = len(encode(term[: term.find(after)]))
        if not before and len(needle) == len(encode(after)) + 1:
            return self._grown(hits, needle)
        if not before:
            return self._scan(hits, needle, hits.at)
        return self._scan(hits, needle, map(max, hits.starts, map(sub, hits.at, repeat(before))))

    def _scan(self, hits: Hits, needle: bytes, begin: Iterable[int]) -> Hits:
        """Each row searched from its place in ``begin`` to its end, in one C pass."""
        find = self._buffer.find
        found = list(map(_PAST.__and__, map(find, repeat(needle), begin, hits.ends)))
        selector = bytes(map(_PAST.__gt__, found))
        return hits._replace(at=found, ahead=()).where(selector)

    def _grown(self, hits: Hits, needle: bytes) -> Hits:
        """``search`` for a term one byte longer than the one ``hits`` were found for."""
        buffer, known = self._buffer, len(needle) - 1
        ahead = hits.ahead or self._ahead(hits.at, known)
        table = bytearray(256)
        table[needle[-1]] = 1
        selector = bytearray(ahead[0].translate(table))
        misses = len(selector) - selector.count(1)
        if misses > len(selector) // 8 + 64:  # many rows to search again: in one C pass
            return self._scan(hits, needle, hits.at)
        at, rest = hits.at, ahead[1:]
        if misses:
            at, columns = list(at), [bytearray(column) for column in rest]
            find, ends, i = buffer.find, hits.ends, selector.find(0)
            while i >= 0:
                place = find(needle, at[i] + 1, ends[i])
                if place >= 0:
                    at[i], selector[i] = place, 1
                    first = place + len(needle)
                    window = buffer[first : first + len(rest)]
                    for column, byte in zip(columns, window, strict=True):
                        column[i] = byte
                i = selector.find(0, i + 1)
            rest = tuple(bytes(column) for column in columns)
        return hits._replace(at=at, ahead=rest).where(selector)

    def _ahead(self, at: list[int], known: int) -> tuple[bytes, ...]:
        """``Hits.ahead`` of rows matched at ``at`` by a term of ``known`` bytes."""
        window = b"".join(
            map(
                self._buffer.__getitem__,
                map(slice, map(known.__add__, at), map((known + AHEAD).__add__, at)),
            )
        )
        return tuple(window[j::AHEAD] for j in range(AHEAD))


class Summary(NamedTuple):
    """What the app's table counts and measures of a list of rows (``summarise``)."""

    overdue: int
    ref: int  # the longest reference, in characters (up to 255)
    lead: int
    deadline: int  # the longest deadline label; 0 when no row has one
    statuses: frozenset[Status]  # of every row, archived or not
    archived: bool  # whether any row is archived


_STATUSES = tuple(Status)
_CODES = {status: i for i, status in enumerate(_STATUSES)}
_UUID, _REF, _LEAD = attrgetter("uuid"), attrgetter("ref"), attrgetter("lead")
_DEADLINE, _STATUS, _ARCHIVED = attrgetter("deadline"), attrgetter("status"), attrgetter("archived")


def index_of(rows: Sequence[ActionRow], uuid: str | None) -> int | None:
    """Where the action ``uuid`` is in ``rows`` (``None``: not there), found in C loops:
    100,000 rows in a few milliseconds, where a generator over them took 20."""
    if uuid is None:
        return None
    return next(compress(count(), map(uuid.__eq__, map(_UUID, rows))), None)


def replaced(rows: list[ActionRow], uuid: str, row: ActionRow | None) -> list[ActionRow]:
    """A copy of ``rows`` with the action ``uuid``'s row ``row`` (``None``: without it)."""
    at = index_of(rows, uuid)
    if at is None:
        return rows
    new = list(rows)
    if row is None:
        del new[at]
    else:
        new[at] = row
    return new


def tag_rows(rows: Sequence[ActionRow], today: date) -> tuple[bytes, ...]:
    """A byte per row for each thing ``summarise`` needs, so that a search's rows are counted
    and measured by compressing bytes rather than by a pass over the rows: late or not, the
    lengths of the reference, lead and deadline (at most 255) and the status (+128 when
    archived)."""
    late = bytes(
        r.due_date is not None and r.due_date < today and r.overdue(today) for r in rows
    )

    status = bytes(
        map(or_, map(_CODES.__getitem__, map(_STATUS, rows)), map(mul, map(_ARCHIVED, rows),
                                                                   repeat(128)))
    )
    deadline = bytes(min(len(d), 255) if d else 0 for d in map(_DEADLINE, rows))
    return late, _lengths(map(_REF, rows)), _lengths(map(_LEAD, rows)), deadline, status


def _lengths(values: Iterable[str]) -> bytes:
    return bytes(map(min, map(len, values), repeat(255)))


@lru_cache(maxsize=4)
def summarise(tags: tuple[bytes, ...]) -> Summary:
    """The ``Summary`` of the rows ``tags`` (``tag_rows``) stand for."""
    late, ref, lead, deadline, status = tags
    codes = set(status)
    return Summary(
        overdue=late.count(1),
        ref=max(ref, default=0),
        lead=max(lead, default=0),
        deadline=max(deadline, default=0),
        statuses=frozenset(_STATUSES[code & 127] for code in codes),
        archived=any(code & 128 for code in codes),
    )


def search_index(*, session: Session, rows: Sequence[ActionRow] = ()) -> SearchIndex:
    """``listing.search_texts`` of every action, as a ``SearchIndex``, read as it is built:
    no list of parts per action, no string per text (at 100,000 actions the strings and
    their parts made a peak of 400 MB for 140 MB of text). ``rows``: see ``SearchIndex.of``."""
    return SearchIndex.of(_texts(session), rows)


def _texts(session: Session) -> Iterator[tuple[str, str]]:
    """Each action's UUID and search text, in the order ``search_texts`` joins them: the
    reference, title, description, then the updates not retracted in the order they were
    added. The updates are read a chunk of actions at a time, in order, beside the actions."""
    conn = session.connection().execution_options(stream_results=True)
    actions = conn.execute(
        sa_select(
            col(Action.id), col(Action.uuid), col(Action.ref), col(Action.title),
            col(Action.description),
        ).order_by(col(Action.id))
    )
    chunk: list[tuple[int, str, str, str, str]] = []
    for row in actions:
        chunk.append(tuple(row))  # type: ignore[arg-type]
        if len(chunk) == _CHUNK:
            yield from _chunk_texts(session, chunk)
            chunk = []
    yield from _chunk_texts(session, chunk)


def _chunk_texts(
    session: Session, chunk: list[tuple[int, str, str, str, str]]
) -> Iterator[tuple[str, str]]:
    if not chunk:
        return
    updates = session.connection().execute(
        sa_select(col(ProgressUpdate.action_id), col(ProgressUpdate.text))
        .where(
            col(ProgressUpdate.action_id).between(chunk[0][0], chunk[-1][0]),
            col(ProgressUpdate.retracted).is_(False),
        )
        .order_by(col(ProgressUpdate.action_id), col(ProgressUpdate.id))
    )
    by_action: dict[int, list[str]] = {}
    for action_id, text in updates:
        by_action.setdefault(action_id, []).append(text)
    for action_id, uuid, ref, title, description in chunk:
        parts = [ref, title, description, *by_action.get(action_id, ())]
        yield uuid, "\n".join(parts).lower()
