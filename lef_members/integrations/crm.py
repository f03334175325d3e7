"""Frappe CRM, when it is installed on the site: each Commissioning Organisation is linked
to its CRM Organization, found (same name, or the same website domain) or created once, and
its contact persons are the CRM's own (the shared Contact, shown on the CRM Organization).

Nothing here imports CRM: the app works alone, and this module acts only when
``"crm" in frappe.get_installed_apps()``. The link is a custom field
(``crm_organization``, a Link to CRM Organization) that ``integrations.setup`` adds to our
DocType when CRM is installed and removes before CRM is uninstalled, so our own JSON never
names a DocType that may not exist. The lookup asks for the few CRM Organizations that could
match, never loads them all.
"""

import frappe
from frappe import _

from lef_members.domain.organisations import OrgFacts, find_existing_organisation
from lef_members.integrations.lookup import domains_of, link_once, rows_by_website

APP = "crm"
TARGET = "CRM Organization"
LINK_FIELD = "crm_organization"
ORGANISATION = "Commissioning Organisation"

CUSTOM_FIELDS = {
	ORGANISATION: [
		{
			"fieldname": LINK_FIELD,
			"fieldtype": "Link",
			"label": "CRM Organization",
			"options": TARGET,
			"insert_after": "enterprise_number",
			"no_copy": 1,
			"description": "The same organisation in Frappe CRM: found or created when this record is saved.",
		}
	]
}


def is_active() -> bool:
	return APP in frappe.get_installed_apps() and bool(frappe.db.exists("DocType", TARGET))


def link_organisation(organisation, quiet: bool = False) -> str | None:
	"""Link the organisation to its CRM Organization (found or created); never blocks the save."""
	if not is_active():
		return None

	def find_or_create(organisation) -> str:
		name = _find(organisation) or _create(organisation)
		share_contacts(organisation.name, name)
		return name

	return link_once(
		organisation,
		LINK_FIELD,
		find_or_create,
		TARGET,
		_("The organisation was saved, but it could not be linked to Frappe CRM."),
		quiet,
	)


link = link_organisation  # the name every integration answers to (``integrations/late.py``)


def _candidates(organisation) -> list[dict]:
	fields = ["name", "organization_name", "website"]
	found = {
		r.name: r
		for r in frappe.get_all(
			TARGET, filters={"organization_name": organisation.organisation_name}, fields=fields, limit=20
		)
	}
	for r in rows_by_website(TARGET, fields, organisation):
		found[r.name] = r
	return list(found.values())


def _find(organisation) -> str | None:
	existing = [
		OrgFacts(
			key=r.name, name=r.organization_name or r.name, email_domains=(r.website,) if r.website else ()
		)
		for r in _candidates(organisation)
	]
	if not existing:
		return None
	match = find_existing_organisation(
		OrgFacts(name=organisation.organisation_name, email_domains=tuple(domains_of(organisation))), existing
	)
	return match.key if match else None


def _create(organisation) -> str:
	name = organisation.organisation_name
	if frappe.db.exists(TARGET, name):  # same record name, different organisation
		name = organisation.name
	doc = frappe.get_doc({"doctype": TARGET, "organization_name": name, "website": organisation.website})
	doc.insert(ignore_permissions=True)
	return doc.name


def share_contacts(organisation: str, crm_organization: str | None = None) -> int:
	"""Show the organisation's contact persons on its CRM Organization (CRM lists the Contacts whose
	company is the organization): the same Contact records, never copies. Returns how many moved."""
	if not is_active():
		return 0
	crm_organization = crm_organization or frappe.db.get_value(ORGANISATION, organisation, LINK_FIELD)
	if not crm_organization:
		return 0
	own_name = frappe.db.get_value(ORGANISATION, organisation, "organisation_name")
	contacts = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": ORGANISATION, "link_name": organisation},
		pluck="parent",
	)
	moved = 0
	for contact in set(contacts):
		company = frappe.db.get_value("Contact", contact, "company_name")
		if company != crm_organization and (not company or company == own_name):
			frappe.db.set_value("Contact", contact, "company_name", crm_organization, update_modified=False)
			moved += 1
	return moved


def dashboard(data: dict) -> dict:
	"""The CRM Organization's desk form reaches our organisation (and from it, its requests and
	assignments): a connection, the way Frappe shows related records."""
	data = data or {}
	data.setdefault("non_standard_fieldnames", {})[ORGANISATION] = LINK_FIELD
	data.setdefault("transactions", []).append(
		{"label": _("Forum of experts by experience"), "items": [ORGANISATION]}
	)
	return data
