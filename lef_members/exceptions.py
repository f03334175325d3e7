"""Exceptions raised on the site, and the bridge from domain errors to frappe.throw.

Each class is a :class:`frappe.ValidationError` so the desk and the REST API show the
message and roll back; tests assert the class with ``assertRaises``.
"""

import frappe
from frappe import _
from frappe.utils import escape_html

from lef_members.domain.errors import DomainError
from lef_members.utilities.reader import for_reader


class MemberStatusError(frappe.ValidationError):
	pass


class DuplicateMemberError(frappe.ValidationError):
	pass


class InvalidIdentifierError(frappe.ValidationError):
	pass


class PortalUserError(frappe.ValidationError):
	pass


class EnrolmentError(frappe.ValidationError):
	"""An enrolment in a training session that the rules refuse (status, session, twice)."""


class PrerequisiteError(frappe.ValidationError):
	"""A member enrolling in a course whose prerequisites they have not passed."""


class TrainingResultError(frappe.ValidationError):
	"""A result that does not fit the enrolment or its attendance."""


class TrainingCatalogueError(frappe.ValidationError):
	"""A training course or session that breaks the catalogue's rules (circles, dates)."""


class RequestInvalidError(frappe.ValidationError):
	"""A request from the public form (or the desk) with fields the checks refuse."""


class RequestStatusError(frappe.ValidationError):
	"""A triage step the request's status does not allow (or that lacks its reason or message)."""


class OrganisationError(frappe.ValidationError):
	"""A commissioning organisation that would duplicate another one, or has a malformed number."""


def throw_at_fields(problems: list[tuple[str | None, str]], exc=frappe.ValidationError, title=None) -> None:
	"""Refuse with every problem in one message, and name the field each one is about in the
	reply (``field_errors``: ``[{field, message}]``), so a portal page can show each message at
	its field. ``problems`` are ``(fieldname or None, message in the user's language)``."""
	frappe.local.response["field_errors"] = [
		{"field": field, "message": message} for field, message in problems if field
	]
	frappe.throw("<br>".join(escape_html(message) for _field, message in problems), exc, title=title)


def throw_domain_error(
	error: DomainError, exc: type[Exception] = frappe.ValidationError, title: str | None = None
) -> None:
	"""Show a domain error in the user's language and stop (nothing is saved)."""
	if error.field:
		throw_at_fields([(error.field, error.render(for_reader()))], exc, title=title or _("Not saved"))
	frappe.throw(error.render(for_reader()), exc, title=title or _("Not saved"))


def read_json(value, message: str):
	"""A JSON argument of a request, parsed; a value that is not JSON is refused with ``message``
	(a 417 with the reader's words, never a 500)."""
	if not isinstance(value, str):
		return value
	try:
		return frappe.parse_json(value)
	except ValueError:
		frappe.throw(message)
