"""Portal page: the member's year, what their work changed, and its PDF (/lef/overview?year=)."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from lef_members.api.portal import get_my_member
from lef_members.lef_members.pace import overview

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	member = get_my_member()
	this_year = getdate(today()).year
	years = overview.years_of(member.name)
	if this_year not in years:
		years.insert(0, this_year)
	year = overview.year_from(frappe.form_dict.get("year"), default=this_year)
	context.update(overview.year_context(member, year))
	context.years = years
	context.title = _("My Year")
	return context
