# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, flt, now_datetime

from lef_members.exceptions import throw_at_fields
from lef_members.lef_hours import hour_logs


class HourLogError(frappe.ValidationError):
	"""A log the hour-log rules refuse (not the member's assignment, future, too many hours...)."""


class HourLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		assignment: DF.Link
		assignment_title: DF.Data | None
		debrief_hours: DF.Float
		execution_hours: DF.Float
		kilometres: DF.Float
		member: DF.Link
		member_name: DF.Data | None
		naming_series: DF.Literal["LEF-HRS-.YYYY.-.#####"]
		other_costs: DF.Currency
		payout: DF.Link | None
		preparation_hours: DF.Float
		receipt: DF.Attach | None
		remarks: DF.SmallText | None
		sent_back_reason: DF.SmallText | None
		session_date: DF.Date
		status: DF.Literal["Draft", "Submitted for approval", "Sent back", "Approved", "Cancelled"]
		submitted_on: DF.Datetime | None
		ticket_amount: DF.Currency
		total_hours: DF.Float
		transport_mode: DF.Literal["", "Car", "Motorbike", "Moped", "Bicycle", "Public transport", "On foot"]
		transporting_people: DF.Check
		travel_hours: DF.Float
	# end: auto-generated types

	def validate(self) -> None:
		self.total_hours = sum(
			flt(self.get(f"{activity}_hours"))
			for activity in ("preparation", "execution", "travel", "debrief")
		)
		if self.docstatus == 0 and self.status in (hour_logs.APPROVED, hour_logs.CANCELLED):
			self.status = hour_logs.DRAFT  # an amendment starts as a draft
		problems = hour_logs.field_problems_for(self)
		if problems:
			throw_at_fields(problems, HourLogError, title=_("Not saved"))

	def before_submit(self) -> None:
		if not frappe.has_permission("Hour Log", "submit"):
			frappe.throw(_("Only a coordinator approves hour logs."), frappe.PermissionError)

	def on_submit(self) -> None:
		self.db_set({"status": hour_logs.APPROVED, "approved_by": frappe.session.user})

	def before_cancel(self) -> None:
		# Lock the row: a payout being submitted at this moment either paid it already or waits.
		payout = frappe.db.sql("select payout from `tabHour Log` where name=%s for update", (self.name,))[0][
			0
		]
		if payout and frappe.db.get_value("Allowance Payout", payout, "docstatus") == 1:
			frappe.throw(
				_("Log {0} was paid by payout {1}: cancel that payout first.").format(self.name, payout),
				HourLogError,
			)

	def on_cancel(self) -> None:
		self.db_set({"status": hour_logs.CANCELLED, "payout": None})

	def mark_submitted_for_approval(self) -> None:
		self.status = hour_logs.SUBMITTED_FOR_APPROVAL
		self.submitted_on = now_datetime()
		self.sent_back_reason = None

	@frappe.whitelist()
	def send_back(self, reason: str) -> None:
		"""Return the log to the member with a reason (mailed to them)."""
		hour_logs.send_back(self.name, reason)
