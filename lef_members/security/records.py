"""Frappe's shared records (contacts, addresses, their links; comments, files, tags, versions)
as far as they touch the forum: no website user reads or writes them for our records or people.

- ``permission_query_conditions`` for website users: lists of these DocTypes leave out the rows
  of our records and of our members' and organisations' contacts (child rows included: Frappe
  lists ``Contact Email`` with only a check of the parent's DocType).
- ``doc_events`` refuse a website user's or Guest's write of such a record on ours, unless the
  app itself writes it (:func:`trusted`).

Desk users are not limited here: their permissions are Frappe's.
"""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from frappe import _

from lef_members.domain import portal_doors as doors

OUR_ROLES = (doors.MEMBER_ROLE, doors.ORGANISATION_ROLE)

# The column of each shared DocType that names the record it belongs to.
REFERENCE_COLUMN = {
	"Comment": "reference_doctype",
	"Communication": "reference_doctype",
	"Version": "ref_doctype",
	"File": "attached_to_doctype",
	"Tag Link": "document_type",
	"ToDo": "reference_type",
	"Activity Log": "reference_doctype",
	"DocShare": "share_doctype",
	"Dynamic Link": "link_doctype",
}


# --- what is ours ---------------------------------------------------------------------------------


def our_modules() -> list[str]:
	return frappe.get_module_list("lef_members")


def our_doctypes() -> tuple[str, ...]:
	cached = frappe.cache.get_value("lef_our_doctypes")
	if cached is None:
		cached = sorted(frappe.get_all("DocType", filters={"module": ("in", our_modules())}, pluck="name"))
		frappe.cache.set_value("lef_our_doctypes", cached, expires_in_sec=600)
	return tuple(cached)


def our_series_prefixes() -> tuple[str, ...]:
	cached = frappe.cache.get_value("lef_our_series")
	if cached is None:
		field = frappe.qb.DocType("DocField")
		rows = (
			frappe.qb.from_(field)
			.select(field.options)
			.where(field.fieldname == "naming_series")
			.where(field.parent.isin(list(our_doctypes()) or [""]))
			.run(pluck=True)
		)
		cached = sorted(
			{doors.series_prefix(line) for options in rows for line in (options or "").splitlines()} - {""}
		)
		frappe.cache.set_value("lef_our_series", cached, expires_in_sec=600)
	return tuple(cached)


def _named_by_hash_or_field() -> list[str]:
	"""Our record DocTypes whose names carry no series prefix (an organisation's name, a hash)."""
	return [
		d
		for d in frappe.get_all(
			"DocType",
			filters={
				"module": ("in", our_modules()),
				"issingle": 0,
				"autoname": ("in", ["hash", "field:organisation_name"]),
			},
			pluck="name",
		)
	]


def names_our_records(values: list[str]) -> bool:
	"""Does a request name a record of ours that has no series prefix, or a contact or address of
	our members and organisations? (The caller already refused series names and DocTypes.)"""
	names = sorted({v for v in values if 0 < len(v) <= 140})[: doors.MAX_STRINGS]
	if not names:
		return False
	for doctype in _named_by_hash_or_field():
		if frappe.db.exists(doctype, {"name": ("in", names)}):
			return True
	link = frappe.qb.DocType("Dynamic Link")
	if (
		frappe.qb.from_(link)
		.select(link.parent)
		.where(link.parenttype.isin(["Contact", "Address"]))
		.where(link.parent.isin(names))
		.where(link.link_doctype.isin(list(our_doctypes())))
		.limit(1)
		.run()
	):
		return True
	contact = frappe.qb.DocType("Contact")
	role = frappe.qb.DocType("Has Role")
	return bool(
		frappe.qb.from_(contact)
		.join(role)
		.on(role.parent == contact.user)
		.select(contact.name)
		.where(contact.name.isin(names) | contact.email_id.isin(names))
		.where(role.role.isin(OUR_ROLES))
		.limit(1)
		.run()
	)


# --- lists ------------------------------------------------------------------------------------------


def is_website_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	if user == "Guest":
		return True
	return frappe.get_cached_value("User", user, "user_type") != "System User"


def _in(values) -> str:
	return ", ".join(frappe.db.escape(v) for v in values) or "''"


def _our_people_contacts_sql(user: str) -> str:
	"""SQL for the names of contacts of our records and people, the user's own left out."""
	ours = _in(our_doctypes())
	roles = _in(OUR_ROLES)
	me = frappe.db.escape(user)
	return (
		"(select dl.parent from `tabDynamic Link` dl where dl.parenttype = 'Contact'"
		f" and dl.link_doctype in ({ours}))"
		" union (select c.name from `tabContact` c join `tabHas Role` hr on hr.parent = c.user"
		f" where hr.role in ({roles}) and c.user != {me})"
	)


def contact_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Contact: a website user never lists the contacts of our organisations or people."""
	user = user or frappe.session.user
	if not is_website_user(user):
		return ""
	me = frappe.db.escape(user)
	return f"(`tabContact`.`user` = {me} or `tabContact`.`name` not in ({_our_people_contacts_sql(user)}))"


def contact_child_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Contact Email, Contact Phone: only rows of contacts the caller may list."""
	user = user or frappe.session.user
	if not is_website_user(user):
		return ""
	table = f"`tab{doctype}`"
	return (
		f"({table}.`parenttype` != 'Contact' or {table}.`parent` not in ({_our_people_contacts_sql(user)})"
		f" or {table}.`parent` in (select name from `tabContact` where user = {frappe.db.escape(user)}))"
	)


def address_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_website_user(user):
		return ""
	return (
		"`tabAddress`.`name` not in (select dl.parent from `tabDynamic Link` dl"
		f" where dl.parenttype = 'Address' and dl.link_doctype in ({_in(our_doctypes())}))"
	)


def reference_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Comments, files, tags, versions...: none of a record of ours for a website user."""
	user = user or frappe.session.user
	if not is_website_user(user) or doctype not in REFERENCE_COLUMN:
		return ""
	column = f"`tab{doctype}`.`{REFERENCE_COLUMN[doctype]}`"
	condition = f"ifnull({column}, '') not in ({_in(our_doctypes())})"
	if doctype == "Dynamic Link":
		table = "`tabDynamic Link`"
		condition += (
			f" and ({table}.`parenttype` != 'Contact' or {table}.`parent` not in"
			f" ({_our_people_contacts_sql(user)}))"
		)
	return condition


# --- writes -----------------------------------------------------------------------------------------


@contextmanager
def trusted():
	"""The app itself writes a shared record for a portal user or Guest (a receipt, a staff note)."""
	previous = frappe.flags.lef_trusted_write
	frappe.flags.lef_trusted_write = True
	try:
		yield
	finally:
		frappe.flags.lef_trusted_write = previous


def _refuse_write() -> None:
	frappe.throw(_(doors.REFUSAL), frappe.PermissionError, title=_("Not allowed"))


def _outsider_writing() -> bool:
	"""A website user or Guest writes through a door of Frappe's (or another app's), not ours.

	Our own endpoints are marked trusted by the gate; code that runs outside a web request (a
	job, the console, the test runner) is the app's or staff's own.
	"""
	if frappe.flags.lef_trusted_write or getattr(frappe.local, "request", None) is None:
		return False
	return is_website_user()


def check_reference_write(doc, method=None) -> None:
	"""doc_events: a website user or Guest may not put a comment, file, tag... on our records."""
	if not _outsider_writing():
		return
	column = REFERENCE_COLUMN.get(doc.doctype)
	if column and doc.get(column) in our_doctypes():
		_refuse_write()


def check_contact_write(doc, method=None) -> None:
	"""doc_events on Contact and Address: a website user or Guest never links one to our records,
	nor changes one that is linked to them or belongs to one of our people."""
	if not _outsider_writing():
		return
	ours = set(our_doctypes())
	if any(link.link_doctype in ours for link in doc.get("links") or []):
		_refuse_write()
	if doc.is_new():
		return
	if frappe.db.exists(
		"Dynamic Link", {"parent": doc.name, "parenttype": doc.doctype, "link_doctype": ("in", list(ours))}
	):
		_refuse_write()
	if doc.doctype == "Contact":
		user = frappe.db.get_value("Contact", doc.name, "user")
		if user and user != frappe.session.user:
			_refuse_write()
