"""What installing the app leaves on a site: roles, master data, settings."""

import frappe

from lef_members.setup.install import seed_master_data
from lef_members.tests import LEFTestCase


class TestInstall(LEFTestCase):
	def test_roles_exist_with_the_right_desk_access(self):
		self.assertEqual(frappe.db.get_value("Role", "LEF Coordinator", "desk_access"), 1)
		self.assertEqual(frappe.db.get_value("Role", "LEF Finance", "desk_access"), 1)
		self.assertEqual(frappe.db.get_value("Role", "LEF Member", "desk_access"), 0)

	def test_master_data_is_seeded(self):
		self.assertTrue(frappe.db.exists("Experience Theme", "Psychosis"))
		self.assertTrue(frappe.db.exists("Care Network", "Noolim"))
		self.assertTrue(frappe.db.exists("Care Network", "Netwerk Zorg voor Geïnterneerden"))
		self.assertEqual(
			frappe.db.get_value("Allowance Regime", "BE volunteer flat rate", "regime_kind"),
			"Volunteer flat rate",
		)

	def test_seeding_again_keeps_what_staff_changed(self):
		frappe.db.set_value("Experience Theme", "Depression", "description", "Edited by staff")
		created = seed_master_data()
		self.assertEqual(created, [])
		self.assertEqual(
			frappe.db.get_value("Experience Theme", "Depression", "description"), "Edited by staff"
		)

	def test_seeding_restores_a_missing_record(self):
		frappe.delete_doc("Expert Skill", "Buddy work", force=True, ignore_permissions=True)
		self.assertIn("Expert Skill: Buddy work", seed_master_data())

	def test_amounts_are_in_euro_where_the_site_chose_no_currency(self):
		from lef_members.setup.install import ensure_currency

		chosen = frappe.db.get_default("currency")
		self.addCleanup(lambda: frappe.db.set_default("currency", chosen))
		frappe.db.set_default("currency", None)
		ensure_currency()
		self.assertEqual(frappe.db.get_default("currency"), "EUR")
		# A currency the site chose stays.
		frappe.db.set_default("currency", "USD")
		ensure_currency()
		self.assertEqual(frappe.db.get_default("currency"), "USD")

	def test_the_apps_languages_are_enabled_for_visitors(self):
		"""Frappe 16 ships Dutch disabled: a Dutch visitor then got the request form in English."""
		from frappe.translate import get_all_languages

		from lef_members.setup.install import enable_languages

		self.assertEqual(enable_languages(), [])  # what install left: all enabled
		language = frappe.get_doc("Language", "nl")
		language.enabled = 0
		language.save()  # as v16 ships it; clears Frappe's cached list
		self.assertNotIn("nl", get_all_languages())
		self.assertEqual(enable_languages(), ["nl"])
		self.assertIn("nl", get_all_languages())
		self.assertEqual(frappe.db.get_value("Language", "fr", "enabled"), 1)
