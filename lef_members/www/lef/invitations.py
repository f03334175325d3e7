"""Portal page: the member's invitations, upcoming assignments, debriefs and calendar feed."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from lef_members.api.calendar import feed_url
from lef_members.api.portal import get_my_member
from lef_members.assignment_flow import WELLBEING, session_lines
from lef_members.domain import assignments as asg
from lef_members.queries.candidates import assignment_sessions

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	member = get_my_member()
	rows = frappe.get_all(
		"Assignment Expert",
		filters={"member": member.name, "status": ("in", (asg.INVITED, asg.ACCEPTED))},
		fields=["name", "assignment", "status", "invited_on", "wellbeing", "debrief_requested_on"],
		order_by="invited_on desc",
	)
	now = now_datetime()
	context.open_invitations, context.upcoming, context.debriefs = [], [], []
	for row in rows:
		assignment = frappe.get_doc("Assignment", row.assignment)
		if assignment.status == asg.CANCELLED:
			continue
		sessions = assignment_sessions(assignment)
		item = frappe._dict(
			invitation=row.name,
			status=row.status,
			title=assignment.title,
			assignment_type=assignment.assignment_type,
			place=_("Online") if assignment.location_type == "Online" else (assignment.municipality or ""),
			sessions=session_lines(assignment),
			description=assignment.description,
		)
		last_end = max((s.end for s in sessions), default=None)
		if row.status == asg.INVITED and assignment.status == asg.OPEN:
			context.open_invitations.append(item)
		elif row.status == asg.ACCEPTED and last_end and last_end > now:
			context.upcoming.append(item)
		elif row.status == asg.ACCEPTED and row.debrief_requested_on and not row.wellbeing:
			context.debriefs.append(item)
	context.wellbeing_options = WELLBEING
	context.calendar_url = feed_url(member)
	context.title = _("My Assignments")
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context
