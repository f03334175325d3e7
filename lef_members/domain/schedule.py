"""Sessions of an assignment: clashes with what a member already accepted, recurring
series (a board that meets every second Tuesday of the month), and counting per month.

All times are local wall-clock times in Europe/Brussels, as naive ``datetime`` values:
a board that meets at 19:00 meets at 19:00 in winter and in summer, and a session's
length is what the clock on the wall shows (on the night summer time starts, 01:00 to
04:00 counts as three hours although two went by). Converting to aware times is the
calendar feed's business, not the rules'.

A session is the half-open interval [start, end): one that ends at 12:00 does not clash
with one that starts at 12:00, unless a travel buffer asks for time in between.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import NamedTuple

from dateutil import rrule

from lef_members.domain.errors import DomainError, _

WEEKLY = "Weekly"
MONTHLY = "Monthly"
FREQUENCIES = (WEEKLY, MONTHLY)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LAST = -1  # "the last Tuesday of the month"
MAX_OCCURRENCES = 60
MAX_INTERVAL = 52
MAX_TRAVEL_BUFFER_MINUTES = 24 * 60

_RRULE_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


class Session(NamedTuple):
	"""One meeting of an assignment, from start to end (local wall-clock time).

	A tuple ``(start, end)``, so plain pairs of datetimes work wherever a session does.
	"""

	start: datetime
	end: datetime

	@classmethod
	def on(cls, day: date, start: time, end: time) -> Session:
		"""The session on ``day`` from ``start`` to ``end``; it must end after it starts, the same day."""
		if end <= start:
			raise DomainError(
				_("The end time {end} must be after the start time {start}."),
				field="end_time",
				start=start.strftime("%H:%M"),
				end=end.strftime("%H:%M"),
			)
		return cls(datetime.combine(day, start), datetime.combine(day, end))

	@property
	def hours(self) -> float:
		"""Wall-clock length in hours."""
		return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class Clash:
	"""A new session that overlaps a session the member already accepted."""

	new: Session
	accepted: Session


def _check_session(session: tuple[datetime, datetime]) -> None:
	start, end = session
	if end <= start:
		raise DomainError(
			_("A session ends ({end}) before it starts ({start})."),
			field="sessions",
			start=start.isoformat(sep=" ", timespec="minutes"),
			end=end.isoformat(sep=" ", timespec="minutes"),
		)


def _buffer(minutes: int) -> timedelta:
	if not 0 <= minutes <= MAX_TRAVEL_BUFFER_MINUTES:
		raise DomainError(
			_("The travel buffer must be between 0 and {max} minutes."),
			field="travel_buffer",
			max=MAX_TRAVEL_BUFFER_MINUTES,
		)
	return timedelta(minutes=minutes)


def overlaps(
	a: tuple[datetime, datetime], b: tuple[datetime, datetime], travel_buffer_minutes: int = 0
) -> bool:
	"""Whether two sessions overlap, or lie closer together than the travel buffer.

	Half-open: a session ending at 12:00 and one starting at 12:00 do not overlap
	(with a 30-minute buffer they do: the member cannot be in two places).
	"""
	gap = _buffer(travel_buffer_minutes)
	return a[0] < b[1] + gap and b[0] < a[1] + gap


def find_clashes(
	accepted: Iterable[tuple[datetime, datetime]],
	new: Iterable[tuple[datetime, datetime]],
	travel_buffer_minutes: int = 0,
) -> list[Clash]:
	"""Every pair of a new session and an accepted one that overlap, in order of the new session."""
	gap = _buffer(travel_buffer_minutes)
	taken = sorted(Session(*s) for s in accepted)
	clashes: list[Clash] = []
	for item in sorted(Session(*s) for s in new):
		_check_session(item)
		for other in taken:
			if other.start >= item.end + gap:
				break  # sorted by start: nothing later can overlap
			if item.start < other.end + gap:
				clashes.append(Clash(new=item, accepted=other))
	return clashes


def check_no_clash(
	accepted: Iterable[tuple[datetime, datetime]],
	new: Iterable[tuple[datetime, datetime]],
	travel_buffer_minutes: int = 0,
) -> None:
	"""Raise when a new session overlaps one the member already accepted (used when accepting)."""
	clashes = find_clashes(accepted, new, travel_buffer_minutes)
	if clashes:
		first = clashes[0].accepted
		raise DomainError(
			_("This overlaps with an assignment you already accepted on {date} from {start} to {end}."),
			field="sessions",
			date=first.start.date().isoformat(),
			start=first.start.strftime("%H:%M"),
			end=first.end.strftime("%H:%M"),
		)


@dataclass(frozen=True)
class Recurrence:
	"""A simple repeating series, as a coordinator sets it up.

	``frequency`` Weekly or Monthly, every ``interval`` weeks or months, from
	``first_day`` on. Weekly: on ``weekday`` (default: the first day's weekday). Monthly:
	on the ``nth`` ``weekday`` of the month (1 to 5, or -1 for the last), or without a
	weekday on the first day's day of the month (the 31st becomes the month's last day in
	shorter months). Months without a fifth Tuesday are skipped, not moved. Ends after
	``count`` sessions or on ``until`` (included): exactly one of the two.
	"""

	frequency: str
	first_day: date
	start_time: time
	end_time: time
	interval: int = 1
	weekday: str | None = None
	nth: int | None = None
	count: int | None = None
	until: date | None = None


def expand(spec: Recurrence, max_occurrences: int = MAX_OCCURRENCES) -> list[Session]:
	"""The concrete sessions of a recurring series, in order; refuses more than ``max_occurrences``."""
	if spec.frequency not in FREQUENCIES:
		raise DomainError(_("Choose whether the series repeats weekly or monthly."), field="frequency")
	if spec.end_time <= spec.start_time:
		raise DomainError(
			_("The end time {end} must be after the start time {start}."),
			field="end_time",
			start=spec.start_time.strftime("%H:%M"),
			end=spec.end_time.strftime("%H:%M"),
		)
	if not 1 <= spec.interval <= MAX_INTERVAL:
		raise DomainError(_("Repeat every 1 to {max} weeks or months."), field="interval", max=MAX_INTERVAL)
	if (spec.count is None) == (spec.until is None):
		raise DomainError(
			_("End the series either after a number of sessions or on a date, not both or neither."),
			field="count",
		)
	if spec.count is not None and not 1 <= spec.count <= max_occurrences:
		raise DomainError(_("A series has 1 to {max} sessions."), field="count", max=max_occurrences)
	if spec.until is not None and spec.until < spec.first_day:
		raise DomainError(
			_("The series ends ({until}) before it starts ({start})."),
			field="until",
			until=spec.until.isoformat(),
			start=spec.first_day.isoformat(),
		)
	if spec.weekday is not None and spec.weekday not in WEEKDAYS:
		raise DomainError(_("{value} is not a weekday."), field="weekday", value=spec.weekday)

	rule_args: dict[str, object] = {"interval": spec.interval}
	weekday = WEEKDAYS.index(spec.weekday) if spec.weekday else None
	if spec.frequency == WEEKLY:
		if spec.nth is not None:
			raise DomainError(
				_("The n-th weekday of the month only applies to a monthly series."), field="nth"
			)
		rule_args["byweekday"] = _RRULE_WEEKDAYS[spec.first_day.weekday() if weekday is None else weekday]
		freq = rrule.WEEKLY
	else:
		freq = rrule.MONTHLY
		if spec.nth is not None:
			if spec.nth not in (1, 2, 3, 4, 5, LAST) or weekday is None:
				raise DomainError(
					_("Choose the first to fifth or the last weekday of the month, and which weekday."),
					field="nth",
				)
			rule_args["byweekday"] = _RRULE_WEEKDAYS[weekday](spec.nth)
		elif weekday is not None:
			raise DomainError(
				_("Say which one of the month it is: the first to fifth, or the last."),
				field="nth",
			)
		elif spec.first_day.day > 28:
			# The 29th-31st, or the month's last day when it is shorter.
			rule_args["bymonthday"] = tuple(range(28, spec.first_day.day + 1))
			rule_args["bysetpos"] = -1
		else:
			rule_args["bymonthday"] = spec.first_day.day

	dtstart = datetime.combine(spec.first_day, time(0, 0))
	if spec.count is not None:
		rule = rrule.rrule(freq, dtstart=dtstart, count=spec.count, **rule_args)
	else:
		rule = rrule.rrule(freq, dtstart=dtstart, until=datetime.combine(spec.until, time(0, 0)), **rule_args)
	days = [moment.date() for moment in islice(rule, max_occurrences + 1)]
	if len(days) > max_occurrences:
		raise DomainError(
			_("This series would have more than {max} sessions; end it sooner or split it."),
			field="until",
			max=max_occurrences,
		)
	return [Session.on(day, spec.start_time, spec.end_time) for day in days]


# --- counting per month ------------------------------------------------------------------


def month_of(session: tuple[datetime, datetime]) -> tuple[int, int]:
	"""The (year, month) a session counts in: the month it starts in."""
	return session[0].year, session[0].month


def sessions_in_month(sessions: Iterable[tuple[datetime, datetime]], year: int, month: int) -> list[Session]:
	"""The sessions that start in the given month, in order."""
	return sorted(Session(*s) for s in sessions if s[0].year == year and s[0].month == month)


def months_touched(sessions: Iterable[tuple[datetime, datetime]]) -> set[tuple[int, int]]:
	"""Every (year, month) in which at least one of the sessions starts."""
	return {month_of(s) for s in sessions}


def assignments_in_month(
	sessions_by_assignment: Mapping[str, Iterable[tuple[datetime, datetime]]], year: int, month: int
) -> set[str]:
	"""The assignments with at least one session in the month: what a member's monthly limit counts.

	An assignment with three sessions in March counts once in March.
	"""
	return {
		key
		for key, sessions in sessions_by_assignment.items()
		if any(s[0].year == year and s[0].month == month for s in sessions)
	}


def monthly_load(
	sessions_by_assignment: Mapping[str, Iterable[tuple[datetime, datetime]]],
) -> dict[tuple[int, int], int]:
	"""How many assignments fall in each month (an assignment counts once per month it has a session in)."""
	load: dict[tuple[int, int], int] = {}
	for sessions in sessions_by_assignment.values():
		for month in months_touched(sessions):
			load[month] = load.get(month, 0) + 1
	return load
