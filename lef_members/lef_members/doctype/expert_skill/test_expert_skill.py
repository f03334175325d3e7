# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.tests import LEFTestCase


class TestExpertSkill(LEFTestCase):
	def test_shipped_record_is_there_and_translated_for_a_dutch_user(self):
		self.assertTrue(frappe.db.exists("Expert Skill", "Co-teaching"))
		self.assertNotEqual(frappe._("Co-teaching", lang="nl"), "Co-teaching")

	def test_a_second_record_with_the_same_name_is_refused(self):
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": "Expert Skill", "skill_name": "Co-teaching"}).insert(
				ignore_permissions=True
			)
