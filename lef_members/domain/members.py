"""The member's lifecycle: Candidate -> Intake -> In Training -> Active <-> Paused, and Left.

A coordinator moves a member along this path. Each move has conditions (a pause needs
an end date, activation needs an e-mail address and recorded consent) and effects
(joining date, leaving date, the day training started, clearing the pause).
:func:`change_status` checks the conditions and returns the effects; the controller
writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from lef_members.domain.errors import DomainError, TransitionError, _

CANDIDATE = "Candidate"
INTAKE = "Intake"
IN_TRAINING = "In Training"
ACTIVE = "Active"
PAUSED = "Paused"
LEFT = "Left"

STATUSES = (CANDIDATE, INTAKE, IN_TRAINING, ACTIVE, PAUSED, LEFT)

# Where a member may go from each status. Left keeps the history; someone who comes
# back starts again as a candidate (a new intake), never straight into work.
TRANSITIONS: dict[str, frozenset[str]] = {
	CANDIDATE: frozenset({INTAKE, LEFT}),
	INTAKE: frozenset({CANDIDATE, IN_TRAINING, LEFT}),
	IN_TRAINING: frozenset({INTAKE, ACTIVE, LEFT}),
	ACTIVE: frozenset({PAUSED, LEFT}),
	PAUSED: frozenset({ACTIVE, LEFT}),
	LEFT: frozenset({CANDIDATE}),
}

# Statuses whose members have portal access (they can see their trainings and profile).
PORTAL_STATUSES = frozenset({IN_TRAINING, ACTIVE, PAUSED})

BENEFIT_NONE = "None"
BENEFIT_SICKNESS = "Sickness or disability benefit"
BENEFIT_UNEMPLOYMENT = "Unemployment benefit"
BENEFIT_LEEFLOON = "Leefloon (OCMW)"
BENEFIT_OTHER = "Other benefit"
BENEFIT_STATUSES = (BENEFIT_NONE, BENEFIT_SICKNESS, BENEFIT_UNEMPLOYMENT, BENEFIT_LEEFLOON, BENEFIT_OTHER)
# RVA/ONEM: the office has 12 working days after the C45B is filed to refuse or limit the
# volunteer work; without an answer by then it stands (RVA sheets T42, E39).
C45B_WORKING_DAYS = 12

MIN_MONTHLY_LIMIT = 1
MAX_MONTHLY_LIMIT = 31
MAX_TRAVEL_KM = 1000


@dataclass(frozen=True)
class MemberFacts:
	"""What the lifecycle rules need to know about a member."""

	status: str
	email: str | None = None
	joined_on: date | None = None
	left_on: date | None = None
	paused_until: date | None = None
	consent_date: date | None = None
	consent_version: str | None = None
	benefit_status: str | None = BENEFIT_NONE
	doctor_permission_date: date | None = None
	unemployment_declaration_date: date | None = None  # the date form C45B was filed
	ocmw_informed_date: date | None = None
	max_assignments_per_month: int | None = None
	max_travel_km: int | None = None
	in_training_since: date | None = None


@dataclass
class StatusChange:
	"""The fields to write when a status change is allowed."""

	status: str
	updates: dict[str, object] = field(default_factory=dict)


def allowed_next(status: str) -> frozenset[str]:
	return TRANSITIONS.get(status, frozenset())


def change_status(member: MemberFacts, new_status: str, today: date) -> StatusChange:
	"""Check a move from ``member.status`` to ``new_status`` and return what to write.

	Raises :class:`TransitionError` with a message for the coordinator when the move is
	not on the path or its conditions are not met.
	"""
	old = member.status
	if new_status not in STATUSES:
		raise TransitionError(_("{status} is not a member status."), field="status", status=new_status)
	if new_status == old:
		return StatusChange(new_status)
	if new_status not in allowed_next(old):
		raise TransitionError(
			_("A member cannot go from {old} to {new}. From {old} the next step is: {allowed}."),
			field="status",
			translate_params=("old", "new", "allowed"),
			old=old,
			new=new_status,
			allowed=[s for s in STATUSES if s in allowed_next(old)],
		)

	return StatusChange(new_status, _entry_conditions(member, new_status, today, old))


def initial_status(member: MemberFacts, today: date) -> StatusChange:
	"""Check the status a new record starts in and return what to write.

	A forum that starts using the app enters its existing members as they are (Active,
	Paused, ...), so any status may be the first one; its conditions still hold.
	"""
	if member.status not in STATUSES:
		raise TransitionError(_("{status} is not a member status."), field="status", status=member.status)
	return StatusChange(member.status, _entry_conditions(member, member.status, today, None))


def _entry_conditions(
	member: MemberFacts, new_status: str, today: date, old: str | None
) -> dict[str, object]:
	"""What must hold to enter ``new_status``, and the fields entering it sets."""
	updates: dict[str, object] = {}
	if new_status == PAUSED:
		# Without an end date a member pauses until further notice: nothing ends it but staff
		# (or the member) setting them active again; a date ends it that day.
		if member.paused_until and member.paused_until < today:
			raise TransitionError(
				_("The pause must end today or later, not on {date}."),
				field="paused_until",
				date=member.paused_until.isoformat(),
			)
	elif new_status == ACTIVE:
		if not member.email:
			raise TransitionError(
				_("An active member needs an e-mail address for the portal and invitations."),
				field="email",
			)
		if not member.consent_date:
			raise TransitionError(
				_("Record the member's consent to the processing of their data before activating them."),
				field="consent_date",
			)
		updates["paused_until"] = None
		if not member.joined_on:
			updates["joined_on"] = today
	elif new_status == IN_TRAINING:
		# Where the reminder about training without progress counts from.
		updates["in_training_since"] = today
	elif new_status == LEFT:
		left_on = member.left_on or today
		if member.joined_on and left_on < member.joined_on:
			raise TransitionError(
				_("The leaving date {left} is before the joining date {joined}."),
				field="left_on",
				left=left_on.isoformat(),
				joined=member.joined_on.isoformat(),
			)
		updates["left_on"] = left_on
		updates["paused_until"] = None
	elif new_status == CANDIDATE and old == LEFT:
		# Coming back: a new start, the old dates stay in the record's history.
		updates["left_on"] = None
		updates["joined_on"] = None
	return updates


def validate_member(member: MemberFacts, today: date) -> None:
	"""Rules every saved member record keeps, whatever its status."""
	if member.status not in STATUSES:
		raise TransitionError(_("{status} is not a member status."), field="status", status=member.status)
	if member.status == LEFT and not member.left_on:
		raise DomainError(_("Enter the date the member left."), field="left_on")
	if member.joined_on and member.left_on and member.left_on < member.joined_on:
		raise DomainError(
			_("The leaving date {left} is before the joining date {joined}."),
			field="left_on",
			left=member.left_on.isoformat(),
			joined=member.joined_on.isoformat(),
		)
	if member.joined_on and member.joined_on > today:
		raise DomainError(
			_("The joining date {date} is in the future."),
			field="joined_on",
			date=member.joined_on.isoformat(),
		)
	if member.consent_date and member.consent_date > today:
		raise DomainError(
			_("The consent date {date} is in the future."),
			field="consent_date",
			date=member.consent_date.isoformat(),
		)
	if member.consent_date and not (member.consent_version or "").strip():
		raise DomainError(
			_("Record which version of the consent text the member agreed to."), field="consent_version"
		)
	limit = member.max_assignments_per_month
	if limit is not None and not MIN_MONTHLY_LIMIT <= limit <= MAX_MONTHLY_LIMIT:
		raise DomainError(
			_("The limit of assignments per month must be between {min} and {max}."),
			field="max_assignments_per_month",
			min=MIN_MONTHLY_LIMIT,
			max=MAX_MONTHLY_LIMIT,
		)
	if member.max_travel_km is not None and not 0 <= member.max_travel_km <= MAX_TRAVEL_KM:
		raise DomainError(
			_("The farthest distance to travel must be between 0 and {max} km."),
			field="max_travel_km",
			max=MAX_TRAVEL_KM,
		)
	if member.benefit_status and member.benefit_status not in BENEFIT_STATUSES:
		raise DomainError(
			_("{status} is not a known benefit status."), field="benefit_status", status=member.benefit_status
		)
	for value, fieldname in (
		(member.doctor_permission_date, "doctor_permission_date"),
		(member.unemployment_declaration_date, "unemployment_declaration_date"),
		(member.ocmw_informed_date, "ocmw_informed_date"),
	):
		if value and value > today:
			raise DomainError(_("The date {date} is in the future."), field=fieldname, date=value.isoformat())


def benefit_warnings(member: MemberFacts, on: date | None = None) -> list[DomainError]:
	"""What is missing before this member may do (paid) volunteer work while on a benefit
	(on ``on``, the work's date, where one is known).

	- Unemployment (RVA/ONEM): form C45B filed through the payment body; the member may
	  start once it is filed, so work on a date before the filing is warned too.
	- Sickness or disability (RIZIV/INAMI): the advising doctor's agreement.
	- Leefloon (OCMW): the OCMW told beforehand.

	The app does not decide the law; it says which recorded fact is missing, so staff
	can check before inviting or paying.
	"""
	warnings: list[DomainError] = []
	if member.benefit_status == BENEFIT_SICKNESS and not member.doctor_permission_date:
		warnings.append(
			DomainError(
				_("On sickness or disability benefit: no permission of the advising doctor is recorded."),
				field="doctor_permission_date",
			)
		)
	if member.benefit_status == BENEFIT_UNEMPLOYMENT:
		filed = member.unemployment_declaration_date
		if not filed:
			warnings.append(
				DomainError(
					_("On unemployment benefit: no date is recorded on which form C45B was filed."),
					field="unemployment_declaration_date",
				)
			)
		elif on is not None and on < filed:
			warnings.append(
				DomainError(
					_(
						"On unemployment benefit: form C45B was filed on {filed}, after {date}; the member may start once it is filed."
					),
					field="unemployment_declaration_date",
					filed=filed.isoformat(),
					date=on.isoformat(),
				)
			)
	if member.benefit_status == BENEFIT_LEEFLOON and not member.ocmw_informed_date:
		warnings.append(
			DomainError(
				_("On leefloon: no date is recorded on which the OCMW was told of the volunteer work."),
				field="ocmw_informed_date",
			)
		)
	return warnings


def working_days_after(start: date, days: int) -> date:
	"""The date ``days`` working days (Monday to Friday) after ``start``. Public holidays
	are not counted out: the date is the earliest the office's term can end."""
	day = start
	while days > 0:
		day += timedelta(days=1)
		if day.weekday() < 5:
			days -= 1
	return day


def c45b_term_ends(filed: date | None) -> date | None:
	"""The last day of the office's 12 working days to refuse or limit the volunteer work."""
	return working_days_after(filed, C45B_WORKING_DAYS) if filed else None


def higher_category_warning(benefit_status: str | None) -> DomainError | None:
	"""A member on a benefit put on the higher-category ceiling: warned, never blocked
	(members on benefits may be excluded from it; Securex 2026)."""
	if not benefit_status or benefit_status == BENEFIT_NONE:
		return None
	return DomainError(
		_(
			"This member is on a benefit ({status}) and is put on a higher-category ceiling: members on benefits may be excluded from it. Check with the payment body before paying above the ordinary ceiling."
		),
		field="allowance_regime",
		translate_params=("status",),
		status=benefit_status,
	)


def pause_is_over(status: str, paused_until: date | None, today: date) -> bool:
	"""A member paused until a date is back at work the day after it."""
	return status == PAUSED and paused_until is not None and paused_until < today


def has_portal_access(status: str) -> bool:
	return status in PORTAL_STATUSES
