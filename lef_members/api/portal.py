"""What a member does in the portal, on their own record only.

Members never get desk permissions on Expert by Experience: these endpoints find the
member that belongs to the logged-in user and change only the fields a member may
change; the controller's validation (the domain rules) runs as for any save.
"""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from lef_members.domain import pace
from lef_members.domain.availability import PARTS_OF_DAY, WEEKDAYS
from lef_members.domain.errors import DomainError
from lef_members.domain.members import has_portal_access
from lef_members.exceptions import read_json, throw_domain_error
from lef_members.lef_members.pace import overview

# Fields a member may change on their own profile, with how to read them from a form.
EDITABLE_TEXT = ("phone", "address_line", "postcode", "municipality", "account_holder", "iban")
EDITABLE_LINKS = {"preferred_language": "Language"}
EDITABLE_SELECT = {"mobility": ("", "Own car", "Public transport", "Bicycle", "Needs a lift", "Online only")}
EDITABLE_INT = ("max_travel_km", "max_assignments_per_month")
EDITABLE_CHECK = ("prefers_online", "story_sharing_consent")
MAX_TEXT = 140
MAX_ABSENCES = 50


def get_my_member(for_update: bool = False):
	"""The logged-in user's member record, or a PermissionError for anyone else."""
	user = frappe.session.user
	if user in ("Guest", None):
		frappe.throw(_("Log in to see your profile."), frappe.PermissionError)
	name = frappe.db.get_value("Expert by Experience", {"user": user}, "name", for_update=for_update)
	if not name:
		frappe.throw(_("There is no member profile for your account."), frappe.PermissionError)
	doc = frappe.get_doc("Expert by Experience", name)
	if not has_portal_access(doc.status):
		frappe.throw(_("Your portal access is closed. Contact the forum."), frappe.PermissionError)
	return doc


@frappe.whitelist(methods=["POST"])
def save_profile(profile: str | dict) -> dict:
	"""Save the member's own profile from the portal form and return the saved values."""
	data = read_json(profile, _("The profile could not be read. Reload the page and try again."))
	if not isinstance(data, dict):
		frappe.throw(_("The profile could not be read. Reload the page and try again."))
	doc = get_my_member(for_update=True)

	for field in EDITABLE_TEXT:
		if field in data:
			value = data.get(field)
			value = "" if value is None else str(value).strip()
			if len(value) > MAX_TEXT:
				frappe.throw(
					_("{0} is too long: at most {1} characters.").format(
						_(doc.meta.get_label(field)), MAX_TEXT
					)
				)
			doc.set(field, value or None)
	for field, doctype in EDITABLE_LINKS.items():
		if field in data:
			value = str(data.get(field) or "").strip()
			if value and not frappe.db.exists(doctype, value):
				frappe.throw(_("{0}: {1} is not a known value.").format(_(doc.meta.get_label(field)), value))
			doc.set(field, value or None)
	for field, options in EDITABLE_SELECT.items():
		if field in data:
			value = str(data.get(field) or "")
			if value not in options:
				frappe.throw(_("{0}: {1} is not a known value.").format(_(doc.meta.get_label(field)), value))
			doc.set(field, value)
	for field in EDITABLE_INT:
		if field in data:
			doc.set(field, _int(data.get(field), _(doc.meta.get_label(field))))
	for field in EDITABLE_CHECK:
		if field in data:
			doc.set(field, 1 if cint(data.get(field)) else 0)

	if "availability" in data:
		doc.set("availability", [])
		for slot in _list(data.get("availability"), _("Weekly Availability")):
			weekday, part = str(slot.get("weekday", "")), str(slot.get("part_of_day", ""))
			if weekday not in WEEKDAYS or part not in PARTS_OF_DAY:
				frappe.throw(
					_("The weekly availability holds a value that is not a weekday and part of day.")
				)
			doc.append("availability", {"weekday": weekday, "part_of_day": part})

	if "absences" in data:
		rows = _list(data.get("absences"), _("Periods Away"))
		if len(rows) > MAX_ABSENCES:
			frappe.throw(_("At most {0} periods away.").format(MAX_ABSENCES))
		doc.set("absences", [])
		for row in rows:
			doc.append(
				"absences",
				{
					"from_date": _date(row.get("from_date"), _("From", context="lef_members")),
					"to_date": _date(row.get("to_date"), _("To", context="lef_members")),
					"reason": str(row.get("reason") or "").strip()[:MAX_TEXT],
				},
			)

	if "languages" in data:
		doc.set("languages", [])
		for language in _list(data.get("languages"), _("Languages"), of=str):
			language = str(language)
			if not frappe.db.exists("Language", language):
				frappe.throw(_("{0}: {1} is not a known value.").format(_("Languages"), language))
			doc.append("languages", {"language": language})

	if "themes_may_be_named" in data:
		# The member decides which of their own themes may be named to organisations;
		# which themes they have is recorded by the coordinator.
		allowed = data.get("themes_may_be_named")
		if not isinstance(allowed, dict):
			frappe.throw(_("The profile could not be read. Reload the page and try again."))
		for row in doc.themes:
			if row.experience_theme in allowed:
				row.may_be_named = 1 if cint(allowed[row.experience_theme]) else 0

	_set_pace(doc, data)

	doc.flags.from_portal = True
	doc.save(ignore_permissions=True)
	return {"message": _("Your profile was saved."), "modified": str(doc.modified)}


@frappe.whitelist(methods=["GET"])
def year_overview_pdf(year: str | int | None = None) -> None:
	"""The member's own yearly overview (assignments, hours, themes, shared feedback) as a PDF."""
	member = get_my_member()
	this_year = getdate(today()).year
	chosen = overview.year_from(year, default=this_year)
	frappe.local.response.filename = f"{member.name}-{chosen}.pdf"
	frappe.local.response.filecontent = overview.year_pdf(member, chosen)
	frappe.local.response.type = "pdf"


def _set_pace(doc, data: dict) -> None:
	"""The member's own pace: willingness per theme of theirs, audiences declined, rest days.

	Which themes a member has is recorded by the coordinator; the member decides on each.
	"""
	if "themes_willingness" in data:
		given = data.get("themes_willingness")
		if not isinstance(given, dict):
			frappe.throw(_("The profile could not be read. Reload the page and try again."))
		on = getdate(today())
		for row in doc.themes:
			choice = given.get(row.experience_theme)
			if choice is None:
				continue
			if not isinstance(choice, dict):
				frappe.throw(_("The profile could not be read. Reload the page and try again."))
			until = choice.get("not_now_until")
			until = _date(until, _("Not Now Until")) if until else None
			try:
				row.willingness = pace.check_willingness(str(choice.get("willingness") or ""), until, on)
			except DomainError as error:
				throw_domain_error(error)
			row.not_now_until = until if row.willingness == pace.WILLING_NOT_NOW else None

	if "declined_audiences" in data:
		groups = _list(data.get("declined_audiences"), _("Audiences the Member Does Not Work For"), of=str)
		known = (
			set(frappe.get_all("Target Group", filters={"name": ("in", groups)}, pluck="name"))
			if groups
			else set()
		)
		for group in groups:
			if group not in known:
				frappe.throw(
					_("{0}: {1} is not a known value.").format(_("Target Group"), str(group)[:MAX_TEXT])
				)
		doc.set("declined_audiences", [{"target_group": group} for group in dict.fromkeys(groups)])

	if "rest_days_after_heavy" in data:
		value = str(data.get("rest_days_after_heavy") or "").strip()
		if value and value not in {str(days) for days in pace.REST_DAY_CHOICES}:
			frappe.throw(
				_("{0}: {1} is not a known value.").format(_("Rest Days After Heavy Work"), value[:MAX_TEXT])
			)
		doc.rest_days_after_heavy = value


def _int(value, label: str) -> int:
	try:
		return int(str(value).strip())
	except (TypeError, ValueError):
		frappe.throw(_("{0} must be a whole number.").format(label))


def _date(value, label: str):
	try:
		return getdate(str(value)) if value else frappe.throw(_("{0}: enter a date.").format(label))
	except (TypeError, ValueError):
		frappe.throw(_("{0}: {1} is not a date.").format(label, str(value)[:20]))


def _list(value, label: str, of: type = dict) -> list:
	if not isinstance(value, list) or not all(isinstance(item, of) for item in value):
		frappe.throw(_("{0} could not be read. Reload the page and try again.").format(label))
	return value
