"""Frappe's web form endpoint, wrapped (``override_whitelisted_methods`` in hooks.py).

Frappe's ``accept`` parses ``data`` and copies the form's fields onto a new record; malformed
data (not JSON, a list, a table that is not rows) makes it fail with a server error before
any of our checks run. For the app's own forms this wrapper checks the envelope first
(:func:`lef_members.domain.guest.check_envelope`), applies the app's hourly limits per
address, e-mail address, organisation and site, and only then hands the clean data to
the steps of Frappe's own ``accept`` (its per-address limit included: see :func:`_store`).
Other apps' forms get only the check that the data is a JSON object, and pass through
Frappe's ``accept`` unchanged.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from lef_members.domain.errors import DomainError
from lef_members.domain.guest import EnvelopeError, check_envelope
from lef_members.lef_requests.doctype.expert_request.expert_request import FORM_FIELDS
from lef_members.lef_requests.guest import limits
from lef_members.utilities.reader import for_reader


def _request_form_fields() -> tuple[str, ...]:
	return FORM_FIELDS


# The app's own forms: the fields their record takes from the form (the controller clears any
# other), and the table fields with their row fields. From code, not the Web Form record: a
# post then reads no form definition (its 30-odd rows cost more than the rest of our checks).
OWN_FORMS = {
	"request-an-expert": {
		"fields": _request_form_fields,
		"tables": {"dates": ("session_date", "start_time", "end_time")},
	}
}


@frappe.whitelist(allow_guest=True, methods=["POST"])
def accept(web_form: str | None = None, data: str | None = None, **_ignored):
	from frappe.website.doctype.web_form.web_form import accept as frappe_accept

	if not isinstance(web_form, str) or not web_form:
		frappe.throw(_("This form does not exist."), frappe.DoesNotExistError)
	if web_form not in OWN_FORMS:
		# A form no app has is a 404 on either line (Frappe 16 answers 403 for it).
		if not frappe.db.exists("Web Form", web_form):
			frappe.throw(_("This form does not exist."), frappe.DoesNotExistError)
		_json_object(data, web_form)
		return frappe_accept(web_form=web_form, data=data)

	form = OWN_FORMS[web_form]
	try:
		clean = check_envelope(data, form["fields"](), form["tables"])
	except EnvelopeError as error:
		_throw(error, web_form)
	counted = limits.check_and_count(clean)  # 429 beyond a limit: nothing stored
	result = _store(web_form, clean, form["fields"]())
	limits.count_stored(counted)
	return result


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=120, seconds=60 * 60)
def check(web_form: str | None = None, data: str | None = None) -> list[dict]:
	"""What the server would refuse in a filled-in form, before it is sent: ``[{field, message}]``.

	The form page ties each message to its field (an enterprise number that fails its check
	digits, dates in the past) instead of showing one dialog. Nothing is stored or counted;
	``accept`` checks everything again.
	"""
	if not isinstance(web_form, str) or web_form not in OWN_FORMS:
		frappe.throw(_("This form does not exist."), frappe.DoesNotExistError)
	form = OWN_FORMS[web_form]
	try:
		clean = check_envelope(data, form["fields"](), form["tables"])
	except EnvelopeError as error:
		_throw(error, web_form)
	doctype = frappe.db.get_value("Web Form", web_form, "doc_type")
	if not doctype:
		frappe.throw(_("This form does not exist."), frappe.DoesNotExistError)
	doc = frappe.new_doc(doctype)
	for fieldname in form["fields"]():
		doc.set(fieldname, clean.get(fieldname, ""))
	return doc.form_problems()


@rate_limit(key="web_form", limit=10, seconds=60)  # Frappe's own limit on its accept, kept as is
def _store(web_form: str, clean: dict, fields: tuple[str, ...]):
	"""What Frappe's ``accept`` does with a new record, for the app's own forms.

	The same steps in the same order (anonymous forms store as Guest, a form that needs a login
	refuses Guest, ``in_web_form`` set, each form field copied, inserted without permission
	checks, the record returned), but the form's settings come in one query instead of loading
	the Web Form with its 30-odd field rows, which cost a post more than all our checks. Our
	forms take no files and never edit a record (the envelope check drops ``name``).
	"""
	form = frappe.db.get_value(
		"Web Form", web_form, ["doc_type", "anonymous", "login_required"], as_dict=True
	)
	if not form:
		frappe.throw(_("This form does not exist."), frappe.DoesNotExistError)
	user = frappe.session.user
	if form.anonymous and frappe.session.user != "Guest":
		frappe.session.user = "Guest"
	frappe.flags.in_web_form = True
	doc = frappe.new_doc(form.doc_type)
	for fieldname in fields:
		doc.set(fieldname, clean.get(fieldname, ""))
	if form.login_required and frappe.session.user == "Guest":
		frappe.throw(_("You must login to submit this form"))
	doc.insert(ignore_permissions=True)
	if form.anonymous and frappe.session.user == "Guest" and user:
		frappe.session.user = user
	frappe.flags.web_form_doc = doc
	return doc


def _json_object(data, web_form: str) -> None:
	try:
		parsed = json.loads(data) if isinstance(data, str | bytes) else data
	except ValueError:
		parsed = None
	if not isinstance(parsed, dict):
		frappe.throw(_("The form could not be read. Fill it in again and send it."), title=_("Not sent"))


def _throw(error: DomainError, web_form: str) -> None:
	if "label" in error.params:
		# The label the visitor saw, in their language (read only when there is an error).
		rows = frappe.get_all(
			"Web Form Field", filters={"parent": web_form}, fields=["fieldname", "label"], order_by="idx"
		)
		labels = {row.fieldname: row.label or frappe.unscrub(row.fieldname) for row in rows}
		error.params["label"] = _(labels.get(error.params["label"], error.params["label"]))
	frappe.throw(error.render(for_reader()), frappe.ValidationError, title=_("Not sent"))
