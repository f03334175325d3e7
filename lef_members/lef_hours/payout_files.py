"""Files that come out of a submitted allowance payout: the SEPA credit-transfer file.

Every member statement with an amount to pay and a valid IBAN goes into one pain.001 file
(through :mod:`lef_members.integrations.sepa`); the others are listed with the reason on
the payout and on their statement, never guessed.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from lef_members.domain.errors import DomainError
from lef_members.integrations import sepa
from lef_members.lef_hours.payouts import dec
from lef_members.utilities.reader import for_reader


def make_sepa_file(payout) -> dict:
	if payout.docstatus != 1:
		frappe.throw(_("Submit the payout before making the transfer file."))
	settings = frappe.get_cached_doc("LEF Settings")
	if not settings.forum_iban:
		frappe.throw(_("Enter the forum's IBAN in LEF Settings first."))
	rows = frappe.get_all(
		"Allowance Payout Member",
		filters={"payout": payout.name, "error": ("in", ("", None)), "paid": (">", 0)},
		fields=["name", "member", "member_name", "account_holder", "iban", "paid"],
		order_by="member asc",
	)
	lines = [
		sepa.TransferLine(
			member=row.member,
			name=row.account_holder or row.member_name or "",
			iban=row.iban,
			amount=dec(row.paid),
			end_to_end_id=f"{payout.name}-{row.member}"[:35],
			remittance=_("Allowance {0} to {1}").format(
				frappe.utils.formatdate(payout.from_date), frappe.utils.formatdate(payout.to_date)
			),
		)
		for row in rows
	]
	try:
		result = sepa.build_credit_transfer(
			settings.forum_name or "LEF",
			settings.forum_iban,
			lines,
			getdate(payout.execution_date or today()),
			debtor_bic=settings.forum_bic or None,
		)
	except DomainError as error:
		frappe.throw(error.render(for_reader()))
	by_member = {row.member: row.name for row in rows}
	status = {line.member: _("In the SEPA file") for line in result.included}
	for skipped in result.skipped:
		status[skipped.line.member] = skipped.render(for_reader())
	for member, text in status.items():
		frappe.db.set_value("Allowance Payout Member", by_member[member], "transfer_status", text)
	file_url = None
	if result.xml:
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{payout.name}-sepa.xml",
				"attached_to_doctype": "Allowance Payout",
				"attached_to_name": payout.name,
				"attached_to_field": "sepa_file",
				"is_private": 1,
				"content": result.xml,
			}
		).insert(ignore_permissions=True)
		file_url = file.file_url
	skipped_text = "\n".join(skipped.render(for_reader()) for skipped in result.skipped) or None
	payout.db_set(
		{
			"sepa_file": file_url,
			"sepa_count": result.count,
			"sepa_total": result.control_sum,
			"sepa_skipped": skipped_text,
		}
	)
	return {
		"file_url": file_url,
		"count": result.count,
		"total": str(result.control_sum),
		"skipped": [skipped.render(for_reader()) for skipped in result.skipped],
	}
