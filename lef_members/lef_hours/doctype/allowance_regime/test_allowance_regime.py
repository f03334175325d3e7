# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.tests import LEFTestCase


class TestAllowanceRegime(LEFTestCase):
	def test_each_shipped_regime_has_its_kind(self):
		kinds = dict(frappe.get_all("Allowance Regime", fields=["name", "regime_kind"], as_list=True))
		self.assertEqual(kinds["BE volunteer flat rate"], "Volunteer flat rate")
		self.assertEqual(kinds["BE volunteer real costs"], "Volunteer real costs")
		self.assertEqual(kinds["NL vrijwilligersvergoeding"], "Volunteer allowance")
		self.assertEqual(kinds["Freelance fee"], "Freelance fee")
		self.assertEqual(kinds["None"], "None")

	def test_coordinators_read_regimes_but_only_finance_changes_them(self):
		from lef_members.tests.factories import create_user

		coordinator = create_user(roles=("LEF Coordinator",))
		finance = create_user(roles=("LEF Finance",))
		self.assertTrue(frappe.has_permission("Allowance Regime", "read", user=coordinator))
		self.assertFalse(frappe.has_permission("Allowance Regime", "write", user=coordinator))
		self.assertTrue(frappe.has_permission("Allowance Regime", "write", user=finance))
