# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from lef_members.domain.triage import assignment_type_problems
from lef_members.lef_requests.doctype.expert_request.expert_request import ASSIGNMENT_TYPES_CACHE
from lef_members.utilities.reader import for_reader


class AssignmentType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from lef_members.lef_assignments.doctype.assignment_type_course.assignment_type_course import (
			AssignmentTypeCourse,
		)
		from lef_members.lef_assignments.doctype.assignment_type_skill.assignment_type_skill import (
			AssignmentTypeSkill,
		)

		billing_mode: DF.Literal["Per session", "Per hour", "Flat", "Free"]
		default_duration_hours: DF.Float
		default_experts_needed: DF.Int
		default_rate: DF.Currency
		description: DF.SmallText | None
		disabled: DF.Check
		required_courses: DF.Table[AssignmentTypeCourse]
		required_skills: DF.TableMultiSelect[AssignmentTypeSkill]
		type_name: DF.Data
	# end: auto-generated types

	def on_change(self):
		clear_active_types()

	def on_trash(self):
		clear_active_types()

	def validate(self):
		self.type_name = " ".join((self.type_name or "").split())
		self.validate_defaults()
		self.validate_unique_rows()

	def validate_defaults(self):
		problems = assignment_type_problems(
			self.default_experts_needed, self.default_duration_hours, self.billing_mode, self.default_rate
		)
		if problems:
			frappe.throw(
				"<br>".join(problem.render(for_reader()) for problem in problems),
				title=_("Check the defaults"),
			)

	def validate_unique_rows(self):
		for table, fieldname in (("required_skills", "skill"), ("required_courses", "training_course")):
			seen = set()
			for row in self.get(table):
				value = row.get(fieldname)
				if value in seen:
					frappe.throw(_("Row {0}: {1} is listed twice.").format(row.idx, frappe.bold(_(value))))
				seen.add(value)


def clear_active_types() -> None:
	frappe.cache.delete_value(ASSIGNMENT_TYPES_CACHE)
