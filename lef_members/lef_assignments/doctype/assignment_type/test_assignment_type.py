# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import json

import frappe

from lef_members.lef_requests.web_form.request_an_expert.request_an_expert import assignment_type_options
from lef_members.setup.install import MASTER_DATA
from lef_members.tests import LEFTestCase


class TestAssignmentType(LEFTestCase):
	def tearDown(self):
		frappe.local.lang = "en"

	def test_the_shipped_types_are_seeded_with_their_defaults(self):
		shipped = json.loads((MASTER_DATA / "assignment_type.json").read_text(encoding="utf-8"))
		self.assertEqual(len(shipped), 10)
		wrap = frappe.get_doc("Assignment Type", "WRAP session")
		self.assertEqual(wrap.default_experts_needed, 2)
		self.assertEqual([row.skill for row in wrap.required_skills], ["WRAP facilitation"])
		for record in shipped:
			self.assertTrue(frappe.db.exists("Assignment Type", record["type_name"]), record["type_name"])

	def test_defaults_must_make_sense(self):
		doc = frappe.get_doc(
			{
				"doctype": "Assignment Type",
				"type_name": "Test free talk",
				"billing_mode": "Free",
				"default_rate": 50,
				"default_duration_hours": 0,
				"default_experts_needed": 11,
			}
		)
		with self.assertRaises(frappe.ValidationError) as caught:
			doc.insert(ignore_permissions=True)
		message = str(caught.exception)
		for text in ("free assignment type has no rate", "default duration", "between 1 and 10"):
			self.assertIn(text, message)

	def test_a_skill_is_required_once(self):
		doc = frappe.get_doc("Assignment Type", "Recovery story")
		doc.append("required_skills", {"skill": doc.required_skills[0].skill})
		with self.assertRaises(frappe.ValidationError):
			doc.save()

	def test_the_form_offers_the_types_in_use_in_the_visitors_language(self):
		frappe.db.set_value("Assignment Type", "Buddy work", "disabled", 1)
		frappe.local.lang = "nl"
		options = assignment_type_options()
		values = [option["value"] for option in options]
		self.assertNotIn("Buddy work", values)
		self.assertIn({"value": "Recovery story", "label": "Herstelverhaal"}, options)
		labels = [option["label"] for option in options]
		self.assertEqual(labels, sorted(labels, key=str.casefold))
