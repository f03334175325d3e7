"""Which doors of the site a caller from outside the forum may use.

The app opens the site to people who are not staff: Guest (the request form, the signed links of
our e-mails, the calendar feed), members (role ``LEF Member``) and organisations' contact persons
(role ``LEF Organisation``). Frappe and every other installed app whitelist hundreds of methods
and open a REST door on every DocType; most check permissions, some do not (link titles, likes,
tags). So for our portal users and Guest the site is closed by default: a call reaches the code
only when it is on :data:`DOORS`, with the reason it must be open. Staff (desk users) are out of
this: their permissions are Frappe's.

Website users of other apps (an ERPNext customer, say) keep their own portal: they are not closed
by default, but no call of theirs may name one of our records, our DocTypes or our people's
contacts (:func:`names_ours` is the first half of that; the site looks the names up).

Plain values in, a verdict out: ``lef_members/security/gate.py`` reads the request and asks here.
See docs/threat-model.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lef_members.domain.errors import _

GUEST = "guest"
MEMBER = "member"
ORGANISATION = "organisation"

MEMBER_ROLE = "LEF Member"
ORGANISATION_ROLE = "LEF Organisation"
PORTAL_ROLES = {MEMBER_ROLE: MEMBER, ORGANISATION_ROLE: ORGANISATION}

# Who the caller is, for the gate.
STAFF = "staff"  # a desk user: Frappe's permissions decide
CLOSED = "closed"  # Guest, or a website user with one of our roles: only the doors below
OUTSIDER = "outsider"  # a website user of another app: open, but never on our records

ALL = frozenset({GUEST, MEMBER, ORGANISATION})
LOGGED_IN = frozenset({MEMBER, ORGANISATION})

REFUSAL = _("This is not open to your account.")


@dataclass(frozen=True)
class Door:
	"""What a request asks for: a ``method`` by its dotted name, or a ``resource`` (REST) door."""

	kind: str  # "method", "resource" or "page" (a website route: not a door of the API)
	name: str = ""


@dataclass(frozen=True)
class Opening:
	who: frozenset[str]
	why: str


def _open(who, why: str) -> Opening:
	return Opening(frozenset(who), why)


# Every door a caller of ours may use, with the reason it must be open. A new portal endpoint
# is added here on purpose; tests/test_portal_doors.py fails when a page of ours calls a method
# that is not listed, or when a listed method of ours is gone.
DOORS: dict[str, Opening] = {
	# --- Frappe: logging in and out, passwords, the session -----------------------------------
	"login": _open(ALL, "Frappe's login form posts here (also the second step of two-factor login)."),
	"frappe.handler.logout": _open(LOGGED_IN, "Logging out from the portal's menu."),
	"frappe.handler.web_logout": _open(LOGGED_IN, "The website's own logout link."),
	"frappe.core.doctype.user.user.reset_password": _open(
		ALL,
		"The login page's 'Forgot password' (a member who forgot it); our"
		" lef_members.security.accounts.reset_password runs instead, naming nobody.",
	),
	"lef_members.security.accounts.reset_password": _open(
		ALL, "The same 'Forgot password' by its own name: it refuses that, so no second rate limit."
	),
	"frappe.core.doctype.user.user.update_password": _open(
		ALL, "/update-password: choosing a password from the welcome or reset mail, or changing it."
	),
	"frappe.core.doctype.user.user.test_password_strength": _open(
		ALL, "/update-password shows how strong the new password is."
	),
	"frappe.www.login.send_login_link": _open(ALL, "Login by e-mail link, when the site offers it."),
	"frappe.www.login.login_via_key": _open(ALL, "The e-mail login link itself."),
	"frappe.core.doctype.user.user.sign_up": _open(
		{GUEST}, "The login page's sign-up, which the site refuses itself when sign-up is off."
	),
	"frappe.auth.get_logged_user": _open(ALL, "Who is logged in (a page asks after login)."),
	"frappe.realtime.get_user_info": _open(
		LOGGED_IN, "The live-update server asks who the browser's session belongs to (the caller only)."
	),
	"frappe.website.doctype.website_settings.website_settings.get_auto_account_deletion": _open(
		LOGGED_IN, "/me asks whether an account deletion request is possible."
	),
	"frappe.handler.ping": _open(ALL, "A health check that returns 'pong' and reads nothing."),
	# --- The public request form (a Frappe Web Form) -------------------------------------------
	"frappe.website.doctype.web_form.web_form.accept": _open(
		ALL, "Sending the request form (our lef_members.lef_requests.guest.web_form.accept runs instead)."
	),
	"lef_members.lef_requests.guest.web_form.accept": _open(
		ALL, "The same accept, called by its own name (the form posts to Frappe's name above)."
	),
	"lef_members.lef_requests.guest.web_form.check": _open(
		ALL, "The request form asks the server's checks before sending (stores nothing)."
	),
	# --- Signed links in our e-mails, usable without a login -----------------------------------
	"lef_members.api.invitations.respond_by_link": _open(
		ALL, "A member answers an invitation from its mail."
	),
	"lef_members.api.evaluation.submit": _open(ALL, "An organisation evaluates the work (signed link)."),
	"lef_members.api.organisation.answer_question": _open(
		ALL, "An organisation answers the coordinator's question on its request page."
	),
	"lef_members.api.organisation.ask_change": _open(
		ALL, "An organisation asks a change or a cancellation on its request page."
	),
	"lef_members.api.organisation.create_login": _open(ALL, "The request page's 'Make a login for me'."),
	"lef_members.api.organisation.billing_statement": _open(
		ALL, "An organisation downloads its billing statement (signed link or its login)."
	),
	"lef_members.api.calendar.feed": _open(ALL, "A calendar app reads a member's secret feed address."),
	# --- The member's portal ---------------------------------------------------------------------
	"lef_members.api.portal.save_profile": _open({MEMBER}, "/lef/profile saves the member's own profile."),
	"lef_members.api.portal.year_overview_pdf": _open({MEMBER}, "/lef/overview as a PDF."),
	"lef_members.api.privacy.withdraw_consent": _open({MEMBER}, "/lef/profile: withdrawing consent."),
	"lef_members.api.calendar.reset_feed": _open({MEMBER}, "/lef/profile: a new calendar address."),
	"lef_members.api.hours.save_log": _open({MEMBER}, "/lef/hours: logging hours."),
	"lef_members.api.hours.submit_for_approval": _open({MEMBER}, "/lef/hours: sending a log for approval."),
	"lef_members.api.hours.delete_log": _open({MEMBER}, "/lef/hours: deleting a draft log."),
	"lef_members.api.hours.amend_log": _open({MEMBER}, "/lef/hours: correcting a log sent back."),
	"lef_members.api.hours.statement": _open({MEMBER}, "/lef/hours: the member's allowance statement PDF."),
	"lef_members.api.hours.save_elsewhere": _open(
		{MEMBER}, "/lef/hours: allowances received from other organisations."
	),
	"lef_members.api.hours.delete_elsewhere": _open({MEMBER}, "/lef/hours: removing such an entry."),
	"lef_members.api.invitations.respond": _open({MEMBER}, "/lef/invitations: accept or decline."),
	"lef_members.api.invitations.send_debrief": _open({MEMBER}, "/lef/invitations: how the work went."),
	"lef_members.api.training.enrol": _open({MEMBER}, "/lef/trainings: enrolling in a session."),
	"lef_members.api.training.withdraw": _open({MEMBER}, "/lef/trainings: withdrawing from it."),
	"lef_members.api.training.certificate": _open({MEMBER}, "/lef/trainings: the member's certificate PDF."),
}

# Calls that no website user may make on anything, whatever app they belong to: they write
# Frappe's bookkeeping (likes, tags, comments, assignments, shares) or list documents across
# DocTypes without a permission check (a tag's documents, the documents linked to a record).
CLOSED_TO_WEBSITE_USERS = (
	"frappe.desk.like.",
	"frappe.desk.doctype.tag.tag.",
	"frappe.desk.tags.",
	"frappe.desk.form.linked_with.",
	"frappe.desk.form.assign_to.",
	"frappe.desk.form.utils.add_comment",
	"frappe.desk.form.utils.update_comment",
	"frappe.templates.includes.comments.comments.add_comment",
	"frappe.share.",
	"frappe.desk.form.document_follow.",
	"frappe.desk.search.get_link_title",
	"frappe.desk.reportview.",
	"frappe.desk.query_report.",
	"frappe.desk.form.load.get_docinfo",
	"frappe.desk.form.activity.",
	"frappe.client.attach_file",
	# Desk tools and the settings of integrations: no website page calls them (a site that is an
	# OAuth provider for website users opens ``frappe.integrations.oauth2.*`` on purpose).
	"frappe.custom.",
	"frappe.desk.treeview.",
	"frappe.integrations.",
	# ERPNext's desk tools that no portal page calls (imports, bank statements, the CRM bridge,
	# video statistics, the projects' daily reminder job): they answer a website user's call with
	# a server error.
	"erpnext.edi.",
	"erpnext.projects.doctype.project_update.project_update.",
	"erpnext.accounts.doctype.bank_transaction.bank_transaction_upload.",
	"erpnext.crm.frappe_crm_api.",
	"erpnext.utilities.doctype.video.",
	# Frappe CRM is the desk's only (its pages are for desk users): some of its methods list every
	# contact, user and organisation without a permission check (``crm.api.session.*``).
	"crm.",
)
# Any app's tree views add a node through a method of this name (the desk's tree view).
CLOSED_SUFFIXES = (".add_node",)

# A method named without a dot is one of frappe.handler's (``/api/method/logout``).
_HANDLER_NAMES = {"logout", "web_logout", "uploadfile", "upload_file", "version", "ping", "run_doc_method"}

_METHOD = re.compile(r"^/api(?:/v[12])?/method/(?P<first>[^/]+)(?:/(?P<second>[^/]+))?/*$")


def door_of(path: str, cmd: str | None = None) -> Door:
	"""The door a request knocks on: from Frappe's legacy ``cmd`` form value, else from the path.

	``/api/v2/method/<doctype>/<method>`` runs a document's method: a resource door.
	"""
	if cmd:
		return Door("method", normal_method(cmd))
	path = path or ""
	if not path.startswith("/api/") and path != "/api":
		return Door("page", path)
	found = _METHOD.match(path)
	if found and not found.group("second"):
		return Door("method", normal_method(found.group("first")))
	return Door("resource", path)


def normal_method(name: str) -> str:
	name = (name or "").strip()
	if name in _HANDLER_NAMES:
		return f"frappe.handler.{name}"
	return name


def audience(user: str, user_type: str | None, roles) -> tuple[str, frozenset[str]]:
	"""(kind, who) for a caller: STAFF, CLOSED (with which of GUEST/MEMBER/ORGANISATION) or OUTSIDER."""
	if not user or user == "Guest":
		return CLOSED, frozenset({GUEST})
	if user == "Administrator" or user_type == "System User":
		return STAFF, frozenset()
	ours = frozenset(PORTAL_ROLES[r] for r in roles or () if r in PORTAL_ROLES)
	if ours:
		return CLOSED, ours
	return OUTSIDER, frozenset()


def is_open(door: Door, who: frozenset[str], extra: frozenset[str] = frozenset()) -> bool:
	"""May a closed caller (Guest, a member, an organisation) use ``door``?

	``extra`` holds the methods the site's owner opened on purpose (site config
	``lef_portal_extra_methods``, for another app's guest pages): open to Guest and portal users.
	"""
	if door.kind == "page":
		return True
	if door.kind != "method":
		return False
	if door.name in extra:
		return True
	opening = DOORS.get(door.name)
	return bool(opening and opening.who & who)


def is_ours(door: Door) -> bool:
	"""A method of this app (the web form's accept runs ours instead of Frappe's)."""
	return door.kind == "method" and (
		door.name.startswith("lef_members.") or door.name == "frappe.website.doctype.web_form.web_form.accept"
	)


def closed_to_website_users(door: Door, extra: frozenset[str] = frozenset()) -> bool:
	"""Doors no website user of any app may use (they write or list without a check, or are the
	desk's); ``extra``: what the site's owner opened on purpose."""
	if door.kind != "method" or door.name in extra:
		return False
	name = door.name
	if name.endswith(CLOSED_SUFFIXES):
		return True
	return any(
		name == prefix or (prefix.endswith(".") and name.startswith(prefix))
		for prefix in CLOSED_TO_WEBSITE_USERS
	)


# --- what a request names -------------------------------------------------------------------------

MAX_STRINGS = 200
MAX_DEPTH = 6


def strings_in(value, limit: int = MAX_STRINGS) -> list[str]:
	"""Every string a request carries (JSON in a string is opened), at most ``limit`` of them."""
	found: list[str] = []

	def walk(item, depth: int) -> None:
		if len(found) >= limit or depth > MAX_DEPTH:
			return
		if isinstance(item, dict):
			for key, sub in item.items():
				walk(key, depth + 1)
				walk(sub, depth + 1)
		elif isinstance(item, list | tuple | set):
			for sub in item:
				walk(sub, depth + 1)
		elif isinstance(item, bytes):
			walk(item.decode("utf-8", "replace"), depth)
		elif isinstance(item, str):
			text = item.strip()
			if not text:
				return
			found.append(text)
			if text[0] in "[{" and len(text) < 100_000:
				try:
					walk(json.loads(text), depth + 1)
				except ValueError:
					pass
		elif item is not None and not isinstance(item, bool | int | float):
			found.append(str(item))

	walk(value, 0)
	return found[:limit]


def names_ours(values, doctypes, prefixes) -> bool:
	"""Does a request name one of our DocTypes, or a record by one of our naming series?

	``doctypes``: the app's DocType names; ``prefixes``: the fixed parts of their naming series
	(``LEF-MEM-``). A path such as ``/api/resource/Hour Log/LEF-HRS-...`` is one of the values.
	"""
	doctype_set = {d.lower() for d in doctypes}
	prefix_tuple = tuple(p.lower() for p in prefixes if p)
	for text in values:
		low = text.lower()
		if low in doctype_set:
			return True
		if prefix_tuple and low.startswith(prefix_tuple):
			return True
		if low.startswith("/api/"):
			parts = [p for p in low.split("/") if p]
			if any(p.replace("%20", " ") in doctype_set for p in parts):
				return True
	return False


def series_prefix(series: str) -> str:
	"""The fixed start of a naming series: ``LEF-REQ-.YYYY.-`` -> ``LEF-REQ-``."""
	head = (series or "").split(".", 1)[0]
	return head if len(head) >= 4 else ""
