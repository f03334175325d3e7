"""An assignment's life, its sessions and members' answers to invitations."""

from dataclasses import replace
from datetime import datetime

import pytest

from lef_members.domain import assignments as a
from lef_members.domain.errors import DomainError, TransitionError
from lef_members.domain.schedule import Session

NOW = datetime(2026, 11, 23, 10, 0)
S1 = Session(datetime(2026, 12, 1, 9), datetime(2026, 12, 1, 11))
S2 = Session(datetime(2026, 12, 8, 9), datetime(2026, 12, 8, 11))
READY = a.AssignmentFacts(
	status=a.DRAFT, sessions=(S1, S2), experts_needed=2, accepted=0, has_contact_email=True
)


def test_sessions_must_end_after_they_start_on_the_same_day_without_overlap():
	assert a.sessions_problems([S1, S2]) == []
	bad = Session(datetime(2026, 12, 1, 11), datetime(2026, 12, 1, 9))
	assert [p.params["row"] for p in a.sessions_problems([S1, bad])] == [2]
	overnight = Session(datetime(2026, 12, 1, 22), datetime(2026, 12, 2, 1))
	assert len(a.sessions_problems([overnight])) == 1
	overlapping = Session(datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 12))
	problems = a.sessions_problems([S1, overlapping])
	assert len(problems) == 1 and "2026-12-01 09:00" in str(problems[0])
	touching = Session(datetime(2026, 12, 1, 11), datetime(2026, 12, 1, 12))
	assert a.sessions_problems([S1, touching]) == []


@pytest.mark.parametrize(
	"old,new",
	[(a.DRAFT, a.OPEN), (a.OPEN, a.DRAFT), (a.DRAFT, a.CANCELLED), (a.COMPLETED, a.CLOSED)],
)
def test_allowed_moves(old, new):
	facts = replace(READY, status=old, cancel_reason="Organisation cancelled the day", sessions=(S1,))
	a.check_status_change(facts, new, NOW)


@pytest.mark.parametrize(
	"old,new",
	[
		(a.DRAFT, a.STAFFED),
		(a.DRAFT, a.CONFIRMED),
		(a.CLOSED, a.OPEN),
		(a.CANCELLED, a.OPEN),
		(a.COMPLETED, a.OPEN),
	],
)
def test_moves_off_the_path_are_refused(old, new):
	with pytest.raises(TransitionError):
		a.check_status_change(replace(READY, status=old, accepted=2), new, NOW)


def test_opening_needs_a_session_and_a_sane_number_of_experts():
	with pytest.raises(TransitionError) as caught:
		a.check_status_change(replace(READY, sessions=()), a.OPEN, NOW)
	assert caught.value.field == "sessions"
	for needed in (0, 11):
		with pytest.raises(TransitionError):
			a.check_status_change(replace(READY, experts_needed=needed), a.OPEN, NOW)
	a.check_status_change(replace(READY, experts_needed=10), a.OPEN, NOW)


def test_confirming_needs_enough_members_and_a_contact_to_mail():
	staffed = replace(READY, status=a.STAFFED, accepted=2)
	a.check_status_change(staffed, a.CONFIRMED, NOW)
	with pytest.raises(TransitionError):
		a.check_status_change(replace(staffed, accepted=1), a.CONFIRMED, NOW)
	with pytest.raises(TransitionError) as caught:
		a.check_status_change(replace(staffed, has_contact_email=False), a.CONFIRMED, NOW)
	assert caught.value.field == "contact"


def test_completed_only_after_the_last_session_ends():
	confirmed = replace(READY, status=a.CONFIRMED, accepted=2)
	with pytest.raises(TransitionError):
		a.check_status_change(confirmed, a.COMPLETED, datetime(2026, 12, 8, 10, 59))
	a.check_status_change(confirmed, a.COMPLETED, datetime(2026, 12, 8, 11, 0))


def test_cancelling_needs_a_reason():
	with pytest.raises(TransitionError):
		a.check_status_change(replace(READY, status=a.OPEN, cancel_reason="  "), a.CANCELLED, NOW)


@pytest.mark.parametrize(
	"status,accepted,needed,result",
	[
		(a.OPEN, 1, 2, a.OPEN),
		(a.OPEN, 2, 2, a.STAFFED),
		(a.STAFFED, 1, 2, a.OPEN),  # someone withdrew
		(a.CONFIRMED, 1, 2, a.OPEN),
		(a.CONFIRMED, 2, 2, a.CONFIRMED),
		(a.DRAFT, 2, 2, a.DRAFT),
		(a.CANCELLED, 0, 2, a.CANCELLED),
	],
)
def test_staffing_follows_the_accepted_count(status, accepted, needed, result):
	assert a.staffing_status(status, accepted, needed) == result


def answer(**changes):
	args = {
		"current": a.INVITED,
		"answer": a.ACCEPTED,
		"assignment_status": a.OPEN,
		"first_session_start": S1.start,
		"accepted": 1,
		"needed": 2,
		"now": NOW,
		"reason": None,
	}
	args.update(changes)
	a.check_answer(**args)


def test_accepting_the_last_place():
	answer(accepted=1, needed=2)
	with pytest.raises(TransitionError) as caught:
		answer(accepted=2, needed=2)
	assert "filled" in str(caught.value)


def test_accepting_after_the_start_or_when_not_open_is_refused():
	with pytest.raises(TransitionError):
		answer(now=S1.start)
	with pytest.raises(TransitionError):
		answer(assignment_status=a.STAFFED)
	with pytest.raises(TransitionError):
		answer(assignment_status=a.CANCELLED, answer=a.DECLINED)


def test_an_answer_is_given_once():
	with pytest.raises(TransitionError):
		answer(current=a.DECLINED)
	with pytest.raises(TransitionError):
		answer(current=a.ACCEPTED)
	answer(current=a.INVITED, answer=a.DECLINED, assignment_status=a.STAFFED)


def test_withdrawing_after_accepting_needs_a_reason():
	with pytest.raises(TransitionError) as caught:
		answer(current=a.ACCEPTED, answer=a.WITHDRAWN, reason=" ")
	assert caught.value.field == "reason"
	answer(current=a.ACCEPTED, answer=a.WITHDRAWN, reason="I am ill")


def test_reason_has_a_limit():
	with pytest.raises(DomainError):
		answer(answer=a.DECLINED, reason="x" * 1001)
	answer(answer=a.DECLINED, reason="x" * 1000)
