"""The forum's training path: courses and their prerequisites, sessions with places and a
waiting list, attendance and results, certificates that expire, and whether a member is
qualified for an assignment type on a date.

The rules in the forum's words:

- **A certificate is valid from its completion date up to the day before its expiry date.**
  "Expires on 1 March 2027" means it no longer counts on 1 March 2027: a session on the
  expiry date needs a renewed certificate. A course without a validity (0 or empty) gives a
  certificate that never expires. Months are calendar months (31 January + 1 month is the
  last day of February).
- **Prerequisites are checked one step back.** To enrol in C (which needs B, which needs A)
  the member must have passed B. Whether they passed A was checked when they enrolled in B,
  so a member who passed B without A (an exemption, or A was added later) may still go on.
  :func:`prerequisite_path` shows the whole road for someone who has passed nothing yet.
- **First come, first served.** Places go by enrolment time; a newcomer never passes someone
  on the waiting list. When a place frees, the longest waiting move up. Lowering the capacity
  below the number enrolled puts nobody back on the waiting list; it only stops move-ups
  until enough people have left.
- **Passing needs attendance.** A coordinator can mark a member passed only when they attended
  at least the course's share of the dates (all dates unless the course says otherwise). The
  completion date is the last date they attended.

Everything here takes the full current state (all enrolments of a session, all certificates
of a member) and is deterministic, so the caller can run it under a row lock and write back
what it returns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from lef_members.domain.errors import DomainError, InvalidValueError, _
from lef_members.domain.members import ACTIVE, IN_TRAINING, INTAKE, PAUSED

# Enrolment statuses. Enrolled and Completed hold a place in the session.
ENROLLED = "Enrolled"
WAITLISTED = "Waitlisted"
WITHDRAWN = "Withdrawn"
COMPLETED = "Completed"
ENROLMENT_STATUSES = (ENROLLED, WAITLISTED, WITHDRAWN, COMPLETED)
HOLDS_PLACE = frozenset({ENROLLED, COMPLETED})
# A member with one of these already has an enrolment in the session; a withdrawn member may
# enrol again (at the back of the queue).
ACTIVE_ENROLMENT = frozenset({ENROLLED, WAITLISTED, COMPLETED})

# Session statuses.
SESSION_PLANNED = "Planned"
SESSION_OPEN = "Open"
SESSION_CLOSED = "Closed"
SESSION_COMPLETED = "Completed"
SESSION_CANCELLED = "Cancelled"
SESSION_STATUSES = (SESSION_PLANNED, SESSION_OPEN, SESSION_CLOSED, SESSION_COMPLETED, SESSION_CANCELLED)

# Results of an enrolment.
PASSED = "Passed"
NOT_PASSED = "Not Passed"
WITHDREW = "Withdrew"
RESULTS = (PASSED, NOT_PASSED, WITHDREW)

# The state of a member's certificate for a course on a date.
VALID = "Valid"
EXPIRING = "Expiring"
EXPIRED = "Expired"
NOT_YET_VALID = "Not yet valid"

# A share of dates: Decimal("0.8"), Fraction(4, 5), 0.8 or 1.
Ratio = Decimal | Fraction | float | int


@dataclass(frozen=True)
class Reason:
	"""One line a coordinator or member reads: an untranslated template and its values.

	``ok`` says whether the line speaks for (True) or against (False) the member.
	"""

	template: str
	params: dict[str, object] = field(default_factory=dict)
	ok: bool = True

	def render(self, translate=None) -> str:
		template = translate(self.template) if translate else self.template
		return template.format(**self.params)


# ---------------------------------------------------------------------------------------------
# Courses and certificates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Course:
	"""A training course as the rules need it.

	``validity_months`` of 0 or None: the certificate never expires.
	``required_attendance``: the share of dates a member must attend to pass (None: all).
	"""

	name: str
	prerequisites: tuple[str, ...] = ()
	validity_months: int | None = None
	qualifies_for: tuple[str, ...] = ()
	required_attendance: Ratio | None = None


@dataclass(frozen=True)
class Certificate:
	"""A passed course: the member, the course, when it was completed and when it expires.

	``expires_on`` is the first day the certificate no longer counts (None: never).
	``reminded_on`` is when an expiry reminder was last sent for it.
	"""

	course: str
	completed_on: date
	expires_on: date | None = None
	member: str = ""
	reminded_on: date | None = None
	name: str = ""


def _check_validity_months(validity_months: int | None) -> int:
	if validity_months is None:
		return 0
	if isinstance(validity_months, bool) or not isinstance(validity_months, int) or validity_months < 0:
		raise InvalidValueError(
			_("The validity of a certificate must be a whole number of months (0 for forever), not {value}."),
			field="validity_months",
			value=validity_months,
		)
	return validity_months


def certificate_expiry(completed_on: date, validity_months: int | None) -> date | None:
	"""The day a certificate stops counting: the completion date plus the course's validity
	in calendar months, or None when the course's certificate is valid forever.

	A certificate completed on 31 January with one month of validity expires on the last day
	of February (28 or 29), so it counts up to and including the day before.
	"""
	months = _check_validity_months(validity_months)
	if not months:
		return None
	return completed_on + relativedelta(months=months)


def is_valid_on(certificate: Certificate, on_date: date) -> bool:
	"""Valid from the completion date, up to and not including the expiry date."""
	if on_date < certificate.completed_on:
		return False
	return certificate.expires_on is None or on_date < certificate.expires_on


def _best_certificate(certificates: Iterable[Certificate], on_date: date) -> Certificate | None:
	"""Of one course's certificates, the one that says most about ``on_date``.

	A valid one first (forever, else the one that lasts longest); otherwise the one that
	expired last; otherwise the one that starts soonest.
	"""
	valid = [c for c in certificates if is_valid_on(c, on_date)]
	if valid:
		return max(valid, key=lambda c: (c.expires_on is None, c.expires_on or date.min, c.completed_on))
	expired = [c for c in certificates if c.expires_on is not None and c.expires_on <= on_date]
	if expired:
		return max(expired, key=lambda c: (c.expires_on, c.completed_on))
	future = [c for c in certificates if c.completed_on > on_date]
	if future:
		return min(future, key=lambda c: c.completed_on)
	return None


def _by_course(certificates: Iterable[Certificate]) -> dict[str, list[Certificate]]:
	grouped: dict[str, list[Certificate]] = {}
	for certificate in certificates:
		grouped.setdefault(certificate.course, []).append(certificate)
	return grouped


# ---------------------------------------------------------------------------------------------
# Qualification
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Qualification:
	"""Whether a member is qualified on a date, with one reason per required course.

	``valid_until`` is the last day on which all required certificates still count (None when
	none of them expires, or when the member is not qualified).
	"""

	qualified: bool
	reasons: tuple[Reason, ...] = ()
	valid_until: date | None = None

	def render(self, translate=None) -> list[str]:
		return [reason.render(translate) for reason in self.reasons]


def required_courses(
	assignment_type: str, listed_by_type: Iterable[str], courses: Iterable[Course]
) -> list[str]:
	"""The courses an assignment type needs: those the type lists, and those courses that
	declare they qualify for the type. Each is required (not one of them).
	"""
	names = list(dict.fromkeys(listed_by_type))
	for course in courses:
		if assignment_type in course.qualifies_for and course.name not in names:
			names.append(course.name)
	return names


def _certificate_reason(course: str, best: Certificate | None, on_date: date) -> Reason:
	if best is None:
		return Reason(_("missing training {course}"), {"course": course}, ok=False)
	if is_valid_on(best, on_date):
		if best.expires_on is None:
			return Reason(_("certificate {course} valid, does not expire"), {"course": course})
		return Reason(
			_("certificate {course} valid up to and including {valid_until}"),
			{"course": course, "valid_until": (best.expires_on - timedelta(days=1)).isoformat()},
		)
	if best.expires_on is not None and best.expires_on <= on_date:
		return Reason(
			_("certificate {course} expired on {expired_on}"),
			{"course": course, "expired_on": best.expires_on.isoformat()},
			ok=False,
		)
	return Reason(
		_("certificate {course} only valid from {valid_from}"),
		{"course": course, "valid_from": best.completed_on.isoformat()},
		ok=False,
	)


def qualification(
	required: Iterable[str], member_certificates: Iterable[Certificate], on_date: date
) -> Qualification:
	"""Is this member qualified on ``on_date`` for work that requires these courses?

	Every required course must be held with a certificate valid on that date (see the module
	docstring for the boundary). With nothing required the member is qualified and there is
	nothing to say. ``required`` is the list of course names (see :func:`required_courses`).
	"""
	by_course = _by_course(member_certificates)
	reasons: list[Reason] = []
	qualified = True
	valid_until: date | None = None
	for course in dict.fromkeys(required):
		best = _best_certificate(by_course.get(course, ()), on_date)
		reason = _certificate_reason(course, best, on_date)
		reasons.append(reason)
		if not reason.ok:
			qualified = False
		elif best is not None and best.expires_on is not None:
			last_day = best.expires_on - timedelta(days=1)
			valid_until = last_day if valid_until is None else min(valid_until, last_day)
	return Qualification(qualified, tuple(reasons), valid_until if qualified else None)


def latest_expiry_by_course(certificates: Iterable[Certificate]) -> dict[str, date | None]:
	"""Per course, the expiry of the member's longest-lasting certificate (None: never expires).

	The compact form matching reads (``course -> expiry``): a renewal wins over the old
	certificate.
	"""
	return latest_expiry((c.course, c.expires_on) for c in certificates)


def latest_expiry(certificates: Iterable[tuple[str, date | None]]) -> dict[str, date | None]:
	"""``(course, expiry or None)`` pairs -> per course the latest expiry, None (never) beating all."""
	latest: dict[str, date | None] = {}
	for course, expiry in certificates:
		if course not in latest:
			latest[course] = expiry
		else:
			known = latest[course]
			if known is not None and (expiry is None or expiry > known):
				latest[course] = expiry
	return latest


def qualified_for(
	assignment_type: str,
	on_date: date,
	member_certificates: Iterable[Certificate],
	courses: Iterable[Course],
	listed_by_type: Iterable[str] = (),
) -> Qualification:
	"""Is this member qualified for this assignment type on this date?

	The one answer matching and the member record share: the courses the type needs (those it
	lists and those declaring they qualify for it, see :func:`required_courses`), each held
	with a certificate valid on ``on_date`` (see :func:`qualification`).
	"""
	required = required_courses(assignment_type, listed_by_type, courses)
	return qualification(required, member_certificates, on_date)


def skills_from_certificates(
	member_certificates: Iterable[Certificate], skills_by_course: Mapping[str, Iterable[str]], on_date: date
) -> list[str]:
	"""The skills a member's valid certificates on ``on_date`` vouch for, sorted and once each."""
	found: set[str] = set()
	for certificate in member_certificates:
		if is_valid_on(certificate, on_date):
			found.update(skills_by_course.get(certificate.course, ()))
	return sorted(found)


def activation_course(
	member_status: str, member_certificates: Iterable[Certificate], basic_courses: Iterable[str], today: date
) -> str:
	"""The basic training that lets a coordinator move this member from In Training to Active.

	The member must be In Training and hold a certificate of one of the basic courses that is
	valid today. Returns that course; raises a :class:`DomainError` saying what is missing.
	Whether the move itself is allowed (e-mail, consent) is the lifecycle's question
	(:func:`lef_members.domain.members.change_status`).
	"""
	if member_status != IN_TRAINING:
		raise DomainError(
			_(
				"Only a member In Training can be activated after the basic training; this member is {status}."
			),
			field="status",
			translate_params=("status",),
			status=member_status,
		)
	basic = list(dict.fromkeys(basic_courses))
	if not basic:
		raise DomainError(
			_("No training course is marked as basic training. Mark one in its Training Course."),
			field="course",
		)
	by_course = _by_course(member_certificates)
	for course in basic:
		best = _best_certificate(by_course.get(course, ()), today)
		if best is not None and is_valid_on(best, today):
			return course
	raise DomainError(
		_("The member has not passed the basic training ({courses}) yet."), field="course", courses=basic
	)


@dataclass(frozen=True)
class CertificateState:
	"""A member's standing for one course on a date, for the member record and reminders."""

	course: str
	state: str
	certificate: Certificate
	reason: Reason
	days_left: int | None = None


def certificate_states(
	certificates: Iterable[Certificate], on_date: date, warn_days: int = 60
) -> list[CertificateState]:
	"""One line per course the member holds a certificate for: Valid, Expiring (expires within
	``warn_days`` days), Expired or Not yet valid, looking at the best certificate of each
	course (a renewal hides the old, expired one). Sorted by course.
	"""
	_check_days(warn_days, "warn_days")
	states = []
	for course, own in sorted(_by_course(certificates).items()):
		best = _best_certificate(own, on_date)
		if best is None:
			continue
		reason = _certificate_reason(course, best, on_date)
		days_left = (best.expires_on - on_date).days if best.expires_on is not None else None
		if not is_valid_on(best, on_date):
			state = EXPIRED if best.expires_on is not None and best.expires_on <= on_date else NOT_YET_VALID
			days_left = None
		elif days_left is not None and days_left <= warn_days:
			state = EXPIRING
		else:
			state = VALID
		states.append(CertificateState(course, state, best, reason, days_left))
	return states


# ---------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------


def offered_to(course: str, states: Iterable[CertificateState]) -> bool:
	"""Is a session of ``course`` worth offering to the member with these certificate states?
	Yes without a certificate of the course, or with one that expires soon, has expired or does
	not count yet; no while it counts (one that never expires always counts)."""
	return not any(s.course == course and s.state == VALID for s in states)


def _catalogue(courses: Iterable[Course] | Mapping[str, Course]) -> dict[str, Course]:
	if isinstance(courses, Mapping):
		return dict(courses)
	return {course.name: course for course in courses}


def _unknown_course(name: str) -> DomainError:
	return DomainError(_("There is no training course called {course}."), field="course", course=name)


def _cycle_error(cycle: Sequence[str]) -> DomainError:
	return DomainError(
		_("These courses need each other in a circle: {cycle}. Remove one of these prerequisites."),
		field="prerequisites",
		cycle=" → ".join(cycle),
	)


def check_prerequisite_graph(courses: Iterable[Course] | Mapping[str, Course]) -> None:
	"""Refuse a catalogue where a course needs itself, directly or through others
	(A needs B needs A), or needs a course that does not exist. The message names the circle.
	"""
	catalogue = _catalogue(courses)
	for course in catalogue.values():
		for prerequisite in course.prerequisites:
			if prerequisite not in catalogue:
				raise DomainError(
					_(
						"{course} needs {prerequisite}, but there is no training course called {prerequisite}."
					),
					field="prerequisites",
					course=course.name,
					prerequisite=prerequisite,
				)
	done: set[str] = set()
	for start in catalogue:
		if start in done:
			continue
		# Depth-first walk without recursion; ``path`` is the chain being followed.
		path: list[str] = [start]
		on_path = {start}
		stack = [iter(catalogue[start].prerequisites)]
		while stack:
			nxt = next(stack[-1], None)
			if nxt is None:
				stack.pop()
				finished = path.pop()
				on_path.discard(finished)
				done.add(finished)
				continue
			if nxt in on_path:
				raise _cycle_error([*path[path.index(nxt) :], nxt])
			if nxt in done:
				continue
			path.append(nxt)
			on_path.add(nxt)
			stack.append(iter(catalogue[nxt].prerequisites))


def missing_prerequisites(
	course: str, passed_courses: Iterable[str], courses: Iterable[Course] | Mapping[str, Course]
) -> list[str]:
	"""The direct prerequisites of ``course`` the member has not passed, in the course's order.

	Only one step back: a member who passed B may enrol in C (C needs B) even if the
	record shows no pass for A (B needs A); that was checked when they enrolled in B.
	A passed course counts whether or not its certificate has expired.
	"""
	catalogue = _catalogue(courses)
	if course not in catalogue:
		raise _unknown_course(course)
	passed = set(passed_courses)
	return [name for name in dict.fromkeys(catalogue[course].prerequisites) if name not in passed]


def prerequisite_path(
	course: str, passed_courses: Iterable[str], courses: Iterable[Course] | Mapping[str, Course]
) -> list[str]:
	"""Every course the member still has to pass before ``course``, in an order they can take
	them (A before B before C). A passed course ends its branch: what it needs is not asked.
	"""
	catalogue = _catalogue(courses)
	if course not in catalogue:
		raise _unknown_course(course)
	passed = set(passed_courses)
	order: list[str] = []
	seen: set[str] = set()

	def visit(name: str, chain: list[str]) -> None:
		if name not in catalogue:
			raise _unknown_course(name)
		for prerequisite in catalogue[name].prerequisites:
			if prerequisite in chain:
				raise _cycle_error([*chain[chain.index(prerequisite) :], prerequisite])
			if prerequisite in passed or prerequisite in seen:
				continue
			visit(prerequisite, [*chain, prerequisite])
			seen.add(prerequisite)
			order.append(prerequisite)

	visit(course, [course])
	return order


def prerequisite_reasons(missing: Iterable[str]) -> list[Reason]:
	"""Words for the portal and the desk: one line per missing prerequisite."""
	return [Reason(_("first pass the training {course}"), {"course": name}, ok=False) for name in missing]


# ---------------------------------------------------------------------------------------------
# Enrolment and the waiting list
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionPlaces:
	"""What enrolment needs to know of a training session.

	``capacity`` None: no limit. ``starts_at``: the start of its first date.
	"""

	capacity: int | None
	status: str = SESSION_OPEN
	starts_at: datetime | None = None


@dataclass(frozen=True)
class Enrolment:
	"""A member's enrolment in a session; ``name`` (the record's id) breaks ties in time."""

	member: str
	status: str
	enrolled_at: datetime
	name: str = ""


@dataclass(frozen=True)
class EnrolDecision:
	"""Enrolled, or Waitlisted with the 1-based position on the waiting list."""

	status: str
	position: int | None
	reason: Reason


def _check_capacity(capacity: int | None) -> None:
	if capacity is None:
		return
	if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
		raise InvalidValueError(
			_("The number of places must be a whole number of 0 or more, not {value}."),
			field="capacity",
			value=capacity,
		)


def _check_statuses(enrolments: Iterable[Enrolment]) -> None:
	for enrolment in enrolments:
		if enrolment.status not in ENROLMENT_STATUSES:
			raise DomainError(
				_("{status} is not a status of an enrolment."), field="status", status=enrolment.status
			)


def _queue_key(enrolment: Enrolment) -> tuple[datetime, str, str]:
	return (enrolment.enrolled_at, enrolment.name, enrolment.member)


# Who may be enrolled: members enrol themselves while In Training or Active; a coordinator may
# also enrol someone in intake or on a pause. Candidates and members who left are never enrolled.
SELF_ENROL_STATUSES = (IN_TRAINING, ACTIVE)
COORDINATOR_ENROL_STATUSES = (INTAKE, IN_TRAINING, ACTIVE, PAUSED)


def check_member_may_enrol(member_status: str, by_coordinator: bool = False) -> None:
	"""Refuse to enrol a member whose status does not allow it, saying who may."""
	allowed = COORDINATOR_ENROL_STATUSES if by_coordinator else SELF_ENROL_STATUSES
	if member_status not in allowed:
		raise DomainError(
			_("A member who is {status} cannot be enrolled in a training. Allowed: {allowed}."),
			field="member",
			translate_params=("status", "allowed"),
			status=member_status,
			allowed=list(allowed),
		)


def session_start(dates: Iterable[tuple[date, time | None]]) -> datetime | None:
	"""When a session begins: its earliest date at its start time (midnight when none is set)."""
	starts = [datetime.combine(day, start or time(0)) for day, start in dates]
	return min(starts) if starts else None


def check_session_dates(dates: Sequence[tuple[date, time | None, time | None]]) -> None:
	"""A session's dates: each date once, and a date's end after its start."""
	seen: set[date] = set()
	for day, start, end in dates:
		if day in seen:
			raise DomainError(
				_("The date {date} is listed twice. One row per date."), field="dates", date=day.isoformat()
			)
		seen.add(day)
		if start is not None and end is not None and end <= start:
			raise DomainError(
				_("On {date} the end time is not after the start time."), field="dates", date=day.isoformat()
			)


def places_left(session: SessionPlaces, enrolments: Iterable[Enrolment]) -> int | None:
	"""Free places a newcomer could still take (None: no limit); waiting members go first."""
	_check_capacity(session.capacity)
	if session.capacity is None:
		return None
	enrolments = list(enrolments)
	return max(0, session.capacity - places_taken(enrolments) - len(waiting_list(enrolments)))


def waitlist_position(enrolments: Iterable[Enrolment], member: str) -> int | None:
	"""The member's 1-based place on the waiting list, or None when they are not waiting."""
	for position, enrolment in enumerate(waiting_list(enrolments), start=1):
		if enrolment.member == member:
			return position
	return None


def check_may_withdraw(
	status: str, session: SessionPlaces, now: datetime, by_coordinator: bool = False
) -> None:
	"""A member withdraws an enrolment or a place on the waiting list until the session starts;
	after that (or for a completed enrolment) only a coordinator records it, with the result
	Withdrew when they stopped half-way.
	"""
	if status not in (ENROLLED, WAITLISTED):
		raise DomainError(
			_("This enrolment is {status}: there is nothing to withdraw."),
			field="status",
			translate_params=("status",),
			status=status,
		)
	if by_coordinator:
		return
	if session.status in (SESSION_COMPLETED, SESSION_CANCELLED):
		raise DomainError(
			_("This session is {status}: nothing to withdraw from."),
			field="training_session",
			translate_params=("status",),
			status=session.status,
		)
	if session.starts_at is not None and now >= session.starts_at:
		raise DomainError(
			_("This session started on {start}. Ask the forum to record that you stopped."),
			field="training_session",
			start=session.starts_at.date().isoformat(),
		)


def places_taken(enrolments: Iterable[Enrolment]) -> int:
	return sum(1 for enrolment in enrolments if enrolment.status in HOLDS_PLACE)


def waiting_list(enrolments: Iterable[Enrolment]) -> list[Enrolment]:
	"""The waiting list in its order: who enrolled first waits in front."""
	return sorted((e for e in enrolments if e.status == WAITLISTED), key=_queue_key)


def enrol(
	session: SessionPlaces,
	enrolments: Sequence[Enrolment],
	member: str,
	now: datetime,
	by_coordinator: bool = False,
) -> EnrolDecision:
	"""Enrol ``member`` in the session, given all its current enrolments.

	A member enrols in an Open session before it starts; a coordinator may also enrol someone
	in a Planned or Closed session, or after the start, but never in a Completed or Cancelled
	one. The member gets a place when one is free and nobody is waiting for it; otherwise they
	join the back of the waiting list. Enrolling twice is refused; a withdrawn member may
	enrol again.
	"""
	_check_capacity(session.capacity)
	_check_statuses(enrolments)
	if session.status in (SESSION_COMPLETED, SESSION_CANCELLED):
		raise DomainError(
			_("This session is {status}: nobody can enrol in it any more."),
			field="training_session",
			translate_params=("status",),
			status=session.status,
		)
	if not by_coordinator:
		if session.status != SESSION_OPEN:
			raise DomainError(
				_("This session is not open for enrolment (it is {status})."),
				field="training_session",
				translate_params=("status",),
				status=session.status,
			)
		if session.starts_at is not None and now >= session.starts_at:
			raise DomainError(
				_("This session started on {start}: enrolment is closed."),
				field="training_session",
				start=session.starts_at.date().isoformat(),
			)
	for enrolment in enrolments:
		if enrolment.member == member and enrolment.status in ACTIVE_ENROLMENT:
			raise DomainError(
				_("{member} is already {status} for this session."),
				field="member",
				translate_params=("status",),
				member=member,
				status=enrolment.status,
			)
	taken = places_taken(enrolments)
	waiting = len(waiting_list(enrolments))
	if session.capacity is None or taken + waiting < session.capacity:
		if session.capacity is None:
			return EnrolDecision(ENROLLED, None, Reason(_("enrolled")))
		return EnrolDecision(
			ENROLLED,
			None,
			Reason(
				_("enrolled; places still free: {left}"), {"left": session.capacity - taken - waiting - 1}
			),
		)
	position = waiting + 1
	return EnrolDecision(
		WAITLISTED,
		position,
		Reason(_("the session is full: on the waiting list at position {position}"), {"position": position}),
	)


def after_withdrawal(
	session: SessionPlaces, enrolments: Sequence[Enrolment], now: datetime | None = None
) -> list[str]:
	"""Who moves up from the waiting list now, in order: as many as there are free places,
	longest waiting first. Call it after any withdrawal or a change of capacity.

	When the number enrolled is above the capacity (it was lowered), nobody moves up and
	nobody is moved down. Nobody moves up in a Completed or Cancelled session, nor (when
	``now`` is given) once the session has started: the coordinator decides then.
	"""
	_check_capacity(session.capacity)
	_check_statuses(enrolments)
	if session.status in (SESSION_COMPLETED, SESSION_CANCELLED):
		return []
	if now is not None and session.starts_at is not None and now >= session.starts_at:
		return []
	queue = waiting_list(enrolments)
	if session.capacity is None:
		free = len(queue)
	else:
		free = max(0, session.capacity - places_taken(enrolments))
	return [enrolment.member for enrolment in queue[:free]]


# ---------------------------------------------------------------------------------------------
# Attendance and results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
	"""Whether the member was there on one date of the session (None: not recorded yet)."""

	session_date: date
	present: bool | None = None


@dataclass(frozen=True)
class Completion:
	"""The outcome of an enrolment: the result, whether it gives a certificate, the completion
	date (the last date attended, None when there is none) and the attendance counted.
	"""

	result: str
	passed: bool
	completed_on: date | None
	attended: int
	total: int
	required: int


def _ratio(required_attendance_ratio: Ratio | None) -> Fraction:
	if required_attendance_ratio is None:
		return Fraction(1)
	try:
		# str() keeps 0.8 as 4/5 instead of its binary approximation.
		ratio = Fraction(str(required_attendance_ratio))
	except (TypeError, ValueError):
		ratio = Fraction(-1)
	if not 0 < ratio <= 1:
		raise InvalidValueError(
			_("The attendance required must be a share above 0 and at most 1, not {value}."),
			field="required_attendance",
			value=required_attendance_ratio,
		)
	return ratio


def completion(
	result: str,
	attendance: Sequence[Attendance],
	required_attendance_ratio: Ratio | None = None,
) -> Completion:
	"""Check a result a coordinator enters and work out the completion date.

	Passed needs at least ``required_attendance_ratio`` of the session's dates attended
	(rounded up; None means every date); dates not recorded count as not attended. The
	completion date is the last date attended.
	"""
	if result not in RESULTS:
		raise DomainError(_("{result} is not a result of a training."), field="result", result=result)
	ratio = _ratio(required_attendance_ratio)
	dates = [row.session_date for row in attendance]
	if len(set(dates)) != len(dates):
		duplicate = next(d for d in dates if dates.count(d) > 1)
		raise DomainError(
			_("The attendance lists {date} twice."), field="attendance", date=duplicate.isoformat()
		)
	attended_dates = [row.session_date for row in attendance if row.present]
	total = len(attendance)
	required = math.ceil(ratio * total)
	last_attended = max(attended_dates) if attended_dates else None
	if result == PASSED:
		if total == 0:
			raise DomainError(
				_("The session has no dates, so there is no attendance to pass on."), field="attendance"
			)
		if len(attended_dates) < required:
			raise DomainError(
				_(
					"Attended {attended} of {total} dates; passing needs at least {required}. Record the attendance first, or choose another result."
				),
				field="result",
				attended=len(attended_dates),
				total=total,
				required=required,
			)
	completed_on = last_attended if result != WITHDREW else None
	return Completion(result, result == PASSED, completed_on, len(attended_dates), total, required)


def status_after_result(status: str, result: str | None) -> str:
	"""The enrolment status a result gives: Passed or Not Passed completes an enrolment that has
	a place, Withdrew withdraws it, no result puts a completed enrolment back to Enrolled (a
	coordinator took back a result entered by mistake).
	"""
	if status not in ENROLMENT_STATUSES:
		raise DomainError(_("{status} is not a status of an enrolment."), field="status", status=status)
	if not result:
		return ENROLLED if status == COMPLETED else status
	if result not in RESULTS:
		raise DomainError(_("{result} is not a result of a training."), field="result", result=result)
	if result == WITHDREW:
		return WITHDRAWN
	if status not in HOLDS_PLACE:
		raise DomainError(
			_("Only a member with a place in the session can pass or not pass; this enrolment is {status}."),
			field="result",
			translate_params=("status",),
			status=status,
		)
	return COMPLETED


def sync_attendance(session_dates: Iterable[date], rows: Iterable[Attendance]) -> list[Attendance]:
	"""One attendance row per date of the session, in date order: what was recorded for a date
	is kept, a new date starts unrecorded, a date no longer in the session goes.
	"""
	recorded = {row.session_date: row.present for row in rows}
	return [Attendance(day, recorded.get(day)) for day in sorted(set(session_dates))]


# ---------------------------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------------------------


def _check_days(days_before: int, fieldname: str = "days_before") -> None:
	if isinstance(days_before, bool) or not isinstance(days_before, int) or days_before < 0:
		raise InvalidValueError(
			_("The number of days before expiry must be a whole number of 0 or more, not {value}."),
			field=fieldname,
			value=days_before,
		)


def certificates_expiring(
	certificates: Iterable[Certificate], today: date, days_before: int
) -> list[Certificate]:
	"""The certificates to remind about today: still valid, expiring within ``days_before``
	days (today < expiry <= today + days_before), not reminded yet for this expiry, and not
	already renewed by a later certificate of the same member for the same course.

	"Reminded for this expiry" means ``reminded_on`` falls in this expiry's window, so a job
	that stops half-way and runs again sends nothing twice, while a certificate whose expiry
	moved later is reminded again in its new window. Sorted by expiry, member and course.
	"""
	_check_days(days_before)
	certificates = list(certificates)
	latest: dict[tuple[str, str], date | None] = {}
	for certificate in certificates:
		key = (certificate.member, certificate.course)
		if key not in latest:
			latest[key] = certificate.expires_on
		elif latest[key] is not None and (
			certificate.expires_on is None or certificate.expires_on > latest[key]
		):
			latest[key] = certificate.expires_on
	due = []
	for certificate in certificates:
		expiry = certificate.expires_on
		if expiry is None or not today < expiry <= today + timedelta(days=days_before):
			continue
		if certificate.completed_on > today:
			continue
		renewed = latest[(certificate.member, certificate.course)]
		if renewed is None or renewed > expiry:
			continue
		window_opens = expiry - timedelta(days=days_before)
		if certificate.reminded_on is not None and certificate.reminded_on >= window_opens:
			continue
		due.append(certificate)
	return sorted(due, key=lambda c: (c.expires_on, c.member, c.course, c.name))


@dataclass(frozen=True)
class TraineeProgress:
	"""A member's progress on the training path, as the stalled-training reminder sees it.

	``last_progress_on``: the latest enrolment, attended date or completion.
	``next_session_on``: the next date of a session they are enrolled in, if any.
	"""

	member: str
	status: str
	in_training_since: date | None = None
	last_progress_on: date | None = None
	next_session_on: date | None = None
	reminded_on: date | None = None


def stalled_in_training(
	members: Iterable[TraineeProgress], today: date, months: int
) -> list[TraineeProgress]:
	"""Members In Training with no progress for ``months`` months (or more) and nothing
	planned: no enrolment, attendance or completion since then and no upcoming session.

	Progress counts from the latest of the day they started training and their last step;
	a member with neither recorded is stalled. A reminder is repeated at most once every
	``months`` months (``reminded_on``), so a rerun of the job sends nothing twice.
	Oldest progress first.
	"""
	if isinstance(months, bool) or not isinstance(months, int) or months < 1:
		raise InvalidValueError(
			_("The number of months without progress must be a whole number of 1 or more, not {value}."),
			field="months",
			value=months,
		)
	cutoff = today - relativedelta(months=months)

	def since(member: TraineeProgress) -> date:
		known = [d for d in (member.in_training_since, member.last_progress_on) if d is not None]
		return max(known) if known else date.min

	stalled = []
	for member in members:
		if member.status != IN_TRAINING:
			continue
		if member.next_session_on is not None and member.next_session_on >= today:
			continue
		if since(member) > cutoff:
			continue
		if member.reminded_on is not None and member.reminded_on > cutoff:
			continue
		stalled.append(member)
	return sorted(stalled, key=lambda m: (since(m), m.member))
