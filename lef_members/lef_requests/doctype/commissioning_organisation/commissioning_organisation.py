# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""An organisation that commissions assignments, with its contacts and addresses.

Contacts and addresses are Frappe's own Contact and Address, linked through their
Dynamic Links, shown on the form the way Customer shows them
(``frappe.contacts.address_and_contact.load_address_and_contact``). When a request is
accepted, :func:`find_or_create_organisation` looks for the organisation among the
existing ones (``domain.organisations.find_existing_organisation``: enterprise number,
then e-mail domain, then name) before creating one, and :func:`find_or_create_contact`
does the same for the contact person by e-mail address.
"""

import frappe
from frappe import _
from frappe.contacts.address_and_contact import delete_contact_and_address, load_address_and_contact
from frappe.model.document import Document
from frappe.utils import get_link_to_form

from lef_members.domain.errors import DomainError
from lef_members.domain.identifiers import normalize_email, normalize_phone
from lef_members.domain.organisations import (
	RULE_EMAIL_DOMAIN,
	RULE_ENTERPRISE_NUMBER,
	OrgFacts,
	email_domain,
	enterprise_number_key,
	find_existing_organisation,
	free_name,
	is_public_mail_domain,
	normalize_enterprise_number,
)
from lef_members.domain.triage import split_person_name
from lef_members.exceptions import OrganisationError, throw_domain_error
from lef_members.integrations import crm, registry
from lef_members.utilities.reader import for_reader

DOCTYPE = "Commissioning Organisation"


class CommissioningOrganisation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		disabled: DF.Check
		email: DF.Data | None
		email_domains: DF.SmallText | None
		enterprise_number: DF.Data | None
		notes: DF.SmallText | None
		organisation_name: DF.Data
		organisation_type: DF.Literal[
			"",
			"Hospital or psychiatric centre",
			"Care network",
			"Centre for general welfare",
			"Public social welfare centre",
			"Health insurance fund",
			"Municipality or government",
			"School or university",
			"General practice",
			"Recovery or self-help organisation",
			"Company",
			"Other",
		]
		phone: DF.Data | None
		website: DF.Data | None
	# end: auto-generated types

	def onload(self):
		load_address_and_contact(self)

	def validate(self):
		self.organisation_name = " ".join((self.organisation_name or "").split())
		self.normalise()
		self.validate_unique_enterprise_number()

	def on_update(self):
		registry.link_organisation(self)

	def on_trash(self):
		delete_contact_and_address(self.doctype, self.name)

	def normalise(self):
		try:
			if self.enterprise_number:
				self.enterprise_number = normalize_enterprise_number(self.enterprise_number)
			if self.email:
				self.email = normalize_email(self.email)
			if self.phone:
				self.phone = normalize_phone(self.phone)
		except DomainError as error:
			throw_domain_error(error, OrganisationError)
		if self.website and "://" not in self.website:
			self.website = "https://" + self.website.strip()
		self.email_domains = "\n".join(self.domains()) or None

	def domains(self) -> list[str]:
		"""The organisation's own e-mail domains, one each, without public mail providers."""
		found = []
		for line in (self.email_domains or "").replace(",", "\n").splitlines():
			domain = email_domain(line)
			if domain and "." in domain and not is_public_mail_domain(domain) and domain not in found:
				found.append(domain)
		return found

	def validate_unique_enterprise_number(self):
		if not self.enterprise_number:
			return
		key = enterprise_number_key(self.enterprise_number)
		others = frappe.get_all(
			DOCTYPE,
			filters={"name": ("!=", self.name or ""), "enterprise_number": ("is", "set")},
			fields=["name", "enterprise_number"],
		)
		for other in others:
			if enterprise_number_key(other.enterprise_number) == key:
				frappe.throw(
					_("The organisation {0} already has the enterprise or VAT number {1}.").format(
						get_link_to_form(DOCTYPE, other.name), frappe.bold(self.enterprise_number)
					),
					OrganisationError,
					title=_("Duplicate organisation"),
				)

	def learn_from_request(self, rule: str, enterprise_number: str | None, email: str | None) -> None:
		"""Complete a matched organisation from the request, when the match is strong evidence.

		Matched by its number: the requester's e-mail domain is the organisation's too. Matched
		by its e-mail domain: a number it lacked is filled in. A match by name alone teaches
		nothing (it would make the next weak match look strong).
		"""
		changed = False
		if rule == RULE_EMAIL_DOMAIN and enterprise_number and not self.enterprise_number:
			self.enterprise_number = enterprise_number
			changed = True
		domain = email_domain(email)
		if (
			rule == RULE_ENTERPRISE_NUMBER
			and domain
			and not is_public_mail_domain(domain)
			and domain not in self.domains()
		):
			self.email_domains = "\n".join([*self.domains(), domain])
			changed = True
		if changed:
			self.save(ignore_permissions=True)


# --- finding before creating ------------------------------------------------------------------


def organisation_facts() -> list[OrgFacts]:
	"""Every organisation as the matching rules see it, with its contacts' e-mail addresses (two queries)."""
	rows = frappe.get_all(
		DOCTYPE,
		fields=["name", "organisation_name", "enterprise_number", "email_domains", "email", "website"],
		order_by="creation asc",
	)
	link = frappe.qb.DocType("Dynamic Link")
	contact_email = frappe.qb.DocType("Contact Email")
	emails = (
		frappe.qb.from_(link)
		.join(contact_email)
		.on(contact_email.parent == link.parent)
		.select(link.link_name, contact_email.email_id)
		.where(link.parenttype == "Contact")
		.where(link.link_doctype == DOCTYPE)
		.where(contact_email.parenttype == "Contact")
		.run()
	)
	by_org: dict[str, list[str]] = {}
	for name, email in emails:
		by_org.setdefault(name, []).append(email)
	return [
		OrgFacts(
			key=row.name,
			name=row.organisation_name or row.name,
			enterprise_number=row.enterprise_number or "",
			email_domains=tuple(
				filter(
					None,
					[
						*(row.email_domains or "").splitlines(),
						row.email,
						row.website,
						*by_org.get(row.name, []),
					],
				)
			),
		)
		for row in rows
	]


def find_or_create_organisation(request) -> tuple[str, str]:
	"""The organisation of an accepted request, and how it was found (for the coordinator)."""
	if request.organisation:
		return request.organisation, _("Chosen by the coordinator.")
	candidate = OrgFacts(
		name=request.organisation_name,
		enterprise_number=request.enterprise_number or "",
		email_domains=(request.email,),
	)
	match = find_existing_organisation(candidate, organisation_facts())
	if match:
		organisation = frappe.get_doc(DOCTYPE, match.key)
		organisation.learn_from_request(match.rule, request.enterprise_number, request.email)
		how = match.render(for_reader())
		if match.others:
			how += " " + _("Also similar: {0}. They may be duplicates of each other.").format(
				", ".join(match.others)
			)
		return match.key, how
	domain = email_domain(request.email)
	try:
		name = free_name(
			request.organisation_name,
			lambda candidate: bool(frappe.db.exists(DOCTYPE, candidate)),
			request.enterprise_number or "",
		)
	except DomainError as error:
		throw_domain_error(error, OrganisationError)
	organisation = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"organisation_name": name,
			"enterprise_number": request.enterprise_number,
			"email_domains": domain if domain and not is_public_mail_domain(domain) else None,
		}
	)
	organisation.insert(ignore_permissions=True)
	return organisation.name, _("No known organisation matched: a new one was created.")


def find_or_create_contact(organisation: str, request) -> str:
	"""The Contact with the request's e-mail address, linked to the organisation; created when
	missing. With Frappe CRM the contact is shown on the organisation's CRM Organization too."""

	contact = _find_or_create_contact(organisation, request)
	crm.share_contacts(organisation)
	return contact


def _find_or_create_contact(organisation: str, request) -> str:
	contact_email = frappe.qb.DocType("Contact Email")
	found = (
		frappe.qb.from_(contact_email)
		.select(contact_email.parent)
		.distinct()
		.where(contact_email.parenttype == "Contact")
		.where(contact_email.email_id == request.email)
		.run(pluck=True)
	)
	linked = set(
		frappe.get_all(
			"Dynamic Link",
			filters={
				"parenttype": "Contact",
				"parent": ("in", found or [""]),
				"link_doctype": DOCTYPE,
				"link_name": organisation,
			},
			pluck="parent",
		)
	)
	for name in found:
		if name in linked:
			return name
	if found:
		contact = frappe.get_doc("Contact", found[0])
		contact.append("links", {"link_doctype": DOCTYPE, "link_name": organisation})
		contact.save(ignore_permissions=True)
		return contact.name
	first_name, last_name = split_person_name(request.contact_person)
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": first_name or request.email,
			"last_name": last_name or None,
			"company_name": frappe.db.get_value(DOCTYPE, organisation, "organisation_name"),
			"email_ids": [{"email_id": request.email, "is_primary": 1}],
			"phone_nos": [{"phone": request.phone, "is_primary_phone": 1}] if request.phone else [],
			"links": [{"link_doctype": DOCTYPE, "link_name": organisation}],
		}
	)
	contact.insert(ignore_permissions=True)
	return contact.name
