"""When ERPNext or Frappe CRM arrives on a site that already has organisations: every existing
organisation is linked (found or created once) by a background job that reports its progress.
Idempotent: an organisation already linked is skipped, so the job can run again (LEF Settings,
"Link Existing Organisations") and a second run links nothing twice.
"""

import frappe
from frappe import _

from lef_members.integrations.registry import INTEGRATIONS, by_app, sync_custom_fields

ORGANISATION = "Commissioning Organisation"


def enqueue(app: str) -> None:
	frappe.enqueue(
		"lef_members.integrations.late.link_existing_organisations",
		queue="long",
		enqueue_after_commit=True,
		now=frappe.flags.in_test or frappe.flags.in_install,
		app=app,
	)


def link_existing_organisations(app: str) -> dict:
	"""Link every organisation to its record in ``app``; returns and records the counts."""
	integration = by_app(app)
	if not integration or not integration.is_active():
		return {"linked": 0, "already": 0, "failed": 0}
	if app == "erpnext" and not frappe.db.get_value("Company", {}, "name"):
		# Before ERPNext's setup wizard there is no company, customer group or territory to
		# link with: ``after_setup_wizard`` runs this again once it is done.
		return {"linked": 0, "already": 0, "failed": 0, "waiting": 1}

	sync_custom_fields()
	field = integration.LINK_FIELD
	names = frappe.get_all(ORGANISATION, filters={"disabled": 0}, pluck="name", order_by="creation asc")
	counts = {"linked": 0, "already": 0, "failed": 0}
	for index, name in enumerate(names, start=1):
		organisation = frappe.get_doc(ORGANISATION, name)
		if organisation.get(field):
			counts["already"] += 1
		elif integration.link(organisation, quiet=True):
			counts["linked"] += 1
		else:
			counts["failed"] += 1
		if index % 20 == 0 or index == len(names):
			frappe.db.commit()
			frappe.publish_progress(
				index * 100 / len(names),
				title=_("Linking organisations"),
				description=f"{index}/{len(names)}",
			)
	message = _(
		"{0}: {1} organisations linked, {2} were linked already, {3} could not be linked (see the Error Log)."
	).format(app, counts["linked"], counts["already"], counts["failed"])
	frappe.get_doc("LEF Settings").add_comment("Info", message)
	frappe.db.commit()
	return counts


@frappe.whitelist(methods=["POST"])
def link_now() -> list[str]:
	"""LEF Settings button: link the existing organisations to every installed app, in the background."""
	frappe.only_for(("System Manager", "LEF Coordinator"))
	apps = [integration.APP for integration in INTEGRATIONS if integration.is_active()]
	for app in apps:
		enqueue(app)
	return apps


def after_setup_wizard(args=None) -> None:
	"""ERPNext's setup wizard finished (hook ``setup_wizard_complete``): link the organisations."""
	for integration in INTEGRATIONS:
		if integration.is_active():
			enqueue(integration.APP)
