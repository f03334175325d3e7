# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, today

from lef_members.api import hours as portal
from lef_members.lef_hours import hour_logs
from lef_members.lef_hours.doctype.hour_log.hour_log import HourLogError
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_assignment,
	create_hour_log,
	create_user,
)


class TestHourLog(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.member = create_active_member()
		cls.day = add_days(today(), -10)
		cls.assignment = create_accepted_assignment(cls.member, [cls.day, add_days(today(), -3)])
		cls.coordinator = create_user(roles=("LEF Coordinator",))

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_member_logs_in_the_portal_then_a_coordinator_approves(self):
		frappe.set_user(self.member.user)
		saved = portal.save_log(
			{
				"assignment": self.assignment.name,
				"session_date": self.day,
				"preparation_hours": "1",
				"execution_hours": "2.5",
				"travel_hours": "0.75",
				"transport_mode": "Car",
				"kilometres": "42",
			}
		)
		self.assertEqual(saved["status"], hour_logs.DRAFT)
		sent = portal.submit_for_approval(saved["name"])
		self.assertEqual(sent["status"], hour_logs.SUBMITTED_FOR_APPROVAL)

		frappe.set_user(self.coordinator)
		log = frappe.get_doc("Hour Log", saved["name"])
		self.assertEqual(log.total_hours, 4.25)
		log.submit()
		log.reload()
		self.assertEqual(
			(log.docstatus, log.status, log.approved_by), (1, hour_logs.APPROVED, self.coordinator)
		)
		# Approved logs are not changed in place.
		log.execution_hours = 8
		with self.assertRaises(frappe.UpdateAfterSubmitError):
			log.save()
		# ... and the member can no longer touch it either.
		frappe.set_user(self.member.user)
		with self.assertRaises(frappe.ValidationError):
			portal.save_log({"name": log.name, "execution_hours": "1"})

	def test_each_refusal_has_its_own_message(self):
		other = create_assignment()  # not accepted by the member
		cases = [
			({"assignment": other.name, "session_date": self.day}, "assignment you accepted"),
			({"assignment": self.assignment.name, "session_date": add_days(today(), 2)}, "in the future"),
			(
				{"assignment": self.assignment.name, "session_date": self.day, "execution_hours": 17},
				"more than a day can hold",
			),
			(
				{"assignment": self.assignment.name, "session_date": self.day, "execution_hours": 1.1},
				"quarter hours",
			),
			(
				{"assignment": self.assignment.name, "session_date": self.day, "other_costs": 12},
				"receipt",
			),
		]
		for values, message in cases:
			with self.subTest(message=message), self.assertRaisesRegex(HourLogError, message):
				create_hour_log(self.member, **{"execution_hours": 2, **values})

	def test_no_second_log_for_a_session_unless_it_amends_a_cancelled_one(self):
		day = add_days(today(), -3)
		first = create_hour_log(self.member, self.assignment, day, approve=True)
		with self.assertRaisesRegex(HourLogError, "already logged this session"):
			create_hour_log(self.member, self.assignment, day)
		first.cancel()
		with self.assertRaisesRegex(HourLogError, "amend it"):
			create_hour_log(self.member, self.assignment, day)
		frappe.set_user(self.member.user)
		amended = portal.amend_log(first.name)
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Hour Log", amended["name"])
		self.assertEqual((doc.amended_from, doc.docstatus, doc.status), (first.name, 0, hour_logs.DRAFT))

	def test_send_back_returns_the_log_with_the_reason_and_mails_the_member(self):
		member = create_active_member()
		day = add_days(today(), -5)
		assignment = create_accepted_assignment(member, [day])
		log = create_hour_log(member, assignment, day)
		frappe.set_user(self.coordinator)
		with self.assertRaises(frappe.ValidationError):
			log.send_back("")
		log.send_back("Please add the debrief hour.")
		frappe.set_user("Administrator")
		log.reload()
		self.assertEqual(
			(log.status, log.sent_back_reason), (hour_logs.SENT_BACK, "Please add the debrief hour.")
		)
		mail = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Hour Log", "reference_name": log.name},
			fields=["message"],
		)
		self.assertEqual(len(mail), 1)
		self.assertIn("debrief hour", mail[0].message)
		# The member changes it and sends it again.
		frappe.set_user(member.user)
		saved = portal.save_log({"name": log.name, "debrief_hours": "1"}, submit_for_approval=1)
		self.assertEqual(saved["status"], hour_logs.SUBMITTED_FOR_APPROVAL)

	def test_reminder_once_for_a_session_without_a_log(self):
		member = create_active_member()
		grace = hour_logs.reminder_days()
		day = add_days(today(), -grace)
		assignment = create_accepted_assignment(member, [day])
		frappe.cache().delete_keys("lef_hour_log_reminder:")

		before = set(
			frappe.get_all(
				"Email Queue",
				{"reference_doctype": "Assignment", "reference_name": assignment.name},
				pluck="name",
			)
		)

		def mails():
			# Only what the reminder job queued here (the flow before it may have mailed too).
			return len(
				set(
					frappe.get_all(
						"Email Queue",
						{"reference_doctype": "Assignment", "reference_name": assignment.name},
						pluck="name",
					)
				)
				- before
			)

		hour_logs.send_missing_log_reminders()
		self.assertEqual(mails(), 1)
		hour_logs.send_missing_log_reminders()
		self.assertEqual(mails(), 1)
