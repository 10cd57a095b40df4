"""Matching a spreadsheet's cells to the plan's components and to the bodies, as people
write them: "5. Training", "Component 3", "Networks and IT"; a body by code or name, and "SEC
and INTERPOL" as two.

What is not there yet is made, where the import allows it: a component written with its
number ("5. Training") always; one named without a number ("Data Exchange Working Group") in
a new plan, numbered in the order the sheet first names them; and, with ``--new-bodies``,
each responsible party that is no body yet ("Kenya and Uganda" is two), with a code made from
its name (``store.bodies.code_for``) unless the officer chose one.

Only the matching: what a row then adds, and the writing, are ``planning``'s. Cell text is
parsed in ``importers.spreadsheet``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ptctui.importers.spreadsheet import BODY_AND
from ptctui.models import Body, Component
from ptctui.store.bodies import code_for
from ptctui.text import quote


@dataclass(frozen=True)
class NewComponent:
    """A component the sheet names that the plan does not have yet."""

    number: int
    title: str


@dataclass(frozen=True)
class NewBody:
    """A responsible party the sheet names that is no body yet (``--new-bodies``)."""

    code: str
    name: str


def text_key(text: str) -> str:
    """Text as titles and names are compared: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


def _loose(text: str) -> str:
    """Letters and digits only: how component titles are compared ("Networks & IT" aside)."""
    return re.sub(r"[\W_]+", "", text.casefold())


_COMPONENT_WORDS = "component|pillar|part|section|strand"
# "3", "3.", "Component 3", "5. Training", "Part 2 – Development of new materials".
_NUMBERED = re.compile(
    rf"(?P<word>(?:{_COMPONENT_WORDS})\s*)?(?P<number>\d{{1,3}})(?!\d)\s*[.:)\-–—]*\s*(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_TITLE_PREFIX = re.compile(rf"^(?:{_COMPONENT_WORDS})\s*\d+\s*[.:)\-–—]*\s*", re.IGNORECASE)


class Components:
    """The plan's components, and new ones the sheet names, looked up by number or title."""

    def __init__(
        self, plan: str, existing: Sequence[Component], *, names_make_new: bool = False
    ) -> None:
        self.plan = plan
        # A new plan takes its components from the sheet, named or numbered; an existing one
        # only gets a new component written with its number, so a typo cannot make one.
        self.names_make_new = names_make_new
        self.existing = {c.number: c for c in existing}
        self.new: dict[int, NewComponent] = {}
        self.titles: dict[str, int] = {}
        for c in existing:
            self._name(c.number, c.title)

    def _name(self, number: int, title: str) -> None:
        for key in (_loose(title), _loose(_TITLE_PREFIX.sub("", title))):
            if key:
                self.titles.setdefault(key, number)

    def label(self, number: int) -> str:
        found = self.existing.get(number)
        title = found.title if found else self.new[number].title
        return title if _TITLE_PREFIX.match(title) else f"{number}. {title}"

    def listing(self) -> str:
        names = [
            f"{n}. {_TITLE_PREFIX.sub('', self.existing[n].title)}" for n in sorted(self.existing)
        ]
        return "; ".join(quote(name, 40) for name in names) or "none"

    def resolve(self, value: str) -> tuple[int, bool] | str:
        """(number, is new) for a cell, or why it names no component."""
        text = " ".join(value.split())
        match = _NUMBERED.fullmatch(text)
        if match:
            number = int(match["number"])
            named = match["rest"].strip()  # "Training" of "5. Training"
            if not re.search(r"[^\W\d_]", named):
                named = ""  # "7.2" names a number, not a title
            if number in self.existing:
                return number, False
            if number in self.new:
                known = self.new[number].title
                if named and _loose(named) != _loose(_TITLE_PREFIX.sub("", known)):
                    return (
                        f'component {number} is new and called "{quote(known, 60)}" on an '
                        f'earlier row; this row calls it "{quote(named, 60)}"'
                    )
                return number, True
            if not named or number == 0:
                return (
                    f"plan {self.plan} has no component {number}; it has: {self.listing()} "
                    f'(write "{number or 5}. Title" to create one)'
                )
            # "Component 5 – Training" is kept whole, as the plan's own components are named.
            title = text if match["word"] else named
            self.new[number] = NewComponent(number=number, title=title)
            self._name(number, title)
            return number, True
        found = self.titles.get(_loose(text))
        if found is not None:
            return found, found in self.new
        if self.names_make_new and _loose(text):
            return self.add(text), True
        return f'plan {self.plan} has no component "{quote(text, 60)}"; it has: {self.listing()}'

    def add(self, title: str) -> int:
        """A new component called ``title``, numbered after every number in use."""
        number = max((*self.existing, *self.new), default=0) + 1
        self.new[number] = NewComponent(number=number, title=" ".join(title.split()))
        self._name(number, title)
        return number


class Bodies:
    """Bodies by code or by name, case and spacing aside."""

    def __init__(
        self,
        bodies: Sequence[Body],
        *,
        make_new: bool = False,
        chosen: Mapping[str, str] | None = None,
    ) -> None:
        self.by_name: dict[str, str] = {}
        for body in bodies:
            self.by_name.setdefault(text_key(body.code), body.code)
        for body in bodies:
            self.by_name.setdefault(text_key(body.name), body.code)
        self.codes = sorted(body.code for body in bodies if not body.archived)
        self.make_new = make_new
        self.chosen = {text_key(name): code for name, code in (chosen or {}).items()}
        self.taken = {body.code.upper() for body in bodies}
        self.new: dict[str, NewBody] = {}  # by the name's key, in the order first named

    def _make(self, name: str) -> str:
        """The code of the new body ``name`` (made once per name)."""
        key = text_key(name)
        if key not in self.new:
            code = self.chosen.get(key)
            if code is not None:
                self.taken.add(code.upper())
            else:
                code = code_for(name, self.taken)
            self.new[key] = NewBody(code=code, name=" ".join(name.split()))
            self.by_name[key] = code
        return self.new[key].code

    def resolve(self, names: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
        """The codes named, and the names that are no body."""
        codes: list[str] = []
        unknown: list[str] = []
        for name in names:
            whole = self.by_name.get(text_key(name))
            if whole is not None:
                codes.append(whole)
                continue
            # "SEC and INTERPOL" is two bodies, but "… Compliance and Fraud" is one: the whole
            # name was tried first.
            parts = [p for p in BODY_AND.split(name) if p.strip()]
            found = [self.by_name.get(text_key(p)) for p in parts]
            if len(parts) > 1 and all(found):
                codes.extend(code for code in found if code)
            elif self.make_new:  # "Kenya and Uganda": each part a body, known or new
                codes.extend(self.by_name.get(text_key(p)) or self._make(p) for p in parts)
            else:
                unknown.append(name)
        return tuple(dict.fromkeys(codes)), unknown

    def message(self, name: str) -> str:
        listed = ", ".join(self.codes[:30]) + (" …" if len(self.codes) > 30 else "")
        return (
            f'unknown body "{quote(name, 60)}" (--new-bodies adds it); '
            f'bodies are: {listed or "none"}'
        )
