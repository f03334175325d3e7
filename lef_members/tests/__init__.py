"""Helpers for the tests that run on a real site (bench run-tests)."""

import frappe

from lef_members.compat import framework_test_case
from lef_members.setup.digest import app_doctypes
from lef_members.tests.jobs import wait_for_jobs

# The framework's test case of v16 or of v15 (compat.py): tests import LEFTestCase, so
# the same suite runs on both.
_FrameworkTestCase = framework_test_case()

__all__ = ["LEFTestCase", "before_tests"]

# Besides the app's own DocTypes, what tests make as a side effect (users, contacts, mails,
# comments, versions, logs), removed with them.
SIDE_EFFECTS = (
	"User",
	"Contact",
	"Address",
	"Comment",
	"Version",
	"Email Queue",
	"Notification Log",
	"Error Log",
	"Deleted Document",
	"File",
	# Made by the ERPNext and CRM integration where those apps are installed (skipped elsewhere).
	"Customer",
	"CRM Organization",
)


def _framework_test_users() -> tuple[str, ...]:
	"""The users Frappe's test runner makes once per site (test@example.com, a System Manager,
	among them) and never again: deleting them would leave the site with no System Manager but
	Administrator, and Frappe then refuses to delete any user."""
	import json
	import os

	path = os.path.join(frappe.get_app_path("frappe"), "core", "doctype", "user", "test_records.json")
	if not os.path.exists(path):
		return ()
	with open(path) as f:
		return tuple(record["email"] for record in json.load(f) if record.get("email"))


KEEP_USERS = ("Administrator", "Guest", *_framework_test_users())


class LEFTestCase(_FrameworkTestCase):
	"""The framework's test case, leaving the site as each test class found it.

	Most tests run in one transaction the framework rolls back. Tests that go over HTTP, race
	two connections or run a job commit what they make; this removes every record created
	while the class ran (the app's DocTypes with their child rows, and the side effects in
	:data:`SIDE_EFFECTS`), so a run of the suite leaves the site's record counts as they were.
	Run the suite on a site made for tests: it deletes what was created during a test class,
	whoever created it.
	"""

	@classmethod
	def setUpClass(cls):
		from frappe.utils import now_datetime

		cls._lef_started = now_datetime()
		super().setUpClass()

	@classmethod
	def tearDownClass(cls):
		super().tearDownClass()
		frappe.db.rollback()
		# A job the class caused (a mail queued after a commit) finishes before its records go.
		wait_for_jobs()
		remove_created_since(cls._lef_started)
		frappe.db.commit()


def remove_created_since(started) -> dict[str, int]:
	"""Delete what was committed since ``started``: the app's records (children included) and
	the side effects. Returns the number of rows removed per DocType."""
	removed: dict[str, int] = {}
	doctypes = app_doctypes(children=False)
	for doctype in (*doctypes, *SIDE_EFFECTS):
		if not frappe.db.exists("DocType", doctype):
			continue
		filters = {"creation": (">=", started)}
		if doctype == "User":
			filters["name"] = ("not in", KEEP_USERS)
		names = frappe.get_all(doctype, filters=filters, pluck="name")
		if not names:
			continue
		for table in frappe.get_meta(doctype).get_table_fields():
			frappe.db.delete(table.options, {"parent": ("in", names), "parenttype": doctype})
		if doctype == "User":
			frappe.db.delete("Has Role", {"parent": ("in", names)})
			frappe.db.delete("DefaultValue", {"parent": ("in", names)})
			frappe.db.delete("__Auth", {"doctype": "User", "name": ("in", names)})
		if doctype == "Email Queue":
			frappe.db.delete("Email Queue Recipient", {"parent": ("in", names)})
		frappe.db.delete(doctype, {"name": ("in", names)})
		removed[doctype] = len(names)
	if removed:
		frappe.clear_cache()
	return removed


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
