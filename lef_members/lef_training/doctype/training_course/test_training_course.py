# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.exceptions import TrainingCatalogueError
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import create_training_course, create_training_session

BASIC = "Basic training in experiential expertise"


class TestTrainingCourse(LEFTestCase):
	def test_the_usual_courses_are_seeded_with_their_path(self):
		self.assertEqual(frappe.db.get_value("Training Course", BASIC, "is_basic_training"), 1)
		self.assertEqual(frappe.db.get_value("Training Course", BASIC, "validity_months"), 0)
		story = frappe.get_doc("Training Course", "Telling your recovery story")
		self.assertEqual([row.prerequisite for row in story.prerequisites], [BASIC])
		self.assertIn("Telling a recovery story", [row.skill for row in story.skills])
		coteach = frappe.get_doc("Training Course", "Co-teaching")
		self.assertEqual([row.prerequisite for row in coteach.prerequisites], ["Telling your recovery story"])

	def test_a_circle_of_prerequisites_is_refused_and_named(self):
		a = create_training_course(course_name="Circle A")
		b = create_training_course(course_name="Circle B", prerequisites=[a.name])
		a.reload()
		a.append("prerequisites", {"prerequisite": b.name})
		with self.assertRaises(TrainingCatalogueError) as caught:
			a.save()
		self.assertIn("Circle A → Circle B → Circle A", str(caught.exception))

	def test_a_course_cannot_need_itself(self):
		a = create_training_course()
		a.append("prerequisites", {"prerequisite": a.name})
		with self.assertRaises(TrainingCatalogueError):
			a.save()

	def test_rows_listed_twice_are_kept_once(self):
		course = create_training_course(
			skills=["Co-teaching", "Co-teaching"], assignment_types=[" Recovery story", "Recovery story"]
		)
		self.assertEqual([row.skill for row in course.skills], ["Co-teaching"])
		self.assertEqual([row.assignment_type for row in course.assignment_types], ["Recovery story"])

	def test_attendance_needed_must_be_a_share(self):
		with self.assertRaises(TrainingCatalogueError):
			create_training_course(required_attendance=120)

	def test_no_new_session_of_a_disabled_course(self):
		course = create_training_course(disabled=1)
		with self.assertRaises(TrainingCatalogueError):
			create_training_session(course=course.name)
