"""Coordinator endpoints on assignments: find experts, invite them."""

import frappe
from frappe import _

from lef_members.exceptions import read_json
from lef_members.lef_assignments import assignment_flow


def _assignment_for(action: str, name: str):
	doc = frappe.get_doc("Assignment", name)
	doc.check_permission(action)
	return doc


@frappe.whitelist(methods=["GET", "POST"])
def find_experts(assignment: str, include_excluded: int | str = 0) -> list[dict]:
	"""The members ranked for an assignment, each with a score and the reasons."""
	doc = _assignment_for("write", assignment)
	return assignment_flow.rank(doc, include_excluded=bool(int(include_excluded or 0)))


@frappe.whitelist(methods=["POST"])
def invite(assignment: str, members: str | list) -> dict:
	"""Invite the chosen members; returns who was invited and who was not, with why."""
	_assignment_for("write", assignment)
	chosen = read_json(members, _("Choose the members to invite."))
	if not isinstance(chosen, list) or not all(isinstance(m, str) for m in chosen) or not chosen:
		frappe.throw(_("Choose at least one member to invite."))
	return assignment_flow.invite(assignment, chosen)
