"""The gate every request passes once Frappe knows who sent it (an ``auth_hooks`` entry).

Guest and our portal users (``LEF Member``, ``LEF Organisation``) reach only the doors listed in
``domain/portal_doors.py``; website users of other apps reach what their app gives them, but no
call of theirs may name our records, our DocTypes or the contacts of our members and
organisations. Staff (desk users) pass: Frappe's permissions decide for them.

A refused call gets 403 before its code runs: nothing is read, nothing is stored.
"""

import frappe
from frappe import _

from lef_members.domain import portal_doors as doors
from lef_members.security import records

EXTRA_METHODS_KEY = "lef_portal_extra_methods"


class DoorClosed(frappe.PermissionError):
	"""A caller from outside the forum knocked on a door that is not open to them."""


def check_request() -> None:
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	door = doors.door_of(request.path, frappe.form_dict.get("cmd"))
	if door.kind == "page":
		return
	user = frappe.session.user
	user_type = (
		None if user in ("Guest", "Administrator") else frappe.get_cached_value("User", user, "user_type")
	)
	roles = () if user == "Guest" else frappe.get_roles(user)
	kind, who = doors.audience(user, user_type, roles)
	if kind == doors.STAFF:
		return
	if kind == doors.CLOSED:
		if not doors.is_open(door, who, extra_methods()):
			refuse()
		# One of our own endpoints: what it writes on Frappe's shared records (a note on the
		# timeline, a receipt) is the app's doing, not the caller's (see records.check_*_write).
		frappe.flags.lef_trusted_write = doors.is_ours(door)
		return
	# A website user of another app.
	if doors.closed_to_website_users(door, extra_methods()):
		refuse()
	values = doors.strings_in([request.path, dict(frappe.form_dict)])
	if doors.names_ours(values, records.our_doctypes(), records.our_series_prefixes()):
		refuse()
	if records.names_our_records(values):
		refuse()


def extra_methods() -> frozenset[str]:
	"""Methods the site's owner opened on purpose for Guest and website users (site config)."""
	value = frappe.conf.get(EXTRA_METHODS_KEY) or ()
	if isinstance(value, str):
		value = [part.strip() for part in value.split(",")]
	return frozenset(str(v) for v in value if v)


def refuse() -> None:
	frappe.local.response["http_status_code"] = 403
	frappe.throw(_(doors.REFUSAL), DoorClosed, title=_("Not allowed"))
