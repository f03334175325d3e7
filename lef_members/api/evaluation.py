"""The organisation's evaluation of an assignment, through its signed link (Guest)."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from lef_members.domain.tokens import InvalidToken
from lef_members.lef_assignments import assignment_flow
from lef_members.utilities.reader import for_reader


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)  # one organisation sends one evaluation; more is guessing or abuse
def submit(token: str = "", rating: int | str = 0, comment: str | None = None, share: int | str = 0) -> dict:
	# Defaults: a request missing a field gets the same refusal, never a server error.
	try:
		assignment_flow.evaluate(token, rating, comment, share)
	except InvalidToken as error:
		frappe.throw(error.render(for_reader()), title=_("Link not valid"))
	return {"message": _("Thank you for your evaluation.")}
