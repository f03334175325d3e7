# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TrainingSessionDate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		end_time: DF.Time | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		session_date: DF.Date
		start_time: DF.Time | None
	# end: auto-generated types
