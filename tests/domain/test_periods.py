from datetime import date, datetime

import pytest

from lef_members.domain import periods


def test_a_week_starts_on_monday():
	# Sunday 6 December 2026 belongs to the week of Monday 30 November.
	assert periods.start_of(date(2026, 12, 6), "Weekly") == date(2026, 11, 30)
	assert periods.start_of(date(2026, 12, 7), "Weekly") == date(2026, 12, 7)


@pytest.mark.parametrize(
	"grain, expected",
	[
		("Daily", date(2026, 8, 14)),
		("Monthly", date(2026, 8, 1)),
		("Quarterly", date(2026, 7, 1)),
		("Yearly", date(2026, 1, 1)),
	],
)
def test_a_moment_falls_in_its_period(grain, expected):
	assert periods.start_of(datetime(2026, 8, 14, 23, 59), grain) == expected


def test_every_month_between_two_dates_is_there_even_across_a_new_year():
	months = periods.between(date(2025, 11, 20), date(2026, 12, 7), "Monthly")
	assert len(months) == 14
	assert months[0] == date(2025, 11, 1)
	assert months[2] == date(2026, 1, 1)
	assert months[-1] == date(2026, 12, 1)


def test_quarters_and_years_between_two_dates():
	assert periods.between(date(2025, 12, 31), date(2026, 4, 1), "Quarterly") == [
		date(2025, 10, 1),
		date(2026, 1, 1),
		date(2026, 4, 1),
	]
	assert periods.between(date(2024, 6, 1), date(2026, 1, 1), "Yearly") == [
		date(2024, 1, 1),
		date(2025, 1, 1),
		date(2026, 1, 1),
	]


@pytest.mark.parametrize(
	"lang, month, quarter, day",
	[
		("nl", "okt 2026", "K4 2026", "05-10-2026"),
		("fr", "oct. 2026", "T4 2026", "05/10/2026"),
		("en", "Oct 2026", "Q4 2026", "05/10/2026"),
	],
)
def test_a_period_is_named_as_the_reader_writes_it(lang, month, quarter, day):
	assert periods.name(date(2026, 10, 1), "Monthly", lang) == month
	assert periods.name(date(2026, 10, 1), "Quarterly", lang) == quarter
	assert periods.name(date(2026, 10, 5), "Weekly", lang) == day
	assert periods.name(date(2026, 1, 1), "Yearly", lang) == "2026"


def test_an_unknown_grain_is_refused():
	with pytest.raises(ValueError):
		periods.start_of(date(2026, 1, 1), "Fortnightly")


def test_a_narrow_chart_of_months_marks_the_turn_of_the_year():
	starts = periods.between(date(2025, 11, 1), date(2026, 2, 1), "Monthly")
	assert periods.compact_month_names(starts, "nl") == ["nov", "dec", "2026", "feb"]
	assert periods.compact_month_names(starts, "fr") == ["nov.", "déc.", "2026", "févr."]
