"""Beside Frappe CRM, where it is installed: organisations and contact persons reused, never
duplicated; the CRM Organization reaches our organisation; organisations that existed before CRM
are linked by a job. Skipped, with the reason, without CRM.
"""

import unittest

import frappe

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import create_expert_request, create_organisation, ensure_assignment_type
from lef_members.tests.late_linking import assert_linked_once


class TestCRM(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		if "crm" not in frappe.get_installed_apps():
			raise unittest.SkipTest("Frappe CRM is not installed on this site")
		super().setUpClass()

	def test_an_organisation_already_in_crm_is_reused_not_duplicated(self):
		name = f"Zorgnet Kempen {frappe.generate_hash(length=6)}"
		existing = frappe.get_doc({"doctype": "CRM Organization", "organization_name": name}).insert(
			ignore_permissions=True
		)
		organisation = create_organisation(organisation_name=name)
		organisation.reload()
		self.assertEqual(organisation.crm_organization, existing.name)
		self.assertEqual(frappe.db.count("CRM Organization", {"organization_name": name}), 1)

	def test_a_request_from_a_crm_contact_reuses_the_contact_and_shows_it_on_the_crm_organization(self):
		email = f"els.{frappe.generate_hash(length=6)}@zorgnet-example.org"
		contact = frappe.get_doc(
			{"doctype": "Contact", "first_name": "Els", "email_ids": [{"email_id": email, "is_primary": 1}]}
		).insert(ignore_permissions=True)
		request = create_expert_request(email=email, assignment_type=ensure_assignment_type())
		request.accept()
		request.reload()
		self.assertEqual(
			request.contact, contact.name, "the CRM's contact is the organisation's contact person"
		)
		self.assertEqual(frappe.db.count("Contact Email", {"email_id": email}), 1)
		crm_organization = frappe.db.get_value(
			"Commissioning Organisation", request.organisation, "crm_organization"
		)
		self.assertTrue(crm_organization)
		self.assertEqual(frappe.db.get_value("Contact", contact.name, "company_name"), crm_organization)

	def test_the_crm_organization_form_reaches_our_organisation(self):
		data = frappe.get_meta("CRM Organization").get_dashboard_data()
		items = [item for group in data.transactions for item in group.get("items", [])]
		self.assertIn("Commissioning Organisation", items)
		self.assertEqual(data.non_standard_fieldnames.get("Commissioning Organisation"), "crm_organization")

	def test_existing_organisations_are_linked_once_by_the_job(self):
		organisations = [create_organisation() for _ in range(3)]
		assert_linked_once(self, "crm", "crm_organization", organisations)
		for organisation in organisations:
			self.assertEqual(
				frappe.db.count("CRM Organization", {"organization_name": organisation.organisation_name}), 1
			)

	def test_uninstalling_crm_keeps_our_records(self):
		from lef_members.integrations import setup

		organisation = create_organisation()
		count = frappe.db.count("Commissioning Organisation")
		self.addCleanup(setup.sync_custom_fields)
		setup.before_app_uninstall("crm")
		self.assertFalse(
			frappe.db.exists(
				"Custom Field", {"dt": "Commissioning Organisation", "fieldname": "crm_organization"}
			)
		)
		self.assertEqual(frappe.db.count("Commissioning Organisation"), count)
		self.assertTrue(frappe.db.exists("Commissioning Organisation", organisation.name))
