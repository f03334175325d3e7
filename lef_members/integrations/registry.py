"""The other apps this app links its organisations to, in one place.

Each integration is a module with ``APP`` (the other app's name), ``CUSTOM_FIELDS`` (the Link
fields it adds to our DocTypes while that app is installed), ``LINK_FIELD`` (the one on the
organisation), ``is_active()`` and ``link(organisation, quiet=False)``. Adding an app means
adding its module to :data:`INTEGRATIONS`; the hooks (``setup.py``), the late linking job
(``late.py``) and the organisation's controller all go through here.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from lef_members.integrations import crm, erpnext

INTEGRATIONS = (crm, erpnext)


def by_app(app: str):
	"""The integration for ``app``, or None."""
	return next((integration for integration in INTEGRATIONS if integration.APP == app), None)


def active() -> list:
	"""The integrations whose app is installed on this site."""
	return [integration for integration in INTEGRATIONS if integration.is_active()]


def link_organisation(organisation) -> None:
	"""Link one organisation in every installed app (each integration skips what is linked)."""
	for integration in active():
		integration.link(organisation)


def sync_custom_fields() -> list[str]:
	"""Create the custom fields of every installed integration; idempotent. Returns the apps done."""
	done = []
	for integration in active():
		create_custom_fields(integration.CUSTOM_FIELDS, update=True)
		done.append(integration.APP)
	return done


def remove_custom_fields(custom_fields: dict) -> None:
	for doctype, fields in custom_fields.items():
		for df in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": df["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
	frappe.clear_cache()
