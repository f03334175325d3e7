"""Portal page: the member's invitations, upcoming assignments, debriefs, work done (with the
feedback organisations shared) and calendar feed.

Set-based: one query for what needs the member (invitations to answer, work to come, debriefs
asked), one for those assignments' sessions, and the overview's fixed queries for work done in
the last year, so the page does not grow query by query with the member's history.
"""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, now_datetime

from lef_members.api.calendar import feed_url
from lef_members.api.portal import get_my_member
from lef_members.domain import assignments as asg
from lef_members.lef_assignments.assignment_flow import WELLBEING
from lef_members.lef_assignments.candidates import session_of
from lef_members.lef_members.pace import overview
from lef_members.utilities import reader

no_cache = 1

DONE_MONTHS = 12


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	member = get_my_member()
	context.update(work_for(member))
	context.done = done_for(member)
	context.wellbeing_options = WELLBEING
	context.calendar_url = feed_url(member)
	context.title = _("My Assignments")
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context


def work_for(member) -> frappe._dict:
	"""Invitations to answer, upcoming work and debriefs asked, in two queries."""
	now = now_datetime()
	expert = frappe.qb.DocType("Assignment Expert")
	assignment = frappe.qb.DocType("Assignment")
	session = frappe.qb.DocType("Assignment Session")
	# Assignments with a session from yesterday on (a session may run past midnight).
	still_to_come = (
		frappe.qb.from_(session)
		.select(session.parent)
		.where(session.parenttype == "Assignment")
		.where(session.session_date >= add_days(now.date(), -1))
	)
	rows = (
		frappe.qb.from_(expert)
		.join(assignment)
		.on(assignment.name == expert.assignment)
		.select(
			expert.name,
			expert.assignment,
			expert.status,
			expert.debrief_requested_on,
			expert.wellbeing,
			assignment.title,
			assignment.assignment_type,
			assignment.location_type,
			assignment.municipality,
			assignment.description,
			assignment.status.as_("assignment_status"),
		)
		.where(expert.member == member.name)
		.where(assignment.status != asg.CANCELLED)
		.where(
			((expert.status == asg.INVITED) & (assignment.status == asg.OPEN))
			| (
				(expert.status == asg.ACCEPTED)
				& (
					assignment.name.isin(still_to_come)
					| (expert.debrief_requested_on.isnotnull() & expert.wellbeing.isnull())
					| (expert.debrief_requested_on.isnotnull() & (expert.wellbeing == ""))
				)
			)
		)
		.orderby(expert.invited_on, order=frappe.qb.desc)
		.run(as_dict=True)
	)
	sessions: dict[str, list] = {}
	if rows:
		for s in frappe.get_all(
			"Assignment Session",
			filters={"parenttype": "Assignment", "parent": ("in", list({r.assignment for r in rows}))},
			fields=["parent", "session_date", "start_time", "end_time"],
			order_by="session_date asc, start_time asc",
		):
			if s.session_date and s.start_time and s.end_time:
				sessions.setdefault(s.parent, []).append(session_of(s.session_date, s.start_time, s.end_time))
	work = frappe._dict(open_invitations=[], upcoming=[], debriefs=[])
	for row in rows:
		own = sessions.get(row.assignment, [])
		item = frappe._dict(
			invitation=row.name,
			status=row.status,
			title=row.title,
			assignment_type=row.assignment_type,
			place=_("Online") if row.location_type == "Online" else (row.municipality or ""),
			sessions=[f"{reader.lef_date(s.start.date())} {s.start:%H:%M}-{s.end:%H:%M}" for s in own],
			description=row.description,
		)
		last_end = max((s.end for s in own), default=None)
		if row.status == asg.INVITED and row.assignment_status == asg.OPEN:
			work.open_invitations.append(item)
		elif row.status == asg.ACCEPTED and last_end and last_end > now:
			work.upcoming.append(item)
		elif row.status == asg.ACCEPTED and row.debrief_requested_on and not row.wellbeing:
			work.debriefs.append(item)
	return work


def done_for(member) -> list[dict]:
	"""Work done in the last year, newest first, with the feedback organisations shared."""
	since = getdate(add_months(now_datetime().date(), -DONE_MONTHS))
	return [
		{
			"title": a.title,
			"date": reader.lef_date(a.first_day),
			"rating": a.rating,
			"comment": a.comment,
		}
		for a in reversed(overview.done_assignments(member.name, since=since))
	]
