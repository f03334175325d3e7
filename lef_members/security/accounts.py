"""Frappe's account doors, closed where they tell an outsider about a person.

"Forgot password" takes any e-mail address, from anyone. Frappe 16 answers it with the account
holder's full name ("sent to {name}'s email"): whoever knows an address would learn the name of
the member behind it, and that they are a member of a forum of experts by experience. The answer
here is Frappe 15's, which names nobody; the mail, the checks and the rate limit stay Frappe's.
"""

import frappe
from frappe import _


@frappe.whitelist(allow_guest=True, methods=["POST"])
def reset_password(user: str):
	from frappe.core.doctype.user.user import reset_password as frappe_reset_password

	answer = frappe_reset_password(user=user)
	if frappe.local.message_log:  # the mail went out, and Frappe said to whom
		frappe.clear_messages()
		frappe.msgprint(  # our own wording in Dutch and French, hence the context
			_("Password reset instructions have been sent to your email", context="lef_members"),
			title=_("Password Email Sent", context="lef_members"),
		)
	return answer
