# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import threading
import time
from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, today

from lef_members.exceptions import TrainingCatalogueError
from lef_members.lef_training.doctype.training_enrollment import training_enrollment
from lef_members.lef_training.doctype.training_session.training_session import (
	attendance_sheet,
	enrol_member,
	record_attendance,
)
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_in_training_member,
	create_training_course,
	create_training_enrollment,
	create_training_session,
	create_user,
)
from lef_members.tests.http import parallel, token_headers


def statuses(session) -> dict[str, str]:
	return dict(
		frappe.get_all(
			"Training Enrollment",
			filters={"training_session": session.name},
			fields=["member", "status"],
			as_list=True,
		)
	)


class TestTrainingSession(LEFTestCase):
	def test_dates_are_sorted_and_give_the_first_and_last_date(self):
		first = add_days(today(), 10)
		session = create_training_session(dates=[add_days(first, 14), first, add_days(first, 7)])
		self.assertEqual(
			[getdate(row.session_date) for row in session.dates],
			[getdate(first), getdate(add_days(first, 7)), getdate(add_days(first, 14))],
		)
		self.assertEqual(getdate(session.start_date), getdate(first))
		self.assertEqual(getdate(session.end_date), getdate(add_days(first, 14)))
		self.assertIn(session.course, session.title)

	def test_a_date_twice_or_an_end_before_the_start_is_refused(self):
		day = add_days(today(), 10)
		with self.assertRaises(TrainingCatalogueError):
			create_training_session(dates=[day, day])
		with self.assertRaises(TrainingCatalogueError):
			create_training_session(dates=[(day, "12:00:00", "10:00:00")])

	def test_places_then_the_waiting_list_in_order(self):
		session = create_training_session(capacity=2)
		members = [create_in_training_member() for _ in range(4)]
		decided = [create_training_enrollment(m, session, by_member=True) for m in members]
		self.assertEqual([d.status for d in decided], ["Enrolled", "Enrolled", "Waitlisted", "Waitlisted"])
		self.assertEqual(decided[3].flags.decision.position, 2)
		session.reload()
		self.assertEqual((session.enrolled_count, session.waitlist_count), (2, 2))

	def test_a_freed_place_goes_to_the_longest_waiting_who_is_told(self):
		session = create_training_session(capacity=1)
		first, second, third = (create_in_training_member() for _ in range(3))
		taken = create_training_enrollment(first, session)
		waiting = create_training_enrollment(second, session)
		create_training_enrollment(third, session)
		taken.withdraw()
		self.assertEqual(
			statuses(session), {first.name: "Withdrawn", second.name: "Enrolled", third.name: "Waitlisted"}
		)
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Training Enrollment", "reference_name": waiting.name},
		)
		self.assertEqual(len(queued), 1)

	def test_more_places_move_the_waiting_list_up(self):
		session = create_training_session(capacity=1)
		members = [create_in_training_member() for _ in range(3)]
		for member in members:
			create_training_enrollment(member, session)
		session.reload()
		session.capacity = 2
		session.save()
		self.assertEqual(
			statuses(session),
			{members[0].name: "Enrolled", members[1].name: "Enrolled", members[2].name: "Waitlisted"},
		)
		session.reload()
		self.assertEqual((session.enrolled_count, session.waitlist_count), (2, 1))

	def test_fewer_places_put_nobody_back_on_the_waiting_list(self):
		session = create_training_session(capacity=2)
		members = [create_in_training_member() for _ in range(2)]
		for member in members:
			create_training_enrollment(member, session)
		session.reload()
		session.capacity = 1
		session.save()
		self.assertEqual(set(statuses(session).values()), {"Enrolled"})
		newcomer = create_training_enrollment(create_in_training_member(), session)
		self.assertEqual(newcomer.status, "Waitlisted")

	def test_new_dates_reach_the_attendance_of_open_enrolments(self):
		session = create_training_session()
		enrolment = create_training_enrollment(create_in_training_member(), session)
		self.assertEqual(len(enrolment.attendance), 2)
		session.reload()
		session.append("dates", {"session_date": add_days(session.end_date, 7)})
		session.save()
		enrolment.reload()
		self.assertEqual(len(enrolment.attendance), 3)

	def test_coordinator_enrols_and_records_attendance_from_the_session(self):
		coordinator = create_user(roles=("LEF Coordinator",))
		session = create_training_session(capacity=1)
		ann, ben = create_in_training_member(), create_in_training_member()
		frappe.set_user(coordinator)
		try:
			self.assertEqual(enrol_member(session.name, ann.name)["status"], "Enrolled")
			self.assertEqual(enrol_member(session.name, ben.name)["status"], "Waitlisted")
			sheet = attendance_sheet(session.name)
			self.assertEqual([e["member_name"] for e in sheet["enrolments"]], [ann.full_name])
			day = sheet["dates"][0]
			record_attendance(session.name, day, [sheet["enrolments"][0]["name"]])
		finally:
			frappe.set_user("Administrator")
		enrolment = frappe.get_doc("Training Enrollment", sheet["enrolments"][0]["name"])
		self.assertEqual(
			[(str(r.session_date), r.present) for r in enrolment.attendance],
			[(day, 1), (sheet["dates"][1], 0)],
		)

	def test_a_member_cannot_use_the_coordinators_enrolment(self):
		session = create_training_session()
		member = create_in_training_member()
		frappe.set_user(member.user)
		try:
			with self.assertRaises(frappe.PermissionError):
				enrol_member(session.name, member.name)
		finally:
			frappe.set_user("Administrator")


class TestTheLastPlace(LEFTestCase):
	"""Two members ask for the last place at the same moment, each through their own request,
	connection and transaction: exactly one gets it, the other waits at position 1.
	"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.course = create_training_course()
		cls.session = create_training_session(course=cls.course.name, capacity=1)
		cls.members = [create_in_training_member(first_name=name) for name in ("Ann", "Ben")]
		cls.headers = [token_headers(m.user) for m in cls.members]
		frappe.db.commit()  # the requests read through their own connections

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		for name in frappe.get_all(
			"Training Enrollment", {"training_session": cls.session.name}, pluck="name"
		):
			frappe.delete_doc("Training Enrollment", name, force=True, ignore_permissions=True)
		frappe.delete_doc("Training Session", cls.session.name, force=True, ignore_permissions=True)
		frappe.delete_doc("Training Course", cls.course.name, force=True, ignore_permissions=True)
		for member in cls.members:
			# The user's rows first and directly: deleting or disabling a user through the
			# document is refused on a site without a System Manager besides Administrator.
			frappe.db.delete("Has Role", {"parent": member.user})
			frappe.db.delete("DefaultValue", {"parent": member.user})
			frappe.db.delete("User", {"name": member.user})
			frappe.delete_doc("Expert by Experience", member.name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_two_members_for_the_last_place_at_the_same_moment(self):
		read_enrolments = training_enrollment.session_enrolments
		both_read = threading.Barrier(2)
		reads = []

		def read_then_wait(session):
			rows = read_enrolments(session)
			# Without the lock on the session both members read "nobody enrolled" before either
			# writes and meet here: the race happens on every run, and both would get the place.
			# With the lock the second one cannot read until the first one's place is committed:
			# the first waits here in vain, and each read happened alone.
			try:
				both_read.wait(timeout=5)
				reads.append("together")
			except threading.BrokenBarrierError:
				reads.append("alone")
			return rows

		path = "/api/method/lef_members.api.training.enrol"
		with patch.object(training_enrollment, "session_enrolments", read_then_wait):
			responses = parallel(
				*[
					("post", path, {"json": {"session": self.session.name}, "headers": h})
					for h in self.headers
				]
			)
		for response in responses:
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		self.assertTrue(reads)
		self.assertNotIn("together", reads, "the two members read the session at the same time")
		answers = sorted((r.json["message"]["status"], r.json["message"]["position"]) for r in responses)
		self.assertEqual(answers, [("Enrolled", None), ("Waitlisted", 1)])
		frappe.db.rollback()  # see what the other connections committed
		self.assertEqual(sorted(statuses(self.session).values()), ["Enrolled", "Waitlisted"])
		self.assertEqual(
			frappe.db.get_value("Training Session", self.session.name, ["enrolled_count", "waitlist_count"]),
			(1, 1),
		)
