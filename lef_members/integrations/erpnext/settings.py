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


def customer_group() -> str | None:
	return (
		lef("erpnext_customer_group")
		or frappe.db.get_single_value("Selling Settings", "customer_group")
		or _leaf("Customer Group", ("Non Profit", "Commercial"))
	)


def territory() -> str | None:
	country = company_default(company(), "country")
	return (
		lef("erpnext_territory")
		or frappe.db.get_single_value("Selling Settings", "territory")
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


def exemption_text() -> str:
	return (lef("erpnext_exemption_text") or "").strip()


def payment_terms() -> str | None:
	return lef("erpnext_payment_terms")


def due_days() -> int:
	days = lef("erpnext_due_days")
	return 30 if days is None or days == "" else max(int(days), 0)
