# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe

from lef_members.tests import LEFTestCase


def create_care_network(name: str, ranges: list[tuple[int, int]] = ()):
	return frappe.get_doc(
		{
			"doctype": "Care Network",
			"network_name": name,
			"postcode_ranges": [{"from_postcode": a, "to_postcode": b} for a, b in ranges],
		}
	).insert(ignore_permissions=True)


class TestCareNetwork(LEFTestCase):
	def test_ranges_that_overlap_are_refused(self):
		with self.assertRaises(frappe.ValidationError) as caught:
			create_care_network("Test Network Overlap", [(3600, 3650), (3640, 3700)])
		self.assertIn("3600-3650", str(caught.exception))
		self.assertFalse(frappe.db.exists("Care Network", "Test Network Overlap"))

	def test_a_range_that_ends_before_it_starts_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			create_care_network("Test Network Reversed", [(3700, 3600)])

	def test_adjacent_ranges_are_fine(self):
		network = create_care_network("Test Network Adjacent", [(3600, 3650), (3651, 3700)])
		self.assertEqual(len(network.postcode_ranges), 2)
