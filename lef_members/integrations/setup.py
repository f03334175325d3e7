"""Custom fields that link our records to other apps' records, present only while those
apps are installed.

A Link field to Customer or CRM Organization in our own DocType JSON would break every
site without ERPNext or CRM. Instead each integration declares its custom fields, and
they are created when both apps are on the site (after installing lef_members, after
installing the other app, after every migrate) and deleted before the other app is
uninstalled. Records keep working either way: uninstalling never deletes ours. When the other app
arrives on a site that has organisations already, a job links them (``late.py``).
"""

from lef_members.integrations import late
from lef_members.integrations.registry import (
	by_app,
	remove_custom_fields,
	sync_custom_fields,
)


def after_app_install(app_name: str) -> None:
	"""ERPNext or CRM arrived: add the links, and link the organisations that exist (a job)."""
	if by_app(app_name):
		sync_custom_fields()
		late.enqueue(app_name)


def before_app_uninstall(app_name: str) -> None:
	integration = by_app(app_name)
	if integration:
		remove_custom_fields(integration.CUSTOM_FIELDS)
