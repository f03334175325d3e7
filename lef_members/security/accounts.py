"""Frappe's account doors, closed where they tell an outsider about a person.

"Forgot password" takes any e-mail address, from anyone. Frappe 16 answers it with the account
holder's full name ("sent to {name}'s email"), and both lines answer an unknown address with
404 "not found" and a disabled account with "disabled": whoever knows an address would learn
whether its owner is a member of a forum of experts by experience, and on 16 their name. Here
every address gets the same answer, which names nobody; the mail, the checks and the rate limit
stay Frappe's.
"""

import frappe
from frappe import _

FRAPPES = "frappe.core.doctype.user.user.reset_password"


@frappe.whitelist(allow_guest=True, methods=["POST"])
def reset_password(user: str):
	from frappe.core.doctype.user.user import reset_password as frappe_reset_password

	# Only as Frappe's door (hooks.py): called by its own name, Frappe's rate limit would count
	# it apart, and the same address could be tried twice as often.
	request = getattr(frappe.local, "request", None)
	if not request or not request.path.rstrip("/").endswith("/" + FRAPPES):
		frappe.throw(_("This is not open to your account."), frappe.PermissionError)
	frappe_reset_password(user=user)  # "not found", "disabled", "not allowed" or a message
	frappe.local.response.pop("http_status_code", None)  # 404 for an unknown address
	frappe.clear_messages()
	frappe.msgprint(  # our own wording in Dutch and French, hence the context
		_("Password reset instructions have been sent to your email", context="lef_members"),
		title=_("Password Email Sent", context="lef_members"),
	)
