"""The demo forum: built once, every state present, and removed without a trace."""

from __future__ import annotations

import unittest

import frappe

from lef_members.setup import demo
from lef_members.setup.digest import app_doctypes
from lef_members.tests import LEFTestCase

OTHERS = ("User", "Contact", "Comment", "Version", "Email Queue", "Notification Log", "Error Log")


def counts() -> dict[str, int]:
	doctypes = app_doctypes(children=False)
	return {doctype: frappe.db.count(doctype) for doctype in (*sorted(doctypes), *OTHERS)}


class TestDemo(LEFTestCase):
	def test_create_twice_adds_nothing_and_remove_leaves_the_counts_as_before(self):
		if demo.registry():
			raise unittest.SkipTest("a demo is already on this site: remove it first")
		before = counts()
		settings_before = system_settings()
		made = demo.create()
		try:
			self.assertGreaterEqual(made["Expert by Experience"], 40)
			self.assertEqual(made["Expert Request"], 25)
			self.assertEqual(
				set(
					frappe.get_all(
						"Expert by Experience",
						filters={"email": ("like", "%@demo.example.org")},
						pluck="status",
					)
				),
				{"Candidate", "Intake", "In Training", "Active", "Paused", "Left"},
			)
			self.assertEqual(
				set(
					frappe.get_all(
						"Expert Request", filters={"email": ("like", "%demo.example.org")}, pluck="status"
					)
				),
				{"New", "In Review", "Needs Info", "Accepted", "Declined"},
			)
			names = [name for doctype, name in demo.registry() if doctype == "Assignment"]
			self.assertEqual(
				set(frappe.get_all("Assignment", filters={"name": ("in", names)}, pluck="status")),
				{"Draft", "Open", "Staffed", "Confirmed", "Completed", "Closed", "Cancelled"},
			)
			logs = frappe.get_all(
				"Hour Log", filters={"member_email": ("like", "%@demo.example.org")}, pluck="session_date"
			)
			self.assertGreater((max(logs) - min(logs)).days, 300)  # spread over the last 14 months
			# The paid payout pays the demo's logs only: none of another member is settled by it.
			payouts = [n for d, n in demo.registry() if d == "Allowance Payout"]
			settled = frappe.get_all("Hour Log", filters={"payout": ("in", payouts)}, pluck="member_email")
			self.assertTrue(settled)
			self.assertEqual({email.split("@")[1] for email in settled}, {"demo.example.org"})
			self.assertEqual(made["Billing Statement"], 3)
			self.assert_believable()
			after_create = counts()
			self.assertEqual(demo.create(), made)  # a second run adds nothing
			self.assertEqual(counts(), after_create)
		finally:
			demo.remove()
		self.assertEqual(counts(), before)
		self.assertEqual(demo.registry(), [])
		self.assertEqual(system_settings(), settings_before)  # put back as it was

	def assert_believable(self):
		"""What a board would notice: varied requests that fit their types, work on weekdays,
		members who live somewhere, history over the months, invitations the rules allow, and a
		site that speaks the forum's language even before its setup wizard ran."""
		from lef_members.lef_assignments import assignment_flow
		from lef_members.lef_members import charts

		made = demo.registry()
		of = lambda doctype: [name for d, name in made if d == doctype]  # noqa: E731
		requests = frappe.get_all(
			"Expert Request",
			filters={"name": ("in", of("Expert Request"))},
			fields=["name", "title", "description", "contact_person", "assignment_type", "creation"],
		)
		self.assertGreaterEqual(len({r.description for r in requests}), 8)
		self.assertFalse([r.contact_person for r in requests if "Aanvrager" in r.contact_person])
		english_months = ("January", "February", "March", "April", "June", "July", "August", "October")
		titles = [r.title for r in requests] + frappe.get_all(
			"Assignment", filters={"name": ("in", of("Assignment"))}, pluck="title"
		)
		self.assertFalse([t for t in titles if any(m in t for m in english_months)])
		# Titles fit their types: a story is told, an advisory board is sat on.
		for r in requests:
			if r.assignment_type == "Advisory board or working group":
				self.assertRegex(r.title.lower(), "adviesraad|werkgroep", r.title)
		# Every date a person comes is a weekday.
		days = frappe.get_all(
			"Expert Request Date", filters={"parent": ("in", of("Expert Request"))}, pluck="session_date"
		)
		days += frappe.get_all(
			"Assignment Session", filters={"parent": ("in", of("Assignment"))}, pluck="session_date"
		)
		days += frappe.get_all(
			"Training Session Date", filters={"parent": ("in", of("Training Session"))}, pluck="session_date"
		)
		self.assertTrue(days)
		self.assertEqual([d for d in days if d.weekday() > 4], [])
		# Members live somewhere in Limburg, in a care network.
		members = frappe.get_all(
			"Expert by Experience",
			filters={"name": ("in", of("Expert by Experience"))},
			fields=["address_line", "postcode", "municipality", "care_network", "full_name"],
		)
		self.assertEqual([m.full_name for m in members if not (m.address_line and m.care_network)], [])
		self.assertTrue(all(m.postcode.startswith("3") for m in members))
		# Requests came in over the past months, so the charts have history.
		months = {(r.creation.year, r.creation.month) for r in requests}
		self.assertGreaterEqual(len(months), 12)
		per_month = charts.requests_per_month(timespan="Last Year", time_interval="Monthly")
		self.assertGreaterEqual(sum(1 for n in per_month["datasets"][0]["values"] if n), 10)
		# No one is invited to coming work whom the rules keep out.
		coming = frappe.get_all(
			"Assignment",
			filters={"name": ("in", of("Assignment")), "status": ("in", ("Open", "Staffed", "Confirmed"))},
			pluck="name",
		)
		self.assertTrue(coming)
		for name in coming:
			assignment = frappe.get_doc("Assignment", name)
			for member in frappe.get_all(
				"Assignment Expert", filters={"assignment": name, "status": "Invited"}, pluck="member"
			):
				self.assertEqual(assignment_flow.hard_rule_problems(assignment, member), [], member)
		# The site speaks the forum's language (Belgium's, unless the wizard chose otherwise).
		language = frappe.db.get_single_value("System Settings", "language")
		zone = frappe.db.get_single_value("System Settings", "time_zone")
		if not frappe.db.get_single_value("System Settings", "setup_complete"):
			self.assertEqual((language, zone), ("nl", "Europe/Brussels"))
			# ... in the defaults the desk reads, too.
			self.assertEqual(frappe.db.get_default("date_format"), "dd-mm-yyyy")
		users = of("User")
		self.assertEqual(
			set(frappe.get_all("User", filters={"name": ("in", users)}, pluck="time_zone")) - {None, ""},
			{zone},
		)
		self.assertFalse(
			frappe.get_all(
				"Comment",
				filters={"reference_name": ("in", of("Assignment")), "content": ("like", "Invited %")},
			)
			if language == "nl"
			else []
		)


def system_settings() -> dict:
	"""The site's settings the demo may change, and the language default Frappe reads them into."""
	return {
		**{key: frappe.db.get_single_value("System Settings", key) for key in demo.BELGIAN_SITE},
		"lang default": frappe.db.get_default("lang"),
		"date_format default": frappe.db.get_default("date_format"),
	}


class TestDemoAndTheWizard(LEFTestCase):
	def test_remove_keeps_what_the_setup_wizard_chose_after_the_demo(self):
		if demo.registry():
			raise unittest.SkipTest("a demo is already on this site: remove it first")
		if frappe.db.get_single_value("System Settings", "setup_complete"):
			raise unittest.SkipTest("the setup wizard ran on this site already")
		before = system_settings()
		demo.create()
		try:
			# The forum runs the wizard now, for Belgium in Dutch (what the demo set, too).
			frappe.db.set_single_value("System Settings", "setup_complete", 1)
			frappe.db.commit()
		finally:
			demo.remove()
		try:
			self.assertEqual(frappe.db.get_single_value("System Settings", "language"), "nl")
			self.assertEqual(frappe.db.get_single_value("System Settings", "time_zone"), "Europe/Brussels")
		finally:
			frappe.db.set_single_value("System Settings", "setup_complete", 0)
			demo._system_settings({key: value for key, value in before.items() if key in demo.BELGIAN_SITE})
			frappe.db.commit()
		self.assertEqual(system_settings(), before)
