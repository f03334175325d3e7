# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, add_months, getdate, today

from lef_members.exceptions import EnrolmentError, MemberStatusError, TrainingResultError
from lef_members.lef_training.training_path import (
	activate_after_basic_training,
	certificates_for_matching,
	member_training_overview,
	qualification_for,
)
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_certificate,
	create_in_training_member,
	create_member,
	create_training_course,
	create_training_enrollment,
	create_training_session,
	pass_training,
)

BASIC = "Basic training in experiential expertise"


class TestTrainingEnrollment(LEFTestCase):
	def test_passing_needs_the_attendance(self):
		enrolment = create_training_enrollment(create_in_training_member(), create_training_session())
		enrolment.result = "Passed"
		with self.assertRaises(TrainingResultError):
			enrolment.save()

	def test_passing_gives_a_certificate_that_expires_in_calendar_months(self):
		course = create_training_course(validity_months=36)
		first = add_days(today(), -20)
		session = create_training_session(
			course=course.name, dates=[first, add_days(first, 7)], status="Planned"
		)
		enrolment = pass_training(create_training_enrollment(create_in_training_member(), session))
		last = getdate(add_days(first, 7))
		self.assertEqual(enrolment.status, "Completed")
		self.assertEqual(getdate(enrolment.completion_date), last)
		self.assertEqual(getdate(enrolment.certificate_expiry), getdate(add_months(last, 36)))

	def test_a_course_valid_forever_gives_no_expiry(self):
		enrolment = create_certificate(create_in_training_member(), create_training_course(validity_months=0))
		self.assertEqual(enrolment.result, "Passed")
		self.assertIsNone(enrolment.certificate_expiry)

	def test_the_course_share_of_dates_is_enough_to_pass(self):
		course = create_training_course(required_attendance=50)
		first = add_days(today(), -20)
		session = create_training_session(
			course=course.name, dates=[first, add_days(first, 7)], status="Planned"
		)
		enrolment = create_training_enrollment(create_in_training_member(), session)
		enrolment.attendance[0].present = 1
		enrolment.result = "Passed"
		enrolment.save()
		self.assertEqual(getdate(enrolment.completion_date), getdate(first))

	def test_not_passed_completes_without_a_certificate(self):
		enrolment = pass_training(
			create_training_enrollment(create_in_training_member(), create_training_session()), "Not Passed"
		)
		self.assertEqual(enrolment.status, "Completed")
		self.assertIsNone(enrolment.certificate_expiry)

	def test_the_status_cannot_be_set_by_hand(self):
		enrolment = create_training_enrollment(create_in_training_member(), create_training_session())
		enrolment.status = "Completed"
		with self.assertRaises(EnrolmentError):
			enrolment.save()

	def test_a_coordinator_may_enrol_without_prerequisites_with_a_warning(self):
		base = create_training_course()
		advanced = create_training_course(prerequisites=[base.name])
		frappe.clear_messages()
		enrolment = create_training_enrollment(
			create_in_training_member(), create_training_session(course=advanced.name)
		)
		self.assertEqual(enrolment.status, "Enrolled")
		self.assertTrue(any("prerequisites are not met" in str(m) for m in frappe.get_message_log()))

	def test_candidates_and_members_who_left_are_not_enrolled(self):
		with self.assertRaises(EnrolmentError):
			create_training_enrollment(create_member(), create_training_session())

	def test_the_certificate_names_member_course_and_validity_and_no_health_data(self):
		member = create_in_training_member(themes=[{"experience_theme": "Psychosis"}])
		course = create_training_course(validity_months=24, hours=12)
		enrolment = create_certificate(member, course)
		html = frappe.get_print("Training Enrollment", enrolment.name, "Training Certificate")
		self.assertIn(member.full_name, html)
		self.assertIn(course.name, html)
		valid_until = frappe.utils.format_date(add_days(enrolment.certificate_expiry, -1), "d MMMM yyyy")
		self.assertIn(valid_until, html)
		self.assertNotIn("Psychosis", html)
		self.assertNotIn(member.email, html)

	def test_no_certificate_for_an_enrolment_that_did_not_pass(self):
		enrolment = create_training_enrollment(create_in_training_member(), create_training_session())
		html = frappe.get_print("Training Enrollment", enrolment.name, "Training Certificate")
		self.assertIn("did not lead to a certificate", html)
		self.assertNotIn("has successfully completed", html)

	def test_the_certificate_speaks_the_members_language(self):
		from frappe.translate import print_language

		enrolment = create_certificate(create_in_training_member(), BASIC)
		with print_language("nl"):
			html = frappe.get_print("Training Enrollment", enrolment.name, "Training Certificate")
		# (Words the app shares with ERPNext, such as "Certificate", take ERPNext's Dutch where it
		# is installed after this app; the app's own sentences are checked.)
		self.assertIn("verklaart dat", html)
		self.assertIn("Basisopleiding ervaringsdeskundigheid", html)
		self.assertIn("Verloopt niet", html)


class TestQualification(LEFTestCase):
	"""The site's answer to "is this member qualified for this assignment type on this date"."""

	def test_qualified_until_the_day_before_expiry(self):
		member = create_in_training_member()
		course = create_training_course(validity_months=12, assignment_types=["Test recovery talk"])
		enrolment = create_certificate(member, course, completed_on=add_days(today(), -30))
		expiry = getdate(enrolment.certificate_expiry)
		self.assertTrue(qualification_for(member.name, "Test recovery talk", add_days(expiry, -1)).qualified)
		on_expiry = qualification_for(member.name, "Test recovery talk", expiry)
		self.assertFalse(on_expiry.qualified)
		self.assertIn("expired", on_expiry.render()[0])
		self.assertEqual(certificates_for_matching([member.name]), {member.name: {course.name: expiry}})

	def test_missing_training_is_named_and_other_types_need_nothing(self):
		member = create_in_training_member()
		create_training_course(course_name="Needed course X", assignment_types=["Test board"])
		result = qualification_for(member.name, "Test board", today())
		self.assertFalse(result.qualified)
		self.assertEqual(result.render(), ["missing training Needed course X"])
		self.assertTrue(qualification_for(member.name, "Test nothing needed", today()).qualified)

	def test_courses_the_assignment_type_lists_are_required_too(self):
		from lef_members.tests.factories import ensure_assignment_type

		course = create_training_course()
		kind = ensure_assignment_type("Test type listing a course", required_courses=[course.name])
		member = create_in_training_member()
		self.assertEqual(
			qualification_for(member.name, kind, today()).render(), [f"missing training {course.name}"]
		)
		create_certificate(member, course)
		self.assertTrue(qualification_for(member.name, kind, today()).qualified)

	def test_the_member_record_shows_certificates_and_qualifications(self):
		member = create_in_training_member()
		course = create_training_course(
			validity_months=1, assignment_types=["Test story"], skills=["Co-teaching"]
		)
		create_certificate(member, course, completed_on=add_days(today(), -10))
		overview = member_training_overview(member.name, member.status)
		self.assertEqual(
			[(c["course"], c["state"]) for c in overview["certificates"]], [(course.name, "Expiring")]
		)
		story = next(q for q in overview["qualifications"] if q["assignment_type"] == "Test story")
		self.assertTrue(story["qualified"])
		self.assertEqual(overview["skills"], ["Co-teaching"])
		member.reload()
		member.run_method("onload")
		self.assertIn(course.name, member.get("__onload").training["html"])


class TestActivationAfterBasicTraining(LEFTestCase):
	def test_a_coordinator_activates_a_member_who_passed_the_basic_training(self):
		member = create_in_training_member()
		with self.assertRaises(MemberStatusError):
			activate_after_basic_training(member.name)
		create_certificate(member, BASIC)
		self.assertEqual(member_training_overview(member.name, "In Training")["activation_course"], BASIC)
		activate_after_basic_training(member.name)
		member.reload()
		self.assertEqual(member.status, "Active")
		self.assertEqual(getdate(member.joined_on), getdate(today()))

	def test_the_lifecycle_rules_still_apply(self):
		member = create_in_training_member()
		create_certificate(member, BASIC)
		frappe.db.set_value("Expert by Experience", member.name, "consent_date", None)
		with self.assertRaises(MemberStatusError):
			activate_after_basic_training(member.name)
		self.assertEqual(frappe.db.get_value("Expert by Experience", member.name, "status"), "In Training")

	def test_starting_training_records_the_day(self):
		member = create_in_training_member()
		self.assertEqual(getdate(member.in_training_since), getdate(today()))
