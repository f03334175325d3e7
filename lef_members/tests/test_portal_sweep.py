"""Every door of every installed app, tried as an attacker would.

Every whitelisted method of Frappe, of this app and of any other app installed (ERPNext, CRM),
and the REST doors of every DocType, are called over HTTP as a member, as an organisation's login
and as a website user with none of our roles, each time naming another member's or another
organisation's records and contacts. Counted: replies that carry a marker of the other party
(their name, e-mail, phone, record number, request title), changes to the other party's records
(a digest over their rows and Frappe's bookkeeping about them: likes, files, tags, comments,
shares, versions) and 5xx answers. All must be 0. The counts are printed for the README.

The class commits (the WSGI app reads through its own connection) and removes what it made.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from threading import Thread
from unittest.mock import patch

import frappe
from frappe.utils import get_test_client

from lef_members.tests import LEFTestCase
from lef_members.tests.outsiders import digest, leaked, make_parties

SKIP_PARTS = {"tests", "test", "patches", "node_modules", "public", "commands", "test_utils"}


def whitelisted_methods() -> list[tuple[str, object]]:
	"""(dotted name, function) of every whitelisted function of every installed app."""
	for app in frappe.get_installed_apps():
		root = Path(importlib.import_module(app).__file__).parent
		for path in sorted(root.rglob("*.py")):
			parts = path.relative_to(root.parent).with_suffix("").parts
			if SKIP_PARTS & set(parts) or parts[-1].startswith("test_") or parts[-1] == "setup":
				continue
			module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
			try:
				importlib.import_module(module)
			except BaseException:  # a module that needs what this site lacks: not a door here
				continue
	found = {}
	for fn in frappe.whitelisted:
		qualname = getattr(fn, "__qualname__", "")
		if "." in qualname or "<" in qualname:
			continue  # a document's method: reached through run_doc_method, a closed door
		found[f"{fn.__module__}.{qualname}"] = fn
	return sorted(found.items())


TARGETS = (
	("Expert by Experience", "bob"),
	("Expert Request", "request_b"),
	("Contact", "contact_b"),
	("Commissioning Organisation", "organisation_b"),
)


def arguments(fn, doctype: str, name: str, parties) -> dict:
	"""Every parameter of ``fn`` filled with a name of the other party's."""
	values = {}
	try:
		parameters = inspect.signature(inspect.unwrap(fn)).parameters.values()
	except (TypeError, ValueError):
		parameters = ()
	for parameter in parameters:
		if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or parameter.name == "self":
			continue
		key = parameter.name.lower()
		if "doctype" in key or key in ("dt", "parenttype", "document_type", "link_doctype", "ref_doctype"):
			values[parameter.name] = doctype
		elif key in ("filters", "or_filters"):
			values[parameter.name] = json.dumps({"name": name})
		elif key == "fields" or key == "fieldname":
			values[parameter.name] = json.dumps(["*"]) if key == "fields" else "name"
		elif "email" in key or key in ("user", "usr", "recipients"):
			values[parameter.name] = parties.bob.email
		elif key in ("txt", "text", "search", "query", "search_text"):
			values[parameter.name] = parties.bob.last_name
		else:
			values[parameter.name] = name
	return values


def name_of(parties, key: str) -> str:
	value = parties[key]
	return value.name if hasattr(value, "name") else value


class TestPortalSweep(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.p = make_parties()

	def run_all(self, calls: list[tuple[str, str, str, dict]]) -> list[tuple[str, str, int, str, str]]:
		"""Send the calls one after the other in one thread of its own: (who, path, status, body, sent)."""
		site = frappe.local.site
		results = []

		def run():
			with patch("frappe.app.get_site_name", return_value=site):
				client = get_test_client(use_cookies=False)
				for who, verb, path, kwargs in calls:
					headers = {**self.p.headers[who], "Accept": "application/json"}
					response = getattr(client, verb)(path, headers=headers, **kwargs)
					sent = json.dumps(kwargs, default=str)
					results.append((who, path, response.status_code, response.get_data(as_text=True), sent))
					frappe.cache.delete_keys("rl:")

		thread = Thread(target=run)
		thread.start()
		thread.join()
		frappe.db.commit()
		return results

	def method_calls(self) -> list[tuple[str, str, str, dict]]:
		calls = []
		for method, fn in whitelisted_methods():
			allowed = frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["GET", "POST"]
			for doctype, key in TARGETS:
				args = arguments(fn, doctype, name_of(self.p, key), self.p)
				for who in self.p.headers:
					if "GET" in allowed:
						calls.append((who, "get", f"/api/method/{method}", {"query_string": args}))
					else:
						calls.append((who, "post", f"/api/method/{method}", {"json": args}))
		return calls

	def resource_calls(self) -> list[tuple[str, str, str, dict]]:
		calls = []
		ours = set(
			frappe.get_all(
				"DocType", filters={"module": ("in", frappe.get_module_list("lef_members"))}, pluck="name"
			)
		)
		shared = {
			"Contact",
			"Address",
			"Dynamic Link",
			"Comment",
			"File",
			"Tag Link",
			"ToDo",
			"Version",
			"DocShare",
			"Communication",
		}
		for doctype in frappe.get_all(
			"DocType", filters={"istable": 0, "issingle": 0, "is_virtual": 0}, pluck="name"
		):
			name = self.p.bob.name if doctype in ours else self.p.contact_b
			base = f"/api/resource/{doctype}"
			for who in self.p.headers:
				calls.append(
					(who, "get", base, {"query_string": {"fields": '["*"]', "limit_page_length": 50}})
				)
				calls.append((who, "get", f"{base}/{name}", {}))
				if doctype in ours or doctype in shared:
					calls.append((who, "put", f"{base}/{name}", {"json": {"modified_by": "x"}}))
					calls.append((who, "delete", f"{base}/{name}", {}))
					calls.append(
						(
							who,
							"post",
							base,
							{
								"json": {
									"reference_doctype": "Expert Request",
									"reference_name": self.p.request_b.name,
									"link_doctype": "Commissioning Organisation",
									"link_name": self.p.organisation_b,
								}
							},
						)
					)
		return calls

	def test_no_door_of_any_app_leaks_changes_or_breaks(self):
		before = digest(self.p)
		methods = self.method_calls()
		resources = self.resource_calls()
		results = self.run_all(methods + resources)
		after = digest(self.p)

		leaks = [
			(who, path, found)
			for who, path, _status, body, sent in results
			if (found := leaked(body, self.p, sent + path))
		]
		errors = [
			(who, path, status, body[:300]) for who, path, status, body, _sent in results if status >= 500
		]
		refused = sum(1 for result in results if result[2] == 403)
		per_caller = {who: sum(1 for r in results if r[0] == who and r[2] == 403) for who in self.p.headers}
		print(
			f"\nportal sweep on {frappe.local.site} ({', '.join(frappe.get_installed_apps())}):"
			f" {len({m[2] for m in methods})} methods, {len({r[2].split('/')[3] for r in resources})} DocTypes,"
			f" {len(results)} calls; refused (403) {refused} {per_caller};"
			f" leaks {len(leaks)}, changes {0 if after == before else 1}, 5xx {len(errors)}"
		)
		for item in (leaks + errors)[:60]:
			print("  ", item)
		self.assertEqual(leaks, [])
		self.assertEqual(errors, [])
		self.assertEqual(after, before, "a call changed the other party's records")
		# Our callers get nothing but the listed doors; the sweep names no listed door of theirs
		# with a name they own, so every call of a member or an organisation is refused.
		from lef_members.domain.portal_doors import DOORS

		for who, path, status, body, _sent in results:
			if who == "website user":
				continue
			method = path.removeprefix("/api/method/")
			if method in DOORS:
				continue
			self.assertEqual(status, 403, (who, path, body[:200]))
