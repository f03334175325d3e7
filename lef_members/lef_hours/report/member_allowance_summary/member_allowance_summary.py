# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""Per member and year: days with an allowance, kilometres, amounts paid and held, and how much of
the yearly ceiling is used (from submitted payouts). Also the named list of flat-rate days."""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, today

from lef_members.domain import allowances as money
from lef_members.lef_hours import payouts


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = cint(filters.year) or getdate(today()).year
	rows = frappe.db.sql(
		"""select line.member, line.member_name,
			count(distinct case when line.counts_toward = 'allowance' and line.paid > 0 then line.day end) as days,
			sum(case when line.kind = 'Kilometres' then line.quantity else 0 end) as km,
			sum(line.paid) as paid, sum(line.held) as held,
			sum(case when line.counts_toward = 'allowance' then line.paid else 0 end) as allowance
		from `tabAllowance Payout Line` line join `tabAllowance Payout` payout on payout.name = line.payout
		where payout.docstatus = 1 and year(line.day) = %s
		group by line.member, line.member_name order by line.member_name""",
		(year,),
		as_dict=True,
	)
	# Received from other organisations: shown apart, and counted in the share of the ceiling used.
	other = payouts.elsewhere(None, [year])
	by_member = {row.member: row for row in rows}
	if other:
		names = dict(
			frappe.get_all(
				"Expert by Experience",
				filters={"name": ("in", [member for member, _year in other])},
				fields=["name", "full_name"],
				as_list=True,
			)
		)
		for member, _year in other:
			if member not in by_member:
				by_member[member] = frappe._dict(
					member=member, member_name=names.get(member), days=0, km=0, paid=0, held=0, allowance=0
				)
				rows.append(by_member[member])
		rows.sort(key=lambda row: row.member_name or row.member)
	for row in rows:
		received = other.get((row.member, year), {})
		row.elsewhere_days = received.get("elsewhere_days", 0)
		row.elsewhere_amount = flt(received.get("elsewhere_amount", 0))
		row.elsewhere_km = flt(received.get("elsewhere_km", 0))
	regimes = dict(
		frappe.get_all(
			"Expert by Experience",
			filters={"name": ("in", [r.member for r in rows] or [""])},
			fields=["name", "allowance_regime"],
			as_list=True,
		)
	)
	loaded = payouts.load_regimes(set(filter(None, regimes.values())))
	on = min(getdate(today()), getdate(f"{year}-12-31"))
	for row in rows:
		row.year = year
		row.ceiling, row.used = None, None
		regime = loaded.get(regimes.get(row.member))
		if regime and money.kind(regime.kind).year_ceiling:
			try:
				row.ceiling = money.row_for(regime, on).max_per_year
			except money.DomainError:
				row.ceiling = None
			if row.ceiling:
				row.used = (flt(row.allowance) + row.elsewhere_amount) * 100 / float(row.ceiling)
	chart = {
		"data": {
			"labels": [r.member_name or r.member for r in rows[:30]],
			"datasets": [
				{"name": _("Paid"), "values": [flt(r.paid) for r in rows[:30]]},
				{"name": _("Maximum per Year"), "values": [flt(r.ceiling) for r in rows[:30]]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#29cd42", "#ff5858"],
	}
	return columns(), rows, None, chart


def columns():
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
		{"fieldname": "year", "label": _("Year"), "fieldtype": "Int", "width": 70},
		{"fieldname": "days", "label": _("Allowance Days"), "fieldtype": "Int", "width": 110},
		{"fieldname": "km", "label": _("Kilometres"), "fieldtype": "Float", "width": 100},
		{"fieldname": "paid", "label": _("Paid"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "held", "label": _("Held"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "elsewhere_days", "label": _("Days Elsewhere"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "elsewhere_amount",
			"label": _("Received Elsewhere"),
			"fieldtype": "Currency",
			"width": 120,
		},
		{"fieldname": "elsewhere_km", "label": _("Kilometres Elsewhere"), "fieldtype": "Float", "width": 110},
		{"fieldname": "ceiling", "label": _("Maximum per Year"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "used", "label": _("Ceiling Used (%)"), "fieldtype": "Percent", "width": 110},
	]
