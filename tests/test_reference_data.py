"""The bundled PC0608E dataset is complete, consistent and says what the document says.

Plain tests on the frozen records: no database. The counts and the specific statuses are the
ones a person checked against ``PC0608E-intersessional-developments.txt``.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from ptctui.reference.pc0608e import DATASET
from ptctui.reference.schema import RefAction, RefPackage, RefPlan

STATUSES = {"planned", "in_progress", "ongoing", "completed", "postponed", "on_hold", "cancelled"}
BODY_KINDS = {
    "council",
    "commission",
    "committee",
    "working_group",
    "project_group",
    "secretariat",
    "partner",
}
ACTION_KINDS = {"action", "operation", "project", "workshop", "study"}

# The label forms ``ptctui.deadlines.parse_deadline`` is specified to accept.
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DEADLINE_FORMS = (
    r"\d{4}-\d{2}-\d{2}",
    rf"\d{{1,2}} ({_MONTHS}) \d{{4}}",
    rf"({_MONTHS}) \d{{4}}",
    r"\d{4}-\d{2}",
    r"Q[1-4] \d{4}",
    r"\d{4}-Q[1-4]",
    r"(first|second|third|fourth) quarter \d{4}",
    r"\d{4}",
    r"end of \d{4}",
    r"FY\d{4}/\d{4}",
    r"\d{4}-\d{4} financial year",
)


def _package(code: str) -> RefPackage:
    return next(p for p in DATASET.packages if p.code == code)


def _plan(code: str) -> RefPlan:
    return next(plan for p in DATASET.packages for plan in p.plans if plan.code == code)


def _all_actions() -> list[RefAction]:
    return [
        action
        for package in DATASET.packages
        for plan in package.plans
        for component in plan.components
        for action in component.actions
    ]


def _action(ref: str) -> RefAction:
    return next(a for a in _all_actions() if a.ref == ref)


def _by_title(fragment: str) -> RefAction:
    matches = [a for a in _all_actions() if fragment in a.title]
    assert len(matches) == 1, f"{fragment!r} matches {[a.ref for a in matches]}"
    return matches[0]


# --- the dataset as a whole ----------------------------------------------------------------------


def test_dataset_identity() -> None:
    assert DATASET.name == "PC0608E"
    assert DATASET.source == "PC0608E – Intersessional developments (Permanent Technical Committee)"
    assert DATASET.as_of == date(2020, 3, 1)


def test_packages_present() -> None:
    assert [p.code for p in DATASET.packages] == ["RP", "CEP", "ECP"]
    assert _package("RP").lead_body == "WGRCF"
    assert _package("CEP").lead_body == "EC"
    assert _package("ECP").lead_body == "PTC"


def test_body_and_meeting_codes_are_unique() -> None:
    codes = [b.code for b in DATASET.bodies]
    keys = [m.key for m in DATASET.meetings]
    assert len(codes) == len(set(codes))
    assert len(keys) == len(set(keys))
    assert all(code == code.upper() for code in codes)


def test_required_bodies() -> None:
    bodies = {b.code: b for b in DATASET.bodies}
    expected = {
        "CNL": ("council", None),
        "PC": ("commission", "CNL"),
        "EC": ("committee", "PC"),
        "PTC": ("committee", "PC"),
        "WGRCF": ("working_group", "PTC"),
        "SEC": ("secretariat", None),
        "TTA": ("secretariat", "SEC"),
    }
    for code, (kind, parent) in expected.items():
        assert bodies[code].kind == kind, code
        assert bodies[code].reports_to == parent, code
    assert bodies["WGPM"].kind == "working_group"
    assert bodies["GIIS"].kind == "project_group"
    partners = {"C4ADS", "INTERPOL", "UNODC", "EUROPOL", "OSCE", "FRONTEX", "JICA", "EGMONT"}
    assert partners <= {c for c, b in bodies.items() if b.kind == "partner"}


def test_body_kinds_and_parents_are_valid() -> None:
    codes = {b.code for b in DATASET.bodies}
    for body in DATASET.bodies:
        assert body.kind in BODY_KINDS, body.code
        assert body.reports_to is None or body.reports_to in codes, body.code
        assert body.reports_to != body.code


def test_required_meetings() -> None:
    meetings = {m.key: m for m in DATASET.meetings}
    required = {
        "EC-40": ("EC", date(2020, 2, 1)),
        "EC-39": ("EC", None),
        "EC-32": ("EC", None),
        "CNL-132": ("CNL", date(2018, 6, 1)),
        "CNL-121-122": ("CNL", date(2013, 6, 1)),
        "PC-2019-12": ("PC", date(2019, 12, 1)),
        "PC-2019-06": ("PC", date(2019, 6, 1)),
        "CNL-2019-06": ("CNL", date(2019, 6, 1)),
        "WGRCF-6": ("WGRCF", date(2019, 11, 1)),
        "WGRCF-7": ("WGRCF", None),
    }
    for key, (body, start) in required.items():
        assert meetings[key].body == body, key
        assert meetings[key].start == start, key
    assert "133rd/134th" in meetings["CNL-2019-06"].label


def test_every_reference_resolves() -> None:
    bodies = {b.code for b in DATASET.bodies}
    meetings = {m.key for m in DATASET.meetings}
    for meeting in DATASET.meetings:
        assert meeting.body in bodies, meeting.key
    for package in DATASET.packages:
        assert package.lead_body is None or package.lead_body in bodies, package.code
        for plan in package.plans:
            for endorsement in plan.endorsements:
                assert endorsement.body in bodies, plan.code
                assert endorsement.meeting is None or endorsement.meeting in meetings
    for action in _all_actions():
        for code in (*action.lead, *action.supporting):
            assert code in bodies, (action.ref, code)
        for update in action.updates:
            assert update.meeting is None or update.meeting in meetings, action.ref


def test_refs_are_unique_and_in_document_order() -> None:
    refs = [a.ref for a in _all_actions()]
    assert len(refs) == len(set(refs))
    for package in DATASET.packages:
        for plan in package.plans:
            prefix = plan.code.split("-")[0]
            assert [c.number for c in plan.components] == list(range(1, len(plan.components) + 1))
            for component in plan.components:
                expected = [
                    f"{prefix}-{component.number}.{i}" for i in range(1, len(component.actions) + 1)
                ]
                assert [a.ref for a in component.actions] == expected


# --- every action --------------------------------------------------------------------------------


@pytest.mark.parametrize("action", _all_actions(), ids=lambda a: a.ref)
def test_action_is_well_formed(action: RefAction) -> None:
    assert action.title.strip() == action.title and action.title
    assert action.status in STATUSES
    assert action.kind in ACTION_KINDS
    assert action.lead, "every action has a lead body"
    assert not set(action.lead) & set(action.supporting)
    if action.start and action.end:
        assert action.start <= action.end
    for update in action.updates:
        assert update.text.strip() == update.text and update.text
        assert "  " not in update.text and "\n" not in update.text
        assert update.as_of <= DATASET.as_of
    if action.deadline is not None:
        assert any(re.fullmatch(form, action.deadline) for form in DEADLINE_FORMS), action.deadline
    if action.status == "postponed":
        assert action.deadline, "postponed needs the new deadline"
    if action.status in {"postponed", "on_hold", "cancelled"}:
        assert action.status_note, "postponed / on_hold / cancelled need a reason"


def test_deadlines_parse_when_the_parser_exists() -> None:
    deadlines = pytest.importorskip("ptctui.deadlines")
    for action in _all_actions():
        if action.deadline is not None:
            assert deadlines.parse_deadline(action.deadline) is not None, action.ref


# --- the Revenue Package -------------------------------------------------------------------------


def test_revenue_package() -> None:
    rp = _package("RP")
    assert rp.aim.startswith("To help Members improve the efficiency and effectiveness")
    assert rp.aim.endswith("supporting tools and instruments.")
    (plan,) = rp.plans
    assert plan.code == "RP-IV"
    assert plan.title == "Revenue Package Phase IV Action Plan"
    assert plan.period == "Phase IV"
    assert {(e.body, e.meeting, e.on) for e in plan.endorsements} == {
        ("PC", "PC-2019-06", date(2019, 6, 1)),
        ("CNL", "CNL-2019-06", date(2019, 6, 1)),
    }
    assert [c.title[:6] for c in plan.components] == ["Part 1", "Part 2"]


def test_revenue_package_part_2_has_five_topics() -> None:
    part_2 = _plan("RP-IV").components[1]
    assert part_2.title == "Part 2 – Development of new materials and initiatives"
    assert [a.title for a in part_2.actions] == [
        "Illicit Financial Flows",
        "HS, Valuation and Origin compliance",
        "Assessing the impact of the Revenue Package Programme",
        "Revenue Fraud and compliance issues related to e-commerce",
        "Managing and collecting Customs Debt",
    ]
    assert all(a.status == "in_progress" for a in part_2.actions)
    assert _action("RP-2.3").lead == ("WGPM",)
    assert _action("RP-2.5").lead == ("TTA",)


def test_revenue_package_part_1() -> None:
    part_1 = _plan("RP-IV").components[0]
    assert [a.status for a in part_1.actions] == ["ongoing", "in_progress", "in_progress"]
    assert "Origin Certification" in _action("RP-1.2").title
    assert "Advance Rulings" in _action("RP-1.3").title


# --- the Compliance and Enforcement Package ------------------------------------------------------


def test_cep_plan() -> None:
    plan = _plan("CEP-2020")
    assert plan.title == "CEP Action Plan 2020/2021"
    assert plan.period == "2020/2021"
    assert [(e.body, e.meeting, e.on) for e in plan.endorsements] == [
        ("EC", "EC-40", date(2020, 2, 1))
    ]
    assert "32nd Session" in _package("CEP").note
    assert "121st/122nd" in _package("CEP").note


def test_cep_component_counts() -> None:
    components = _plan("CEP-2020").components
    assert [c.title for c in components] == [
        "Component 1 – Tools",
        "Component 2 – Networks and Technology",
        "Component 3 – Partnerships",
        "Component 4 – Operations (projects and operational activities)",
    ]
    assert [len(c.actions) for c in components] == [13, 8, 3, 24]
    assert sum(len(c.actions) for c in components) == 48


def test_yerevan_workshop_is_an_update_of_cep_1_1() -> None:
    assert not [a for a in _all_actions() if "Yerevan" in a.title]
    first = _action("CEP-1.1")
    assert first.title.startswith("Promote the CEP toolkit")
    (update,) = first.updates
    assert "Yerevan, Armenia" in update.text
    assert update.as_of == date(2019, 9, 26)


def test_athena_and_pandora_are_one_action() -> None:
    athena = _by_title("Athena II")
    assert athena.ref == "CEP-4.1"
    assert "Pandora IV" in athena.title
    assert athena.status == "completed"
    assert (athena.start, athena.end) == (date(2019, 9, 30), date(2019, 10, 11))


def test_ecp_is_present_without_plans() -> None:
    ecp = _package("ECP")
    assert ecp.plans == ()
    assert "PC0608E leaves it out" in ecp.note


# --- the statuses a person checked ---------------------------------------------------------------


def test_balkan_gate_2_postponed() -> None:
    action = _by_title("Balkan Gate 2")
    assert action.status == "postponed"
    assert action.status_note == "Postponed because of Coronavirus related safety issues"
    assert action.deadline == "2020"


def test_cocair_viii_postponed_to_2021() -> None:
    action = _by_title("COCAIR VIII")
    assert action.status == "postponed"
    assert action.deadline == "2021"
    assert "UNODC" in action.supporting
    assert "2021" in action.funding_note


def test_copes_on_hold_awaiting_funding() -> None:
    action = _by_title("COPES")
    assert action.status == "on_hold"
    assert "new funding for 2020-2021" in action.status_note
    assert "end of May 2020" in action.funding_note


def test_trigger_v_cancelled() -> None:
    action = _by_title("TRIGGER V")
    assert action.status == "cancelled"
    assert "not able to participate" in action.status_note


def test_fincrime_library_completed_on_launch_date() -> None:
    action = _by_title("FinCRIME")
    assert action.status == "completed"
    assert action.status_date == date(2019, 10, 21)
    assert action.updates[0].as_of == date(2019, 10, 21)


def test_iwt_training_materials_late_funding() -> None:
    action = _by_title("Illegal Wildlife Trade (IWT) training materials")
    assert action.status == "in_progress"
    assert action.deadline == "end of 2020"
    assert "late funding" in action.funding_note.lower()


@pytest.mark.parametrize(
    ("fragment", "status", "deadline"),
    [
        ("environmental protection", "in_progress", None),
        ("Risk Management Maturity Model", "completed", None),
        ("FIU-Customs Cooperation Handbook", "completed", None),
        ("Single Point of Contact (SPOC)", "in_progress", None),
        ("IPR Customs Training Handbook", "in_progress", None),
        ("self-assessment tool for IPR", "in_progress", None),
        ("STCE", "in_progress", "2019-2020 financial year"),
        ("IPR CENcomm", "in_progress", "May 2020"),
        ("(I2C)", "ongoing", None),
        ("“Iris”", "in_progress", "2019-2020 financial year"),
        ("(GTAS)", "in_progress", "2019-2020 financial year"),
        ("COLIBRI", "in_progress", "October 2020"),
        ("JUBILARIAN", "completed", None),
        ("LANDLOCK", "completed", None),
        ("Project LYNX", "completed", None),
        ("DOUBLETON", "planned", None),
        ("PANGEA XII", "planned", None),
        ("West and Central Africa region", "planned", "March 2020"),
    ],
)
def test_named_statuses(fragment: str, status: str, deadline: str | None) -> None:
    action = _by_title(fragment)
    assert action.status == status
    assert action.deadline == deadline


def test_ec40_updates_carry_the_meeting() -> None:
    for fragment in ("SPOC", "IPR Customs Training Handbook", "self-assessment", "Maturity"):
        (update,) = _by_title(fragment).updates
        assert update.meeting == "EC-40"
        assert update.as_of == date(2020, 2, 1)


def test_landlock_results_presented_at_wgrcf_6() -> None:
    landlock = _by_title("LANDLOCK")
    assert any(u.meeting == "WGRCF-6" and u.as_of == date(2019, 11, 1) for u in landlock.updates)
    jubilarian = _by_title("JUBILARIAN")
    assert any(u.meeting == "WGRCF-7" for u in jubilarian.updates)


@pytest.mark.parametrize(
    ("fragment", "start", "end"),
    [
        ("NEPTUNE 2", date(2019, 8, 26), date(2019, 9, 8)),
        ("JUBILARIAN", date(2019, 11, 15), date(2020, 1, 15)),
        ("LANDLOCK", date(2019, 6, 15), date(2019, 9, 15)),
        ("TENTACLE", date(2019, 8, 25), date(2019, 10, 6)),
        ("THUNDERBALL", date(2019, 6, 4), date(2019, 6, 30)),
        ("SESHA 3", date(2019, 11, 1), date(2019, 12, 31)),
        ("DEMETER V", date(2019, 9, 2), date(2019, 9, 30)),
        ("Asia Pacific Security Project", date(2019, 5, 16), date(2019, 5, 30)),
    ],
)
def test_operations_that_took_place(fragment: str, start: date, end: date) -> None:
    action = _by_title(fragment)
    assert action.kind == "operation"
    assert action.status == "completed"
    assert (action.start, action.end) == (start, end)
    assert action.status_date == end


def test_partners_are_attached() -> None:
    assert "C4ADS" in _by_title("Illicit Trade Report").supporting
    assert "GIIS" in _by_title("Risk Management Maturity Model").supporting
    assert "INTERPOL" in _by_title("PANGEA XII").lead
    assert "INTERPOL" in _by_title("THUNDERBALL").lead
    assert "OSCE" in _by_title("PITCH").supporting
    assert "FRONTEX" in _by_title("NEPTUNE 2").supporting
    assert "JICA" in _by_title("WCO/JICA").supporting
    assert "EGMONT" in _by_title("FIU-Customs").supporting
