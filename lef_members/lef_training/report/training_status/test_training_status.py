# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from frappe.utils import add_days, add_months, getdate, today

from lef_members.lef_training.report.training_status.training_status import execute
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_certificate,
	create_in_training_member,
	create_training_course,
	create_training_enrollment,
	create_training_session,
)


def rows(**filters):
	return {(r["member"], r["course"]): r for r in execute(filters)[1]}


class TestTrainingStatusReport(LEFTestCase):
	def test_one_row_per_member_and_course_with_state_and_validity(self):
		member = create_in_training_member()
		forever = create_training_course(validity_months=0)
		yearly = create_training_course(validity_months=12)
		waiting = create_training_course()
		create_certificate(member, forever)
		create_certificate(member, yearly, completed_on=add_months(add_days(today(), 10), -12))
		session = create_training_session(course=waiting.name, capacity=1)
		create_training_enrollment(create_in_training_member(), session)
		create_training_enrollment(member, session)
		found = rows(member=member.name)
		self.assertEqual(found[(member.name, forever.name)]["state"], "Valid")
		self.assertIsNone(found[(member.name, forever.name)]["valid_until"])
		expiring = found[(member.name, yearly.name)]
		self.assertEqual((expiring["state"], expiring["days_left"]), ("Expiring", 10))
		self.assertEqual(getdate(expiring["valid_until"]), getdate(add_days(today(), 9)))
		self.assertEqual(found[(member.name, waiting.name)]["state"], "Waitlisted")

	def test_expiring_within_days_lists_only_certificates_to_renew(self):
		soon, later = create_in_training_member(), create_in_training_member()
		course = create_training_course(validity_months=12)
		create_certificate(soon, course, completed_on=add_months(add_days(today(), 5), -12))
		create_certificate(later, course, completed_on=add_months(add_days(today(), 50), -12))
		found = rows(course=course.name, expiring_within_days=30)
		self.assertEqual(list(found), [(soon.name, course.name)])

	def test_a_renewal_shows_instead_of_the_expired_certificate(self):
		member = create_in_training_member()
		course = create_training_course(validity_months=12)
		create_certificate(member, course, completed_on=add_months(today(), -13))
		renewal = create_certificate(member, course, completed_on=add_days(today(), -3))
		row = rows(member=member.name)[(member.name, course.name)]
		self.assertEqual((row["state"], row["enrollment"]), ("Valid", renewal.name))
