"""Each Commissioning Organisation linked to its ERPNext Customer, found (same tax ID, same name,
same website) or created once, with the forum's customer group and territory.

The lookup asks the database for the few customers that could match (by tax ID in its usual
spellings, by name, by website), never loads every customer: a site with ERPNext may hold tens
of thousands.
"""

import frappe
from frappe import _

from lef_members.domain.organisations import OrgFacts, find_existing_organisation
from lef_members.integrations.erpnext import settings
from lef_members.integrations.erpnext.common import LINK_FIELD, TARGET, is_active
from lef_members.integrations.lookup import domains_of, link_once, rows_by_website

FIELDS = ["name", "customer_name", "tax_id", "website"]


def link_customer(organisation, quiet: bool = False) -> str | None:
	"""Link the organisation to its Customer (found or created); never blocks the save."""
	if not is_active():
		return None
	return link_once(
		organisation,
		LINK_FIELD,
		lambda organisation: find(organisation) or create(organisation),
		TARGET,
		_("The organisation was saved, but it could not be linked to an ERPNext customer."),
		quiet,
	)


def tax_id_spellings(number: str) -> list[str]:
	"""A Belgian enterprise number as ERPNext users write it: 0123.456.789, BE0123456789, ..."""
	digits = "".join(ch for ch in number if ch.isdigit())
	if not digits:
		return []
	dotted = f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else digits
	return sorted({number, digits, dotted, f"BE{digits}", f"BE {digits}", f"BE{dotted}", f"BE {dotted}"})


def candidates(organisation) -> list[dict]:
	"""The customers that could be this organisation: a handful of indexed lookups."""
	found: dict[str, dict] = {}
	spellings = tax_id_spellings(organisation.enterprise_number or "")
	if spellings:
		for row in frappe.get_all(TARGET, filters={"tax_id": ("in", spellings)}, fields=FIELDS, limit=20):
			found[row.name] = row
	for row in frappe.get_all(
		TARGET, filters={"customer_name": organisation.organisation_name}, fields=FIELDS, limit=20
	):
		found[row.name] = row
	for row in rows_by_website(TARGET, FIELDS, organisation):
		found[row.name] = row
	return list(found.values())


def find(organisation) -> str | None:
	existing = [
		OrgFacts(
			key=r.name,
			name=r.customer_name or r.name,
			enterprise_number=r.tax_id or "",
			email_domains=(r.website,) if r.website else (),
		)
		for r in candidates(organisation)
	]
	if not existing:
		return None
	match = find_existing_organisation(
		OrgFacts(
			name=organisation.organisation_name,
			enterprise_number=organisation.enterprise_number or "",
			email_domains=tuple(domains_of(organisation)),
		),
		existing,
	)
	return match.key if match else None


def create(organisation) -> str:
	doc = frappe.get_doc(
		{
			"doctype": TARGET,
			"customer_name": organisation.organisation_name,
			"customer_type": "Company",
			"customer_group": settings.customer_group(),
			"territory": settings.territory(),
			"tax_id": organisation.enterprise_number or None,
			"website": organisation.website or None,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name
