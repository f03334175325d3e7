"""The one way the app reads a member's work: the experts who accepted an assignment that was
not cancelled, with the assignment's sessions. Matching (rotation, rest days), the hour log's
checks and reminders, the member's yearly overview and the calendar feed all start here and add
their own columns and conditions."""

import frappe

from lef_members.domain import assignments as asg


def accepted_work(statuses: tuple[str, ...] | None = None, sessions_optional: bool = False):
	"""``(query, expert, assignment, session)``: accepted experts of assignments in ``statuses``
	(any but Cancelled when not given) joined with their sessions (left-joined when an
	assignment may have none yet). The caller selects and filters on the three tables."""
	expert = frappe.qb.DocType("Assignment Expert")
	assignment = frappe.qb.DocType("Assignment")
	session = frappe.qb.DocType("Assignment Session")
	query = frappe.qb.from_(expert).join(assignment).on(assignment.name == expert.assignment)
	query = (query.left_join(session) if sessions_optional else query.join(session)).on(
		(session.parent == assignment.name) & (session.parenttype == "Assignment")
	)
	query = query.where(expert.status == asg.ACCEPTED)
	if statuses:
		return query.where(assignment.status.isin(statuses)), expert, assignment, session
	return query.where(assignment.status != asg.CANCELLED), expert, assignment, session
