"""Write the matching profile of every member (domain.profile); until then matching reads the
child tables of members without one, so this only makes "Find experts" fast, never different."""

import frappe

from lef_members.lef_members.doctype.expert_by_experience.expert_by_experience import (
	refresh_matching_profile,
)


def execute():
	for name in frappe.get_all(
		"Expert by Experience", filters={"matching_profile": ("is", "not set")}, pluck="name"
	):
		refresh_matching_profile(name)
