"""The member lifecycle: which moves are allowed, what they need and what they set."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lef_members.domain import members as m
from lef_members.domain.errors import DomainError, TransitionError

TODAY = date(2026, 11, 23)
ACTIVE_READY = m.MemberFacts(
	status=m.IN_TRAINING, email="an@example.org", consent_date=date(2026, 1, 5), consent_version="1"
)


@pytest.mark.parametrize(
	"old,new",
	[
		(m.CANDIDATE, m.INTAKE),
		(m.INTAKE, m.IN_TRAINING),
		(m.IN_TRAINING, m.ACTIVE),
		(m.ACTIVE, m.LEFT),
		(m.PAUSED, m.ACTIVE),
		(m.LEFT, m.CANDIDATE),
		(m.INTAKE, m.CANDIDATE),
		(m.CANDIDATE, m.LEFT),
	],
)
def test_moves_on_the_path_are_allowed(old, new):
	facts = replace(ACTIVE_READY, status=old)
	assert m.change_status(facts, new, TODAY).status == new


@pytest.mark.parametrize(
	"old,new",
	[
		(m.CANDIDATE, m.ACTIVE),  # no skipping intake and training
		(m.CANDIDATE, m.IN_TRAINING),
		(m.INTAKE, m.ACTIVE),
		(m.LEFT, m.ACTIVE),  # coming back starts as a candidate
		(m.IN_TRAINING, m.PAUSED),
		(m.LEFT, m.PAUSED),
	],
)
def test_moves_off_the_path_are_refused_with_the_next_steps(old, new):
	with pytest.raises(TransitionError) as caught:
		m.change_status(replace(ACTIVE_READY, status=old, paused_until=TODAY), new, TODAY)
	message = str(caught.value)
	assert old in message and new in message
	for allowed in m.allowed_next(old):
		assert allowed in message


def test_unknown_status_is_refused():
	with pytest.raises(TransitionError):
		m.change_status(ACTIVE_READY, "Retired", TODAY)


def test_activation_needs_email_and_consent_and_sets_joining_date():
	with pytest.raises(TransitionError) as caught:
		m.change_status(replace(ACTIVE_READY, email=None), m.ACTIVE, TODAY)
	assert caught.value.field == "email"
	with pytest.raises(TransitionError) as caught:
		m.change_status(replace(ACTIVE_READY, consent_date=None), m.ACTIVE, TODAY)
	assert caught.value.field == "consent_date"
	change = m.change_status(ACTIVE_READY, m.ACTIVE, TODAY)
	assert change.updates["joined_on"] == TODAY
	kept = m.change_status(replace(ACTIVE_READY, joined_on=date(2020, 3, 1)), m.ACTIVE, TODAY)
	assert "joined_on" not in kept.updates


def test_a_pause_ends_today_or_later_or_lasts_until_further_notice():
	active = replace(ACTIVE_READY, status=m.ACTIVE)
	# No end date: until further notice (a forum moving in has such pauses; staff end them).
	assert m.change_status(active, m.PAUSED, TODAY).status == m.PAUSED
	m.validate_member(replace(active, status=m.PAUSED), TODAY)
	assert not m.pause_is_over(m.PAUSED, None, date(2030, 1, 1))
	with pytest.raises(TransitionError):
		m.change_status(replace(active, paused_until=date(2026, 11, 22)), m.PAUSED, TODAY)
	assert m.change_status(replace(active, paused_until=TODAY), m.PAUSED, TODAY).status == m.PAUSED


def test_returning_from_pause_clears_it():
	paused = replace(ACTIVE_READY, status=m.PAUSED, paused_until=date(2026, 12, 31))
	assert m.change_status(paused, m.ACTIVE, TODAY).updates["paused_until"] is None


def test_leaving_sets_the_date_and_refuses_one_before_joining():
	active = replace(ACTIVE_READY, status=m.ACTIVE, joined_on=date(2025, 5, 1))
	assert m.change_status(active, m.LEFT, TODAY).updates["left_on"] == TODAY
	with pytest.raises(TransitionError):
		m.change_status(replace(active, left_on=date(2025, 4, 30)), m.LEFT, TODAY)
	assert m.change_status(replace(active, left_on=date(2025, 5, 1)), m.LEFT, TODAY).updates[
		"left_on"
	] == date(2025, 5, 1)


def test_coming_back_clears_the_old_dates():
	left = replace(ACTIVE_READY, status=m.LEFT, joined_on=date(2020, 1, 1), left_on=date(2024, 1, 1))
	updates = m.change_status(left, m.CANDIDATE, TODAY).updates
	assert updates == {"left_on": None, "joined_on": None}


def test_a_new_record_may_start_in_any_status_whose_conditions_hold():
	assert m.initial_status(m.MemberFacts(status=m.CANDIDATE), TODAY).updates == {}
	assert m.initial_status(replace(ACTIVE_READY, status=m.ACTIVE), TODAY).updates["joined_on"] == TODAY
	with pytest.raises(TransitionError):
		m.initial_status(m.MemberFacts(status=m.ACTIVE, email="x@example.org"), TODAY)
	with pytest.raises(TransitionError):
		m.initial_status(m.MemberFacts(status=m.PAUSED, paused_until=date(2020, 1, 1)), TODAY)
	assert m.initial_status(m.MemberFacts(status=m.PAUSED), TODAY).status == m.PAUSED  # until further notice


def test_starting_training_records_the_day_it_started():
	intake = m.MemberFacts(status=m.INTAKE, in_training_since=date(2020, 1, 1))
	assert m.change_status(intake, m.IN_TRAINING, TODAY).updates == {"in_training_since": TODAY}
	assert m.initial_status(m.MemberFacts(status=m.IN_TRAINING), TODAY).updates == {
		"in_training_since": TODAY
	}
	# Staying in training changes nothing: the day it started is kept.
	in_training = replace(intake, status=m.IN_TRAINING)
	assert m.change_status(in_training, m.IN_TRAINING, TODAY).updates == {}


def test_same_status_is_no_change():
	assert m.change_status(ACTIVE_READY, ACTIVE_READY.status, TODAY).updates == {}


@pytest.mark.parametrize(
	"changes,field",
	[
		({"status": m.LEFT, "left_on": None}, "left_on"),
		({"joined_on": date(2026, 11, 24)}, "joined_on"),
		({"consent_date": date(2026, 11, 24)}, "consent_date"),
		({"consent_version": " "}, "consent_version"),
		({"max_assignments_per_month": 0}, "max_assignments_per_month"),
		({"max_assignments_per_month": 32}, "max_assignments_per_month"),
		({"max_travel_km": -1}, "max_travel_km"),
		({"max_travel_km": 1001}, "max_travel_km"),
		({"benefit_status": "Lottery"}, "benefit_status"),
		({"doctor_permission_date": date(2027, 1, 1)}, "doctor_permission_date"),
		({"joined_on": date(2025, 1, 2), "left_on": date(2025, 1, 1)}, "left_on"),
	],
)
def test_record_rules_name_the_field_at_fault(changes, field):
	with pytest.raises(DomainError) as caught:
		m.validate_member(replace(ACTIVE_READY, **changes), TODAY)
	assert caught.value.field == field


@pytest.mark.parametrize("limit", [1, 4, 31])
def test_monthly_limit_boundaries_are_accepted(limit):
	m.validate_member(replace(ACTIVE_READY, max_assignments_per_month=limit, max_travel_km=0), TODAY)


def test_benefit_warnings_name_what_is_missing():
	sick = replace(ACTIVE_READY, benefit_status=m.BENEFIT_SICKNESS)
	assert [w.field for w in m.benefit_warnings(sick)] == ["doctor_permission_date"]
	assert m.benefit_warnings(replace(sick, doctor_permission_date=date(2026, 1, 1))) == []
	unemployed = replace(ACTIVE_READY, benefit_status=m.BENEFIT_UNEMPLOYMENT)
	assert [w.field for w in m.benefit_warnings(unemployed)] == ["unemployment_declaration_date"]
	assert m.benefit_warnings(replace(ACTIVE_READY, benefit_status=m.BENEFIT_NONE)) == []


def test_pause_is_over_the_day_after_its_end():
	assert not m.pause_is_over(m.PAUSED, TODAY, TODAY)
	assert m.pause_is_over(m.PAUSED, date(2026, 11, 22), TODAY)
	assert not m.pause_is_over(m.ACTIVE, date(2026, 11, 22), TODAY)


def test_portal_access_by_status():
	assert {s for s in m.STATUSES if m.has_portal_access(s)} == {m.IN_TRAINING, m.ACTIVE, m.PAUSED}


def test_messages_translate_status_names():
	with pytest.raises(TransitionError) as caught:
		m.change_status(replace(ACTIVE_READY, status=m.CANDIDATE), m.ACTIVE, TODAY)
	dutch = {
		"A member cannot go from {old} to {new}. From {old} the next step is: {allowed}.": "Van {old} naar {new} kan niet; wel: {allowed}.",
		"Candidate": "Kandidaat",
		"Active": "Actief",
		"Intake": "Intake",
		"Left": "Vertrokken",
	}
	assert (
		caught.value.render(lambda s: dutch.get(s, s))
		== "Van Kandidaat naar Actief kan niet; wel: Intake, Vertrokken."
	)


@given(st.lists(st.sampled_from(m.STATUSES), max_size=12))
def test_any_sequence_of_accepted_moves_stays_on_the_graph(targets):
	facts = replace(ACTIVE_READY, status=m.CANDIDATE, paused_until=date(2027, 1, 1))
	for target in targets:
		try:
			change = m.change_status(facts, target, TODAY)
		except TransitionError:
			# every condition is met here, so a refusal can only mean the move is off the path
			assert target not in m.allowed_next(facts.status)
			continue
		assert target == facts.status or target in m.allowed_next(facts.status)
		facts = replace(
			facts, status=change.status, **{k: v for k, v in change.updates.items() if k != "paused_until"}
		)


# ----------------------------------------------------- benefits as docs/legal-figures.md states them


def test_unemployment_the_member_may_start_once_c45b_is_filed():
	from lef_members.domain.members import BENEFIT_UNEMPLOYMENT, MemberFacts, benefit_warnings

	member = MemberFacts(status="Active", benefit_status=BENEFIT_UNEMPLOYMENT)
	[missing] = benefit_warnings(member)
	assert "C45B" in missing.render() and missing.field == "unemployment_declaration_date"
	filed = MemberFacts(
		status="Active", benefit_status=BENEFIT_UNEMPLOYMENT, unemployment_declaration_date=date(2026, 11, 20)
	)
	assert benefit_warnings(filed, on=date(2026, 11, 20)) == []  # the day it is filed
	[early] = benefit_warnings(filed, on=date(2026, 11, 19))
	assert "filed on 2026-11-20, after 2026-11-19" in early.render()


def test_the_offices_twelve_working_days():
	from lef_members.domain.members import c45b_term_ends, working_days_after

	# Filed Friday 20 November 2026: 12 working days later is Tuesday 8 December 2026.
	assert c45b_term_ends(date(2026, 11, 20)) == date(2026, 12, 8)
	# Filed on a Saturday: the term runs from the Monday after.
	assert working_days_after(date(2026, 11, 21), 1) == date(2026, 11, 23)
	assert c45b_term_ends(None) is None


def test_leefloon_needs_the_ocmw_told():
	from lef_members.domain.members import BENEFIT_LEEFLOON, MemberFacts, benefit_warnings

	[warning] = benefit_warnings(MemberFacts(status="Active", benefit_status=BENEFIT_LEEFLOON))
	assert "OCMW" in warning.render()
	told = MemberFacts(status="Active", benefit_status=BENEFIT_LEEFLOON, ocmw_informed_date=date(2026, 1, 5))
	assert benefit_warnings(told) == []


def test_a_member_on_a_benefit_on_the_higher_category_is_warned_not_blocked():
	from lef_members.domain.members import BENEFIT_SICKNESS, higher_category_warning

	assert higher_category_warning("None") is None and higher_category_warning(None) is None
	warning = higher_category_warning(BENEFIT_SICKNESS)
	assert warning is not None and "higher-category ceiling" in warning.render()
