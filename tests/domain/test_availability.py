"""When a member can work: weekly pattern, pauses and periods away."""

from datetime import date, datetime, time

import pytest

from lef_members.domain.availability import (
	AFTERNOON,
	EVENING,
	MORNING,
	Absence,
	Availability,
	Slot,
	check_available,
	parts_of_day,
	validate_absences,
	validate_slots,
)
from lef_members.domain.errors import DomainError
from lef_members.domain.members import ACTIVE, CANDIDATE, PAUSED

TUESDAY = date(2026, 12, 1)  # a Tuesday
TUESDAY_MORNING = Availability(ACTIVE, frozenset({Slot("Tuesday", MORNING)}))


def at(day: date, hh: int, mm: int = 0) -> datetime:
	return datetime.combine(day, time(hh, mm))


@pytest.mark.parametrize(
	"start,end,parts",
	[
		(time(9), time(11), [MORNING]),
		(time(9), time(12), [MORNING]),  # ends exactly when the afternoon starts
		(time(11, 30), time(13), [MORNING, AFTERNOON]),
		(time(12), time(18), [AFTERNOON]),
		(time(17), time(20), [AFTERNOON, EVENING]),
		(time(19), time(23, 59), [EVENING]),
		(time(8), time(20), [MORNING, AFTERNOON, EVENING]),
	],
)
def test_parts_of_day_touched(start, end, parts):
	assert parts_of_day(start, end) == parts


def test_end_before_start_is_refused():
	with pytest.raises(DomainError):
		parts_of_day(time(10), time(10))


def test_available_in_the_pattern():
	verdict = check_available(TUESDAY_MORNING, at(TUESDAY, 9), at(TUESDAY, 11))
	assert verdict.available
	assert verdict.render() == "available on Tuesday Morning"


def test_not_available_on_another_part_of_day_or_weekday():
	afternoon = check_available(TUESDAY_MORNING, at(TUESDAY, 13), at(TUESDAY, 15))
	assert not afternoon.available
	assert afternoon.render() == "not available on Tuesday Afternoon"
	wednesday = date(2026, 12, 2)
	assert not check_available(TUESDAY_MORNING, at(wednesday, 9), at(wednesday, 11)).available


def test_a_session_running_into_the_afternoon_needs_both_parts():
	verdict = check_available(TUESDAY_MORNING, at(TUESDAY, 11), at(TUESDAY, 13))
	assert not verdict.available
	assert "Afternoon" in verdict.render()


def test_paused_until_a_date_includes_that_date():
	paused = Availability(PAUSED, TUESDAY_MORNING.slots, paused_until=TUESDAY)
	assert not check_available(paused, at(TUESDAY, 9), at(TUESDAY, 10)).available
	next_tuesday = date(2026, 12, 8)
	# the pause is over: the scheduler will set Active, but the date alone already frees them
	verdict = check_available(paused, at(next_tuesday, 9), at(next_tuesday, 10))
	assert verdict.available


def test_members_not_yet_active_are_not_available():
	verdict = check_available(Availability(CANDIDATE, TUESDAY_MORNING.slots), at(TUESDAY, 9), at(TUESDAY, 10))
	assert not verdict.available
	assert "Candidate" in verdict.render()


def test_periods_away_include_both_ends():
	away = Availability(ACTIVE, TUESDAY_MORNING.slots, absences=(Absence(date(2026, 11, 25), TUESDAY),))
	assert not check_available(away, at(TUESDAY, 9), at(TUESDAY, 10)).available
	assert check_available(away, at(date(2026, 12, 8), 9), at(date(2026, 12, 8), 10)).available


def test_reasons_are_translated_with_their_words():
	dutch = {
		"not available on {weekday} {parts}": "niet beschikbaar op {weekday} {parts}",
		"Tuesday": "dinsdag",
		"Afternoon": "namiddag",
	}
	verdict = check_available(TUESDAY_MORNING, at(TUESDAY, 13), at(TUESDAY, 14))
	assert verdict.render(lambda s: dutch.get(s, s)) == "niet beschikbaar op dinsdag namiddag"


def test_session_must_stay_within_one_day():
	with pytest.raises(DomainError):
		check_available(TUESDAY_MORNING, at(TUESDAY, 22), at(date(2026, 12, 2), 1))
	# until midnight is fine
	evening = Availability(ACTIVE, frozenset({Slot("Tuesday", EVENING)}))
	assert check_available(evening, at(TUESDAY, 20), at(date(2026, 12, 2), 0)).available


def test_slots_are_validated():
	with pytest.raises(DomainError):
		validate_slots([Slot("Tuesday", MORNING), Slot("Tuesday", MORNING)])
	with pytest.raises(DomainError):
		validate_slots([Slot("Dinsdag", MORNING)])
	with pytest.raises(DomainError):
		validate_slots([Slot("Tuesday", "Night")])
	assert validate_slots([Slot("Tuesday", MORNING), Slot("Tuesday", AFTERNOON)]) == frozenset(
		{Slot("Tuesday", MORNING), Slot("Tuesday", AFTERNOON)}
	)


def test_absence_must_not_end_before_it_starts():
	validate_absences([Absence(TUESDAY, TUESDAY)])
	with pytest.raises(DomainError):
		validate_absences([Absence(TUESDAY, date(2026, 11, 30))])
