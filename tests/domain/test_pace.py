"""A member's own pace: willingness per theme and audience, rest after heavy work, reflection,
shared feedback and the yearly overview, and how matching honours them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from lef_members.domain.availability import PARTS_OF_DAY, WEEKDAYS, Availability, Slot
from lef_members.domain.errors import InvalidValueError
from lef_members.domain.matching import (
	EXCLUDED,
	AssignmentNeed,
	Candidate,
	Weights,
	check_hard_rules,
	match,
)
from lef_members.domain.members import ACTIVE
from lef_members.domain.pace import (
	WILLING_NO,
	WILLING_NOT_NOW,
	WILLING_YES,
	DoneAssignment,
	ReflectionFacts,
	ThemeWillingness,
	check_willingness,
	closed_themes,
	ended_not_now,
	reflection_due,
	rest_days,
	rest_windows,
	resting_on,
	shared_feedback,
	spoken_themes,
	theme_open,
	year_overview,
)

TODAY = date(2026, 12, 1)
SESSION_DAY = date(2026, 12, 15)
EVERY_SLOT = frozenset(Slot(day, part) for day in WEEKDAYS for part in PARTS_OF_DAY)


def need(**values) -> AssignmentNeed:
	start = datetime.combine(values.pop("day", SESSION_DAY), datetime.min.time()).replace(hour=10)
	values.setdefault("sessions", [(start, start + timedelta(hours=2))])
	return AssignmentNeed(**values)


def member(member_id="m1", **values) -> Candidate:
	values.setdefault("name", f"Member {member_id}")
	return Candidate(member_id=member_id, availability=Availability(ACTIVE, EVERY_SLOT), **values)


def row_for(need_, candidate):
	(row,) = match(need_, [candidate], Weights(), TODAY, include_excluded=True)
	return row


# --- willingness per theme -------------------------------------------------------------


def test_yes_is_open_no_is_never_open():
	assert theme_open(WILLING_YES, None, TODAY)
	assert theme_open(None, None, TODAY)
	assert not theme_open(WILLING_NO, None, TODAY)
	assert not theme_open(WILLING_NO, TODAY - timedelta(days=5), TODAY)


def test_not_now_without_a_date_lasts_until_the_member_changes_it():
	assert not theme_open(WILLING_NOT_NOW, None, TODAY)
	assert not theme_open(WILLING_NOT_NOW, None, TODAY + timedelta(days=3650))


def test_not_now_ending_today_still_holds_today_and_ends_tomorrow():
	assert not theme_open(WILLING_NOT_NOW, TODAY, TODAY)
	assert theme_open(WILLING_NOT_NOW, TODAY, TODAY + timedelta(days=1))
	assert theme_open(WILLING_NOT_NOW, TODAY - timedelta(days=1), TODAY)


def test_closed_themes_and_the_not_now_that_ended():
	rows = [
		ThemeWillingness("psychosis", WILLING_YES),
		ThemeWillingness("addiction", WILLING_NO),
		ThemeWillingness("suicide", WILLING_NOT_NOW, TODAY),
		ThemeWillingness("grief", WILLING_NOT_NOW, TODAY - timedelta(days=1)),
		ThemeWillingness("trauma", WILLING_NOT_NOW, None),
	]
	assert closed_themes(rows, TODAY) == {"addiction", "suicide", "trauma"}
	assert [r.theme for r in ended_not_now(rows, TODAY)] == ["grief"]
	assert [r.theme for r in ended_not_now(rows, TODAY + timedelta(days=1))] == ["suicide", "grief"]


def test_willingness_values_are_checked():
	assert check_willingness("", None, TODAY) == WILLING_YES
	assert check_willingness(WILLING_NOT_NOW, TODAY, TODAY) == WILLING_NOT_NOW
	with pytest.raises(InvalidValueError):
		check_willingness("Maybe", None, TODAY)
	with pytest.raises(InvalidValueError) as error:
		check_willingness(WILLING_NOT_NOW, TODAY - timedelta(days=1), TODAY)
	assert error.value.field == "not_now_until"


# --- matching honours it ---------------------------------------------------------------


def test_a_closed_wished_theme_excludes_with_words_that_do_not_say_why():
	n = need(wished_themes=frozenset({"addiction"}))
	for closed in ({"addiction"},):
		row = row_for(n, member(themes={"addiction": True}, closed_themes=frozenset(closed)))
		assert not row.eligible
		assert [r.render() for r in row.exclusions] == ["not available for this theme"]
		assert all(r.kind == EXCLUDED for r in row.exclusions)
	assert row_for(n, member(themes={"addiction": True})).eligible
	assert match(n, [member(themes={"addiction": True}, closed_themes={"addiction"})], Weights(), TODAY) == []


def test_a_closed_theme_never_counts_even_when_another_wished_theme_is_open():
	n = need(wished_themes=frozenset({"addiction", "psychosis"}))
	open_both = member("a", themes={"addiction": True, "psychosis": True})
	one_closed = member("b", themes={"addiction": True, "psychosis": True}, closed_themes={"addiction"})
	only_open = member("c", themes={"psychosis": True})
	rows = {r.candidate_id: r for r in match(n, [open_both, one_closed, only_open], Weights(), TODAY)}
	assert rows["b"].eligible
	assert rows["b"].score == rows["c"].score < rows["a"].score
	words = [r.render() for r in rows["b"].reasons]
	assert "not available for one of the wished themes" in words
	assert "has theme addiction, may be named" not in words
	assert "has theme psychosis, may be named" in words


def test_a_closed_theme_that_is_not_wished_changes_nothing():
	n = need(wished_themes=frozenset({"psychosis"}))
	plain = row_for(n, member(themes={"psychosis": True}))
	closed_other = row_for(n, member(themes={"psychosis": True, "grief": True}, closed_themes={"grief"}))
	assert closed_other.eligible and closed_other.score == plain.score
	assert [r.render() for r in closed_other.reasons] == [r.render() for r in plain.reasons]


def test_not_now_until_a_date_excludes_from_work_before_it_not_after_it():
	# Said on 1 December: "not now" for addiction until 26 December.
	until = {"addiction": date(2026, 12, 26)}
	wished = frozenset({"addiction"})
	before = need(wished_themes=wished, day=date(2026, 12, 15))
	on_the_day = need(wished_themes=wished, day=date(2026, 12, 26))
	after = need(wished_themes=wished, day=date(2027, 1, 5))
	candidate = member(themes={"addiction": True}, not_now_until=until)
	assert [r.render() for r in row_for(before, candidate).exclusions] == ["not available for this theme"]
	assert not row_for(on_the_day, candidate).eligible  # up to and including the date
	assert row_for(after, candidate).eligible
	assert "has theme addiction, may be named" in [r.render() for r in row_for(after, candidate).reasons]
	# Work that starts before the date and goes on after it starts during the "not now".
	spanning = need(
		wished_themes=wished,
		sessions=[
			(datetime(2026, 12, 22, 10), datetime(2026, 12, 22, 12)),
			(datetime(2027, 1, 5, 10), datetime(2027, 1, 5, 12)),
		],
	)
	assert not row_for(spanning, candidate).eligible


def test_an_assignment_without_wished_themes_ignores_willingness():
	assert row_for(need(), member(themes={"addiction": True}, closed_themes={"addiction"})).eligible


def test_an_audience_the_member_said_no_to_excludes():
	n = need(target_group="Press and media")
	row = row_for(n, member(declined_audiences=frozenset({"Press and media"})))
	assert [r.render() for r in row.exclusions] == ["not for this audience"]
	assert row_for(n, member(declined_audiences=frozenset({"Students"}))).eligible


def test_an_audience_not_set_on_the_assignment_or_the_member_is_no_rule():
	assert row_for(need(), member(declined_audiences=frozenset({"Press and media"}))).eligible
	assert row_for(need(target_group="Students"), member()).eligible


# --- rest after heavy work -------------------------------------------------------------


def test_rest_days_come_from_the_member_or_the_forum_default():
	assert rest_days("", 2) == 2
	assert rest_days(None, None) == 0
	assert rest_days("0", 3) == 0
	assert rest_days(5, 3) == 5
	for bad in ("three", -1, 32):
		with pytest.raises(InvalidValueError):
			rest_days(bad, 2)


def test_rest_windows_follow_each_heavy_day_and_join_when_they_touch():
	heavy = [date(2026, 3, 10), date(2026, 3, 12), date(2026, 4, 1)]
	assert rest_windows(heavy, 3) == (
		(date(2026, 3, 11), date(2026, 3, 15)),
		(date(2026, 4, 2), date(2026, 4, 4)),
	)
	assert rest_windows(heavy, 0) == ()
	assert rest_windows([], 3) == ()


def test_rest_window_ending_on_the_session_date_still_excludes_the_day_after_does_not():
	heavy_day = SESSION_DAY - timedelta(days=3)
	windows = rest_windows([heavy_day], 3)
	assert windows == ((heavy_day + timedelta(days=1), SESSION_DAY),)
	assert resting_on(windows, [SESSION_DAY]) is not None
	row = row_for(need(), member(rest_windows=windows))
	assert [r.render() for r in row.exclusions] == [
		f"resting after heavy work until {SESSION_DAY.isoformat()}"
	]
	shorter = rest_windows([heavy_day], 2)
	assert row_for(need(), member(rest_windows=shorter)).eligible
	# The heavy day itself is not rest (the member worked it).
	assert resting_on(rest_windows([SESSION_DAY], 3), [SESSION_DAY]) is None


def test_the_rest_rule_is_rechecked_when_a_member_accepts():
	windows = rest_windows([SESSION_DAY - timedelta(days=1)], 2)
	problems = check_hard_rules(need(), member(rest_windows=windows), TODAY)
	assert [p.template for p in problems] == ["resting after heavy work until {date}"]


# --- reflection (intervision) ----------------------------------------------------------


def facts(member_id, last=None, invited=None, since=date(2020, 1, 1), works=True):
	return ReflectionFacts(member_id, works, last, invited, since)


def test_reflection_is_off_by_default():
	assert reflection_due([facts("a")], TODAY, 0) == []


def test_members_who_work_and_did_not_reflect_for_the_months_set_are_invited_once():
	members = [
		facts("never"),
		facts("long ago", last=TODAY - timedelta(days=400)),
		facts("recent", last=TODAY - timedelta(days=30)),
		facts("on the boundary", last=TODAY.replace(year=TODAY.year - 1) + timedelta(days=1)),
		facts("not working", works=False),
		facts("new member", since=TODAY - timedelta(days=10)),
		facts("invited", last=TODAY - timedelta(days=400), invited=TODAY - timedelta(days=3)),
	]
	assert [m.member for m in reflection_due(members, TODAY, 12)] == ["never", "long ago"]
	again = facts("invited", last=TODAY - timedelta(days=800), invited=TODAY - timedelta(days=400))
	assert [m.member for m in reflection_due([again], TODAY, 12)] == ["invited"]


def test_reflection_months_must_be_a_whole_number():
	for bad in (-1, 1.5, True, "6"):
		with pytest.raises(InvalidValueError):
			reflection_due([], TODAY, bad)


# --- what their work changed -----------------------------------------------------------


def test_feedback_reaches_the_expert_only_when_the_organisation_shared_it():
	assert shared_feedback(False, 5, "Great") == (None, None)
	assert shared_feedback(True, 4, "  Moving story ") == (4, "Moving story")
	assert shared_feedback(True, 0, "") == (None, None)
	assert shared_feedback(True, "9", None) == (None, None)


def test_the_yearly_overview_counts_the_year_only():
	done = [
		DoneAssignment("A2", "Panel", date(2026, 5, 2), Decimal("2.5"), ("coercion",), 5, "Clear"),
		DoneAssignment("A1", "Class", date(2026, 2, 1), Decimal("3"), ("psychosis", "coercion")),
		DoneAssignment("A0", "Old", date(2025, 12, 31), Decimal("9"), ("psychosis",), 3, None),
	]
	year = year_overview(2026, done)
	assert [a.assignment for a in year.assignments] == ["A1", "A2"]
	assert year.hours == Decimal("5.5")
	assert year.themes == (("coercion", 2), ("psychosis", 1))
	assert [a.assignment for a in year.feedback] == ["A2"]
	assert year_overview(2024, done).assignments == ()


def test_spoken_themes_are_the_wished_themes_of_the_member():
	assert spoken_themes({"psychosis": True, "grief": False}, ["psychosis", "addiction"]) == ("psychosis",)
