# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""How evenly the work was spread: the assignments each active (or paused) member accepted in a
period, members without any work included, and the inequality of that spread (Gini coefficient,
computed in ``lef_members.domain.statistics``)."""

import frappe
from frappe import _
from frappe.utils import add_months, cint, getdate, today

from lef_members.domain import assignments as asg
from lef_members.domain import members as lifecycle
from lef_members.domain.statistics import spread

MEMBER_STATUSES = (lifecycle.ACTIVE, lifecycle.PAUSED)


def period(filters) -> tuple:
	end = getdate(filters.to_date) if filters.to_date else getdate(today())
	start = getdate(filters.from_date) if filters.from_date else getdate(add_months(end, -12))
	return start, end


def execute(filters=None):
	filters = frappe._dict(filters or {})
	start, end = period(filters)
	members = frappe.get_all(
		"Expert by Experience",
		filters={"status": ("in", MEMBER_STATUSES)},
		fields=["name", "full_name", "status"],
		order_by="full_name asc",
	)
	work = frappe.db.sql(
		"""select e.member, count(distinct e.assignment) as assignments, count(s.name) as sessions
		from `tabAssignment Expert` e
		join `tabAssignment` a on a.name = e.assignment
		join `tabAssignment Session` s on s.parenttype = 'Assignment' and s.parent = a.name
		where e.status = %(accepted)s and a.status != %(cancelled)s
			and s.session_date between %(start)s and %(end)s
		group by e.member""",
		{"accepted": asg.ACCEPTED, "cancelled": asg.CANCELLED, "start": start, "end": end},
		as_dict=True,
	)
	by_member = {row.member: row for row in work}
	counts = {m.name: cint(by_member[m.name].assignments) if m.name in by_member else 0 for m in members}
	total = sum(counts.values())
	data = [
		{
			"member": m.name,
			"member_name": m.full_name,
			"member_status": _(m.status),
			"assignments": counts[m.name],
			"sessions": cint(by_member[m.name].sessions) if m.name in by_member else 0,
			"share": round(counts[m.name] * 100 / total, 1) if total else 0.0,
		}
		for m in members
	]
	data.sort(key=lambda row: (-row["assignments"], row["member_name"] or ""))
	figures = spread(counts)
	return columns(), data, message(figures), chart(counts), summary(figures)


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
			"width": 200,
		},
		{"fieldname": "member_status", "label": _("Member Status"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "assignments",
			"label": _("Assignments", context="lef_members"),
			"fieldtype": "Int",
			"width": 110,
		},
		{"fieldname": "sessions", "label": _("Sessions"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "share",
			"label": _("Share of All Assignments (%)"),
			"fieldtype": "Percent",
			"width": 150,
		},
	]


def chart(counts: dict[str, int]) -> dict | None:
	"""How many members had 0, 1, 2, ... assignments: a fair spread is one tall bar in the middle."""
	if not counts:
		return None
	most = max(counts.values())
	histogram = [sum(1 for v in counts.values() if v == n) for n in range(most + 1)]
	return {
		"data": {
			"labels": [str(n) for n in range(most + 1)],
			"datasets": [{"name": _("Members", context="lef_members"), "values": histogram}],
		},
		"type": "bar",
		"axisOptions": {"xIsSeries": 0},
	}


def message(figures) -> str:
	return _(
		"Gini coefficient {0}: 0 means every member had as many assignments, 1 that one member had them all."
	).format(figures.gini)


def summary(figures) -> list[dict]:
	return [
		{"value": figures.members, "label": _("Active Members"), "datatype": "Int"},
		{
			"value": figures.assignments,
			"label": _("Assignments", context="lef_members"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{"value": figures.mean, "label": _("Assignments per Member"), "datatype": "Float"},
		{
			"value": figures.without_work,
			"label": _("Members without Work"),
			"datatype": "Int",
			"indicator": "Orange" if figures.without_work else "Green",
		},
		{
			"value": figures.gini,
			"label": _("Inequality (Gini)"),
			"datatype": "Float",
			"indicator": "Red" if figures.gini > 0.5 else "Green",
		},
	]
