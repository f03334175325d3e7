"""Which request a caller may see: through the signed link of its e-mails, or logged in as a
contact person of the organisation (an Organisation Login row, which only staff and the app write).

The link is reusable while it is valid (every e-mail the organisation gets carries a fresh one,
valid for :data:`LINK_DAYS`); it names the request and carries the request's ``page_nonce``.
Clearing that nonce (anonymising the request does) makes every link sent so far refused.
A tampered, replaced or expired link, or one for a request that does not exist, gets one and the
same refusal, so a link never tells whether a request exists.
"""

import frappe
from frappe import _

from lef_members.domain import tokens
from lef_members.utilities import links
from lef_members.utilities.reader import for_reader

REQUEST = "Expert Request"
ORGANISATION = "Commissioning Organisation"
ROLE = "LEF Organisation"
LOGIN = "Organisation Login"
LINK_DAYS = 180
PAGE = "/lef/request"


class NotYours(frappe.PermissionError):
	"""A logged-in organisation asked for a request that is not theirs (or does not exist)."""


def refusal() -> str:
	return tokens.InvalidToken().render(for_reader())


def page_url(request: str, lang: str | None = None) -> str:
	"""A fresh signed link to the request's page (made with the request's stored nonce)."""
	nonce = frappe.db.get_value(REQUEST, request, "page_nonce")
	if not nonce:
		# A request made before the nonce came with it: the first to store one wins (a job and a
		# page may ask at once), and every link is made with what is stored.
		frappe.db.sql(
			"update `tabExpert Request` set page_nonce = %s where name = %s and ifnull(page_nonce, '') = ''",
			(tokens.new_nonce(), request),
		)
		nonce = frappe.db.get_value(REQUEST, request, "page_nonce", for_update=True)
	token = links.make(tokens.PURPOSE_REQUEST, request, nonce, LINK_DAYS)
	return links.url(PAGE, token, **({"_lang": lang} if lang else {}))


def page_url_for_assignment(assignment: str) -> str:
	"""The page of the request an assignment came from; empty for an assignment made in the desk."""
	row = frappe.db.get_value(REQUEST, {"assignment": assignment}, ["name", "reply_language"], as_dict=True)
	return page_url(row.name, row.reply_language) if row else ""


def request_from_token(token) -> str:
	"""The request a valid link opens; :class:`tokens.InvalidToken` (one message) otherwise."""
	try:
		claims = links.read(tokens.PURPOSE_REQUEST, token)
		row = frappe.db.get_value(
			REQUEST, claims.subject, ["name", "page_nonce", "anonymised_on"], as_dict=True
		)
		if not row or row.anonymised_on or not row.page_nonce:
			raise tokens.InvalidToken()
		tokens.check_not_used(claims, used=False, current_nonce=row.page_nonce)
	except tokens.InvalidToken:
		raise tokens.InvalidToken() from None  # expired or replaced reads as any other refusal
	return row.name


def is_organisation_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user != "Guest" and ROLE in frappe.get_roles(user)


def organisations_of(user: str | None = None) -> list[str]:
	"""The organisations ``user``'s login acts for: the Organisation Login rows staff's button or
	the request page's login offer wrote. Never read from a Contact or its links, which a website
	user could make."""
	user = user or frappe.session.user
	if not is_organisation_user(user):
		return []
	return sorted(set(frappe.get_all(LOGIN, filters={"user": user}, pluck="organisation")))


def requests_of(user: str | None = None) -> list[str]:
	"""Every request of the user's organisations, and those the user sent before being linked."""
	user = user or frappe.session.user
	organisations = organisations_of(user)
	if not organisations:
		return []
	request = frappe.qb.DocType(REQUEST)
	email = (frappe.db.get_value("User", user, "email") or user).lower()
	return (
		frappe.qb.from_(request)
		.select(request.name)
		.where(
			request.organisation.isin(organisations)
			| (request.organisation.isnull() & (request.email == email))
		)
		.where(request.anonymised_on.isnull())
		.orderby(request.creation, order=frappe.qb.desc)
		.run(pluck=True)
	)


def request_for_user(name, user: str | None = None) -> str:
	"""The request when it is one of the user's organisation; :class:`NotYours` otherwise."""
	name = str(name or "")[:140]
	if not name or name not in set(requests_of(user)):
		raise NotYours(_("This request was not found among your organisation's requests."))
	return name


def resolve(token=None, name=None) -> tuple[str, str]:
	"""(request, how) for the caller: ``"link"`` with a token, ``"login"`` for an organisation user.

	Raises :class:`tokens.InvalidToken` for a bad link, :class:`NotYours` for a request that is
	not the logged-in organisation's, and :class:`frappe.PermissionError` for anyone else.
	"""
	if token:
		return request_from_token(token), "link"
	if is_organisation_user():
		return request_for_user(name), "login"
	raise tokens.InvalidToken()
