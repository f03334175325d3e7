"""What the ERPNext integration shares: whether ERPNext is here, and the custom fields it adds.

Our own DocType JSON never names an ERPNext DocType (it would break every site without it):
the Link fields to Customer, Company, Account and the like are custom fields that
``integrations.setup`` adds while ERPNext is installed and removes before it is uninstalled.
"""

import frappe

from lef_members.domain.errors import DomainError
from lef_members.utilities.reader import for_reader

APP = "erpnext"
TARGET = "Customer"
LINK_FIELD = "customer"


def is_active() -> bool:
	return APP in frappe.get_installed_apps() and bool(frappe.db.exists("DocType", TARGET))


def _settings_field(fieldname, fieldtype, label, options=None, insert_after=None, **extra):
	return {
		"fieldname": fieldname,
		"fieldtype": fieldtype,
		"label": label,
		"options": options,
		"insert_after": insert_after,
		**extra,
	}


CUSTOM_FIELDS = {
	"Commissioning Organisation": [
		{
			"fieldname": LINK_FIELD,
			"fieldtype": "Link",
			"label": "Customer",
			"options": TARGET,
			"insert_after": "enterprise_number",
			"no_copy": 1,
			"description": "The same organisation in ERPNext, billed for assignments: found or created when this record is saved.",
		}
	],
	"Allowance Regime": [
		{
			"fieldname": "expense_account",
			"fieldtype": "Link",
			"label": "Expense Account (ERPNext)",
			"options": "Account",
			"insert_after": "higher_category",
			"description": "The volunteer-allowance expense account a payout debits for this regime.",
		}
	],
	"LEF Settings": [
		_settings_field(
			"erpnext_section", "Section Break", "ERPNext", insert_after="trusted_proxies", collapsible=1
		),
		_settings_field(
			"erpnext_company",
			"Link",
			"Company",
			"Company",
			"erpnext_section",
			description="The company the forum's invoices and payouts are booked in. Empty: ERPNext's default company.",
		),
		_settings_field(
			"erpnext_item",
			"Link",
			"Item Billed",
			"Item",
			"erpnext_company",
			description="The service item on invoices. Empty: the item 'LEF Assignment', made once in the Services group.",
		),
		_settings_field(
			"erpnext_income_account",
			"Link",
			"Income Account",
			"Account",
			"erpnext_item",
			description="Empty: the company's default income account.",
		),
		_settings_field(
			"erpnext_cost_center",
			"Link",
			"Cost Center",
			"Cost Center",
			"erpnext_income_account",
			description="Empty: the company's default cost center.",
		),
		_settings_field("erpnext_column", "Column Break", "", insert_after="erpnext_cost_center"),
		_settings_field(
			"erpnext_taxes_template",
			"Link",
			"VAT (Sales Taxes and Charges Template)",
			"Sales Taxes and Charges Template",
			"erpnext_column",
			description="Empty: the forum is exempt from VAT; the exemption text below is put on each invoice.",
		),
		_settings_field(
			"erpnext_exemption_text",
			"Small Text",
			"VAT Exemption Text",
			insert_after="erpnext_taxes_template",
			description="Empty: Vrijgesteld van btw, artikel 44 van het Btw-wetboek.",
			depends_on="eval:!doc.erpnext_taxes_template",
		),
		_settings_field(
			"erpnext_customer_group",
			"Link",
			"Customer Group",
			"Customer Group",
			"erpnext_exemption_text",
			description="For customers made for organisations. Empty: Selling Settings' default, else a group such as Non Profit.",
		),
		_settings_field(
			"erpnext_territory",
			"Link",
			"Territory",
			"Territory",
			"erpnext_customer_group",
			description="Empty: Selling Settings' default, else the company's country.",
		),
		_settings_field(
			"erpnext_payment_terms",
			"Link",
			"Payment Terms",
			"Payment Terms Template",
			"erpnext_territory",
			description="Empty: the customer's own terms, else the due date is the number of days below after the posting date.",
		),
		_settings_field(
			"erpnext_due_days",
			"Int",
			"Days to Pay",
			insert_after="erpnext_payment_terms",
			default="30",
			non_negative=1,
		),
		_settings_field(
			"erpnext_payout_section",
			"Section Break",
			"Payouts in ERPNext",
			insert_after="erpnext_due_days",
			collapsible=1,
		),
		_settings_field(
			"erpnext_payout_journal",
			"Check",
			"Book Payouts as Journal Entries",
			insert_after="erpnext_payout_section",
			description="Submitting a payout makes a draft Journal Entry: each regime's expense account debited, the account below credited.",
		),
		_settings_field(
			"erpnext_payout_credit_account",
			"Link",
			"Paid From (Bank Account)",
			"Account",
			"erpnext_payout_journal",
			depends_on="eval:doc.erpnext_payout_journal",
		),
	],
}


def customer_dashboard(data: dict) -> dict:
	"""The Customer's desk form reaches our organisation (and from it, its requests and assignments)."""
	from frappe import _

	data = data or {}
	data.setdefault("non_standard_fieldnames", {})["Commissioning Organisation"] = LINK_FIELD
	data.setdefault("transactions", []).append(
		{"label": _("Forum of experts by experience"), "items": ["Commissioning Organisation"]}
	)
	return data


def attempt(savepoint: str, build, *args):
	"""Run ``build(*args)`` so that ERPNext's refusal undoes only what it wrote and never stops
	the caller: ``(result, "")``, or ``(None, reason)`` with the reason in words."""
	import frappe
	from frappe import _
	from frappe.utils import strip_html

	frappe.db.savepoint(savepoint)
	messages = len(frappe.local.message_log)
	try:
		return build(*args), ""
	except Exception as error:
		frappe.db.rollback(save_point=savepoint)
		del frappe.local.message_log[messages:]  # ERPNext's own error dialog: the caller tells it
		reason = (
			error.render(for_reader())
			if isinstance(error, DomainError)
			else strip_html(str(error) or "").strip()
		)
		return None, (reason or error.__class__.__name__)[:1000]
