# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from frappe.model.document import Document


# `assignment_type` is a Data field holding the assignment type's name for now: the Assignment
# Type DocType was built in parallel (the requests issue). TODO: make it a Link to
# "Assignment Type" (a patch can keep the stored names, which are the Assignment Type names).
class TrainingCourseAssignmentType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		assignment_type: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
