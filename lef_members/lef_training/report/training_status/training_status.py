# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""Training status per member and course: the certificate's state and expiry, or where the
member stands when there is no certificate yet (enrolled, on the waiting list, not passed).
With "expiring within N days" it lists the certificates to renew.
"""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, today

from lef_members.domain import training as rules
from lef_members.domain.members import LEFT
from lef_members.lef_training.training_path import reminder_days, state_label, valid_until

# Without a certificate, the most telling enrolment of a member for a course.
PENDING_ORDER = (rules.ENROLLED, rules.WAITLISTED, rules.COMPLETED)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = data(filters)
	return columns(), rows, None, chart(rows)


def chart(rows: list[dict]) -> dict | None:
	"""How many certificates and enrolments are in each state (valid, expiring, expired, ...)."""
	if not rows:
		return None
	counts: dict[str, int] = {}
	for row in rows:
		counts[row["state"]] = counts.get(row["state"], 0) + 1
	states = sorted(counts)
	return {
		"data": {
			"labels": [state_label(state) for state in states],
			"datasets": [
				{"name": _("Members", context="lef_members"), "values": [counts[state] for state in states]}
			],
		},
		"type": "bar",
	}


def columns() -> list[dict]:
	return [
		{
			"fieldname": "member",
			"label": _("Member"),
			"fieldtype": "Link",
			"options": "Expert by Experience",
			"width": 130,
		},
		{
			"fieldname": "member_name",
			"label": _("Member Name", context="lef_members"),
			"fieldtype": "Data",
			"width": 180,
		},
		{"fieldname": "member_status", "label": _("Member Status"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "course",
			"label": _("Course"),
			"fieldtype": "Link",
			"options": "Training Course",
			"width": 220,
		},
		{
			"fieldname": "state_label",
			"label": _("State", context="lef_members"),
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"fieldname": "completion_date",
			"label": _("Completion Date", context="lef_members"),
			"fieldtype": "Date",
			"width": 110,
		},
		{"fieldname": "valid_until", "label": _("Valid Until"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "enrollment",
			"label": _("Enrolment"),
			"fieldtype": "Link",
			"options": "Training Enrollment",
			"width": 150,
		},
	]


def data(filters: frappe._dict) -> list[dict]:
	now = getdate(today())
	enrolment_filters = {}
	if filters.member:
		enrolment_filters["member"] = filters.member
	if filters.course:
		enrolment_filters["course"] = filters.course
	# get_list: the report's user reads only what their permissions allow.
	enrolments = frappe.get_list(
		"Training Enrollment",
		filters=enrolment_filters,
		fields=[
			"name",
			"member",
			"member_name",
			"course",
			"status",
			"result",
			"completion_date",
			"certificate_expiry",
			"creation",
		],
		order_by="creation asc",
		limit_page_length=0,
	)
	if not enrolments:
		return []
	members = {
		m.name: m
		for m in frappe.get_list(
			"Expert by Experience",
			filters={"name": ("in", list({e.member for e in enrolments}))},
			fields=["name", "full_name", "status"],
			limit_page_length=0,
		)
	}
	warn_days = reminder_days() or 60
	within = cint(filters.expiring_within_days)
	rows = []
	by_pair: dict[tuple[str, str], list] = {}
	for enrolment in enrolments:
		by_pair.setdefault((enrolment.member, enrolment.course), []).append(enrolment)
	for (member_name, course), own in sorted(by_pair.items()):
		member = members.get(member_name)
		if member is None or (member.status == LEFT and not filters.include_left):
			continue
		row = _row(member, course, own, now, warn_days)
		if row is None:
			continue
		if filters.state and row["state"] != filters.state:
			continue
		if within:
			expires = row.get("expires_on")
			if not expires or not (now < expires <= getdate(add_days(now, within))):
				continue
		rows.append(row)
	if within:
		rows.sort(key=lambda r: (r["expires_on"], r["member_name"] or ""))
	return rows


def _row(member, course: str, own: list, now, warn_days: int) -> dict | None:
	certificates = [
		rules.Certificate(
			course=course,
			completed_on=getdate(e.completion_date),
			expires_on=getdate(e.certificate_expiry) if e.certificate_expiry else None,
			member=member.name,
			name=e.name,
		)
		for e in own
		if e.result == rules.PASSED and e.completion_date
	]
	base = {
		"member": member.name,
		"member_name": member.full_name,
		"member_status": _(member.status),
		"course": course,
	}
	states = rules.certificate_states(certificates, now, warn_days)
	if states:
		state = states[0]
		return {
			**base,
			"state": state.state,
			"state_label": state_label(state.state),
			"completion_date": state.certificate.completed_on,
			"valid_until": valid_until(state.certificate.expires_on),
			"expires_on": state.certificate.expires_on,
			"days_left": state.days_left,
			"enrollment": state.certificate.name,
		}
	pending = [e for e in own if e.status in PENDING_ORDER]
	if not pending:
		return None
	latest = max(pending, key=lambda e: e.creation)
	state = rules.NOT_PASSED if latest.status == rules.COMPLETED else latest.status
	return {
		**base,
		"state": state,
		"state_label": state_label(state),
		"completion_date": latest.completion_date,
		"valid_until": None,
		"expires_on": None,
		"days_left": None,
		"enrollment": latest.name,
	}
