"""What a Dutch or French reader sees of the app's numbers, dates, times and words: on the
portal's pages, the organisation's page and in "Find Experts" (Frappe's own ``_`` underneath,
with the app's catalogues as installed on this site)."""

import datetime
from decimal import Decimal

import frappe

from lef_members.domain import availability, matching
from lef_members.lef_members import charts
from lef_members.lef_requests.organisations import page
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import create_expert_request
from lef_members.utilities.reader import for_reader, lef_money, lef_time

NBSP = "\u00a0"


class TestReaderLanguage(LEFTestCase):
	def setUp(self):
		super().setUp()
		previous = frappe.local.lang
		self.addCleanup(lambda: setattr(frappe.local, "lang", previous))

	def test_the_organisation_page_writes_dates_and_times_as_its_reader_does(self):
		request = create_expert_request(
			dates=[{"session_date": "2027-03-12", "start_time": "9:00:00", "end_time": "12:30:00"}]
		)
		frappe.local.lang = "nl"
		self.assertEqual(page.requested_dates(request.name), ["12-03-2027 09:00-12:30"])
		frappe.local.lang = "fr"
		self.assertEqual(page.requested_dates(request.name), ["12/03/2027 09:00-12:30"])

	def test_money_and_times_on_the_portal(self):
		frappe.local.lang = "nl"
		self.assertEqual(lef_money(1760.83), f"€{NBSP}1.760,83")
		frappe.local.lang = "fr"
		self.assertEqual(lef_money(1760.83), f"1\u202f760,83{NBSP}€")
		# A Time field as Frappe reads it from the database (a duration since midnight): no seconds.
		self.assertEqual(lef_time(datetime.timedelta(hours=9, minutes=5)), "09:05")
		frappe.local.lang = "nl"
		rendered = frappe.render_template(
			"{{ lef_time(t) }} {{ lef_date(d) }}", {"t": "14:00:00", "d": "2026-11-13"}
		)
		self.assertEqual(rendered, "14:00 13-11-2026")

	def test_find_experts_names_the_part_of_the_day_and_the_skill_in_dutch(self):
		member = availability.Availability("Active", frozenset({availability.Slot("Tuesday", "Morning")}))
		verdict = availability.check_available(
			member,
			frappe.utils.get_datetime("2026-11-16 09:00"),
			frappe.utils.get_datetime("2026-11-16 11:00"),
		)
		reason = matching.Reason(verdict.reason, verdict.params, matching.EXCLUDED, ("weekday", "parts"))
		self.assertEqual(reason.render(for_reader("nl")), "niet beschikbaar op maandag voormiddag")
		self.assertEqual(reason.render(for_reader("fr")), "pas disponible le lundi matin")
		skill = matching.Reason(
			"has skill {skill}", {"skill": "Telling a recovery story"}, matching.PLUS, ("skill",)
		)
		self.assertEqual(skill.render(for_reader("nl")), "heeft de vaardigheid Herstelverhaal vertellen")
		room = matching.Reason(
			"allowance room left this year: EUR {amount}",
			{"amount": matching.format_amount(Decimal("1672.79"))},
			matching.INFO,
		)
		self.assertEqual(
			room.render(for_reader("nl")), "resterende ruimte voor vergoedingen dit jaar: € 1.672,79"
		)

	def test_the_workspace_charts_name_types_and_months_in_the_readers_words(self):
		create_expert_request(assignment_type="Recovery story")
		frappe.local.lang = "nl"
		by_type = charts.requests_by_type()
		self.assertIn("Herstelverhaal", by_type["labels"])
		self.assertNotIn("Recovery story", by_type["labels"])
		self.assertEqual(by_type["datasets"][0]["name"], "Aanvragen")
		counted = by_type["datasets"][0]["values"][by_type["labels"].index("Herstelverhaal")]
		self.assertEqual(counted, frappe.db.count("Expert Request", {"assignment_type": "Recovery story"}))

		per_month = charts.requests_per_month(timespan="Last Year", time_interval="Monthly")
		today = frappe.utils.getdate()
		self.assertEqual(len(per_month["labels"]), 13)  # this month and the twelve before
		nl_months = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()
		self.assertEqual(per_month["labels"][-1], f"{nl_months[today.month - 1]} {today.year}")
		self.assertGreaterEqual(per_month["datasets"][0]["values"][-1], 1)

		quarters = charts.requests_per_month(timespan="Last Year", time_interval="Quarterly")
		self.assertEqual(quarters["labels"][-1], f"K{(today.month - 1) // 3 + 1} {today.year}")
		self.assertGreaterEqual(
			sum(quarters["datasets"][0]["values"]), sum(per_month["datasets"][0]["values"])
		)

		frappe.local.lang = "fr"
		self.assertIn("Témoignage de rétablissement", charts.requests_by_type()["labels"])
