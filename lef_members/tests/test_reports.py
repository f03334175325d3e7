"""The desk's reports on a real site: each runs without data and with data, and its totals match
the records it counts. Periods far from today keep other tests' records out of the figures."""

import frappe
from frappe.utils import get_datetime

from lef_members.domain.statistics import gini
from lef_members.lef_assignments.report.fair_spread_of_work import fair_spread_of_work
from lef_members.lef_requests.report.assignments_per_organisation import assignments_per_organisation
from lef_members.lef_requests.report.request_response_times import request_response_times
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_assignment,
	create_expert_request,
	create_organisation,
)

EMPTY = {"from_date": "1990-01-01", "to_date": "1990-12-31"}
PERIOD = {"from_date": "2001-01-01", "to_date": "2001-12-31"}


def accept(assignment, member, answered_on=None):
	return frappe.get_doc(
		{
			"doctype": "Assignment Expert",
			"assignment": assignment.name,
			"member": member.name,
			"member_name": member.full_name,
			"status": "Accepted",
			"answered_on": answered_on,
		}
	).insert(ignore_permissions=True)


class TestAssignmentsPerOrganisation(LEFTestCase):
	def test_without_data_the_report_is_empty_and_has_no_chart(self):
		columns, data, _message, chart, summary = assignments_per_organisation.execute(EMPTY)
		self.assertTrue(columns)
		self.assertEqual((data, chart), ([], None))
		self.assertEqual(summary[0]["value"], 0)

	def test_counts_per_organisation_and_type_match_the_assignments(self):
		big, small = create_organisation(), create_organisation()
		member = create_active_member()
		made = []
		for organisation, day in ((big, "2001-03-06"), (big, "2001-04-03"), (small, "2001-05-08")):
			assignment = create_accepted_assignment(member, [day])
			frappe.db.set_value("Assignment", assignment.name, "organisation", organisation.name)
			made.append(assignment)
		cancelled = create_assignment(sessions=[("2001-06-05", "09:00:00", "11:00:00")])
		frappe.db.set_value("Assignment", cancelled.name, {"organisation": small.name, "status": "Cancelled"})

		_columns, data, _message, chart, summary = assignments_per_organisation.execute(PERIOD)
		found = {row["organisation"]: row for row in data}
		self.assertEqual(found[big.name]["assignments"], 2)
		self.assertEqual(found[big.name]["accepted"], 2)
		self.assertEqual(found[small.name]["assignments"], 1)
		self.assertEqual(summary[0]["value"], 3)
		self.assertEqual(chart["data"]["labels"][0], big.name)

		with_cancelled = assignments_per_organisation.execute({**PERIOD, "include_cancelled": 1})[1]
		self.assertEqual(sum(r["assignments"] for r in with_cancelled), 4)


class TestFairSpreadOfWork(LEFTestCase):
	def test_without_work_every_member_has_zero_and_the_spread_is_fair(self):
		create_active_member()
		_columns, data, message, chart, summary = fair_spread_of_work.execute(EMPTY)
		self.assertTrue(data)
		self.assertEqual({row["assignments"] for row in data}, {0})
		self.assertEqual(summary[-1]["value"], 0.0)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [len(data)])
		self.assertIn("0.0", message)

	def test_counts_match_accepted_assignments_and_members_without_work_are_listed(self):
		busy, idle = create_active_member(), create_active_member()
		create_accepted_assignment(busy, ["2001-03-06", "2001-03-13"])
		create_accepted_assignment(busy, ["2001-09-04"])
		declined = create_assignment(sessions=[("2001-04-03", "09:00:00", "11:00:00")])
		accept(declined, idle).db_set("status", "Declined")

		_columns, data, _message, chart, summary = fair_spread_of_work.execute(PERIOD)
		found = {row["member"]: row for row in data}
		self.assertEqual((found[busy.name]["assignments"], found[busy.name]["sessions"]), (2, 3))
		self.assertEqual(found[idle.name]["assignments"], 0)
		self.assertEqual(found[busy.name]["share"], 100.0)
		self.assertEqual(data[0]["member"], busy.name)
		self.assertEqual(summary[1]["value"], 2)
		# One member had all the work (2 assignments), the n - 1 others none. Sorted, the 2 comes
		# last (i = n): G = (2n - n - 1) x 2 / (n x 2) = (n - 1) / n; with the two made here alone,
		# 1 / 2 = 0.5.
		others = [row["assignments"] for row in data if row["member"] != busy.name]
		self.assertEqual(set(others), {0})
		n = len(data)
		self.assertEqual(summary[-1]["value"], round((n - 1) / n, 4))
		# The histogram counts every listed member once.
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), len(data))


class TestRequestResponseTimes(LEFTestCase):
	def test_without_requests_the_report_is_empty(self):
		_columns, data, _message, chart, summary = request_response_times.execute(EMPTY)
		self.assertEqual((data, chart), ([], None))
		self.assertEqual(summary[0]["value"], 0)

	def test_days_to_assignment_and_to_staffed(self):
		request = create_expert_request()
		waiting = create_expert_request()
		assignment = create_assignment(experts_needed=2)
		unstaffed = create_assignment(experts_needed=1)
		for doc, received in ((request, "2001-03-01 09:00:00"), (waiting, "2001-03-10 09:00:00")):
			frappe.db.set_value("Expert Request", doc.name, "creation", received, update_modified=False)
		frappe.db.set_value("Expert Request", request.name, "assignment", assignment.name)
		frappe.db.set_value("Expert Request", waiting.name, "assignment", unstaffed.name)
		frappe.db.set_value("Assignment", assignment.name, "creation", "2001-03-02 09:00:00")
		accept(assignment, create_active_member(), get_datetime("2001-03-03 09:00:00"))
		accept(assignment, create_active_member(), get_datetime("2001-03-04 21:00:00"))

		_columns, data, _message, chart, summary = request_response_times.execute(PERIOD)
		found = {row["expert_request"]: row for row in data}
		self.assertEqual(len(data), 2)
		self.assertEqual(found[request.name]["days_to_assignment"], 1.0)
		self.assertEqual(found[request.name]["days_to_staffed"], 3.5)
		self.assertIsNone(found[waiting.name]["days_to_staffed"])
		self.assertEqual(summary[2]["value"], 3.5)
		self.assertEqual(summary[3]["value"], 1)
		# The month the requests came in, named as the reader writes it on a narrow axis.
		self.assertEqual(chart["data"]["labels"], ["Mar"])
		frappe.local.lang = "nl"
		self.addCleanup(setattr, frappe.local, "lang", "en")
		self.assertEqual(request_response_times.execute(PERIOD)[3]["data"]["labels"], ["mrt"])
