"""The meeting dialog: a meeting's code, body, session, dates, place and label (left empty,
the label is made from the body and the session, as the Secretariat names them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ptctui.plan_forms import MeetingForm, read_code, read_date, read_number, read_period
from ptctui.tui.dialogs.record import Field, RecordDialog

DATE_HINT = "YYYY-MM-DD or 31 May 2020 (optional)"


class MeetingDialog(RecordDialog[MeetingForm]):
    """Make or edit a meeting, checked as ``ptctui meetings add`` checks it."""

    def __init__(
        self,
        *,
        bodies: Sequence[str],
        taken: Mapping[str, str],
        today: date,
        initial: MeetingForm | None = None,
    ) -> None:
        self.taken = taken
        """Meeting codes in use (lower-cased) → how messages name their meeting."""
        self.today = today
        self.initial = initial
        """The meeting being edited, or ``None`` for a new one."""
        form = initial or MeetingForm(code="", body=bodies[0] if bodies else "")
        choices = tuple((b, b) for b in dict.fromkeys([*bodies, form.body]) if b)
        super().__init__(
            f"Edit meeting {initial.code}" if initial else "New meeting",
            [
                Field("code", "Code", form.code, "A short code, e.g. EC-41"),
                Field("body", "Body", form.body, choices=choices),
                Field("number", "Session", str(form.number or ""), "e.g. 41 (optional)"),
                Field("start", "Starts", form.start.isoformat() if form.start else "", DATE_HINT),
                Field("end", "Ends", form.end.isoformat() if form.end else "", DATE_HINT),
                Field("place", "Place", form.place, "e.g. Brussels (optional)"),
                Field("label", "Name", form.label, "Empty: 41st Session of the … from the body"),
            ],
        )

    def read(self, values: dict[str, str]) -> MeetingForm:
        own = self.initial.code if self.initial else ""
        start = read_date(values["start"], field="start", label="Starts", today=self.today)
        end = read_date(values["end"], field="end", label="Ends", today=self.today)
        read_period(start, end, field="end", what="the meeting")
        return MeetingForm(
            code=read_code(values["code"], field="code", what="meeting", taken=self.taken, own=own),
            body=values["body"],
            number=read_number(values["number"], field="number", what="a session number"),
            label=values["label"].strip(),
            start=start,
            end=end,
            place=values["place"].strip(),
        )
