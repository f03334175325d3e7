"""Sessions: clashes with accepted work, recurring series, and counting per month."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from lef_members.domain.errors import DomainError
from lef_members.domain.schedule import (
	LAST,
	MAX_OCCURRENCES,
	MONTHLY,
	WEEKLY,
	Recurrence,
	Session,
	assignments_in_month,
	check_no_clash,
	expand,
	find_clashes,
	monthly_load,
	months_touched,
	overlaps,
	sessions_in_month,
)


def s(day: str, start: str, end: str) -> Session:
	return Session.on(date.fromisoformat(day), time.fromisoformat(start), time.fromisoformat(end))


# --- overlaps ------------------------------------------------------------------------------

ACCEPTED = s("2025-04-15", "10:00", "12:00")

OVERLAP_TABLE = [
	("the same session", s("2025-04-15", "10:00", "12:00"), 0, True),
	("starts inside", s("2025-04-15", "11:00", "13:00"), 0, True),
	("ends inside", s("2025-04-15", "09:00", "10:01"), 0, True),
	("covers it", s("2025-04-15", "08:00", "18:00"), 0, True),
	("inside it", s("2025-04-15", "10:30", "11:00"), 0, True),
	("starts when it ends", s("2025-04-15", "12:00", "13:00"), 0, False),
	("ends when it starts", s("2025-04-15", "08:00", "10:00"), 0, False),
	("another day", s("2025-04-16", "10:00", "12:00"), 0, False),
	("touching, with a 30-minute buffer", s("2025-04-15", "12:00", "13:00"), 30, True),
	("29 minutes apart, 30-minute buffer", s("2025-04-15", "12:29", "13:00"), 30, True),
	("exactly the buffer apart", s("2025-04-15", "12:30", "13:00"), 30, False),
	("before, exactly the buffer apart", s("2025-04-15", "08:00", "09:30"), 30, False),
	("before, one minute short of the buffer", s("2025-04-15", "08:00", "09:31"), 30, True),
]


@pytest.mark.parametrize(
	("other", "buffer", "expected"),
	[(o, b, e) for _n, o, b, e in OVERLAP_TABLE],
	ids=[n for n, *_ in OVERLAP_TABLE],
)
def test_overlap_is_half_open_with_an_optional_travel_buffer(other, buffer, expected):
	assert overlaps(ACCEPTED, other, buffer) is expected
	assert overlaps(other, ACCEPTED, buffer) is expected


def test_plain_pairs_of_datetimes_work_as_sessions():
	pair = (datetime(2025, 4, 15, 11), datetime(2025, 4, 15, 12))
	assert overlaps(ACCEPTED, pair)
	assert find_clashes([pair], [ACCEPTED])[0].accepted == pair


def test_a_session_that_ends_before_it_starts_is_refused():
	with pytest.raises(DomainError):
		Session.on(date(2025, 4, 15), time(12), time(10))
	with pytest.raises(DomainError):
		Session.on(date(2025, 4, 15), time(12), time(12))
	with pytest.raises(DomainError):
		find_clashes([], [(datetime(2025, 4, 15, 12), datetime(2025, 4, 15, 10))])


@pytest.mark.parametrize("buffer", [-1, 24 * 60 + 1])
def test_an_unreasonable_buffer_is_refused(buffer):
	with pytest.raises(DomainError):
		overlaps(ACCEPTED, ACCEPTED, buffer)


def test_all_clashes_are_listed_in_order():
	accepted = [
		s("2025-04-15", "10:00", "12:00"),
		s("2025-04-15", "14:00", "16:00"),
		s("2025-05-01", "09:00", "17:00"),
	]
	new = [
		s("2025-05-01", "16:00", "18:00"),
		s("2025-04-15", "11:30", "14:30"),
		s("2025-04-20", "10:00", "12:00"),
	]
	clashes = find_clashes(accepted, new)
	assert [(c.new.start, c.accepted.start) for c in clashes] == [
		(datetime(2025, 4, 15, 11, 30), datetime(2025, 4, 15, 10)),
		(datetime(2025, 4, 15, 11, 30), datetime(2025, 4, 15, 14)),
		(datetime(2025, 5, 1, 16), datetime(2025, 5, 1, 9)),
	]


def test_a_long_accepted_session_is_found_behind_shorter_ones():
	accepted = [s("2025-04-15", "08:00", "18:00"), s("2025-04-15", "09:00", "09:30")]
	assert len(find_clashes(accepted, [s("2025-04-15", "17:00", "17:30")])) == 1


def test_no_accepted_work_means_no_clash():
	assert find_clashes([], [ACCEPTED]) == []
	check_no_clash([], [ACCEPTED])


def test_accepting_a_clashing_session_says_with_what():
	with pytest.raises(DomainError) as info:
		check_no_clash([ACCEPTED], [s("2025-04-15", "11:00", "13:00")])
	assert info.value.render() == (
		"This overlaps with an assignment you already accepted on 2025-04-15 from 10:00 to 12:00."
	)
	check_no_clash([ACCEPTED], [s("2025-04-15", "12:00", "13:00")])
	with pytest.raises(DomainError):
		check_no_clash([ACCEPTED], [s("2025-04-15", "12:00", "13:00")], travel_buffer_minutes=15)


# --- recurring series ----------------------------------------------------------------------


def days(sessions: list[Session]) -> list[date]:
	return [session.start.date() for session in sessions]


def test_second_tuesday_of_the_month():
	spec = Recurrence(MONTHLY, date(2025, 1, 1), time(19), time(21), weekday="Tuesday", nth=2, count=6)
	sessions = expand(spec)
	assert days(sessions) == [
		date(2025, 1, 14),
		date(2025, 2, 11),
		date(2025, 3, 11),
		date(2025, 4, 8),
		date(2025, 5, 13),
		date(2025, 6, 10),
	]
	assert all(sess.start.time() == time(19) and sess.end.time() == time(21) for sess in sessions)


def test_the_fifth_weekday_skips_months_without_one():
	spec = Recurrence(
		MONTHLY, date(2025, 1, 1), time(10), time(12), weekday="Thursday", nth=5, until=date(2025, 12, 31)
	)
	assert days(expand(spec)) == [date(2025, 1, 30), date(2025, 5, 29), date(2025, 7, 31), date(2025, 10, 30)]


def test_the_last_friday_of_the_month():
	spec = Recurrence(MONTHLY, date(2025, 1, 1), time(10), time(12), weekday="Friday", nth=LAST, count=3)
	assert days(expand(spec)) == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 28)]


def test_monthly_on_the_31st_falls_on_the_last_day_of_shorter_months():
	spec = Recurrence(MONTHLY, date(2024, 1, 31), time(10), time(11), count=5)
	assert days(expand(spec)) == [
		date(2024, 1, 31),
		date(2024, 2, 29),
		date(2024, 3, 31),
		date(2024, 4, 30),
		date(2024, 5, 31),
	]


def test_monthly_on_the_30th_in_february_of_a_common_year():
	spec = Recurrence(MONTHLY, date(2025, 1, 30), time(10), time(11), count=3)
	assert days(expand(spec)) == [date(2025, 1, 30), date(2025, 2, 28), date(2025, 3, 30)]


def test_monthly_on_an_ordinary_day_of_the_month():
	spec = Recurrence(MONTHLY, date(2025, 1, 15), time(10), time(11), interval=3, count=4)
	assert days(expand(spec)) == [date(2025, 1, 15), date(2025, 4, 15), date(2025, 7, 15), date(2025, 10, 15)]


def test_weekly_every_other_wednesday_until_a_day_included():
	spec = Recurrence(
		WEEKLY, date(2025, 3, 3), time(13), time(15), interval=2, weekday="Wednesday", until=date(2025, 4, 2)
	)
	assert days(expand(spec)) == [date(2025, 3, 5), date(2025, 3, 19), date(2025, 4, 2)]


def test_weekly_defaults_to_the_first_days_weekday():
	spec = Recurrence(WEEKLY, date(2025, 3, 4), time(13), time(15), count=2)
	assert days(expand(spec)) == [date(2025, 3, 4), date(2025, 3, 11)]


def test_wall_clock_times_hold_across_the_summer_time_change():
	# Summer time starts on Sunday 30 March 2025, ends on Sunday 26 October 2025 in Brussels.
	spring = expand(Recurrence(WEEKLY, date(2025, 3, 25), time(19), time(21), count=2))
	autumn = expand(Recurrence(WEEKLY, date(2025, 10, 21), time(19), time(21), count=2))
	for series in (spring, autumn):
		assert [sess.start.time() for sess in series] == [time(19), time(19)]
		assert series[1].start - series[0].start == timedelta(days=7)  # wall clock: one week
	brussels = ZoneInfo("Europe/Brussels")
	first, second = (sess.start.replace(tzinfo=brussels).astimezone(timezone.utc) for sess in spring)
	assert second - first == timedelta(days=7, hours=-1)  # in UTC the hour moved
	assert (first.hour, second.hour) == (18, 17)


def test_a_session_on_the_night_of_the_change_counts_wall_clock_hours():
	night = Session.on(date(2025, 3, 30), time(1), time(4))
	assert night.hours == 3


def test_a_series_over_sixty_sessions_is_refused():
	spec = Recurrence(WEEKLY, date(2025, 1, 1), time(10), time(11), until=date(2040, 1, 1))
	with pytest.raises(DomainError) as info:
		expand(spec)
	assert info.value.params == {"max": MAX_OCCURRENCES}
	exactly = Recurrence(WEEKLY, date(2025, 1, 1), time(10), time(11), count=MAX_OCCURRENCES)
	assert len(expand(exactly)) == MAX_OCCURRENCES
	with pytest.raises(DomainError):
		expand(Recurrence(WEEKLY, date(2025, 1, 1), time(10), time(11), count=MAX_OCCURRENCES + 1))


def test_a_lower_cap_can_be_asked():
	spec = Recurrence(MONTHLY, date(2025, 1, 1), time(10), time(11), weekday="Monday", nth=1, count=12)
	with pytest.raises(DomainError):
		expand(spec, max_occurrences=10)


BAD_SPECS = [
	("unknown frequency", {"frequency": "Daily"}, "frequency"),
	("end before start", {"end_time": time(9)}, "end_time"),
	("end equal to start", {"end_time": time(10)}, "end_time"),
	("interval zero", {"interval": 0}, "interval"),
	("both count and until", {"until": date(2025, 6, 1)}, "count"),
	("neither count nor until", {"count": None}, "count"),
	("count zero", {"count": 0}, "count"),
	("until before the first day", {"count": None, "until": date(2024, 12, 31)}, "until"),
	("unknown weekday", {"weekday": "Funday"}, "weekday"),
	("nth on a weekly series", {"frequency": WEEKLY, "weekday": "Monday", "nth": 2}, "nth"),
	("sixth weekday", {"weekday": "Monday", "nth": 6}, "nth"),
	("nth without a weekday", {"nth": 2}, "nth"),
	("weekday without nth on a monthly series", {"weekday": "Monday"}, "nth"),
]


@pytest.mark.parametrize(
	("changes", "field"), [(c, f) for _n, c, f in BAD_SPECS], ids=[n for n, *_ in BAD_SPECS]
)
def test_bad_series_are_refused_with_the_field_at_fault(changes, field):
	values = {
		"frequency": MONTHLY,
		"first_day": date(2025, 1, 1),
		"start_time": time(10),
		"end_time": time(12),
		"count": 3,
		**changes,
	}
	with pytest.raises(DomainError) as info:
		expand(Recurrence(**values))
	assert info.value.field == field
	assert info.value.render()


# --- counting per month --------------------------------------------------------------------


def test_sessions_in_month_counts_by_start_and_handles_month_ends():
	sessions = [
		s("2025-01-31", "22:00", "23:59"),
		s("2025-02-01", "00:00", "01:00"),
		s("2025-02-28", "10:00", "12:00"),
		s("2025-03-01", "10:00", "12:00"),
		s("2024-02-29", "10:00", "12:00"),
	]
	assert sessions_in_month(sessions, 2025, 2) == [sessions[1], sessions[2]]
	assert sessions_in_month(sessions, 2024, 2) == [sessions[4]]
	assert sessions_in_month(sessions, 2025, 4) == []
	assert months_touched(sessions) == {(2025, 1), (2025, 2), (2025, 3), (2024, 2)}


def test_an_assignment_counts_once_per_month_in_the_load():
	by_assignment = {
		"ASG-1": [
			s("2025-03-04", "10:00", "12:00"),
			s("2025-03-11", "10:00", "12:00"),
			s("2025-04-01", "10:00", "12:00"),
		],
		"ASG-2": [s("2025-03-31", "19:00", "21:00")],
		"ASG-3": [s("2025-05-01", "09:00", "10:00")],
		"ASG-4": [],
	}
	assert assignments_in_month(by_assignment, 2025, 3) == {"ASG-1", "ASG-2"}
	assert assignments_in_month(by_assignment, 2025, 6) == set()
	assert monthly_load(by_assignment) == {(2025, 3): 2, (2025, 4): 1, (2025, 5): 1}
