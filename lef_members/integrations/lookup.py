"""Finding an organisation's record in another app (a Customer, a CRM Organization) by a few
indexed queries, never by loading every record: the lookups both integrations share."""

import frappe


def domains_of(organisation) -> list[str]:
	"""The organisation's e-mail domains and website, as entered."""
	return [
		d.strip()
		for d in [*(organisation.email_domains or "").splitlines(), organisation.website or ""]
		if d.strip()
	]


def bare_domain(domain: str) -> str:
	"""``https://www.zorgnet.be/contact`` -> ``zorgnet.be``."""
	return domain.split("//")[-1].split("/")[0].removeprefix("www.")


def rows_by_website(doctype: str, fields: list[str], organisation, limit: int = 20) -> list[dict]:
	"""Records of ``doctype`` whose website names one of the organisation's domains."""
	rows = []
	for domain in domains_of(organisation)[:5]:
		bare = bare_domain(domain)
		if bare:
			rows += frappe.get_all(
				doctype, filters={"website": ("like", f"%{bare}%")}, fields=fields, limit=limit
			)
	return rows
