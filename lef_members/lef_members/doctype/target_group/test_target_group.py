# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.tests import LEFTestCase


class TestTargetGroup(LEFTestCase):
	def test_shipped_record_is_there_and_translated_for_a_dutch_user(self):
		self.assertTrue(frappe.db.exists("Target Group", "Young people"))
		self.assertNotEqual(frappe._("Young people", lang="nl"), "Young people")

	def test_a_second_record_with_the_same_name_is_refused(self):
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": "Target Group", "target_group_name": "Young people"}).insert(
				ignore_permissions=True
			)
