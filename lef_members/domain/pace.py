"""Members set their own pace: willingness per theme and audience, rest after heavy work,
reflection (intervision) and what their work changed (shared feedback, the yearly overview).

Every recovery is personal. Whether a member is ready to speak about a theme changes with it,
and a heavy assignment can cost days. The member decides, in the portal:

- per theme of theirs: ``Yes``, ``Not now`` (up to and including a date, or until they change
  it) or ``No``;
- per kind of audience (a Target Group): yes, or no;
- how many rest days they want after emotionally heavy work (blank: the forum's default).

Matching treats a ``No`` and a ``Not now`` still in force on the day of matching as hard rules.
The coordinator reads only "not available for this theme" or "not for this audience", never
why; organisations read nothing of it.

Nothing here reads the database: the callers hand in plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from lef_members.domain.errors import InvalidValueError, _

WILLING_YES = "Yes"
WILLING_NOT_NOW = "Not now"
WILLING_NO = "No"
WILLINGNESS = (WILLING_YES, WILLING_NOT_NOW, WILLING_NO)

# The rest days a member may choose after heavy work (blank: the forum's default).
REST_DAY_CHOICES = (0, 1, 2, 3, 4, 5, 7, 10, 14)
MAX_REST_DAYS = 31


@dataclass(frozen=True)
class ThemeWillingness:
	"""What a member said about speaking on one of their themes."""

	theme: str
	willingness: str = WILLING_YES
	not_now_until: date | None = None  # the last day of a "Not now"; None: until they change it


def check_willingness(willingness: str | None, not_now_until: date | None, today: date) -> str:
	"""The willingness to store, refusing what is not one of the three (blank reads as Yes).

	A "Not now" date must not lie in the past: a member who enters yesterday means "Yes".
	"""
	value = willingness or WILLING_YES
	if value not in WILLINGNESS:
		raise InvalidValueError(
			_("{value} is not one of Yes, Not now or No."), field="willingness", value=value
		)
	if value == WILLING_NOT_NOW and not_now_until is not None and not_now_until < today:
		raise InvalidValueError(
			_("The date until which a theme is 'not now' cannot be in the past: {date}."),
			field="not_now_until",
			date=not_now_until,
		)
	return value


def theme_open(willingness: str | None, not_now_until: date | None, on: date) -> bool:
	"""May the member be asked to speak on this theme on ``on``?

	``No`` never; ``Not now`` not while it lasts: up to and including ``not_now_until``, or
	for as long as there is no date; ``Yes`` (and blank) always.
	"""
	if willingness == WILLING_NO:
		return False
	if willingness == WILLING_NOT_NOW:
		return not_now_until is not None and not_now_until < on
	return True


def closed_themes(rows: Iterable[ThemeWillingness], on: date) -> frozenset[str]:
	"""The member's themes they may not be asked to speak on, on ``on``."""
	return frozenset(r.theme for r in rows if not theme_open(r.willingness, r.not_now_until, on))


def ended_not_now(rows: Iterable[ThemeWillingness], today: date) -> list[ThemeWillingness]:
	"""The "Not now" rows whose date has passed: they become "Yes", and the member and their
	coordinator are told only that it ended (no reason, nothing else)."""
	return [
		r
		for r in rows
		if r.willingness == WILLING_NOT_NOW and r.not_now_until is not None and r.not_now_until < today
	]


def rest_days(own: str | int | None, default: int | None) -> int:
	"""The rest days after heavy work: the member's own choice, or the forum's default.

	``own`` is blank (use the default) or a whole number from 0 (no rest needed) up to
	:data:`MAX_REST_DAYS`.
	"""
	if own is None or own == "":
		value: object = default or 0
	else:
		value = own
	try:
		days = int(str(value).strip())
	except (TypeError, ValueError):
		raise InvalidValueError(
			_("The rest days after heavy work must be a whole number, not {value}."),
			field="rest_days_after_heavy",
			value=value,
		)
	if days < 0 or days > MAX_REST_DAYS:
		raise InvalidValueError(
			_("The rest days after heavy work must be between 0 and {max}."),
			field="rest_days_after_heavy",
			max=MAX_REST_DAYS,
		)
	return days


RestWindow = tuple[date, date]  # first and last day of rest, both included


def rest_windows(heavy_days: Iterable[date], days: int) -> tuple[RestWindow, ...]:
	"""The member's rest windows: the ``days`` days after each day of heavy work they accepted.

	Heavy work on 10 March with 3 rest days gives 11 to 13 March; overlapping windows are
	joined. No rest days, no windows.
	"""
	if days <= 0:
		return ()
	windows: list[list[date]] = []
	for day in sorted(set(heavy_days)):
		start, end = day + timedelta(days=1), day + timedelta(days=days)
		if windows and start <= windows[-1][1] + timedelta(days=1):
			windows[-1][1] = max(windows[-1][1], end)
		else:
			windows.append([start, end])
	return tuple((s, e) for s, e in windows)


def resting_on(windows: Sequence[RestWindow], days: Iterable[date]) -> RestWindow | None:
	"""The first rest window that one of ``days`` falls in (both ends count), or None."""
	for start, end in windows:
		for day in days:
			if start <= day <= end:
				return start, end
	return None


# ---------------------------------------------------------------------------
# Reflection (intervision)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionFacts:
	"""What the intervision invitation needs to know about one member."""

	member: str
	takes_assignments: bool  # Active (or Paused) and asked for work
	last_attended_on: date | None
	invited_on: date | None
	member_since: date | None = None


def reflection_due(members: Iterable[ReflectionFacts], today: date, months: int) -> list[ReflectionFacts]:
	"""Members who take assignments and have not attended an intervision for ``months`` months.

	Off when ``months`` is 0. A member counts from the later of their last intervision and the
	day they joined (a new member is not invited in their first months); an invitation is
	repeated at most once every ``months`` months, so the daily job sends nothing twice.
	Longest without first.
	"""
	if isinstance(months, bool) or not isinstance(months, int) or months < 0:
		raise InvalidValueError(
			_("The months between intervisions must be a whole number of 0 or more, not {value}."),
			field="intervision_months",
			value=months,
		)
	if months == 0:
		return []
	cutoff = today - relativedelta(months=months)
	due = []
	for m in members:
		if not m.takes_assignments:
			continue
		since = max((d for d in (m.last_attended_on, m.member_since) if d is not None), default=None)
		if since is not None and since > cutoff:
			continue
		if m.invited_on is not None and m.invited_on > cutoff:
			continue
		due.append(m)
	return sorted(due, key=lambda m: (m.last_attended_on or date.min, m.member))


# ---------------------------------------------------------------------------
# What their work changed: shared feedback and the yearly overview
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DoneAssignment:
	"""One assignment a member did, as their yearly overview shows it."""

	assignment: str
	title: str
	first_day: date
	hours: Decimal = Decimal(0)
	themes: tuple[str, ...] = ()  # the themes the member spoke on (theirs and wished)
	rating: int | None = None  # only when the organisation agreed to share it
	comment: str | None = None


@dataclass(frozen=True)
class YearOverview:
	year: int
	assignments: tuple[DoneAssignment, ...]
	hours: Decimal
	themes: tuple[tuple[str, int], ...]  # theme -> how many assignments, most first
	feedback: tuple[DoneAssignment, ...]  # the assignments with shared feedback


def shared_feedback(shared: bool, rating: object, comment: str | None) -> tuple[int | None, str | None]:
	"""The rating and comment an expert may see: only when the organisation agreed to share."""
	if not shared:
		return None, None
	try:
		value = int(rating)  # type: ignore[arg-type]
	except (TypeError, ValueError):
		value = 0
	return (value if 1 <= value <= 5 else None), ((comment or "").strip() or None)


def year_overview(year: int, done: Iterable[DoneAssignment]) -> YearOverview:
	"""A member's year: the assignments done in it (by first day), hours, themes and feedback."""
	rows = sorted((d for d in done if d.first_day.year == year), key=lambda d: (d.first_day, d.assignment))
	counts: dict[str, int] = {}
	for row in rows:
		for theme in set(row.themes):
			counts[theme] = counts.get(theme, 0) + 1
	return YearOverview(
		year=year,
		assignments=tuple(rows),
		hours=sum((r.hours for r in rows), Decimal(0)),
		themes=tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
		feedback=tuple(r for r in rows if r.rating is not None or r.comment),
	)


def spoken_themes(member_themes: Mapping[str, object], wished: Iterable[str]) -> tuple[str, ...]:
	"""The themes a member spoke on in an assignment: the wished themes that are theirs."""
	return tuple(sorted(set(wished).intersection(member_themes)))
