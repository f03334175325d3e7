"""Portal home for a member (/lef): what needs them now, at a glance, with a way to each page.

Reuses the other portal pages' data: the invitations page for invitations and upcoming work, the
hours page for the allowance room, the domain's ``missing_logs`` for sessions still to log.
Members have no desk permissions on these DocTypes: every query is filtered on their own record.
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from lef_members.api.portal import get_my_member
from lef_members.domain import hours as hour_rules
from lef_members.domain import training as training_rules
from lef_members.lef_hours import hour_logs
from lef_members.www.lef import invitations
from lef_members.www.lef.hours import room_rows

no_cache = 1

UPCOMING_SHOWN = 3


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	member = get_my_member()
	on = getdate(today())
	context.title = _("My LEF")
	context.member = member
	context.first_name = member.first_name or member.full_name

	work = invitations.work_for(member)
	context.open_invitations = work.open_invitations
	context.upcoming = work.upcoming[:UPCOMING_SHOWN]
	context.more_upcoming = max(len(work.upcoming) - UPCOMING_SHOWN, 0)
	context.debriefs = work.debriefs

	context.to_log = sessions_to_log(member.name, on)
	context.trainings = upcoming_trainings(member.name, on)
	context.room, context.room_problem = room_rows(member, on)
	context.links = [
		{
			"route": "/lef/invitations",
			"label": _("My Assignments"),
			"hint": _("Invitations, upcoming work, calendar"),
		},
		{"route": "/lef/hours", "label": _("My Hours"), "hint": _("Fill in your hours and kilometres")},
		{
			"route": "/lef/trainings",
			"label": _("My Trainings"),
			"hint": _("Sessions, certificates, enrolment"),
		},
		{
			"route": "/lef/profile",
			"label": _("My Profile"),
			"hint": _("Contact, availability, your pace"),
		},
		{"route": "/lef/overview", "label": _("My Year"), "hint": _("What you did, what organisations said")},
	]
	return context


def sessions_to_log(member: str, on) -> list[dict]:
	"""Sessions of the member's accepted assignments that are over and have no hour log yet."""
	accepted = hour_logs.accepted_assignments(member)
	if not accepted:
		return []
	titles = dict(
		frappe.get_all(
			"Assignment", filters={"name": ("in", list(accepted))}, fields=["name", "title"], as_list=True
		)
	)
	sessions = frappe.get_all(
		"Assignment Session",
		filters={"parenttype": "Assignment", "parent": ("in", list(accepted)), "session_date": ("<", on)},
		fields=["parent", "session_date"],
		order_by="session_date asc",
	)
	missing = hour_rules.missing_logs(
		[hour_rules.Session(member, row.parent, getdate(row.session_date)) for row in sessions],
		hour_logs.existing_logs(member),
		on,
		0,
	)
	return [
		{
			"assignment": m.assignment,
			"title": titles.get(m.assignment) or m.assignment,
			"date": m.session_date,
		}
		for m in missing
	]


def upcoming_trainings(member: str, on) -> list[dict]:
	"""The member's places (or waiting-list places) in sessions that have not ended."""
	rows = frappe.get_all(
		"Training Enrollment",
		filters={
			"member": member,
			"status": ("in", (training_rules.ENROLLED, training_rules.WAITLISTED)),
		},
		fields=["training_session", "course", "status"],
	)
	if not rows:
		return []
	sessions = {
		s.name: s
		for s in frappe.get_all(
			"Training Session",
			filters={"name": ("in", [r.training_session for r in rows])},
			fields=["name", "title", "start_date", "end_date", "status"],
		)
	}
	found = []
	for row in rows:
		session = sessions.get(row.training_session)
		if not session or session.status == training_rules.SESSION_CANCELLED:
			continue
		if session.end_date and getdate(session.end_date) < on:
			continue
		found.append(
			{
				"title": session.title or row.course,
				"start": session.start_date,
				"waiting": row.status == training_rules.WAITLISTED,
			}
		)
	return sorted(found, key=lambda r: (r["start"] is None, r["start"] or on))
