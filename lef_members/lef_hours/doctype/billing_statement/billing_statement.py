# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""What an organisation owes for a completed assignment, as a numbered statement (PDF).

The items come from :mod:`lef_members.domain.billing` (agreed rate, approved hour logs,
travel where agreed); finance may adjust them before submitting. With ERPNext installed,
submitting makes a draft Sales Invoice for the organisation's Customer, equal to the statement to
the cent (``integrations/erpnext/invoices.py``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import frappe
from frappe import _
from frappe.model.document import Document

from lef_members.domain import assignments as asg
from lef_members.domain import billing
from lef_members.domain.errors import DomainError
from lef_members.exceptions import throw_domain_error
from lef_members.integrations.erpnext.invoices import before_statement_cancel, make_sales_invoice, retry
from lef_members.lef_hours.payouts import dec, print_language

BILLABLE = (asg.COMPLETED, asg.CLOSED)


class BillingError(frappe.ValidationError):
	"""A statement for an assignment that is not done, or that is billed already."""


class BillingStatement(Document):
	def validate(self) -> None:
		assignment = frappe.get_doc("Assignment", self.assignment)
		if assignment.moved_in:
			frappe.throw(
				_(
					"{0} was done before the forum's records moved into the app: it is not billed here."
				).format(self.assignment),
				BillingError,
			)
		if assignment.status not in BILLABLE:
			frappe.throw(
				_("Bill an assignment once it is completed; {0} is {1}.").format(
					self.assignment, _(assignment.status)
				),
				BillingError,
			)
		other = frappe.db.get_value(
			"Billing Statement",
			{"assignment": self.assignment, "docstatus": ("<", 2), "name": ("!=", self.name or "")},
		)
		if other:
			frappe.throw(
				_("Assignment {0} already has billing statement {1}.").format(self.assignment, other),
				BillingError,
			)
		self.organisation = assignment.organisation
		self.billing_mode = assignment.billing_mode or billing.FREE
		self.agreed_rate = assignment.agreed_rate
		if not self.items:
			self.set_items(assignment)
		total = Decimal(0)
		for item in self.items:
			amount = (dec(item.quantity) * dec(item.rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
			item.amount = float(amount)
			total += amount
		self.total = float(total)

	def set_items(self, assignment) -> None:
		work = frappe.get_all(
			"Hour Log",
			filters={"assignment": assignment.name, "docstatus": 1},
			fields=[
				"member",
				"session_date",
				"preparation_hours",
				"execution_hours",
				"debrief_hours",
				"kilometres",
			],
		)
		try:
			bill = billing.compute_bill(
				self.billing_mode,
				dec(assignment.agreed_rate) if assignment.agreed_rate else None,
				[
					billing.WorkDone(
						row.member,
						row.session_date,
						dec(row.preparation_hours) + dec(row.execution_hours) + dec(row.debrief_hours),
						dec(row.kilometres),
					)
					for row in work
				],
				assignment.title,
				travel_billed=bool(assignment.travel_billed),
				km_rate=dec(frappe.db.get_single_value("LEF Settings", "travel_rate_per_km")) or None,
			)
		except DomainError as error:
			throw_domain_error(error, BillingError)
		self.set("items", [])
		# The descriptions are printed on the statement: in the language it is printed in.
		translate = print_language("Billing Statement")
		for item in bill.items:
			self.append(
				"items",
				{
					"description": item.render(translate),
					"quantity": item.quantity,
					"rate": item.rate,
					"amount": item.amount,
				},
			)

	def on_submit(self) -> None:
		# With ERPNext: a draft Sales Invoice equal to this statement. ERPNext's refusal never
		# blocks the statement: the reason is stored on it (``invoice_error``) and logged.
		make_sales_invoice(self)

	def before_cancel(self) -> None:
		# Its draft invoice is deleted, a submitted unpaid one cancelled; refused while paid.
		before_statement_cancel(self)

	@frappe.whitelist()
	def make_invoice_again(self) -> str | None:
		"""Button: make the invoice ERPNext refused before (after the cause was fixed)."""
		self.check_permission("submit")

		return retry(self)


@frappe.whitelist(methods=["POST"])
def make_billing_statement(assignment: str) -> str:
	"""A draft statement for a completed assignment; returns its name."""
	frappe.has_permission("Billing Statement", "create", throw=True)
	frappe.has_permission("Assignment", "read", assignment, throw=True)
	doc = frappe.get_doc({"doctype": "Billing Statement", "assignment": assignment})
	doc.insert()
	return doc.name
