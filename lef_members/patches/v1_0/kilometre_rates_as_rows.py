"""Kilometre rates become dated rows of their own (per vehicle, per quarter), apart from the
yearly ceiling rows; the figures of docs/legal-figures.md (Belgian ceilings 2025-2026, Dutch 2026,
the quarterly and yearly kilometre rates) reach sites installed before.

Idempotent: rates that ceiling rows held are moved only where no kilometre rate of that
vehicle covers the period yet, and shipped rows are added only where the site has no row
for any of their days. Rows finance entered or edited are never changed.
"""

import frappe

from lef_members.setup.legal_figures import move_legacy_km_rates, ship_legal_figures


def execute():
	for doctype in ("allowance_kilometre_rate", "allowance_yearly_rate_year", "allowance_ceiling"):
		frappe.reload_doc("lef_members", "doctype", doctype)
	frappe.reload_doc("lef_members", "doctype", "allowance_regime")
	move_legacy_km_rates()
	ship_legal_figures()
