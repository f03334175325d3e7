"""Retention of requests: a closed request keeps what statistics need and loses its personal
data after the period set in LEF Settings (daily job), and every trace of it (versions,
comments, mails)."""

import frappe
from frappe.utils import get_datetime, getdate, now_datetime, today

from lef_members.domain import triage
from lef_members.lef_members.privacy import each_under_savepoint, remove_traces

# Personal data removed when a closed request is anonymised after the retention period.
PERSONAL_FIELDS = (
	"contact_person",
	"email",
	"phone",
	"description",
	"audience",
	"themes",
	"heard_from",
	"fee_expectation",
	"message_to_requester",
)


def anonymise(request) -> None:
	"""Remove the personal data of a closed request; keep what statistics need.

	The request's own fields are emptied, and so are the traces it left: its version
	history, comments, e-mails and the queued copies of those e-mails.
	"""
	values = {fieldname: None for fieldname in PERSONAL_FIELDS}
	values.update(
		{
			"email": "",
			"contact_person": "",
			"description": "",
			"anonymised_on": now_datetime(),
			"page_nonce": None,  # every link to the request's page is refused from now on
		}
	)
	request.db_set(values, update_modified=False)
	# The organisation's address may have other requests: only the mails about this one go.
	remove_traces(request.doctype, request.name)


def anonymise_old_requests() -> dict | None:
	"""Daily: anonymise Accepted and Declined requests older than the retention period.

	Idempotent: anonymised requests are skipped, so a rerun after a crash only finishes
	what was left.
	"""
	months = frappe.db.get_single_value("LEF Settings", "request_retention_months")
	cutoff = triage.retention_cutoff(getdate(today()), months or 0)
	if cutoff is None:
		return
	names = frappe.get_all(
		"Expert Request",
		filters={
			"status": ("in", (triage.ACCEPTED, triage.DECLINED)),
			"modified": ("<", get_datetime(cutoff)),
			"anonymised_on": ("is", "not set"),
		},
		pluck="name",
	)
	# One request at a time under a savepoint: one that fails is logged and retried tomorrow.
	return each_under_savepoint(
		"Expert Request",
		names,
		lambda name: anonymise(frappe.get_doc("Expert Request", name)),
		"lef_members: could not anonymise a request",
	)
