"""Triage of requests from the desk: thin endpoints over the Expert Request controller.

Each checks that the caller may change the request, then lets the controller do the work
(the rules live in ``domain/triage.py``). None is open to Guest: organisations reach the
app only through the public web form.
"""

import frappe
from frappe import _

REQUEST = "Expert Request"


def _request_to_change(name: str):
	doc = frappe.get_doc(REQUEST, name)
	doc.check_permission("write")
	return doc


@frappe.whitelist(methods=["POST"])
def start_review(name: str) -> str:
	doc = _request_to_change(name)
	doc.start_review()
	return doc.status


@frappe.whitelist(methods=["POST"])
def ask_for_info(name: str, message: str) -> str:
	doc = _request_to_change(name)
	doc.ask_for_info(message)
	return doc.status


@frappe.whitelist(methods=["POST"])
def decline(name: str, reason: str, message: str | None = None) -> str:
	doc = _request_to_change(name)
	doc.decline(reason, message or "")
	return doc.status


@frappe.whitelist(methods=["POST"])
def accept(name: str) -> dict:
	"""Turn the request into a Draft assignment, linking or creating organisation and contact."""
	doc = _request_to_change(name)
	if not frappe.has_permission("Assignment", "create"):
		frappe.throw(_("You may not create assignments."), frappe.PermissionError)
	assignment = doc.accept()
	return {
		"assignment": assignment,
		"organisation": doc.organisation,
		"contact": doc.contact,
		"how": doc.organisation_match,
	}


@frappe.whitelist(methods=["POST"])
def check_vat(name: str) -> dict:
	"""Ask the EU's VIES service about the request's VAT number; an unreachable service is reported."""
	doc = _request_to_change(name)
	return doc.check_vat_number()


@frappe.whitelist()
def suggest_themes(name: str) -> list[str]:
	"""Experience themes named in the organisation's own words, for the coordinator to confirm."""
	doc = frappe.get_doc(REQUEST, name)
	doc.check_permission("read")
	return doc.suggested_themes()
