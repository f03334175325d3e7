"""Security tests in the manner of frappe/lms: one member must never reach another's data.

Members have no desk permissions on Expert by Experience: they see and edit their own
profile through the portal only. Coordinators read everything; finance reads money data
but not health data; Guest reads nothing.
"""

import json
import random

import frappe

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import activate, create_member, create_user
from lef_members.tests.http import request, token_headers


class TestMemberPrivacy(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.alice = activate(create_member(first_name="Alice", themes=[{"experience_theme": "Psychosis"}]))
		cls.bob = activate(create_member(first_name="Bob", themes=[{"experience_theme": "Addiction"}]))
		cls.alice.reload()
		cls.bob.reload()
		cls.coordinator = create_user(roles=("LEF Coordinator",))
		cls.finance = create_user(roles=("LEF Finance",))

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_member_cannot_read_or_list_members_in_the_desk(self):
		frappe.set_user(self.alice.user)
		self.assertFalse(frappe.has_permission("Expert by Experience", "read", self.bob.name))
		self.assertFalse(frappe.has_permission("Expert by Experience", "read", self.alice.name))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Expert by Experience", fields=["name", "email"])

	def test_member_cannot_change_another_member(self):
		frappe.set_user(self.alice.user)
		bob = frappe.get_doc("Expert by Experience", self.bob.name)
		bob.phone = "+32 470 00 00 00"
		with self.assertRaises(frappe.PermissionError):
			bob.save()

	def test_portal_save_changes_only_the_callers_own_record(self):
		from lef_members.api.portal import save_profile

		frappe.set_user(self.alice.user)
		save_profile({"phone": "+32 470 12 34 56", "max_travel_km": 25})
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Expert by Experience", self.alice.name, "phone"), "+32 470 12 34 56"
		)
		self.assertNotEqual(
			frappe.db.get_value("Expert by Experience", self.bob.name, "phone"), "+32 470 12 34 56"
		)

	def test_portal_save_ignores_fields_a_member_may_not_change(self):
		from lef_members.api.portal import save_profile

		frappe.set_user(self.alice.user)
		save_profile(
			{
				"status": "Left",
				"email": "evil@example.org",
				"confidential_notes": "x",
				"user": "Administrator",
			}
		)
		frappe.set_user("Administrator")
		alice = frappe.get_doc("Expert by Experience", self.alice.name)
		self.assertEqual(alice.status, "Active")
		self.assertNotEqual(alice.email, "evil@example.org")
		self.assertFalse(alice.confidential_notes)
		self.assertEqual(alice.user, self.alice.user)

	def test_portal_refuses_guest_and_users_without_a_member(self):
		from lef_members.api.portal import save_profile

		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			save_profile({"phone": "+32 470 00 00 01"})
		frappe.set_user(self.coordinator)
		with self.assertRaises(frappe.PermissionError):
			save_profile({"phone": "+32 470 00 00 01"})

	def test_coordinator_reads_health_data_finance_does_not(self):
		frappe.set_user(self.coordinator)
		doc = frappe.get_doc("Expert by Experience", self.alice.name)
		self.assertTrue(doc.has_permlevel_access_to("themes"))
		self.assertTrue(doc.has_permlevel_access_to("iban"))
		frappe.set_user(self.finance)
		doc = frappe.get_doc("Expert by Experience", self.alice.name)
		self.assertFalse(doc.has_permlevel_access_to("themes"))
		self.assertFalse(doc.has_permlevel_access_to("benefit_status"))
		self.assertFalse(doc.has_permlevel_access_to("confidential_notes"))
		self.assertTrue(doc.has_permlevel_access_to("iban"))
		doc.apply_fieldlevel_read_permissions()
		self.assertFalse(doc.get("themes"))


class TestMemberPrivacyOverHTTP(LEFTestCase):
	"""The same rules through /api/resource and /api/method, as a browser or script would."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.alice = activate(create_member(first_name="Alice"))
		cls.bob = activate(create_member(first_name="Bob"))
		cls.alice.reload()
		cls.bob.reload()
		cls.alice_headers = token_headers(cls.alice.user)
		frappe.db.commit()  # the WSGI app reads through its own connection

	@classmethod
	def tearDownClass(cls):
		for member in (cls.alice, cls.bob):
			frappe.delete_doc("Expert by Experience", member.name, force=True, ignore_permissions=True)
			frappe.delete_doc("User", member.user, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_rest_read_of_another_member_is_forbidden(self):
		response = request(
			"get", f"/api/resource/Expert by Experience/{self.bob.name}", headers=self.alice_headers
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotIn(self.bob.email, response.get_data(as_text=True))

	def test_rest_list_of_members_is_forbidden(self):
		response = request("get", "/api/resource/Expert by Experience", headers=self.alice_headers)
		self.assertEqual(response.status_code, 403)

	def test_rest_update_of_another_member_is_forbidden(self):
		response = request(
			"put",
			f"/api/resource/Expert by Experience/{self.bob.name}",
			json={"phone": "+32 470 99 99 99"},
			headers=self.alice_headers,
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotEqual(
			frappe.db.get_value("Expert by Experience", self.bob.name, "phone"), "+32 470 99 99 99"
		)

	def test_guest_reads_nothing(self):
		response = request("get", f"/api/resource/Expert by Experience/{self.bob.name}")
		self.assertEqual(response.status_code, 403)
		response = request(
			"post",
			"/api/method/lef_members.api.portal.save_profile",
			json={"profile": {"phone": "+32 470 11 11 11"}},
		)
		self.assertEqual(response.status_code, 403)

	def test_forgot_password_names_nobody(self):
		"""Anyone may ask a reset for any address. Frappe 16 answered with the account holder's
		full name, and both lines answer an unknown address with 404: knowing an address was
		enough to learn whether, and on 16 who, is a member. Every address gets one answer."""
		from lef_members.tests import ensure_outgoing_email_account
		from lef_members.tests.mails import queued_raw
		from lef_members.tests.smtp_sink import SmtpSink

		ensure_outgoing_email_account()
		frappe.db.commit()
		server, port = frappe.db.get_value(
			"Email Account", {"default_outgoing": 1, "enable_outgoing": 1}, ["smtp_server", "smtp_port"]
		)
		if server not in ("localhost", "127.0.0.1") or not port:
			self.skipTest(f"the site's outgoing mail goes to {server}: no reset mail is sent from a test")
		door = "/api/method/frappe.core.doctype.user.user.reset_password"
		user = frappe.get_doc("User", self.bob.user)

		def ask(address, headers=None, path=door):
			ip = ".".join(str(random.randint(1, 254)) for _ in range(4))  # limits are per address
			return request(
				"post", path, data={"user": address}, headers={**(headers or {}), "X-Forwarded-For": ip}
			)

		with SmtpSink(int(port)) as sink:  # Frappe sends this mail at once, not queued
			answers = []
			for address, headers in (
				(user.name, {}),
				(user.name, self.alice_headers),
				("nobody-here@example.org", {}),
			):
				response = ask(address, headers)
				body = response.get_data(as_text=True)
				for part in filter(None, (user.full_name, user.first_name, user.last_name)):
					self.assertNotIn(part, body)
				self.assertIn("Password reset instructions have been sent to your email", body)
				answers.append((response.status_code, json.loads(body).get("message")))
			self.assertEqual(len(set(answers)), 1, f"the answers tell addresses apart: {answers}")
			self.assertEqual(answers[0][0], 200)
			# Called by its own name it refuses: Frappe's rate limit would count it apart.
			direct = ask(user.name, path="/api/method/lef_members.security.accounts.reset_password")
			self.assertEqual(direct.status_code, 403, direct.get_data(as_text=True))
		# The door still does its work: Bob got a new reset key, and the mail with the link.
		frappe.db.rollback()
		self.assertNotEqual(
			frappe.db.get_value("User", user.name, "reset_password_key"), user.reset_password_key
		)
		unfolded = [m.replace("=\r\n", "").replace("=\n", "") for m in sink.messages + queued_raw(user.name)]
		self.assertTrue([m for m in unfolded if "update-password?key=" in m], "no reset mail")

	def test_member_saves_own_profile_over_http(self):
		response = request(
			"post",
			"/api/method/lef_members.api.portal.save_profile",
			json={
				"profile": {
					"municipality": "Hasselt",
					"availability": [{"weekday": "Tuesday", "part_of_day": "Morning"}],
				}
			},
			headers=self.alice_headers,
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		frappe.db.rollback()  # see what the other connection committed
		alice = frappe.get_doc("Expert by Experience", self.alice.name)
		self.assertEqual(alice.municipality, "Hasselt")
		self.assertEqual([(r.weekday, r.part_of_day) for r in alice.availability], [("Tuesday", "Morning")])

	def test_profile_page_renders_for_the_member_and_not_for_guest(self):
		response = request("get", "/lef/profile", headers=self.alice_headers)
		self.assertEqual(response.status_code, 200)
		body = response.get_data(as_text=True)
		self.assertIn(self.alice.full_name, body)
		self.assertNotIn(self.bob.email, body)
		response = request("get", "/lef/profile")
		self.assertIn(response.status_code, (403, 302))
