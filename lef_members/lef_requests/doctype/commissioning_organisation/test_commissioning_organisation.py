# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.exceptions import OrganisationError
from lef_members.integrations import crm, erpnext
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import create_organisation, create_user, make_enterprise_number


class TestCommissioningOrganisation(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_numbers_addresses_and_domains_are_normalised(self):
		number = make_enterprise_number()
		org = create_organisation(
			enterprise_number=number,
			email=" Info@UZ-Test.BE ",
			website="www.uz-test.be",
			email_domains="UZ-Test.be, gmail.com\nhttps://www.uz-test.be/nl\nzorg@partner-test.be",
		)
		self.assertEqual(org.enterprise_number, "BE" + number.replace(".", ""))
		self.assertEqual(org.email, "info@uz-test.be")
		self.assertEqual(org.website, "https://www.uz-test.be")
		# one domain each, no public providers
		self.assertEqual(org.email_domains.split("\n"), ["uz-test.be", "partner-test.be"])

	def test_a_malformed_enterprise_number_is_refused(self):
		with self.assertRaises(OrganisationError):
			create_organisation(enterprise_number="0403.170.702")

	def test_two_organisations_cannot_share_an_enterprise_number(self):
		number = make_enterprise_number()
		first = create_organisation(enterprise_number=number)
		with self.assertRaises(OrganisationError) as caught:
			create_organisation(enterprise_number=number.replace(".", ""))
		self.assertIn(first.name, str(caught.exception))

	def test_contacts_and_addresses_show_on_the_organisation(self):
		org = create_organisation()
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Els",
				"email_ids": [{"email_id": "els@example.org", "is_primary": 1}],
				"links": [{"link_doctype": "Commissioning Organisation", "link_name": org.name}],
			}
		).insert(ignore_permissions=True)
		org.reload()
		org.run_method("onload")
		self.assertEqual([c.name for c in org.get_onload("contact_list")], [contact.name])
		self.assertEqual(org.get_onload("addr_list"), [])

	def test_coordinators_manage_organisations_and_their_contacts_finance_reads(self):
		org = create_organisation()
		frappe.set_user(create_user(roles=("LEF Coordinator",)))
		self.assertTrue(frappe.has_permission("Commissioning Organisation", "write", org.name))
		self.assertTrue(frappe.has_permission("Contact", "create"))
		self.assertTrue(frappe.has_permission("Address", "create"))
		frappe.set_user(create_user(roles=("LEF Finance",)))
		self.assertTrue(frappe.has_permission("Commissioning Organisation", "read", org.name))
		self.assertFalse(frappe.has_permission("Commissioning Organisation", "write", org.name))
		self.assertTrue(frappe.has_permission("Contact", "read"))
		self.assertFalse(frappe.has_permission("Contact", "write"))
		frappe.set_user(create_user(roles=("LEF Member",)))
		self.assertFalse(frappe.has_permission("Commissioning Organisation", "read", org.name))

	def test_without_erpnext_or_crm_the_app_stands_alone(self):
		installed = frappe.get_installed_apps()
		meta = frappe.get_meta("Commissioning Organisation")
		self.assertEqual(meta.has_field(erpnext.LINK_FIELD), "erpnext" in installed)
		self.assertEqual(meta.has_field(crm.LINK_FIELD), "crm" in installed)
		if "erpnext" not in installed and "crm" not in installed:
			org = create_organisation()
			self.assertIsNone(erpnext.link_customer(org))
			self.assertIsNone(crm.link_organisation(org))
