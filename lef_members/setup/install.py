"""Install and migrate hooks: seed editable master data, compile the translations."""

import json
from pathlib import Path

import frappe

MASTER_DATA = Path(__file__).parent / "master_data"

# Seeded in this order (links first).
SEED_FILES = (
	"experience_theme.json",
	"expert_skill.json",
	"target_group.json",
	"care_network.json",
	"allowance_regime.json",
)


def after_install() -> None:
	ensure_settings()
	seed_master_data()
	compile_translations()


def after_migrate() -> None:
	ensure_settings()
	seed_master_data()
	compile_translations()


def ensure_settings() -> None:
	"""Store LEF Settings once with its defaults: a Single never saved has no values."""
	stored = frappe.db.sql("select count(*) from `tabSingles` where doctype=%s", ("LEF Settings",))[0][0]
	if not stored:
		frappe.get_single("LEF Settings").save(ignore_permissions=True)


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
