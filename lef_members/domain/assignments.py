"""An assignment's life and its staffing: Draft -> Open -> Staffed -> Confirmed ->
Completed -> Closed, or Cancelled; and members' answers to invitations.

- **Draft**: staff are still filling it in. **Open**: members are being invited.
- **Staffed** follows by itself when enough members accepted, and goes back to **Open** when
  one of them withdraws (also after confirmation: the organisation was promised a number).
- **Confirmed**: the organisation was told who comes. **Completed**: the last session is
  over. **Closed**: evaluated and billed; nothing changes any more.
- **Cancelled** from any state before Completed, with a reason; everyone invited is told.

Invitations: Invited -> Accepted or Declined; an accepted member may withdraw (with a
reason), and a coordinator may withdraw an invitation that was not answered. A member
accepts only while the assignment is Open, its first session has not started, and a place
is free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from lef_members.domain.errors import DomainError, TransitionError, _
from lef_members.domain.schedule import Session, overlaps

DRAFT = "Draft"
OPEN = "Open"
STAFFED = "Staffed"
CONFIRMED = "Confirmed"
COMPLETED = "Completed"
CLOSED = "Closed"
CANCELLED = "Cancelled"
STATUSES = (DRAFT, OPEN, STAFFED, CONFIRMED, COMPLETED, CLOSED, CANCELLED)

TRANSITIONS: dict[str, frozenset[str]] = {
	DRAFT: frozenset({OPEN, CANCELLED}),
	OPEN: frozenset({DRAFT, STAFFED, CANCELLED}),
	STAFFED: frozenset({OPEN, CONFIRMED, CANCELLED}),
	CONFIRMED: frozenset({OPEN, COMPLETED, CANCELLED}),
	COMPLETED: frozenset({CLOSED}),
	CLOSED: frozenset(),
	CANCELLED: frozenset(),
}
# Statuses in which the assignment's sessions and needs may still be edited.
EDITABLE = frozenset({DRAFT, OPEN, STAFFED, CONFIRMED})

INVITED = "Invited"
ACCEPTED = "Accepted"
DECLINED = "Declined"
WITHDRAWN = "Withdrawn"
ANSWERS = (INVITED, ACCEPTED, DECLINED, WITHDRAWN)
ANSWER_TRANSITIONS: dict[str, frozenset[str]] = {
	INVITED: frozenset({ACCEPTED, DECLINED, WITHDRAWN}),
	ACCEPTED: frozenset({WITHDRAWN}),
	DECLINED: frozenset(),
	WITHDRAWN: frozenset(),
}
MAX_EXPERTS = 10
MAX_REASON = 1000


@dataclass(frozen=True)
class AssignmentFacts:
	status: str
	sessions: Sequence[Session]
	experts_needed: int
	accepted: int
	has_contact_email: bool = False
	cancel_reason: str | None = None


def sessions_problems(sessions: Sequence[Session]) -> list[DomainError]:
	"""Each session ends after it starts, on the same day; no two sessions overlap."""
	problems: list[DomainError] = []
	for row, (start, end) in enumerate(sessions, start=1):
		if end <= start:
			problems.append(
				DomainError(
					_("Session {row}: the end time must be after the start time."), field="sessions", row=row
				)
			)
		elif end.date() != start.date():
			problems.append(
				DomainError(
					_("Session {row}: a session starts and ends on the same day."), field="sessions", row=row
				)
			)
	ordered = sorted((s for s in sessions if s[1] > s[0]), key=lambda s: s[0])
	for first, second in pairwise(ordered):
		if overlaps(first, second):
			problems.append(
				DomainError(
					_("The sessions on {first} and {second} overlap."),
					field="sessions",
					first=first[0].strftime("%Y-%m-%d %H:%M"),
					second=second[0].strftime("%Y-%m-%d %H:%M"),
				)
			)
	return problems


def check_status_change(facts: AssignmentFacts, new: str, now: datetime) -> None:
	"""Raise when the assignment may not go from ``facts.status`` to ``new`` now."""
	old = facts.status
	if new not in STATUSES:
		raise TransitionError(_("{status} is not an assignment status."), field="status", status=new)
	if new == old:
		return
	if new not in TRANSITIONS[old]:
		raise TransitionError(
			_("An assignment cannot go from {old} to {new}."),
			field="status",
			translate_params=("old", "new"),
			old=old,
			new=new,
		)
	if new == OPEN:
		if not facts.sessions:
			raise TransitionError(_("Add at least one session before inviting members."), field="sessions")
		if not 1 <= facts.experts_needed <= MAX_EXPERTS:
			raise TransitionError(
				_("The number of experts needed must be between 1 and {max}."),
				field="experts_needed",
				max=MAX_EXPERTS,
			)
	elif new == STAFFED:
		if facts.accepted < facts.experts_needed:
			raise TransitionError(
				_("Only {accepted} of the {needed} experts needed have accepted."),
				field="status",
				accepted=facts.accepted,
				needed=facts.experts_needed,
			)
	elif new == CONFIRMED:
		if facts.accepted < facts.experts_needed:
			raise TransitionError(
				_("Only {accepted} of the {needed} experts needed have accepted."),
				field="status",
				accepted=facts.accepted,
				needed=facts.experts_needed,
			)
		if not facts.has_contact_email:
			raise TransitionError(
				_("The organisation's contact person has no e-mail address to send the confirmation to."),
				field="contact",
			)
	elif new == COMPLETED:
		last_end = max((end for _start, end in facts.sessions), default=None)
		if last_end is None or last_end > now:
			raise TransitionError(
				_("The assignment is completed only after its last session."), field="status"
			)
	elif new == CANCELLED and not (facts.cancel_reason or "").strip():
		raise TransitionError(
			_("Give a reason for cancelling: everyone invited is told."), field="cancel_reason"
		)


def staffing_status(status: str, accepted: int, needed: int) -> str:
	"""The status that follows from the number of accepted members (Open <-> Staffed)."""
	if status == OPEN and accepted >= needed:
		return STAFFED
	if status in (STAFFED, CONFIRMED) and accepted < needed:
		return OPEN
	return status


def check_answer(
	current: str,
	answer: str,
	assignment_status: str,
	first_session_start: datetime | None,
	accepted: int,
	needed: int,
	now: datetime,
	reason: str | None = None,
) -> None:
	"""Raise when a member's answer cannot be taken (someone may have filled the place)."""
	if answer not in ANSWERS or answer == INVITED:
		raise TransitionError(_("{answer} is not an answer to an invitation."), field="status", answer=answer)
	if answer not in ANSWER_TRANSITIONS[current]:
		raise TransitionError(
			_("This invitation was already answered: {current}."),
			field="status",
			translate_params=("current",),
			current=current,
		)
	if assignment_status == CANCELLED:
		raise TransitionError(_("This assignment was cancelled."), field="status")
	if answer == ACCEPTED:
		if assignment_status != OPEN:
			raise TransitionError(
				_("This assignment no longer takes answers: all places are filled or it is closed."),
				field="status",
			)
		if first_session_start is not None and first_session_start <= now:
			raise TransitionError(_("This assignment has already started."), field="status")
		if accepted >= needed:
			raise TransitionError(
				_("All places of this assignment are filled. Thank you all the same."), field="status"
			)
	if answer in (DECLINED, WITHDRAWN) and current == ACCEPTED and not (reason or "").strip():
		raise TransitionError(
			_("Tell the coordinator why you withdraw, so they can find someone else."), field="reason"
		)
	if reason and len(reason) > MAX_REASON:
		raise DomainError(
			_("The reason is too long: at most {max} characters."), field="reason", max=MAX_REASON
		)
