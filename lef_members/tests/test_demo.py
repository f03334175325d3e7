"""The demo forum: built once, every state present, and removed without a trace."""

from __future__ import annotations

import unittest

import frappe

from lef_members import demo
from lef_members.tests import LEFTestCase

OTHERS = ("User", "Contact", "Comment", "Version", "Email Queue", "Notification Log", "Error Log")


def counts() -> dict[str, int]:
	doctypes = frappe.get_all(
		"DocType", filters={"module": "LEF Members", "istable": 0, "issingle": 0}, pluck="name"
	)
	return {doctype: frappe.db.count(doctype) for doctype in (*sorted(doctypes), *OTHERS)}


class TestDemo(LEFTestCase):
	def test_create_twice_adds_nothing_and_remove_leaves_the_counts_as_before(self):
		if demo.registry():
			raise unittest.SkipTest("a demo is already on this site: remove it first")
		before = counts()
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
			self.assertTrue(
				frappe.db.exists(
					"Allowance Payout",
					{
						"name": ("in", [n for d, n in demo.registry() if d == "Allowance Payout"]),
						"docstatus": 1,
					},
				)
			)
			self.assertEqual(made["Billing Statement"], 3)
			after_create = counts()
			self.assertEqual(demo.create(), made)  # a second run adds nothing
			self.assertEqual(counts(), after_create)
		finally:
			demo.remove()
		self.assertEqual(counts(), before)
		self.assertEqual(demo.registry(), [])
