"""Who the desk offers the LEF workspace to: the apps screen, v16's desktop icon and the
login's landing page all ask this (``add_to_apps_screen`` in hooks.py)."""

import frappe

# The roles the LEF workspace is shown to (lef_members/lef_members/workspace/lef/lef.json).
DESK_ROLES = frozenset({"LEF Coordinator", "LEF Finance", "System Manager"})


def can_open_desk() -> bool:
	"""Staff with a LEF desk role; never Guest, a member or an organisation. Frappe lands a
	user on the one app it offers after login, so a wrong yes would send a member to the desk."""
	if frappe.session.user == "Guest":
		return False
	return bool(DESK_ROLES & set(frappe.get_roles()))
