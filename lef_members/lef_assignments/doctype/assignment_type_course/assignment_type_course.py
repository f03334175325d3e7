# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AssignmentTypeCourse(Document):
	pass
