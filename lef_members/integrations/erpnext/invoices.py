"""A Billing Statement's Sales Invoice: equal to it to the cent, kept in step with it, and never
in its way.

- Submitting a statement makes one draft Sales Invoice (company, item, income account, cost
  center, VAT or the exemption text, payment terms: ``settings``). Its lines come from
  ``domain/invoicing.py``, so its net total is the statement's total to the cent; VAT is added on
  top only when a template is chosen.
- ERPNext may refuse (a disabled customer, a closed period, a missing account): the statement is
  submitted all the same, the reason is stored on it and logged, nothing half-made remains, and
  "Make the invoice again" retries later.
- Cancelling the statement deletes a draft invoice, cancels a submitted one nobody paid, and is
  refused while a payment stands against it; an amended statement gets an invoice of its own.
- The statement shows its invoice's state; submitting, cancelling or paying the invoice in
  ERPNext updates it (``doc_events`` on Sales Invoice, Payment Entry and Journal Entry).
"""

from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import getdate

from lef_members.domain import invoicing
from lef_members.domain.errors import DomainError
from lef_members.exceptions import throw_domain_error
from lef_members.integrations.erpnext import settings
from lef_members.integrations.erpnext.common import LINK_FIELD, attempt, is_active
from lef_members.integrations.erpnext.customers import link_customer

STATEMENT = "Billing Statement"
INVOICE = "Sales Invoice"
ITEM = "LEF Assignment"


class InvoiceRefused(Exception):
	"""Our own reason not to make the invoice (no customer, no company), shown like ERPNext's."""


def make_sales_invoice(statement) -> str | None:
	"""The statement's draft invoice; None when ERPNext is absent or it refused (reason stored)."""
	if not is_active() or not statement.organisation:
		return None
	name, reason = attempt("lef_sales_invoice", build, statement)
	if reason:
		frappe.log_error(title=f"lef_members: no Sales Invoice for {statement.name}", message=reason)
		statement.db_set({"invoice_status": invoicing.FAILED, "invoice_error": reason, "sales_invoice": None})
		frappe.msgprint(
			_(
				'The statement was submitted, but ERPNext refused its invoice: {0} Fix this, then use "Make the Invoice Again".'
			).format(reason),
			title=_("No invoice yet"),
			indicator="orange",
		)
		return None
	statement.db_set({"invoice_status": invoicing.DRAFT, "invoice_error": "", "sales_invoice": name})
	return name


def build(statement) -> str:
	organisation = frappe.get_doc("Commissioning Organisation", statement.organisation)

	customer = organisation.get(LINK_FIELD) or link_customer(organisation, quiet=True)
	if not customer:
		raise InvoiceRefused(_("{0} has no ERPNext customer.").format(organisation.name))
	company = settings.company()
	if not company:
		raise InvoiceRefused(_("ERPNext has no company yet: finish its setup first."))
	lines = invoicing.invoice_lines(
		[
			invoicing.StatementLine(
				item.description or statement.assignment_title or "",
				Decimal(str(item.quantity or 0)),
				Decimal(str(item.rate or 0)),
				Decimal(str(item.amount or 0)),
			)
			for item in statement.items
		],
		fallback=statement.assignment_title or statement.assignment,
	)
	item_code = settings.lef("erpnext_item") or billing_item()
	income, cost_center = settings.income_account(company), settings.cost_center(company)
	template = settings.taxes_template(company)
	note = "" if template else settings.exemption_text()
	posting = getdate(statement.posting_date)
	terms = settings.payment_terms(customer)
	invoice = frappe.get_doc(
		{
			"doctype": INVOICE,
			"customer": customer,
			"company": company,
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"posting_date": posting,
			"set_posting_time": 1,
			"payment_terms_template": terms,
			"disable_rounded_total": 1,  # the statement is not rounded to 0.05
			"remarks": "\n".join(
				filter(
					None,
					(
						_("Billing statement {0} for assignment {1}").format(
							statement.name, statement.assignment
						),
						note,
					),
				)
			),
			"terms": note or None,
			"items": [
				{
					"item_code": item_code,
					"description": line.description,
					"qty": float(line.qty),
					"rate": float(line.rate),
					"income_account": income,
					"cost_center": cost_center,
				}
				for line in lines
			],
			"taxes_and_charges": template,
			"taxes": tax_rows(template) if template else [],
		}
	)
	invoice.flags.lef_statement = statement.name
	invoice.insert(ignore_permissions=True)
	if invoicing.cents(invoice.net_total) != invoicing.cents(statement.total):
		raise InvoiceRefused(
			_("The invoice's net total {0} differs from the statement's {1}.").format(
				invoice.net_total, statement.total
			)
		)
	return invoice.name


def tax_rows(template: str) -> list[dict]:
	return frappe.get_all(
		"Sales Taxes and Charges",
		filters={"parent": template, "parenttype": "Sales Taxes and Charges Template"},
		fields=[
			"charge_type",
			"account_head",
			"description",
			"rate",
			"cost_center",
			"included_in_print_rate",
			"row_id",
		],
		order_by="idx asc",
	)


def billing_item() -> str:
	"""The service item assignments are invoiced with, made once in a services item group."""
	if not frappe.db.exists("Item", ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": ITEM,
				"item_name": ITEM,
				"item_group": settings.item_group(),
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_sales_item": 1,
				"include_item_in_manufacturing": 0,
			}
		).insert(ignore_permissions=True)
	return ITEM


# --- the statement follows its invoice, and the other way round ---------------------------------------


def state_of(invoice: str | None) -> str:
	if not invoice:
		return invoicing.NO_INVOICE
	row = frappe.db.get_value(
		INVOICE, invoice, ["docstatus", "grand_total", "outstanding_amount"], as_dict=True
	)
	if not row:
		return invoicing.NO_INVOICE
	return invoicing.invoice_state(row.docstatus, row.grand_total, row.outstanding_amount)


def before_statement_cancel(statement) -> None:
	"""Delete the draft invoice or cancel the unpaid one; refuse while a payment stands."""
	if not is_active() or not statement.sales_invoice:
		return
	state = state_of(statement.sales_invoice)
	try:
		action = invoicing.on_statement_cancel(state, statement.sales_invoice)
	except DomainError as error:
		throw_domain_error(error, title=_("Not cancelled"))
	if action == invoicing.DELETE:
		frappe.delete_doc(INVOICE, statement.sales_invoice, ignore_permissions=True, force=True)
		statement.db_set({"invoice_status": invoicing.CANCELLED, "sales_invoice": None})
	elif action == invoicing.CANCEL:
		invoice = frappe.get_doc(INVOICE, statement.sales_invoice)
		invoice.flags.ignore_permissions = True
		invoice.cancel()
		statement.db_set("invoice_status", invoicing.CANCELLED)


def retry(statement) -> str | None:
	"""Make the invoice of a submitted statement that has none (ERPNext refused it before)."""
	if statement.docstatus != 1:
		frappe.throw(_("Submit the statement first."))
	if statement.sales_invoice and state_of(statement.sales_invoice) not in (
		invoicing.NO_INVOICE,
		invoicing.CANCELLED,
	):
		frappe.throw(_("This statement has its invoice: {0}.").format(statement.sales_invoice))
	return make_sales_invoice(statement)


def refresh_statement_of(invoice: str) -> None:
	for name in frappe.get_all(STATEMENT, filters={"sales_invoice": invoice}, pluck="name"):
		frappe.db.set_value(STATEMENT, name, "invoice_status", state_of(invoice), update_modified=False)


def on_invoice_change(doc, method=None) -> None:
	"""Sales Invoice submitted, cancelled, paid or deleted in ERPNext: the statement shows it."""
	if method == "on_trash":
		for name in frappe.get_all(STATEMENT, filters={"sales_invoice": doc.name}, pluck="name"):
			frappe.db.set_value(
				STATEMENT,
				name,
				{"invoice_status": invoicing.NO_INVOICE, "sales_invoice": None},
				update_modified=False,
			)
		return
	refresh_statement_of(doc.name)


def on_payment(doc, method=None) -> None:
	"""A Payment Entry or Journal Entry against invoices: their statements show paid or not."""
	rows = doc.get("references") or doc.get("accounts") or []
	for row in rows:
		kind = row.get("reference_doctype") or row.get("reference_type")
		if kind == INVOICE and row.get("reference_name"):
			refresh_statement_of(row.reference_name)
