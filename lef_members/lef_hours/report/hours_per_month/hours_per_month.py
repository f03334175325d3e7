# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""Approved hours per month, by assignment type, organisation or care network; its chart shows\neach group's hours in the year (the workspace's "Hours per Care Network")."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, today

from lef_members.lef_members import charts

GROUPS = {
	"Assignment Type": "assignment.assignment_type",
	"Organisation": "assignment.organisation",
	"Care Network": "assignment.care_network",
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = cint(filters.year) or getdate(today()).year
	group_by = GROUPS.get(filters.group_by or "Assignment Type", GROUPS["Assignment Type"])
	rows = frappe.db.sql(
		f"""select coalesce({group_by}, '') as grp, month(log.session_date) as month,
			sum(log.total_hours) as hours, count(log.name) as logs
		from `tabHour Log` log join `tabAssignment` assignment on assignment.name = log.assignment
		where log.docstatus = 1 and year(log.session_date) = %s
		group by grp, month order by grp, month""",
		(year,),
		as_dict=True,
	)
	translated = (filters.group_by or "Assignment Type") == "Assignment Type"
	table: dict[str, dict] = {}
	for row in rows:
		name = (_(row.grp) if translated else row.grp) if row.grp else _("Not set")
		item = table.setdefault(row.grp, {"group": name, "total": 0})
		item[f"m{row.month}"] = flt(row.hours)
		item["total"] += flt(row.hours)
	data = sorted(table.values(), key=lambda item: -item["total"])
	chart = {
		"data": {
			"labels": [item["group"] for item in data],
			"datasets": [
				{"name": _("Hours", context="lef_members"), "values": [item["total"] for item in data]}
			],
		},
		"type": "bar",
		"fieldtype": "Float",
	}
	columns = [
		{
			"fieldname": "group",
			"label": _(filters.group_by or "Assignment Type"),
			"fieldtype": "Data",
			"width": 200,
		}
	]
	columns += [
		{
			"fieldname": f"m{m}",
			"label": charts.month_label(date(year, m, 1)),
			"fieldtype": "Float",
			"width": 90,
		}
		for m in range(1, 13)
	]
	columns.append({"fieldname": "total", "label": _("Total"), "fieldtype": "Float", "width": 90})
	return columns, data, None, chart
