# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""Assignments per commissioning organisation and assignment type in a period (by the date of
an assignment's first session), with the sessions and the members who accepted."""

import frappe
from frappe import _
from frappe.utils import cint, get_first_day, get_last_day, getdate, today

from lef_members.domain import assignments as asg

TOP_ORGANISATIONS = 10


def period(filters) -> tuple:
	on = getdate(today())
	start = getdate(filters.from_date) if filters.from_date else getdate(f"{on.year}-01-01")
	end = getdate(filters.to_date) if filters.to_date else getdate(f"{on.year}-12-31")
	return start, end


def execute(filters=None):
	filters = frappe._dict(filters or {})
	start, end = period(filters)
	statuses = "" if cint(filters.include_cancelled) else "and a.status != %(cancelled)s"
	rows = frappe.db.sql(
		f"""select coalesce(a.organisation, '') as organisation, a.assignment_type,
			count(a.name) as assignments, sum(s.sessions) as sessions,
			sum(coalesce(e.accepted, 0)) as accepted
		from `tabAssignment` a
		join (select parent, min(session_date) as first_date, count(name) as sessions
			from `tabAssignment Session` where parenttype = 'Assignment' group by parent) s
			on s.parent = a.name
		left join (select assignment, count(name) as accepted from `tabAssignment Expert`
			where status = %(accepted)s group by assignment) e on e.assignment = a.name
		where s.first_date between %(start)s and %(end)s {statuses}
		group by organisation, a.assignment_type
		order by organisation, a.assignment_type""",
		{
			"start": start,
			"end": end,
			"accepted": asg.ACCEPTED,
			"cancelled": asg.CANCELLED,
			"draft": asg.DRAFT,
		},
		as_dict=True,
	)
	data = [
		{
			"organisation": row.organisation,
			"assignment_type": row.assignment_type,
			"assignments": cint(row.assignments),
			"sessions": cint(row.sessions),
			"accepted": cint(row.accepted),
		}
		for row in rows
	]
	return columns(), data, None, chart(data), summary(data)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "organisation",
			"label": _("Organisation"),
			"fieldtype": "Link",
			"options": "Commissioning Organisation",
			"width": 220,
		},
		{
			"fieldname": "assignment_type",
			"label": _("Assignment Type"),
			"fieldtype": "Link",
			"options": "Assignment Type",
			"width": 180,
		},
		{
			"fieldname": "assignments",
			"label": _("Assignments", context="lef_members"),
			"fieldtype": "Int",
			"width": 110,
		},
		{"fieldname": "sessions", "label": _("Sessions"), "fieldtype": "Int", "width": 100},
		{"fieldname": "accepted", "label": _("Members Accepted"), "fieldtype": "Int", "width": 140},
	]


def chart(data: list[dict]) -> dict | None:
	"""A stacked bar per organisation (the busiest ten), one colour per assignment type."""
	if not data:
		return None
	per_org: dict[str, int] = {}
	for row in data:
		per_org[row["organisation"]] = per_org.get(row["organisation"], 0) + row["assignments"]
	organisations = sorted(per_org, key=lambda o: (-per_org[o], o))[:TOP_ORGANISATIONS]
	types = sorted({row["assignment_type"] or "" for row in data})
	counts = {(row["organisation"], row["assignment_type"] or ""): row["assignments"] for row in data}
	return {
		"data": {
			"labels": [o or _("Not set") for o in organisations],
			"datasets": [
				{
					"name": _(t) if t else _("Not set"),
					"values": [counts.get((o, t), 0) for o in organisations],
				}
				for t in types
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def summary(data: list[dict]) -> list[dict]:
	return [
		{
			"value": sum(r["assignments"] for r in data),
			"label": _("Assignments", context="lef_members"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": len({r["organisation"] for r in data}),
			"label": _("Organisations"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{"value": sum(r["sessions"] for r in data), "label": _("Sessions"), "datatype": "Int"},
	]
