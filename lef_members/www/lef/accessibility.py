"""Public page: the accessibility statement (/lef/accessibility), linked from every page the
app shows to guests, members and organisations."""

import frappe
from frappe import _

no_cache = 1


def get_context(context):
	context.title = _("Accessibility")
	settings = frappe.get_cached_doc("LEF Settings")
	context.forum_name = settings.forum_name or "LEF"
	context.forum_email = settings.forum_email or ""
	context.forum_phone = settings.forum_phone or ""
	return context
