"""What a member logs after a session: hours by activity, travel and costs.

A log is checked before it is saved: the member's own accepted assignment, a session
that took place (not in the future, not before the assignment's first session), hours
in quarter hours and no more than a day can hold, kilometres only for a vehicle that
earns a kilometre rate, a ticket only for public transport, a receipt for every cost,
and one log per session unless it amends a cancelled one. :func:`missing_logs` finds
the sessions that are over and still have no log, for the reminder.

Plain values in, plain values out: the caller hands in the member's accepted
assignments and existing logs; nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from lef_members.domain.errors import DomainError, InvalidValueError, _

PREPARATION = "preparation"
EXECUTION = "execution"
TRAVEL = "travel"
DEBRIEF = "debrief"
ACTIVITIES = (PREPARATION, EXECUTION, TRAVEL, DEBRIEF)

CAR = "Car"
MOTORBIKE = "Motorbike"
MOPED = "Moped"
BICYCLE = "Bicycle"
PUBLIC_TRANSPORT = "Public transport"
ON_FOOT = "On foot"
TRANSPORT_MODES = (CAR, MOTORBIKE, MOPED, BICYCLE, PUBLIC_TRANSPORT, ON_FOOT)
# The modes that earn a kilometre rate (Belgium: the civil servants' car and bicycle rates).
KM_MODES = frozenset({CAR, MOTORBIKE, MOPED, BICYCLE})

DEFAULT_MAX_HOURS_PER_DAY = Decimal(16)
DEFAULT_MAX_KM_PER_LOG = Decimal(2000)

# Frappe's docstatus: draft, submitted (approved), cancelled.
DRAFT = 0
SUBMITTED = 1
CANCELLED = 2

ZERO = Decimal(0)
QUARTER = Decimal("0.25")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class HourLogInput:
	"""The log a member wants to save. ``name`` is empty for a new log."""

	member: str
	assignment: str
	session_date: date
	preparation_hours: Decimal | int | float | str = ZERO
	execution_hours: Decimal | int | float | str = ZERO
	travel_hours: Decimal | int | float | str = ZERO
	debrief_hours: Decimal | int | float | str = ZERO
	kilometres: Decimal | int | float | str = ZERO
	transport_mode: str | None = None
	ticket_amount: Decimal | int | float | str = ZERO
	other_costs: Decimal | int | float | str = ZERO
	has_receipt: bool = False
	name: str | None = None
	amended_from: str | None = None


@dataclass(frozen=True)
class ExistingLog:
	"""A log already stored for the member (any status)."""

	name: str
	member: str
	assignment: str
	session_date: date
	docstatus: int = DRAFT
	total_hours: Decimal | int | float | str = ZERO


@dataclass(frozen=True)
class Session:
	"""A session of an assignment that a member accepted."""

	member: str
	assignment: str
	session_date: date


@dataclass(frozen=True)
class MissingLog:
	member: str
	assignment: str
	session_date: date
	days_since_session: int


def to_decimal(value: Decimal | int | float | str | None, field: str) -> Decimal:
	"""A number from a form as an exact Decimal (floats through their shortest text)."""
	if value is None or value == "":
		return ZERO
	if isinstance(value, Decimal):
		number = value
	else:
		try:
			number = Decimal(str(value))
		except InvalidOperation:
			raise InvalidValueError(_("{value} is not a number."), field=field, value=value)
	if not number.is_finite():
		raise InvalidValueError(_("{value} is not a number."), field=field, value=value)
	return number


def total_hours(log: HourLogInput) -> Decimal:
	return sum(
		(to_decimal(getattr(log, f"{activity}_hours"), f"{activity}_hours") for activity in ACTIVITIES), ZERO
	)


# One whole sentence per activity, so each translates as a whole.
_NEGATIVE_HOURS = {
	PREPARATION: _("Preparation hours cannot be negative."),
	EXECUTION: _("Execution hours cannot be negative."),
	TRAVEL: _("Travel time cannot be negative."),
	DEBRIEF: _("Debrief hours cannot be negative."),
}
_NOT_QUARTERS = {
	PREPARATION: _("Log preparation in quarter hours (0.25, 0.5, 0.75)."),
	EXECUTION: _("Log execution in quarter hours (0.25, 0.5, 0.75)."),
	TRAVEL: _("Log travel time in quarter hours (0.25, 0.5, 0.75)."),
	DEBRIEF: _("Log the debrief in quarter hours (0.25, 0.5, 0.75)."),
}


def hour_log_problems(
	log: HourLogInput,
	today: date,
	accepted_assignments: Mapping[str, date | None],
	existing_logs: Iterable[ExistingLog] = (),
	max_hours_per_day: Decimal | int = DEFAULT_MAX_HOURS_PER_DAY,
	max_km_per_log: Decimal | int = DEFAULT_MAX_KM_PER_LOG,
) -> list[DomainError]:
	"""Every reason to refuse this log, in the order of the form; empty when it may be saved.

	``accepted_assignments`` maps each assignment the member accepted to its first
	session date (or None when unknown). ``existing_logs`` are the member's other logs.
	"""
	problems: list[DomainError] = []
	existing = [other for other in existing_logs if other.name != log.name]

	# Whose assignment, and when.
	if log.assignment not in accepted_assignments:
		problems.append(
			DomainError(
				_("You can only log hours for an assignment you accepted."),
				field="assignment",
				assignment=log.assignment,
			)
		)
	if log.session_date > today:
		problems.append(
			DomainError(
				_("The session date {session_date} is in the future: log your hours after the session."),
				field="session_date",
				session_date=log.session_date,
			)
		)
	first_session = accepted_assignments.get(log.assignment)
	if first_session is not None and log.session_date < first_session:
		problems.append(
			DomainError(
				_(
					"The session date {session_date} is before the assignment's first session on {first_session}."
				),
				field="session_date",
				session_date=log.session_date,
				first_session=first_session,
			)
		)

	# Hours.
	hours_ok = True
	for activity in ACTIVITIES:
		field = f"{activity}_hours"
		try:
			hours = to_decimal(getattr(log, field), field)
		except DomainError as error:
			problems.append(error)
			hours_ok = False
			continue
		if hours < 0:
			problems.append(DomainError(_NEGATIVE_HOURS[activity], field=field, hours=hours))
			hours_ok = False
		elif hours % QUARTER:
			problems.append(DomainError(_NOT_QUARTERS[activity], field=field, hours=hours))
			hours_ok = False
	if hours_ok:
		total = total_hours(log)
		max_hours = Decimal(max_hours_per_day)
		if total <= 0:
			problems.append(
				DomainError(_("Log at least a quarter hour for the session."), field="execution_hours")
			)
		elif total > max_hours:
			problems.append(
				DomainError(
					_("{total} hours is more than a day can hold (at most {max_hours} hours)."),
					field="execution_hours",
					total=total,
					max_hours=max_hours,
				)
			)
		else:
			same_day = sum(
				(
					to_decimal(other.total_hours, "total_hours")
					for other in existing
					if other.session_date == log.session_date
					and other.docstatus != CANCELLED
					and other.name != log.amended_from
				),
				ZERO,
			)
			if same_day and same_day + total > max_hours:
				problems.append(
					DomainError(
						_(
							"With your other logs of {session_date} ({logged} hours) this makes more than a day can hold (at most {max_hours} hours)."
						),
						field="execution_hours",
						session_date=log.session_date,
						logged=same_day,
						max_hours=max_hours,
					)
				)

	problems.extend(_travel_problems(log, Decimal(max_km_per_log)))
	problems.extend(_duplicate_problems(log, existing))
	return problems


def _travel_problems(log: HourLogInput, max_km: Decimal) -> list[DomainError]:
	problems: list[DomainError] = []
	mode = log.transport_mode or None
	if mode is not None and mode not in TRANSPORT_MODES:
		problems.append(DomainError(_("Unknown transport mode {mode}."), field="transport_mode", mode=mode))
		return problems
	try:
		km = to_decimal(log.kilometres, "kilometres")
	except DomainError as error:
		problems.append(error)
		km = ZERO
	if km < 0 or km > max_km:
		problems.append(
			DomainError(
				_("Kilometres must be between 0 and {max_km} for one session."),
				field="kilometres",
				max_km=max_km,
				km=km,
			)
		)
	elif km > 0 and mode is None:
		problems.append(
			DomainError(_("Choose how you travelled for the kilometres you logged."), field="transport_mode")
		)
	elif km > 0 and mode not in KM_MODES:
		problems.append(
			DomainError(
				_("Kilometres are only paid by car, motorbike, moped or bicycle, not for {mode}."),
				field="kilometres",
				mode=mode,
			)
		)

	amounts = {}
	for field in ("ticket_amount", "other_costs"):
		try:
			amount = to_decimal(getattr(log, field), field)
		except DomainError as error:
			problems.append(error)
			continue
		if amount < 0:
			problems.append(DomainError(_("An amount cannot be negative."), field=field, amount=amount))
		elif amount != amount.quantize(CENT):
			problems.append(DomainError(_("Enter the amount in euro and cents."), field=field, amount=amount))
		amounts[field] = amount
	ticket = amounts.get("ticket_amount", ZERO)
	costs = amounts.get("other_costs", ZERO)
	if ticket > 0 and mode != PUBLIC_TRANSPORT:
		problems.append(
			DomainError(
				_(
					"A ticket amount is only for public transport: choose public transport or remove the amount."
				),
				field="ticket_amount",
			)
		)
	if (ticket > 0 or costs > 0) and not log.has_receipt:
		problems.append(
			DomainError(
				_("Attach the receipt or ticket for your costs: costs are only paid with proof."),
				field="receipt",
			)
		)
	return problems


def _duplicate_problems(log: HourLogInput, existing: list[ExistingLog]) -> list[DomainError]:
	problems: list[DomainError] = []
	same_session = [
		other
		for other in existing
		if other.assignment == log.assignment and other.session_date == log.session_date
	]
	if log.amended_from:
		original = next((other for other in existing if other.name == log.amended_from), None)
		if original is None or original.docstatus != CANCELLED:
			problems.append(
				DomainError(
					_("Only a cancelled log can be amended; {log} is not cancelled."),
					field="amended_from",
					log=log.amended_from,
				)
			)
	for other in same_session:
		if other.docstatus != CANCELLED:
			problems.append(
				DomainError(
					_(
						"You already logged this session ({log}). Change that log instead of adding a second one."
					),
					field="session_date",
					log=other.name,
					session_date=log.session_date,
				)
			)
			break
		if other.name != log.amended_from:
			# A cancelled log for the same session is corrected by amending it, so the
			# history shows which log replaced which.
			problems.append(
				DomainError(
					_(
						"Your log {log} for this session was cancelled: amend it instead of starting a new one."
					),
					field="session_date",
					log=other.name,
					session_date=log.session_date,
				)
			)
			break
	return problems


def validate_hour_log(
	log: HourLogInput,
	today: date,
	accepted_assignments: Mapping[str, date | None],
	existing_logs: Iterable[ExistingLog] = (),
	max_hours_per_day: Decimal | int = DEFAULT_MAX_HOURS_PER_DAY,
	max_km_per_log: Decimal | int = DEFAULT_MAX_KM_PER_LOG,
) -> None:
	"""Raise the first problem :func:`hour_log_problems` finds."""
	problems = hour_log_problems(
		log, today, accepted_assignments, existing_logs, max_hours_per_day, max_km_per_log
	)
	if problems:
		raise problems[0]


def missing_logs(
	sessions: Iterable[Session], logs: Iterable[ExistingLog], today: date, grace_days: int
) -> list[MissingLog]:
	"""Sessions that are over for at least ``grace_days`` days and have no live log.

	A draft or approved log counts; a cancelled one does not (its amendment does).
	Sorted by member, then session date, for one reminder per member.
	"""
	if grace_days < 0:
		raise InvalidValueError(
			_("The number of days before a reminder cannot be negative."), field="grace_days"
		)
	logged = {(log.member, log.assignment, log.session_date) for log in logs if log.docstatus != CANCELLED}
	due: list[MissingLog] = []
	seen: set[tuple[str, str, date]] = set()
	for session in sessions:
		key = (session.member, session.assignment, session.session_date)
		if key in logged or key in seen:
			continue
		if session.session_date + timedelta(days=grace_days) <= today and session.session_date < today:
			seen.add(key)
			due.append(
				MissingLog(
					member=session.member,
					assignment=session.assignment,
					session_date=session.session_date,
					days_since_session=(today - session.session_date).days,
				)
			)
	due.sort(key=lambda item: (item.member, item.session_date, item.assignment))
	return due
