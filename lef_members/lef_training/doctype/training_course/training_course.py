# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from lef_members.domain import training as rules
from lef_members.domain.errors import DomainError
from lef_members.exceptions import TrainingCatalogueError, throw_domain_error
from lef_members.lef_training.training_path import load_catalogue


class TrainingCourse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from lef_members.lef_training.doctype.training_course_assignment_type.training_course_assignment_type import (
			TrainingCourseAssignmentType,
		)
		from lef_members.lef_training.doctype.training_course_prerequisite.training_course_prerequisite import (
			TrainingCoursePrerequisite,
		)
		from lef_members.lef_training.doctype.training_course_skill.training_course_skill import (
			TrainingCourseSkill,
		)

		assignment_types: DF.Table[TrainingCourseAssignmentType]
		course_name: DF.Data
		description: DF.SmallText | None
		disabled: DF.Check
		hours: DF.Float
		is_basic_training: DF.Check
		prerequisites: DF.TableMultiSelect[TrainingCoursePrerequisite]
		required_attendance: DF.Percent
		skills: DF.TableMultiSelect[TrainingCourseSkill]
		validity_months: DF.Int
	# end: auto-generated types

	def validate(self):
		self.drop_duplicate_rows()
		self.validate_attendance()
		self.validate_prerequisites()

	def drop_duplicate_rows(self):
		# assignment_types holds names in a Data field until it becomes a Link to Assignment Type
		# (see TrainingCourseAssignmentType): trimmed and kept once here.
		for table, fieldname in (
			("prerequisites", "prerequisite"),
			("skills", "skill"),
			("assignment_types", "assignment_type"),
		):
			seen, kept = set(), []
			for row in self.get(table):
				value = (row.get(fieldname) or "").strip()
				if value and value not in seen:
					seen.add(value)
					row.set(fieldname, value)
					kept.append(row)
			self.set(table, kept)

	def validate_attendance(self):
		if self.required_attendance is None or self.required_attendance == "":
			self.required_attendance = 100
		if not 0 < float(self.required_attendance) <= 100:
			frappe.throw(
				_("The attendance needed to pass must be above 0% and at most 100%."),
				TrainingCatalogueError,
			)

	def validate_prerequisites(self):
		"""No course may need itself, directly or through others (checked over the whole catalogue)."""
		catalogue = load_catalogue()
		catalogue[self.name] = rules.Course(
			name=self.name, prerequisites=tuple(row.prerequisite for row in self.prerequisites)
		)
		try:
			rules.check_prerequisite_graph(catalogue)
		except DomainError as error:
			throw_domain_error(error, TrainingCatalogueError)
