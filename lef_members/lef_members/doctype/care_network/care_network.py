# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from lef_members.domain.errors import DomainError
from lef_members.domain.regions import PostcodeRange, validate_ranges
from lef_members.exceptions import throw_domain_error


class CareNetwork(Document):
	def validate(self):
		try:
			validate_ranges(
				PostcodeRange(self.name or self.network_name, row.from_postcode, row.to_postcode)
				for row in self.postcode_ranges
			)
		except DomainError as error:
			throw_domain_error(error)
