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
