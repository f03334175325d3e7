"""One member against everything another member owns, through every door Frappe opens.

For profiles, invitations, hour logs, enrolments and statements of Bob, Alice (a member with an
API token) and Guest try the desk API in-process and nine REST doors; every one must refuse,
and Bob's data must not appear in any reply. The counts are printed for the README.

Bob's hour log is for a session that took place (a log needs one), his statement comes from a
submitted payout. The class commits (the WSGI app reads through its own connection) and removes
what it made afterwards.
"""

import json
from datetime import date

import frappe
from frappe.utils import add_days, today

from lef_members.lef_assignments import assignment_flow
from lef_members.tests import LEFTestCase
from lef_members.tests.cleanup import remove_members
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_assignment,
	create_hour_log,
	create_payout,
	create_training_enrollment,
	create_training_session,
	set_allowance,
)
from lef_members.tests.http import request, token_headers

# A day of its own for Bob's paid log: the payout over it pays nobody else's logs.
PAID_DAY = date(2024, 11, 5)

# A field each DocType really has, to try to change.
FIELD = {
	"Expert by Experience": "first_name",
	"Assignment Expert": "status",
	"Training Enrollment": "status",
	"Hour Log": "remarks",
	"Allowance Payout Member": "member_name",
}


def doors(doctype: str, name: str) -> list[tuple[str, str, dict]]:
	"""(method, path, kwargs) for each way to read, list or change a record over HTTP."""
	quoted = f"/api/resource/{doctype}"
	return [
		("get", f"{quoted}/{name}", {}),
		("get", quoted, {"query_string": {"fields": '["*"]'}}),
		("put", f"{quoted}/{name}", {"json": {FIELD[doctype]: "x"}}),
		("delete", f"{quoted}/{name}", {}),
		("get", "/api/method/frappe.client.get", {"query_string": {"doctype": doctype, "name": name}}),
		(
			"get",
			"/api/method/frappe.client.get_list",
			{"query_string": {"doctype": doctype, "fields": '["*"]'}},
		),
		(
			"get",
			"/api/method/frappe.client.get_value",
			{
				"query_string": {
					"doctype": doctype,
					"filters": json.dumps({"name": name}),
					"fieldname": "name",
				}
			},
		),
		(
			"get",
			"/api/method/frappe.desk.form.load.getdoc",
			{"query_string": {"doctype": doctype, "name": name}},
		),
		(
			"post",
			"/api/method/frappe.client.set_value",
			{"json": {"doctype": doctype, "name": name, "fieldname": FIELD[doctype], "value": "x"}},
		),
	]


class TestAccessSweep(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.alice = create_active_member(first_name="Alice")
		cls.bob = create_active_member(first_name="Bobbington")
		assignment = create_assignment(experts_needed=1)
		assignment_flow.invite(assignment.name, [cls.bob.name])
		invitation = frappe.db.get_value("Assignment Expert", {"member": cls.bob.name}, "name")
		session = create_training_session()
		enrollment = create_training_enrollment(cls.bob, session)
		cls.records = {
			"Expert by Experience": cls.bob.name,
			"Assignment Expert": invitation,
			"Training Enrollment": enrollment.name,
		}
		# A session that took place four days ago, logged by Bob (a draft he may still change).
		worked = add_days(today(), -4)
		log = create_hour_log(cls.bob, create_accepted_assignment(cls.bob, [worked]), worked)
		cls.records["Hour Log"] = log.name
		# An approved log, paid in a submitted payout: Bob's statement.
		set_allowance(cls.bob, "BE volunteer flat rate")
		create_hour_log(cls.bob, create_accepted_assignment(cls.bob, [PAID_DAY]), PAID_DAY, approve=True)
		cls.payout = create_payout(PAID_DAY, PAID_DAY, submit=True)
		cls.records["Allowance Payout Member"] = frappe.db.get_value(
			"Allowance Payout Member", {"payout": cls.payout.name, "member": cls.bob.name}
		)
		assert all(cls.records.values()), cls.records
		cls.alice_headers = token_headers(cls.alice.user)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		enrollment = cls.records["Training Enrollment"]
		session, course = frappe.db.get_value(
			"Training Enrollment", enrollment, ["training_session", "course"]
		) or (None, None)
		frappe.db.delete("Training Attendance", {"parent": enrollment})
		frappe.db.delete("Training Enrollment", {"name": enrollment})
		if session:
			frappe.delete_doc("Training Session", session, force=True, ignore_permissions=True)
		if course:
			frappe.delete_doc("Training Course", course, force=True, ignore_permissions=True)
		# The mails about what goes, so a later record that gets a freed name inherits none.
		invitations = frappe.get_all(
			"Assignment Expert",
			filters={"member": ("in", (cls.alice.name, cls.bob.name))},
			fields=["name", "assignment"],
		)
		references = [row.name for row in invitations] + [row.assignment for row in invitations]
		mails = frappe.get_all("Email Queue", filters={"reference_name": ("in", references)}, pluck="name")
		if mails:
			frappe.db.delete("Email Queue Recipient", {"parent": ("in", mails)})
			frappe.db.delete("Email Queue", {"name": ("in", mails)})
		remove_members(members=(cls.alice.name, cls.bob.name), payouts=(cls.payout.name,))
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_desk_api_refuses_a_member(self):
		frappe.set_user(self.alice.user)
		for doctype, name in self.records.items():
			self.assertFalse(frappe.has_permission(doctype, "read", name), doctype)
			with self.assertRaises(frappe.PermissionError, msg=doctype):
				frappe.get_list(doctype, fields=["name"])
			with self.assertRaises(frappe.PermissionError, msg=doctype):
				frappe.get_doc(doctype, name).check_permission("read")

	def test_every_rest_door_refuses_a_member_and_guest(self):
		checked, leaks = 0, []
		for who, headers in (("member", self.alice_headers), ("guest", {"Accept": "application/json"})):
			for doctype, name in self.records.items():
				for method, path, kwargs in doors(doctype, name):
					response = request(method, path, headers=headers, **kwargs)
					checked += 1
					body = response.get_data(as_text=True)
					if response.status_code not in (401, 403, 404) or "Bobbington" in body:
						leaks.append(f"{who} {method} {path} {doctype}: {response.status_code} {body[:200]}")
		self.assertFalse(leaks, "\n".join(leaks))
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Expert by Experience", self.bob.name, "first_name"), "Bobbington"
		)
		print(f"\naccess sweep: {checked} requests (2 users x {len(self.records)} DocTypes x 9 doors)")

	def test_portal_endpoints_refuse_another_members_records(self):
		invitation = self.records["Assignment Expert"]
		for path, payload in (
			(
				"/api/method/lef_members.api.invitations.respond",
				{"invitation": invitation, "answer": "decline"},
			),
			(
				"/api/method/lef_members.api.invitations.send_debrief",
				{"invitation": invitation, "wellbeing": "Good"},
			),
			(
				"/api/method/lef_members.api.hours.statement",
				{"name": self.records["Allowance Payout Member"]},
			),
			(
				"/api/method/lef_members.api.hours.save_log",
				{"log": json.dumps({"name": self.records["Hour Log"], "remarks": "x"})},
			),
			("/api/method/lef_members.api.hours.submit_for_approval", {"name": self.records["Hour Log"]}),
			("/api/method/lef_members.api.hours.delete_log", {"name": self.records["Hour Log"]}),
		):
			response = request("post", path, json=payload, headers=self.alice_headers)
			self.assertEqual(response.status_code, 403, path)
			self.assertNotIn("Bobbington", response.get_data(as_text=True), path)
		frappe.db.rollback()
		self.assertNotEqual(frappe.db.get_value("Assignment Expert", invitation, "status"), "Declined")
		log = frappe.db.get_value("Hour Log", self.records["Hour Log"], ["status", "remarks"], as_dict=True)
		self.assertEqual((log.status, log.remarks or ""), ("Draft", ""), "the log is untouched")
