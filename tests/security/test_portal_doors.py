"""The gate's rules for callers from outside the forum (domain/portal_doors.py), and the list of
open doors held to the pages that use them."""

import ast
import json
import re
from pathlib import Path

import pytest

from lef_members.domain import portal_doors as doors
from lef_members.domain.portal_doors import (
	CLOSED,
	DOORS,
	GUEST,
	MEMBER,
	ORGANISATION,
	OUTSIDER,
	STAFF,
	Door,
	audience,
	closed_to_website_users,
	door_of,
	is_open,
	is_ours,
	names_ours,
	series_prefix,
	strings_in,
)

APP = Path(__file__).resolve().parents[2] / "lef_members"

# --- reading the door from the request -------------------------------------------------------------


@pytest.mark.parametrize(
	("path", "cmd", "expected"),
	[
		("/api/method/frappe.client.get_list", None, Door("method", "frappe.client.get_list")),
		("/api/method/frappe.client.get_list/", None, Door("method", "frappe.client.get_list")),
		("/api/v1/method/frappe.desk.like.toggle_like", None, Door("method", "frappe.desk.like.toggle_like")),
		(
			"/api/v2/method/frappe.desk.search.get_link_title",
			None,
			Door("method", "frappe.desk.search.get_link_title"),
		),
		("/api/method/logout", None, Door("method", "frappe.handler.logout")),
		("/api/method/ping", None, Door("method", "frappe.handler.ping")),
		("/api/method/upload_file", None, Door("method", "frappe.handler.upload_file")),
		("/api/method/run_doc_method", None, Door("method", "frappe.handler.run_doc_method")),
		("/api/v2/method/login", None, Door("method", "login")),
		# A document's own method over v2 is a resource door, whatever its name.
		(
			"/api/v2/method/Contact/get_contact_details",
			None,
			Door("resource", "/api/v2/method/Contact/get_contact_details"),
		),
		("/api/resource/Contact", None, Door("resource", "/api/resource/Contact")),
		("/api/v2/document/Contact/x", None, Door("resource", "/api/v2/document/Contact/x")),
		("/api/v2/doctype/Contact/meta", None, Door("resource", "/api/v2/doctype/Contact/meta")),
		("/api", None, Door("resource", "/api")),
		("/lef/profile", None, Door("page", "/lef/profile")),
		# Frappe's legacy `cmd` wins over the path, as frappe.app does.
		("/", "frappe.client.get_list", Door("method", "frappe.client.get_list")),
		("/lef/profile", "upload_file", Door("method", "frappe.handler.upload_file")),
	],
)
def test_the_door_a_request_knocks_on(path, cmd, expected):
	assert door_of(path, cmd) == expected


# --- who is asking ---------------------------------------------------------------------------------------


def test_guest_is_closed_in():
	assert audience("Guest", None, ()) == (CLOSED, frozenset({GUEST}))
	assert audience("", None, ()) == (CLOSED, frozenset({GUEST}))


def test_staff_and_administrator_pass():
	assert audience("Administrator", None, ())[0] == STAFF
	assert audience("c@forum.example", "System User", ["LEF Coordinator", "LEF Member"])[0] == STAFF


def test_our_website_users_are_closed_in_with_each_of_their_roles():
	assert audience("m@x.example", "Website User", ["LEF Member", "All"]) == (CLOSED, frozenset({MEMBER}))
	assert audience("o@x.example", "Website User", ["LEF Organisation"]) == (
		CLOSED,
		frozenset({ORGANISATION}),
	)
	assert audience("b@x.example", "Website User", ["LEF Organisation", "LEF Member"]) == (
		CLOSED,
		frozenset({MEMBER, ORGANISATION}),
	)


def test_a_website_user_of_another_app_is_an_outsider():
	assert audience("customer@x.example", "Website User", ["Customer", "All", "Guest"]) == (
		OUTSIDER,
		frozenset(),
	)
	assert audience("nobody@x.example", "Website User", []) == (OUTSIDER, frozenset())


# --- which doors are open ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"method",
	[
		"frappe.client.get_list",
		"frappe.client.insert",
		"frappe.desk.search.get_link_title",
		"frappe.desk.like.toggle_like",
		"frappe.templates.includes.comments.comments.add_comment",
		"frappe.handler.upload_file",
		"frappe.desk.form.linked_with.get_submitted_linked_docs",
		"erpnext.accounts.party.get_party_details",
		"crm.api.doc.get_data",
		"lef_members.api.organisation.give_login",
		"lef_members.api.assignments.find_experts",
		"lef_members.api.requests.accept",
		"",
	],
)
def test_closed_doors_stay_closed_for_every_outsider_of_ours(method):
	for who in ({GUEST}, {MEMBER}, {ORGANISATION}, {MEMBER, ORGANISATION}):
		assert not is_open(Door("method", method), frozenset(who)), (method, who)


def test_no_resource_door_is_open_to_anyone_outside():
	for who in ({GUEST}, {MEMBER}, {ORGANISATION}):
		assert not is_open(Door("resource", "/api/resource/Contact"), frozenset(who))


def test_portal_pages_are_not_doors_of_the_api():
	assert is_open(Door("page", "/lef/profile"), frozenset({GUEST}))


def test_member_doors_are_closed_to_organisations_and_guest():
	save = Door("method", "lef_members.api.hours.save_log")
	assert is_open(save, frozenset({MEMBER}))
	assert not is_open(save, frozenset({ORGANISATION}))
	assert not is_open(save, frozenset({GUEST}))


def test_login_logout_and_password_doors_are_open():
	assert is_open(Door("method", "login"), frozenset({GUEST}))
	assert is_open(Door("method", "frappe.core.doctype.user.user.reset_password"), frozenset({GUEST}))
	assert is_open(Door("method", "frappe.core.doctype.user.user.update_password"), frozenset({MEMBER}))
	assert is_open(door_of("/api/method/logout"), frozenset({ORGANISATION}))
	assert not is_open(door_of("/api/method/logout"), frozenset({GUEST}))
	assert is_open(door_of("/api/method/ping"), frozenset({GUEST}))


def test_the_site_owner_can_open_another_apps_guest_method_on_purpose():
	door = Door("method", "erpnext.templates.utils.send_message")
	assert not is_open(door, frozenset({GUEST}))
	assert is_open(door, frozenset({GUEST}), extra=frozenset({"erpnext.templates.utils.send_message"}))
	# ... but never a resource door.
	assert not is_open(
		Door("resource", "/api/resource/Contact"),
		frozenset({GUEST}),
		extra=frozenset({"/api/resource/Contact"}),
	)


def test_every_door_says_why_it_is_open():
	for name, opening in DOORS.items():
		assert opening.who, name
		assert len(opening.why) > 20, name
		assert opening.who <= {GUEST, MEMBER, ORGANISATION}, name


def test_our_own_methods_are_known_as_ours():
	assert is_ours(Door("method", "lef_members.api.hours.save_log"))
	assert is_ours(Door("method", "frappe.website.doctype.web_form.web_form.accept"))
	assert not is_ours(Door("method", "frappe.client.insert"))
	assert not is_ours(Door("resource", "/api/resource/lef_members"))


@pytest.mark.parametrize(
	("method", "closed"),
	[
		("frappe.desk.like.toggle_like", True),
		("frappe.desk.doctype.tag.tag.add_tag", True),
		("frappe.desk.doctype.tag.tag.get_documents_for_tag", True),
		("frappe.desk.form.linked_with.get_submitted_linked_docs", True),
		("frappe.templates.includes.comments.comments.add_comment", True),
		("frappe.desk.search.get_link_title", True),
		("frappe.share.add", True),
		("frappe.desk.search.search_link", False),
		("frappe.client.get_list", False),
		("frappe.website.doctype.web_form.web_form.accept", False),
		("frappe.integrations.oauth2.authorize", True),
		("frappe.desk.treeview.add_node", True),
		("erpnext.stock.doctype.warehouse.warehouse.add_node", True),
		("erpnext.edi.doctype.code_list.code_list_import.import_genericode", True),
		("erpnext.projects.doctype.project_update.project_update.daily_reminder", True),
		("erpnext.controllers.website_list_for_contact.get_transaction_list", False),
		("crm.api.session.get_contacts", True),
		("crm.integrations.twilio.api.twilio_incoming_call_handler", True),
		("crmx.api.thing", False),
		# A prefix closes a module, not a method that merely starts with the same letters.
		("frappe.desk.form.utils.add_comment_x", False),
	],
)
def test_bookkeeping_doors_closed_to_every_website_user(method, closed):
	assert closed_to_website_users(Door("method", method)) is closed


def test_the_site_owner_can_open_a_closed_door_for_website_users_on_purpose():
	door = Door("method", "frappe.integrations.oauth2.authorize")
	assert not closed_to_website_users(door, extra=frozenset({"frappe.integrations.oauth2.authorize"}))


# --- what a request names ----------------------------------------------------------------------------------


def test_strings_are_found_inside_json_and_nested_values():
	found = strings_in(
		{
			"doctype": "Contact Email",
			"filters": json.dumps([["parent", "=", "LEF-MEM-00010"]]),
			"fields": ["email_id"],
			"n": 3,
		}
	)
	assert {"Contact Email", "LEF-MEM-00010", "email_id", "parent", "filters"} <= set(found)


def test_strings_are_bounded():
	assert len(strings_in([str(i) for i in range(10_000)])) == doors.MAX_STRINGS


def test_deep_nesting_is_bounded_not_recursed_for_ever():
	value: list = ["bottom"]
	for _ in range(200):
		value = [value]
	assert strings_in(value) == []


OURS = ("Expert by Experience", "Hour Log", "Commissioning Organisation")
PREFIXES = ("LEF-MEM-", "LEF-REQ-")


@pytest.mark.parametrize(
	("values", "expected"),
	[
		(["Expert by Experience"], True),
		(["expert by experience"], True),
		(["LEF-MEM-00010"], True),
		(["lef-req-2026-00001"], True),
		(["/api/resource/Hour Log/LEF-HRS-2026-00001"], True),
		(["/api/resource/Hour%20Log"], True),
		(["Customer", "CUST-0001", "/api/resource/Sales Order"], False),
		(["Expert"], False),
		([], False),
	],
)
def test_names_ours(values, expected):
	assert names_ours(values, OURS, PREFIXES) is expected


def test_series_prefix():
	assert series_prefix("LEF-REQ-.YYYY.-.#####") == "LEF-REQ-"
	assert series_prefix("LEF-MEM-.#####") == "LEF-MEM-"
	assert series_prefix(".#####") == ""


# --- the list held to the code ----------------------------------------------------------------------------


def _whitelisted() -> dict[str, bool]:
	"""{dotted name: allow_guest} of every method the app whitelists."""
	found = {}
	for path in APP.rglob("*.py"):
		if "tests" in path.parts:
			continue
		module = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if not isinstance(node, ast.FunctionDef):
				continue
			for deco in node.decorator_list:
				call = deco if isinstance(deco, ast.Call) else None
				target = call.func if call else deco
				if ast.unparse(target) == "frappe.whitelist":
					guest = any(
						k.arg == "allow_guest" and isinstance(k.value, ast.Constant) and k.value.value
						for k in (call.keywords if call else [])
					)
					found[f"{module}.{node.name}"] = guest
	return found


WHITELISTED = _whitelisted()
PAGES = [
	p
	for p in (*APP.rglob("*.html"), *APP.rglob("*.js"))
	if "www" in p.parts or "templates" in p.parts or "web_form" in p.parts
]


def _methods_called_by_pages() -> dict[str, set[str]]:
	called: dict[str, set[str]] = {}
	for page in PAGES:
		text = page.read_text(encoding="utf-8")
		for name in re.findall(r"lef_members(?:\.[a-z_]+)+(?![a-z_.])", text):
			called.setdefault(name, set()).add(page.name)
		# "lef_members.api.hours." + method: every whitelisted function of that module the page names.
		for prefix in re.findall(r"[\"'](?:/api/method/)?(lef_members\.[a-z_.]+\.)[\"']\s*\+", text):
			for name in WHITELISTED:
				if name.startswith(prefix) and re.search(rf"[\"']{name[len(prefix) :]}[\"']", text):
					called.setdefault(name, set()).add(page.name)
		for name in re.findall(r"/api/method/([a-zA-Z_.]*[a-zA-Z_])(?![a-zA-Z_.])", text):
			called.setdefault(name, set()).add(page.name)
	return called


CALLED = _methods_called_by_pages()


def test_the_pages_call_methods():
	"""The scan finds what the pages call (a broken scan would pass every check below)."""
	assert "lef_members.api.hours.save_log" in CALLED
	assert "lef_members.api.hours.save_elsewhere" in CALLED
	assert "lef_members.api.training.enrol" in CALLED
	assert "lef_members.lef_requests.guest.web_form.check" in CALLED
	assert "lef_members.api.organisation.billing_statement" in CALLED


@pytest.mark.parametrize("method", sorted(CALLED))
def test_every_method_a_page_calls_is_an_open_door(method):
	name = method if method.startswith("lef_members.") else doors.normal_method(method)
	if name not in WHITELISTED and not name.startswith("lef_members."):
		# Frappe's own (the web form's accept): it must be listed too.
		assert name in DOORS, f"{method} (called by {sorted(CALLED[method])}) is not in DOORS"
		return
	assert name in DOORS, (
		f"{method} (called by {sorted(CALLED[method])}) is not in domain/portal_doors.py DOORS"
	)


@pytest.mark.parametrize("method", sorted(n for n in DOORS if n.startswith("lef_members.")))
def test_every_door_of_ours_is_a_whitelisted_method(method):
	assert method in WHITELISTED, f"{method} is listed as an open door but is not whitelisted in the app"


@pytest.mark.parametrize("method", sorted(n for n, guest in WHITELISTED.items() if guest))
def test_every_guest_method_of_ours_is_open_to_guest(method):
	"""A method the app opens to Guest (a signed link, the form) is a door Guest can reach."""
	assert method in DOORS and GUEST in DOORS[method].who, method


@pytest.mark.parametrize(
	"method", sorted(n for n, o in DOORS.items() if n.startswith("lef_members.") and GUEST in o.who)
)
def test_a_door_open_to_guest_is_whitelisted_for_guest(method):
	assert WHITELISTED.get(method) is True, method


def test_staff_methods_are_not_doors():
	for method in (
		"lef_members.api.organisation.give_login",
		"lef_members.api.assignments.invite",
		"lef_members.api.requests.decline",
		"lef_members.lef_requests.guest.production.production_checks",
	):
		assert method in WHITELISTED
		assert method not in DOORS
