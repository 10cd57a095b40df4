"""The dialogs' readers and writes for packages, plans, components, bodies and meetings, as
plain functions on a real database: a dialog refuses what the command line refuses, in the
same words, and each answer makes exactly the change the command would."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from conftest import TODAY
from ptctui import plan_forms, store
from ptctui.forms import commit
from ptctui.plan_forms import FieldError, MeetingForm, PackageForm, PlanForm


def names(engine: Engine) -> store.Names:
    with store.reading(engine) as session:
        return store.names(session=session)


def test_a_taken_code_is_refused_with_the_command_lines_words(engine: Engine) -> None:
    taken = names(engine).taken["packages"]
    with pytest.raises(FieldError) as caught:
        plan_forms.read_code("cep", field="code", what="package", taken=taken)
    with pytest.raises(store.StoreError) as cli, store.writing(engine) as session:
        store.add_package(session=session, code="cep", name="x", by="t")
    assert str(caught.value) == str(cli.value)
    assert caught.value.field == "code"
    # Editing a package keeps its own code.
    kept = plan_forms.read_code("CEP", field="code", what="package", taken=taken, own="cep")
    assert kept == "CEP"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plan_forms.read_code("a b", field="c", what="plan", taken={}), "one word"),
        (lambda: plan_forms.read_text("  ", field="t", what="a plan's title"), "cannot be empty"),
        (
            lambda: plan_forms.read_date("someday", field="s", label="Starts", today=TODAY),
            "Starts: cannot read date 'someday'",
        ),
        (lambda: plan_forms.read_number("0", field="n", what="a session number"), "1 or more"),
        (
            lambda: plan_forms.read_period(
                date(2022, 2, 1), date(2022, 1, 1), field="end", what="the plan"
            ),
            "the plan cannot end (2022-01-01) before it starts (2022-02-01)",
        ),
    ],
)
def test_readers_refuse_bad_fields_in_one_line(call: object, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        call()  # type: ignore[operator]
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_edits_send_only_what_changed_and_read_back_as_they_were_saved(engine: Engine) -> None:
    with store.reading(engine) as session:
        initial = plan_forms.record_form("plan", "CEP-2020", session)
    assert isinstance(initial, PlanForm) and initial.package == "CEP"
    changed = PlanForm(**{**vars(initial), "title": "CEP Action Plan 2020-2022"})
    done = commit(
        engine=engine,
        write=plan_forms.edit_plan(initial=initial, form=changed, by="t"),
        today=TODAY,
    )
    assert done.summary == "plan CEP-2020: edited title"
    with store.reading(engine) as session:
        assert plan_forms.record_form("plan", "CEP-2020", session) == changed
        package = plan_forms.record_form("package", "RP", session)
    assert isinstance(package, PackageForm) and package.name == "Revenue Package"


def test_a_meeting_made_and_edited_through_its_forms(engine: Engine) -> None:
    form = MeetingForm(code="EC-41", body="EC", number=41, start=date(2021, 3, 8))
    commit(engine=engine, write=plan_forms.new_meeting(form=form, by="t"), today=TODAY)
    with store.reading(engine) as session:
        saved = plan_forms.record_form("meeting", "EC-41", session)
    assert isinstance(saved, MeetingForm)
    assert saved.label == "41st Session of the Enforcement Committee"
    moved = MeetingForm(**{**vars(saved), "place": "Brussels"})
    done = commit(
        engine=engine, write=plan_forms.edit_meeting(initial=saved, form=moved, by="t"), today=TODAY
    )
    assert done.summary == "meeting EC-41: edited place"


def test_archiving_from_the_tree_hides_and_undo_brings_back(engine: Engine) -> None:
    commit(
        engine=engine,
        write=plan_forms.archive(kind="component", key="CEP-2020:3", archived=True, by="t"),
        today=TODAY,
    )
    with store.reading(engine) as session:
        keys = [c.key for p in store.outline(session=session, today=TODAY) for q in p.children
                for c in q.children]  # fmt: skip
        assert "CEP-2020:3" not in keys
    with store.writing(engine) as session:
        store.undo(session=session, by="t")
    with store.reading(engine) as session:
        keys = [c.key for p in store.outline(session=session, today=TODAY) for q in p.children
                for c in q.children]  # fmt: skip
    assert "CEP-2020:3" in keys
