# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import cint, getdate, today

from lef_members.domain.allowances import check_elsewhere
from lef_members.domain.errors import DomainError
from lef_members.exceptions import throw_domain_error
from lef_members.lef_hours.payouts import dec


class ElsewhereError(frappe.ValidationError):
	"""An allowance received elsewhere with a year not begun, negative figures or nothing in it."""


class AllowanceReceivedElsewhere(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		days: DF.Int
		document: DF.Attach | None
		kilometres: DF.Float
		member: DF.Link
		member_email: DF.Data | None
		member_name: DF.Data | None
		note: DF.SmallText | None
		organisation: DF.Data
		recorded_by_member: DF.Check
		year: DF.Int
	# end: auto-generated types

	def validate(self) -> None:
		self.organisation = (self.organisation or "").strip()
		try:
			check_elsewhere(
				cint(self.year), getdate(today()), cint(self.days), dec(self.amount), dec(self.kilometres)
			)
		except DomainError as error:
			throw_domain_error(error, ElsewhereError)
