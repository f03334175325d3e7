"""Portal page: the member's own profile and availability (/lef/profile)."""

import frappe
from frappe import _

from lef_members.api.portal import get_my_member
from lef_members.domain.availability import PARTS_OF_DAY, WEEKDAYS
from lef_members.domain.identifiers import format_iban

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	member = get_my_member()
	context.no_breadcrumbs = False
	context.title = _("My Profile")
	context.member = member
	context.iban_display = format_iban(member.iban) if member.iban else ""
	context.weekdays = WEEKDAYS
	context.parts_of_day = PARTS_OF_DAY
	context.slots = {(row.weekday, row.part_of_day) for row in member.availability}
	context.languages = frappe.get_all(
		"Language", filters={"enabled": 1}, fields=["name", "language_name"], order_by="language_name asc"
	)
	context.member_languages = {row.language for row in member.languages}
	context.mobility_options = ["", "Own car", "Public transport", "Bicycle", "Needs a lift", "Online only"]
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context
