# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from datetime import date
from decimal import Decimal

import frappe
from frappe.utils import add_days, getdate, today

from lef_members.lef_assignments.candidates import load_candidates, need_for
from lef_members.lef_hours.doctype.allowance_payout.allowance_payout import PayoutError
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_hour_log,
	create_payout,
	create_test_regime,
	create_user,
	logs_for,
	member_on,
	paid_of,
	set_allowance,
)
from lef_members.tests.pdf import pdf_text
from lef_members.tests.serve import served_at_host_name

BE_FLAT = "BE volunteer flat rate"
VALID_IBAN = "NL91ABNA0417164300"


class TestAllowancePayout(LEFTestCase):
	def test_flat_rate_and_kilometres_paid_once_however_often_the_period_is_run(self):
		member = member_on(BE_FLAT)
		first, second = logs_for(member, [date(2024, 3, 5), date(2024, 3, 12)])
		frappe.db.set_value("Hour Log", first.name, {"transport_mode": "Car", "kilometres": 50})

		payout = create_payout("2024-03-01", "2024-03-31", submit=True)
		# 2 days x EUR 41.48 + 50 km x EUR 0.4269 = 82.96 + 21.345 = 104.305 -> 104.31 (rounded once)
		self.assertEqual(paid_of(payout.name, member.name), 104.31)
		self.assertEqual(payout.paid_total, 104.31)
		for log in (first, second):
			self.assertEqual(frappe.db.get_value("Hour Log", log.name, "payout"), payout.name)

		again = create_payout("2024-03-01", "2024-03-31")
		self.assertEqual(again.log_count, 0)
		with self.assertRaises(PayoutError):
			again.submit()

		# Cancelling releases the logs; a new payout pays them (once) again.
		payout.cancel()
		self.assertFalse(frappe.db.get_value("Hour Log", first.name, "payout"))
		redo = create_payout("2024-03-01", "2024-03-31", submit=True)
		self.assertEqual(paid_of(redo.name, member.name), 104.31)

	def test_each_year_uses_its_own_ceilings(self):
		member = member_on(BE_FLAT)
		logs_for(member, [date(2023, 12, 28), date(2024, 1, 5)])
		payout = create_payout("2023-12-20", "2024-01-10")
		# EUR 40.67 (2023) + EUR 41.48 (2024)
		self.assertEqual(paid_of(payout.name, member.name), 82.15)

	def test_a_date_without_ceilings_waits_and_names_what_to_enter(self):
		member = member_on(BE_FLAT)
		day = "2022-06-07"  # the shipped Belgian figures start in 2023: nothing is guessed before
		(log,) = logs_for(member, [day])
		payout = create_payout(day, day)
		row = frappe.db.get_value(
			"Allowance Payout Member",
			{"payout": payout.name, "member": member.name},
			["error", "paid", "waiting"],
			as_dict=True,
		)
		self.assertFalse(row.error)
		self.assertEqual(row.paid, 0)
		self.assertIn("2022", row.waiting)
		# The regime named as the statement's reader reads it (the print format's language).
		lang = (
			frappe.db.get_value("Print Format", "Allowance Statement", "default_print_language")
			or frappe.local.lang
		)
		self.assertIn(frappe._(BE_FLAT, lang=lang), row.waiting)
		self.assertIn(log.name, row.waiting)
		# A payout that would pay nothing but what waits is not submitted.
		with self.assertRaises(PayoutError):
			payout.submit()
		self.assertFalse(frappe.db.get_value("Hour Log", log.name, "payout"))
		self.assertFalse(frappe.db.get_value("Hour Log", log.name, "paid_parts"))

	def test_the_yearly_ceiling_holds_the_excess_warns_at_80_percent_and_matching_sees_no_room(self):
		year = getdate(today()).year
		regime = create_test_regime(
			rows=[
				{
					"valid_from": f"{year - 1}-01-01",
					"valid_to": f"{year}-12-31",
					"max_per_day": 40,
					"max_per_year": 100,
					"max_km_per_year": 2000,
					"km_rate_car": 0.4,
				}
			]
		)
		member = member_on(regime.name)
		frappe.db.set_value("Expert by Experience", member.name, "iban", VALID_IBAN)
		days = [add_days(today(), -n) for n in (5, 4, 3)]
		logs_for(member, days)
		create_user(roles=("LEF Finance",))  # finance is told at 80 % of a yearly ceiling
		frappe.db.delete("Email Queue", {"reference_doctype": "Allowance Payout"})
		payout = create_payout(min(days), max(days), submit=True)
		row = frappe.get_doc("Allowance Payout Member", {"payout": payout.name, "member": member.name})
		self.assertEqual((row.claimed, row.paid, row.held), (120, 100, 20))
		held = frappe.get_all(
			"Allowance Payout Line", filters={"payout": payout.name, "held": (">", 0)}, fields=["reasons"]
		)
		# Written in the language the statement is printed in (Dutch).
		self.assertIn("maximum van 100", held[0].reasons)
		self.assertTrue(
			frappe.db.exists(
				"Email Queue", {"reference_doctype": "Allowance Payout", "reference_name": payout.name}
			)
		)
		# Matching: no room left this year, so an assignment with an allowance excludes the member.
		(candidate,) = load_candidates(getdate(today()), names=[member.name])
		self.assertEqual(candidate.allowance_room, Decimal(0))
		assignment = create_accepted_assignment(create_active_member(), [add_days(today(), 10)])
		assignment.db_set("expected_allowance_per_member", 80)
		self.assertEqual(need_for(assignment).expected_allowance, Decimal(80))

	def test_statement_pdf_and_sepa_file_list_members_without_iban(self):
		with_iban, without = member_on(BE_FLAT), member_on(BE_FLAT)
		frappe.db.set_value("Expert by Experience", with_iban.name, "iban", VALID_IBAN)
		logs_for(with_iban, [date(2024, 5, 7)])
		logs_for(without, [date(2024, 5, 8)])
		frappe.db.set_single_value(
			"LEF Settings", {"forum_iban": "BE71096123456769", "forum_name": "LEF vzw"}
		)
		payout = create_payout("2024-05-01", "2024-05-31", submit=True)
		result = payout.make_sepa_file()
		self.assertEqual(result["count"], 1, result)
		self.assertEqual(result["total"], "41.48")
		self.assertEqual(len(result["skipped"]), 1)
		self.assertIn(without.full_name, result["skipped"][0])
		payout.reload()
		self.assertTrue(payout.sepa_file)
		xml = frappe.get_doc("File", {"file_url": payout.sepa_file}).get_content()
		self.assertIn(VALID_IBAN, xml)
		self.assertNotIn(without.full_name, xml)

		statement = frappe.db.get_value(
			"Allowance Payout Member", {"payout": payout.name, "member": with_iban.name}
		)
		# The member's statement as the PDF wkhtmltopdf makes, read back.
		with served_at_host_name():
			text = pdf_text(
				frappe.get_print("Allowance Payout Member", statement, "Allowance Statement", as_pdf=True)
			)
		self.assertIn(with_iban.full_name, text)
		self.assertIn(payout.name, text)
		self.assertRegex(text, r"41[.,]48")  # the flat rate of 7 May 2024, the 2024 maximum per day
		self.assertNotIn(without.full_name, text)

	def test_submitting_computes_again_when_anything_changed_since_the_draft(self):
		member = member_on(BE_FLAT)
		(first,) = logs_for(member, [date(2024, 6, 4)])
		payout = create_payout("2024-06-01", "2024-06-30")
		self.assertEqual(paid_of(payout.name, member.name), 41.48)

		# Approved after the draft was computed: the submission pays it too, not the stale draft.
		(late,) = logs_for(member, [date(2024, 6, 11)])
		# A draft sent back with figures of its own changes nothing: they are read from the database.
		payout.paid_total = 1
		payout.log_count = 1
		payout.submit()
		self.assertEqual(paid_of(payout.name, member.name), 82.96)
		self.assertEqual((payout.log_count, payout.paid_total), (2, 82.96))
		for log in (first, late):
			self.assertEqual(frappe.db.get_value("Hour Log", log.name, "payout"), payout.name)

	def test_a_draft_submitted_as_computed_keeps_its_lines(self):
		member = member_on(BE_FLAT)
		logs_for(member, [date(2024, 7, 2), date(2024, 7, 9)])
		payout = create_payout("2024-07-01", "2024-07-31")
		lines = frappe.get_all("Allowance Payout Line", filters={"payout": payout.name}, pluck="name")
		payout.paid_total = 1  # what the request says is not what is paid
		payout.submit()
		self.assertEqual(
			sorted(frappe.get_all("Allowance Payout Line", filters={"payout": payout.name}, pluck="name")),
			sorted(lines),
		)
		self.assertEqual(payout.paid_total, 82.96)
		self.assertEqual(frappe.db.get_value("Allowance Payout", payout.name, "paid_total"), 82.96)


class TestPayoutSubmittedAfterAChange(LEFTestCase):
	"""A log approved between the draft and its submission: only that member is computed again,
	and the payout is what a computation from scratch would give."""

	def test_only_the_member_whose_logs_changed_is_computed_again(self):
		changed, unchanged = member_on(BE_FLAT), member_on(BE_FLAT)
		logs_for(changed, [date(2024, 3, 5)])
		logs_for(unchanged, [date(2024, 3, 6), date(2024, 3, 7)])
		payout = create_payout("2024-03-01", "2024-03-31")
		kept = frappe.db.get_value(
			"Allowance Payout Member", {"payout": payout.name, "member": unchanged.name}, "name"
		)
		logs_for(changed, [date(2024, 3, 12)])  # approved after the draft
		payout.reload()
		payout.submit()
		# 2 x 41.48 for each member: the new log is paid, the other member's row stands as drafted.
		self.assertEqual(paid_of(payout.name, changed.name), 82.96)
		self.assertEqual(
			frappe.db.get_value(
				"Allowance Payout Member", {"payout": payout.name, "member": unchanged.name}, "name"
			),
			kept,
		)
		self.assertEqual((payout.log_count, payout.member_count, payout.paid_total), (4, 2, 165.92))
		self.assertEqual(frappe.db.count("Hour Log", {"payout": payout.name}), 4)
		self.assertEqual(
			frappe.db.count("Allowance Payout Line", {"payout": payout.name, "member": changed.name}), 2
		)

	def test_a_changed_regime_computes_everyone_again(self):
		regime = create_test_regime()  # 40 a day, 100 a year, this year
		first, second = member_on(regime.name), member_on(regime.name)
		day = add_days(today(), -3)
		logs_for(first, [day])
		logs_for(second, [day])
		payout = create_payout(day, day)
		self.assertEqual(payout.paid_total, 80)
		regime.reload()
		regime.ceilings[0].max_per_day = 30
		regime.save()
		payout.reload()
		payout.submit()
		self.assertEqual(payout.paid_total, 60)
		self.assertEqual(paid_of(payout.name, first.name), 30)
		self.assertEqual(paid_of(payout.name, second.name), 30)
