"""The daily training jobs: certificate expiry reminders and members stalled in training.
Both are idempotent: a second run the same day (or after a crash) sends nothing twice.
"""

import frappe
from frappe.utils import add_days, add_months, getdate, today

from lef_members.lef_training.training_path import send_certificate_reminders, send_stalled_training_reminders
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_certificate,
	create_in_training_member,
	create_training_course,
	create_training_enrollment,
	create_training_session,
	create_user,
)
from lef_members.tests.mails import queued_raw

ENROLMENT, MEMBER = "Training Enrollment", "Expert by Experience"


class TestCertificateReminders(LEFTestCase):
	def setUp(self):
		frappe.db.set_single_value("LEF Settings", "certificate_reminder_days", 30)
		frappe.db.set_single_value("LEF Settings", "forum_email", None)

	def expiring_certificate(self, days_left: int, coordinator: str | None = None):
		"""A 12-month certificate that expires ``days_left`` days from today."""
		member = create_in_training_member()
		if coordinator:
			frappe.db.set_value("Expert by Experience", member.name, "coordinator", coordinator)
		course = create_training_course(validity_months=12)
		completed_on = add_months(add_days(today(), days_left), -12)
		return member, create_certificate(member, course, completed_on=completed_on)

	def test_members_and_their_coordinator_are_told_once(self):
		coordinator = create_user(roles=("LEF Coordinator",))
		member, certificate = self.expiring_certificate(20, coordinator)
		self.assertIn(certificate.name, send_certificate_reminders())
		self.assertEqual(len(queued_raw(member.email, reference_doctype=ENROLMENT)), 1)
		self.assertIn(certificate.course, queued_raw(member.email, reference_doctype=ENROLMENT)[0])
		self.assertEqual(len(queued_raw(coordinator)), 1)
		self.assertIn(member.full_name, queued_raw(coordinator)[0])
		self.assertEqual(
			getdate(frappe.db.get_value("Training Enrollment", certificate.name, "expiry_reminded_on")),
			getdate(today()),
		)
		# A rerun sends nothing again.
		self.assertNotIn(certificate.name, send_certificate_reminders())
		self.assertEqual(len(queued_raw(member.email, reference_doctype=ENROLMENT)), 1)

	def test_not_yet_in_the_window_and_already_expired_get_nothing(self):
		member, later = self.expiring_certificate(45)
		_other, expired = self.expiring_certificate(0)
		sent = send_certificate_reminders()
		self.assertNotIn(later.name, sent)
		self.assertNotIn(expired.name, sent)
		self.assertEqual(queued_raw(member.email, reference_doctype=ENROLMENT), [])

	def test_a_renewed_certificate_is_not_reminded(self):
		member, old = self.expiring_certificate(10)
		create_certificate(member, old.course, completed_on=add_days(today(), -1))
		self.assertNotIn(old.name, send_certificate_reminders())

	def test_zero_days_switches_the_reminders_off(self):
		frappe.db.set_single_value("LEF Settings", "certificate_reminder_days", 0)
		self.expiring_certificate(5)
		self.assertEqual(send_certificate_reminders(), [])


class TestStalledTrainingReminders(LEFTestCase):
	def setUp(self):
		frappe.db.set_single_value("LEF Settings", "stalled_training_months", 6)

	def member_in_training_since(self, months_ago: int):
		member = create_in_training_member()
		since = add_months(today(), -months_ago)
		frappe.db.set_value("Expert by Experience", member.name, "in_training_since", since)
		return member

	def test_a_member_without_progress_for_long_is_noticed_once(self):
		stalled = self.member_in_training_since(7)
		recent = self.member_in_training_since(2)
		sent = send_stalled_training_reminders()
		self.assertIn(stalled.name, sent)
		self.assertNotIn(recent.name, sent)
		self.assertEqual(len(queued_raw(stalled.email, reference_doctype=MEMBER)), 1)
		self.assertEqual(send_stalled_training_reminders().count(stalled.name), 0)
		self.assertEqual(len(queued_raw(stalled.email, reference_doctype=MEMBER)), 1)

	def test_an_upcoming_session_counts_as_progress(self):
		member = self.member_in_training_since(8)
		create_training_enrollment(member, create_training_session())
		self.assertNotIn(member.name, send_stalled_training_reminders())

	def test_a_recent_attended_date_counts_as_progress(self):
		attended, absent = self.member_in_training_since(8), self.member_in_training_since(8)
		session = create_training_session(status="Planned", dates=[add_days(today(), -20)])
		for member, present in ((attended, 1), (absent, 0)):
			enrolment = create_training_enrollment(member, session)
			# Enrolled long ago; only the attended date can count as a recent step.
			frappe.db.set_value(
				"Training Enrollment",
				enrolment.name,
				"creation",
				add_months(today(), -8),
				update_modified=False,
			)
			frappe.db.set_value("Training Attendance", enrolment.attendance[0].name, "present", present)
		sent = send_stalled_training_reminders()
		self.assertNotIn(attended.name, sent)
		self.assertIn(absent.name, sent)

	def test_zero_months_switches_the_reminder_off(self):
		frappe.db.set_single_value("LEF Settings", "stalled_training_months", 0)
		self.member_in_training_since(12)
		self.assertEqual(send_stalled_training_reminders(), [])
