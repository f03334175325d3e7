"""Security tests for trainings, in the manner of frappe/lms: a member sees and changes only
their own enrolments, through the portal only; the REST API gives members nothing.
"""

from unittest.mock import patch

import frappe

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_certificate,
	create_in_training_member,
	create_training_course,
	create_training_enrollment,
	create_training_session,
	create_user,
)
from lef_members.tests.http import request, token_headers
from lef_members.tests.pdf import pdf_text
from lef_members.tests.serve import served_at_host_name


class TestTrainingPermissions(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.alice = create_in_training_member(first_name="Alice")
		cls.bob = create_in_training_member(first_name="Bob")
		cls.session = create_training_session(capacity=5)
		cls.bobs = create_training_enrollment(cls.bob, cls.session)
		cls.coordinator = create_user(roles=("LEF Coordinator",))
		cls.finance = create_user(roles=("LEF Finance",))

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_members_have_no_desk_access_to_training_records(self):
		frappe.set_user(self.alice.user)
		for doctype in ("Training Enrollment", "Training Session"):
			self.assertFalse(frappe.has_permission(doctype, "read"), doctype)
			with self.assertRaises(frappe.PermissionError):
				frappe.get_list(doctype, fields=["name"])
		self.assertFalse(frappe.has_permission("Training Enrollment", "read", self.bobs.name))

	def test_coordinators_manage_trainings_finance_only_reads_courses(self):
		frappe.set_user(self.coordinator)
		for doctype in ("Training Course", "Training Session", "Training Enrollment"):
			self.assertTrue(frappe.has_permission(doctype, "write"), doctype)
		frappe.set_user(self.finance)
		self.assertTrue(frappe.has_permission("Training Course", "read"))
		self.assertFalse(frappe.has_permission("Training Enrollment", "read"))

	def test_the_report_is_for_coordinators(self):
		from frappe.desk.query_report import run

		frappe.set_user(self.coordinator)
		result = run("Training Status", filters={"member": self.bob.name})
		self.assertIn(self.session.course, [row["course"] for row in result["result"]])
		frappe.set_user(self.alice.user)
		with self.assertRaises(frappe.PermissionError):
			run("Training Status", filters={})


class TestTrainingPrivacyOverHTTP(LEFTestCase):
	"""The same through /api/resource, /api/method and the portal page, as a browser would."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.course = create_training_course(validity_months=12)
		cls.alice = create_in_training_member(first_name="Alice")
		cls.bob = create_in_training_member(first_name="Bob")
		cls.session = create_training_session(course=cls.course.name, capacity=5)
		cls.alices = create_training_enrollment(cls.alice, cls.session)
		cls.bobs_certificate = create_certificate(cls.bob, cls.course)
		cls.alices_certificate = create_certificate(cls.alice, cls.course)
		cls.alice_headers = token_headers(cls.alice.user)
		frappe.db.commit()  # the WSGI app reads through its own connection

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		sessions = set(
			frappe.get_all(
				"Training Enrollment", {"course": cls.course.name}, pluck="training_session", distinct=True
			)
		)
		for name in frappe.get_all("Training Enrollment", {"course": cls.course.name}, pluck="name"):
			frappe.delete_doc("Training Enrollment", name, force=True, ignore_permissions=True)
		for name in sessions | {cls.session.name}:
			frappe.delete_doc("Training Session", name, force=True, ignore_permissions=True)
		frappe.delete_doc("Training Course", cls.course.name, force=True, ignore_permissions=True)
		for member in (cls.alice, cls.bob):
			# The user's rows directly: deleting or disabling a user through the document is
			# refused on a site without a System Manager besides Administrator.
			frappe.db.delete("Has Role", {"parent": member.user})
			frappe.db.delete("DefaultValue", {"parent": member.user})
			frappe.db.delete("User", {"name": member.user})
			frappe.delete_doc("Expert by Experience", member.name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_rest_gives_a_member_no_enrolment_of_anyone(self):
		for path in (
			"/api/resource/Training Enrollment",
			f"/api/resource/Training Enrollment/{self.bobs_certificate.name}",
			f"/api/resource/Training Enrollment/{self.alices.name}",
		):
			response = request("get", path, headers=self.alice_headers)
			self.assertEqual(response.status_code, 403, path)
			self.assertNotIn("Bob", response.get_data(as_text=True))

	def test_a_member_cannot_withdraw_or_download_anothers_enrolment(self):
		response = request(
			"post",
			"/api/method/lef_members.api.training.withdraw",
			json={"enrollment": self.bobs_certificate.name},
			headers=self.alice_headers,
		)
		self.assertEqual(response.status_code, 403)
		response = request(
			"get",
			f"/api/method/lef_members.api.training.certificate?enrollment={self.bobs_certificate.name}",
			headers=self.alice_headers,
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotIn("Bob", response.get_data(as_text=True))

	def test_a_member_downloads_their_own_certificate(self):
		# The real PDF, made by wkhtmltopdf (which loads the stylesheets from the site's address).
		with served_at_host_name():
			response = request(
				"get",
				f"/api/method/lef_members.api.training.certificate?enrollment={self.alices_certificate.name}",
				headers=self.alice_headers,
			)
		self.assertEqual(response.status_code, 200, response.get_data()[:500])
		self.assertEqual(response.mimetype, "application/pdf")
		text = pdf_text(response.get_data())
		self.assertIn(self.alice.full_name, text)
		self.assertIn(self.course.name, text)
		self.assertNotIn(self.bob.full_name, text)

	def test_the_trainings_page_shows_only_own_enrolments(self):
		response = request("get", "/lef/trainings", headers=self.alice_headers)
		self.assertEqual(response.status_code, 200)
		body = response.get_data(as_text=True)
		self.assertIn(self.alices.name, body)  # her own withdraw button
		self.assertIn(self.alices_certificate.name, body)  # her own certificate link
		self.assertNotIn(self.bobs_certificate.name, body)
		self.assertNotIn(self.bob.full_name, body)
		self.assertNotIn(self.bob.email, body)

	def test_guest_gets_nothing(self):
		response = request("get", "/lef/trainings")
		self.assertIn(response.status_code, (403, 302))
		response = request(
			"post", "/api/method/lef_members.api.training.enrol", json={"session": self.session.name}
		)
		self.assertEqual(response.status_code, 403)
		response = request("get", f"/api/resource/Training Enrollment/{self.alices.name}")
		self.assertEqual(response.status_code, 403)
