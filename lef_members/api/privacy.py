"""A member's privacy choices from the portal."""

import frappe
from frappe import _

from lef_members.api.portal import get_my_member
from lef_members.lef_members import privacy


@frappe.whitelist(methods=["POST"])
def withdraw_consent() -> dict:
	"""Withdraw consent to processing: recorded with its date, the coordinator is told and acts."""
	member = get_my_member(for_update=True)
	outcome = privacy.record_consent_withdrawal(member)
	return {"message": _(outcome.message), "withdrawn_on": str(member.consent_withdrawn_on or "")}
