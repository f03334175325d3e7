"""On a site: a missing legal figure holds only what it prices, and the first payout after finance
enters it pays that, and only that (hand-computed from the shipped figures).

The shipped Belgian flat rate has no car rate after 31 March 2026 (not published when the figures
were gathered): a May 2026 log's day is paid, its kilometres wait; the test then enters a rate of
its own for May (EUR 0.4400), as finance would through the one form.
"""

import json
from datetime import date

import frappe

from lef_members.lef_hours.doctype.allowance_payout.allowance_payout import PayoutError
from lef_members.lef_hours.next_year_figures import enter_figure
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_hour_log,
	create_payout,
	create_user,
	set_allowance,
)
from lef_members.www.lef.hours import waiting_text

BE_FLAT = "BE volunteer flat rate"


def lines_of(payout: str, member: str) -> list[tuple]:
	return [
		(str(r.day), r.kind, r.paid, r.held)
		for r in frappe.get_all(
			"Allowance Payout Line",
			filters={"payout": payout, "member": member},
			fields=["day", "kind", "paid", "held"],
			order_by="day asc, kind asc",
		)
	]


class TestWaitingFigures(LEFTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		# The framework rolls back once per class: each test here starts from the same figures.
		frappe.db.savepoint("lef_waiting")
		self.addCleanup(frappe.db.rollback, save_point="lef_waiting")
		self.member = create_active_member()
		set_allowance(self.member, BE_FLAT)
		day = date(2026, 5, 5)
		self.log = create_hour_log(
			self.member,
			create_accepted_assignment(self.member, [day]),
			day,
			approve=True,
			transport_mode="Car",
			kilometres=40,
		)

	def log_state(self):
		return frappe.db.get_value(
			"Hour Log", self.log.name, ["payout", "waiting_parts", "paid_parts", "waiting_for"], as_dict=True
		)

	def enter_may_rate(self):
		enter_figure(
			BE_FLAT,
			"km_rate",
			"2026-05-01",
			"2026-05-31",
			source="entered by the test, as finance would",
			rate=0.44,
			vehicles=["Car", "Motorbike", "Moped"],
		)

	def test_the_day_is_paid_and_the_kilometres_wait_until_the_rate_is_entered(self):
		finance = create_user(roles=("LEF Finance",))
		first = create_payout("2026-05-01", "2026-05-31", submit=True)
		# The 2026 maximum per day, EUR 44.02; the 40 km have no rate yet.
		self.assertEqual(lines_of(first.name, self.member.name), [("2026-05-05", "Flat rate", 44.02, 0.0)])
		state = self.log_state()
		self.assertIsNone(state.payout)
		self.assertEqual(state.waiting_parts, "km")
		self.assertEqual(
			json.loads(state.paid_parts),
			{"allowance": first.name, "costs": first.name, "tickets": first.name},
		)
		self.assertIn("no kilometre rate for Car on 2026-05-05", state.waiting_for)
		statement = frappe.db.get_value(
			"Allowance Payout Member", {"payout": first.name, "member": self.member.name}, "waiting"
		)
		# On the member's statement, in the member's language, naming the log and the vehicle.
		self.assertIn(self.log.name, statement)
		self.assertIn("Auto", statement)  # Dutch: the vehicle in the member's words
		self.assertIn("05-05-2026", statement)  # and the date as a Dutch reader writes it
		self.assertEqual(
			waiting_text(frappe.db.get_value("Hour Log", self.log.name, "waiting_reasons")),
			"Paid in part. Still to come: the kilometres. The forum is waiting for the kilometre rate for Car.",
		)
		# Finance hears which figure to enter, with the form that enters it.
		note = frappe.get_all(
			"Notification Log",
			filters={"document_type": "Allowance Payout", "document_name": first.name, "for_user": finance},
			fields=["subject", "email_content"],
		)
		self.assertTrue(note)
		self.assertIn("enter_figure=km_rate", note[0].email_content)

		# While the rate is missing, a later payout pays nothing of it and keeps it waiting.
		waiting_again = create_payout("2026-06-01", "2026-06-30")
		self.assertEqual(lines_of(waiting_again.name, self.member.name), [])
		frappe.delete_doc("Allowance Payout", waiting_again.name, force=True)

		self.enter_may_rate()
		second = create_payout("2026-06-01", "2026-06-30", submit=True)
		# Exactly the waiting kilometres: 40 x 0.4400 = EUR 17.60; not the day again.
		self.assertEqual(lines_of(second.name, self.member.name), [("2026-05-05", "Kilometres", 17.6, 0.0)])
		state = self.log_state()
		self.assertEqual(state.payout, second.name)
		self.assertFalse(state.waiting_parts)
		self.assertEqual(json.loads(state.paid_parts)["km"], second.name)
		# Nothing is left: the next payout finds nothing of this member.
		third = create_payout("2026-07-01", "2026-07-31")
		self.assertEqual(lines_of(third.name, self.member.name), [])

	def test_cancelling_a_payout_releases_only_what_it_paid(self):
		first = create_payout("2026-05-01", "2026-05-31", submit=True)
		self.enter_may_rate()
		second = create_payout("2026-06-01", "2026-06-30", submit=True)
		# The first payout paid the day of a log the second one finished: cancel the second first.
		with self.assertRaises(PayoutError):
			frappe.get_doc("Allowance Payout", first.name).cancel()
		frappe.get_doc("Allowance Payout", second.name).cancel()
		state = self.log_state()
		self.assertIsNone(state.payout)
		self.assertEqual(set(json.loads(state.paid_parts)), {"allowance", "costs", "tickets"})
		again = create_payout("2026-06-01", "2026-06-30", submit=True)
		self.assertEqual(lines_of(again.name, self.member.name), [("2026-05-05", "Kilometres", 17.6, 0.0)])

	def test_the_form_refuses_a_rate_that_overlaps_one_already_there(self):
		self.enter_may_rate()
		with self.assertRaises(frappe.ValidationError):
			self.enter_may_rate()
		with self.assertRaises(frappe.ValidationError):
			enter_figure(
				BE_FLAT, "km_rate", "2026-06-01", "2026-06-30", source="", rate=0.44, vehicles=["Car"]
			)
