"""Periods of a chart over time: the day, week (from Monday, as in Belgium and the Netherlands),
month, quarter or year a moment falls in, every period between two dates (those without any
record included, so a quiet month shows as 0), and each period's name as the reader writes it
("nov 2026", "K4 2026" in Dutch; "nov. 2026", "T4 2026" in French)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lef_members.domain import formats

GRAINS = ("Daily", "Weekly", "Monthly", "Quarterly", "Yearly")
_QUARTER = {"nl": "K{0} {1}", "fr": "T{0} {1}", "en": "Q{0} {1}"}


def start_of(moment: date | datetime, grain: str) -> date:
	"""The first day of the period ``moment`` falls in."""
	day = moment.date() if isinstance(moment, datetime) else moment
	if grain == "Daily":
		return day
	if grain == "Weekly":
		return day - timedelta(days=day.weekday())
	if grain == "Monthly":
		return day.replace(day=1)
	if grain == "Quarterly":
		return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
	if grain == "Yearly":
		return date(day.year, 1, 1)
	raise ValueError(f"unknown grain {grain!r}")


def _next(start: date, grain: str) -> date:
	if grain == "Daily":
		return start + timedelta(days=1)
	if grain == "Weekly":
		return start + timedelta(days=7)
	months = {"Monthly": 1, "Quarterly": 3, "Yearly": 12}[grain]
	year, month = divmod(start.month - 1 + months, 12)
	return date(start.year + year, month + 1, 1)


def between(first: date, last: date, grain: str) -> list[date]:
	"""The start of every period from the one ``first`` falls in to the one ``last`` falls in."""
	starts, current, end = [], start_of(first, grain), start_of(last, grain)
	while current <= end:
		starts.append(current)
		current = _next(current, grain)
	return starts


def name(start: date, grain: str, lang: str | None = None) -> str:
	"""A period as an axis names it, in the reader's words."""
	base = formats.base_language(lang)
	if grain == "Monthly":
		return formats.format_month(start, lang)
	if grain == "Quarterly":
		return _QUARTER[base].format((start.month - 1) // 3 + 1, start.year)
	if grain == "Yearly":
		return str(start.year)
	return formats.format_date(start, lang)


def compact_month_names(starts: list[date], lang: str | None = None) -> list[str]:
	"""Months named briefly enough for a narrow chart's axis: each month's short name, and at
	each January the year that begins instead ("nov", "dec", "2026", "feb" in Dutch), as charts
	mark the turn of a year."""
	base = formats.base_language(lang)
	return [str(start.year) if start.month == 1 else _month_word(start, base) for start in starts]


def _month_word(start: date, lang: str) -> str:
	return formats.format_month(start, lang).rsplit(" ", 1)[0]
