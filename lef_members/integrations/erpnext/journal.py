"""A submitted payout in the books (optional, LEF Settings): one draft Journal Entry debiting each
regime's volunteer-allowance expense account and crediting the account the payouts are paid
from, with the payout's reference; equal to the payout to the cent (``domain/invoicing.py``).
Cancelling the payout deletes the draft entry, or cancels it once submitted. ERPNext's refusal
never blocks the payout: the reason is stored on it and logged.
"""

import frappe
from frappe import _

from lef_members.domain import invoicing
from lef_members.domain.errors import DomainError
from lef_members.integrations.erpnext import settings
from lef_members.integrations.erpnext.common import attempt, is_active

ENTRY = "Journal Entry"


def wanted() -> bool:
	return is_active() and bool(settings.lef("erpnext_payout_journal"))


def make_journal_entry(payout) -> str | None:
	if not wanted():
		return None
	name, reason = attempt("lef_payout_journal", build, payout)
	if reason:
		frappe.log_error(title=f"lef_members: no Journal Entry for payout {payout.name}", message=reason)
		payout.db_set({"journal_entry": None, "journal_error": reason})
		frappe.msgprint(
			_("The payout was submitted, but ERPNext refused its journal entry: {0}").format(reason),
			title=_("Not booked yet"),
			indicator="orange",
		)
		return None
	payout.db_set({"journal_entry": name, "journal_error": ""})
	return name


def build(payout) -> str | None:
	company = settings.company()
	rows = frappe.get_all(
		"Allowance Payout Member",
		filters={"payout": payout.name, "error": ("in", ("", None))},
		fields=["regime", "paid"],
	)
	regimes = {r.regime for r in rows}
	accounts = dict(
		frappe.get_all(
			"Allowance Regime",
			filters={"name": ("in", list(regimes) or ["-"])},
			fields=["name", "expense_account"],
			as_list=True,
		)
	)
	lines = invoicing.payout_journal_lines(
		[(r.regime, r.paid) for r in rows], accounts, settings.lef("erpnext_payout_credit_account")
	)
	if not lines:
		return None
	cost_center = settings.cost_center(company)
	entry = frappe.get_doc(
		{
			"doctype": ENTRY,
			"voucher_type": "Journal Entry",
			"company": company,
			"posting_date": payout.posting_date,
			"cheque_no": payout.name,
			"cheque_date": payout.posting_date,
			"user_remark": _("Allowance payout {0} ({1} to {2})").format(
				payout.name, payout.from_date, payout.to_date
			),
			"accounts": [
				{
					"account": line.account,
					"debit_in_account_currency": float(line.debit),
					"credit_in_account_currency": float(line.credit),
					"cost_center": cost_center,
					"user_remark": line.regime or None,
				}
				for line in lines
			],
		}
	)
	entry.insert(ignore_permissions=True)
	return entry.name


def before_payout_cancel(payout) -> None:
	name = payout.get("journal_entry")
	if not is_active() or not name or not frappe.db.exists(ENTRY, name):
		return
	docstatus = frappe.db.get_value(ENTRY, name, "docstatus")
	if docstatus == 0:
		frappe.delete_doc(ENTRY, name, ignore_permissions=True, force=True)
		payout.db_set("journal_entry", None)
	elif docstatus == 1:
		entry = frappe.get_doc(ENTRY, name)
		entry.flags.ignore_permissions = True
		entry.cancel()
