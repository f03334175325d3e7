"""The organisation's request page: thin endpoints over ``organisations/``.

Open to Guest with the page's signed link (``token``), or to a logged-in organisation user with
the request's ``name``. A bad link gets one refusal whatever is wrong with it; a request that is
not the organisation's gets one refusal whether it exists or not. Guest doors are rate limited.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from lef_members.domain.errors import DomainError
from lef_members.domain.tokens import InvalidToken
from lef_members.exceptions import throw_domain_error
from lef_members.lef_requests.organisations import access, actions
from lef_members.utilities.printing import send_pdf

HOUR = 60 * 60


def _request(token, name) -> tuple[str, str]:
	try:
		return access.resolve(str(token or "")[:600] or None, name)
	except InvalidToken:
		frappe.throw(access.refusal(), frappe.PermissionError, title=_("Link not valid"))
	except access.NotYours as error:
		frappe.throw(str(error), frappe.PermissionError, title=_("Not found"))


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=HOUR)
def answer_question(token: str = "", name: str = "", message: str | None = None) -> dict:
	request, _how = _request(token, name)
	try:
		actions.answer_question(request, message)
	except DomainError as error:
		throw_domain_error(error, title=_("Not sent"))
	return {"message": _("Thank you. Your answer was sent to the coordinator.")}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=30, seconds=HOUR)
def ask_change(token: str = "", name: str = "", kind: str = "", details: str | None = None) -> dict:
	request, _how = _request(token, name)
	try:
		actions.ask_change(request, kind, details)
	except DomainError as error:
		throw_domain_error(error, title=_("Not sent"))
	return {"message": _("Thank you. The forum will answer you here and by e-mail.")}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=5, seconds=HOUR)
def create_login(token: str = "") -> dict:
	"""The login the page offers (LEF Settings) for the contact person of an accepted request."""
	request, _how = _request(token, None)
	try:
		_user, created = actions.login_by_link(request)
	except DomainError as error:
		throw_domain_error(error, title=_("No login made"))
	if created:
		return {"message": _("Your login was made. We sent you an e-mail to choose a password.")}
	return {"message": _("You already have a login. Log in with your e-mail address.")}


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=60, seconds=HOUR)
def billing_statement(token: str = "", name: str = "", statement: str = "") -> None:
	"""An issued billing statement of the request's assignment, as PDF in the organisation's language."""
	request, _how = _request(token, name)
	row = frappe.db.get_value(access.REQUEST, request, ["assignment", "reply_language"], as_dict=True)
	found = frappe.db.get_value(
		"Billing Statement",
		{"name": str(statement or "")[:140], "assignment": row.assignment or "-", "docstatus": 1},
		"name",
	)
	if not row.assignment or not found:
		frappe.throw(_("This billing statement was not found for your request."), frappe.PermissionError)
	# The organisation has no desk permission; the statement's request was checked just above.
	send_pdf("Billing Statement", found, "Billing Statement", row.reply_language, f"{found}.pdf")


@frappe.whitelist(methods=["POST"])
def give_login(organisation: str, contact: str) -> dict:
	"""Staff: give a contact person of the organisation a website login (role LEF Organisation)."""
	# Coordinators may do this without the right to create users: the account made is only ever a
	# website user with the one role LEF Organisation, for a contact person of this organisation.
	frappe.get_doc(access.ORGANISATION, str(organisation or "")[:140]).check_permission("write")
	try:
		user, created = actions.ensure_login(contact, organisation)
	except DomainError as error:
		throw_domain_error(error, title=_("No login made"))
	return {"user": user, "created": created}
