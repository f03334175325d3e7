"""The member form's dashboard: hours this year and, for money readers, the allowance room left."""

from datetime import date

import frappe
from frappe.utils import add_days, getdate, today

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_hour_log,
	create_test_regime,
	create_user,
	set_allowance,
)


def summary_as(user: str, member: str) -> dict:
	frappe.set_user(user)
	try:
		doc = frappe.get_doc("Expert by Experience", member)
		doc.run_method("onload")
		return doc.get_onload().get("year_summary")
	finally:
		frappe.set_user("Administrator")


class TestMemberDashboard(LEFTestCase):
	def setUp(self):
		self.member = create_active_member()
		on = getdate(today())
		this_year = [max(getdate(add_days(on, -d)), date(on.year, 1, 1)) for d in (3, 5, 6)]
		last_year = date(on.year - 1, 6, 4)
		assignment = create_accepted_assignment(self.member, [*this_year, last_year])
		create_hour_log(self.member, assignment, this_year[0], execution_hours=2)
		create_hour_log(self.member, assignment, this_year[1], execution_hours=1.5, travel_hours=0.25)
		cancelled = create_hour_log(self.member, assignment, this_year[2], approve=True, execution_hours=3)
		cancelled.cancel()
		create_hour_log(self.member, assignment, last_year, execution_hours=4)
		set_allowance(self.member, create_test_regime().name)  # yearly ceiling 100, nothing paid

	def test_coordinator_and_finance_see_hours_and_room_left(self):
		for role in ("LEF Coordinator", "LEF Finance"):
			summary = summary_as(create_user(roles=(role,)), self.member.name)
			self.assertEqual(summary["year"], getdate(today()).year)
			self.assertEqual(summary["hours"], 3.75, "cancelled logs and last year's do not count")
			self.assertEqual(summary["allowance_room"], 100.0)
			self.assertIsNone(summary["allowance_problem"])

	def test_without_money_rights_no_allowance_is_shown(self):
		# A desk user whose role (one Frappe 15 and 16 both ship) gives no money rights.
		summary = summary_as(create_user(roles=("Translator",), user_type="System User"), self.member.name)
		self.assertEqual(summary["hours"], 3.75)
		self.assertNotIn("allowance_room", summary)
