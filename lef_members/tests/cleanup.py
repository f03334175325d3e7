"""Removing what a test that commits made for members: their logs, invitations, assignments, payouts
and users. Shared by the tests that go over HTTP or through a browser."""

import frappe


def remove_members(members=(), users=(), payouts=()):
	for payout in payouts:
		frappe.db.delete("Allowance Payout Line", {"payout": payout})
		frappe.db.delete("Allowance Payout Member", {"payout": payout})
		frappe.db.delete("Allowance Payout", {"name": payout})
	for member in members:
		assignments = frappe.get_all("Assignment Expert", filters={"member": member}, pluck="assignment")
		frappe.db.delete("Hour Log", {"member": member})
		frappe.db.delete("Assignment Expert", {"member": member})
		for assignment in assignments:
			frappe.delete_doc("Assignment", assignment, force=True, ignore_permissions=True)
		user = frappe.db.get_value("Expert by Experience", member, "user")
		for doctype in ("Expert Availability Slot", "Expert Theme"):
			frappe.db.delete(doctype, {"parent": member})
		frappe.db.delete("Expert by Experience", {"name": member})
		users = (*users, user) if user else users
	for user in users:
		frappe.db.delete("Has Role", {"parent": user})
		frappe.db.delete("User", {"name": user})
	frappe.db.commit()
