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
	frappe.db.commit()
