"""GDPR on a site: personal data download and deletion, consent withdrawal, retention, faults."""

import json
from unittest.mock import patch

import frappe
from frappe.utils import add_months, today

from lef_members.lef_assignments import assignment_flow
from lef_members.lef_members import privacy
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import create_active_member, create_assignment, create_user
from lef_members.tests.http import parallel, request, token_headers


class TestPersonalData(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_download_holds_the_members_lef_data(self):
		from frappe.website.doctype.personal_data_download_request.personal_data_download_request import (
			get_user_data,
		)

		member = create_active_member(first_name="Downloadable", themes=[{"experience_theme": "Psychosis"}])
		assignment = create_assignment()
		assignment_flow.invite(assignment.name, [member.name])
		data = json.loads(get_user_data(member.user))
		self.assertEqual(data["Expert by Experience"][0]["first_name"], "Downloadable")
		self.assertEqual(data["Assignment Expert"][0]["assignment"], assignment.name)

	def test_deletion_request_anonymises_the_member_and_keeps_the_records(self):
		member = create_active_member(first_name="Erasable", themes=[{"experience_theme": "Psychosis"}])
		assignment = create_assignment()
		assignment_flow.invite(assignment.name, [member.name])
		request_doc = frappe.get_doc(
			{"doctype": "Personal Data Deletion Request", "email": member.email, "status": "Pending Approval"}
		)
		request_doc.flags.ignore_mandatory = True
		request_doc.insert(ignore_permissions=True)
		request_doc.trigger_data_deletion()
		member.reload()
		self.assertNotEqual(member.first_name, "Erasable")
		self.assertFalse(member.themes)
		self.assertTrue(member.anonymised_on)
		invitation = frappe.get_all("Assignment Expert", filters={"member": member.name}, fields=["*"])
		self.assertEqual(len(invitation), 1, "the invitation is kept")
		self.assertNotIn("Erasable", json.dumps(invitation, default=str))

	def test_anonymising_a_member_removes_the_mails_they_were_sent(self):
		"""The same kinds of record as anonymising a request: versions, comments, mails queued and
		sent; for a member also every mail to their address (an invitation names them)."""
		member = create_active_member(first_name="Mailable")
		other = create_active_member(first_name="Untouched")
		assignment = create_assignment()
		assignment_flow.invite(assignment.name, [member.name, other.name])
		frappe.sendmail(recipients=[member.email], subject="About you", message="Hello Mailable", now=False)
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": "Sent to Mailable",
				"recipients": member.email,
				"content": "Hello Mailable",
			}
		).insert(ignore_permissions=True)
		member.add_comment("Info", "A note on Mailable")
		to_member = frappe.get_all(
			"Email Queue Recipient", filters={"recipient": member.email}, pluck="parent"
		)
		self.assertGreaterEqual(len(to_member), 2, "the invitation and the mail above are queued")
		self.assertTrue(frappe.db.exists("Communication", {"recipients": member.email}))

		privacy.anonymise_member(member.name)

		self.assertFalse(frappe.db.exists("Email Queue Recipient", {"recipient": member.email}))
		self.assertFalse(frappe.db.exists("Email Queue", {"name": ("in", to_member)}))
		self.assertFalse(frappe.db.exists("Communication", {"recipients": ("like", f"%{member.email}%")}))
		self.assertFalse(
			frappe.db.exists(
				"Comment", {"reference_doctype": "Expert by Experience", "reference_name": member.name}
			)
		)
		self.assertFalse(
			frappe.db.exists("Version", {"ref_doctype": "Expert by Experience", "docname": member.name})
		)
		# Another member's invitation to the same assignment stays.
		self.assertTrue(frappe.db.exists("Email Queue Recipient", {"recipient": other.email}))

	def test_withdrawing_consent_from_the_portal_is_recorded_and_told(self):
		member = create_active_member()
		coordinator = create_user(roles=("LEF Coordinator",))
		member.db_set("coordinator", coordinator)
		headers = token_headers(member.user)
		frappe.db.commit()
		response = request("post", "/api/method/lef_members.api.privacy.withdraw_consent", headers=headers)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		frappe.db.rollback()
		self.assertEqual(
			str(frappe.db.get_value("Expert by Experience", member.name, "consent_withdrawn_on")), today()
		)
		self.assertTrue(
			frappe.db.exists("Email Queue Recipient", {"recipient": coordinator}),
			"the coordinator is told",
		)
		from lef_members.lef_assignments.candidates import load_candidates

		self.assertFalse(load_candidates(frappe.utils.getdate(), names=[member.name]), "no new work")
		response = request("post", "/api/method/lef_members.api.privacy.withdraw_consent")
		self.assertIn(response.status_code, (401, 403))


class TestRetention(LEFTestCase):
	def left_member(self, months_ago: int):
		member = create_active_member(first_name="Departed")
		member.db_set({"status": "Left", "left_on": add_months(today(), -months_ago)})
		return member

	def test_members_who_left_long_ago_are_anonymised_once_and_a_failure_catches_up(self):
		frappe.db.set_single_value("LEF Settings", "member_retention_months", 24)
		old = [self.left_member(30) for _i in range(3)]
		recent = self.left_member(3)
		real = privacy.anonymise_member

		def fail_on_second(name):
			if name == old[1].name:
				raise RuntimeError("disk full")
			return real(name)

		with patch("lef_members.lef_members.privacy.anonymise_member", side_effect=fail_on_second):
			first = privacy.anonymise_members_who_left()
		self.assertEqual(first["failed"], [old[1].name])
		self.assertGreaterEqual(first["done"], 2)
		self.assertEqual(frappe.db.get_value("Expert by Experience", old[1].name, "first_name"), "Departed")
		second = privacy.anonymise_members_who_left()
		self.assertEqual(second["failed"], [])
		self.assertTrue(frappe.db.get_value("Expert by Experience", old[1].name, "anonymised_on"))
		third = privacy.anonymise_members_who_left()
		self.assertEqual(third["done"], 0, "idempotent")
		self.assertEqual(frappe.db.get_value("Expert by Experience", recent.name, "first_name"), "Departed")


class TestFaults(LEFTestCase):
	def test_a_mail_failure_never_loses_an_invitation_or_an_answer(self):
		member = create_active_member()
		assignment = create_assignment(experts_needed=1)
		with patch("frappe.sendmail", side_effect=OSError("smtp down")):
			result = assignment_flow.invite(assignment.name, [member.name])
			self.assertEqual(result["invited"], [member.name])
			invitation = frappe.db.get_value("Assignment Expert", {"member": member.name}, "name")
			assignment_flow.answer(invitation, "Accepted")
		self.assertEqual(frappe.db.get_value("Assignment Expert", invitation, "status"), "Accepted")

	def test_two_coordinators_inviting_at_once_make_one_invitation(self):
		member = create_active_member()
		assignment = create_assignment(experts_needed=1)
		first = token_headers(create_user(roles=("LEF Coordinator",)))
		second = token_headers(create_user(roles=("LEF Coordinator",)))
		frappe.db.commit()
		path = "/api/method/lef_members.api.assignments.invite"
		payload = {"assignment": assignment.name, "members": json.dumps([member.name])}
		for _round in range(3):
			responses = parallel(
				("post", path, {"json": payload, "headers": first}),
				("post", path, {"json": payload, "headers": second}),
			)
			for response in responses:
				self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.count("Assignment Expert", {"assignment": assignment.name, "member": member.name}), 1
		)

	def test_patch_run_twice_keeps_data(self):
		from lef_members.patches.v1_0 import fill_member_email

		member = create_active_member()
		assignment = create_assignment()
		assignment_flow.invite(assignment.name, [member.name])
		name = frappe.db.get_value("Assignment Expert", {"member": member.name}, "name")
		frappe.db.set_value("Assignment Expert", name, "member_email", "", update_modified=False)
		fill_member_email.execute()
		fill_member_email.execute()
		row = frappe.db.get_value(
			"Assignment Expert", name, ["member_email", "status", "assignment"], as_dict=True
		)
		self.assertEqual((row.member_email, row.assignment), (member.email, assignment.name))
		self.assertEqual(row.status, "Invited")
