"""Sending one printed record as a PDF to someone without desk rights on it (a member, an
organisation), in their language. The caller checks first that the record is theirs."""

import frappe
from frappe.translate import print_language


def send_pdf(doctype: str, name: str, print_format: str, lang: str | None, filename: str) -> None:
	"""Reply with ``name`` printed in ``print_format`` and ``lang``; ownership was checked before."""
	frappe.flags.ignore_print_permissions = True
	try:
		with print_language(lang or None):
			pdf = frappe.get_print(doctype, name, print_format, as_pdf=True)
	finally:
		frappe.flags.ignore_print_permissions = False
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = pdf
	frappe.local.response.type = "pdf"
