"""The package dialog: a new package's code, name and description, or an existing one's."""

from __future__ import annotations

from collections.abc import Mapping

from ptctui.plan_forms import PackageForm, read_code, read_text
from ptctui.tui.dialogs.record import Field, RecordDialog


class PackageDialog(RecordDialog[PackageForm]):
    """Make or edit a package; the code is refused as ``ptctui packages add`` refuses it."""

    def __init__(self, *, taken: Mapping[str, str], initial: PackageForm | None = None) -> None:
        self.taken = taken
        """Codes in use (lower-cased) → how messages name their package."""
        self.initial = initial
        """The package being edited, or ``None`` for a new one."""
        form = initial or PackageForm(code="", name="")
        heading = f"Edit package {initial.code}" if initial else "New package"
        super().__init__(
            heading,
            [
                Field("code", "Code", form.code, "A short code, e.g. ECP"),
                Field("name", "Name", form.name, "e.g. Economic Competitiveness Package"),
                Field("description", "Description", form.description, "What it is for"),
            ],
        )

    def read(self, values: dict[str, str]) -> PackageForm:
        own = self.initial.code if self.initial else ""
        return PackageForm(
            code=read_code(values["code"], field="code", what="package", taken=self.taken, own=own),
            name=read_text(values["name"], field="name", what="a package's name"),
            description=values["description"].strip(),
        )
