# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import activate, create_member


class TestLEFSettings(LEFTestCase):
	def test_welcome_mail_follows_the_setting(self):
		# Frappe sends its welcome mail (with the link to set a password) for users
		# created with send_welcome_email; the setting decides whether we ask for it.
		frappe.db.set_single_value("LEF Settings", "send_welcome_email", 1)
		member = activate(create_member())
		self.assertEqual(frappe.db.get_value("User", member.email, "send_welcome_email"), 1)

		frappe.db.set_single_value("LEF Settings", "send_welcome_email", 0)
		quiet = activate(create_member())
		self.assertTrue(frappe.db.exists("User", quiet.email))
		self.assertEqual(frappe.db.get_value("User", quiet.email, "send_welcome_email"), 0)

	def test_staff_can_rewrite_an_email_and_delete_their_copy_to_go_back(self):
		from lef_members.lef_assignments import assignment_flow
		from lef_members.setup.install import seed_email_templates
		from lef_members.tests.factories import create_active_member, create_assignment

		self.assertIn("LEF: invitation", seed_email_templates() or ["LEF: invitation"])
		self.assertEqual(seed_email_templates(), [])  # copied once, never overwritten
		frappe.db.set_value(
			"Email Template",
			"LEF: invitation",
			{
				"subject": "Nieuwe vraag: {{ title }}",
				"response_html": "<p>Hallo {{ first_name }}, zin in {{ title }}?</p>",
			},
		)
		member = create_active_member()
		doc = create_assignment()
		assignment_flow.invite(doc.name, [member.name])
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Assignment Expert"},
			fields=["message"],
			order_by="creation desc",
			limit=1,
		)[0]
		self.assertIn(f"zin in {doc.title}?", queued.message)
		self.assertIn(f"Nieuwe vraag: {doc.title}", queued.message)

		frappe.delete_doc("Email Template", "LEF: invitation", ignore_permissions=True)
		other = create_active_member()
		assignment_flow.invite(doc.name, [other.name])
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Assignment Expert"},
			fields=["message"],
			order_by="creation desc",
			limit=1,
		)[0]
		self.assertIn("Only accept what you feel up to", queued.message)
