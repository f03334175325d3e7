"""Portal page: the member's own profile and availability (/lef/profile)."""

import frappe
from frappe import _
from frappe.utils import cint

from lef_members.api.portal import get_my_member
from lef_members.domain import pace
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
	context.willingness_options = [
		(pace.WILLING_YES, _("Yes")),
		(pace.WILLING_NOT_NOW, _("Not now")),
		(pace.WILLING_NO, _("No")),
	]
	context.audiences = frappe.get_all("Target Group", pluck="name", order_by="name asc")
	context.declined = {row.target_group for row in member.declined_audiences}
	default_rest = cint(frappe.db.get_single_value("LEF Settings", "default_rest_days_after_heavy"))
	context.rest_options = [("", _("The forum's usual number ({0})").format(_days(default_rest)))] + [
		(str(days), _("No rest days") if days == 0 else _days(days)) for days in pace.REST_DAY_CHOICES
	]
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context


def _days(count: int) -> str:
	return _("1 day") if count == 1 else _("{0} days").format(count)
