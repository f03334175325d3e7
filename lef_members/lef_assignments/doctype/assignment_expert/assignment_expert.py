# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form


class DuplicateInvitationError(frappe.ValidationError):
	pass


class AssignmentExpert(Document):
	def validate(self):
		if self.is_new():
			existing = frappe.db.get_value(
				"Assignment Expert", {"assignment": self.assignment, "member": self.member}, "name"
			)
			if existing:
				frappe.throw(
					_("{0} is already invited to this assignment: {1}.").format(
						frappe.bold(self.member_name or self.member),
						get_link_to_form("Assignment Expert", existing),
					),
					DuplicateInvitationError,
				)
