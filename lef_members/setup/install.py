"""Install and migrate hooks: seed editable master data, compile the translations."""

import json
from pathlib import Path

import frappe

from lef_members.integrations.registry import sync_custom_fields
from lef_members.setup.legal_figures import MASTER_DATA, ship_legal_figures, with_digests
from lef_members.utilities.notify import TEMPLATE_PREFIX

# Seeded in this order (links first).
SEED_FILES = (
	"experience_theme.json",
	"expert_skill.json",
	"assignment_type.json",  # after expert_skill.json (required skills), before training_course.json
	"target_group.json",
	"care_network.json",
	"allowance_regime.json",
	"training_course.json",  # after expert_skill.json: courses name the skills they qualify for
)


def after_install() -> None:
	ensure_settings()
	enable_languages()
	ensure_countries()
	ensure_currency()
	seed_master_data()
	ensure_contact_permissions()
	sync_integration_fields()
	compile_translations()


def after_migrate() -> None:
	ensure_settings()
	ensure_countries()
	ensure_currency()
	seed_master_data()
	ship_legal_figures()
	ensure_contact_permissions()
	sync_integration_fields()
	compile_translations()


def after_uninstall() -> None:
	"""Leave no trace Frappe does not remove itself: the app's scheduled job types (and their
	logs), the permission rules our roles got on Contact and Address, and on v16 our desktop
	icons and sidebar (Frappe removes only an icon named after the app, and ours is "LEF Members")."""
	for doctype in ("Desktop Icon", "Workspace Sidebar"):  # icons first: they link to the sidebar
		if frappe.db.exists("DocType", doctype):
			for name in frappe.get_all(doctype, filters={"app": "lef_members"}, pluck="name"):
				# Their on_trash would delete the shipped JSON files on a developer-mode bench.
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, ignore_on_trash=True)
	jobs = frappe.get_all("Scheduled Job Type", filters={"method": ("like", "lef_members.%")}, pluck="name")
	if jobs:
		frappe.db.delete("Scheduled Job Log", {"scheduled_job_type": ("in", jobs)})
		frappe.db.delete("Scheduled Job Type", {"name": ("in", jobs)})
	frappe.db.delete(
		"Custom DocPerm",
		{"parent": ("in", ["Contact", "Address"]), "role": ("in", list(CONTACT_PERMISSIONS))},
	)
	frappe.db.commit()
	frappe.clear_cache()


SETTINGS = ("LEF Settings", "LEF Matching Settings")


def ensure_settings() -> None:
	"""Store each settings DocType once with its defaults: a Single never saved has no values.

	A field added by a later version gets its default stored too (a Single's default is only
	stored when it is saved); a value already stored, 0 included, is left alone.
	"""
	for doctype in SETTINGS:
		if not frappe.db.exists("DocType", doctype):
			continue
		stored = {
			row[0] for row in frappe.db.sql("select field from `tabSingles` where doctype=%s", (doctype,))
		}
		if not stored:
			frappe.get_single(doctype).save(ignore_permissions=True)
			continue
		for df in frappe.get_meta(doctype).fields:
			if df.default not in (None, "") and df.fieldname not in stored:
				frappe.db.set_single_value(doctype, df.fieldname, df.default)


def enable_languages() -> list[str]:
	"""English and each language the app is translated into (its .po files). Frappe 16 ships
	most languages disabled, Dutch among them, and a disabled language is never chosen for a
	visitor from their browser nor offered to a user. At install only: a language staff
	disable later stays disabled."""
	locale = Path(frappe.get_app_path("lef_members", "locale"))
	enabled = []
	for code in ("en", *sorted(p.stem for p in locale.glob("*.po"))):
		if frappe.db.get_value("Language", code, "enabled") == 0:
			language = frappe.get_doc("Language", code)
			language.enabled = 1
			language.save(ignore_permissions=True)  # its on_update clears the cached list
			enabled.append(code)
	return enabled


def ensure_countries() -> None:
	"""The shipped regimes name their country (Belgium, the Netherlands). A site whose setup
	wizard has not run yet has no Country records; Frappe's own import adds them (the wizard
	does the same), so install-app works on a fresh site."""
	if frappe.db.exists("Country", "Belgium"):
		return
	from frappe.geo.doctype.country.country import import_country_and_currency

	import_country_and_currency()


def ensure_currency() -> None:
	"""Allowances and bills are in euro (the laws this app pays under are Belgian and Dutch). A
	site without a default currency (Frappe alone, before or after its wizard) shows Currency
	fields in the first currency it knows, the UAE dirham: it gets the euro. A default the site
	chose (ERPNext's company currency) stays."""
	if frappe.db.get_default("currency") or not frappe.db.exists("Currency", "EUR"):
		return
	frappe.db.set_value("Currency", "EUR", "enabled", 1)
	frappe.db.set_default("currency", "EUR")


def seed_master_data() -> list[str]:
	"""Insert the shipped master records that are missing; never touch existing ones.

	Staff edit these records (rename a theme, add postcode ranges, disable a regime);
	a migrate must not undo that. A record staff deleted on purpose comes back on the
	next migrate only if it is still shipped: disable it instead of deleting it.
	"""
	created = []
	for filename in SEED_FILES:
		path = MASTER_DATA / filename
		if not path.exists():
			continue
		for record in json.loads(path.read_text(encoding="utf-8")):
			doctype = record["doctype"]
			name = record.get("name") or record[_key_field(doctype)]
			if frappe.db.exists(doctype, name):
				continue
			if doctype == "Allowance Regime":
				record = with_digests(record)
			doc = frappe.get_doc(record)
			doc.insert(ignore_permissions=True, ignore_if_duplicate=True)
			created.append(f"{doctype}: {doc.name}")
	return created


def _key_field(doctype: str) -> str:
	autoname = frappe.get_meta(doctype).autoname or ""
	return autoname.removeprefix("field:")


def compile_translations() -> None:
	"""Build the .mo files Frappe v15/v16 read from our locale/*.po.

	`bench build` does this as well; doing it here makes Dutch work right after
	install-app or migrate on a bench whose assets were built before.
	"""
	try:
		from babel.messages.pofile import read_po
		from frappe.gettext.translate import get_locales, get_po_path, write_binary
	except ImportError:  # a Frappe without gettext support reads no .po files
		return
	for locale in get_locales("lef_members"):
		try:
			with open(get_po_path("lef_members", locale), "rb") as f:
				catalog = read_po(f)
			write_binary("lef_members", catalog, locale)
		except Exception:
			frappe.log_error(title=f"lef_members: compiling the {locale} translations failed")
	frappe.clear_cache()


# Organisations' contact persons and addresses are Frappe's Contact and Address; out of the
# box only sales, purchase and system roles may use them.
CONTACT_PERMISSIONS = {
	"LEF Coordinator": ("read", "write", "create", "email", "print", "report", "share", "export"),
	"LEF Finance": ("read", "email", "print", "report", "export"),
}


def ensure_contact_permissions() -> None:
	"""Give our roles their rights on Contact and Address once; a rule staff changed is left alone."""
	from frappe.permissions import add_permission, update_permission_property

	for doctype in ("Contact", "Address"):
		for role, rights in CONTACT_PERMISSIONS.items():
			if not frappe.db.exists("Role", role):
				continue
			rule = {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
			if frappe.db.exists("Custom DocPerm", rule):
				continue
			add_permission(doctype, role, 0)
			for right in rights:
				update_permission_property(doctype, role, 0, right, 1, validate=False)
		frappe.clear_cache(doctype=doctype)


def sync_integration_fields() -> None:
	"""Link fields to ERPNext's Customer and CRM's Organization, where those apps are installed."""
	sync_custom_fields()


EMAIL_TEMPLATES = Path(__file__).parent.parent / "templates" / "emails"
EMAIL_INCLUDES = ("lef_signature.html",)


def seed_email_templates() -> list[str]:
	"""Copy the app's mails into editable Email Templates (``LEF: <name>``), those missing.

	Run on demand from LEF Settings ("Copy E-mail Texts to Edit"), not on install: a mail
	without its Email Template keeps following the app's own text as the app is updated;
	one that staff copied is theirs, and a migrate never overwrites it. Deleting the copy
	brings back the app's text for that mail.
	"""

	created = []
	for path in sorted(EMAIL_TEMPLATES.glob("*.html")):
		if path.name in EMAIL_INCLUDES:
			continue
		name = TEMPLATE_PREFIX + path.stem
		if frappe.db.exists("Email Template", name):
			continue
		doc = frappe.new_doc("Email Template")
		doc.name = name
		doc.subject = "{{ subject }}"
		doc.use_html = 1
		doc.response_html = path.read_text(encoding="utf-8")
		doc.insert(ignore_permissions=True, set_name=name)
		created.append(name)
	return created
