"""Plain tests of ``ptctui.forms``: what each dialog's answer changes, on a real database.

Each write is committed as the app commits it (``commit``), then the database is read back:
the change, its journal entry under the officer's name, and, for a change to one action's own
row, the row the app puts in place without reading every action again.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from conftest import TODAY, fingerprint_engine
from ptctui import forms, store
from ptctui.forms import ActionForm, MoveRequest, UpdateRequest
from ptctui.store import ActionFilter
from ptctui.workflow import Status


def uuid_of(engine: Engine, ref: str) -> str:
    with store.reading(engine) as session:
        return store.resolve_action(session=session, ref=ref).uuid


def detail_of(engine: Engine, ref: str) -> store.ActionDetail:
    with store.reading(engine) as session:
        action = store.resolve_action(session=session, ref=ref)
        return store.action_detail(session=session, action=action)


def last_change(engine: Engine) -> store.ChangeView:
    with store.reading(engine) as session:
        return store.history(session=session, limit=1)[0]


def test_a_move_is_made_and_its_row_read_back_through_the_apps_filter(engine: Engine) -> None:
    uuid = uuid_of(engine, "CEP-1.2")
    write = forms.move(uuid=uuid, request=MoveRequest(Status.IN_PROGRESS, "started"), by="ann")
    done = forms.commit(engine=engine, write=write, today=TODAY, read_back=ActionFilter())
    assert done.summary == "CEP-1.2: planned → in progress" and done.uuid == uuid
    assert done.in_place and done.refreshed
    assert done.row is not None and done.row.status is Status.IN_PROGRESS
    assert done.before is not None and done.stamp is not None and done.before != done.stamp
    assert done.text is not None and "cep-1.2" in done.text
    change = last_change(engine)
    assert (change.kind, change.by) == ("move", "ann")
    assert detail_of(engine, "CEP-1.2").history[0].note == "started"


def test_a_row_that_leaves_the_filter_is_read_back_as_none(engine: Engine) -> None:
    uuid = uuid_of(engine, "CEP-1.2")
    planned = ActionFilter(statuses=(Status.PLANNED,), search="ignored: the search is aside")
    write = forms.move(uuid=uuid, request=MoveRequest(Status.IN_PROGRESS), by="ann")
    done = forms.commit(engine=engine, write=write, today=TODAY, read_back=planned)
    assert done.refreshed and done.row is None


def test_without_a_filter_nothing_is_read_back(engine: Engine) -> None:
    write = forms.archive(uuid=uuid_of(engine, "CEP-1.2"), archived=True, by="ann")
    done = forms.commit(engine=engine, write=write, today=TODAY)
    assert not done.in_place and not done.refreshed and done.row is None
    with store.reading(engine) as session:
        assert store.resolve_action(session=session, ref="CEP-1.2").archived


def test_a_refused_change_raises_and_writes_nothing(engine: Engine) -> None:
    before = fingerprint_engine(engine)
    write = forms.move(
        uuid=uuid_of(engine, "CEP-2.1"), request=MoveRequest(Status.POSTPONED), by="ann"
    )
    with pytest.raises(Exception, match="needs a new deadline"):
        forms.commit(engine=engine, write=write, today=TODAY, read_back=ActionFilter())
    assert fingerprint_engine(engine) == before


def test_a_progress_update_is_recorded(engine: Engine) -> None:
    uuid = uuid_of(engine, "CEP-1.8")
    request = UpdateRequest("Second draft sent", date(2020, 6, 1))
    done = forms.commit(
        engine=engine,
        write=forms.add_update(uuid=uuid, request=request, by="ann"),
        today=TODAY,
        read_back=ActionFilter(),
    )
    assert done.refreshed and done.text is not None and "second draft sent" in done.text
    update = detail_of(engine, "CEP-1.8").updates[0]
    assert (update.text, update.as_of, update.author) == (
        "Second draft sent",
        date(2020, 6, 1),
        "ann",
    )


def test_the_edit_form_starts_from_the_action_and_saves_what_changed(engine: Engine) -> None:
    detail = detail_of(engine, "CEP-1.9")
    initial = forms.form_of(detail)
    assert initial.title == detail.action.title
    assert initial.lead == tuple(detail.lead) and initial.deadline == (
        detail.action.deadline_label or ""
    )
    form = ActionForm(**{**vars(initial), "title": "A new title"})
    write = forms.edit(uuid=detail.action.uuid, initial=initial, form=form, by="ann")
    done = forms.commit(engine=engine, write=write, today=TODAY, read_back=ActionFilter())
    assert done.summary == "CEP-1.9: edited title"  # the untouched deadline is not re-sent
    assert detail_of(engine, "CEP-1.9").action.title == "A new title"


def test_a_new_action_is_added_to_the_component(engine: Engine) -> None:
    form = ActionForm(title="Meet the Egmont Group", lead=("SEC",), deadline="end of 2020")
    write = forms.new_action(component="CEP-2020:3", form=form, by="ann")
    done = forms.commit(engine=engine, write=write, today=TODAY)
    with store.reading(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-3.4")
    assert done.uuid == action.uuid and action.title == "Meet the Egmont Group"
    assert action.deadline_label == "end of 2020"


def test_undo_reverts_the_last_change_and_reads_as_a_sentence(engine: Engine) -> None:
    uuid = uuid_of(engine, "CEP-1.2")
    forms.commit(
        engine=engine,
        write=forms.move(uuid=uuid, request=MoveRequest(Status.IN_PROGRESS), by="ann"),
        today=TODAY,
    )
    done = forms.commit(engine=engine, write=forms.undo(by="ann"), today=TODAY)
    assert done.summary[:1].isupper() and done.uuid == uuid
    with store.reading(engine) as session:
        assert store.resolve_action(session=session, ref="CEP-1.2").status == "planned"
