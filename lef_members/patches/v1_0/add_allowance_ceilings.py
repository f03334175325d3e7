"""Give the shipped allowance regimes their dated ceiling rows on sites where the regimes were
seeded before the rows existed (seeding only inserts missing regimes).

Idempotent: a regime that has any ceiling row (shipped or entered by finance) is left alone,
and a regime that is not on the site is skipped (the seeding inserts it, rows included).
"""

import json

import frappe

from lef_members.setup.install import MASTER_DATA


def execute():
	if not frappe.db.exists("DocType", "Allowance Ceiling"):
		return
	frappe.reload_doc("lef_members", "doctype", "allowance_ceiling")
	frappe.reload_doc("lef_members", "doctype", "allowance_regime")
	shipped = json.loads((MASTER_DATA / "allowance_regime.json").read_text(encoding="utf-8"))
	for record in shipped:
		name = record["regime_name"]
		rows = record.get("ceilings") or []
		if not rows or not frappe.db.exists("Allowance Regime", name):
			continue
		if frappe.db.exists("Allowance Ceiling", {"parenttype": "Allowance Regime", "parent": name}):
			continue
		regime = frappe.get_doc("Allowance Regime", name)
		for row in rows:
			regime.append("ceilings", row)
		regime.flags.ignore_permissions = True
		regime.save()
