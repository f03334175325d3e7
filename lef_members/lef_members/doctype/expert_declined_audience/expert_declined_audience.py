# Copyright (c) 2026, LEF and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ExpertDeclinedAudience(Document):
	"""An audience (Target Group) the member does not want to work for: a hard rule in matching."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		target_group: DF.Link
	# end: auto-generated types

	pass
