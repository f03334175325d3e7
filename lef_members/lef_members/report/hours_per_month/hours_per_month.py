# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""Approved hours per month, by assignment type, organisation or care network."""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, today

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
	table: dict[str, dict] = {}
	for row in rows:
		item = table.setdefault(row.grp, {"group": row.grp or _("Not set"), "total": 0})
		item[f"m{row.month}"] = flt(row.hours)
		item["total"] += flt(row.hours)
	data = list(table.values())
	months = [f"m{m}" for m in range(1, 13)]
	chart = {
		"data": {
			"labels": [str(m) for m in range(1, 13)],
			"datasets": [
				{
					"name": _("Hours", context="lef_members"),
					"values": [sum(flt(r.get(m)) for r in data) for m in months],
				}
			],
		},
		"type": "line",
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
		{"fieldname": f"m{m}", "label": str(m), "fieldtype": "Float", "width": 70} for m in range(1, 13)
	]
	columns.append({"fieldname": "total", "label": _("Total"), "fieldtype": "Float", "width": 90})
	return columns, data, None, chart
