# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""Approved hour logs that no submitted payout paid yet."""

import frappe
from frappe import _


def execute(filters=None):
	rows = frappe.db.sql(
		"""select log.name, log.member, log.member_name, log.assignment, log.session_date, log.total_hours,
			log.kilometres, log.ticket_amount, log.other_costs, log.payout
		from `tabHour Log` log
		left join `tabAllowance Payout` payout on payout.name = log.payout and payout.docstatus = 1
		where log.docstatus = 1 and payout.name is null and log.moved_in = 0
		order by log.session_date, log.member""",
		as_dict=True,
	)
	by_month: dict[str, int] = {}
	for row in rows:
		key = str(row.session_date)[:7]
		by_month[key] = by_month.get(key, 0) + 1
	chart = {
		"data": {
			"labels": list(by_month),
			"datasets": [{"name": _("Hour Logs"), "values": list(by_month.values())}],
		},
		"type": "bar",
	}
	return columns(), rows, None, chart


def columns():
	return [
		{
			"fieldname": "name",
			"label": _("Hour Log"),
			"fieldtype": "Link",
			"options": "Hour Log",
			"width": 150,
		},
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
			"width": 170,
		},
		{
			"fieldname": "assignment",
			"label": _("Assignment", context="lef_members"),
			"fieldtype": "Link",
			"options": "Assignment",
			"width": 150,
		},
		{"fieldname": "session_date", "label": _("Session Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "total_hours", "label": _("Total Hours"), "fieldtype": "Float", "width": 90},
		{"fieldname": "kilometres", "label": _("Kilometres"), "fieldtype": "Float", "width": 90},
		{"fieldname": "ticket_amount", "label": _("Ticket Amount"), "fieldtype": "Currency", "width": 100},
		{"fieldname": "other_costs", "label": _("Other Costs"), "fieldtype": "Currency", "width": 100},
	]
