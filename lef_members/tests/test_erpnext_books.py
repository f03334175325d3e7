"""Billing and payouts in ERPNext's books, where ERPNext is installed: the invoice equals the
statement to the cent, follows it, never blocks it; payouts become journal entries; organisations
that existed before ERPNext are linked by a job. Skipped, with the reason, without ERPNext.
"""

import unittest
from datetime import date

import frappe
from frappe.utils import add_days, flt

from lef_members.domain import invoicing
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_hour_log,
	create_organisation,
	create_payout,
	make_enterprise_number,
	set_allowance,
)
from lef_members.tests.late_linking import assert_linked_once

DAY = date(2024, 4, 9)


def erpnext_ready() -> str | None:
	"""Why these tests cannot run here, or None."""
	if "erpnext" not in frappe.get_installed_apps():
		return "ERPNext is not installed on this site"
	if not frappe.db.get_value("Company", {}, "name"):
		return "ERPNext has no company (its setup wizard was not completed)"
	return None


class ERPNextTestCase(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		reason = erpnext_ready()
		if reason:
			raise unittest.SkipTest(reason)
		super().setUpClass()
		from lef_members.integrations.erpnext import settings

		cls.company = settings.company()
		cls.currency = frappe.get_cached_value("Company", cls.company, "default_currency")
		frappe.db.set_single_value("LEF Settings", "travel_rate_per_km", 0.4269)

	def setUp(self):
		frappe.set_user("Administrator")
		for field in ("erpnext_taxes_template", "erpnext_payment_terms", "erpnext_payout_journal"):
			frappe.db.set_single_value("LEF Settings", field, None)

	def statement(self, organisation=None, submit=True, **values):
		"""The issue's statement: one session at EUR 150 and 30 km at EUR 0.4269 (EUR 162.81)."""
		member = create_active_member()
		assignment = create_accepted_assignment(member, [DAY])
		create_hour_log(member, assignment, DAY, approve=True, kilometres=30, transport_mode="Car")
		organisation = organisation or create_organisation(enterprise_number=make_enterprise_number())
		frappe.db.set_value(
			"Assignment",
			assignment.name,
			{
				"status": "Completed",
				"organisation": organisation.name,
				"billing_mode": "Per session",
				"agreed_rate": 150,
				"travel_billed": 1,
				**values,
			},
		)
		doc = frappe.get_doc({"doctype": "Billing Statement", "assignment": assignment.name}).insert()
		if submit:
			doc.submit()
			doc.reload()
		return doc


class TestInvoices(ERPNextTestCase):
	def test_the_invoice_equals_the_statement_to_the_cent_line_by_line(self):
		doc = self.statement()
		self.assertEqual(doc.total, 162.81)
		invoice = frappe.get_doc("Sales Invoice", doc.sales_invoice)
		self.assertEqual((invoice.docstatus, invoice.company), (0, self.company))
		self.assertEqual(flt(invoice.net_total, 2), 162.81)
		self.assertEqual(flt(invoice.grand_total, 2), 162.81, "exempt: no VAT on top")
		self.assertEqual(
			sorted(flt(i.amount, 2) for i in invoice.items), sorted(flt(i.amount, 2) for i in doc.items)
		)
		self.assertIn("artikel 44", invoice.remarks)
		self.assertEqual(doc.invoice_status, invoicing.DRAFT)
		self.assertEqual(invoice.due_date, add_days(invoice.posting_date, 30))

	def test_vat_chosen_is_added_on_top_of_the_statement(self):
		template = self.vat_template(21)
		frappe.db.set_single_value("LEF Settings", "erpnext_taxes_template", template)
		doc = self.statement()
		invoice = frappe.get_doc("Sales Invoice", doc.sales_invoice)
		self.assertEqual(flt(invoice.net_total, 2), 162.81)
		self.assertEqual(flt(invoice.total_taxes_and_charges, 2), 34.19)
		self.assertEqual(flt(invoice.grand_total, 2), 197.00)
		self.assertNotIn("artikel 44", invoice.remarks or "")

	def vat_template(self, rate: int) -> str:
		account = frappe.db.get_value(
			"Account", {"company": self.company, "account_type": "Tax", "is_group": 0}, "name"
		)
		title = f"LEF VAT {rate} {frappe.generate_hash(length=5)}"
		return (
			frappe.get_doc(
				{
					"doctype": "Sales Taxes and Charges Template",
					"title": title,
					"company": self.company,
					"taxes": [
						{
							"charge_type": "On Net Total",
							"account_head": account,
							"rate": rate,
							"description": f"VAT {rate}%",
						}
					],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def test_a_cancelled_statement_leaves_no_live_invoice_and_its_amendment_gets_one(self):
		doc = self.statement()
		draft = doc.sales_invoice
		doc.cancel()
		self.assertFalse(frappe.db.exists("Sales Invoice", draft), "the draft invoice is deleted")
		amended = frappe.copy_doc(doc)
		amended.docstatus = 0
		amended.amended_from = doc.name
		amended.insert()
		amended.submit()
		amended.reload()
		live = frappe.get_all(
			"Sales Invoice",
			filters={"docstatus": ("<", 2), "remarks": ("like", f"%{doc.assignment}%")},
			pluck="name",
		)
		self.assertEqual(live, [amended.sales_invoice])

	def test_a_submitted_invoice_is_cancelled_with_its_statement_and_a_paid_one_refuses(self):
		doc = self.statement()
		invoice = frappe.get_doc("Sales Invoice", doc.sales_invoice)
		invoice.submit()
		self.assertEqual(
			frappe.db.get_value("Billing Statement", doc.name, "invoice_status"), invoicing.SUBMITTED
		)
		doc.reload()
		doc.cancel()
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice.name, "docstatus"), 2)

		paid = self.statement()
		invoice = frappe.get_doc("Sales Invoice", paid.sales_invoice)
		invoice.submit()
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		payment = get_payment_entry("Sales Invoice", invoice.name)
		payment.reference_no = "LEF-TEST"
		payment.reference_date = invoice.posting_date
		payment.insert(ignore_permissions=True)
		payment.submit()
		self.assertEqual(
			frappe.db.get_value("Billing Statement", paid.name, "invoice_status"), invoicing.PAID
		)
		paid.reload()
		self.assertRaises(frappe.ValidationError, paid.cancel)
		self.assertEqual(frappe.db.get_value("Billing Statement", paid.name, "docstatus"), 1)
		payment.cancel()
		self.assertEqual(
			frappe.db.get_value("Billing Statement", paid.name, "invoice_status"), invoicing.SUBMITTED
		)

	def test_a_disabled_customer_does_not_block_the_statement_and_the_invoice_is_retried(self):
		organisation = create_organisation(enterprise_number=make_enterprise_number())
		organisation.reload()
		customer = organisation.customer
		self.assertTrue(customer)
		frappe.db.set_value("Customer", customer, "disabled", 1)
		doc = self.statement(organisation=organisation)
		self.assertEqual(doc.docstatus, 1, "the statement is submitted all the same")
		self.assertEqual(doc.invoice_status, invoicing.FAILED)
		self.assertTrue(doc.invoice_error)
		self.assertFalse(doc.sales_invoice)
		self.assertFalse(frappe.get_all("Sales Invoice", filters={"customer": customer}), "nothing half-made")
		self.assertTrue(frappe.get_all("Error Log", filters={"method": ("like", f"%{doc.name}%")}))
		frappe.db.set_value("Customer", customer, "disabled", 0)
		self.assertTrue(doc.make_invoice_again())
		doc.reload()
		self.assertEqual(doc.invoice_status, invoicing.DRAFT)
		self.assertEqual(flt(frappe.db.get_value("Sales Invoice", doc.sales_invoice, "net_total"), 2), 162.81)

	def test_payment_terms_from_lef_settings(self):
		template = frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": f"LEF 14 days {frappe.generate_hash(length=5)}",
				"terms": [
					{
						"invoice_portion": 100,
						"credit_days": 14,
						"due_date_based_on": "Day(s) after invoice date",
					}
				],
			}
		).insert(ignore_permissions=True)
		frappe.db.set_single_value("LEF Settings", "erpnext_payment_terms", template.name)
		doc = self.statement()
		invoice = frappe.get_doc("Sales Invoice", doc.sales_invoice)
		self.assertEqual(invoice.payment_terms_template, template.name)
		self.assertEqual(invoice.due_date, add_days(invoice.posting_date, 14))


class TestCustomers(ERPNextTestCase):
	def test_a_customer_is_made_with_the_forums_defaults_and_found_again_by_tax_id(self):
		number = make_enterprise_number()
		organisation = create_organisation(enterprise_number=number)
		organisation.reload()
		customer = frappe.get_doc("Customer", organisation.customer)
		self.assertEqual(customer.tax_id, organisation.enterprise_number)
		self.assertEqual(frappe.db.get_value("Customer Group", customer.customer_group, "is_group"), 0)
		self.assertEqual(frappe.db.get_value("Territory", customer.territory, "is_group"), 0)
		# Another record of the same organisation (another spelling of the name): the same customer.
		frappe.db.set_value("Commissioning Organisation", organisation.name, "customer", None)
		from lef_members.integrations.erpnext.customers import find

		organisation.reload()
		organisation.organisation_name = organisation.organisation_name + " vzw"
		self.assertEqual(find(organisation), customer.name)

	def test_the_lookup_does_not_load_every_customer(self):
		from unittest.mock import patch

		from lef_members.integrations.erpnext import customers

		organisation = create_organisation(enterprise_number=make_enterprise_number())
		calls = []
		real = frappe.get_all

		def watched(doctype, *args, **kwargs):
			calls.append((doctype, kwargs.get("filters")))
			return real(doctype, *args, **kwargs)

		with patch("frappe.get_all", watched):
			customers.find(organisation)
		self.assertTrue(calls)
		self.assertTrue(all(filters for doctype, filters in calls if doctype == "Customer"), calls)

	def test_the_billing_item_is_a_service(self):
		from lef_members.integrations.erpnext.invoices import billing_item

		group = frappe.db.get_value("Item", billing_item(), "item_group")
		self.assertEqual(frappe.db.get_value("Item Group", group, "is_group"), 0)
		if frappe.db.exists("Item Group", "Services"):
			self.assertEqual(group, "Services")


class TestPayoutJournal(ERPNextTestCase):
	def test_a_payout_becomes_one_draft_journal_entry_to_the_cent_and_goes_with_it(self):
		expense = frappe.db.get_value(
			"Account", {"company": self.company, "root_type": "Expense", "is_group": 0}, "name"
		)
		bank = frappe.db.get_value(
			"Account",
			{"company": self.company, "account_type": ("in", ("Bank", "Cash")), "is_group": 0},
			"name",
		)
		regime = "BE volunteer flat rate"  # shipped, with the 2024 figures
		frappe.db.set_value("Allowance Regime", regime, "expense_account", expense)
		frappe.db.set_single_value("LEF Settings", "erpnext_payout_journal", 1)
		frappe.db.set_single_value("LEF Settings", "erpnext_payout_credit_account", bank)
		day = date(2024, 10, 15)
		member = create_active_member()
		set_allowance(member, regime)
		create_hour_log(member, create_accepted_assignment(member, [day]), day, approve=True)
		payout = create_payout(day, day, submit=True)
		payout.reload()
		self.assertTrue(payout.journal_entry, payout.journal_error)
		entry = frappe.get_doc("Journal Entry", payout.journal_entry)
		self.assertEqual(entry.docstatus, 0)
		self.assertEqual(entry.cheque_no, payout.name)
		paid = sum(
			flt(r.paid, 2)
			for r in frappe.get_all(
				"Allowance Payout Member", filters={"payout": payout.name}, fields=["paid"]
			)
		)
		self.assertEqual(flt(entry.total_debit, 2), flt(paid, 2))
		self.assertEqual(flt(entry.total_credit, 2), flt(paid, 2))
		payout.cancel()
		self.assertFalse(frappe.db.exists("Journal Entry", entry.name))


class TestArrivingLate(ERPNextTestCase):
	def test_existing_organisations_are_linked_once_by_the_job(self):
		organisations = [create_organisation(enterprise_number=make_enterprise_number()) for _ in range(3)]
		assert_linked_once(self, "erpnext", "customer", organisations)

	def test_uninstalling_erpnext_keeps_our_records(self):
		from lef_members.integrations import setup
		from lef_members.integrations.erpnext.common import CUSTOM_FIELDS

		organisation = create_organisation(enterprise_number=make_enterprise_number())
		statement = self.statement(organisation=organisation)
		counts = {
			dt: frappe.db.count(dt)
			for dt in ("Commissioning Organisation", "Billing Statement", "Allowance Regime")
		}
		self.addCleanup(setup.sync_custom_fields)
		setup.before_app_uninstall("erpnext")
		self.assertFalse(
			frappe.db.exists("Custom Field", {"dt": "Commissioning Organisation", "fieldname": "customer"})
		)
		self.assertEqual(counts, {dt: frappe.db.count(dt) for dt in counts})
		self.assertEqual(frappe.db.get_value("Billing Statement", statement.name, "total"), 162.81)
		setup.sync_custom_fields()
		for doctype, fields in CUSTOM_FIELDS.items():
			for field in fields:
				self.assertTrue(
					frappe.db.exists("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
				)
