"""Hour logs and allowance statements over real HTTP: a member reaches only their own, and two
payouts submitted at the same moment never pay a log twice.

These tests commit (the WSGI app reads through its own connection) and clean up after.
"""

import json
from datetime import date

import frappe
from frappe.utils import add_days, today

from lef_members.tests import LEFTestCase
from lef_members.tests.cleanup import remove_members
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_hour_log,
	create_payout,
	create_user,
	set_allowance,
)
from lef_members.tests.http import parallel, request, token_headers


class TestHourLogPrivacy(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.alice, cls.bob = create_active_member(first_name="Alice"), create_active_member(first_name="Bob")
		day = add_days(today(), -4)
		cls.bob_log = create_hour_log(cls.bob, create_accepted_assignment(cls.bob, [day]), day)
		set_allowance(cls.bob, "BE volunteer flat rate")
		create_hour_log(
			cls.bob, create_accepted_assignment(cls.bob, [date(2024, 9, 3)]), date(2024, 9, 3), approve=True
		)
		cls.payout = create_payout("2024-09-01", "2024-09-30", submit=True)
		cls.bob_statement = frappe.db.get_value(
			"Allowance Payout Member", {"payout": cls.payout.name, "member": cls.bob.name}
		)
		cls.alice_headers = token_headers(cls.alice.user)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		remove_members(members=(cls.alice.name, cls.bob.name), payouts=(cls.payout.name,))
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_member_has_no_desk_access_to_logs_or_statements(self):
		frappe.set_user(self.alice.user)
		self.assertFalse(frappe.has_permission("Hour Log", "read", self.bob_log.name))
		self.assertFalse(frappe.has_permission("Allowance Payout Member", "read", self.bob_statement))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Hour Log", fields=["name"])

	def test_rest_api_refuses_another_members_log_and_statement(self):
		for path in (
			f"/api/resource/Hour Log/{self.bob_log.name}",
			f"/api/resource/Allowance Payout Member/{self.bob_statement}",
			"/api/resource/Hour Log",
		):
			response = request("get", path, headers=self.alice_headers)
			self.assertEqual(response.status_code, 403, path)

	def test_portal_refuses_another_members_log_and_statement(self):
		for method, data in (
			("save_log", {"log": json.dumps({"name": self.bob_log.name, "execution_hours": "9"})}),
			("submit_for_approval", {"name": self.bob_log.name}),
			("delete_log", {"name": self.bob_log.name}),
		):
			response = request(
				"post", f"/api/method/lef_members.api.hours.{method}", headers=self.alice_headers, data=data
			)
			self.assertEqual(response.status_code, 403, method)
		response = request(
			"get",
			f"/api/method/lef_members.api.hours.statement?name={self.bob_statement}",
			headers=self.alice_headers,
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(frappe.db.get_value("Hour Log", self.bob_log.name, "execution_hours"), 2)

	def test_portal_page_lists_only_own_logs(self):
		response = request("get", "/lef/hours", headers=self.alice_headers)
		self.assertEqual(response.status_code, 200)
		page = response.get_data(as_text=True)
		self.assertNotIn(self.bob_log.name, page)
		self.assertNotIn(self.payout.name, page)


class TestPayoutConcurrency(LEFTestCase):
	def test_two_payouts_submitted_at_once_pay_each_log_once(self):
		member = create_active_member()
		set_allowance(member, "BE volunteer flat rate")
		days = [date(2024, 10, 1), date(2024, 10, 8), date(2024, 10, 15)]
		assignment = create_accepted_assignment(member, days)
		logs = [create_hour_log(member, assignment, day, approve=True).name for day in days]
		first = create_payout("2024-10-01", "2024-10-31")
		second = create_payout("2024-10-01", "2024-10-31")
		finance = create_user(roles=("LEF Finance",))
		headers = token_headers(finance)
		frappe.db.commit()
		try:
			responses = parallel(
				*[
					(
						"post",
						"/api/method/frappe.client.submit",
						{
							"headers": headers,
							"json": {
								"doc": json.loads(frappe.as_json(frappe.get_doc("Allowance Payout", name)))
							},
						},
					)
					for name in (first.name, second.name)
				]
			)
			codes = sorted(response.status_code for response in responses)
			self.assertEqual(codes[0], 200, [r.get_data(as_text=True)[:500] for r in responses])
			self.assertNotEqual(codes[1], 200)  # the second found nothing left to pay
			frappe.db.rollback()
			paid_by = frappe.get_all("Hour Log", filters={"name": ("in", logs)}, pluck="payout")
			self.assertEqual(len(set(paid_by)), 1)
			submitted = frappe.get_all(
				"Allowance Payout",
				filters={"name": ("in", [first.name, second.name]), "docstatus": 1},
				pluck="name",
			)
			self.assertEqual(submitted, [paid_by[0]])
			# Paid once: 3 days x EUR 41.48, in one payout only.
			paid = frappe.get_all(
				"Allowance Payout Member",
				filters={"payout": ("in", submitted), "member": member.name},
				pluck="paid",
			)
			self.assertEqual(paid, [124.44])
		finally:
			remove_members(members=(member.name,), users=(finance,), payouts=(first.name, second.name))
