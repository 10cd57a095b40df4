"""The body dialog: a new responsible body's code, name and kind."""

from __future__ import annotations

from collections.abc import Mapping

from ptctui.plan_forms import BodyForm, read_code, read_text
from ptctui.store.bodies import BODY_KINDS
from ptctui.tui.dialogs.record import Field, RecordDialog


class BodyDialog(RecordDialog[BodyForm]):
    """Make a responsible body, checked as ``ptctui bodies add`` checks it."""

    def __init__(self, *, taken: Mapping[str, str]) -> None:
        self.taken = taken
        """Body codes in use (lower-cased) → how messages name their body."""
        kinds = tuple((kind.replace("_", " "), kind) for kind in BODY_KINDS)
        super().__init__(
            "New responsible body",
            [
                Field("code", "Code", "", "A short code, e.g. KRA"),
                Field("name", "Name", "", "e.g. Kenya Revenue Authority"),
                Field("kind", "Kind", "other", choices=kinds),
            ],
        )

    def read(self, values: dict[str, str]) -> BodyForm:
        return BodyForm(
            code=read_code(values["code"], field="code", what="body", taken=self.taken),
            name=read_text(values["name"], field="name", what="a body's name"),
            kind=values["kind"],
        )
