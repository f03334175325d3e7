"""The app laid out by feature (December 2026): its DocTypes, reports, print formats and web form
moved from the one module "LEF Members" to the modules of modules.txt. Frappe's sync moves a
record whose file changed; this moves what it does not, before the sync:

- a Module Def for each new module (Frappe makes them only at install; uninstall finds the
  app's modules by them), and each user or module profile that blocked "LEF Members" blocks
  the new modules too (they hid the whole app; they still do);
- the module of every shipped record, read from the folder that holds its file now (a record
  whose file did not change would otherwise keep pointing at the old folder);
- each scheduled job whose function moved keeps its row (its last run, and whether staff
  stopped it) under the function's new path.

Idempotent: a second run finds nothing to do.
"""

import json
import os

import frappe

from lef_members.moved import current_path

APP = "lef_members"
HOME = "LEF Members"
# Folder of a module -> the DocType of the records it holds.
RECORD_FOLDERS = {
	"doctype": "DocType",
	"report": "Report",
	"print_format": "Print Format",
	"web_form": "Web Form",
	"workspace": "Workspace",
	"number_card": "Number Card",
	"dashboard_chart": "Dashboard Chart",
	"dashboard_chart_source": "Dashboard Chart Source",
}


def execute():
	modules = frappe.get_module_list(APP)
	new = add_module_defs(modules)
	block_like_home(new)
	move_records(modules)
	follow_moved_jobs()
	frappe.clear_cache()


def add_module_defs(modules: list[str]) -> list[str]:
	"""Make the Module Defs this site lacks; returns their names."""
	made = []
	for module in modules:
		if not frappe.db.exists("Module Def", module):
			frappe.get_doc({"doctype": "Module Def", "module_name": module, "app_name": APP}).db_insert()
			made.append(module)
	return made


def block_like_home(modules: list[str]) -> None:
	"""Whoever blocked the app's home module blocks the new modules too."""
	if not modules:
		return
	blocked = frappe.get_all(
		"Block Module",
		filters={"module": HOME},
		fields=["parent", "parenttype", "parentfield"],
	)
	for row in blocked:
		already = set(
			frappe.get_all(
				"Block Module", filters={"parent": row.parent, "parenttype": row.parenttype}, pluck="module"
			)
		)
		idx = len(already)
		for module in modules:
			if module in already:
				continue
			idx += 1
			frappe.get_doc(
				{
					"doctype": "Block Module",
					"parent": row.parent,
					"parenttype": row.parenttype,
					"parentfield": row.parentfield,
					"module": module,
					"idx": idx,
				}
			).db_insert()


def move_records(modules: list[str]) -> None:
	"""Each shipped record names the module whose folder holds its file."""
	for module in modules:
		folder = frappe.get_module_path(module)
		for kind, doctype in RECORD_FOLDERS.items():
			for name in _records_in(os.path.join(folder, kind)):
				if frappe.db.get_value(doctype, name, "module") not in (None, module):
					frappe.db.set_value(doctype, name, "module", module, update_modified=False)


def _records_in(folder: str) -> list[str]:
	names = []
	if not os.path.isdir(folder):
		return names
	for sub in sorted(os.listdir(folder)):
		path = os.path.join(folder, sub, f"{sub}.json")
		if os.path.exists(path):
			with open(path, encoding="utf-8") as f:
				name = json.load(f).get("name")
			if name:
				names.append(name)
	return names


def follow_moved_jobs() -> None:
	"""A scheduled job type whose method moved: same row, new method (and the name Frappe gives it)."""
	for name, method in frappe.get_all(
		"Scheduled Job Type",
		filters={"method": ("like", f"{APP}.%")},
		fields=["name", "method"],
		as_list=True,
	):
		path = current_path(method)  # an old path still resolves (lef_members/moved.py)
		if path in (None, method):
			continue  # unchanged, or gone (Frappe's sync of the jobs removes it)
		if frappe.db.exists("Scheduled Job Type", {"method": path}):
			frappe.delete_doc("Scheduled Job Type", name, force=True, ignore_permissions=True)
			continue
		new_name = ".".join(path.split(".")[-2:])  # as ScheduledJobType.autoname names it
		if new_name != name and not frappe.db.exists("Scheduled Job Type", new_name):
			frappe.rename_doc("Scheduled Job Type", name, new_name, force=True, show_alert=False)
			name = new_name
		frappe.db.set_value("Scheduled Job Type", name, "method", path, update_modified=False)
