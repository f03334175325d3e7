# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""An organisation's request to change or cancel its request, for staff to decide on.

Made from the organisation's request page (``organisations/actions.py``). Staff answer it once:
Agreed or Refused, with an answer the organisation reads on its page and by e-mail. Agreeing to
a cancellation cancels the request or its assignment; any other change staff make themselves.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from lef_members.domain import organisation_view as view
from lef_members.domain.errors import DomainError
from lef_members.exceptions import throw_domain_error
from lef_members.lef_requests.organisations.actions import after_decision


class OrganisationChangeRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer: DF.SmallText | None
		answered_by: DF.Link | None
		answered_on: DF.Datetime | None
		asked_on: DF.Datetime | None
		assignment: DF.Link | None
		details: DF.SmallText
		expert_request: DF.Link
		kind: DF.Literal[
			"Other date", "Number of experts", "Online instead of on site", "Something else", "Cancellation"
		]
		naming_series: DF.Literal["LEF-CHG-.YYYY.-.#####"]
		organisation_name: DF.Data | None
		status: DF.Literal["Pending", "Agreed", "Refused"]
	# end: auto-generated types

	def validate(self):
		before = None if self.is_new() else self.get_doc_before_save()
		old = before.status if before else view.PENDING
		if self.is_new() and self.status != view.PENDING:
			frappe.throw(_("A change request starts as Pending."))
		try:
			self.answer = view.check_decision(old, self.status, self.answer) or self.answer
		except DomainError as error:
			throw_domain_error(error)
		if before and before.status != view.PENDING and (self.answer or "") != (before.answer or ""):
			frappe.throw(_("The answer was sent to the organisation already; it cannot be changed."))
		self.flags.decided = old == view.PENDING and self.status != view.PENDING
		if self.flags.decided:
			self.answered_by = frappe.session.user
			self.answered_on = now_datetime()

	def on_update(self):
		if self.flags.decided:
			after_decision(self)
