# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, getdate, today

from lef_members.exceptions import DuplicateMemberError, InvalidIdentifierError, MemberStatusError
from lef_members.lef_members.doctype.expert_by_experience.expert_by_experience import end_pauses
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import activate, create_member, make_email


class TestExpertbyExperience(LEFTestCase):
	def test_full_name_and_normalised_contact(self):
		member = create_member(first_name=" An ", last_name="Peeters", email="  An.Peeters@Example.ORG ")
		self.assertEqual(member.full_name, "An Peeters")
		self.assertEqual(member.email, "an.peeters@example.org")

	def test_duplicate_email_is_refused_whatever_the_case(self):
		email = make_email()
		create_member(email=email)
		with self.assertRaises(DuplicateMemberError):
			create_member(email=email.upper())

	def test_lifecycle_follows_the_path(self):
		member = create_member()
		member.status = "Active"  # Candidate cannot jump to Active
		with self.assertRaises(MemberStatusError):
			member.save()
		member.reload()
		activate(member)
		member.reload()
		self.assertEqual(member.status, "Active")
		self.assertEqual(getdate(member.joined_on), getdate(today()))

	def test_activation_needs_consent(self):
		member = create_member()
		for status in ("Intake", "In Training"):
			member.status = status
			member.save()
		member.consent_date = None
		member.status = "Active"
		with self.assertRaises(MemberStatusError):
			member.save()

	def test_activation_creates_portal_user_with_member_role(self):
		member = activate(create_member())
		member.reload()
		self.assertEqual(member.user, member.email)
		roles = frappe.get_roles(member.user)
		self.assertIn("LEF Member", roles)
		self.assertEqual(frappe.db.get_value("User", member.user, "user_type"), "Website User")

	def test_activation_links_an_existing_user(self):
		email = make_email()
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": "Existing", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		member = activate(create_member(email=email))
		member.reload()
		self.assertEqual(member.user, email)
		self.assertIn("LEF Member", frappe.get_roles(email))
		self.assertEqual(frappe.db.count("User", {"email": email}), 1)

	def test_a_pause_lasts_until_further_notice_or_ends_by_itself(self):
		member = activate(create_member())
		member.reload()
		member.status = "Paused"
		member.save()  # no end date: until further notice, and no job ends it
		end_pauses()
		self.assertEqual(frappe.db.get_value("Expert by Experience", member.name, "status"), "Paused")
		member.reload()
		member.paused_until = today()
		member.save()
		end_pauses()  # paused until today: still paused today
		self.assertEqual(frappe.db.get_value("Expert by Experience", member.name, "status"), "Paused")
		frappe.db.set_value("Expert by Experience", member.name, "paused_until", add_days(today(), -1))
		end_pauses()
		member.reload()
		self.assertEqual(member.status, "Active")
		self.assertFalse(member.paused_until)

	def test_leaving_keeps_the_record_and_closes_portal_access(self):
		member = activate(create_member())
		member.reload()
		member.status = "Left"
		member.save()
		member.reload()
		self.assertEqual(getdate(member.left_on), getdate(today()))
		self.assertTrue(frappe.db.exists("Expert by Experience", member.name))
		self.assertNotIn("LEF Member", frappe.get_roles(member.user))
		self.assertEqual(frappe.db.get_value("User", member.user, "enabled"), 0)

	def test_coming_back_reopens_the_same_portal_user(self):
		member = activate(create_member())
		member.reload()
		member.status = "Left"
		member.save()
		member.reload()
		member.status = "Candidate"
		member.save()
		activate(member)
		member.reload()
		self.assertEqual(frappe.db.get_value("User", member.user, "enabled"), 1)
		self.assertIn("LEF Member", frappe.get_roles(member.user))

	def test_invalid_iban_is_refused_with_a_clear_message(self):
		with self.assertRaises(InvalidIdentifierError) as caught:
			create_member(iban="BE71 0961 2345 6768")
		self.assertIn("check digits", str(caught.exception))
		member = create_member(iban="be71 0961 2345 6769")
		self.assertEqual(member.iban, "BE71096123456769")

	def test_belgian_postcode_is_checked(self):
		with self.assertRaises(InvalidIdentifierError):
			create_member(postcode="350", country="Belgium")
		self.assertEqual(create_member(postcode=" 3500 ", country="Belgium").postcode, "3500")

	def test_care_network_is_proposed_from_postcode(self):
		network = frappe.get_doc("Care Network", "Reling")
		network.set("postcode_ranges", [{"from_postcode": 3500, "to_postcode": 3512}])
		network.save()
		member = create_member(postcode="3511", country="Belgium")
		self.assertEqual(member.care_network, "Reling")

	def test_overlapping_postcode_ranges_are_refused(self):
		network = frappe.get_doc("Care Network", "Noolim")
		network.set(
			"postcode_ranges",
			[{"from_postcode": 3600, "to_postcode": 3650}, {"from_postcode": 3640, "to_postcode": 3700}],
		)
		with self.assertRaises(frappe.ValidationError):
			network.save()

	def test_duplicate_availability_slot_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			create_member(
				availability=[
					{"weekday": "Tuesday", "part_of_day": "Morning"},
					{"weekday": "Tuesday", "part_of_day": "Morning"},
				]
			)

	def test_dutch_message_for_a_dutch_user(self):
		frappe.local.lang = "nl"
		try:
			with self.assertRaises(InvalidIdentifierError) as caught:
				create_member(iban="BE71 0961 2345 6768")
			self.assertIn("controlecijfers", str(caught.exception))
		finally:
			frappe.local.lang = "en"


class TestActivationWithoutOutgoingMail(LEFTestCase):
	"""Store first, mail after: a site without an outgoing mail account still activates members."""

	def tearDown(self):
		frappe.local.outgoing_email_account = {}
		frappe.db.rollback()

	def test_activation_succeeds_and_says_why_the_welcome_mail_was_not_queued(self):
		frappe.db.set_single_value("LEF Settings", "send_welcome_email", 1)
		frappe.db.set_value(
			"Email Account", {"enable_outgoing": 1}, {"enable_outgoing": 0, "default_outgoing": 0}
		)
		frappe.local.outgoing_email_account = {}
		member = create_member()
		frappe.clear_messages()
		activate(member)
		member.reload()
		self.assertEqual(member.status, "Active")
		self.assertTrue(member.user and frappe.db.exists("User", member.user))
		messages = " ".join(str(m) for m in frappe.get_message_log())
		self.assertIn("welcome e-mail could not be queued", messages)
		self.assertIn("no outgoing e-mail account", messages)
		self.assertFalse(frappe.db.exists("Email Queue", {"recipients": ("like", f"%{member.email}%")}))

	def test_with_an_outgoing_account_the_welcome_mail_is_queued(self):
		frappe.db.set_single_value("LEF Settings", "send_welcome_email", 1)
		member = create_member()
		activate(member)
		member.reload()
		queued = frappe.get_all("Email Queue Recipient", filters={"recipient": member.email}, pluck="parent")
		self.assertTrue(queued)
