# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""How long organisations wait: for each request received in a period, the days until it became
an assignment and until enough members had accepted (staffed), with the median per month."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_months, get_datetime, getdate, today

from lef_members.domain import assignments as asg
from lef_members.domain.statistics import hours_between, median, staffed_at
from lef_members.lef_members import charts


def period(filters) -> tuple:
	end = getdate(filters.to_date) if filters.to_date else getdate(today())
	start = getdate(filters.from_date) if filters.from_date else getdate(add_months(end, -12))
	return start, end


def days(start, end) -> float | None:
	hours = hours_between(start, end)
	return None if hours is None else round(hours / 24, 1)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	start, end = period(filters)
	requests = frappe.get_all(
		"Expert Request",
		filters={"creation": ("between", (start, end))},
		fields=["name", "organisation_name", "assignment_type", "status", "creation", "assignment"],
		order_by="creation asc",
	)
	linked = [r.assignment for r in requests if r.assignment]
	assignments = (
		{
			a.name: a
			for a in frappe.get_all(
				"Assignment",
				filters={"name": ("in", linked)},
				fields=["name", "creation", "experts_needed", "status"],
			)
		}
		if linked
		else {}
	)
	accepted: dict[str, list] = {}
	if linked:
		for row in frappe.get_all(
			"Assignment Expert",
			filters={"assignment": ("in", linked), "status": asg.ACCEPTED},
			fields=["assignment", "answered_on"],
		):
			accepted.setdefault(row.assignment, []).append(
				get_datetime(row.answered_on) if row.answered_on else None
			)

	data = []
	for request in requests:
		received = get_datetime(request.creation)
		assignment = assignments.get(request.assignment) if request.assignment else None
		made = get_datetime(assignment.creation) if assignment else None
		staffed = (
			staffed_at(assignment.experts_needed or 0, accepted.get(assignment.name, []))
			if assignment
			else None
		)
		data.append(
			{
				"expert_request": request.name,
				"organisation_name": request.organisation_name,
				"assignment_type": request.assignment_type,
				"status": _(request.status),
				"received": received,
				"assignment": request.assignment,
				"days_to_assignment": days(received, made),
				"staffed_on": staffed,
				"days_to_staffed": days(received, staffed),
			}
		)
	return columns(), data, None, chart(data), summary(data)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "expert_request",
			"label": _("Expert Request"),
			"fieldtype": "Link",
			"options": "Expert Request",
			"width": 150,
		},
		{"fieldname": "organisation_name", "label": _("Organisation"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "assignment_type",
			"label": _("Assignment Type"),
			"fieldtype": "Link",
			"options": "Assignment Type",
			"width": 150,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "received",
			"label": _("Received", context="lef_members"),
			"fieldtype": "Datetime",
			"width": 150,
		},
		{
			"fieldname": "assignment",
			"label": _("Assignment", context="lef_members"),
			"fieldtype": "Link",
			"options": "Assignment",
			"width": 150,
		},
		{
			"fieldname": "days_to_assignment",
			"label": _("Days to Assignment"),
			"fieldtype": "Float",
			"width": 130,
		},
		{"fieldname": "staffed_on", "label": _("Staffed On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "days_to_staffed", "label": _("Days to Staffed"), "fieldtype": "Float", "width": 120},
	]


def chart(data: list[dict]) -> dict | None:
	"""Median days to an assignment and to staffed, per month the request came in."""
	if not data:
		return None
	months: dict[str, dict[str, list]] = {}
	for row in data:
		month = row["received"].strftime("%Y-%m")
		slot = months.setdefault(month, {"assignment": [], "staffed": []})
		if row["days_to_assignment"] is not None:
			slot["assignment"].append(row["days_to_assignment"])
		if row["days_to_staffed"] is not None:
			slot["staffed"].append(row["days_to_staffed"])
	labels = sorted(months)
	return {
		"data": {
			"labels": charts.compact_months([date(int(m[:4]), int(m[5:]), 1) for m in labels]),
			"datasets": [
				{
					"name": _("Median Days to Assignment"),
					"values": [median(months[m]["assignment"]) or 0 for m in labels],
				},
				{
					"name": _("Median Days to Staffed"),
					"values": [median(months[m]["staffed"]) or 0 for m in labels],
				},
			],
		},
		"type": "bar",
	}


def summary(data: list[dict]) -> list[dict]:
	to_assignment = [r["days_to_assignment"] for r in data if r["days_to_assignment"] is not None]
	to_staffed = [r["days_to_staffed"] for r in data if r["days_to_staffed"] is not None]
	return [
		{"value": len(data), "label": _("Requests"), "datatype": "Int"},
		{"value": median(to_assignment) or 0, "label": _("Median Days to Assignment"), "datatype": "Float"},
		{
			"value": median(to_staffed) or 0,
			"label": _("Median Days to Staffed"),
			"datatype": "Float",
			"indicator": "Blue",
		},
		{
			"value": sum(1 for r in data if r["assignment"] and r["staffed_on"] is None),
			"label": _("Assignments not yet Staffed"),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]
