"""The apps screen (v15 /apps, v16's desktop) offers the LEF workspace to staff only: Frappe
lands a user on the one app it offers after login, so offering it to a member would send the
member to the desk instead of the portal."""

from collections import defaultdict

import frappe
from frappe.apps import get_apps, get_default_path

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import activate, create_member, create_user


class TestDeskEntry(LEFTestCase):
	def ours(self, user: str) -> list[dict]:
		frappe.set_user(user)
		try:
			frappe.local.request_cache = defaultdict(dict)  # v16 caches get_apps per request
			return [app for app in get_apps() if app["name"] == "lef_members"]
		finally:
			frappe.set_user("Administrator")

	def test_staff_are_offered_the_workspace(self):
		for role in ("LEF Coordinator", "LEF Finance"):
			(app,) = self.ours(create_user(roles=(role,)))
			self.assertEqual(app["route"], "/app/lef")
			self.assertTrue(app["logo"].endswith("lef-members.svg"))

	def test_members_organisations_and_guest_are_not(self):
		member = activate(create_member(first_name="Apps"))
		organisation = create_user(roles=("LEF Organisation",), user_type="Website User")
		for user in (member.user, organisation, "Guest"):
			self.assertEqual(self.ours(user), [], user)

	def test_a_member_logging_in_is_not_sent_to_the_desk(self):
		member = activate(create_member(first_name="Landing"))
		frappe.set_user(member.user)
		try:
			frappe.local.request_cache = defaultdict(dict)
			self.assertNotIn("/app", get_default_path() or "")
		finally:
			frappe.set_user("Administrator")
