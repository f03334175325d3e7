"""The training path's rules: certificate expiry, prerequisites, qualification, enrolment with
a waiting list, passing on attendance, and reminders.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lef_members.domain.errors import DomainError, InvalidValueError
from lef_members.domain.members import ACTIVE, CANDIDATE, IN_TRAINING, INTAKE, LEFT, PAUSED
from lef_members.domain.training import (
	COMPLETED,
	ENROLLED,
	EXPIRED,
	EXPIRING,
	NOT_PASSED,
	NOT_YET_VALID,
	PASSED,
	SESSION_CANCELLED,
	SESSION_CLOSED,
	SESSION_COMPLETED,
	SESSION_OPEN,
	SESSION_PLANNED,
	VALID,
	WAITLISTED,
	WITHDRAWN,
	WITHDREW,
	Attendance,
	Certificate,
	Course,
	Enrolment,
	SessionPlaces,
	TraineeProgress,
	activation_course,
	after_withdrawal,
	certificate_expiry,
	certificate_states,
	certificates_expiring,
	check_may_withdraw,
	check_member_may_enrol,
	check_prerequisite_graph,
	check_session_dates,
	completion,
	enrol,
	is_valid_on,
	latest_expiry_by_course,
	missing_prerequisites,
	offered_to,
	places_left,
	prerequisite_path,
	prerequisite_reasons,
	qualification,
	qualified_for,
	required_courses,
	session_start,
	skills_from_certificates,
	stalled_in_training,
	status_after_result,
	sync_attendance,
	waiting_list,
	waitlist_position,
)

BASIC = "Basic training"
STORY = "Telling your recovery story"
COTEACH = "Co-teaching"
WRAP = "WRAP facilitator"


def cert(course, completed_on, expires_on=None, member="M1", reminded_on=None, name=""):
	return Certificate(course, completed_on, expires_on, member=member, reminded_on=reminded_on, name=name)


# --- certificate expiry ----------------------------------------------------------------------


@pytest.mark.parametrize(
	("completed_on", "months", "expected"),
	[
		(date(2024, 3, 1), 36, date(2027, 3, 1)),
		(date(2025, 1, 31), 1, date(2025, 2, 28)),  # end of a short month
		(date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
		(date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day, next year has none
		(date(2024, 2, 29), 48, date(2028, 2, 29)),  # leap day to leap day
		(date(2025, 8, 31), 6, date(2026, 2, 28)),
		(date(2025, 12, 15), 1, date(2026, 1, 15)),  # over the year end
		(date(2025, 5, 10), 0, None),  # forever
		(date(2025, 5, 10), None, None),  # forever
	],
)
def test_certificate_expiry_uses_calendar_months(completed_on, months, expected):
	assert certificate_expiry(completed_on, months) == expected


@pytest.mark.parametrize("months", [-1, 1.5, "12", True])
def test_certificate_expiry_refuses_a_strange_validity(months):
	with pytest.raises(InvalidValueError) as err:
		certificate_expiry(date(2025, 1, 1), months)
	assert err.value.field == "validity_months"


@pytest.mark.parametrize(
	("on_date", "valid"),
	[
		(date(2024, 2, 29), False),  # the day before completion
		(date(2024, 3, 1), True),  # the completion day itself
		(date(2027, 2, 28), True),  # the day before expiry: the last valid day
		(date(2027, 3, 1), False),  # the expiry date: no longer valid
		(date(2027, 3, 2), False),
	],
)
def test_a_certificate_is_valid_from_completion_up_to_the_day_before_expiry(on_date, valid):
	certificate = cert(STORY, date(2024, 3, 1), certificate_expiry(date(2024, 3, 1), 36))
	assert is_valid_on(certificate, on_date) is valid


def test_a_forever_certificate_is_valid_decades_later():
	assert is_valid_on(cert(BASIC, date(2020, 1, 1)), date(2080, 1, 1))


# --- qualification ---------------------------------------------------------------------------


def test_qualified_with_a_valid_certificate_says_until_when():
	result = qualification([STORY], [cert(STORY, date(2024, 3, 1), date(2027, 3, 1))], date(2026, 6, 1))
	assert result.qualified
	assert result.render() == [f"certificate {STORY} valid up to and including 2027-02-28"]
	assert result.valid_until == date(2027, 2, 28)


def test_session_on_the_expiry_date_is_not_covered():
	certificates = [cert(WRAP, date(2023, 2, 1), date(2026, 2, 1))]
	on_expiry = qualification([WRAP], certificates, date(2026, 2, 1))
	day_before = qualification([WRAP], certificates, date(2026, 1, 31))
	assert not on_expiry.qualified
	assert on_expiry.render() == [f"certificate {WRAP} expired on 2026-02-01"]
	assert on_expiry.reasons[0].ok is False
	assert on_expiry.valid_until is None
	assert day_before.qualified
	assert day_before.valid_until == date(2026, 1, 31)


def test_missing_training_is_named():
	result = qualification([BASIC, STORY], [cert(STORY, date(2025, 1, 1))], date(2026, 1, 1))
	assert not result.qualified
	assert result.render() == [
		f"missing training {BASIC}",
		f"certificate {STORY} valid, does not expire",
	]
	assert [reason.ok for reason in result.reasons] == [False, True]


def test_forever_valid_certificates_qualify_without_an_end():
	result = qualification([BASIC], [cert(BASIC, date(2015, 6, 1))], date(2040, 1, 1))
	assert result.qualified
	assert result.valid_until is None


def test_a_certificate_completed_after_the_session_does_not_count():
	result = qualification([BASIC], [cert(BASIC, date(2026, 5, 2))], date(2026, 5, 1))
	assert not result.qualified
	assert result.render() == [f"certificate {BASIC} only valid from 2026-05-02"]


def test_the_renewed_certificate_counts_over_the_expired_one():
	certificates = [
		cert(WRAP, date(2020, 1, 10), date(2023, 1, 10)),
		cert(WRAP, date(2022, 12, 1), date(2025, 12, 1)),
	]
	result = qualification([WRAP], certificates, date(2023, 6, 1))
	assert result.qualified
	assert result.valid_until == date(2025, 11, 30)


def test_the_latest_expiry_is_reported_when_every_certificate_expired():
	certificates = [
		cert(WRAP, date(2018, 1, 1), date(2021, 1, 1)),
		cert(WRAP, date(2021, 1, 1), date(2024, 1, 1)),
	]
	result = qualification([WRAP], certificates, date(2025, 1, 1))
	assert result.render() == [f"certificate {WRAP} expired on 2024-01-01"]


def test_valid_until_is_the_earliest_of_the_required_certificates():
	certificates = [
		cert(BASIC, date(2024, 1, 1)),
		cert(STORY, date(2024, 1, 1), date(2027, 1, 1)),
		cert(WRAP, date(2024, 1, 1), date(2026, 9, 1)),
	]
	result = qualification([BASIC, STORY, WRAP], certificates, date(2026, 1, 1))
	assert result.qualified
	assert result.valid_until == date(2026, 8, 31)


def test_nothing_required_means_qualified_with_nothing_to_say():
	result = qualification([], [], date(2026, 1, 1))
	assert result.qualified
	assert result.reasons == ()


def test_a_course_required_twice_is_reported_once():
	result = qualification([BASIC, BASIC], [], date(2026, 1, 1))
	assert len(result.reasons) == 1


def test_reasons_translate_the_template_then_fill_it_in():
	result = qualification([BASIC], [], date(2026, 1, 1))
	dutch = {"missing training {course}": "vorming {course} ontbreekt"}
	assert result.render(dutch.get) == [f"vorming {BASIC} ontbreekt"]


def test_required_courses_come_from_the_type_and_from_courses_that_qualify_for_it():
	courses = [
		Course(BASIC, qualifies_for=("Testimony", "Co-teaching")),
		Course(STORY, qualifies_for=("Testimony",)),
		Course(WRAP, qualifies_for=("WRAP session",)),
	]
	assert required_courses("Testimony", [STORY], courses) == [STORY, BASIC]
	assert required_courses("WRAP session", [], courses) == [WRAP]
	assert required_courses("Interview", [], courses) == []


def test_latest_expiry_by_course_for_matching():
	certificates = [
		cert(WRAP, date(2020, 1, 10), date(2023, 1, 10)),
		cert(WRAP, date(2022, 12, 1), date(2025, 12, 1)),
		cert(BASIC, date(2015, 1, 1), date(2018, 1, 1)),
		cert(BASIC, date(2019, 1, 1)),  # the course became valid forever
	]
	assert latest_expiry_by_course(certificates) == {WRAP: date(2025, 12, 1), BASIC: None}


# --- certificate states ----------------------------------------------------------------------


def test_certificate_states_for_the_member_record():
	today = date(2026, 3, 1)
	certificates = [
		cert(BASIC, date(2024, 1, 1)),
		cert(STORY, date(2024, 1, 1), date(2026, 4, 30)),  # 60 days: expiring
		cert(COTEACH, date(2024, 1, 1), date(2026, 5, 1)),  # 61 days: valid
		cert(WRAP, date(2020, 1, 1), date(2026, 3, 1)),  # expires today: expired
		cert("Buddy work", date(2026, 3, 2)),  # not yet
	]
	states = {s.course: s for s in certificate_states(certificates, today, warn_days=60)}
	assert {course: s.state for course, s in states.items()} == {
		BASIC: VALID,
		STORY: EXPIRING,
		COTEACH: VALID,
		WRAP: EXPIRED,
		"Buddy work": NOT_YET_VALID,
	}
	assert states[STORY].days_left == 60
	assert states[BASIC].days_left is None
	assert states[WRAP].reason.render() == f"certificate {WRAP} expired on 2026-03-01"


def test_a_renewal_hides_the_old_expired_certificate():
	certificates = [
		cert(WRAP, date(2020, 1, 1), date(2023, 1, 1)),
		cert(WRAP, date(2022, 12, 1), date(2025, 12, 1)),
	]
	states = certificate_states(certificates, date(2024, 1, 1), warn_days=30)
	assert [(s.course, s.state, s.certificate.completed_on) for s in states] == [
		(WRAP, VALID, date(2022, 12, 1))
	]


# --- prerequisites ---------------------------------------------------------------------------

CATALOGUE = [
	Course(BASIC),
	Course(STORY, prerequisites=(BASIC,)),
	Course(COTEACH, prerequisites=(STORY,)),
	Course(WRAP, prerequisites=(BASIC, STORY)),
]


@pytest.mark.parametrize(
	("course", "passed", "missing"),
	[
		(BASIC, [], []),
		(STORY, [], [BASIC]),
		(STORY, [BASIC], []),
		(COTEACH, [], [STORY]),  # only one step back is asked
		(COTEACH, [BASIC], [STORY]),
		(COTEACH, [STORY], []),  # passed B without A on record: may still go on
		(WRAP, [], [BASIC, STORY]),
		(WRAP, [STORY], [BASIC]),
	],
)
def test_missing_prerequisites_are_the_direct_ones_not_passed(course, passed, missing):
	assert missing_prerequisites(course, passed, CATALOGUE) == missing


@pytest.mark.parametrize(
	("course", "passed", "path"),
	[
		(COTEACH, [], [BASIC, STORY]),
		(COTEACH, [BASIC], [STORY]),
		(COTEACH, [STORY], []),
		(WRAP, [], [BASIC, STORY]),  # BASIC only once, before STORY
		(BASIC, [], []),
	],
)
def test_prerequisite_path_shows_the_whole_road_in_order(course, passed, path):
	assert prerequisite_path(course, passed, CATALOGUE) == path


def test_prerequisite_reasons_in_words():
	assert [r.render() for r in prerequisite_reasons([BASIC])] == [f"first pass the training {BASIC}"]


def test_an_unknown_course_is_refused():
	with pytest.raises(DomainError, match="no training course called Juggling"):
		missing_prerequisites("Juggling", [], CATALOGUE)


def test_a_sound_catalogue_passes_the_graph_check():
	check_prerequisite_graph(CATALOGUE)
	check_prerequisite_graph({c.name: c for c in CATALOGUE})


@pytest.mark.parametrize(
	("courses", "cycle"),
	[
		([Course("A", ("B",)), Course("B", ("A",))], "A → B → A"),
		([Course("A", ("A",))], "A → A"),
		([Course("A", ("B",)), Course("B", ("C",)), Course("C", ("A",))], "A → B → C → A"),
		# the circle sits behind a sound start
		([Course("X", ("A",)), Course("A", ("B",)), Course("B", ("A",))], "A → B → A"),
	],
)
def test_circles_of_prerequisites_are_refused_and_named(courses, cycle):
	with pytest.raises(DomainError) as err:
		check_prerequisite_graph(courses)
	assert err.value.params["cycle"] == cycle
	assert cycle in str(err.value)
	assert err.value.field == "prerequisites"


def test_a_shared_prerequisite_is_not_a_circle():
	# A diamond: D needs B and C, both need A.
	check_prerequisite_graph([Course("A"), Course("B", ("A",)), Course("C", ("A",)), Course("D", ("B", "C"))])


def test_a_prerequisite_that_does_not_exist_is_refused():
	with pytest.raises(DomainError, match="Co-teaching needs Ghost"):
		check_prerequisite_graph([Course(COTEACH, ("Ghost",))])


def test_prerequisite_path_refuses_a_circle_instead_of_looping():
	with pytest.raises(DomainError) as err:
		prerequisite_path("A", [], [Course("A", ("B",)), Course("B", ("A",))])
	assert err.value.params["cycle"] == "A → B → A"


# --- enrolment and waiting list --------------------------------------------------------------

NOW = datetime(2026, 3, 1, 10, 0)
START = datetime(2026, 4, 1, 9, 30)


def session(capacity=2, status=SESSION_OPEN, starts_at=START):
	return SessionPlaces(capacity, status, starts_at)


def e(member, status, minutes, name=""):
	return Enrolment(member, status, NOW + timedelta(minutes=minutes), name or member)


def test_enrol_gives_a_place_while_there_is_one():
	decision = enrol(session(2), [], "M1", NOW)
	assert (decision.status, decision.position) == (ENROLLED, None)
	assert decision.reason.render() == "enrolled; places still free: 1"


def test_two_members_for_the_last_place_one_enrolled_one_waitlisted_at_position_1():
	enrolments = [e("M1", ENROLLED, 0)]
	first = enrol(session(2), enrolments, "M2", NOW)
	enrolments.append(Enrolment("M2", first.status, NOW, "M2"))
	second = enrol(session(2), enrolments, "M3", NOW)
	assert (first.status, first.position) == (ENROLLED, None)
	assert (second.status, second.position) == (WAITLISTED, 1)
	assert second.reason.render() == "the session is full: on the waiting list at position 1"


def test_waiting_list_positions_follow_the_queue():
	enrolments = [e("M1", ENROLLED, 0), e("M2", WAITLISTED, 1), e("M3", WAITLISTED, 2)]
	assert enrol(session(1), enrolments, "M4", NOW).position == 3


def test_a_newcomer_does_not_pass_the_waiting_list_when_a_place_frees():
	# M1 withdrew, M2 still waits (move-up not yet run): M3 must queue behind M2.
	enrolments = [e("M1", WITHDRAWN, 0), e("M2", WAITLISTED, 1)]
	decision = enrol(session(1), enrolments, "M3", NOW)
	assert (decision.status, decision.position) == (WAITLISTED, 2)


def test_completed_enrolments_hold_their_place():
	decision = enrol(session(1), [e("M1", COMPLETED, 0)], "M2", NOW, by_coordinator=True)
	assert decision.status == WAITLISTED


def test_no_capacity_means_no_limit():
	enrolments = [e(f"M{i}", ENROLLED, i) for i in range(50)]
	assert enrol(session(None), enrolments, "X", NOW).status == ENROLLED


def test_capacity_zero_puts_everyone_on_the_waiting_list():
	assert enrol(session(0), [], "M1", NOW).status == WAITLISTED


@pytest.mark.parametrize("status", [ENROLLED, WAITLISTED, COMPLETED])
def test_enrolling_twice_is_refused(status):
	with pytest.raises(DomainError, match=f"M1 is already {status}") as err:
		enrol(session(5), [e("M1", status, 0)], "M1", NOW)
	assert err.value.field == "member"


def test_a_withdrawn_member_may_enrol_again_at_the_back():
	enrolments = [e("M1", WITHDRAWN, 0), e("M2", ENROLLED, 1), e("M3", WAITLISTED, 2)]
	decision = enrol(session(1), enrolments, "M1", NOW)
	assert (decision.status, decision.position) == (WAITLISTED, 2)


@pytest.mark.parametrize(
	("status", "now", "by_coordinator", "allowed"),
	[
		(SESSION_OPEN, START - timedelta(minutes=1), False, True),
		(SESSION_OPEN, START, False, False),  # the session has started
		(SESSION_PLANNED, NOW, False, False),
		(SESSION_CLOSED, NOW, False, False),
		(SESSION_PLANNED, NOW, True, True),  # a coordinator may
		(SESSION_CLOSED, NOW, True, True),
		(SESSION_OPEN, START + timedelta(days=1), True, True),  # a late starter, by hand
		(SESSION_COMPLETED, NOW, True, False),  # never
		(SESSION_CANCELLED, NOW, True, False),
		(SESSION_CANCELLED, NOW, False, False),
	],
)
def test_when_enrolment_is_open(status, now, by_coordinator, allowed):
	call = lambda: enrol(session(5, status), [], "M1", now, by_coordinator=by_coordinator)  # noqa: E731
	if allowed:
		assert call().status == ENROLLED
	else:
		with pytest.raises(DomainError) as err:
			call()
		assert err.value.field == "training_session"


def test_a_session_without_a_start_time_stays_open_until_closed():
	assert enrol(session(5, starts_at=None), [], "M1", datetime(2099, 1, 1)).status == ENROLLED


@pytest.mark.parametrize("capacity", [-1, 2.5, True])
def test_a_strange_capacity_is_refused(capacity):
	with pytest.raises(InvalidValueError):
		enrol(session(capacity), [], "M1", NOW)


def test_an_unknown_enrolment_status_is_refused():
	with pytest.raises(DomainError, match="Maybe is not a status"):
		enrol(session(2), [e("M1", "Maybe", 0)], "M2", NOW)


@pytest.mark.parametrize(
	("capacity", "enrolments", "moved"),
	[
		# one withdrew: the longest waiting moves up
		(2, [e("A", ENROLLED, 0), e("B", WITHDRAWN, 1), e("C", WAITLISTED, 3), e("D", WAITLISTED, 2)], ["D"]),
		# capacity raised by two
		(
			4,
			[e("A", ENROLLED, 0), e("B", ENROLLED, 1), e("C", WAITLISTED, 2), e("D", WAITLISTED, 3)],
			["C", "D"],
		),
		# more free places than people waiting
		(5, [e("A", ENROLLED, 0), e("C", WAITLISTED, 2)], ["C"]),
		# full: nobody
		(2, [e("A", ENROLLED, 0), e("B", ENROLLED, 1), e("C", WAITLISTED, 2)], []),
		# capacity lowered below the number enrolled: nobody down, nobody up
		(1, [e("A", ENROLLED, 0), e("B", ENROLLED, 1), e("C", WAITLISTED, 2)], []),
		# ...and after one of two leaves, still over: nobody up
		(1, [e("A", ENROLLED, 0), e("B", ENROLLED, 1), e("X", WITHDRAWN, 1), e("C", WAITLISTED, 2)], []),
		# no limit any more: everyone waiting moves up
		(None, [e("A", ENROLLED, 0), e("C", WAITLISTED, 2), e("D", WAITLISTED, 3)], ["C", "D"]),
		# same enrolment time: the record's name decides, always the same way
		(2, [e("A", ENROLLED, 0), e("C", WAITLISTED, 5, "REC-2"), e("D", WAITLISTED, 5, "REC-1")], ["D"]),
	],
)
def test_after_withdrawal_moves_up_first_come_first_served(capacity, enrolments, moved):
	assert after_withdrawal(session(capacity), enrolments) == moved


@pytest.mark.parametrize("status", [SESSION_COMPLETED, SESSION_CANCELLED])
def test_nobody_moves_up_in_a_finished_or_cancelled_session(status):
	enrolments = [e("A", WITHDRAWN, 0), e("C", WAITLISTED, 2)]
	assert after_withdrawal(session(1, status), enrolments) == []


def test_nobody_moves_up_by_itself_once_the_session_started():
	enrolments = [e("A", WITHDRAWN, 0), e("C", WAITLISTED, 2)]
	assert after_withdrawal(session(1), enrolments, now=START) == []
	assert after_withdrawal(session(1), enrolments, now=START - timedelta(seconds=1)) == ["C"]


def test_waiting_list_order():
	enrolments = [e("C", WAITLISTED, 3), e("A", ENROLLED, 0), e("B", WAITLISTED, 2)]
	assert [x.member for x in waiting_list(enrolments)] == ["B", "C"]


# A random history of enrolments, withdrawals and capacity changes, replayed the way the
# controller does it: enrol, or withdraw then move up who after_withdrawal names.
operations = st.lists(
	st.one_of(
		st.tuples(st.just("enrol"), st.integers(0, 9)),
		st.tuples(st.just("withdraw"), st.integers(0, 9)),
		st.tuples(st.just("capacity"), st.integers(0, 6)),
	),
	max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(capacity=st.integers(0, 6), ops=operations)
def test_enrolled_never_exceeds_capacity_and_nobody_jumps_the_queue(capacity, ops):
	enrolments: list[Enrolment] = []
	clock = NOW
	cap = capacity
	allowed = capacity  # the most enrolled we may ever see: raised only by a lowered capacity
	for op, value in ops:
		clock += timedelta(minutes=1)
		if op == "enrol":
			member = f"M{value}"
			if any(x.member == member and x.status in (ENROLLED, WAITLISTED) for x in enrolments):
				with pytest.raises(DomainError):
					enrol(session(cap), enrolments, member, clock)
				continue
			decision = enrol(session(cap), enrolments, member, clock)
			if decision.status == WAITLISTED:
				assert decision.position == len(waiting_list(enrolments)) + 1
			enrolments.append(Enrolment(member, decision.status, clock, f"REC-{len(enrolments):03d}"))
		else:
			if op == "withdraw":
				enrolments = [
					Enrolment(x.member, WITHDRAWN, x.enrolled_at, x.name)
					if x.member == f"M{value}" and x.status in (ENROLLED, WAITLISTED)
					else x
					for x in enrolments
				]
			else:
				allowed = max(value, sum(x.status == ENROLLED for x in enrolments))
				cap = value
			queue_before = [x.member for x in waiting_list(enrolments)]
			moved = after_withdrawal(session(cap), enrolments)
			# Moving up takes the front of the queue, in order: nobody is passed.
			assert moved == queue_before[: len(moved)]
			enrolments = [
				Enrolment(x.member, ENROLLED, x.enrolled_at, x.name)
				if x.member in moved and x.status == WAITLISTED
				else x
				for x in enrolments
			]
		enrolled = sum(x.status == ENROLLED for x in enrolments)
		assert enrolled <= allowed
		allowed = max(cap, min(allowed, enrolled))
		# Nobody waits while a place is free.
		if waiting_list(enrolments):
			assert enrolled >= cap
		# The waiting list is in enrolment order.
		times = [x.enrolled_at for x in waiting_list(enrolments)]
		assert times == sorted(times)


# --- attendance and results ------------------------------------------------------------------

DATES = [date(2026, 4, 1), date(2026, 4, 8), date(2026, 4, 15), date(2026, 4, 22), date(2026, 4, 29)]


def attendance(*present):
	return [Attendance(d, p) for d, p in zip(DATES, present, strict=False)]


@pytest.mark.parametrize(
	("rows", "ratio", "passed", "completed_on"),
	[
		(attendance(True, True, True, True, True), None, True, date(2026, 4, 29)),
		(attendance(True, True, True, True, False), Decimal("0.8"), True, date(2026, 4, 22)),
		(attendance(True, True, True, True, False), 0.8, True, date(2026, 4, 22)),  # no float surprise
		(attendance(True, False, True, True, True), Fraction(4, 5), True, date(2026, 4, 29)),
		(attendance(True, True, True, False, None), Decimal("0.5"), True, date(2026, 4, 15)),
		(attendance(True, True, True), None, True, date(2026, 4, 15)),
	],
)
def test_passing_needs_the_attendance_and_completes_on_the_last_date_attended(
	rows, ratio, passed, completed_on
):
	result = completion(PASSED, rows, ratio)
	assert result.passed is passed
	assert result.completed_on == completed_on


@pytest.mark.parametrize(
	("rows", "ratio", "attended", "required"),
	[
		(attendance(True, True, True, True, False), None, 4, 5),  # default: every date
		(attendance(True, True, True, False, False), Decimal("0.8"), 3, 4),
		(attendance(True, True, True, True, None), None, 4, 5),  # not recorded counts as absent
		(attendance(True, True, False, False, False), Decimal("0.5"), 2, 3),  # 2.5 rounds up
	],
)
def test_passing_without_enough_attendance_is_refused_clearly(rows, ratio, attended, required):
	with pytest.raises(DomainError) as err:
		completion(PASSED, rows, ratio)
	assert err.value.field == "result"
	assert err.value.params == {"attended": attended, "total": 5, "required": required}
	assert f"Attended {attended} of 5 dates; passing needs at least {required}." in str(err.value)


def test_not_passed_and_withdrew_need_no_attendance():
	not_passed = completion(NOT_PASSED, attendance(True, False, False, False, False))
	withdrew = completion(WITHDREW, attendance(True, True, False, None, None))
	assert (not_passed.passed, not_passed.completed_on) == (False, date(2026, 4, 1))
	assert (withdrew.passed, withdrew.completed_on) == (False, None)


def test_passing_a_session_without_dates_is_refused():
	with pytest.raises(DomainError, match="no dates"):
		completion(PASSED, [])


@pytest.mark.parametrize("ratio", [0, Decimal("1.2"), -0.5, "most"])
def test_a_strange_attendance_ratio_is_refused(ratio):
	with pytest.raises(InvalidValueError):
		completion(PASSED, attendance(True), ratio)


def test_a_date_listed_twice_is_refused():
	with pytest.raises(DomainError, match="2026-04-01 twice"):
		completion(PASSED, [Attendance(DATES[0], True), Attendance(DATES[0], True)])


def test_an_unknown_result_is_refused():
	with pytest.raises(DomainError, match="Great is not a result"):
		completion("Great", attendance(True))


def test_completion_then_expiry_gives_the_certificate():
	done = completion(PASSED, attendance(True, True, True, True, True))
	assert certificate_expiry(done.completed_on, 36) == date(2029, 4, 29)


# --- reminders -------------------------------------------------------------------------------

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
	("expires_on", "reminded_on", "due"),
	[
		(date(2026, 3, 31), None, True),  # 30 days ahead: the edge of the window
		(date(2026, 4, 1), None, False),  # 31 days: not yet
		(date(2026, 3, 2), None, True),  # tomorrow
		(date(2026, 3, 1), None, False),  # today: it has expired, too late for "before"
		(date(2026, 2, 20), None, False),
		(None, None, False),  # forever
		(date(2026, 3, 31), date(2026, 3, 1), False),  # already reminded today (a rerun)
		(date(2026, 3, 20), date(2026, 2, 18), False),  # reminded the day this window opened
		(date(2026, 3, 20), date(2026, 2, 17), True),  # the day before it opened: another expiry
		(date(2026, 3, 31), date(2025, 3, 1), True),  # reminded for an earlier expiry
		(date(2026, 3, 31), date(2026, 2, 28), True),  # the day before this window opened
	],
)
def test_certificates_expiring_within_the_window_once(expires_on, reminded_on, due):
	certificate = cert(STORY, date(2023, 3, 31), expires_on, reminded_on=reminded_on)
	assert certificates_expiring([certificate], TODAY, 30) == ([certificate] if due else [])


def test_a_renewed_certificate_gets_no_reminder():
	old = cert(WRAP, date(2023, 3, 20), date(2026, 3, 20))
	renewed = cert(WRAP, date(2026, 2, 15), date(2029, 2, 15))
	forever = cert(BASIC, date(2020, 1, 1))
	old_basic = cert(BASIC, date(2019, 3, 10), date(2026, 3, 10))
	assert certificates_expiring([old, renewed, forever, old_basic], TODAY, 30) == []


def test_another_members_renewal_does_not_hide_a_reminder():
	mine = cert(WRAP, date(2023, 3, 20), date(2026, 3, 20), member="M1")
	theirs = cert(WRAP, date(2026, 2, 15), date(2029, 2, 15), member="M2")
	assert certificates_expiring([mine, theirs], TODAY, 30) == [mine]


def test_a_rerun_after_a_half_finished_job_sends_only_the_rest():
	certificates = [
		cert(STORY, date(2023, 3, 10), date(2026, 3, 10), member=f"M{i}", name=f"C{i}") for i in range(4)
	]
	first_run = certificates_expiring(certificates, TODAY, 30)
	assert len(first_run) == 4
	# The job died after mailing two of them; it recorded reminded_on for those two.
	after = [
		Certificate(c.course, c.completed_on, c.expires_on, c.member, TODAY if i < 2 else None, c.name)
		for i, c in enumerate(certificates)
	]
	assert [c.member for c in certificates_expiring(after, TODAY, 30)] == ["M2", "M3"]
	# ...and the next days send nothing again for the same expiry.
	assert certificates_expiring(after[:2], TODAY + timedelta(days=5), 30) == []


def test_reminders_come_soonest_expiry_first():
	a = cert(STORY, date(2023, 3, 20), date(2026, 3, 20), member="A")
	b = cert(WRAP, date(2023, 3, 5), date(2026, 3, 5), member="B")
	assert certificates_expiring([a, b], TODAY, 30) == [b, a]


def test_reminder_window_must_make_sense():
	with pytest.raises(InvalidValueError):
		certificates_expiring([], TODAY, -1)


def progress(status=IN_TRAINING, since=None, last=None, next_on=None, reminded=None, member="M1"):
	return TraineeProgress(member, status, since, last, next_on, reminded)


@pytest.mark.parametrize(
	("member", "stalled"),
	[
		(progress(since=date(2025, 9, 1)), True),  # exactly six months
		(progress(since=date(2025, 9, 2)), False),  # a day short
		(progress(since=date(2025, 1, 1), last=date(2025, 10, 1)), False),  # attended recently
		(progress(since=date(2025, 1, 1), last=date(2025, 8, 31)), True),
		(progress(since=date(2025, 1, 1), next_on=date(2026, 4, 1)), False),  # enrolled for later
		(progress(since=date(2025, 1, 1), next_on=date(2026, 3, 1)), False),  # session today
		(progress(since=date(2025, 1, 1), next_on=date(2026, 2, 1)), True),  # that one is past
		(progress(status=ACTIVE, since=date(2020, 1, 1)), False),
		(progress(), True),  # nothing recorded at all
		(progress(since=date(2025, 1, 1), reminded=date(2026, 2, 1)), False),  # reminded recently
		(progress(since=date(2025, 1, 1), reminded=date(2025, 9, 1)), True),  # six months ago
	],
)
def test_stalled_in_training(member, stalled):
	assert (stalled_in_training([member], TODAY, 6) == [member]) is stalled


def test_stalled_members_oldest_first():
	members = [
		progress(member="B", since=date(2025, 5, 1)),
		progress(member="A", since=date(2024, 5, 1)),
		progress(member="C", since=date(2026, 1, 1)),
	]
	assert [m.member for m in stalled_in_training(members, TODAY, 6)] == ["A", "B"]


def test_stalled_needs_at_least_one_month():
	with pytest.raises(InvalidValueError):
		stalled_in_training([], TODAY, 0)


def test_a_negative_warning_period_is_refused():
	with pytest.raises(InvalidValueError) as err:
		certificate_states([], TODAY, warn_days=-1)
	assert err.value.field == "warn_days"


# --- the site's additions: one qualification answer, who may enrol, results and attendance ----

SITE_CATALOGUE = [
	Course(BASIC, validity_months=None),
	Course(STORY, (BASIC,), validity_months=36, qualifies_for=("Recovery story",)),
	Course(COTEACH, (STORY,), validity_months=24, qualifies_for=("Co-teaching",)),
	Course(WRAP, (BASIC,), validity_months=36),
]


def test_qualified_for_an_assignment_type_on_a_date():
	certificates = [cert(BASIC, date(2020, 1, 1)), cert(STORY, date(2024, 3, 1), date(2027, 3, 1))]
	result = qualified_for("Recovery story", date(2027, 2, 28), certificates, SITE_CATALOGUE)
	assert result.qualified
	assert result.valid_until == date(2027, 2, 28)
	# The session falls on the expiry date: no longer qualified.
	on_expiry = qualified_for("Recovery story", date(2027, 3, 1), certificates, SITE_CATALOGUE)
	assert not on_expiry.qualified
	assert on_expiry.render() == [f"certificate {STORY} expired on 2027-03-01"]


def test_qualified_for_adds_the_courses_the_type_lists_itself():
	certificates = [cert(STORY, date(2024, 3, 1), date(2027, 3, 1))]
	result = qualified_for(
		"Recovery story", date(2025, 1, 1), certificates, SITE_CATALOGUE, listed_by_type=[WRAP]
	)
	assert not result.qualified
	assert result.render() == [
		f"missing training {WRAP}",
		f"certificate {STORY} valid up to and including 2027-02-28",
	]


def test_qualified_for_a_type_nothing_requires():
	assert qualified_for("Interview", date(2025, 1, 1), [], SITE_CATALOGUE).qualified


def test_qualified_for_with_a_forever_basic_training_along_a_chain():
	# Co-teaching needs a valid Co-teaching certificate; the chain behind it only matters for enrolment.
	certificates = [cert(COTEACH, date(2025, 1, 1), date(2027, 1, 1))]
	assert qualified_for("Co-teaching", date(2026, 12, 31), certificates, SITE_CATALOGUE).qualified
	assert not qualified_for("Co-teaching", date(2027, 1, 1), certificates, SITE_CATALOGUE).qualified


def test_skills_come_from_certificates_valid_on_the_date():
	skills = {STORY: ["Telling a recovery story"], WRAP: ["WRAP facilitation", "Group facilitation"]}
	certificates = [cert(STORY, date(2020, 1, 1), date(2023, 1, 1)), cert(WRAP, date(2024, 1, 1))]
	assert skills_from_certificates(certificates, skills, date(2025, 1, 1)) == [
		"Group facilitation",
		"WRAP facilitation",
	]
	assert skills_from_certificates(certificates, skills, date(2022, 1, 1)) == ["Telling a recovery story"]


def test_activation_after_the_basic_training():
	certificates = [cert(BASIC, date(2025, 6, 1))]
	assert activation_course(IN_TRAINING, certificates, [BASIC], date(2025, 6, 1)) == BASIC


@pytest.mark.parametrize(
	("status", "certificates", "basic", "message"),
	[
		(ACTIVE, [cert(BASIC, date(2025, 6, 1))], [BASIC], "Only a member In Training"),
		(IN_TRAINING, [], [BASIC], f"has not passed the basic training \\({BASIC}\\)"),
		(IN_TRAINING, [cert(STORY, date(2025, 6, 1))], [BASIC], "has not passed the basic training"),
		# expired on the day itself
		(IN_TRAINING, [cert(BASIC, date(2022, 6, 1), date(2025, 6, 1))], [BASIC], "has not passed"),
		(IN_TRAINING, [cert(BASIC, date(2025, 6, 1))], [], "No training course is marked as basic"),
	],
)
def test_activation_after_training_says_what_is_missing(status, certificates, basic, message):
	with pytest.raises(DomainError, match=message):
		activation_course(status, certificates, basic, date(2025, 6, 1))


@pytest.mark.parametrize(
	("status", "by_coordinator", "allowed"),
	[
		(IN_TRAINING, False, True),
		(ACTIVE, False, True),
		(PAUSED, False, False),
		(INTAKE, False, False),
		(CANDIDATE, False, False),
		(LEFT, False, False),
		(PAUSED, True, True),
		(INTAKE, True, True),
		(CANDIDATE, True, False),
		(LEFT, True, False),
	],
)
def test_who_may_be_enrolled(status, by_coordinator, allowed):
	if allowed:
		check_member_may_enrol(status, by_coordinator)
	else:
		with pytest.raises(DomainError) as err:
			check_member_may_enrol(status, by_coordinator)
		assert err.value.field == "member"
		assert status in str(err.value)


def test_session_start_is_the_first_date_at_its_start_time():
	dates = [(date(2026, 4, 8), time(13, 0)), (date(2026, 4, 1), time(9, 30)), (date(2026, 4, 15), None)]
	assert session_start(dates) == datetime(2026, 4, 1, 9, 30)
	assert session_start([(date(2026, 4, 1), None)]) == datetime(2026, 4, 1, 0, 0)
	assert session_start([]) is None


def test_session_dates_once_each_and_ending_after_they_start():
	check_session_dates([(date(2026, 4, 1), time(9), time(12)), (date(2026, 4, 8), None, None)])
	with pytest.raises(DomainError, match="2026-04-01 is listed twice"):
		check_session_dates([(date(2026, 4, 1), None, None), (date(2026, 4, 1), time(9), None)])
	with pytest.raises(DomainError, match="end time is not after the start time"):
		check_session_dates([(date(2026, 4, 1), time(12), time(12))])


def test_places_left_counts_the_waiting_list_first():
	enrolments = [e("M1", ENROLLED, 0), e("M2", WITHDRAWN, 1), e("M3", WAITLISTED, 2)]
	assert places_left(session(3), enrolments) == 1
	assert places_left(session(2), enrolments) == 0
	assert places_left(session(1), enrolments) == 0  # capacity lowered: never below zero
	assert places_left(session(None), enrolments) is None


def test_waitlist_position_of_a_member():
	enrolments = [e("M1", ENROLLED, 0), e("M3", WAITLISTED, 5), e("M2", WAITLISTED, 2)]
	assert waitlist_position(enrolments, "M2") == 1
	assert waitlist_position(enrolments, "M3") == 2
	assert waitlist_position(enrolments, "M1") is None


@pytest.mark.parametrize(
	("status", "session_status", "now", "by_coordinator", "allowed"),
	[
		(ENROLLED, SESSION_OPEN, NOW, False, True),
		(WAITLISTED, SESSION_CLOSED, NOW, False, True),
		(ENROLLED, SESSION_OPEN, START, False, False),  # started: ask the forum
		(ENROLLED, SESSION_OPEN, START, True, True),
		(ENROLLED, SESSION_CANCELLED, NOW, False, False),
		(COMPLETED, SESSION_OPEN, NOW, True, False),
		(WITHDRAWN, SESSION_OPEN, NOW, False, False),
	],
)
def test_who_may_withdraw_when(status, session_status, now, by_coordinator, allowed):
	call = lambda: check_may_withdraw(status, session(5, session_status), now, by_coordinator)  # noqa: E731
	if allowed:
		call()
	else:
		with pytest.raises(DomainError):
			call()


@pytest.mark.parametrize(
	("status", "result", "expected"),
	[
		(ENROLLED, PASSED, COMPLETED),
		(ENROLLED, NOT_PASSED, COMPLETED),
		(COMPLETED, PASSED, COMPLETED),
		(ENROLLED, WITHDREW, WITHDRAWN),
		(WAITLISTED, WITHDREW, WITHDRAWN),
		(COMPLETED, "", ENROLLED),  # a result taken back
		(ENROLLED, None, ENROLLED),
		(WITHDRAWN, "", WITHDRAWN),
		(WAITLISTED, PASSED, None),
		(WITHDRAWN, NOT_PASSED, None),
	],
)
def test_status_after_result(status, result, expected):
	if expected is None:
		with pytest.raises(DomainError, match="Only a member with a place"):
			status_after_result(status, result)
	else:
		assert status_after_result(status, result) == expected


def test_status_after_an_unknown_result_is_refused():
	with pytest.raises(DomainError):
		status_after_result(ENROLLED, "Great")


def test_attendance_follows_the_session_dates_and_keeps_what_was_recorded():
	rows = [Attendance(date(2026, 4, 1), True), Attendance(date(2026, 4, 8), False)]
	synced = sync_attendance([date(2026, 4, 15), date(2026, 4, 1), date(2026, 4, 22)], rows)
	assert synced == [
		Attendance(date(2026, 4, 1), True),
		Attendance(date(2026, 4, 15), None),
		Attendance(date(2026, 4, 22), None),
	]


def test_statuses_in_enrolment_messages_are_translated_with_the_template():
	words = {
		"{member} is already {status} for this session.": "{member} heeft al de status {status}.",
		"Waitlisted": "Op de wachtlijst",
		"This session is not open for enrolment (it is {status}).": "Niet open ({status}).",
		"Planned": "Gepland",
	}
	with pytest.raises(DomainError) as twice:
		enrol(session(5), [e("M1", WAITLISTED, 0)], "M1", NOW)
	assert twice.value.render(lambda s: words.get(s, s)) == "M1 heeft al de status Op de wachtlijst."
	with pytest.raises(DomainError) as planned:
		enrol(session(5, SESSION_PLANNED), [], "M1", NOW)
	assert planned.value.render(lambda s: words.get(s, s)) == "Niet open (Gepland)."


# --- which sessions are offered ------------------------------------------------------------------


def _states(*certificates, on=date(2026, 12, 7)):
	return certificate_states(certificates, on, warn_days=60)


def test_a_passed_course_that_never_expires_is_not_offered_again():
	states = _states(cert(BASIC, date(2024, 3, 1)))
	assert not offered_to(BASIC, states)
	assert offered_to(STORY, states)  # another course is


def test_a_course_is_offered_again_when_its_certificate_runs_out_or_has_run_out():
	assert not offered_to(STORY, _states(cert(STORY, date(2025, 6, 1), date(2027, 6, 1))))
	assert offered_to(STORY, _states(cert(STORY, date(2024, 1, 1), date(2027, 1, 15))))  # expiring
	assert offered_to(STORY, _states(cert(STORY, date(2023, 1, 1), date(2025, 1, 1))))  # expired
	assert offered_to(STORY, _states())  # never taken
