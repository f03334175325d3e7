"""What the organisation's request page shows: built once here for the page and its tests.

Only what the organisation gave or may read: its own request, the stage in plain words, the
coordinator's question or reason, the sessions, the experts coming as the confirmation names
them (first name, and a theme only where the member lets us), its own answers and change
requests with the forum's answers, the evaluation form and the issued billing statements.
"""

import frappe
from frappe import _
from frappe.utils import format_datetime

from lef_members.domain import organisation_view as view
from lef_members.domain import tokens
from lef_members.lef_assignments.assignment_flow import EVALUATION_VALID_DAYS, session_lines
from lef_members.lef_members import privacy
from lef_members.lef_requests.organisations import access
from lef_members.utilities import links, reader

CHANGE = "Organisation Change Request"

REQUEST_FIELDS = (
	"name",
	"title",
	"organisation_name",
	"contact_person",
	"email",
	"status",
	"creation",
	"assignment",
	"message_to_requester",
	"decline_reason",
	"location_type",
	"city",
	"reply_language",
	"contact",
	"organisation",
)
ASSIGNMENT_FIELDS = (
	"name",
	"status",
	"title",
	"location_type",
	"municipality",
	"cancel_reason",
	"evaluated_on",
	"evaluation_nonce",
	"contact",
)


def load(request: str):
	row = frappe.db.get_value(access.REQUEST, request, REQUEST_FIELDS, as_dict=True)
	assignment = (
		frappe.db.get_value("Assignment", row.assignment, ASSIGNMENT_FIELDS, as_dict=True)
		if row.assignment
		else None
	)
	return row, assignment


def stage_of(row, assignment) -> view.Stage:
	return view.stage(row.status, assignment.status if assignment else None, row.decline_reason)


def context(request: str, how: str, token: str = "") -> dict:
	"""Everything the page shows for ``request``, opened by ``how`` ("link" or "login")."""
	row, assignment = load(request)
	stage = stage_of(row, assignment)
	assignment_status = assignment.status if assignment else None
	doc = None
	if assignment:
		doc = frappe.get_doc("Assignment", assignment.name)
	return frappe._dict(
		reference=row.name,
		title=row.title,
		organisation_name=row.organisation_name,
		contact_person=row.contact_person,
		sent_on=reader.lef_date(row.creation),
		stage=frappe._dict(
			key=stage.key,
			label=_(stage.label, context="lef_members"),
			explanation=_(stage.explanation),
			step=stage.step,
		),
		path=[
			{
				"label": _(view.LABELS[key], context="lef_members"),
				"done": stage.step > index,
				"current": stage.step == index,
			}
			for index, key in enumerate(view.PATH, start=1)
		],
		question=row.message_to_requester if view.may_answer(row.status) else "",
		declined=frappe._dict(reason=_(row.decline_reason or ""), message=row.message_to_requester or "")
		if stage.key == view.DECLINED
		else None,
		cancel_reason=(assignment.cancel_reason or "") if assignment_status == "Cancelled" else "",
		place=place(row, assignment),
		sessions=session_lines(doc) if doc else requested_dates(request),
		experts=privacy.lef_experts_for_organisation(doc)
		if doc and view.shows_experts(assignment_status)
		else [],
		shows_experts=view.shows_experts(assignment_status),
		may_answer=view.may_answer(row.status),
		may_change=view.may_ask_change(row.status, assignment_status),
		change_kinds=[{"value": kind, "label": _(kind)} for kind in view.CHANGE_KINDS],
		answers=own_answers(request),
		changes=changes(request),
		evaluation_url=evaluation_url(assignment),
		evaluated=bool(assignment and assignment.evaluated_on),
		statements=statements(assignment.name) if assignment else [],
		offer_login=how == "link" and login_offered(row),
		how=how,
	)


def place(row, assignment) -> str:
	location_type = assignment.location_type if assignment else row.location_type
	if location_type == "Online":
		return _("Online")
	return (assignment.municipality if assignment else row.city) or ""


def requested_dates(request: str) -> list[str]:
	rows = frappe.get_all(
		"Expert Request Date",
		filters={"parent": request, "parenttype": access.REQUEST},
		fields=["session_date", "start_time", "end_time"],
		order_by="session_date asc, start_time asc",
	)
	return [
		f"{reader.lef_date(r.session_date)} {reader.lef_time(r.start_time)}-{reader.lef_time(r.end_time)}"
		if r.start_time and r.end_time
		else reader.lef_date(r.session_date)
		for r in rows
	]


def own_answers(request: str) -> list[dict]:
	"""The organisation's answers to the coordinator's questions, oldest first: the Request Answers
	its page made (never comments, which anyone logged in could post)."""
	return [
		{"on": format_datetime(a.answered_on or a.creation), "text": a.answer}
		for a in frappe.get_all(
			"Request Answer",
			filters={"expert_request": request},
			fields=["answer", "answered_on", "creation"],
			order_by="creation asc",
		)
	]


def changes(request: str) -> list[dict]:
	return [
		{
			"kind": _(c.kind),
			"details": c.details,
			"status": _(c.status),
			"pending": c.status == view.PENDING,
			"answer": c.answer or "",
			"asked_on": format_datetime(c.asked_on or c.creation),
		}
		for c in frappe.get_all(
			CHANGE,
			filters={"expert_request": request},
			fields=["kind", "details", "status", "answer", "asked_on", "creation"],
			order_by="creation asc",
		)
	]


def evaluation_url(assignment) -> str:
	if not assignment or not view.may_evaluate(
		assignment.status, bool(assignment.evaluated_on), bool(assignment.evaluation_nonce)
	):
		return ""
	token = links.make(
		tokens.PURPOSE_EVALUATION, assignment.name, assignment.evaluation_nonce, EVALUATION_VALID_DAYS
	)
	return links.relative("/lef/evaluate", token)  # a link on the page itself


def statements(assignment: str) -> list[dict]:
	"""Issued (submitted) billing statements of the assignment; drafts and cancelled ones are not shown."""
	return [
		{
			"name": s.name,
			"date": reader.lef_date(s.posting_date),
			"total": reader.lef_money(s.total),
		}
		for s in frappe.get_all(
			"Billing Statement",
			filters={"assignment": assignment, "docstatus": 1},
			fields=["name", "posting_date", "total"],
			order_by="posting_date asc, name asc",
		)
	]


def login_offered(row) -> bool:
	"""The forum offers a login once the request is accepted, to a contact who has none yet."""
	if not frappe.db.get_single_value("LEF Settings", "offer_organisation_login"):
		return False
	if row.status != "Accepted" or not row.contact or not row.organisation:
		return False
	return not frappe.db.exists(access.LOGIN, {"organisation": row.organisation, "contact": row.contact})
