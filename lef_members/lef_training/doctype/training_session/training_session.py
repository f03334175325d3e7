# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import formatdate, get_time, getdate

from lef_members.domain import training as rules
from lef_members.domain.errors import DomainError
from lef_members.exceptions import TrainingCatalogueError, throw_domain_error
from lef_members.lef_training.doctype.training_enrollment.training_enrollment import (
	move_up,
	refresh_counts,
)
from lef_members.utilities.reader import for_reader


class TrainingSession(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from lef_members.lef_training.doctype.training_session_date.training_session_date import (
			TrainingSessionDate,
		)
		from lef_members.lef_training.doctype.training_session_trainer.training_session_trainer import (
			TrainingSessionTrainer,
		)

		capacity: DF.Int
		course: DF.Link
		dates: DF.Table[TrainingSessionDate]
		end_date: DF.Date | None
		enrolled_count: DF.Int
		is_online: DF.Check
		location: DF.SmallText | None
		meeting_link: DF.Data | None
		naming_series: DF.Literal["LEF-TRS-.YYYY.-.####"]
		notes: DF.SmallText | None
		start_date: DF.Date | None
		status: DF.Literal["Planned", "Open", "Closed", "Completed", "Cancelled"]
		title: DF.Data | None
		trainers: DF.Table[TrainingSessionTrainer]
		waitlist_count: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_course()
		self.validate_dates()
		self.validate_trainers()
		if not (self.title or "").strip():
			self.title = f"{self.course} {formatdate(self.start_date)}" if self.start_date else self.course

	def on_update(self):
		if self.get_doc_before_save() is None:
			return
		if any(self.has_value_changed(f) for f in ("capacity", "status", "start_date")):
			move_up(self.name)
		if self.dates_changed():
			self.resync_attendance()
		refresh_counts(self.name)

	def validate_course(self):
		if self.is_new() and frappe.db.get_value("Training Course", self.course, "disabled"):
			frappe.throw(
				_("The course {0} is disabled: enable it before planning a session.").format(_(self.course)),
				TrainingCatalogueError,
			)

	def validate_dates(self):
		try:
			rules.check_session_dates(
				[
					(
						getdate(row.session_date),
						get_time(row.start_time) if row.start_time else None,
						get_time(row.end_time) if row.end_time else None,
					)
					for row in self.dates
				]
			)
		except DomainError as error:
			throw_domain_error(error, TrainingCatalogueError)
		self.dates.sort(key=lambda row: (getdate(row.session_date), str(row.start_time or "")))
		for idx, row in enumerate(self.dates, start=1):
			row.idx = idx
		days = [getdate(row.session_date) for row in self.dates]
		self.start_date = min(days) if days else None
		self.end_date = max(days) if days else None

	def validate_trainers(self):
		for row in self.trainers:
			if not row.member and not (row.trainer_name or "").strip():
				frappe.throw(_("Row {0}: choose a member or enter the trainer's name.").format(row.idx))
			if row.member and not row.trainer_name:
				row.trainer_name = frappe.db.get_value("Expert by Experience", row.member, "full_name")

	def dates_changed(self) -> bool:
		before = self.get_doc_before_save()
		if before is None:
			return False
		return sorted(str(r.session_date) for r in before.dates) != sorted(
			str(r.session_date) for r in self.dates
		)

	def resync_attendance(self):
		"""Enrolments that are still open get one attendance row per (new) date."""
		for name in frappe.get_all(
			"Training Enrollment",
			filters={"training_session": self.name, "status": ("in", [rules.ENROLLED, rules.WAITLISTED])},
			pluck="name",
		):
			frappe.get_doc("Training Enrollment", name).save(ignore_permissions=True)


@frappe.whitelist(methods=["POST"])
def enrol_member(session: str, member: str) -> dict:
	"""A coordinator enrols a member from the session's form: a place or the waiting list."""
	frappe.has_permission("Training Enrollment", "create", throw=True)
	doc = frappe.get_doc({"doctype": "Training Enrollment", "member": member, "training_session": session})
	doc.insert()
	decision = doc.flags.decision
	return {
		"name": doc.name,
		"status": doc.status,
		"message": f"{doc.member_name}: {decision.reason.render(for_reader())}"
		if decision
		else _(doc.status, context="Training Enrollment"),
	}


@frappe.whitelist(methods=["POST"])
def record_attendance(session: str, session_date: str, present: list | str) -> dict:
	"""A coordinator ticks who was there on one date of the session."""
	frappe.has_permission("Training Enrollment", "write", throw=True)
	present = set(frappe.parse_json(present) if isinstance(present, str) else present or [])
	day = getdate(session_date)
	names = frappe.get_all(
		"Training Enrollment",
		filters={"training_session": session, "status": ("in", [rules.ENROLLED, rules.COMPLETED])},
		pluck="name",
	)
	changed = 0
	for name in names:
		doc = frappe.get_doc("Training Enrollment", name)
		for row in doc.attendance:
			if getdate(row.session_date) == day:
				value = 1 if name in present else 0
				if row.present != value:
					row.present = value
					changed += 1
		doc.save()
	return {"changed": changed}


@frappe.whitelist()
def attendance_sheet(session: str) -> dict:
	"""The session's dates and who holds a place, with what is recorded, for the attendance dialog."""
	frappe.has_permission("Training Enrollment", "read", throw=True)
	dates = frappe.get_all(
		"Training Session Date",
		filters={"parent": session, "parenttype": "Training Session"},
		pluck="session_date",
		order_by="session_date asc",
	)
	enrolments = frappe.get_list(
		"Training Enrollment",
		filters={"training_session": session, "status": ("in", [rules.ENROLLED, rules.COMPLETED])},
		fields=["name", "member_name"],
		order_by="member_name asc",
	)
	rows = (
		frappe.get_all(
			"Training Attendance",
			filters={"parenttype": "Training Enrollment", "parent": ("in", [e.name for e in enrolments])},
			fields=["parent", "session_date", "present"],
		)
		if enrolments
		else []
	)
	present = {(r.parent, str(r.session_date)) for r in rows if r.present}
	return {
		"dates": [str(d) for d in dates],
		"enrolments": [
			{
				"name": e.name,
				"member_name": e.member_name,
				"present": [d for (p, d) in present if p == e.name],
			}
			for e in enrolments
		],
	}
