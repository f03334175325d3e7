"""What a site holds of this app, counted and digested per DocType: taken before and after a
migrate (or a move to another server) to show that every record came through unchanged.

``bench --site SITE execute lef_members.setup.digest.write --kwargs '{"path": "before.json"}'``,
then the same to ``after.json`` and :func:`compare` (``...digest.compare_files``). A digest
covers every column of every row, so one changed value shows. Besides the app's own DocTypes it
covers the records of Frappe's that the app writes or depends on (users, contacts and their
links, files, roles of users) and the settings of Single DocTypes; scheduled jobs are listed by
method, with when they last ran and whether staff stopped them.
"""

import hashlib
import json

import frappe

from lef_members.moved import current_path

APP = "lef_members"
# Frappe's records that the app's records point at or write, with the rows that are not
# shipped metadata (a report's roles are re-imported with the report when its file changes).
FRAMEWORK_RECORDS = {
	"User": "",
	"Has Role": "where parenttype = 'User'",
	"Contact": "",
	"Contact Email": "",
	"Dynamic Link": "where parenttype in ('Contact', 'Address')",
	"File": "",
	"Address": "",
}


def app_doctypes(children: bool = True) -> list[str]:
	"""The app's DocTypes with a table (child tables unless told not), over every module of
	modules.txt."""
	filters = {"module": ("in", frappe.get_module_list(APP)), "issingle": 0, "is_virtual": 0}
	if not children:
		filters["istable"] = 0
	return frappe.get_all("DocType", filters=filters, pluck="name", order_by="name")


def _digest(rows) -> str:
	return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def snapshot() -> dict:
	"""{"records": {doctype: {"count", "digest"}}, "singles": {doctype: digest}, "jobs": {...}}."""
	records = {}
	tables = {**dict.fromkeys(app_doctypes(), ""), **FRAMEWORK_RECORDS}
	for doctype, where in tables.items():
		rows = frappe.db.sql(f"select * from `tab{doctype}` {where} order by name", as_dict=True)
		records[doctype] = {"count": len(rows), "digest": _digest(rows)}
	singles = frappe.get_all(
		"DocType",
		filters={"module": ("in", frappe.get_module_list(APP)), "issingle": 1},
		pluck="name",
		order_by="name",
	)
	settings = {}
	for doctype in singles:
		rows = frappe.db.sql(
			"select field, value from `tabSingles` where doctype = %s order by field", doctype, as_list=True
		)
		settings[doctype] = _digest(rows)
	jobs = {
		row.method: {"last_execution": str(row.last_execution or ""), "stopped": row.stopped}
		for row in frappe.get_all(
			"Scheduled Job Type",
			filters={"method": ("like", f"{APP}.%")},
			fields=["method", "last_execution", "stopped"],
		)
	}
	return {"records": records, "singles": settings, "jobs": jobs}


def write(path: str) -> dict:
	data = snapshot()
	with open(path, "w", encoding="utf-8") as f:
		json.dump(data, f, indent=1, sort_keys=True)
	return {doctype: entry["count"] for doctype, entry in data["records"].items()}


def compare(before: dict, after: dict, renamed_jobs: dict[str, str] | None = None) -> list[str]:
	"""What differs between two snapshots, as sentences; empty when nothing was lost or changed.

	``renamed_jobs`` maps a job's old method to its new one, for a move that renamed it."""
	problems = []
	for doctype, entry in before["records"].items():
		now = after["records"].get(doctype)
		if now is None:
			problems.append(f"{doctype}: gone")
		elif now["count"] != entry["count"]:
			problems.append(f"{doctype}: {entry['count']} records before, {now['count']} after")
		elif now["digest"] != entry["digest"]:
			problems.append(f"{doctype}: the same {entry['count']} records, but values changed")
	for doctype, digest in before["singles"].items():
		if after["singles"].get(doctype) != digest:
			problems.append(f"{doctype} (settings): changed")
	renamed_jobs = renamed_jobs or {}
	for method, job in before["jobs"].items():
		now = after["jobs"].get(renamed_jobs.get(method, method))
		if now is None:
			problems.append(f"scheduled job {method}: gone")
		elif now != job:
			problems.append(f"scheduled job {method}: was {job}, now {now}")
	return problems


def compare_files(before: str, after: str) -> list[str]:
	"""Two written snapshots compared; a job whose function moved is looked for at its new path."""
	with open(before, encoding="utf-8") as b, open(after, encoding="utf-8") as a:
		before_data, after_data = json.load(b), json.load(a)
	renamed = {method: current_path(method) or method for method in before_data["jobs"]}
	return compare(before_data, after_data, renamed)
