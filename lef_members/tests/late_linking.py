"""What the ERPNext and the CRM tests both check of the job that links organisations made
before the other app came (``integrations.late``)."""

import frappe

from lef_members.integrations import late


def assert_linked_once(test, app: str, link_field: str, organisations: list) -> dict[str, str]:
	"""Unlink ``organisations`` (as if they existed before ``app``), run the job twice: the first
	run links each, the second links none and changes no link. Returns the links."""

	def links() -> dict[str, str]:
		return {
			o.name: frappe.db.get_value("Commissioning Organisation", o.name, link_field)
			for o in organisations
		}

	for organisation in organisations:
		frappe.db.set_value("Commissioning Organisation", organisation.name, link_field, None)
	test.assertGreaterEqual(late.link_existing_organisations(app)["linked"], len(organisations))
	linked = links()
	test.assertTrue(all(linked.values()), linked)
	test.assertEqual(late.link_existing_organisations(app)["linked"], 0)
	test.assertEqual(links(), linked)
	return linked
