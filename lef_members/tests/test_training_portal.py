"""The member's side of trainings: the portal's enrolment rules, withdrawing, and what the
/lef/trainings page shows, called as the logged-in member.
"""

import frappe
from frappe.utils import add_days, today

from lef_members.api import training as portal
from lef_members.exceptions import EnrolmentError, PrerequisiteError
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	activate,
	create_certificate,
	create_in_training_member,
	create_member,
	create_training_course,
	create_training_enrollment,
	create_training_session,
)


class TestPortalEnrolment(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def enrol_as(self, member, session):
		frappe.set_user(member.user)
		try:
			return portal.enrol(session.name)
		finally:
			frappe.set_user("Administrator")

	def test_a_member_enrols_in_an_open_session(self):
		member = create_in_training_member()
		answer = self.enrol_as(member, create_training_session(capacity=3))
		self.assertEqual(answer["status"], "Enrolled")
		self.assertEqual(frappe.db.get_value("Training Enrollment", answer["name"], "enrolled_via"), "Portal")

	def test_a_full_session_puts_the_member_on_the_waiting_list_with_the_position(self):
		session = create_training_session(capacity=1)
		self.enrol_as(create_in_training_member(), session)
		answer = self.enrol_as(create_in_training_member(), session)
		self.assertEqual((answer["status"], answer["position"]), ("Waitlisted", 1))
		self.assertIn("1", answer["message"])

	def test_only_open_sessions_that_did_not_start(self):
		member = create_in_training_member()
		for status in ("Planned", "Closed", "Completed", "Cancelled"):
			with self.assertRaises(EnrolmentError, msg=status):
				self.enrol_as(member, create_training_session(status=status))
		started = create_training_session(dates=[(today(), "00:00:01", None), add_days(today(), 7)])
		with self.assertRaises(EnrolmentError):
			self.enrol_as(member, started)

	def test_prerequisites_must_be_passed_first(self):
		base = create_training_course()
		advanced = create_training_course(prerequisites=[base.name])
		member = create_in_training_member()
		session = create_training_session(course=advanced.name)
		with self.assertRaises(PrerequisiteError) as caught:
			self.enrol_as(member, session)
		self.assertIn(base.name, str(caught.exception))
		create_certificate(member, base)
		self.assertEqual(self.enrol_as(member, session)["status"], "Enrolled")

	def test_a_chain_is_checked_one_step_back(self):
		a = create_training_course()
		b = create_training_course(prerequisites=[a.name])
		c = create_training_course(prerequisites=[b.name])
		member = create_in_training_member()
		create_certificate(member, b)  # B passed without A on record (an exemption)
		self.assertEqual(self.enrol_as(member, create_training_session(course=c.name))["status"], "Enrolled")

	def test_enrolling_twice_is_refused(self):
		member = create_in_training_member()
		session = create_training_session()
		self.enrol_as(member, session)
		with self.assertRaises(EnrolmentError):
			self.enrol_as(member, session)

	def test_only_members_in_training_or_active_enrol_themselves(self):
		paused = activate(create_member())
		paused.reload()
		paused.status = "Paused"
		paused.paused_until = add_days(today(), 30)
		paused.save()
		with self.assertRaises(EnrolmentError):
			self.enrol_as(paused, create_training_session())

	def test_withdrawing_frees_the_place_for_the_next_in_line(self):
		session = create_training_session(capacity=1)
		first, second = create_in_training_member(), create_in_training_member()
		mine = self.enrol_as(first, session)
		waiting = self.enrol_as(second, session)
		frappe.set_user(first.user)
		portal.withdraw(mine["name"])
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Training Enrollment", mine["name"], "status"), "Withdrawn")
		self.assertEqual(frappe.db.get_value("Training Enrollment", waiting["name"], "status"), "Enrolled")

	def test_a_member_cannot_withdraw_anothers_enrolment(self):
		session = create_training_session(capacity=3)
		mine = self.enrol_as(create_in_training_member(), session)
		other = create_in_training_member()
		frappe.set_user(other.user)
		with self.assertRaises(frappe.PermissionError):
			portal.withdraw(mine["name"])
		with self.assertRaises(frappe.PermissionError):
			portal.withdraw("LEF-TRE-NOT-THERE")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Training Enrollment", mine["name"], "status"), "Enrolled")

	def test_no_withdrawing_in_the_portal_once_the_session_started(self):
		member = create_in_training_member()
		session = create_training_session(
			status="Planned", dates=[add_days(today(), -1), add_days(today(), 6)]
		)
		enrolment = create_training_enrollment(member, session)
		frappe.set_user(member.user)
		with self.assertRaises(EnrolmentError):
			portal.withdraw(enrolment.name)

	def test_guest_and_users_without_a_member_get_nothing(self):
		session = create_training_session()
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			portal.enrol(session.name)
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):
			portal.enrol(session.name)


class TestTrainingsPage(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def context_for(self, member):
		from lef_members.www.lef import trainings

		frappe.set_user(member.user)
		try:
			return trainings.get_context(frappe._dict())
		finally:
			frappe.set_user("Administrator")

	def test_the_page_sorts_own_trainings_and_open_sessions(self):
		member = create_in_training_member()
		done_course = create_training_course(validity_months=1)
		create_certificate(member, done_course, completed_on=add_days(today(), -10))
		upcoming = create_training_session(capacity=1)
		create_training_enrollment(member, upcoming)
		full = create_training_session(capacity=1)
		create_training_enrollment(create_in_training_member(), full)
		base = create_training_course()
		locked = create_training_session(course=create_training_course(prerequisites=[base.name]).name)
		context = self.context_for(member)

		self.assertEqual([row.training_session for row in context.upcoming], [upcoming.name])
		self.assertEqual([row.course for row in context.done], [done_course.name])
		self.assertEqual(
			[(row.course, row.state) for row in context.expiring], [(done_course.name, "Expiring")]
		)
		open_rows = {row.session.name: row for row in context.open_sessions}
		self.assertTrue(open_rows[upcoming.name].enrolled)
		self.assertEqual(open_rows[full.name].places_left, 0)
		self.assertTrue(open_rows[locked.name].missing)
		self.assertFalse(open_rows[full.name].missing)

	def test_a_waiting_member_sees_their_position(self):
		session = create_training_session(capacity=1)
		create_training_enrollment(create_in_training_member(), session)
		create_training_enrollment(create_in_training_member(), session)
		member = create_in_training_member()
		create_training_enrollment(member, session)
		row = self.context_for(member).upcoming[0]
		self.assertEqual((row.status, row.position), ("Waitlisted", 2))

	def test_sessions_that_started_are_not_offered(self):
		started = create_training_session(dates=[(today(), "00:00:01", None)])
		context = self.context_for(create_in_training_member())
		self.assertNotIn(started.name, [row.session.name for row in context.open_sessions])

	def test_a_cancelled_session_stays_in_view_without_withdrawing(self):
		member = create_in_training_member()
		session = create_training_session()
		create_training_enrollment(member, session)
		session.reload()
		session.status = "Cancelled"
		session.save()
		row = self.context_for(member).upcoming[0]
		self.assertTrue(row.cancelled)
		self.assertFalse(row.can_withdraw)
