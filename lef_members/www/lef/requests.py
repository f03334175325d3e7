"""All requests of the logged-in organisation (/lef/requests), past and open, and a new one.

For a contact person with a login (role LEF Organisation): the requests of the organisations
their contact belongs to. The new request opens the public form with the organisation's details
filled in (the web form reads them from the address).
"""

from urllib.parse import urlencode

import frappe
from frappe import _

from lef_members.domain import organisation_view as view
from lef_members.lef_requests.organisations import access
from lef_members.utilities import reader

no_cache = 1


def get_context(context):
	if not access.is_organisation_user():
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	context.title = _("Our requests")
	names = access.requests_of()
	rows = (
		frappe.get_all(
			access.REQUEST,
			filters={"name": ("in", names)},
			fields=["name", "title", "creation", "status", "assignment", "decline_reason"],
			order_by="creation desc",
		)
		if names
		else []
	)
	statuses = dict(
		frappe.get_all(
			"Assignment",
			filters={"name": ("in", [r.assignment for r in rows if r.assignment] or ["-"])},
			fields=["name", "status"],
			as_list=True,
		)
	)
	context.requests = []
	for row in rows:
		stage = view.stage(row.status, statuses.get(row.assignment), row.decline_reason)
		context.requests.append(
			{
				"name": row.name,
				"title": row.title,
				"sent_on": reader.lef_date(row.creation),
				"stage": _(stage.label, context="lef_members"),
				"open": stage.key not in (view.DONE, view.DECLINED, view.CANCELLED),
			}
		)
	context.new_request_url = "/request-an-expert/new?" + urlencode(new_request_values())
	return context


def new_request_values() -> dict:
	"""The organisation's details for the form: its name and number, the user as contact person."""
	organisations = access.organisations_of()
	values = {}
	if organisations:
		org = frappe.db.get_value(
			access.ORGANISATION,
			organisations[0],
			["organisation_name", "enterprise_number", "phone"],
			as_dict=True,
		)
		values.update(
			{
				k: v
				for k, v in (
					("organisation_name", org.organisation_name),
					("enterprise_number", org.enterprise_number),
				)
				if v
			}
		)
	user = frappe.db.get_value(
		"User", frappe.session.user, ["full_name", "email", "phone", "mobile_no"], as_dict=True
	)
	values["contact_person"] = user.full_name or ""
	values["email"] = user.email
	phone = user.mobile_no or user.phone or (org.phone if organisations else None)
	if phone:
		values["phone"] = phone
	return values
