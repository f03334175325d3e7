# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.tests import LEFTestCase


class TestExperienceTheme(LEFTestCase):
	def test_shipped_record_is_there_and_translated_for_a_dutch_user(self):
		self.assertTrue(frappe.db.exists("Experience Theme", "Psychosis"))
		self.assertNotEqual(frappe._("Psychosis", lang="nl"), "Psychosis")

	def test_a_second_record_with_the_same_name_is_refused(self):
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": "Experience Theme", "theme_name": "Psychosis"}).insert(
				ignore_permissions=True
			)
