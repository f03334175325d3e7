"""Hour logs on a site: what the checks in :mod:`lef_members.domain.hours` need, the member's
own logs for the portal, sending a log back, and the daily reminder about missing logs.

A member marks a draft "Submitted for approval"; a coordinator approves it by submitting it
(docstatus 1, immutable: cancel and amend) or sends it back with a reason (the member is
mailed and can change it again).
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _, _lt
from frappe.query_builder.functions import Min
from frappe.utils import cint, flt, get_url, getdate, today

from lef_members.domain import assignments as asg
from lef_members.domain import hours as rules
from lef_members.lef_assignments.work import accepted_work
from lef_members.utilities import notify
from lef_members.utilities.reader import for_reader

DRAFT = "Draft"
SUBMITTED_FOR_APPROVAL = "Submitted for approval"
SENT_BACK = "Sent back"
APPROVED = "Approved"
CANCELLED = "Cancelled"
# Statuses in which the member may still change the log.
MEMBER_EDITABLE = (DRAFT, SENT_BACK)

SUBJECT_SENT_BACK = _lt("Your hour log was sent back: {title}")
SUBJECT_REMINDER = _lt("Please log your hours: {title}")
REMINDER_CACHE_DAYS = 7


def settings_max_hours() -> float:
	return flt(frappe.db.get_single_value("LEF Settings", "max_hours_per_day")) or float(
		rules.DEFAULT_MAX_HOURS_PER_DAY
	)


def reminder_days() -> int:
	"""Days after a session before the reminder; 0 switches reminders off."""
	return cint(frappe.db.get_single_value("LEF Settings", "hour_log_reminder_days"))


def accepted_assignments(member: str) -> dict[str, date | None]:
	"""The assignments ``member`` accepted (not cancelled), with their first session date."""
	query, expert, assignment, session = accepted_work(sessions_optional=True)
	rows = (
		query.select(expert.assignment, Min(session.session_date).as_("first_session"))
		.where(expert.member == member)
		.where(assignment.moved_in == 0)  # history moved in was logged and paid before the app
		.groupby(expert.assignment)
		.run(as_dict=True)
	)
	return {row.assignment: getdate(row.first_session) if row.first_session else None for row in rows}


def existing_logs(member: str) -> list[rules.ExistingLog]:
	rows = frappe.get_all(
		"Hour Log",
		filters={"member": member},
		fields=["name", "member", "assignment", "session_date", "docstatus", "total_hours"],
	)
	return [
		rules.ExistingLog(
			name=row.name,
			member=row.member,
			assignment=row.assignment,
			session_date=getdate(row.session_date),
			docstatus=row.docstatus,
			total_hours=str(row.total_hours or 0),
		)
		for row in rows
	]


def log_input(doc) -> rules.HourLogInput:
	return rules.HourLogInput(
		member=doc.member,
		assignment=doc.assignment,
		session_date=getdate(doc.session_date),
		preparation_hours=str(flt(doc.preparation_hours)),
		execution_hours=str(flt(doc.execution_hours)),
		travel_hours=str(flt(doc.travel_hours)),
		debrief_hours=str(flt(doc.debrief_hours)),
		kilometres=str(flt(doc.kilometres)),
		transport_mode=doc.transport_mode or None,
		ticket_amount=str(flt(doc.ticket_amount)),
		other_costs=str(flt(doc.other_costs)),
		has_receipt=bool(doc.receipt or doc.flags.receipt_pending),
		name=None if doc.is_new() else doc.name,
		amended_from=doc.amended_from or None,
	)


def problems_for(doc) -> list[str]:
	"""Every reason to refuse the log, in the user's language."""
	return [message for _field, message in field_problems_for(doc)]


def field_problems_for(doc) -> list[tuple[str | None, str]]:
	"""Every reason to refuse the log, with the field it is about, in the user's language."""
	problems = rules.hour_log_problems(
		log_input(doc),
		getdate(today()),
		accepted_assignments(doc.member),
		existing_logs(doc.member),
		max_hours_per_day=rules.to_decimal(str(settings_max_hours()), "max_hours_per_day"),
	)
	return [(problem.field, problem.render(for_reader())) for problem in problems]


# ------------------------------------------------------------------------ send back


def send_back(name: str, reason: str) -> None:
	"""Return a log to the member with the reason; the member is mailed."""
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for sending the log back: the member reads it."))
	doc = frappe.get_doc("Hour Log", name)
	doc.check_permission("write")
	if doc.docstatus != 0 or doc.status not in (SUBMITTED_FOR_APPROVAL, DRAFT):
		frappe.throw(
			_("Only a log waiting for approval can be sent back, not one that is {0}.").format(
				_(doc.status, context="Hour Log")
			)
		)
	doc.status = SENT_BACK
	doc.sent_back_reason = reason[:2000]
	doc.flags.sending_back = True
	doc.save()
	doc.add_comment("Comment", _("Sent back: {0}").format(frappe.utils.escape_html(reason)))
	email, lang = frappe.db.get_value("Expert by Experience", doc.member, ["email", "preferred_language"])
	notify.send(
		email,
		SUBJECT_SENT_BACK,
		"hour_log_sent_back",
		{
			"title": doc.assignment_title or doc.assignment,
			"session_date": frappe.utils.formatdate(doc.session_date),
			"reason": reason,
			"url": get_url("/lef/hours"),
		},
		lang=lang,
		reference_doctype="Hour Log",
		reference_name=doc.name,
	)


# ------------------------------------------------------------------------- reminder


def send_missing_log_reminders() -> int:
	"""Daily: remind members of sessions that are over and still have no log.

	A session is reminded once: on the day it is ``hour_log_reminder_days`` over (or the run
	after, should a run be missed); a cache key keeps a second run that day from mailing twice.
	"""
	grace = reminder_days()
	if grace <= 0:
		return 0
	now = getdate(today())
	start = frappe.utils.add_days(now, -(grace + 2))
	query, expert, assignment, session = accepted_work()
	rows = (
		query.select(expert.member, expert.assignment, session.session_date, assignment.title)
		.where(assignment.moved_in == 0)  # history moved in: paid before the app, nothing to log
		.where(session.session_date.between(start, frappe.utils.add_days(now, -grace)))
		.run(as_dict=True)
	)
	if not rows:
		return 0
	titles = {row.assignment: row.title for row in rows}
	members = list({row.member for row in rows})
	logs = frappe.get_all(
		"Hour Log",
		filters={"member": ("in", members), "session_date": (">=", start)},
		fields=["name", "member", "assignment", "session_date", "docstatus"],
	)
	missing = rules.missing_logs(
		[rules.Session(row.member, row.assignment, getdate(row.session_date)) for row in rows],
		[
			rules.ExistingLog(r.name, r.member, r.assignment, getdate(r.session_date), r.docstatus)
			for r in logs
		],
		now,
		grace,
	)
	contacts = {
		row.name: row
		for row in frappe.get_all(
			"Expert by Experience",
			filters={"name": ("in", members)},
			fields=["name", "email", "preferred_language", "full_name"],
		)
	}
	sent = 0
	cache = frappe.cache()
	for item in missing:
		key = f"lef_hour_log_reminder:{item.member}:{item.assignment}:{item.session_date}"
		if cache.get_value(key, expires=True):
			continue
		contact = contacts.get(item.member)
		if not contact or not contact.email:
			continue
		if notify.send(
			contact.email,
			SUBJECT_REMINDER,
			"hour_log_reminder",
			{
				"title": titles.get(item.assignment) or item.assignment,
				"session_date": frappe.utils.formatdate(item.session_date),
				"url": get_url("/lef/hours"),
			},
			lang=contact.preferred_language,
			reference_doctype="Assignment",
			reference_name=item.assignment,
		):
			cache.set_value(key, 1, expires_in_sec=REMINDER_CACHE_DAYS * 86400)
			sent += 1
	return sent
