"""Exceptions raised on the site, and the bridge from domain errors to frappe.throw.

Each class is a :class:`frappe.ValidationError` so the desk and the REST API show the
message and roll back; tests assert the class with ``assertRaises``.
"""

import frappe
from frappe import _

from lef_members.domain.errors import DomainError


class MemberStatusError(frappe.ValidationError):
	pass


class DuplicateMemberError(frappe.ValidationError):
	pass


class InvalidIdentifierError(frappe.ValidationError):
	pass


class PortalUserError(frappe.ValidationError):
	pass


def throw_domain_error(
	error: DomainError, exc: type[Exception] = frappe.ValidationError, title: str | None = None
) -> None:
	"""Show a domain error in the user's language and stop (nothing is saved)."""
	frappe.throw(error.render(_), exc, title=title or _("Not saved"))
