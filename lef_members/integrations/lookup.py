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


def link_once(
	organisation, field: str, find_or_create, target: str, failed: str, quiet: bool = False
) -> str | None:
	"""Store on ``organisation`` (in ``field``) the record ``find_or_create(organisation)`` returns,
	once. A failure undoes only what it wrote, is logged, and (unless ``quiet``) the user reads
	``failed``: linking never blocks saving the organisation."""
	if not organisation.meta.has_field(field) or organisation.get(field):
		return None
	savepoint = "lef_link_" + field
	frappe.db.savepoint(savepoint)
	try:
		name = find_or_create(organisation)
		organisation.db_set(field, name, update_modified=False)
		return name
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=f"lef_members: could not link {organisation.name} to a {target}")
		if not quiet:
			frappe.msgprint(failed, indicator="orange", alert=True)
		return None
