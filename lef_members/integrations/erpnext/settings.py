"""Where the forum's invoices and payouts are booked: LEF Settings first, then ERPNext's own
defaults (Global Defaults, Selling Settings, the Company), never a guess an accountant would fix
by hand every time (the root customer group, the first item group found)."""

import frappe


def lef(fieldname: str):
	return frappe.db.get_single_value("LEF Settings", fieldname)


def company() -> str | None:
	return (
		lef("erpnext_company")
		or frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.db.get_value("Company", {}, "name", order_by="creation asc")
	)


def company_default(company_name: str, fieldname: str) -> str | None:
	return frappe.get_cached_value("Company", company_name, fieldname) if company_name else None


def income_account(company_name: str) -> str | None:
	return lef("erpnext_income_account") or company_default(company_name, "default_income_account")


def cost_center(company_name: str) -> str | None:
	return lef("erpnext_cost_center") or company_default(company_name, "cost_center")


def _leaf(doctype: str, preferred: tuple[str, ...]) -> str | None:
	for name in preferred:
		if name and frappe.db.get_value(doctype, {"name": name, "is_group": 0}, "name"):
			return name
	return frappe.db.get_value(doctype, {"is_group": 0}, "name", order_by="lft asc")


def _a_leaf(doctype: str, name: str | None) -> str | None:
	"""``name`` when it is a leaf of its tree (customers are never put on a group such as the root)."""
	return name if name and frappe.db.get_value(doctype, {"name": name, "is_group": 0}, "name") else None


def customer_group() -> str | None:
	return (
		lef("erpnext_customer_group")
		or _a_leaf("Customer Group", frappe.db.get_single_value("Selling Settings", "customer_group"))
		or _leaf("Customer Group", ("Non Profit", "Commercial"))
	)


def territory() -> str | None:
	country = company_default(company(), "country")
	return (
		lef("erpnext_territory")
		or _a_leaf("Territory", frappe.db.get_single_value("Selling Settings", "territory"))
		or _leaf("Territory", (country,))
	)


def item_group() -> str | None:
	return _leaf("Item Group", ("Services", "Diensten", "Services (LEF)"))


def taxes_template(company_name: str) -> str | None:
	"""The VAT template chosen for the forum (it must belong to the company), or None: exempt."""
	template = lef("erpnext_taxes_template")
	if (
		template
		and frappe.db.get_value("Sales Taxes and Charges Template", template, "company") == company_name
	):
		return template
	return None


# Article 44 of the Belgian VAT Code exempts most of what a forum of experts by experience does.
DEFAULT_EXEMPTION = "Vrijgesteld van btw, artikel 44 van het Btw-wetboek."


def exemption_text() -> str:
	"""The text an exempt forum's invoices carry (LEF Settings; the Belgian article 44 by default)."""
	return (lef("erpnext_exemption_text") or "").strip() or DEFAULT_EXEMPTION


def payment_terms(customer: str | None = None) -> str:
	"""LEF Settings' terms, else the customer's own, else the forum's default (made once): a due
	date the number of days in LEF Settings after the invoice, never the posting date itself."""
	chosen = lef("erpnext_payment_terms") or (
		frappe.db.get_value("Customer", customer, "payment_terms") if customer else None
	)
	if chosen:
		return chosen
	days = due_days()
	name = f"LEF {days} days"
	if not frappe.db.exists("Payment Terms Template", name):
		frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": name,
				"terms": [
					{
						"invoice_portion": 100,
						"credit_days": days,
						"due_date_based_on": "Day(s) after invoice date",
					}
				],
			}
		).insert(ignore_permissions=True)
	return name


def due_days() -> int:
	"""Days to pay when no terms are chosen: LEF Settings, 30 when empty or 0."""
	return max(int(lef("erpnext_due_days") or 0), 0) or 30
