"""What a member does with their hour logs and statements in the portal (/lef/hours).

Members have no desk permission on Hour Log: every endpoint finds the member of the
logged-in user, refuses (with the same message) a log that is not theirs or does not
exist, and changes only the fields a member may change. The controller's checks (the
domain's hour-log rules) run on every save, as in the desk.
"""

from __future__ import annotations

import base64
import binascii

import frappe
from frappe import _
from frappe.utils import flt

from lef_members.api.portal import get_my_member
from lef_members.exceptions import read_json, throw_at_fields
from lef_members.lef_hours import hour_logs
from lef_members.utilities.printing import send_pdf

NUMBER_FIELDS = (
	"preparation_hours",
	"execution_hours",
	"travel_hours",
	"debrief_hours",
	"kilometres",
	"ticket_amount",
	"other_costs",
)
TRANSPORT_MODES = ("", "Car", "Motorbike", "Moped", "Bicycle", "Public transport", "On foot")
MAX_REMARKS = 2000
# A photo or scan of a receipt; larger files are refused before they reach the file store.
MAX_RECEIPT_BYTES = 5 * 1024 * 1024
RECEIPT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".heic", ".webp")


def _own_log(name: str, member: str, for_update: bool = False):
	"""The member's own log; the same refusal whether it is someone else's or does not exist."""
	row = frappe.db.get_value(
		"Hour Log", str(name or "")[:140], ["name", "member"], as_dict=True, for_update=for_update
	)
	if not row or row.member != member:
		frappe.throw(_("This hour log was not found among yours."), frappe.PermissionError)
	return frappe.get_doc("Hour Log", row.name)


def _editable(doc) -> None:
	if doc.docstatus != 0 or doc.status not in hour_logs.MEMBER_EDITABLE:
		frappe.throw(
			_(
				"This log is {0}: it can no longer be changed here. Contact the forum if something is wrong."
			).format(_(doc.status, context="Hour Log"))
		)


@frappe.whitelist(methods=["POST"])
def save_log(log: str | dict, submit_for_approval: int | str = 0, receipt: str | dict | None = None) -> dict:
	"""Create or change the member's own draft log; with ``submit_for_approval`` send it on.

	``receipt``: a file to attach (``{"filename": ..., "content": base64}``), stored private.
	"""
	data = read_json(log, _("The log could not be read. Reload the page and try again."))
	if not isinstance(data, dict):
		frappe.throw(_("The log could not be read. Reload the page and try again."))
	member = get_my_member()
	upload = (
		_read_receipt(read_json(receipt, _("The receipt could not be read. Choose the file again.")))
		if receipt
		else None
	)
	if data.get("name"):
		doc = _own_log(data["name"], member.name, for_update=True)
		_editable(doc)
	else:
		doc = frappe.new_doc("Hour Log")
		doc.member = member.name
	if "assignment" in data:
		doc.assignment = str(data.get("assignment") or "")[:140]
	if "session_date" in data:
		try:
			doc.session_date = frappe.utils.getdate(str(data.get("session_date") or "")) or None
		except Exception:
			throw_at_fields(
				[("session_date", _("{0} is not a date.").format(str(data.get("session_date"))[:20]))]
			)
	for field in NUMBER_FIELDS:
		if field in data:
			try:
				doc.set(field, flt(str(data.get(field) or 0).replace(",", "."), 2))
			except (TypeError, ValueError):
				throw_at_fields([(field, _("{0} must be a number.").format(_(doc.meta.get_label(field))))])
	if "transport_mode" in data:
		mode = str(data.get("transport_mode") or "")
		if mode not in TRANSPORT_MODES:
			throw_at_fields([("transport_mode", _("Unknown transport mode {0}.").format(mode[:40]))])
		doc.transport_mode = mode
	if "remarks" in data:
		doc.remarks = str(data.get("remarks") or "").strip()[:MAX_REMARKS]
	if doc.status == hour_logs.SENT_BACK:
		doc.status = hour_logs.DRAFT
	if frappe.utils.cint(submit_for_approval):
		doc.mark_submitted_for_approval()
	doc.flags.from_portal = True
	doc.flags.receipt_pending = bool(upload)
	doc.save(ignore_permissions=True)
	if upload:
		_attach_receipt(doc, *upload)
	message = (
		_("Your log was sent for approval.")
		if doc.status == hour_logs.SUBMITTED_FOR_APPROVAL
		else _("Your log was saved as a draft.")
	)
	return {"name": doc.name, "status": doc.status, "message": message}


@frappe.whitelist(methods=["POST"])
def submit_for_approval(name: str) -> dict:
	member = get_my_member()
	doc = _own_log(name, member.name, for_update=True)
	_editable(doc)
	doc.mark_submitted_for_approval()
	doc.flags.from_portal = True
	doc.save(ignore_permissions=True)
	return {"name": doc.name, "status": doc.status, "message": _("Your log was sent for approval.")}


@frappe.whitelist(methods=["POST"])
def delete_log(name: str) -> dict:
	member = get_my_member()
	doc = _own_log(name, member.name, for_update=True)
	_editable(doc)
	frappe.delete_doc("Hour Log", doc.name, ignore_permissions=True)
	return {"message": _("The draft was deleted.")}


@frappe.whitelist(methods=["POST"])
def amend_log(name: str) -> dict:
	"""A new draft that corrects the member's own cancelled log."""
	member = get_my_member()
	doc = _own_log(name, member.name)
	if doc.docstatus != 2:
		frappe.throw(_("Only a cancelled log can be corrected with a new one."))
	if frappe.db.exists("Hour Log", {"amended_from": doc.name, "docstatus": ("<", 2)}):
		frappe.throw(_("This log was already corrected."))
	amended = frappe.copy_doc(doc)
	amended.docstatus = 0
	amended.amended_from = doc.name
	amended.status = hour_logs.DRAFT
	amended.receipt = doc.receipt
	amended.flags.from_portal = True
	amended.insert(ignore_permissions=True)
	return {"name": amended.name, "message": _("A corrected draft was made; change it and send it again.")}


def _read_receipt(receipt) -> tuple[str, bytes]:
	"""A receipt sent from the form: ``{"filename": ..., "content": base64}``, checked."""
	if not isinstance(receipt, dict):
		frappe.throw(_("The file could not be read. Try again."))
	filename = str(receipt.get("filename") or "").strip().replace("/", "_").replace("\\", "_")[-100:]
	if not filename.lower().endswith(RECEIPT_EXTENSIONS):
		frappe.throw(_("Attach the receipt as a PDF or a photo (JPG, PNG, HEIC or WEBP)."))
	try:
		payload = base64.b64decode(str(receipt.get("content") or "").split(",")[-1], validate=True)
	except (binascii.Error, ValueError):
		frappe.throw(_("The file could not be read. Try again."))
	if not payload:
		frappe.throw(_("The file is empty."))
	if len(payload) > MAX_RECEIPT_BYTES:
		frappe.throw(_("The file is too large: at most 5 MB."))
	return filename, payload


def _attach_receipt(doc, filename: str, payload: bytes) -> None:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": filename,
			"attached_to_doctype": "Hour Log",
			"attached_to_name": doc.name,
			"attached_to_field": "receipt",
			"is_private": 1,
			"content": payload,
		}
	)
	file.save(ignore_permissions=True)
	doc.db_set("receipt", file.file_url)


@frappe.whitelist()
def statement(name: str) -> None:
	"""The member's own allowance statement of a submitted payout, as a PDF."""
	member = get_my_member()
	row = frappe.db.get_value(
		"Allowance Payout Member", str(name or "")[:140], ["name", "member", "payout"], as_dict=True
	)
	if (
		not row
		or row.member != member.name
		or frappe.db.get_value("Allowance Payout", row.payout, "docstatus") != 1
	):
		frappe.throw(_("This statement was not found among yours."), frappe.PermissionError)
	# The member has no desk permission; ownership was checked just above. In the member's
	# language (the statement's notes were written in it), else the format's.
	lang = member.preferred_language or frappe.db.get_value(
		"Print Format", "Allowance Statement", "default_print_language"
	)
	send_pdf(
		"Allowance Payout Member",
		row.name,
		"Allowance Statement",
		lang or "nl",
		f"{row.payout}-{member.name}.pdf",
	)


# ------------------------------------------------------------ received elsewhere

ELSEWHERE_FIELDS = ("year", "organisation", "days", "amount", "kilometres", "note")


def _own_elsewhere(name: str, member: str):
	"""The member's own record; the same refusal whether it is someone else's or does not exist."""
	row = frappe.db.get_value(
		"Allowance Received Elsewhere", str(name or "")[:140], ["name", "member"], as_dict=True
	)
	if not row or row.member != member:
		frappe.throw(_("This record was not found among yours."), frappe.PermissionError)
	return frappe.get_doc("Allowance Received Elsewhere", row.name)


@frappe.whitelist(methods=["POST"])
def save_elsewhere(record: str | dict) -> dict:
	"""Record (or change) an allowance the member received from another organisation this year
	or an earlier one: it counts toward their ceilings here too. Only their own records."""
	member = get_my_member()
	values = read_json(record, _("Fill in the form to record an allowance received elsewhere."))
	if not isinstance(values, dict):
		frappe.throw(_("Fill in the form to record an allowance received elsewhere."))
	name = values.get("name")
	doc = _own_elsewhere(name, member.name) if name else frappe.new_doc("Allowance Received Elsewhere")
	clean = {}
	for field in ELSEWHERE_FIELDS:
		value = values.get(field)
		if field in ("organisation", "note"):
			clean[field] = str(value or "").strip()[: 140 if field == "organisation" else 2000]
		else:
			try:
				clean[field] = flt(value) if field in ("amount", "kilometres") else int(flt(value))
			except (TypeError, ValueError):
				frappe.throw(_("{0} must be a number.").format(_(frappe.unscrub(field))))
	doc.update(clean)
	doc.member = member.name
	doc.recorded_by_member = 1
	doc.flags.ignore_permissions = True
	doc.save()
	return {"name": doc.name, "message": _("Saved. It counts toward your yearly room.")}


@frappe.whitelist(methods=["POST"])
def delete_elsewhere(name: str) -> dict:
	member = get_my_member()
	doc = _own_elsewhere(name, member.name)
	doc.delete(ignore_permissions=True)
	return {"message": _("Deleted.")}
