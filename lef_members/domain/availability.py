"""When a member can work: a weekly pattern of weekday and part of day, pauses, and
periods away. Used by the member's profile now and by matching later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from lef_members.domain.errors import DomainError, _
from lef_members.domain.formats import sentence
from lef_members.domain.members import ACTIVE, PAUSED

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MORNING = "Morning"
AFTERNOON = "Afternoon"
EVENING = "Evening"
PARTS_OF_DAY = (MORNING, AFTERNOON, EVENING)

# A part of day is the half-open interval [start, end).
PART_BOUNDS: dict[str, tuple[time, time | None]] = {
	MORNING: (time(0, 0), time(12, 0)),
	AFTERNOON: (time(12, 0), time(18, 0)),
	EVENING: (time(18, 0), None),  # until midnight
}


class Slot(NamedTuple):
	"""A weekday and part of day. A named tuple: matching compares thousands of them, and a
	tuple's hash and equality run in C."""

	weekday: str
	part_of_day: str


@dataclass(frozen=True)
class Absence:
	"""A period the member is away (both days included)."""

	from_date: date
	to_date: date
	reason: str = ""


@dataclass(frozen=True)
class Availability:
	status: str
	slots: frozenset[Slot] = field(default_factory=frozenset)
	paused_until: date | None = None
	absences: tuple[Absence, ...] = ()


@dataclass(frozen=True)
class Verdict:
	available: bool
	reason: str
	params: dict[str, object] = field(default_factory=dict)

	def render(self, translate=None) -> str:
		"""The reason in words; weekdays and parts of day are translated with it."""
		return sentence(self.reason, self.params, translate, ("weekday", "parts", "status"))


def parts_of_day(start: time, end: time) -> list[str]:
	"""The parts of day that the interval [start, end) touches, in order."""
	if end <= start:
		raise DomainError(_("The end time must be after the start time."), field="end_time")
	touched = []
	for part in PARTS_OF_DAY:
		lower, upper = PART_BOUNDS[part]
		if start < (upper or time.max) and end > lower:
			touched.append(part)
	return touched


def validate_slots(slots: Iterable[Slot]) -> frozenset[Slot]:
	seen: set[Slot] = set()
	for slot in slots:
		if slot.weekday not in WEEKDAYS:
			raise DomainError(_("{value} is not a weekday."), field="weekday", value=slot.weekday)
		if slot.part_of_day not in PARTS_OF_DAY:
			raise DomainError(
				_("{value} is not a part of the day."), field="part_of_day", value=slot.part_of_day
			)
		if slot in seen:
			raise DomainError(
				_("{weekday} {part} is in the availability twice."),
				field="availability",
				weekday=slot.weekday,
				part=slot.part_of_day,
			)
		seen.add(slot)
	return frozenset(seen)


def validate_absences(absences: Iterable[Absence]) -> None:
	for absence in absences:
		if absence.to_date < absence.from_date:
			raise DomainError(
				_("A period away ends ({to}) before it starts ({start})."),
				field="absences",
				to=absence.to_date,
				start=absence.from_date,
			)


def is_paused_on(availability: Availability, day: date) -> bool:
	return availability.status == PAUSED and (
		availability.paused_until is None or day <= availability.paused_until
	)


def check_available(availability: Availability, start: datetime, end: datetime) -> Verdict:
	"""Can this member work from ``start`` to ``end`` (same day)?

	The verdict carries the reason in words a coordinator reads, available or not.
	"""
	day = start.date()
	if end.date() != day and not (end.date() == day + timedelta(days=1) and end.time() == time(0, 0)):
		raise DomainError(_("A session must start and end on the same day."), field="end_time")
	if is_paused_on(availability, day):
		if availability.paused_until is None:
			return Verdict(False, _("paused until further notice"))
		return Verdict(False, _("paused until {date}"), {"date": availability.paused_until})
	if availability.status not in (ACTIVE, PAUSED):
		return Verdict(False, _("status is {status}, not Active"), {"status": availability.status})
	for absence in availability.absences:
		if absence.from_date <= day <= absence.to_date:
			return Verdict(
				False,
				_("away from {start} to {to}"),
				{"start": absence.from_date, "to": absence.to_date},
			)
	weekday = WEEKDAYS[day.weekday()]
	end_time = time.max if end.time() == time(0, 0) and end.date() > day else end.time()
	needed = parts_of_day(start.time(), end_time)
	missing = [part for part in needed if Slot(weekday, part) not in availability.slots]
	if missing:
		return Verdict(
			False,
			_("not available on {weekday} {parts}"),
			{"weekday": weekday, "parts": missing},
		)
	return Verdict(True, _("available on {weekday} {parts}"), {"weekday": weekday, "parts": needed})
