"""Moving a forum in from its spreadsheets, on a site: the dry run, storing what passed, and
inviting the members to the portal afterwards, in batches.

The rules are in :mod:`lef_members.domain.moving_in`; this loads what they need (the site's
choices in three languages, the members, organisations, contacts, certificates and past work
already there), stores the rows that passed, and reports the rest in the reader's language.
Nothing sends a mail: the whole move runs with Frappe's mails muted, and portal accounts are
made only when staff invite, each batch as a background job (a welcome mail only if asked).

What past work becomes: a completed assignment (its session, its experts accepted), and per
expert an approved hour log marked "moved in", which counts in the reports and in fair
rotation and is never paid by a payout (the forum paid it before). What a member was paid this
year before moving in is stored as an allowance the member received that year (it uses up the
yearly room as the law counts it, across organisations).
"""

import base64
import json
from collections import Counter
from contextlib import contextmanager
from datetime import time

import frappe
from frappe import _
from frappe.utils import add_to_date, getdate, today

from lef_members.domain import members as member_rules
from lef_members.domain.moving_in import plan as moving_plan
from lef_members.domain.moving_in import sheets
from lef_members.lef_members.doctype.expert_by_experience.expert_by_experience import invite_to_portal
from lef_members.lef_moving_in.workbook import LANGUAGES, in_languages, label, read
from lef_members.lef_moving_in.workbook import template as template_workbook
from lef_members.utilities.notify import language
from lef_members.utilities.reader import for_reader

STAFF_ROLES = frozenset({"LEF Coordinator", "System Manager"})
INVITE_BATCH = 25
# A note as many rows share is shown once, with the number of rows.
SHARED_NOTE = 5
MEMBER = "Expert by Experience"
ORGANISATION = "Commissioning Organisation"
# Columns of the members sheet stored as they are on the member.
MEMBER_FIELDS = (
	"first_name",
	"last_name",
	"email",
	"phone",
	"paused_until",
	"joined_on",
	"left_on",
	"consent_date",
	"consent_version",
	"experience_kind",
	"address_line",
	"postcode",
	"municipality",
	"mobility",
	"max_travel_km",
	"allowance_regime",
	"iban",
	"account_holder",
	"availability_note",
)
ORGANISATION_FIELDS = ("organisation_type", "enterprise_number", "email", "phone", "website")


class MovingInError(frappe.ValidationError):
	pass


def check_staff() -> None:
	if not STAFF_ROLES & set(frappe.get_roles()):
		frappe.throw(_("Only a coordinator moves a forum's records in."), frappe.PermissionError)


# --- What the site holds -------------------------------------------------------------------------


def choices() -> dict[str, dict[str, set[str]]]:
	"""Each choice list: stored value -> its spellings in Dutch, French and English."""

	def options(doctype: str, fieldname: str) -> dict[str, set[str]]:
		field = frappe.get_meta(doctype).get_field(fieldname)
		values = [o for o in (field.options or "").split("\n") if o.strip()]
		return {v: {*in_languages(v), *in_languages(v, context=doctype)} for v in values}

	def records(doctype: str, label_field: str | None = None) -> dict[str, set[str]]:
		fields = ["name", label_field] if label_field else ["name"]
		rows = frappe.get_all(doctype, fields=fields, filters=_enabled(doctype))
		found = {}
		for row in rows:
			label = row.get(label_field) if label_field else row.name
			found[row.name] = {row.name, label or row.name, *in_languages(label or row.name)}
		return found

	countries = {}
	for row in frappe.get_all("Country", fields=["name", "code"]):
		if row.code:
			countries[row.code.upper()] = {row.name, row.code, *in_languages(row.name)}
	return {
		sheets.MEMBER_STATUS: options(MEMBER, "status"),
		sheets.EXPERIENCE_KIND: options(MEMBER, "experience_kind"),
		sheets.MOBILITY: options(MEMBER, "mobility"),
		sheets.THEMES: records("Experience Theme"),
		sheets.SKILLS: records("Expert Skill"),
		sheets.LANGUAGES: records("Language", "language_name"),
		sheets.REGIMES: records("Allowance Regime"),
		sheets.COUNTRIES: countries,
		sheets.ORGANISATION_TYPES: options(ORGANISATION, "organisation_type"),
		sheets.COURSES: records("Training Course"),
		sheets.ASSIGNMENT_TYPES: records("Assignment Type"),
	}


def _enabled(doctype: str) -> dict:
	meta = frappe.get_meta(doctype)
	if meta.has_field("disabled"):
		return {"disabled": 0}
	if meta.has_field("enabled"):
		return {"enabled": 1}
	return {}


def known(language: str | None = None) -> moving_plan.Known:
	site = moving_plan.Known(today=getdate(today()), language=language or frappe.local.lang or "nl")
	site.choices = choices()
	default_country = frappe.db.get_default("country")
	code = frappe.db.get_value("Country", default_country, "code") if default_country else None
	site.default_country = (code or "be").upper()
	fields = ["name", "status", "country", *MEMBER_FIELDS]
	codes = {
		name: (code or "").upper()
		for name, code in frappe.get_all("Country", fields=["name", "code"], as_list=True)
	}
	for row in frappe.get_all(MEMBER, fields=fields, filters={"anonymised_on": ("is", "not set")}):
		row = {k: v for k, v in row.items() if v not in (None, "")}
		if "country" in row:
			row["country"] = codes.get(row["country"], row["country"])
		site.members[row["email"]] = row
	_member_lists(site)
	for row in frappe.get_all(ORGANISATION, fields=["name", "organisation_name", *ORGANISATION_FIELDS]):
		site.organisations[row.name] = {k: v for k, v in row.items() if v not in (None, "")}
	links = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": ORGANISATION},
		fields=["parent", "link_name"],
	)
	organisation_of = {link.parent: link.link_name for link in links}
	for row in frappe.get_all(
		"Contact",
		filters={"name": ("in", list(organisation_of) or [""])},
		fields=["name", "email_id", "first_name", "last_name", "phone"],
	):
		if row.email_id:
			site.contacts[row.email_id.lower()] = {
				k: v
				for k, v in {
					"first_name": row.first_name,
					"last_name": row.last_name,
					"phone": row.phone,
					"organisation": organisation_of[row.name],
				}.items()
				if v
			}
	email_of = {name: email for name, email in frappe.get_all(MEMBER, fields=["name", "email"], as_list=True)}
	for member, course, passed in frappe.get_all(
		"Training Enrollment",
		filters={"result": "Passed"},
		fields=["member", "course", "completion_date"],
		as_list=True,
	):
		if member in email_of and passed:
			site.certificates.add((email_of[member], course, getdate(passed)))
	session = frappe.qb.DocType("Assignment Session")
	assignment = frappe.qb.DocType("Assignment")
	for organisation, kind, day, title in (
		frappe.qb.from_(assignment)
		.join(session)
		.on(session.parent == assignment.name)
		.select(assignment.organisation, assignment.assignment_type, session.session_date, assignment.title)
		.where(assignment.moved_in == 1)
		.run()
	):
		site.past_work.add((organisation, kind, getdate(day), title))
	return site


def _member_lists(site: moving_plan.Known) -> None:
	"""What existing members hold of the columns that add up: themes, skills, languages, their
	week, and what the forum paid them before the app this year (a fixed number of queries)."""
	email_of = {
		name: email
		for name, email in frappe.get_all(MEMBER, fields=["name", "email"], as_list=True)
		if email in site.members
	}
	for table, field, key in (
		("Expert Theme", "experience_theme", "themes"),
		("Expert by Experience Skill", "skill", "skills"),
		("Expert by Experience Language", "language", "languages"),
	):
		for parent, value in frappe.get_all(
			table, filters={"parenttype": MEMBER}, fields=["parent", field], as_list=True
		):
			if parent in email_of:
				site.members[email_of[parent]].setdefault(key, []).append(value)
	for parent in frappe.get_all(
		"Expert Availability Slot", filters={"parenttype": MEMBER}, pluck="parent", distinct=True
	):
		if parent in email_of:
			site.members[email_of[parent]]["availability"] = True
	for member, amount, days in frappe.get_all(
		"Allowance Received Elsewhere",
		filters={"year": site.today.year, "organisation": _paid_before_label()},
		fields=["member", "amount", "days"],
		as_list=True,
	):
		if member in email_of:
			site.members[email_of[member]].update({"paid_this_year": amount, "days_paid_this_year": days})


def spellings() -> dict[str, dict[str, set[str]]]:
	"""Each sheet's column keys -> the headers accepted for them (the label in three languages)."""
	return {
		sheet.key: {c.key: set(in_languages(c.label, c.context)) for c in sheet.columns}
		for sheet in sheets.SHEETS
	}


# --- The dry run ---------------------------------------------------------------------------------


def judge(content: bytes, filename: str, mapping: dict | None = None, sheet: str | None = None):
	"""The plan for a file: (plan, header problems per sheet)."""
	if sheet and sheet not in sheets.BY_KEY:
		frappe.throw(_("{0} is not one of the template's sheets.").format(sheet), MovingInError)
	book = read(content, filename, sheet)
	accepted = spellings()
	workbook, problems, unread = {}, {}, {}
	for key, (headers, rows) in book.items():
		if key == "":
			problems[""] = [
				_("Sheet {0} is not one of the template's; it was not read.").format(t) for t in headers
			] + [_("Sheet {0} holds what an earlier sheet holds; it was not read.").format(t) for t in rows]
			continue
		header_map = sheets.map_headers(sheets.BY_KEY[key], headers, accepted[key], (mapping or {}).get(key))
		notes = []
		if header_map.missing:
			notes.append(
				_("Columns missing: {0}. No row of this sheet can be moved in without them.").format(
					", ".join(label(sheets.BY_KEY[key].column(k)) for k in header_map.missing)
				)
			)
		if header_map.unknown:
			unread[key] = header_map.unknown
			notes.append(
				_("Columns not read (map them, or they are left out): {0}.").format(
					", ".join(header_map.unknown)
				)
			)
		if header_map.repeated:
			notes.append(
				_("Columns given twice (the first is read): {0}.").format(
					", ".join(label(sheets.BY_KEY[key].column(k)) for k in header_map.repeated)
				)
			)
		if notes:
			problems[key] = notes
		if not header_map.missing:
			workbook[key] = sheets.rows_of(header_map, rows)
	result = moving_plan.plan(workbook, known())
	result.unread_columns = unread
	for key, errors in result.sheet_problems.items():
		problems.setdefault(key, []).extend(e.render(for_reader()) for e in errors)
	return result, problems


def report(result: moving_plan.Plan, problems: dict) -> dict:
	"""The plan as the page and the command show it, in the reader's language."""
	reader = for_reader()
	# A note most rows share (consent recorded before the app) is said once, with its count.
	shared = Counter(e.render(reader) for row in result.rows for e in row.notes)
	summary = [
		_("{0} rows: {1}").format(count, text) for text, count in shared.items() if count >= SHARED_NOTE
	]
	rows = []
	for row in result.rows:
		notes = [e for e in row.notes if shared[e.render(reader)] < SHARED_NOTE]
		if row.action in (moving_plan.CREATE, moving_plan.UNCHANGED) and not notes:
			continue
		sheet = sheets.BY_KEY[row.sheet]
		rows.append(
			{
				"sheet": row.sheet,
				"row": row.number,
				"key": row.key,
				"action": row.action,
				"problems": [_message(sheet, e, reader) for e in row.problems],
				"notes": [_message(sheet, e, reader) for e in notes],
				"changes": [
					label(sheet.column(k)) for k in row.changes if k in {c.key for c in sheet.columns}
				],
			}
		)
	return {
		"counts": result.counts(),
		"summary": summary,
		# For the page to offer a column for each header it did not read.
		"unread": result.unread_columns,
		"columns": {s.key: [[c.key, label(c)] for c in s.columns] for s in sheets.SHEETS},
		"sheets": {s.key: label(s) for s in sheets.SHEETS},
		"rows": rows,
		"problems": problems,
		"to_create": {k: v for k, v in result.to_create.items()},
	}


def _message(sheet: sheets.Sheet, error, reader) -> str:
	text = error.render(reader)
	column = next((c for c in sheet.columns if c.key == error.field), None)
	colon = _(":", context="between a label and its value")
	return f"{label(column)}{colon} {text}" if column else text


@frappe.whitelist()
def template(language: str = "nl") -> None:
	"""Download the workbook to fill in, in Dutch, French or English."""
	check_staff()
	if language not in LANGUAGES:
		frappe.throw(_("Choose Dutch, French or English."), MovingInError)
	frappe.response.filename = f"lef-moving-in-{language}.xlsx"
	frappe.response.filecontent = template_workbook(language)
	frappe.response.type = "binary"


@frappe.whitelist(methods=["POST"])
def dry_run(content: str, filename: str, mapping: str | dict | None = None, sheet: str | None = None) -> dict:
	"""What the file would make, update, leave alone and refuse; nothing is stored."""
	check_staff()
	result, problems = judge(_bytes(content), filename, _mapping(mapping), sheet)
	frappe.db.rollback()
	return report(result, problems)


@frappe.whitelist(methods=["POST"])
def move_in(content: str, filename: str, mapping: str | dict | None = None, sheet: str | None = None) -> dict:
	"""Store every row that passes the rules; list the rest. No mail leaves."""
	check_staff()
	result, problems = judge(_bytes(content), filename, _mapping(mapping), sheet)
	made = store(result)
	out = report(result, problems)
	out["made"] = made
	return out


def _bytes(content: str | bytes) -> bytes:
	if isinstance(content, bytes):
		return content
	try:
		return base64.b64decode(content.split(",", 1)[-1], validate=False)
	except Exception:
		frappe.throw(_("The file could not be read."), MovingInError)


def _mapping(mapping) -> dict:
	if not mapping:
		return {}
	if isinstance(mapping, str):
		try:
			mapping = json.loads(mapping)
		except ValueError:
			mapping = None
	valid = isinstance(mapping, dict) and all(
		key in sheets.BY_KEY
		and isinstance(columns, dict)
		and all(isinstance(h, str) and isinstance(c, str) for h, c in columns.items())
		for key, columns in mapping.items()
	)
	if not valid:
		frappe.throw(_("The column mapping is not valid."), MovingInError)
	return mapping


# --- Storing -------------------------------------------------------------------------------------


@contextmanager
def quietly():
	"""No mail leaves while records move in, nor is one queued by a notification rule."""
	# in_import: Frappe's Notification rules and contact avatars skip what is imported.
	saved = (frappe.flags.mute_emails, frappe.flags.in_import)
	frappe.flags.mute_emails = frappe.flags.in_import = True
	try:
		yield
	finally:
		frappe.flags.mute_emails, frappe.flags.in_import = saved


def store(result: moving_plan.Plan) -> dict[str, int]:
	"""Store the rows that passed, each on its own (a row that fails at the database is listed
	as refused and the others stay); returns how many records were made or updated per sheet."""
	made = {s.key: 0 for s in sheets.SHEETS}
	with quietly():
		for name in result.to_create.get(sheets.THEMES, []):
			if not frappe.db.exists("Experience Theme", name):
				frappe.get_doc({"doctype": "Experience Theme", "theme_name": name}).insert()
		members: dict[str, str] = dict(frappe.get_all(MEMBER, fields=["email", "name"], as_list=True))
		for sheet, store_row in (
			("organisations", _store_organisation),
			("contacts", _store_contact),
			("members", _store_member),
			("certificates", _store_certificate),
			("past_work", _store_past_work),
		):
			for row in result.of(sheet, moving_plan.CREATE, moving_plan.UPDATE):
				savepoint = f"lef_move_in_{sheet}_{row.number}"
				frappe.db.savepoint(savepoint)
				try:
					store_row(row, members)
					made[sheet] += 1
				except Exception as error:
					frappe.db.rollback(save_point=savepoint)
					frappe.clear_last_message()
					row.action = moving_plan.REFUSED
					row.problems.append(_StoredError(str(error) or error.__class__.__name__))
	return made


class _StoredError:
	"""A row the database refused (a rule of the site the dry run could not see)."""

	field = None

	def __init__(self, text: str):
		self.text = frappe.utils.strip_html(text)

	def render(self, reader=None) -> str:
		return self.text


def _set(doc, values: dict, fields) -> None:
	for field in fields:
		if field in values:
			doc.set(field, values[field])


def _store_organisation(row, members) -> None:
	v = row.values
	if row.existing:
		doc = frappe.get_doc(ORGANISATION, row.existing)
	else:
		doc = frappe.new_doc(ORGANISATION)
		doc.organisation_name = v["organisation_name"]
	_set(doc, v, ORGANISATION_FIELDS)
	doc.save() if row.existing else doc.insert()
	row.existing = doc.name


def _store_contact(row, members) -> None:
	v = row.values
	name = frappe.db.get_value("Contact Email", {"email_id": row.key, "parenttype": "Contact"}, "parent")
	doc = frappe.get_doc("Contact", name) if name else frappe.new_doc("Contact")
	_set(doc, v, ("first_name", "last_name"))
	if not name:
		doc.append("email_ids", {"email_id": row.key, "is_primary": 1})
	if v.get("phone") and v["phone"] not in {p.phone for p in doc.phone_nos}:
		primary = not any(p.is_primary_phone for p in doc.phone_nos)
		doc.append("phone_nos", {"phone": v["phone"], "is_primary_phone": int(primary)})
	if not any(
		link.link_doctype == ORGANISATION and link.link_name == v["organisation"] for link in doc.links
	):
		doc.append("links", {"link_doctype": ORGANISATION, "link_name": v["organisation"]})
	doc.save(ignore_permissions=True) if name else doc.insert(ignore_permissions=True)


def _store_member(row, members) -> None:
	v = dict(row.values)
	if "country" in v:
		v["country"] = frappe.db.get_value("Country", {"code": v["country"].lower()}, "name")
	if row.existing or row.key in members:
		doc = frappe.get_doc(MEMBER, members[row.key])
	else:
		doc = frappe.new_doc(MEMBER)
		doc.status = v["status"]
	_set(
		doc,
		v,
		[
			f
			for f in (*MEMBER_FIELDS, "country")
			if f in v and (doc.is_new() or f in row.changes or not doc.get(f))
		],
	)
	held = {r.experience_theme for r in doc.themes}
	for theme in v.get("themes", []):
		if theme not in held:
			doc.append("themes", {"experience_theme": theme, "willingness": "Yes"})
	for table, field, key in (("skills", "skill", "skills"), ("languages", "language", "languages")):
		held = {r.get(field) for r in doc.get(table)}
		for value in v.get(key, []):
			if value not in held:
				doc.append(table, {field: value})
	if "availability" in v and not doc.availability:
		for weekday, part in v["availability"]:
			doc.append("availability", {"weekday": weekday, "part_of_day": part})
	if doc.is_new():
		doc.awaiting_invitation = 1  # staff invite after the move, in batches
	doc.save() if not doc.is_new() else doc.insert()
	members[row.key] = doc.name
	if "paid_this_year" in v:
		_paid_before(doc, v["paid_this_year"], v.get("days_paid_this_year"))


def _paid_before(member, amount, days) -> None:
	"""What the forum paid this member this year before the app: it uses up this year's room."""
	year = getdate(today()).year
	organisation = _paid_before_label()
	name = frappe.db.get_value(
		"Allowance Received Elsewhere", {"member": member.name, "year": year, "organisation": organisation}
	)
	doc = (
		frappe.get_doc("Allowance Received Elsewhere", name)
		if name
		else frappe.new_doc("Allowance Received Elsewhere")
	)
	doc.update(
		{
			"member": member.name,
			"year": year,
			"organisation": organisation,
			"amount": amount,
			"days": int(days or 0),
			"note": _("Paid by the forum this year before its records moved into the app."),
		}
	)
	doc.save(ignore_permissions=True) if name else doc.insert(ignore_permissions=True)


def _paid_before_label() -> str:
	"""Where what the forum paid before the app is recorded: in the site's language, whoever
	moves the records in, so that a second import finds it again."""
	with language(frappe.db.get_default("lang") or "en"):
		return _("{0}, before the app").format(
			frappe.db.get_single_value("LEF Settings", "forum_name") or "LEF"
		)


def _store_certificate(row, members) -> None:
	v = row.values
	passed = v["passed_on"]
	title = _("{0}, before the app").format(_(v["course"]))
	session = frappe.db.get_value(
		"Training Session", {"course": v["course"], "title": title, "start_date": passed}, "name"
	)
	if not session:
		session_doc = frappe.get_doc(
			{
				"doctype": "Training Session",
				"course": v["course"],
				"title": title,
				"status": "Completed",
				"capacity": 0,
				"dates": [{"session_date": passed, "start_time": "09:00:00", "end_time": "17:00:00"}],
			}
		)
		session_doc.update({"start_date": passed, "end_date": passed})
		session_doc.flags.ignore_validate = True  # a session held before the app
		session_doc.insert()
		session = session_doc.name
	valid_until = v.get("valid_until")
	if not valid_until:
		months = frappe.db.get_value("Training Course", v["course"], "validity_months")
		valid_until = add_to_date(passed, months=months) if months else None
	enrolment = frappe.get_doc(
		{
			"doctype": "Training Enrollment",
			"member": members[row.key],
			"training_session": session,
			"course": v["course"],
			"status": "Completed",
			"enrolled_via": "Coordinator",
			"result": "Passed",
			"completion_date": passed,
			"certificate_expiry": valid_until,
		}
	)
	enrolment.flags.moved_in = True  # a certificate earned before the app: no place to decide
	enrolment.flags.ignore_validate = True
	enrolment.insert()


def _store_past_work(row, members) -> None:
	v = row.values
	experts = [members[e] for e in v["experts"]]
	end = _end_time(v["hours"])
	assignment = frappe.get_doc(
		{
			"doctype": "Assignment",
			"title": v["title"],
			"assignment_type": v["assignment_type"],
			"organisation": v["organisation"],
			"status": "Draft",
			"experts_needed": len(experts),
			"location_type": "On site",
			"billing_mode": "Free",
			"moved_in": 1,
			"sessions": [{"session_date": v["date"], "start_time": "09:00:00", "end_time": end}],
		}
	).insert()
	for member in experts:
		frappe.get_doc(
			{
				"doctype": "Assignment Expert",
				"assignment": assignment.name,
				"member": member,
				"status": "Accepted",
				"answered_on": v["date"],
			}
		).insert(ignore_permissions=True)
		if v["hours"] or v.get("kilometres"):
			log = frappe.get_doc(
				{
					"doctype": "Hour Log",
					"member": member,
					"assignment": assignment.name,
					"session_date": v["date"],
					"execution_hours": float(v["hours"]),
					"total_hours": float(v["hours"]),
					"kilometres": float(v.get("kilometres") or 0),
					"transport_mode": "Car" if v.get("kilometres") else None,
					"moved_in": 1,
					"docstatus": 1,
				}
			)
			log.flags.ignore_validate = True  # judged by the dry run; paid before the app
			log.insert(ignore_permissions=True)
	# History, not a flow: it was done, so it is completed (no invitation, no mail, no bill).
	frappe.db.set_value(
		"Assignment",
		assignment.name,
		{"status": "Completed", "experts_accepted": len(experts), "experts_invited": len(experts)},
		update_modified=False,
	)


def _end_time(hours) -> str:
	minutes = min(int(float(hours or 0) * 60), 14 * 60) or 60
	return time(9 + minutes // 60, minutes % 60).isoformat() if 9 + minutes // 60 < 24 else "23:00:00"


# --- Portal accounts -----------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def invite(send_welcome: int | str = 0) -> dict:
	"""Make the portal accounts of members who have none, in batches of background jobs;
	a welcome mail only if asked."""
	check_staff()
	names = frappe.get_all(
		MEMBER,
		filters={
			"status": ("in", [s for s in member_rules.STATUSES if member_rules.has_portal_access(s)]),
			"awaiting_invitation": 1,
			"anonymised_on": ("is", "not set"),
		},
		pluck="name",
		order_by="creation",
	)
	batches = [names[i : i + INVITE_BATCH] for i in range(0, len(names), INVITE_BATCH)]
	for batch in batches:
		frappe.enqueue(
			invite_batch,
			queue="long",
			enqueue_after_commit=True,
			members=batch,
			send_welcome=bool(int(send_welcome or 0)),
		)
	return {"members": len(names), "batches": len(batches)}


def invite_batch(members: list[str], send_welcome: bool = False) -> None:
	for name in members:
		try:
			invite_to_portal(name, send_welcome=send_welcome)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Portal account not made for {0}").format(name))
