"""Custom fields that link our records to other apps' records, present only while those
apps are installed.

A Link field to Customer or CRM Organization in our own DocType JSON would break every
site without ERPNext or CRM. Instead each integration declares its custom fields, and
they are created when both apps are on the site (after installing lef_members, after
installing the other app, after every migrate) and deleted before the other app is
uninstalled. Records keep working either way: uninstalling never deletes ours. When the other app
arrives on a site that has organisations already, a job links them (``late.py``).
"""

import frappe

from lef_members.integrations import crm, erpnext

INTEGRATIONS = (crm, erpnext)


def sync_custom_fields() -> list[str]:
	"""Create the custom fields of every installed integration; idempotent. Returns the apps done."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	done = []
	for integration in INTEGRATIONS:
		if integration.is_active():
			create_custom_fields(integration.CUSTOM_FIELDS, update=True)
			done.append(integration.APP)
	return done


def after_app_install(app_name: str) -> None:
	"""ERPNext or CRM arrived: add the links, and link the organisations that exist (a job)."""
	if app_name in {integration.APP for integration in INTEGRATIONS}:
		sync_custom_fields()
		from lef_members.integrations import late

		late.enqueue(app_name)


def before_app_uninstall(app_name: str) -> None:
	for integration in INTEGRATIONS:
		if integration.APP == app_name:
			remove_custom_fields(integration.CUSTOM_FIELDS)


def remove_custom_fields(custom_fields: dict) -> None:
	for doctype, fields in custom_fields.items():
		for df in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": df["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
	frappe.clear_cache()
