# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TrainingSessionTrainer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		member: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		trainer_name: DF.Data | None
	# end: auto-generated types
