"""What differs between Frappe 15 and the v16 line, in one place (no version checks elsewhere).

- The site tests' base class: v16 ships ``frappe.tests.IntegrationTestCase``; 15.41 only
  ``frappe.tests.utils.FrappeTestCase``.
- Whether the setup wizard ran, as the desk asks it: 15.41 reads System Settings; v16 reads
  each app's row in Installed Applications (frappe's), System Settings keeping a copy.
- The database driver: 15.41 talks to MariaDB through PyMySQL, v16 through mysqlclient, whose
  ``escape_string`` returns bytes where PyMySQL's returns str.

Everything else the app does is written the way both accept: aggregates through the query
builder (v16 refuses SQL functions in ``fields``), POST for every call that changes something
(v16 takes many endpoints by POST only), globals of our bundles attached to ``window`` (v16 wraps
bundles). ``tests/metadata/test_v16_guards.py`` holds the code to that.
"""


def framework_test_case():
	"""The framework's test case class for tests on a site."""
	try:
		from frappe.tests import IntegrationTestCase  # v16 (only where tests import this module)

		return IntegrationTestCase
	except ImportError:
		from frappe.tests.utils import FrappeTestCase  # v15

		return FrappeTestCase


def sql_string_escaper():
	"""The database connection's own string escaping, as ``str -> str`` on either driver. It
	honours the server's backslash mode, which a hand-written escaper would not know."""
	import frappe

	escape = frappe.db._conn.escape_string
	if isinstance(escape(""), bytes):  # mysqlclient (v16)
		return lambda value: escape(value).decode("utf-8")
	return escape  # PyMySQL (v15)


def mark_setup_complete(done: bool) -> None:
	"""Mark the framework's setup wizard as run, or not, where the desk looks (tests that open
	the desk on a site whose wizard never ran). On v16 with ERPNext, its own row counts too:
	not marked here (no v16 ERPNext was at hand to try it)."""
	import frappe

	frappe.db.set_single_value("System Settings", "setup_complete", int(done))
	if frappe.db.has_column("Installed Application", "is_setup_complete"):  # v16
		frappe.db.set_value("Installed Application", {"app_name": "frappe"}, "is_setup_complete", int(done))
	frappe.clear_cache()
