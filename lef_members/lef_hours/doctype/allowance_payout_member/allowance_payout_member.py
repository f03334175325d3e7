# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""A member's part of an allowance payout: what the Allowance Statement prints."""

import frappe
from frappe.model.document import Document

from lef_members.utilities.notify import forum


class AllowancePayoutMember(Document):
	def statement_lines(self) -> list[dict]:
		"""The member's lines in this payout, by day, for the statement."""
		return frappe.get_all(
			"Allowance Payout Line",
			filters={"payout": self.payout, "member": self.member},
			fields=["day", "kind", "hour_logs", "quantity", "rate", "claimed", "paid", "held", "reasons"],
			order_by="day asc, kind asc",
		)

	def payout_doc(self):
		return frappe.get_cached_doc("Allowance Payout", self.payout)

	def forum(self) -> dict:
		return forum()
