# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from datetime import date

import frappe

from lef_members.integrations import erpnext
from lef_members.lef_hours.doctype.billing_statement.billing_statement import BillingError
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_hour_log,
	create_organisation,
)


class TestBillingStatement(LEFTestCase):
	def completed_assignment(self, **values):
		first, second = create_active_member(), create_active_member()
		day = date(2024, 4, 9)
		assignment = create_accepted_assignment(first, [day])
		frappe.get_doc(
			{
				"doctype": "Assignment Expert",
				"assignment": assignment.name,
				"member": second.name,
				"status": "Accepted",
			}
		).insert(ignore_permissions=True)
		create_hour_log(first, assignment, day, approve=True, kilometres=30, transport_mode="Car")
		create_hour_log(second, assignment, day, approve=True, execution_hours=3)
		organisation = create_organisation()
		frappe.db.set_value(
			"Assignment",
			assignment.name,
			{"status": "Completed", "organisation": organisation.name, **values},
		)
		return assignment

	def test_per_session_with_travel_makes_a_numbered_statement(self):
		frappe.db.set_single_value("LEF Settings", "travel_rate_per_km", 0.4269)
		assignment = self.completed_assignment(billing_mode="Per session", agreed_rate=150, travel_billed=1)
		doc = frappe.get_doc({"doctype": "Billing Statement", "assignment": assignment.name}).insert()
		self.assertTrue(doc.name.startswith("LEF-BIL-"))
		# 2 members x 1 session x EUR 150 + 30 km x EUR 0.4269 (12.807 -> 12.81)
		self.assertEqual([(row.quantity, row.amount) for row in doc.items], [(2, 300), (30, 12.81)])
		self.assertEqual(doc.total, 312.81)
		with self.assertRaises(BillingError):
			frappe.get_doc({"doctype": "Billing Statement", "assignment": assignment.name}).insert()
		html = frappe.get_print("Billing Statement", doc.name, "Billing Statement")
		self.assertIn(doc.name, html)

	def test_an_unfinished_assignment_is_not_billed(self):
		assignment = self.completed_assignment(billing_mode="Flat", agreed_rate=500)
		frappe.db.set_value("Assignment", assignment.name, "status", "Confirmed")
		with self.assertRaises(BillingError):
			frappe.get_doc({"doctype": "Billing Statement", "assignment": assignment.name}).insert()

	def test_without_erpnext_the_statement_stands_alone(self):
		if "erpnext" in frappe.get_installed_apps():
			self.skipTest("ERPNext is installed: this test covers a site without it")
		self.assertFalse(erpnext.is_active())
		assignment = self.completed_assignment(billing_mode="Flat", agreed_rate=500)
		doc = frappe.get_doc({"doctype": "Billing Statement", "assignment": assignment.name}).insert()
		doc.submit()
		self.assertIsNone(erpnext.make_sales_invoice(doc))
		self.assertFalse(doc.sales_invoice)
		self.assertEqual(doc.total, 500)
