"""What a member does with trainings in the portal: enrol in an open session, withdraw, fetch
their certificate. Only their own enrolments, found through their own member record.

Members have no desk permissions on the training DocTypes. Each endpoint finds the member of
the logged-in user (:func:`lef_members.api.portal.get_my_member`) and acts on that member's
enrolments only; the rules (open session, prerequisites, who may enrol, places and the waiting
list) run in the Training Enrollment controller as for a coordinator, with ``by_member`` set.
"""

import frappe
from frappe import _

from lef_members.api.portal import get_my_member
from lef_members.domain import training as rules
from lef_members.lef_training.doctype.training_enrollment.training_enrollment import withdraw_enrolment
from lef_members.utilities.printing import send_pdf

MAX_NAME = 140


@frappe.whitelist(methods=["POST"])
def enrol(session: str) -> dict:
	"""Enrol the logged-in member in an open session: a place, or the waiting list when full."""
	member = get_my_member()
	session = _name(session)
	if not frappe.db.exists("Training Session", session):
		frappe.throw(_("This session does not exist (any more)."), frappe.DoesNotExistError)
	doc = frappe.get_doc(
		{"doctype": "Training Enrollment", "member": member.name, "training_session": session}
	)
	doc.flags.by_member = True
	doc.insert(ignore_permissions=True)
	decision = doc.flags.decision
	if doc.status == rules.WAITLISTED:
		message = _("The session is full: you are on the waiting list at position {0}.").format(
			decision.position
		)
	else:
		message = _("You are enrolled.")
	return {"name": doc.name, "status": doc.status, "position": decision.position, "message": message}


@frappe.whitelist(methods=["POST"])
def withdraw(enrollment: str) -> dict:
	"""Withdraw the logged-in member's own enrolment before the session starts."""
	name = _own_enrollment(enrollment)
	withdraw_enrolment(name, by_coordinator=False)
	return {
		"name": name,
		"status": rules.WITHDRAWN,
		"message": _("You withdrew. Thank you for letting us know."),
	}


@frappe.whitelist()
def certificate(enrollment: str) -> None:
	"""The member's own certificate as a PDF (the Training Certificate print format)."""
	member = get_my_member()
	name = _own_enrollment(enrollment, member=member.name)
	if frappe.db.get_value("Training Enrollment", name, "result") != rules.PASSED:
		frappe.throw(_("This enrolment did not lead to a certificate."), frappe.PermissionError)
	# The member has no desk read permission; ownership was checked just above.
	send_pdf("Training Enrollment", name, "Training Certificate", member.preferred_language, f"{name}.pdf")


def _own_enrollment(enrollment: str, member: str | None = None) -> str:
	"""The enrolment's name when it belongs to the logged-in member; the same refusal otherwise,
	whether it belongs to someone else or does not exist.
	"""
	member = member or get_my_member().name
	name = _name(enrollment)
	if not name or frappe.db.get_value("Training Enrollment", name, "member") != member:
		frappe.throw(_("This is not one of your enrolments."), frappe.PermissionError)
	return name


def _name(value) -> str:
	value = str(value or "").strip()
	if not value or len(value) > MAX_NAME:
		frappe.throw(_("The request could not be read. Reload the page and try again."))
	return value
