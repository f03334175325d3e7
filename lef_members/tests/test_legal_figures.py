"""The law in force on a real site: the shipped figures, payouts priced by them, allowances
received elsewhere, finance told ahead, and the benefit rules.

Amounts are worked out by hand from docs/legal-figures.md in the comment beside each assertion.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import getdate, today

from lef_members.api import hours as hours_api
from lef_members.lef_hours import next_year_figures
from lef_members.lef_hours.payouts import room_for_members
from lef_members.setup.legal_figures import ship_legal_figures
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_active_member,
	create_payout,
	create_user,
	logs_for,
	member_on,
	paid_of,
)

BE_FLAT = "BE volunteer flat rate"
BE_HIGH = "BE volunteer flat rate (higher category)"


def as_user(user: str):
	frappe.set_user(user)


class TestShippedFigures(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_a_new_site_has_todays_figures_with_their_sources(self):
		regime = frappe.get_doc("Allowance Regime", BE_FLAT)
		by_year = {row.valid_from.year: row for row in regime.ceilings}
		self.assertEqual((by_year[2025].max_per_day, by_year[2025].max_per_year), (42.31, 1692.51))
		self.assertEqual((by_year[2026].max_per_day, by_year[2026].max_per_year), (44.02, 1760.83))
		self.assertTrue(all(row.source and row.shipped_digest for row in regime.ceilings))
		car = [row for row in regime.km_rates if row.vehicle == "Car" and row.basis == "Period"]
		self.assertEqual(len(car), 9)  # 2024 Q1 to 2026 Q1
		self.assertEqual(getdate(regime.figures_until), date(2026, 3, 31))
		high = frappe.get_doc("Allowance Regime", BE_HIGH)
		self.assertTrue(high.higher_category)
		self.assertEqual({row.valid_from.year: row.max_per_year for row in high.ceilings}[2026], 3233.91)
		nl = frappe.get_doc("Allowance Regime", "NL vrijwilligersvergoeding")
		self.assertEqual(
			[(row.max_per_month, row.max_per_year, row.hourly_max_21_plus) for row in nl.ceilings][-1],
			(220, 2200, 5.75),
		)

	def test_shipping_again_restores_a_missing_period_and_never_touches_an_edited_row(self):
		regime = frappe.get_doc("Allowance Regime", BE_FLAT)
		row_2025 = next(row for row in regime.ceilings if row.valid_from.year == 2025)
		row_2026 = next(row for row in regime.ceilings if row.valid_from.year == 2026)
		regime.remove(row_2025)
		row_2026.max_per_day = 44.5  # finance's own figure
		regime.save()
		self.assertEqual(ship_legal_figures(), {BE_FLAT: 1})
		regime.reload()
		by_year = {row.valid_from.year: row for row in regime.ceilings}
		self.assertEqual(by_year[2025].max_per_day, 42.31)
		self.assertEqual(by_year[2026].max_per_day, 44.5)
		self.assertEqual(ship_legal_figures(), {})  # idempotent

	def test_an_overlapping_kilometre_rate_is_refused_with_a_message(self):
		regime = frappe.get_doc("Allowance Regime", BE_FLAT)
		regime.append(
			"km_rates", {"valid_from": "2026-03-01", "valid_to": "2026-06-30", "vehicle": "Car", "rate": 0.44}
		)
		with self.assertRaises(frappe.ValidationError) as context:
			regime.save()
		# In the reader's way of writing dates (English here: day/month/year).
		self.assertIn("overlap on 01/03/2026", str(context.exception))


class TestPayoutsByTheFigures(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_a_belgian_2026_payout_pays_to_the_cent(self):
		member = member_on(BE_FLAT)
		first, _second = logs_for(member, [date(2026, 2, 3), date(2026, 2, 10)])
		frappe.db.set_value("Hour Log", first.name, {"transport_mode": "Car", "kilometres": 100})
		payout = create_payout("2026-02-01", "2026-02-28", submit=True)
		# 2 days x EUR 44.02 + 100 km x EUR 0.4326 (2026 Q1) = 88.04 + 43.26 = 131.30
		self.assertEqual(paid_of(payout.name, member.name), 131.30)

	def test_a_2024_log_in_may_is_priced_at_0_4265(self):
		member = member_on(BE_FLAT)
		(log,) = logs_for(member, [date(2024, 5, 14)])
		frappe.db.set_value("Hour Log", log.name, {"transport_mode": "Car", "kilometres": 100})
		payout = create_payout("2024-05-01", "2024-05-31", submit=True)
		rate = frappe.db.get_value(
			"Allowance Payout Line", {"payout": payout.name, "kind": "Kilometres"}, ["rate", "paid"]
		)
		self.assertEqual(rate, (0.4265, 42.65))
		# 41.48 (2024 day maximum) + 42.65
		self.assertEqual(paid_of(payout.name, member.name), 84.13)

	def test_the_yearly_rate_chosen_for_a_year(self):
		regime = frappe.get_doc("Allowance Regime", BE_FLAT)
		regime.append("yearly_rate_years", {"year": 2025})
		regime.save()
		member = member_on(BE_FLAT)
		(log,) = logs_for(member, [date(2025, 3, 10)])
		frappe.db.set_value("Hour Log", log.name, {"transport_mode": "Car", "kilometres": 100})
		payout = create_payout("2025-03-01", "2025-03-31", submit=True)
		# The yearly rate 2024-07-01 to 2025-06-30 is EUR 0.4415: 44.15 + 42.31 = 86.46
		self.assertEqual(paid_of(payout.name, member.name), 86.46)

	def test_allowances_received_elsewhere_use_up_the_room_everywhere(self):
		member = member_on(BE_FLAT)
		as_user(member.user)
		answer = hours_api.save_elsewhere(
			{"year": 2026, "organisation": "Sportclub Genk", "days": 38, "amount": 1700, "kilometres": 0}
		)
		self.assertTrue(answer["name"])
		frappe.set_user("Administrator")
		# Room this year: 1,760.83 - 1,700.00 = 60.83, for matching as for the portal.
		room = room_for_members([frappe._dict(name=member.name, allowance_regime=BE_FLAT)], date(2026, 6, 1))
		self.assertEqual(float(room[member.name]), 60.83)
		logs_for(member, [date(2026, 3, 3), date(2026, 3, 10)])
		payout = create_payout("2026-03-01", "2026-03-31", submit=True)
		# 44.02 + 16.81 = 60.83; 27.21 held with the reason naming the other organisations.
		row = frappe.get_doc("Allowance Payout Member", {"payout": payout.name, "member": member.name})
		self.assertEqual((row.paid, row.held), (60.83, 27.21))
		self.assertIn("1.700,00", row.room_left)  # shown apart on the statement

	def test_a_member_changes_only_their_own_records_elsewhere_and_bad_input_is_refused(self):
		owner, other = member_on(BE_FLAT), member_on(BE_FLAT)
		as_user(owner.user)
		name = hours_api.save_elsewhere({"year": 2026, "organisation": "CAW", "amount": 100})["name"]
		as_user(other.user)
		for call in (
			lambda: hours_api.delete_elsewhere(name),
			lambda: hours_api.save_elsewhere({"name": name, "year": 2026, "organisation": "X", "amount": 1}),
		):
			with self.assertRaises(frappe.PermissionError):
				call()
		self.assertEqual(frappe.db.get_value("Allowance Received Elsewhere", name, "amount"), 100)
		with self.assertRaises(frappe.ValidationError) as context:
			hours_api.save_elsewhere({"year": getdate(today()).year + 1, "organisation": "CAW", "amount": 5})
		self.assertIn("calendar year", str(context.exception))
		with self.assertRaises(frappe.ValidationError):
			hours_api.save_elsewhere({"year": "soon", "organisation": "CAW"})
		with self.assertRaises(frappe.ValidationError):
			hours_api.save_elsewhere("[1, 2]")


class TestFinanceToldAhead(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_finance_is_notified_once_from_the_first_of_december(self):
		frappe.db.set_single_value("LEF Settings", {"figures_reminder_days": 31, "figures_reminded_for": 0})
		member_on(BE_FLAT)
		finance = create_user(roles=("LEF Finance",))
		self.assertEqual(next_year_figures.remind_next_year_figures(date(2026, 11, 30)), [])
		named = next_year_figures.remind_next_year_figures(date(2026, 12, 1))
		self.assertIn(BE_FLAT, named)
		notes = frappe.get_all(
			"Notification Log", filters={"for_user": finance}, fields=["subject", "email_content"]
		)
		self.assertEqual(len(notes), 1)
		self.assertIn("2027", notes[0].subject)
		self.assertIn("the maximum per day", notes[0].email_content)
		self.assertIn("3 July 2005", notes[0].email_content)
		self.assertEqual(next_year_figures.remind_next_year_figures(date(2026, 12, 2)), [])
		self.assertEqual(frappe.db.count("Notification Log", {"for_user": finance}), 1)

	def test_the_workspace_counts_regimes_missing_figures(self):
		member_on(BE_FLAT)
		frappe.db.set_single_value("LEF Settings", "figures_reminder_days", 0)
		before = next_year_figures.regimes_missing_figures()["value"]  # this year's figures are all there
		frappe.db.set_single_value("LEF Settings", "figures_reminder_days", 366)
		self.assertGreater(
			next_year_figures.regimes_missing_figures()["value"], before
		)  # next year's are not
		as_user(create_user())
		with self.assertRaises(frappe.PermissionError):
			next_year_figures.regimes_missing_figures()

	def test_off_when_set_to_zero(self):
		frappe.db.set_single_value("LEF Settings", {"figures_reminder_days": 0, "figures_reminded_for": 0})
		member_on(BE_FLAT)
		self.assertEqual(next_year_figures.remind_next_year_figures(date(2026, 12, 20)), [])


class TestBenefits(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_the_offices_term_is_shown_and_a_higher_category_is_warned(self):
		member = create_active_member(benefit_status="Unemployment benefit")
		member.unemployment_declaration_date = "2026-11-20"
		member.save()
		self.assertEqual(getdate(member.c45b_term_ends), date(2026, 12, 8))
		frappe.clear_messages()
		member.allowance_regime = BE_HIGH
		member.save()  # a warning, never a block
		messages = " ".join(str(m) for m in frappe.get_message_log())
		self.assertIn("higher-category ceiling", messages)
		self.assertEqual(
			frappe.db.get_value("Expert by Experience", member.name, "allowance_regime"), BE_HIGH
		)
