"""ERPNext, when it is installed on the site: each Commissioning Organisation is linked to
its Customer, found (same tax ID or name) or created once, so billing can make Sales
Invoices for it.

Nothing here imports ERPNext: the app works alone, and this module acts only when
``"erpnext" in frappe.get_installed_apps()``. The link is a custom field (``customer``, a
Link to Customer) that ``integrations.setup`` adds to our DocType when ERPNext is installed
and removes before ERPNext is uninstalled, so our own JSON never names a DocType that may
not exist.
"""

import frappe
from frappe import _

from lef_members.domain.organisations import OrgFacts, find_existing_organisation

APP = "erpnext"
TARGET = "Customer"
LINK_FIELD = "customer"

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
	]
}


def is_active() -> bool:
	return APP in frappe.get_installed_apps() and frappe.db.exists("DocType", TARGET)


def link_customer(organisation) -> str | None:
	"""Link the organisation to its Customer (found or created); never blocks the save."""
	if not is_active() or not organisation.meta.has_field(LINK_FIELD) or organisation.get(LINK_FIELD):
		return None
	savepoint = "lef_erpnext_link"
	frappe.db.savepoint(savepoint)
	try:
		name = _find(organisation) or _create(organisation)
		organisation.db_set(LINK_FIELD, name, update_modified=False)
		return name
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=f"lef_members: could not link {organisation.name} to a Customer")
		frappe.msgprint(
			_("The organisation was saved, but it could not be linked to an ERPNext customer."),
			indicator="orange",
			alert=True,
		)
		return None


def _find(organisation) -> str | None:
	rows = frappe.get_all(TARGET, fields=["name", "customer_name", "tax_id", "website"])
	existing = [
		OrgFacts(
			key=r.name,
			name=r.customer_name or r.name,
			enterprise_number=r.tax_id or "",
			email_domains=(r.website,) if r.website else (),
		)
		for r in rows
	]
	domains = tuple(filter(None, [*(organisation.email_domains or "").splitlines(), organisation.website]))
	match = find_existing_organisation(
		OrgFacts(
			name=organisation.organisation_name,
			enterprise_number=organisation.enterprise_number or "",
			email_domains=domains,
		),
		existing,
	)
	return match.key if match else None


def _create(organisation) -> str:
	doc = frappe.get_doc(
		{
			"doctype": TARGET,
			"customer_name": organisation.organisation_name,
			"customer_type": "Company",
			"customer_group": _default("customer_group", "Customer Group", "parent_customer_group"),
			"territory": _default("territory", "Territory", "parent_territory"),
			"tax_id": organisation.enterprise_number or None,
			"website": organisation.website or None,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def _default(setting: str, doctype: str, parent_field: str) -> str | None:
	"""Selling Settings' default, else the root of the tree (All Customer Groups, All Territories)."""
	value = frappe.db.get_single_value("Selling Settings", setting)
	if value:
		return value
	return frappe.db.get_value(doctype, {parent_field: ("is", "not set"), "is_group": 1}, "name")


# --- billing: a draft Sales Invoice from a Billing Statement --------------------------------

BILLING_ITEM = "LEF Assignment"


def make_sales_invoice(statement) -> str | None:
	"""A draft Sales Invoice for the organisation's Customer, one line per statement item.

	Only when ERPNext is installed; returns the invoice's name, or None when ERPNext is absent
	or the organisation has no Customer (the statement stands on its own either way).
	"""
	if not is_active() or not statement.organisation:
		return None
	organisation = frappe.get_doc("Commissioning Organisation", statement.organisation)
	customer = organisation.get(LINK_FIELD) or link_customer(organisation)
	if not customer:
		frappe.msgprint(
			_("No ERPNext customer for {0}: the statement was made without a Sales Invoice.").format(
				organisation.name
			),
			indicator="orange",
		)
		return None
	item_code = _billing_item()
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"posting_date": statement.posting_date,
			"set_posting_time": 1,
			"remarks": _("Billing statement {0} for assignment {1}").format(
				statement.name, statement.assignment
			),
			"items": [
				{
					"item_code": item_code,
					"description": item.description,
					"qty": item.quantity or 1,
					"rate": item.rate,
				}
				for item in statement.items
				if item.amount
			]
			or [{"item_code": item_code, "description": statement.assignment_title, "qty": 1, "rate": 0}],
		}
	)
	invoice.insert(ignore_permissions=True)
	return invoice.name


def _billing_item() -> str:
	"""The service item assignments are invoiced with, created once."""
	if not frappe.db.exists("Item", BILLING_ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": BILLING_ITEM,
				"item_name": BILLING_ITEM,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name")
				or frappe.db.get_value("Item Group", {}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_sales_item": 1,
			}
		).insert(ignore_permissions=True)
	return BILLING_ITEM
