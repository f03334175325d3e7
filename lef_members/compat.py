"""What differs between Frappe 15 and the v16 line, in one place (no version checks elsewhere).

- The site tests' base class: v16 ships ``frappe.tests.IntegrationTestCase``; 15.41 only
  ``frappe.tests.utils.FrappeTestCase``.
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
