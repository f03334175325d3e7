# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from lef_members.domain.errors import DomainError
from lef_members.domain.guest import parse_networks
from lef_members.setup.install import seed_email_templates
from lef_members.utilities.reader import for_reader


class LEFSettings(Document):
	def validate(self) -> None:
		try:
			parse_networks(self.trusted_proxies)
		except DomainError as error:
			frappe.throw(error.render(for_reader()), title=_("Not saved"))

	@frappe.whitelist()
	def copy_email_texts(self) -> list[str]:
		"""Copy the app's e-mails into Email Templates staff can edit (only those missing)."""
		frappe.only_for(("System Manager", "LEF Coordinator"))

		created = seed_email_templates()
		frappe.msgprint(
			_("{0} e-mail texts copied. Edit them under Email Template (names starting with LEF:).").format(
				len(created)
			)
		)
		return created
