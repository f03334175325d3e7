"""Portal page: the member's own trainings and the sessions open for enrolment (/lef/trainings).

Members have no desk permissions on the training DocTypes, so nothing here goes through
``get_list``: every query is filtered on the logged-in member's own record (found by
:func:`lef_members.api.portal.get_my_member`), or reads open sessions, which every member may see.
"""

import frappe
from frappe import _
from frappe.utils import get_time, getdate, now_datetime, today

from lef_members.api.portal import get_my_member
from lef_members.domain import training as rules
from lef_members.domain.errors import DomainError
from lef_members.lef_training.training_path import (
	certificates_of,
	load_catalogue,
	reminder_days,
	render_reason,
	state_label,
	valid_until,
)

no_cache = 1

SESSION_FIELDS = [
	"name",
	"title",
	"course",
	"status",
	"capacity",
	"start_date",
	"end_date",
	"is_online",
	"location",
	"meeting_link",
	"notes",
]


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	member = get_my_member()
	now = now_datetime()
	context.no_breadcrumbs = False
	context.title = _("My Trainings")
	context.member = member
	context.csrf_token = frappe.sessions.get_csrf_token()

	enrolments = frappe.get_all(
		"Training Enrollment",
		filters={"member": member.name},
		fields=[
			"name",
			"training_session",
			"course",
			"status",
			"result",
			"completion_date",
			"certificate_expiry",
		],
		order_by="creation desc",
	)
	own_sessions = {e.training_session for e in enrolments}
	open_sessions = frappe.get_all(
		"Training Session",
		filters={"status": rules.SESSION_OPEN, "start_date": (">=", today())},
		fields=SESSION_FIELDS,
		order_by="start_date asc",
	)
	sessions = _sessions(own_sessions | {s.name for s in open_sessions})
	queue = _enrolments_by_session(sessions)

	context.upcoming, context.done = [], []
	for enrolment in enrolments:
		session = sessions.get(enrolment.training_session)
		if session is None:
			continue
		row = frappe._dict(enrolment, session=session)
		if enrolment.status == rules.WAITLISTED:
			row.position = rules.waitlist_position(queue.get(session.name, []), member.name)
		# A cancelled session stays in view (marked so) until its dates have passed.
		finished = session.status == rules.SESSION_COMPLETED or (
			session.end_date and getdate(session.end_date) < getdate(today())
		)
		if enrolment.status in (rules.ENROLLED, rules.WAITLISTED) and not finished:
			row.cancelled = session.status == rules.SESSION_CANCELLED
			row.can_withdraw = not row.cancelled and _may_withdraw(enrolment.status, session, now)
			context.upcoming.append(row)
		elif enrolment.status == rules.COMPLETED:
			row.valid_until = (
				valid_until(getdate(enrolment.certificate_expiry)) if enrolment.certificate_expiry else None
			)
			context.done.append(row)

	warn_days = reminder_days() or 60
	certificates = certificates_of([member.name])
	states = rules.certificate_states(certificates, getdate(today()), warn_days)
	context.expiring = [
		frappe._dict(
			course=state.course,
			state=state.state,
			state_label=state_label(state.state),
			reason=render_reason(state.reason),
			days_left=state.days_left,
		)
		for state in states
		if state.state in (rules.EXPIRING, rules.EXPIRED)
	]

	catalogue = load_catalogue()
	passed = {c.course for c in certificates}
	busy = {e.training_session for e in enrolments if e.status in rules.ACTIVE_ENROLMENT}
	context.open_sessions = []
	for session in open_sessions:
		session = sessions[session.name]
		if session.starts_at is not None and now >= session.starts_at:
			continue
		row = frappe._dict(session=session)
		row.enrolled = session.name in busy
		# A course she passed and whose certificate still counts is not offered again.
		if not row.enrolled and not rules.offered_to(session.course, states):
			continue
		row.places_left = rules.places_left(
			rules.SessionPlaces(session.capacity or None, session.status, session.starts_at),
			queue.get(session.name, []),
		)
		missing = (
			rules.missing_prerequisites(session.course, passed, catalogue)
			if session.course in catalogue
			else []
		)
		row.missing = [render_reason(r) for r in rules.prerequisite_reasons(missing)]
		row.may_enrol = member.status in rules.SELF_ENROL_STATUSES
		context.open_sessions.append(row)
	return context


def _sessions(names: set[str]) -> dict[str, frappe._dict]:
	"""The sessions with their dates and trainers: three queries whatever their number."""
	if not names:
		return {}
	rows = frappe.get_all("Training Session", filters={"name": ("in", list(names))}, fields=SESSION_FIELDS)
	sessions = {row.name: frappe._dict(row, dates=[], trainers=[]) for row in rows}
	for d in frappe.get_all(
		"Training Session Date",
		filters={"parenttype": "Training Session", "parent": ("in", list(sessions))},
		fields=["parent", "session_date", "start_time", "end_time"],
		order_by="session_date asc",
	):
		sessions[d.parent].dates.append(d)
	for t in frappe.get_all(
		"Training Session Trainer",
		filters={"parenttype": "Training Session", "parent": ("in", list(sessions))},
		fields=["parent", "trainer_name"],
		order_by="idx asc",
	):
		if t.trainer_name:
			sessions[t.parent].trainers.append(t.trainer_name)
	for session in sessions.values():
		session.starts_at = rules.session_start(
			(getdate(d.session_date), get_time(d.start_time) if d.start_time else None) for d in session.dates
		)
	return sessions


def _enrolments_by_session(sessions: dict) -> dict[str, list[rules.Enrolment]]:
	"""Every enrolment of these sessions as the rules see them (for places left and positions);
	only their status and order are used, never who the other members are.
	"""
	if not sessions:
		return {}
	rows = frappe.get_all(
		"Training Enrollment",
		filters={"training_session": ("in", list(sessions))},
		fields=["name", "member", "status", "enrolled_at", "creation", "training_session"],
	)
	found: dict[str, list[rules.Enrolment]] = {}
	for row in rows:
		found.setdefault(row.training_session, []).append(
			rules.Enrolment(row.member, row.status, row.enrolled_at or row.creation, row.name)
		)
	return found


def _may_withdraw(status: str, session, now) -> bool:
	try:
		rules.check_may_withdraw(
			status, rules.SessionPlaces(session.capacity or None, session.status, session.starts_at), now
		)
	except DomainError:
		return False
	return True
