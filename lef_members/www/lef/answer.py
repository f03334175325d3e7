"""Guest page behind the one-click link in an invitation e-mail (/lef/answer?token=...).

Opening the page changes nothing (mail scanners open links too); the member confirms with
a button that posts the answer. An invalid, expired or used link shows the same kind of
message, whatever the reason, and nothing about who was invited.
"""

import frappe
from frappe import _

from lef_members.domain import tokens
from lef_members.lef_assignments.assignment_flow import session_lines
from lef_members.utilities import links
from lef_members.utilities.reader import for_reader

no_cache = 1


def get_context(context):
	context.title = _("Your answer")
	context.token = frappe.form_dict.get("token") or ""
	context.choice = (
		frappe.form_dict.get("answer") if frappe.form_dict.get("answer") in ("accept", "decline") else ""
	)
	context.error = None
	context.item = None
	try:
		claims = links.read(tokens.PURPOSE_INVITATION, context.token)
		invitation = frappe.db.get_value(
			"Assignment Expert",
			claims.subject,
			["assignment", "link_nonce", "link_used_on", "status"],
			as_dict=True,
		)
		if not invitation:
			raise tokens.InvalidToken()
		tokens.check_not_used(claims, used=bool(invitation.link_used_on), current_nonce=invitation.link_nonce)
		assignment = frappe.get_doc("Assignment", invitation.assignment)
		context.item = frappe._dict(
			title=assignment.title,
			place=_("Online") if assignment.location_type == "Online" else (assignment.municipality or ""),
			sessions=session_lines(assignment),
		)
	except tokens.InvalidToken as error:
		context.error = error.render(for_reader())
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context
