"""Helpers for the tests that run on a real site (bench run-tests)."""

import frappe

# Frappe v16 ships IntegrationTestCase; v15 only FrappeTestCase. Tests import
# LEFTestCase so the same suite runs on both.
try:
	from frappe.tests import IntegrationTestCase as LEFTestCase
except ImportError:
	from frappe.tests.utils import FrappeTestCase as LEFTestCase

__all__ = ["LEFTestCase", "before_tests"]


def before_tests() -> None:
	"""Runs once before the suite on a site: make sure the app's roles and data exist."""
	from lef_members.setup.install import seed_master_data

	seed_master_data()
	ensure_outgoing_email_account()
	frappe.db.commit()


def ensure_outgoing_email_account() -> None:
	"""A default outgoing account, so mails are queued as on a configured site (nothing is sent:
	the queue is only flushed by a worker, and tests assert on the queue)."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "LEF Tests Outgoing",
			"email_id": "lef-tests@example.org",
			"domain": None,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"smtp_port": 2525,
			"no_smtp_authentication": 1,
			"enable_incoming": 0,
		}
	).insert(ignore_permissions=True)
