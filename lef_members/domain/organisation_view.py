"""What a commissioning organisation sees of its own request, and what it may do there.

The organisation follows its request on one page (a signed link from every e-mail, or a login).
This module decides, from the request's status and its assignment's, the stage told in plain
words, which steps the organisation may take now, and checks what it sends: an answer to the
coordinator's question, a change request or a cancellation. Nothing here reads the database.

- The stage joins the two lifecycles: a request is received, in review, waiting for the
  organisation's answer, declined or accepted; an accepted request then follows its assignment
  (looking for experts, experts found, confirmed, done, cancelled).
- Answering is possible only while the coordinator waits for an answer (Needs Info).
- A change (another date, more or fewer experts, online instead of on site, something else) or a
  cancellation is asked, never made: staff decide. It may be asked until the assignment is
  confirmed; from then on the organisation calls the forum.
- The experts coming are shown from confirmation on, as the confirmation e-mail names them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lef_members.domain import assignments as asg
from lef_members.domain import triage
from lef_members.domain.errors import DomainError, _

# The stages, in the order the organisation lives them.
RECEIVED = "received"
IN_REVIEW = "in_review"
QUESTION = "question"
ACCEPTED = "accepted"
LOOKING = "looking"
FOUND = "found"
CONFIRMED = "confirmed"
DONE = "done"
DECLINED = "declined"
CANCELLED = "cancelled"

LABELS = {
	RECEIVED: _("Received", context="lef_members"),
	IN_REVIEW: _("In review"),
	QUESTION: _("Question for you"),
	ACCEPTED: _("Accepted", context="lef_members"),
	LOOKING: _("Looking for experts"),
	FOUND: _("Experts found"),
	CONFIRMED: _("Confirmed"),
	DONE: _("Work done"),
	DECLINED: _("Declined"),
	CANCELLED: _("Cancelled"),
}

EXPLANATIONS = {
	RECEIVED: _("We received your request. A coordinator will look at it soon."),
	IN_REVIEW: _("A coordinator is looking at your request."),
	QUESTION: _("The coordinator has a question for you. You can answer it below."),
	ACCEPTED: _("We accepted your request and are preparing the assignment."),
	LOOKING: _("We are asking our experts by experience who can come."),
	FOUND: _("Enough experts said yes. We will confirm who comes soon."),
	CONFIRMED: _("It is confirmed. Below you see who comes, and when."),
	DONE: _("The work is done. Thank you for working with us."),
	DECLINED: _("We cannot take up this request."),
	CANCELLED: _("This assignment was cancelled."),
}

# The path a request takes when all goes well; the page shows where it stands on it.
PATH = (RECEIVED, IN_REVIEW, ACCEPTED, LOOKING, FOUND, CONFIRMED, DONE)

_BY_ASSIGNMENT = {
	asg.DRAFT: ACCEPTED,
	asg.OPEN: LOOKING,
	asg.STAFFED: FOUND,
	asg.CONFIRMED: CONFIRMED,
	asg.COMPLETED: DONE,
	asg.CLOSED: DONE,
	asg.CANCELLED: CANCELLED,
}
_BY_REQUEST = {
	triage.NEW: RECEIVED,
	triage.IN_REVIEW: IN_REVIEW,
	triage.NEEDS_INFO: QUESTION,
	triage.DECLINED: DECLINED,
	triage.ACCEPTED: ACCEPTED,
}

# Until the assignment is confirmed the organisation may ask for a change or to cancel.
CHANGEABLE_ASSIGNMENT = frozenset({asg.DRAFT, asg.OPEN, asg.STAFFED})
CHANGEABLE_REQUEST = frozenset({triage.NEW, triage.IN_REVIEW, triage.NEEDS_INFO})
SHOWS_EXPERTS = frozenset({asg.CONFIRMED, asg.COMPLETED, asg.CLOSED})

# What an organisation may ask for. Staff decide on each; nothing changes by itself.
OTHER_DATE = "Other date"
NUMBER_OF_EXPERTS = "Number of experts"
ONLINE = "Online instead of on site"
SOMETHING_ELSE = "Something else"
CANCELLATION = "Cancellation"
CHANGE_KINDS = (OTHER_DATE, NUMBER_OF_EXPERTS, ONLINE, SOMETHING_ELSE, CANCELLATION)

# The decline reason staff's agreement to a cancellation sets on a request not yet accepted.
CANCELLED_BY_ORGANISATION = "Cancelled by the organisation"

PENDING = "Pending"
AGREED = "Agreed"
REFUSED = "Refused"
DECISIONS = (PENDING, AGREED, REFUSED)

MAX_TEXT = 2000
MIN_TEXT = 3
# Asked and not yet answered at once: more is a mistake or abuse, and staff answer each one.
MAX_PENDING = 3


@dataclass(frozen=True)
class Stage:
	key: str
	label: str
	explanation: str
	step: int  # place on PATH (1-based), 0 when off the path (question, declined, cancelled)


def stage(
	request_status: str, assignment_status: str | None = None, decline_reason: str | None = None
) -> Stage:
	"""The stage of a request in plain words, from its status and its assignment's."""
	if request_status == triage.ACCEPTED and assignment_status:
		key = _BY_ASSIGNMENT.get(assignment_status, ACCEPTED)
	elif request_status == triage.DECLINED and decline_reason == CANCELLED_BY_ORGANISATION:
		key = CANCELLED
	else:
		key = _BY_REQUEST.get(request_status, RECEIVED)
	step = PATH.index(key) + 1 if key in PATH else 0
	return Stage(key=key, label=LABELS[key], explanation=EXPLANATIONS[key], step=step)


def may_answer(request_status: str) -> bool:
	return request_status == triage.NEEDS_INFO


def may_ask_change(request_status: str, assignment_status: str | None = None) -> bool:
	"""A change or a cancellation may be asked until the assignment is confirmed."""
	if request_status == triage.ACCEPTED:
		return assignment_status in CHANGEABLE_ASSIGNMENT
	return request_status in CHANGEABLE_REQUEST


def shows_experts(assignment_status: str | None) -> bool:
	return assignment_status in SHOWS_EXPERTS


def may_evaluate(assignment_status: str | None, evaluated: bool, has_link: bool) -> bool:
	"""The evaluation form, once the work is done and until it was sent."""
	return assignment_status in (asg.COMPLETED, asg.CLOSED) and not evaluated and has_link


def _text(value, field: str, what: str) -> str:
	text = str(value or "").strip()
	if len(text) < MIN_TEXT:
		raise DomainError(
			_("Write {what} in a few words."), field=field, what=what, translate_params=("what",)
		)
	if len(text) > MAX_TEXT:
		raise DomainError(_("This text is too long: at most {max} characters."), field=field, max=MAX_TEXT)
	return text


def check_answer(request_status: str, message) -> str:
	"""The organisation's answer to the coordinator's question, cleaned; raises when refused."""
	if not may_answer(request_status):
		raise DomainError(_("There is no question waiting for your answer."), field="message")
	return _text(message, "message", _("your answer"))


def check_change(
	request_status: str, assignment_status: str | None, kind, details, pending: int
) -> tuple[str, str]:
	"""A change request or cancellation as (kind, details); raises when it may not be asked."""
	if not may_ask_change(request_status, assignment_status):
		raise DomainError(
			_("This request can no longer be changed online. Please call or e-mail the forum."),
			field="kind",
		)
	kind = str(kind or "").strip()
	if kind not in CHANGE_KINDS:
		raise DomainError(_("Choose what you want to change."), field="kind")
	if pending >= MAX_PENDING:
		raise DomainError(
			_("You already have {count} questions waiting for an answer. Please wait for it."),
			field="kind",
			count=pending,
		)
	what = _("why you cancel") if kind == CANCELLATION else _("what you would like to change")
	return kind, _text(details, "details", what)


def check_decision(old: str, new: str, answer) -> str:
	"""Staff's decision on a change request: once, from Pending, with an answer for the organisation."""
	if new not in DECISIONS:
		raise DomainError(_("{status} is not a decision."), field="status", status=new)
	if old == new:
		return str(answer or "").strip()
	if old != PENDING:
		raise DomainError(
			_("This change request was answered already ({old})."),
			field="status",
			old=old,
			translate_params=("old",),
		)
	if new == PENDING:
		raise DomainError(_("A decision cannot be taken back."), field="status")
	text = str(answer or "").strip()
	if not text:
		raise DomainError(_("Write the answer the organisation will read."), field="answer")
	return text
