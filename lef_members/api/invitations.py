"""Members' answers to invitations: from the portal (logged in) or a signed one-click link.

The signed-link endpoint is open to Guest: it needs a valid, unexpired, unused token and
is rate limited per IP, because a link can be guessed at only by trying many. Its replies
are the same whatever is wrong with a token, so nothing tells whether a member or an
invitation exists.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from lef_members.api.portal import get_my_member
from lef_members.domain import assignments as asg
from lef_members.domain.tokens import InvalidToken
from lef_members.lef_assignments import assignment_flow
from lef_members.utilities.reader import for_reader

ANSWERS = {"accept": asg.ACCEPTED, "decline": asg.DECLINED, "withdraw": asg.WITHDRAWN}


def _own_invitation(invitation: str) -> str:
	"""The invitation's name if it belongs to the logged-in member; the same refusal otherwise."""
	member = get_my_member()
	if not invitation or frappe.db.get_value("Assignment Expert", str(invitation), "member") != member.name:
		frappe.throw(_("This invitation is not yours or does not exist."), frappe.PermissionError)
	return str(invitation)


@frappe.whitelist(methods=["POST"])
def respond(invitation: str, answer: str, reason: str | None = None) -> dict:
	"""Accept, decline or withdraw from the portal."""
	name = _own_invitation(invitation)
	if answer not in ANSWERS:
		frappe.throw(_("Choose yes, no, or that you can no longer come."))
	status = assignment_flow.answer(name, ANSWERS[answer], reason)
	return {"status": status, "message": _("Thank you, your answer was recorded.")}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)  # a person answers a handful of links; guessing needs thousands
def respond_by_link(token: str = "", answer: str = "", reason: str | None = None) -> dict:
	# Defaults: a request missing a field gets the same "link not valid" refusal, never a server error.
	"""Accept or decline through the signed link in the invitation e-mail (works once)."""
	try:
		status = assignment_flow.answer_by_link(token, answer, reason)
	except InvalidToken as error:
		frappe.throw(error.render(for_reader()), title=_("Link not valid"))
	return {"status": status, "message": _("Thank you, your answer was recorded.")}


@frappe.whitelist(methods=["POST"])
def send_debrief(invitation: str, wellbeing: str, notes: str | None = None) -> dict:
	"""The member's answer to "how did it go?" after an assignment."""
	assignment_flow.debrief(_own_invitation(invitation), wellbeing, notes)
	return {"message": _("Thank you. A coordinator reads this; if you asked to talk, they will contact you.")}
