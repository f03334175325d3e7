"""What the organisation does on its page, and what follows when staff answer.

- Answering the coordinator's question: the answer lands on the request as a comment, the request
  goes back to In Review and the coordinator is told.
- Asking for a change or a cancellation: an Organisation Change Request that staff decide on;
  nothing changes by itself. Staff's answer is mailed and shown on the page; agreeing to a
  cancellation cancels the request (or its assignment).
- A login for the contact person, when the forum offers it (or staff give it from the desk).

Each runs in the request's transaction: a refusal leaves nothing behind.
"""

import frappe
from frappe import _, _lt
from frappe.utils import get_url_to_form, now_datetime

from lef_members.domain import assignments as asg
from lef_members.domain import organisation_view as view
from lef_members.domain import triage
from lef_members.domain.errors import DomainError
from lef_members.lef_members.doctype.expert_by_experience.expert_by_experience import (
	queue_welcome_mail,
)
from lef_members.lef_requests.organisations import access
from lef_members.lef_requests.organisations.page import load, login_offered
from lef_members.utilities import notify

CHANGE = "Organisation Change Request"
ANSWER = "Request Answer"
SUBJECT_ANSWERED = _lt("Request {reference}: the organisation answered")
SUBJECT_CHANGE_ASKED = _lt("Request {reference}: the organisation asks: {kind}")
SUBJECT_CHANGE_ANSWERED = _lt("Your request {reference}: our answer")


def _locked(request: str):
	frappe.db.get_value(access.REQUEST, request, "name", for_update=True)
	return frappe.get_doc(access.REQUEST, request)


def _coordinators(doc) -> list[str]:
	return notify.coordinators(doc.coordinator) if doc.coordinator else notify.coordinators()


def answer_question(request: str, message) -> None:
	"""The organisation's answer to the coordinator's question (raises DomainError when refused).

	Stored as a Request Answer, which the page shows; a note on the request's timeline tells staff.
	"""
	doc = _locked(request)
	text = view.check_answer(doc.status, message)
	answered_by = doc.contact_person or doc.organisation_name
	frappe.get_doc(
		{
			"doctype": ANSWER,
			"expert_request": doc.name,
			"question": doc.message_to_requester or "",
			"answer": text,
			"answered_on": now_datetime(),
			"answered_by": answered_by,
		}
	).insert(ignore_permissions=True)
	doc.add_comment("Info", _("{0} answered: {1}").format(answered_by, frappe.utils.escape_html(text)))
	doc.status = triage.IN_REVIEW
	doc.flags.ignore_permissions = True
	doc.save()
	notify.send(
		_coordinators(doc),
		SUBJECT_ANSWERED,
		"request_answered",
		{
			"reference": doc.name,
			"title": doc.title,
			"organisation_name": doc.organisation_name,
			"question": doc.message_to_requester or "",
			"answer": text,
			"url": get_url_to_form(access.REQUEST, doc.name),
		},
		lang=frappe.db.get_default("lang"),
		reference_doctype=access.REQUEST,
		reference_name=doc.name,
	)


def pending_changes(request: str) -> int:
	return frappe.db.count(CHANGE, {"expert_request": request, "status": view.PENDING})


def ask_change(request: str, kind, details) -> str:
	"""Store the organisation's change request or cancellation for staff; returns its name."""
	doc = _locked(request)
	assignment_status = (
		frappe.db.get_value("Assignment", doc.assignment, "status") if doc.assignment else None
	)
	kind, text = view.check_change(doc.status, assignment_status, kind, details, pending_changes(doc.name))
	change = frappe.get_doc(
		{
			"doctype": CHANGE,
			"expert_request": doc.name,
			"organisation_name": doc.organisation_name,
			"assignment": doc.assignment,
			"kind": kind,
			"details": text,
			"asked_on": now_datetime(),
			"status": view.PENDING,
		}
	)
	change.insert(ignore_permissions=True)
	coordinator = (
		frappe.db.get_value("Assignment", doc.assignment, "coordinator") if doc.assignment else None
	) or doc.coordinator
	notify.send(
		notify.coordinators(coordinator) if coordinator else notify.coordinators(),
		SUBJECT_CHANGE_ASKED,
		"request_change_asked",
		{
			"reference": doc.name,
			"title": doc.title,
			"organisation_name": doc.organisation_name,
			"kind": _(kind),
			"details": text,
			"url": get_url_to_form(CHANGE, change.name),
		},
		lang=frappe.db.get_default("lang"),
		reference_doctype=CHANGE,
		reference_name=change.name,
	)
	return change.name


def after_decision(change) -> None:
	"""Staff answered a change request: carry out an agreed cancellation, tell the organisation."""
	request = frappe.get_doc(access.REQUEST, change.expert_request)
	if change.status == view.AGREED and change.kind == view.CANCELLATION:
		cancel(request, change.details)
	notify.send(
		request.email,
		SUBJECT_CHANGE_ANSWERED,
		"request_change_answered",
		{
			"reference": request.name,
			"title": request.title,
			"contact_person": request.contact_person,
			"kind": _(change.kind),
			"agreed": change.status == view.AGREED,
			"answer": change.answer,
			"request_url": access.page_url(request.name, request.reply_language),
		},
		lang=request.reply_language,
		reference_doctype=access.REQUEST,
		reference_name=request.name,
	)


def cancel(request, reason: str) -> None:
	"""Cancel on the organisation's word (staff agreed): the assignment, or the request itself."""
	if request.assignment:
		assignment = frappe.get_doc("Assignment", request.assignment)
		if assignment.status in (asg.COMPLETED, asg.CLOSED, asg.CANCELLED):
			return
		assignment.flags.ignore_permissions = True
		assignment.cancel_assignment(_("Cancelled by the organisation: {0}").format(reason))
		return
	if request.status in (triage.ACCEPTED, triage.DECLINED):
		return
	request.status = triage.DECLINED
	request.decline_reason = view.CANCELLED_BY_ORGANISATION
	request.message_to_requester = reason
	request.flags.ignore_permissions = True
	request.save()


# --- logins -------------------------------------------------------------------------------------


def ensure_login(contact: str, organisation: str, how: str = "By staff") -> tuple[str, bool]:
	"""A website user with role LEF Organisation for ``contact``; (user, created).

	The contact must be one of ``organisation``'s and have an e-mail address. An existing user of
	that address is linked and given the role only when it is a website user: a staff account is
	never turned into an organisation's.
	"""
	links = frappe.get_all(
		"Dynamic Link",
		filters={
			"parenttype": "Contact",
			"parent": contact,
			"link_doctype": access.ORGANISATION,
			"link_name": organisation,
		},
		limit=1,
	)
	if not links:
		raise DomainError(
			_("{contact} is not a contact person of this organisation."), field="contact", contact=contact
		)
	person = frappe.db.get_value(
		"Contact", contact, ["email_id", "first_name", "last_name", "user"], as_dict=True
	)
	email = (person.email_id or "").strip()
	if not email:
		raise DomainError(_("The contact person has no e-mail address."), field="contact")
	user = person.user or frappe.db.get_value("User", {"email": email}, "name")
	created = False
	if user:
		user_doc = frappe.get_doc("User", user)
		if user_doc.user_type != "Website User":
			raise DomainError(
				_("{email} is a staff account; give the organisation's contact person another address."),
				field="contact",
				email=email,
			)
		if access.ROLE not in {r.role for r in user_doc.roles}:
			user_doc.append("roles", {"role": access.ROLE})
			user_doc.save(ignore_permissions=True)
	else:
		user_doc = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": person.first_name or email.split("@")[0],
				"last_name": person.last_name,
				"user_type": "Website User",
				"send_welcome_email": 0,
				"roles": [{"role": access.ROLE}],
			}
		)
		user_doc.flags.no_welcome_mail = True
		user_doc.insert(ignore_permissions=True)
		user = user_doc.name
		created = True
	if person.user != user:
		frappe.db.set_value("Contact", contact, "user", user)
	record_login(organisation, contact, user, how)
	if created:
		queue_welcome_mail(user_doc)
	return user, created


def login_by_link(request: str) -> tuple[str, bool]:
	"""The login the page offers (LEF Settings), for the accepted request's contact person."""
	row, _assignment = load(request)
	if not login_offered(row):
		raise DomainError(_("A login is not offered for this request."), field="login")
	return ensure_login(row.contact, row.organisation, "Offered on the request page")


def record_login(organisation: str, contact: str, user: str, how: str) -> None:
	"""Write which organisation the login acts for (once per organisation and user)."""
	if frappe.db.exists(access.LOGIN, {"organisation": organisation, "user": user}):
		return
	frappe.get_doc(
		{
			"doctype": access.LOGIN,
			"organisation": organisation,
			"contact": contact,
			"user": user,
			"given_on": now_datetime(),
			"given_by": frappe.session.user,
			"how": how,
		}
	).insert(ignore_permissions=True)
