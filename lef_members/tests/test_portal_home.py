"""The member's portal home (/lef): what needs them now, only their own, and never for Guest."""

import frappe
from frappe.utils import add_days, today
from frappe.utils.password import update_password

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_assignment,
	create_hour_log,
	create_training_enrollment,
	create_training_session,
	create_user,
)
from lef_members.tests.http import request, token_headers
from lef_members.www.lef import index


def home_of(member) -> frappe._dict:
	frappe.set_user(member.user)
	try:
		return index.get_context(frappe._dict())
	finally:
		frappe.set_user("Administrator")


class TestPortalHome(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.member = create_active_member(first_name="Alice")
		cls.other = create_active_member(first_name="Bob")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_shows_invitations_sessions_to_log_and_trainings_of_the_member_only(self):
		invited = create_assignment(title="Herstelverhaal voor verpleegkundigen")
		frappe.db.set_value("Assignment", invited.name, "status", "Open")
		frappe.get_doc(
			{
				"doctype": "Assignment Expert",
				"assignment": invited.name,
				"member": self.member.name,
				"status": "Invited",
			}
		).insert(ignore_permissions=True)
		logged, unlogged = add_days(today(), -10), add_days(today(), -3)
		past = create_accepted_assignment(self.member, [logged, unlogged], title="Co-teaching ggz")
		create_hour_log(self.member, past, logged)
		create_accepted_assignment(self.other, [unlogged], title="Bob's own work")
		session = create_training_session(capacity=5)
		create_training_enrollment(self.member, session)

		home = home_of(self.member)
		self.assertEqual([i.title for i in home.open_invitations], [invited.title])
		self.assertEqual(
			[(r["title"], str(r["date"])) for r in home.to_log], [("Co-teaching ggz", str(unlogged))]
		)
		self.assertEqual([t["title"] for t in home.trainings], [session.title or session.course])
		self.assertEqual(len(home.links), 5)
		self.assertEqual(home_of(self.other).open_invitations, [])

	def test_page_renders_for_the_member_and_refuses_guest_and_staff_without_a_profile(self):
		headers = token_headers(self.member.user)
		frappe.db.commit()  # the request runs on a connection of its own
		response = request("get", "/lef", headers=headers)
		self.assertEqual(response.status_code, 200)
		body = response.get_data(as_text=True)
		self.assertIn("Alice", body)
		self.assertIn('href="/lef/hours"', body)
		self.assertIn("<h1>", body)

		self.assertIn(request("get", "/lef").status_code, (403, 302))
		staff_headers = token_headers(create_user(roles=("LEF Coordinator",)))
		frappe.db.commit()
		self.assertEqual(request("get", "/lef", headers=staff_headers).status_code, 403)

	def test_a_member_lands_on_the_portal_home_after_logging_in(self):
		"""Not on the profile: the role's own home page says /lef, as the hook does."""
		password = f"Lef-{frappe.generate_hash(length=12)}-2026!"
		update_password(self.member.user, password)
		frappe.db.commit()
		response = request("post", "/api/method/login", data={"usr": self.member.user, "pwd": password})
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["home_page"], "/lef")
