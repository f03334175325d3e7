"""What an organisation sees of its request and may do on its page."""

import pytest

from lef_members.domain import assignments as asg
from lef_members.domain import organisation_view as view
from lef_members.domain import triage
from lef_members.domain.errors import DomainError


@pytest.mark.parametrize(
	("request_status", "assignment_status", "key"),
	[
		(triage.NEW, None, view.RECEIVED),
		(triage.IN_REVIEW, None, view.IN_REVIEW),
		(triage.NEEDS_INFO, None, view.QUESTION),
		(triage.DECLINED, None, view.DECLINED),
		(triage.ACCEPTED, None, view.ACCEPTED),
		(triage.ACCEPTED, asg.DRAFT, view.ACCEPTED),
		(triage.ACCEPTED, asg.OPEN, view.LOOKING),
		(triage.ACCEPTED, asg.STAFFED, view.FOUND),
		(triage.ACCEPTED, asg.CONFIRMED, view.CONFIRMED),
		(triage.ACCEPTED, asg.COMPLETED, view.DONE),
		(triage.ACCEPTED, asg.CLOSED, view.DONE),
		(triage.ACCEPTED, asg.CANCELLED, view.CANCELLED),
		# An assignment status before acceptance means nothing (it cannot happen, and must not show).
		(triage.IN_REVIEW, asg.CONFIRMED, view.IN_REVIEW),
	],
)
def test_each_status_has_its_plain_stage(request_status, assignment_status, key):
	stage = view.stage(request_status, assignment_status)
	assert stage.key == key
	assert stage.label == view.LABELS[key]
	assert stage.explanation


def test_the_path_counts_steps_and_leaves_detours_off_it():
	assert [view.stage(triage.ACCEPTED, s).step for s in (asg.DRAFT, asg.OPEN, asg.STAFFED)] == [3, 4, 5]
	assert view.stage(triage.NEW).step == 1
	assert view.stage(triage.ACCEPTED, asg.COMPLETED).step == len(view.PATH)
	for off in (
		view.stage(triage.NEEDS_INFO),
		view.stage(triage.DECLINED),
		view.stage(triage.ACCEPTED, asg.CANCELLED),
	):
		assert off.step == 0


def test_a_request_cancelled_on_the_organisations_word_reads_as_cancelled_not_declined():
	assert view.stage(triage.DECLINED, None, view.CANCELLED_BY_ORGANISATION).key == view.CANCELLED
	assert view.stage(triage.DECLINED, None, "Outside our region").key == view.DECLINED
	assert not view.may_ask_change(triage.DECLINED)


def test_an_unknown_status_reads_as_received_not_as_an_error():
	assert view.stage("Something new").key == view.RECEIVED


def test_an_answer_only_while_the_coordinator_waits_for_one():
	assert view.check_answer(triage.NEEDS_INFO, "  Yes, 20 people.  ") == "Yes, 20 people."
	for status in (triage.NEW, triage.IN_REVIEW, triage.ACCEPTED, triage.DECLINED):
		with pytest.raises(DomainError, match="no question"):
			view.check_answer(status, "Yes, 20 people.")


@pytest.mark.parametrize("message", [None, "", "   ", "ok", "x" * (view.MAX_TEXT + 1)])
def test_an_empty_or_overlong_answer_is_refused(message):
	with pytest.raises(DomainError) as raised:
		view.check_answer(triage.NEEDS_INFO, message)
	assert raised.value.field == "message"


def test_the_longest_answer_allowed_is_kept_whole():
	assert len(view.check_answer(triage.NEEDS_INFO, "x" * view.MAX_TEXT)) == view.MAX_TEXT


@pytest.mark.parametrize(
	("request_status", "assignment_status", "allowed"),
	[
		(triage.NEW, None, True),
		(triage.IN_REVIEW, None, True),
		(triage.NEEDS_INFO, None, True),
		(triage.DECLINED, None, False),
		(triage.ACCEPTED, asg.DRAFT, True),
		(triage.ACCEPTED, asg.OPEN, True),
		(triage.ACCEPTED, asg.STAFFED, True),
		(triage.ACCEPTED, asg.CONFIRMED, False),
		(triage.ACCEPTED, asg.COMPLETED, False),
		(triage.ACCEPTED, asg.CLOSED, False),
		(triage.ACCEPTED, asg.CANCELLED, False),
		(triage.ACCEPTED, None, False),
	],
)
def test_changes_may_be_asked_until_confirmation(request_status, assignment_status, allowed):
	assert view.may_ask_change(request_status, assignment_status) is allowed
	if allowed:
		assert view.check_change(request_status, assignment_status, view.OTHER_DATE, "The 12th instead", 0)
	else:
		with pytest.raises(DomainError, match="no longer be changed"):
			view.check_change(request_status, assignment_status, view.OTHER_DATE, "The 12th instead", 0)


@pytest.mark.parametrize("kind", [None, "", "Delete everything", "cancellation", 3])
def test_a_change_of_an_unknown_kind_is_refused(kind):
	with pytest.raises(DomainError) as raised:
		view.check_change(triage.NEW, None, kind, "Please change it", 0)
	assert raised.value.field == "kind"


def test_a_change_needs_its_details_and_a_cancellation_its_reason():
	with pytest.raises(DomainError, match="what you would like to change") as raised:
		view.check_change(triage.NEW, None, view.OTHER_DATE, " ", 0)
	assert raised.value.field == "details"
	with pytest.raises(DomainError, match="why you cancel"):
		view.check_change(triage.NEW, None, view.CANCELLATION, "", 0)
	assert view.check_change(triage.NEW, None, view.CANCELLATION, " Budget cut ", 0) == (
		view.CANCELLATION,
		"Budget cut",
	)


def test_no_more_than_a_few_unanswered_changes_at_once():
	assert view.check_change(triage.NEW, None, view.ONLINE, "Online please", view.MAX_PENDING - 1)
	with pytest.raises(DomainError, match="waiting for an answer"):
		view.check_change(triage.NEW, None, view.ONLINE, "Online please", view.MAX_PENDING)


def test_experts_are_shown_from_confirmation_on():
	assert [s for s in asg.STATUSES if view.shows_experts(s)] == [asg.CONFIRMED, asg.COMPLETED, asg.CLOSED]
	assert view.shows_experts(None) is False


def test_the_evaluation_form_once_done_and_until_sent():
	assert view.may_evaluate(asg.COMPLETED, evaluated=False, has_link=True)
	assert view.may_evaluate(asg.CLOSED, evaluated=False, has_link=True)
	assert not view.may_evaluate(asg.COMPLETED, evaluated=True, has_link=True)
	assert not view.may_evaluate(asg.COMPLETED, evaluated=False, has_link=False)
	assert not view.may_evaluate(asg.CONFIRMED, evaluated=False, has_link=True)


def test_staff_decide_once_with_an_answer():
	assert view.check_decision(view.PENDING, view.AGREED, " Fine, the 12th. ") == "Fine, the 12th."
	assert view.check_decision(view.PENDING, view.PENDING, "") == ""
	with pytest.raises(DomainError) as raised:
		view.check_decision(view.PENDING, view.REFUSED, "  ")
	assert raised.value.field == "answer"
	with pytest.raises(DomainError, match="answered already"):
		view.check_decision(view.AGREED, view.REFUSED, "Changed my mind")
	with pytest.raises(DomainError, match="answered already"):
		view.check_decision(view.REFUSED, view.PENDING, "")
	with pytest.raises(DomainError, match="not a decision"):
		view.check_decision(view.PENDING, "Maybe", "Hmm")
