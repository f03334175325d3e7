"""ERPNext, when it is installed on the site: organisations linked to Customers, billing
statements invoiced to the cent and kept in step with their invoices, payouts booked as journal
entries (optional).

Nothing here imports ERPNext: the app works alone, and these modules act only when
``"erpnext" in frappe.get_installed_apps()``.

- ``common``: whether ERPNext is here, and the custom fields added while it is.
- ``settings``: company, item, accounts, VAT, customer group, territory, payment terms.
- ``customers``: the organisation's Customer, found by a query or created once.
- ``invoices``: the statement's Sales Invoice.
- ``journal``: the payout's Journal Entry.
"""

from lef_members.integrations.erpnext.common import APP, CUSTOM_FIELDS, LINK_FIELD, TARGET, is_active
from lef_members.integrations.erpnext.customers import link_customer
from lef_members.integrations.erpnext.invoices import make_sales_invoice

link = link_customer  # the name every integration answers to (``integrations/late.py``)

__all__ = [
	"APP",
	"CUSTOM_FIELDS",
	"LINK_FIELD",
	"TARGET",
	"is_active",
	"link",
	"link_customer",
	"make_sales_invoice",
]
