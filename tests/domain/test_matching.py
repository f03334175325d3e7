"""Matching: hard rules exclude (and say why), soft rules rank, and the order is fair and stable."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lef_members.domain.availability import (
	PARTS_OF_DAY,
	WEEKDAYS,
	Absence,
	Availability,
	Slot,
	check_available,
)
from lef_members.domain.errors import DomainError, InvalidValueError
from lef_members.domain.matching import (
	EXCLUDED,
	INFO,
	MINUS,
	PLUS,
	AssignmentNeed,
	Candidate,
	Weights,
	_evaluate,
	_Plan,
	_score,
	_soft,
	check_hard_rules,
	default_qualify,
	distance_km,
	match,
)
from lef_members.domain.members import (
	ACTIVE,
	BENEFIT_NONE,
	BENEFIT_SICKNESS,
	BENEFIT_UNEMPLOYMENT,
	CANDIDATE,
	IN_TRAINING,
	LEFT,
	PAUSED,
	MemberFacts,
	benefit_warnings,
)

TODAY = date(2025, 4, 1)
TUESDAY = date(2025, 4, 15)
EVERY_SLOT = frozenset(Slot(day, part) for day in WEEKDAYS for part in PARTS_OF_DAY)
HASSELT = (50.9307, 5.3325)


def at(day: date, hour: int, minute: int = 0) -> datetime:
	return datetime(day.year, day.month, day.day, hour, minute)


def session(day: date = TUESDAY, start: tuple[int, int] = (9, 30), end: tuple[int, int] = (11, 30)):
	return (at(day, *start), at(day, *end))


def need(**values) -> AssignmentNeed:
	values.setdefault("sessions", [session()])
	return AssignmentNeed(**values)


def member(member_id: str = "m1", **values) -> Candidate:
	status = values.pop("status", ACTIVE)
	slots = values.pop("slots", EVERY_SLOT)
	paused_until = values.pop("paused_until", None)
	absences = values.pop("absences", ())
	values.setdefault("name", f"Member {member_id}")
	return Candidate(
		member_id=member_id,
		availability=Availability(status, frozenset(slots), paused_until, tuple(absences)),
		**values,
	)


def ids(ranked) -> list[str]:
	return [r.candidate_id for r in ranked]


def only(need_: AssignmentNeed, candidate: Candidate, **kwargs):
	"""The one ranked row for a candidate, excluded ones included."""
	(row,) = match(need_, [candidate], Weights(), TODAY, include_excluded=True, **kwargs)
	return row


def templates(reasons) -> list[str]:
	return [r.template for r in reasons]


def assert_excluded(row, template: str) -> None:
	assert not row.eligible
	assert template in templates(row.exclusions), [r.render() for r in row.exclusions]
	assert all(r.kind == EXCLUDED for r in row.exclusions)


def assert_eligible(row) -> None:
	assert row.eligible, [r.render() for r in row.exclusions]
	assert row.exclusions == []


# --- hard rules -------------------------------------------------------------------------


@pytest.mark.parametrize("status", [CANDIDATE, IN_TRAINING, LEFT])
def test_only_active_members_are_matched(status):
	row = only(need(), member(status=status))
	assert_excluded(row, "status is {status}, not Active")
	assert row.exclusions[0].render() == f"status is {status}, not Active"
	assert match(need(), [member(status=status)], Weights(), TODAY) == []
	assert_eligible(only(need(), member(status=ACTIVE)))


def test_a_member_paused_on_the_session_date_is_excluded_until_the_day_after_the_pause():
	assert_excluded(only(need(), member(status=PAUSED, paused_until=TUESDAY)), "paused until {date}")
	assert_eligible(only(need(), member(status=PAUSED, paused_until=TUESDAY - timedelta(days=1))))


def test_a_member_away_on_a_session_date_is_excluded():
	away = Absence(TUESDAY - timedelta(days=3), TUESDAY)
	assert_excluded(only(need(), member(absences=[away])), "away from {start} to {to}")
	back = Absence(TUESDAY - timedelta(days=3), TUESDAY - timedelta(days=1))
	assert_eligible(only(need(), member(absences=[back])))


def test_a_member_must_be_available_on_the_weekday_and_part_of_day_of_every_session():
	tuesday_afternoon = [Slot("Tuesday", "Afternoon")]
	row = only(need(), member(slots=tuesday_afternoon))
	assert_excluded(row, "not available on {weekday} {parts}")
	assert row.exclusions[0].render() == "not available on Tuesday Morning"

	tuesday_morning = [Slot("Tuesday", "Morning")]
	assert_eligible(only(need(), member(slots=tuesday_morning)))
	# The same hours on a Wednesday do not fit a Tuesday-only member.
	wednesday = need(sessions=[session(TUESDAY + timedelta(days=1))])
	assert_excluded(only(wednesday, member(slots=tuesday_morning)), "not available on {weekday} {parts}")
	# A session from 11:00 to 13:00 needs the morning and the afternoon.
	over_noon = need(sessions=[session(start=(11, 0), end=(13, 0))])
	assert not only(over_noon, member(slots=tuesday_morning)).eligible
	assert_eligible(only(over_noon, member(slots=[*tuesday_morning, *tuesday_afternoon])))


def test_every_session_counts_not_only_the_first():
	series = need(sessions=[session(), session(TUESDAY + timedelta(days=7))])
	away_second_week = Absence(TUESDAY + timedelta(days=7), TUESDAY + timedelta(days=7))
	assert_excluded(only(series, member(absences=[away_second_week])), "away from {start} to {to}")


def test_an_accepted_session_that_overlaps_excludes_but_one_that_touches_does_not():
	overlapping = member(accepted_sessions=[session(start=(11, 0), end=(12, 0))])
	row = only(need(), overlapping)
	assert_excluded(row, "already accepted a session on {date} from {start} to {end}")
	assert row.exclusions[0].render() == "already accepted a session on 2025-04-15 from 11:00 to 12:00"

	touching_after = member(accepted_sessions=[session(start=(11, 30), end=(13, 0))])
	touching_before = member(accepted_sessions=[session(start=(8, 0), end=(9, 30))])
	other_day = member(accepted_sessions=[session(TUESDAY + timedelta(days=7))])
	for candidate in (touching_after, touching_before, other_day):
		assert_eligible(only(need(), candidate))
	# Within a series the touching session still fits between the sessions.
	series = need(sessions=[session(), session(TUESDAY + timedelta(days=7))])
	assert_eligible(only(series, touching_after))
	assert not only(
		series, member(accepted_sessions=[session(TUESDAY + timedelta(days=7), (11, 0), (12, 0))])
	).eligible


def test_the_monthly_limit_reached_excludes_one_below_does_not():
	full = member(monthly_limit=3, assignments_per_month={"2025-04": 3})
	row = only(need(), full)
	assert_excluded(row, "monthly limit reached: {count} of {limit} assignments in {month}")
	assert row.exclusions[0].render() == "monthly limit reached: 3 of 3 assignments in 2025-04"

	room_for_one = member(monthly_limit=3, assignments_per_month={"2025-04": 2, "2025-05": 3})
	assert_eligible(only(need(), room_for_one))
	# ... but not for an assignment that also meets in May.
	april_and_may = need(sessions=[session(), session(date(2025, 5, 13))])
	assert not only(april_and_may, room_for_one).eligible
	assert_eligible(only(need(), member(monthly_limit=None, assignments_per_month={"2025-04": 30})))


def test_a_required_training_must_be_done():
	needs_training = need(required_courses=["Basic training"])
	row = only(needs_training, member(certificates={"Telling your story": None}))
	assert_excluded(row, "has not completed the required training {course}")
	assert row.exclusions[0].render() == "has not completed the required training Basic training"
	assert_eligible(only(needs_training, member(certificates={"Basic training": None})))


def test_a_certificate_expiring_on_the_session_date_no_longer_counts():
	needs_training = need(required_courses=["Basic training"])
	on_the_day = member(certificates={"Basic training": TUESDAY})
	assert_excluded(
		only(needs_training, on_the_day),
		"the certificate for {course} expires on {expiry}, not valid on {date}",
	)
	day_after = member(certificates={"Basic training": TUESDAY + timedelta(days=1)})
	assert_eligible(only(needs_training, day_after))
	# It must still hold on the last session of a series.
	series = replace(needs_training, sessions=[session(), session(TUESDAY + timedelta(days=7))])
	assert not only(series, day_after).eligible


def test_qualification_goes_through_the_given_function():
	calls = []

	def qualify(courses, certificates, on_date):
		calls.append((set(courses), dict(certificates), on_date))
		return [("WRAP facilitator", date(2025, 1, 1))]

	series = need(
		sessions=[session(), session(TUESDAY + timedelta(days=7))], required_courses=["WRAP facilitator"]
	)
	row = only(series, member(certificates={"WRAP facilitator": None}), qualify=qualify)
	assert calls == [
		({"WRAP facilitator"}, {"WRAP facilitator": None}, TUESDAY),
		({"WRAP facilitator"}, {"WRAP facilitator": None}, TUESDAY + timedelta(days=7)),
	]
	assert len(row.exclusions) == 1  # the same shortfall on both dates is said once
	assert row.exclusions[0].render() == (
		"the certificate for WRAP facilitator expires on 2025-01-01, not valid on 2025-04-15"
	)

	# A qualify function may give its own reasons (training.py's do), shown as they are.
	class Said:
		template = "certificate {course} only valid from {valid_from}"
		params = {"course": "WRAP", "valid_from": "2025-04-20"}

	row = only(
		series,
		member(),
		qualify=lambda courses, certificates, on_date: (
			[Said()] if on_date < TUESDAY + timedelta(days=1) else []
		),
	)
	assert [r.render() for r in row.exclusions] == ["certificate WRAP only valid from 2025-04-20"]
	# No required training: the function is not asked at all.
	calls.clear()
	only(need(), member(), qualify=qualify)
	assert calls == []


def test_default_qualify():
	certificates = {"A": None, "B": date(2025, 5, 1), "C": date(2025, 4, 30)}
	assert default_qualify(["A", "B"], certificates, date(2025, 4, 30)) == []
	assert default_qualify(["A", "B", "C", "D"], certificates, date(2025, 4, 30)) == [
		("C", date(2025, 4, 30)),
		("D", None),
	]


@pytest.mark.parametrize(
	("benefit", "permission_field"),
	[
		(BENEFIT_SICKNESS, "doctor_permission_date"),
		(BENEFIT_UNEMPLOYMENT, "unemployment_declaration_date"),
	],
)
def test_a_member_on_a_benefit_needs_the_recorded_permission(benefit, permission_field):
	missing = member(benefit_status=benefit)
	(warning,) = benefit_warnings(MemberFacts(status=ACTIVE, benefit_status=benefit))
	assert_excluded(only(need(), missing), warning.template)
	assert_eligible(only(need(), member(benefit_status=benefit, **{permission_field: date(2024, 1, 1)})))
	assert_eligible(only(need(), member(benefit_status=BENEFIT_NONE)))


def test_the_yearly_allowance_ceiling_may_not_be_exceeded():
	paid = need(expected_allowance=Decimal("40.00"))
	row = only(paid, member(allowance_room=Decimal("39.99")))
	assert_excluded(
		row,
		"the yearly allowance ceiling would be exceeded: EUR {room} left this year, "
		"this assignment about EUR {amount}",
	)
	assert "EUR 39.99 left this year, this assignment about EUR 40" in row.exclusions[0].render()
	assert_eligible(only(paid, member(allowance_room=Decimal("40"))))
	assert_eligible(only(paid, member(allowance_room=None)))  # a regime without ceiling


def test_only_the_sessions_in_this_year_count_against_this_years_room():
	across = need(
		sessions=[session(date(2025, 12, 16)), session(date(2026, 1, 13))], expected_allowance=Decimal("80")
	)
	assert_eligible(only(across, member(allowance_room=Decimal("40"))))
	assert not only(across, member(allowance_room=Decimal("39"))).eligible
	next_year = need(sessions=[session(date(2026, 1, 13))], expected_allowance=Decimal("80"))
	assert_eligible(only(next_year, member(allowance_room=Decimal("0"))))


def test_a_member_is_not_asked_farther_than_they_travel_unless_online():
	genk = (50.9650, 5.5000)
	km = distance_km(*HASSELT, *genk)
	assert 12 < km < 13
	on_site = need(latitude=HASSELT[0], longitude=HASSELT[1])
	row = only(on_site, member(latitude=genk[0], longitude=genk[1], max_travel_km=10))
	assert_excluded(row, "{km} km away, farther than the {max} km they travel")
	assert row.exclusions[0].render() == "12 km away, farther than the 10 km they travel"
	assert_eligible(only(on_site, member(latitude=genk[0], longitude=genk[1], max_travel_km=13)))
	just_over = only(on_site, member(latitude=genk[0], longitude=genk[1], max_travel_km=12))
	assert just_over.exclusions[0].render() == f"{round(km, 1)} km away, farther than the 12 km they travel"
	online = replace(on_site, online=True)
	assert_eligible(only(online, member(latitude=genk[0], longitude=genk[1], max_travel_km=10)))


def test_distance_is_a_great_circle():
	assert distance_km(50, 5, 51, 5) == pytest.approx(111.2, abs=0.1)
	assert distance_km(*HASSELT, *HASSELT) == 0


def test_asked_why_every_failing_rule_is_listed():
	tired = member(
		status=PAUSED,
		paused_until=TUESDAY,
		monthly_limit=2,
		assignments_per_month={"2025-04": 2},
		benefit_status=BENEFIT_SICKNESS,
	)
	row = only(need(), tired)
	assert templates(row.exclusions) == [
		"paused until {date}",
		"monthly limit reached: {count} of {limit} assignments in {month}",
		"On sickness or disability benefit: no permission of the advising doctor is recorded.",
	]
	assert check_hard_rules(need(), tired, TODAY) == row.exclusions
	assert check_hard_rules(need(), member(), TODAY) == []


def test_excluded_members_come_last_and_only_when_asked():
	eligible, excluded = member("a", name="Zoë"), member("b", name="Anna", status=LEFT)
	assert ids(match(need(), [excluded, eligible], Weights(), TODAY)) == ["a"]
	everyone = match(need(), [excluded, eligible], None, TODAY, include_excluded=True)
	assert ids(everyone) == ["a", "b"]
	assert [r.eligible for r in everyone] == [True, False]


# --- ranking ----------------------------------------------------------------------------


def test_theme_fit_beats_no_fit():
	wished = need(wished_themes=["psychosis"])
	fits = member("fit", name="Zoë", themes={"psychosis": True})
	other = member("other", name="Anna", themes={"depression": True})
	ranked = match(wished, [other, fits], Weights(), TODAY)
	assert ids(ranked) == ["fit", "other"]
	assert ranked[0].score > ranked[1].score
	assert "has theme {theme}, may be named" in templates(ranked[0].reasons)
	assert ranked[0].reasons[1].render() == "has theme psychosis, may be named"
	assert "has none of the wished themes" in templates(ranked[1].reasons)


def test_a_theme_not_to_be_named_counts_but_is_not_named():
	wished = need(wished_themes=["psychosis", "addiction"])
	named = member("named", themes={"psychosis": True})
	unnamed = member("unnamed", themes={"psychosis": False})
	by_id = {r.candidate_id: r for r in match(wished, [named, unnamed], Weights(), TODAY)}
	assert by_id["named"].score == by_id["unnamed"].score
	rendered = [reason.render() for reason in by_id["unnamed"].reasons]
	assert "has a wished theme (not to be named)" in rendered
	assert not any("psychosis" in text for text in rendered)
	assert not any("psychosis" in str(reason.params) for reason in by_id["unnamed"].reasons)


def test_fair_rotation_puts_members_with_fewer_recent_assignments_first():
	busy = member("busy", name="Anna", recent_assignments=4, last_assignment_on=date(2025, 3, 20))
	quiet = member("quiet", name="Zoë", recent_assignments=1, last_assignment_on=date(2025, 3, 20))
	for order in ([busy, quiet], [quiet, busy]):
		assert ids(match(need(), order, Weights(), TODAY)) == ["quiet", "busy"]
	# Rotation weighed at zero: equal scores, still fewer recent assignments first.
	no_rotation = Weights(rotation=0)
	ranked = match(need(), [busy, quiet], no_rotation, TODAY)
	assert ranked[0].score == ranked[1].score
	assert ids(ranked) == ["quiet", "busy"]


def test_equal_members_are_ordered_by_older_last_assignment_then_name_then_id():
	a = member("3", name="Bram", last_assignment_on=date(2025, 1, 1))
	b = member("2", name="Anna", last_assignment_on=date(2025, 3, 1))
	c = member("1", name="Anna", last_assignment_on=date(2025, 3, 1))
	assert ids(match(need(), [c, b, a], Weights(), TODAY)) == ["3", "1", "2"]


def test_weights_change_the_order():
	close_by = need(wished_themes=["trauma"], latitude=HASSELT[0], longitude=HASSELT[1])
	theme_far = member("theme", themes={"trauma": True}, latitude=51.2, longitude=4.4)
	near_no_theme = member("near", latitude=HASSELT[0], longitude=HASSELT[1])
	themes_first = Weights(theme=5, distance=1)
	distance_first = Weights(theme=1, distance=5)
	assert ids(match(close_by, [near_no_theme, theme_far], themes_first, TODAY)) == ["theme", "near"]
	assert ids(match(close_by, [near_no_theme, theme_far], distance_first, TODAY)) == ["near", "theme"]
	# Fair rotation weighed heavily lets a member who had little work pass one who fits better.
	busy_fit = member(
		"busy", themes={"trauma": True}, recent_assignments=4, last_assignment_on=date(2025, 3, 1)
	)
	quiet = member("quiet", recent_assignments=0, last_assignment_on=date(2024, 6, 1))
	assert ids(match(close_by, [quiet, busy_fit], Weights(theme=5, rotation=1), TODAY)) == ["busy", "quiet"]
	assert ids(match(close_by, [quiet, busy_fit], Weights(theme=1, rotation=5), TODAY)) == ["quiet", "busy"]


def test_skills_language_region_and_preferences_each_count():
	base = need(
		required_skills=["recovery story"],
		wished_skills=["co-teaching"],
		languages=["French"],
		care_network="Noolim",
		assignment_type="Testimony",
		target_group="Students",
	)
	plain = member("plain")
	for better in (
		member("skill", skills={"recovery story"}),
		member("language", languages={"French"}),
		member("region", care_network="Noolim"),
		member("likes", preferred_assignment_types={"Testimony"}),
	):
		assert ids(match(base, [plain, better], Weights(), TODAY))[0] == better.member_id
	row = only(base, plain)
	assert [r.render() for r in row.reasons if r.kind == MINUS] == [
		"lacks the required skill recovery story",
		"does not speak French",
	]
	assert "same care network: Noolim" in [
		r.render() for r in only(base, member(care_network="Noolim")).reasons
	]


def test_a_required_skill_counts_more_than_a_wished_one():
	skills = need(required_skills=["recovery story"], wished_skills=["co-teaching"])
	required = member("required", name="Zoë", skills={"recovery story"})
	wished = member("wished", name="Anna", skills={"co-teaching"})
	assert ids(match(skills, [wished, required], Weights(), TODAY)) == ["required", "wished"]


def test_the_reasons_read_as_a_coordinator_expects():
	full = need(
		wished_themes=["psychosis"],
		latitude=HASSELT[0],
		longitude=HASSELT[1],
		expected_allowance=Decimal("40"),
	)
	candidate = member(
		themes={"psychosis": True},
		latitude=50.9650,
		longitude=5.5000,
		monthly_limit=4,
		assignments_per_month={"2025-04": 2},
		allowance_room=Decimal("310"),
		recent_assignments=2,
		last_assignment_on=date(2025, 3, 3),
	)
	row = only(full, candidate)
	assert [(r.kind, r.render()) for r in row.reasons] == [
		(PLUS, "available on Tuesday Morning"),
		(PLUS, "has theme psychosis, may be named"),
		(INFO, "12 km away"),
		(INFO, "2 assignments in the last 6 months, the last on 2025-03-03"),
		(INFO, "2 of 4 assignments in 2025-04"),
		(INFO, "allowance room left this year: EUR 310"),
	]


@pytest.mark.parametrize(
	("recent", "expected"),
	[
		(0, "no assignment in the last 6 months, the last on 2025-03-03"),
		(1, "1 assignment in the last 6 months, on 2025-03-03"),
		(3, "3 assignments in the last 6 months, the last on 2025-03-03"),
	],
)
def test_the_spread_of_work_reads_right_for_none_one_and_more(recent, expected):
	candidate = member(recent_assignments=recent, last_assignment_on=date(2025, 3, 3))
	assert expected in [r.render() for r in only(need(), candidate).reasons]


def test_reasons_are_translated_with_their_words():
	dutch = {
		"available on {weekday} {parts}": "beschikbaar op {weekday} {parts}",
		"Tuesday": "dinsdag",
		"Morning": "voormiddag",
		"Afternoon": "namiddag",
	}
	over_noon = need(sessions=[session(start=(11, 0), end=(13, 0))])
	reason = only(over_noon, member()).reasons[0]
	assert reason.render(lambda text: dutch.get(text, text)) == "beschikbaar op dinsdag voormiddag, namiddag"


def test_an_online_assignment_skips_distance_and_pleases_who_prefers_online():
	online = need(online=True, latitude=HASSELT[0], longitude=HASSELT[1])
	far = member("far", name="Anna", latitude=51.2, longitude=4.4, max_travel_km=5)
	prefers = member("prefers", name="Zoë", prefers_online=True)
	ranked = match(online, [far, prefers], Weights(), TODAY)
	assert ids(ranked) == ["prefers", "far"]
	assert "online, no travel" in [r.render() for r in ranked[1].reasons]
	assert not any("km" in r.render() for r in ranked[1].reasons)


def test_an_assignment_needs_a_sensible_session():
	with pytest.raises(DomainError):
		match(need(sessions=[]), [member()], Weights(), TODAY)
	with pytest.raises(DomainError):
		match(need(sessions=[(at(TUESDAY, 11), at(TUESDAY, 9))]), [member()], Weights(), TODAY)


def test_weights_come_from_the_settings():
	assert Weights.from_dict({}) == Weights()
	weights = Weights.from_dict(
		{"matching_theme": "5", "matching_rotation": 0, "matching_skill": None, "name": "LEF Settings"},
		prefix="matching_",
	)
	assert (weights.theme, weights.rotation, weights.skill) == (5.0, 0.0, Weights().skill)
	with pytest.raises(InvalidValueError):
		Weights.from_dict({"theme": "a lot"})
	with pytest.raises(InvalidValueError):
		Weights.from_dict({"distance": -1})
	with pytest.raises(InvalidValueError):
		Weights.from_dict({"distance_horizon_km": 0})


# --- properties -------------------------------------------------------------------------

DAYS = [TUESDAY + timedelta(days=n) for n in range(0, 50, 3)]


@st.composite
def sessions_strategy(draw):
	result = []
	for day in draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True)):
		start = draw(st.integers(7, 20))
		length = draw(st.integers(1, 3))
		result.append((at(day, start), at(day, min(start + length, 23))))
	return result


@st.composite
def candidates_strategy(draw, member_id: str):
	status = draw(st.sampled_from([ACTIVE, ACTIVE, ACTIVE, PAUSED, LEFT, IN_TRAINING]))
	paused_until = draw(st.sampled_from(DAYS)) if status == PAUSED else None
	absences = draw(
		st.lists(
			st.builds(
				lambda d, n: Absence(d, d + timedelta(days=n)), st.sampled_from(DAYS), st.integers(0, 5)
			),
			max_size=1,
		)
	)
	accepted = draw(st.lists(sessions_strategy(), max_size=2))
	has_point = draw(st.booleans())
	return member(
		member_id,
		name=draw(st.sampled_from(["Anna", "Bram", "Chloë"])),
		status=status,
		paused_until=paused_until,
		absences=absences,
		slots=draw(st.sets(st.sampled_from(sorted(EVERY_SLOT, key=repr)), min_size=10)),
		themes=draw(st.dictionaries(st.sampled_from(["psychosis", "trauma", "addiction"]), st.booleans())),
		skills=draw(st.sets(st.sampled_from(["story", "teaching"]))),
		languages=draw(st.sets(st.sampled_from(["Dutch", "French"]))),
		latitude=draw(st.floats(50.6, 51.3)) if has_point else None,
		longitude=draw(st.floats(4.9, 5.9)) if has_point else None,
		max_travel_km=draw(st.sampled_from([None, 10, 30, 60])),
		monthly_limit=draw(st.sampled_from([None, 1, 2, 3])),
		assignments_per_month=draw(
			st.dictionaries(st.sampled_from(["2025-04", "2025-05", "2025-06"]), st.integers(0, 3))
		),
		accepted_sessions=[s for group in accepted for s in group],
		certificates=draw(
			st.dictionaries(
				st.sampled_from(["Basic training", "WRAP"]), st.one_of(st.none(), st.sampled_from(DAYS))
			)
		),
		benefit_status=draw(st.sampled_from([BENEFIT_NONE, BENEFIT_SICKNESS, BENEFIT_UNEMPLOYMENT])),
		doctor_permission_date=draw(st.sampled_from([None, date(2024, 1, 1)])),
		unemployment_declaration_date=draw(st.sampled_from([None, date(2024, 1, 1)])),
		allowance_room=draw(st.sampled_from([None, Decimal(0), Decimal(30), Decimal(100)])),
		recent_assignments=draw(st.integers(0, 4)),
		last_assignment_on=draw(st.sampled_from([None, date(2025, 1, 1), date(2025, 3, 1)])),
		prefers_online=draw(st.booleans()),
		closed_themes=draw(st.sets(st.sampled_from(["psychosis", "trauma", "addiction"]))),
		declined_audiences=draw(st.sets(st.sampled_from(["Students", "Press and media"]))),
		rest_windows=draw(
			st.lists(st.sampled_from(DAYS), max_size=2).map(
				lambda days: tuple((d, d + timedelta(days=2)) for d in sorted(days))
			)
		),
	)


@st.composite
def needs_strategy(draw):
	online = draw(st.booleans())
	return AssignmentNeed(
		sessions=draw(sessions_strategy()),
		wished_themes=draw(st.sets(st.sampled_from(["psychosis", "trauma"]))),
		required_skills=draw(st.sets(st.sampled_from(["story"]))),
		wished_skills=draw(st.sets(st.sampled_from(["teaching"]))),
		languages=draw(st.sets(st.sampled_from(["Dutch", "French"]))),
		online=online,
		latitude=HASSELT[0],
		longitude=HASSELT[1],
		required_courses=draw(st.sets(st.sampled_from(["Basic training", "WRAP"]))),
		expected_allowance=draw(st.sampled_from([None, Decimal(25), Decimal(60)])),
		target_group=draw(st.sampled_from([None, "Students", "Care professionals"])),
	)


def passes_every_hard_rule(need_: AssignmentNeed, c: Candidate) -> bool:
	"""The hard rules written out plainly, one session at a time, as a coordinator would check."""
	sessions = list(need_.sessions)
	if not all(check_available(c.availability, start, end).available for start, end in sessions):
		return False
	for a_start, a_end in c.accepted_sessions:
		if any(a_start < end and start < a_end for start, end in sessions):
			return False
	if c.monthly_limit is not None:
		for month in {start.strftime("%Y-%m") for start, _end in sessions}:
			if c.assignments_per_month.get(month, 0) >= c.monthly_limit:
				return False
	for course in need_.required_courses:
		if course not in c.certificates:
			return False
		expiry = c.certificates[course]
		if expiry is not None and any(start.date() >= expiry for start, _end in sessions):
			return False
	facts = MemberFacts(
		status=c.status,
		benefit_status=c.benefit_status,
		doctor_permission_date=c.doctor_permission_date,
		unemployment_declaration_date=c.unemployment_declaration_date,
	)
	if benefit_warnings(facts):
		return False
	if need_.expected_allowance is not None and c.allowance_room is not None:
		this_year = [s for s, _e in sessions if s.year == TODAY.year]
		if need_.expected_allowance * len(this_year) / len(sessions) > c.allowance_room:
			return False
	if need_.target_group and need_.target_group in c.declined_audiences:
		return False
	has = set(need_.wished_themes) & (set(c.themes) | set(c.closed_themes))
	if has and has <= set(c.closed_themes):
		return False
	for first, last in c.rest_windows:
		if any(first <= start.date() <= last for start, _end in sessions):
			return False
	if not need_.online and c.latitude is not None and c.max_travel_km is not None:
		if distance_km(need_.latitude, need_.longitude, c.latitude, c.longitude) > c.max_travel_km:
			return False
	return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
	need_=needs_strategy(),
	candidates=st.integers(1, 8).flatmap(
		lambda n: st.tuples(*(candidates_strategy(f"m{i}") for i in range(n)))
	),
	seed=st.integers(0, 1000),
)
def test_ranking_keeps_the_hard_rules_and_is_a_stable_permutation(need_, candidates, seed):
	everyone = match(need_, candidates, Weights(), TODAY, include_excluded=True)
	# A permutation of the candidates, eligible ones first, best score first.
	assert sorted(ids(everyone)) == sorted(c.member_id for c in candidates)
	flags = [r.eligible for r in everyone]
	assert flags == sorted(flags, reverse=True)
	eligible = [r for r in everyone if r.eligible]
	assert [r.score for r in eligible] == sorted((r.score for r in eligible), reverse=True)
	# Every eligible member passes every hard rule; every excluded one fails one and says so.
	by_id = {c.member_id: c for c in candidates}
	for row in everyone:
		assert row.eligible == passes_every_hard_rule(need_, by_id[row.candidate_id])
		assert row.eligible == (row.exclusions == [])
		assert check_hard_rules(need_, by_id[row.candidate_id], TODAY) == row.exclusions
		for reason in row.exclusions + row.reasons:
			reason.render()
	# The score ranking uses is the one the reasons are built with, and the order is the whole
	# sort key's: score, then fewer recent assignments, older last assignment, name, id.
	plan = _Plan(need_, Weights(), TODAY)
	for row in everyone:
		c = by_id[row.candidate_id]
		km = _evaluate(plan, c, default_qualify, True)[1]
		assert row.score == _soft(plan, c, km, []) == _score(plan, c, km)

	def full_key(row):
		c = by_id[row.candidate_id]
		return (
			not row.eligible,
			-row.score,
			c.recent_assignments,
			c.last_assignment_on or date.min,
			c.name,
			c.member_id,
		)

	assert [full_key(r) for r in everyone] == sorted(full_key(r) for r in everyone)
	# Without the excluded: the same order, just shorter.
	assert ids(match(need_, candidates, Weights(), TODAY)) == ids(eligible)
	# Deterministic and independent of the order the members come in.
	shuffled = list(candidates)
	random.Random(seed).shuffle(shuffled)
	assert ids(match(need_, shuffled, Weights(), TODAY, include_excluded=True)) == ids(everyone)
