# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Count
from frappe.utils import getdate, now_datetime

from lef_members.domain import assignments as asg
from lef_members.domain.errors import DomainError
from lef_members.domain.regions import PostcodeRange, networks_for_postcode
from lef_members.domain.schedule import FREQUENCIES, Recurrence, expand
from lef_members.exceptions import throw_domain_error
from lef_members.lef_assignments.assignment_flow import after_cancel, send_confirmation
from lef_members.lef_assignments.candidates import as_time, assignment_sessions
from lef_members.utilities import notify
from lef_members.utilities.reader import for_reader


class AssignmentStatusError(frappe.ValidationError):
	pass


class Assignment(Document):
	def validate(self):
		self.title = (self.title or "").strip()
		self.sort_sessions()
		self.validate_sessions()
		self.validate_locked_when_done()
		self.set_care_network()
		self.set_heavy_from_type()
		self.update_counts()
		self.validate_status()

	# --- validation -------------------------------------------------------------

	def set_heavy_from_type(self):
		"""A heavy type makes its assignments heavy; staff may also mark one assignment heavy."""
		if self.assignment_type and (self.is_new() or self.has_value_changed("assignment_type")):
			if frappe.db.get_value("Assignment Type", self.assignment_type, "emotionally_heavy"):
				self.emotionally_heavy = 1

	def sort_sessions(self):
		rows = sorted(self.sessions, key=lambda r: (str(r.session_date), str(r.start_time)))
		for idx, row in enumerate(rows, start=1):
			row.idx = idx
		self.sessions = rows

	def validate_sessions(self):
		problems = asg.sessions_problems(assignment_sessions(self))
		if problems:
			frappe.throw(
				"<br>".join(p.render(for_reader()) for p in problems),
				title=_("Check the sessions"),
				exc=frappe.ValidationError,
			)
		if not 0 < (self.experts_needed or 0) <= asg.MAX_EXPERTS:
			frappe.throw(_("The number of experts needed must be between 1 and {0}.").format(asg.MAX_EXPERTS))

	def validate_locked_when_done(self):
		before = self.get_doc_before_save()
		if not before or before.status in asg.EDITABLE:
			return
		if (
			assignment_sessions(before) != assignment_sessions(self)
			or before.experts_needed != self.experts_needed
		):
			frappe.throw(
				_("A {0} assignment keeps its sessions and number of experts.").format(_(before.status)),
				AssignmentStatusError,
			)

	def set_care_network(self):
		if self.care_network or not self.postcode or self.location_type == "Online":
			return
		ranges = frappe.get_all(
			"Care Network Postcode Range",
			filters={"parenttype": "Care Network"},
			fields=["parent", "from_postcode", "to_postcode"],
		)
		networks = networks_for_postcode(
			self.postcode, (PostcodeRange(r.parent, r.from_postcode, r.to_postcode) for r in ranges)
		)
		if len(networks) == 1:
			self.care_network = networks[0]

	def update_counts(self):
		if self.is_new():
			self.experts_invited = self.experts_accepted = 0
			return
		expert = frappe.qb.DocType("Assignment Expert")
		counts = dict(
			frappe.qb.from_(expert)
			.select(expert.status, Count(expert.name))
			.where(expert.assignment == self.name)
			.groupby(expert.status)
			.run()
		)
		self.experts_accepted = counts.get(asg.ACCEPTED, 0)
		self.experts_invited = sum(counts.values())

	def facts(self, status: str | None = None) -> asg.AssignmentFacts:
		contact_email = frappe.db.get_value("Contact", self.contact, "email_id") if self.contact else None
		return asg.AssignmentFacts(
			status=status or self.status,
			sessions=tuple(assignment_sessions(self)),
			experts_needed=self.experts_needed or 0,
			accepted=self.experts_accepted or 0,
			has_contact_email=bool(contact_email),
			cancel_reason=self.cancel_reason,
		)

	def validate_status(self):
		before = self.get_doc_before_save()
		old = before.status if before else asg.DRAFT
		if self.is_new() and self.status != asg.DRAFT:
			old = asg.DRAFT
		try:
			asg.check_status_change(self.facts(status=old), self.status, now_datetime())
		except DomainError as error:
			throw_domain_error(error, AssignmentStatusError, title=_("Status not changed"))

	# --- actions (buttons on the form) --------------------------------------------

	def change_status(self, status: str, comment: str | None = None):
		self.status = status
		self.save()
		if comment:
			self.add_comment("Info", comment)

	@frappe.whitelist()
	def open_for_invitations(self):
		self.change_status(asg.OPEN, _("Open for invitations."))

	@frappe.whitelist()
	def generate_sessions(self):
		"""Add the sessions of the repeat pattern that are not in the table yet."""
		if not self.repeat_frequency or self.repeat_frequency not in FREQUENCIES:
			frappe.throw(_("Choose whether the series repeats weekly or monthly."))
		if not (self.repeat_from and self.repeat_start_time and self.repeat_end_time):
			frappe.throw(_("Enter the first date and the start and end time of the series."))
		try:
			series = expand(
				Recurrence(
					frequency=self.repeat_frequency,
					first_day=getdate(self.repeat_from),
					start_time=as_time(self.repeat_start_time),
					end_time=as_time(self.repeat_end_time),
					interval=self.repeat_interval or 1,
					weekday=self.repeat_weekday or None,
					nth=(-1 if self.repeat_nth == "Last" else int(self.repeat_nth))
					if self.repeat_nth
					else None,
					count=self.repeat_count or None,
					until=getdate(self.repeat_until) if self.repeat_until else None,
				)
			)
		except DomainError as error:
			throw_domain_error(error)
		existing = set(assignment_sessions(self))
		added = 0
		for session in series:
			if session in existing:
				continue
			self.append(
				"sessions",
				{
					"session_date": session.start.date(),
					"start_time": session.start.time(),
					"end_time": session.end.time(),
				},
			)
			added += 1
		self.save()
		return added

	@frappe.whitelist()
	def confirm_to_organisation(self):
		"""Confirm the staffed assignment to the organisation's contact person."""
		self.change_status(asg.CONFIRMED, _("Confirmed to the organisation."))

		send_confirmation(self)

	@frappe.whitelist()
	def cancel_assignment(self, reason: str):
		self.cancel_reason = (reason or "").strip()[: asg.MAX_REASON]
		self.status = asg.CANCELLED
		self.save()
		self.add_comment("Info", _("Cancelled: {0}").format(self.cancel_reason))

		after_cancel(self)

	def onload(self):
		self.set_onload(
			"staffing",
			{
				"needed": self.experts_needed,
				"invited": self.experts_invited,
				"accepted": self.experts_accepted,
			},
		)
