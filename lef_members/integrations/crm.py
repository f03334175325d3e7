"""Frappe CRM, when it is installed on the site: each Commissioning Organisation is linked
to its CRM Organization, found (same name, or the same website domain) or created once.

Nothing here imports CRM: the app works alone, and this module acts only when
``"crm" in frappe.get_installed_apps()``. The link is a custom field
(``crm_organization``, a Link to CRM Organization) that ``integrations.setup`` adds to our
DocType when CRM is installed and removes before CRM is uninstalled, so our own JSON never
names a DocType that may not exist.
"""

import frappe
from frappe import _

from lef_members.domain.organisations import OrgFacts, find_existing_organisation

APP = "crm"
TARGET = "CRM Organization"
LINK_FIELD = "crm_organization"

CUSTOM_FIELDS = {
	"Commissioning Organisation": [
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
	return APP in frappe.get_installed_apps() and frappe.db.exists("DocType", TARGET)


def link_organisation(organisation) -> str | None:
	"""Link the organisation to its CRM Organization (found or created); never blocks the save."""
	if not is_active() or not organisation.meta.has_field(LINK_FIELD) or organisation.get(LINK_FIELD):
		return None
	savepoint = "lef_crm_link"
	frappe.db.savepoint(savepoint)
	try:
		name = _find(organisation) or _create(organisation)
		organisation.db_set(LINK_FIELD, name, update_modified=False)
		return name
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=f"lef_members: could not link {organisation.name} to a CRM Organization")
		frappe.msgprint(
			_("The organisation was saved, but it could not be linked to Frappe CRM."),
			indicator="orange",
			alert=True,
		)
		return None


def _find(organisation) -> str | None:
	rows = frappe.get_all(TARGET, fields=["name", "organization_name", "website"])
	existing = [
		OrgFacts(
			key=r.name, name=r.organization_name or r.name, email_domains=(r.website,) if r.website else ()
		)
		for r in rows
	]
	domains = tuple(filter(None, [*(organisation.email_domains or "").splitlines(), organisation.website]))
	match = find_existing_organisation(
		OrgFacts(name=organisation.organisation_name, email_domains=domains), existing
	)
	return match.key if match else None


def _create(organisation) -> str:
	name = organisation.organisation_name
	if frappe.db.exists(TARGET, name):  # same record name, different organisation
		name = organisation.name
	doc = frappe.get_doc({"doctype": TARGET, "organization_name": name, "website": organisation.website})
	doc.insert(ignore_permissions=True)
	return doc.name
