"""The metadata checker reports what it claims to: each check is fed broken metadata.

Every example starts from a well-formed piece (which must pass clean) and breaks one thing.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.metadata import checker
from tests.metadata.checker import (
	CORE_ROLES,
	check_app,
	check_controller,
	check_doctype,
	check_fixtures,
	check_hooks,
	check_report,
	check_web_form,
	check_web_form_routes,
	check_workspace,
	resolve_dotted_path,
)

ROLES = CORE_ROLES | {"LEF Coordinator", "LEF Member"}


def assert_reported(problems: list[str], *fragments: str) -> None:
	"""One problem mentions every fragment."""
	assert any(all(f in p for f in fragments) for p in problems), (
		f"expected a problem mentioning {fragments}, got:\n" + "\n".join(problems)
	)


# --- Well-formed examples ---------------------------------------------------------------------


def field(fieldname: str, fieldtype: str = "Data", **props) -> dict:
	return {
		"fieldname": fieldname,
		"fieldtype": fieldtype,
		"label": fieldname.replace("_", " ").title(),
		**props,
	}


def perm(role: str = "System Manager", **rights) -> dict:
	return {"role": role, "read": 1, "write": 1, "create": 1, **rights}


def make_doctype(name: str, fields: list[dict], **props) -> dict:
	doc = {
		"doctype": "DocType",
		"name": name,
		"module": "LEF Members",
		"fields": fields,
		"field_order": [f["fieldname"] for f in fields],
		"permissions": [perm()],
	}
	doc.update(props)
	return doc


def theme() -> dict:
	return make_doctype(
		"Theme",
		[field("theme_name", reqd=1, unique=1), field("description", "Small Text")],
		autoname="field:theme_name",
		permissions=[perm(), perm("LEF Coordinator")],
	)


def request_theme() -> dict:
	return make_doctype(
		"Request Theme",
		[field("theme", "Link", options="Theme", in_list_view=1, reqd=1)],
		istable=1,
		permissions=[],
	)


def request() -> dict:
	fields = [
		field("naming_series", "Select", options="LEF-REQ-.YYYY.-", default="LEF-REQ-.YYYY.-", reqd=1),
		field("title", reqd=1, in_list_view=1),
		field("organisation_type", "Select", options="\nCare\nSchool", default="Care"),
		field("theme", "Link", options="Theme"),
		field("theme_description", "Small Text", fetch_from="theme.description", read_only=1),
		field("reference_doctype", "Link", options="DocType"),
		field("reference_name", "Dynamic Link", options="reference_doctype"),
		field("details_section", "Section Break"),
		field("needs_interpreter", "Check", default="0"),
		field(
			"interpreter_language",
			depends_on="eval:doc.needs_interpreter && doc.organisation_type == 'Care'",
			mandatory_depends_on="needs_interpreter",
		),
		field("themes", "Table", options="Request Theme"),
		field("theme_tags", "Table MultiSelect", options="Request Theme"),
		field("photo", "Attach Image"),
		field("coordinator_notes", "Text", permlevel=1),
		field("amount", "Currency", precision="2"),
		field("amended_from", "Link", options="Request", read_only=1, no_copy=1),
	]
	return make_doctype(
		"Request",
		fields,
		autoname="naming_series:",
		is_submittable=1,
		title_field="title",
		search_fields="title,theme",
		sort_field="modified",
		sort_order="DESC",
		image_field="photo",
		permissions=[
			perm("LEF Coordinator", submit=1, cancel=1, amend=1),
			perm("LEF Coordinator", permlevel=1, create=0),
			{"role": "System Manager", "read": 1},
		],
	)


def known(*docs: dict) -> dict[str, dict]:
	return {d["name"]: d for d in (theme(), request_theme(), request(), *docs)}


def check(doc: dict, roles=ROLES) -> list[str]:
	return check_doctype(doc, known(doc), roles)


def fields_of(doc: dict) -> dict[str, dict]:
	return {f["fieldname"]: f for f in doc["fields"]}


def test_well_formed_doctypes_pass_clean():
	for doc in (theme(), request_theme(), request()):
		assert check(doc) == [], doc["name"]


def test_well_formed_doctype_passes_in_its_own_folder():
	assert check_doctype(request(), known(), ROLES, folder="request") == []


# --- DocType: identity, fieldnames, field_order ------------------------------------------------


def set_field(fieldname: str, **props) -> Callable[[dict], None]:
	def mutate(doc: dict) -> None:
		fields_of(doc)[fieldname].update(props)

	return mutate


def add_field(new: dict, in_order: bool = True) -> Callable[[dict], None]:
	def mutate(doc: dict) -> None:
		doc["fields"].append(new)
		if in_order and new.get("fieldname"):
			doc["field_order"].append(new["fieldname"])

	return mutate


def set_props(**props) -> Callable[[dict], None]:
	return lambda doc: doc.update(props)


BROKEN_REQUESTS = {
	"wrong doctype key": (set_props(doctype="Doctype"), ["'doctype' is 'Doctype'"]),
	"other module": (set_props(module="Core"), ["module is 'Core'", "LEF Members"]),
	"name starting with a digit": (set_props(name="1Request"), ["must start with a letter"]),
	"name too long": (set_props(name="R" * 62), ["longer than 61"]),
	"unknown fieldtype": (
		set_field("title", fieldtype="Textarea"),
		["'title'", "unknown fieldtype 'Textarea'"],
	),
	"field without fieldname": (
		add_field({"fieldtype": "Data", "label": "Nickname"}),
		["'Nickname'", "no fieldname"],
	),
	"uppercase fieldname": (add_field(field("Nickname")), ["'Nickname'", "lowercase"]),
	"fieldname with a dash": (add_field(field("nick-name")), ["'nick-name'", "lowercase"]),
	"fieldname too long": (add_field(field("n" * 65)), ["longer than 64"]),
	"duplicate fieldname": (add_field(field("title"), in_order=False), ["'title'", "appears 2 times"]),
	"reserved fieldname owner": (add_field(field("owner")), ["'owner'", "reserved"]),
	"reserved fieldname parent": (add_field(field("parent")), ["'parent'", "reserved"]),
	"reserved fieldname flags": (add_field(field("flags")), ["'flags'", "reserved"]),
	"field missing from field_order": (
		add_field(field("nickname"), in_order=False),
		["field_order does not list", "'nickname'"],
	),
	"field_order naming a ghost": (
		lambda d: d["field_order"].append("ghost"),
		["field_order lists 'ghost'", "not a field"],
	),
	"field_order twice": (lambda d: d["field_order"].append("title"), ["field_order lists 'title' 2 times"]),
	"no field_order": (lambda d: d.pop("field_order"), ["no 'field_order'"]),
}


# --- DocType: options of Link, Table, Dynamic Link, Select, Data, Rating ------------------------

BROKEN_REQUESTS |= {
	"Link without options": (set_field("theme", options=""), ["'theme'", "needs options"]),
	"Link to a missing DocType": (
		set_field("theme", options="Theme Group"),
		["'theme'", "'Theme Group'", "not a DocType"],
	),
	"Link to a child table": (set_field("theme", options="Request Theme"), ["'theme'", "is a child table"]),
	"Table of a non-child DocType": (set_field("themes", options="Theme"), ["'themes'", "not a child table"]),
	"Table of a missing DocType": (
		set_field("themes", options="Request Themes"),
		["'themes'", "not a DocType"],
	),
	"Dynamic Link to a missing field": (
		set_field("reference_name", options="ref_type"),
		["'reference_name'", "Dynamic Link options 'ref_type'"],
	),
	"Dynamic Link to a Data field": (
		set_field("reference_name", options="title"),
		["'reference_name'", "Link field to 'DocType'"],
	),
	"Dynamic Link to a Link of another DocType": (
		set_field("reference_name", options="theme"),
		["'reference_name'", "Dynamic Link"],
	),
	"Select without options": (
		set_field("organisation_type", options="\n", default=None),
		["'organisation_type'", "no options"],
	),
	"Select default outside the options": (
		set_field("organisation_type", default="Hospital"),
		["'organisation_type'", "'Hospital'", "not one of the Select options"],
	),
	"Check default of 2": (set_field("needs_interpreter", default="2"), ["'needs_interpreter'", "0 or 1"]),
	"Data with unknown options": (set_field("title", options="Emails"), ["'title'", "'Emails'"]),
	"Rating with 20 stars": (add_field(field("score", "Rating", options="20")), ["'score'", "3 to 10"]),
}


def test_table_multiselect_child_needs_a_link_field():
	child = make_doctype("Request Note", [field("note")], istable=1, permissions=[])
	doc = request()
	fields_of(doc)["theme_tags"]["options"] = "Request Note"
	assert_reported(
		check_doctype(doc, known(doc, child), ROLES), "'theme_tags'", "'Request Note' has no Link field"
	)


def test_core_doctypes_and_core_child_tables_are_known():
	doc = request()
	doc["fields"] += [field("user", "Link", options="User"), field("roles", "Table", options="Has Role")]
	doc["field_order"] += ["user", "roles"]
	assert check(doc) == []


def test_link_to_itself_is_allowed():
	doc = request()
	doc["fields"].append(field("follow_up_of", "Link", options="Request"))
	doc["field_order"].append("follow_up_of")
	assert check(doc) == []


# --- DocType: depends_on, fetch_from, properties ----------------------------------------------

BROKEN_REQUESTS |= {
	"depends_on eval naming a ghost": (
		set_field("interpreter_language", depends_on="eval:doc.needs_interpretor"),
		["'interpreter_language'", "depends_on refers to 'needs_interpretor'"],
	),
	"depends_on with doc['x'] naming a ghost": (
		set_field("interpreter_language", depends_on="eval:doc['language_needed']"),
		["depends_on refers to 'language_needed'"],
	),
	"plain depends_on naming a ghost": (
		set_field("interpreter_language", depends_on="interpreter"),
		["depends_on refers to 'interpreter'"],
	),
	"mandatory_depends_on naming a ghost": (
		set_field("interpreter_language", mandatory_depends_on="eval:doc.needs_help"),
		["mandatory_depends_on refers to 'needs_help'"],
	),
	"read_only_depends_on naming a ghost": (
		set_field("title", read_only_depends_on="eval:doc.locked"),
		["read_only_depends_on refers to 'locked'"],
	),
	"depends_on assigning": (
		set_field("interpreter_language", depends_on="eval:doc.needs_interpreter = 1"),
		["assigns instead of compares"],
	),
	"fetch_from through a missing field": (
		set_field("theme_description", fetch_from="subject.description"),
		["'theme_description'", "'subject' is not a Link field"],
	),
	"fetch_from through a non-Link field": (
		set_field("theme_description", fetch_from="title.description"),
		["'title' is not a Link field"],
	),
	"fetch_from a missing remote field": (
		set_field("theme_description", fetch_from="theme.summary"),
		["'Theme' has no field 'summary'"],
	),
	"fetch_from itself": (
		set_field("theme_description", fetch_from="theme_description.x"),
		["refers to the field itself"],
	),
	"fetch_from without a dot": (
		set_field("theme_description", fetch_from="theme"),
		["must be 'link_field.remote_field'"],
	),
	"title_field a ghost": (set_props(title_field="subject"), ["title_field 'subject'"]),
	"search_fields with a ghost": (
		set_props(search_fields="title, subject"),
		["search_fields names 'subject'"],
	),
	"search_fields with a section": (
		set_props(search_fields="details_section"),
		["search_fields names 'details_section'", "without a value"],
	),
	"sort_field a ghost": (set_props(sort_field="posted_on"), ["sort_field 'posted_on'"]),
	"sort_order lowercase": (set_props(sort_order="desc"), ["sort_order must be ASC or DESC"]),
	"image_field not an image": (set_props(image_field="title"), ["image_field 'title'", "Attach Image"]),
	"image_field a ghost": (set_props(image_field="picture"), ["image_field 'picture'"]),
	"timeline_field not a Link": (set_props(timeline_field="title"), ["timeline_field 'title'"]),
	"mandatory Section Break": (
		set_field("details_section", reqd=1),
		["'details_section'", "cannot be mandatory"],
	),
	"Section Break in list view": (
		set_field("details_section", in_list_view=1),
		["'details_section'", "list view"],
	),
	"Attach Image in list view": (set_field("photo", in_list_view=1), ["'photo'", "list view"]),
	"unique Small Text": (
		set_field("theme_description", unique=1),
		["'theme_description'", "cannot be unique"],
	),
	"indexed Text": (
		set_field("coordinator_notes", search_index=1),
		["'coordinator_notes'", "cannot be indexed"],
	),
	"hidden and mandatory": (set_field("title", hidden=1), ["'title'", "hidden and mandatory"]),
	"precision 9": (set_field("amount", precision="9"), ["'amount'", "precision must be from 1 to 6"]),
	"Section Break in global search": (set_field("details_section", in_global_search=1), ["global search"]),
}


def test_depends_on_may_use_standard_fields_and_form_functions():
	doc = request()
	fields_of(doc)["title"]["depends_on"] = "eval:!doc.__islocal && doc.docstatus == 0"
	fields_of(doc)["theme"]["depends_on"] = "fn:show_theme"
	fields_of(doc)["photo"]["read_only_depends_on"] = "eval:doc.owner != frappe.session.user"
	assert check(doc) == []


def test_sort_field_may_be_a_standard_field_with_direction():
	assert check(set_and_return(request(), sort_field="creation desc, title asc")) == []


def set_and_return(doc: dict, **props) -> dict:
	doc.update(props)
	return doc


# --- DocType: naming -------------------------------------------------------------------------

BROKEN_REQUESTS |= {
	"naming_series without the field": (
		lambda d: _drop_field(d, "naming_series"),
		["autoname 'naming_series:'", "needs a field called 'naming_series'"],
	),
	"naming_series field not a Select": (
		set_field("naming_series", fieldtype="Data", options=None, default=None),
		["'naming_series' must be a Select"],
	),
	"naming_series without options": (
		set_field("naming_series", options="", default=None),
		["'naming_series' has no options"],
	),
	"naming series without a dot": (
		set_field("naming_series", options="LEF-REQ-", default=None),
		["naming series 'LEF-REQ-'", "dot"],
	),
	"naming series with a space-less bad char": (
		set_field("naming_series", options="LEF*.####", default=None),
		["naming series 'LEF*.####'"],
	),
	"autoname field: naming a ghost": (
		set_props(autoname="field:request_title"),
		["autoname 'field:request_title'", "not a field"],
	),
	"autoname field: neither unique nor mandatory": (
		set_props(autoname="field:organisation_type"),
		["'organisation_type' should be unique or mandatory"],
	),
	"autoname field: a section": (set_props(autoname="field:details_section"), ["holds no value"]),
	"format: placeholder naming a ghost": (
		set_props(autoname="format:REQ-{YYYY}-{region}-{####}"),
		["placeholder {region}"],
	),
	"unknown autoname": (set_props(autoname="by title"), ["autoname 'by title'", "not a naming rule"]),
}


@pytest.mark.parametrize(
	"autoname",
	[
		"hash",
		"autoincrement",
		"Prompt",
		"UUID",
		"format:REQ-{YYYY}-{MM}-{title}-{#####}",
		"LEF-.YYYY.-.#####",
		"",
	],
)
def test_known_naming_rules_pass(autoname):
	assert check(set_and_return(request(), autoname=autoname)) == []


def _drop_field(doc: dict, fieldname: str) -> None:
	doc["fields"] = [f for f in doc["fields"] if f["fieldname"] != fieldname]
	doc["field_order"].remove(fieldname)


# --- DocType: permissions, submittable ---------------------------------------------------------

BROKEN_REQUESTS |= {
	"role nobody defines": (
		lambda d: d["permissions"].append(perm("LEF Planner")),
		["role 'LEF Planner'", "not defined"],
	),
	"no permission rows": (set_props(permissions=[]), ["no permission rows"]),
	"row without basic right": (
		lambda d: d["permissions"].append({"role": "LEF Member", "print": 1}),
		["(LEF Member, level 0)", "no basic right"],
	),
	"duplicate row": (
		lambda d: d["permissions"].append(perm("System Manager")),
		["(System Manager, level 0)", "second row"],
	),
	"cancel without submit": (lambda d: d["permissions"][0].update(submit=0), ["cancel without submit"]),
	"submit without write": (
		lambda d: d["permissions"][0].update(write=0),
		["submit, cancel or amend without write"],
	),
	"import without allow_import": (
		lambda d: d["permissions"][0].update({"import": 1}),
		["import on a DocType without allow_import"],
	),
	"level 1 without level 0": (
		lambda d: d["permissions"].append(perm("LEF Member", permlevel=1, create=0)),
		["(LEF Member, level 1)", "needs a level 0 row"],
	),
	"field at a permlevel without rows": (
		set_field("amount", permlevel=2),
		["'amount'", "permlevel 2 has no permission row"],
	),
	"submittable without amended_from": (
		lambda d: _drop_field(d, "amended_from"),
		["submittable", "'amended_from'"],
	),
	"amended_from linking elsewhere": (
		set_field("amended_from", options="Theme"),
		["submittable", "'amended_from' to itself"],
	),
	"submittable but nobody submits": (
		lambda d: d["permissions"][0].update(submit=0, cancel=0, amend=0),
		["no permission row may submit"],
	),
	"submit on a DocType that is not submittable": (
		set_props(is_submittable=0),
		["submit or amend on a DocType that is not submittable"],
	),
}


@pytest.mark.parametrize("case", sorted(BROKEN_REQUESTS))
def test_broken_request_doctype_is_reported(case):
	mutate, fragments = BROKEN_REQUESTS[case]
	doc = copy.deepcopy(request())
	mutate(doc)
	assert_reported(check(doc), "DocType", *fragments)


def test_every_problem_names_the_doctype():
	doc = request()
	fields_of(doc)["theme"]["options"] = "Ghost"
	problems = check(doc)
	assert problems and all(p.startswith("DocType 'Request'") for p in problems)


def test_folder_must_be_the_scrubbed_name():
	assert_reported(
		check_doctype(request(), known(), ROLES, folder="requests"), "folder 'requests'", "'request'"
	)


def test_child_table_has_no_permissions():
	child = request_theme()
	child["permissions"] = [perm()]
	assert_reported(check(child), "'Request Theme'", "child table must not have permission rows")


def test_child_table_may_show_buttons_in_the_grid():
	child = request_theme()
	child["fields"].append(field("open", "Button", in_list_view=1))
	child["field_order"].append("open")
	assert check(child) == []


def test_all_and_desk_user_may_have_higher_levels_alone():
	doc = request()
	doc["permissions"].append({"role": "Desk User", "permlevel": 1, "read": 1})
	assert check(doc) == []


# --- Controllers ------------------------------------------------------------------------------


def test_controller_class_must_match_the_doctype(tmp_path: Path):
	folder = tmp_path / "expert_by_experience"
	folder.mkdir()
	assert_reported(check_controller(folder, "Expert by Experience"), "expert_by_experience.py is missing")
	(folder / "expert_by_experience.py").write_text("class ExpertByExperience:\n\tpass\n")
	assert_reported(
		check_controller(folder, "Expert by Experience"), "does not define class ExpertbyExperience"
	)
	(folder / "expert_by_experience.py").write_text(
		"from frappe.model.document import Document\n\n\nclass ExpertbyExperience(Document):\n\tpass\n"
	)
	assert check_controller(folder, "Expert by Experience") == []
	(folder / "expert_by_experience.py").write_text("class ExpertbyExperience(:\n")
	assert_reported(check_controller(folder, "Expert by Experience"), "not valid Python")


def test_controller_class_drops_spaces_and_dashes(tmp_path: Path):
	(tmp_path / "e_learning_module.py").write_text("class ELearningModule:\n\tpass\n")
	assert check_controller(tmp_path, "E-Learning Module") == []


# --- Web Form ---------------------------------------------------------------------------------


def web_form(**props) -> dict:
	form = {
		"doctype": "Web Form",
		"name": "request-form",
		"title": "Request an expert",
		"module": "LEF Members",
		"doc_type": "Request",
		"route": "request-an-expert",
		"is_standard": 1,
		"published": 1,
		"login_required": 0,
		"web_form_fields": [
			{"fieldname": "title", "fieldtype": "Data", "label": "Title", "reqd": 1},
			{"fieldtype": "Section Break", "label": "More"},
			{"fieldname": "theme", "fieldtype": "Link", "options": "Theme", "label": "Theme"},
			{"fieldname": "organisation_type", "fieldtype": "Select", "options": "Care\nSchool"},
			{"fieldtype": "Page Break"},
			{"fieldname": "themes", "fieldtype": "Table", "options": "Request Theme"},
		],
		"list_columns": [{"fieldname": "title", "fieldtype": "Data"}],
	}
	form.update(props)
	return form


def test_well_formed_web_form_passes_clean():
	assert check_web_form(web_form(), known(), folder="request_form") == []


def _set_row(index: int, **props) -> Callable[[dict], None]:
	return lambda form: form["web_form_fields"][index].update(props)


BROKEN_WEB_FORMS = {
	"missing DocType": (lambda f: f.update(doc_type="Requests"), ["doc_type 'Requests' is not a DocType"]),
	"field missing on the DocType": (
		_set_row(0, fieldname="subject"),
		["row 1 ('subject')", "'Request' has no field 'subject'"],
	),
	"fieldtype differs": (_set_row(0, fieldtype="Text"), ["row 1 ('title')", "'Text' differs from 'Data'"]),
	"fieldtype not allowed in web forms": (
		_set_row(0, fieldtype="Long Text"),
		["row 1", "'Long Text' cannot be used in a web form"],
	),
	"Link options differ": (_set_row(2, options="User"), ["row 3 ('theme')", "options 'User' differ"]),
	"row without fieldname": (_set_row(0, fieldname=None), ["row 1", "no fieldname"]),
	"no route": (lambda f: f.update(route=""), ["has no route"]),
	"route with spaces": (
		lambda f: f.update(route="Request an expert"),
		["route 'Request an expert' is not URL-safe"],
	),
	"route with a leading slash": (lambda f: f.update(route="/request"), ["not URL-safe"]),
	"other module": (lambda f: f.update(module="Website"), ["module is 'Website'"]),
	"wrong doctype key": (lambda f: f.update(doctype="WebForm"), ["expected 'Web Form'"]),
	"list column missing": (
		lambda f: f["list_columns"].append({"fieldname": "status"}),
		["list column 'status'"],
	),
}


@pytest.mark.parametrize("case", sorted(BROKEN_WEB_FORMS))
def test_broken_web_form_is_reported(case):
	mutate, fragments = BROKEN_WEB_FORMS[case]
	form = web_form()
	mutate(form)
	assert_reported(check_web_form(form, known()), "Web Form 'request-form'", *fragments)


def test_web_form_folder_must_be_the_scrubbed_name():
	assert_reported(
		check_web_form(web_form(), known(), folder="request"), "folder 'request'", "'request_form'"
	)


def test_web_form_routes_are_unique():
	forms = [web_form(), web_form(name="second-form"), web_form(name="third-form", route="other")]
	assert_reported(check_web_form_routes(forms), "'request-form', 'second-form'", "'request-an-expert'")
	assert check_web_form_routes(forms[::2]) == []


# --- Report -----------------------------------------------------------------------------------


def report(**props) -> dict:
	doc = {
		"doctype": "Report",
		"name": "Open Requests",
		"report_name": "Open Requests",
		"module": "LEF Members",
		"is_standard": "Yes",
		"report_type": "Script Report",
		"ref_doctype": "Request",
		"roles": [{"role": "LEF Coordinator"}, {"role": "System Manager"}],
	}
	doc.update(props)
	return doc


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
	folder = tmp_path / "open_requests"
	folder.mkdir()
	(folder / "open_requests.py").write_text("def execute(filters=None):\n\treturn [], []\n")
	return folder


def test_well_formed_report_passes_clean(report_dir: Path):
	assert check_report(report(), known(), ROLES, report_dir=report_dir) == []
	query = report(report_type="Query Report", query="select name from `tabRequest`")
	assert check_report(query, known(), ROLES) == []


BROKEN_REPORTS = {
	"custom report type": ({"report_type": "Custom Report"}, ["report_type 'Custom Report'"]),
	"missing ref_doctype": ({"ref_doctype": "Requests"}, ["ref_doctype 'Requests' is not a DocType"]),
	"role nobody defines": ({"roles": [{"role": "Finance"}]}, ["role 'Finance' is not defined"]),
	"no roles": ({"roles": []}, ["has no roles"]),
	"not standard": ({"is_standard": "No"}, ["is_standard must be 'Yes'"]),
	"report_name differs": ({"report_name": "Open requests"}, ["report_name 'Open requests' differs"]),
	"query report without query": ({"report_type": "Query Report"}, ["needs a query"]),
	"report builder with broken json": (
		{"report_type": "Report Builder", "json": "{columns"},
		["'json' is not valid JSON"],
	),
	"other module": ({"module": "Core"}, ["module is 'Core'"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN_REPORTS))
def test_broken_report_is_reported(case, report_dir: Path):
	props, fragments = BROKEN_REPORTS[case]
	assert_reported(
		check_report(report(**props), known(), ROLES, report_dir=report_dir),
		"Report 'Open Requests'",
		*fragments,
	)


def test_script_report_needs_execute(report_dir: Path):
	(report_dir / "open_requests.py").write_text("def get_data(filters=None):\n\treturn []\n")
	assert_reported(
		check_report(report(), known(), ROLES, report_dir=report_dir), "does not define execute()"
	)
	(report_dir / "open_requests.py").unlink()
	assert_reported(check_report(report(), known(), ROLES, report_dir=report_dir), "needs open_requests.py")


# --- Workspace --------------------------------------------------------------------------------


def workspace(**props) -> dict:
	content = [
		{"id": "a", "type": "shortcut", "data": {"shortcut_name": "Requests", "col": 3}},
		{"id": "b", "type": "card", "data": {"card_name": "Masters", "col": 4}},
		{"id": "c", "type": "header", "data": {"text": "Hello", "col": 12}},
	]
	doc = {
		"doctype": "Workspace",
		"name": "LEF",
		"label": "LEF",
		"module": "LEF Members",
		"content": json.dumps(content),
		"links": [
			{"type": "Card Break", "label": "Masters"},
			{"type": "Link", "label": "Themes", "link_type": "DocType", "link_to": "Theme"},
			{"type": "Link", "label": "Users", "link_type": "DocType", "link_to": "User"},
			{
				"type": "Link",
				"label": "Open",
				"link_type": "Report",
				"link_to": "Open Requests",
				"is_query_report": 1,
			},
			{"type": "Link", "label": "Permissions", "link_type": "Page", "link_to": "permission-manager"},
		],
		"shortcuts": [
			{"label": "Requests", "type": "DocType", "link_to": "Request"},
			{"label": "Manual", "type": "URL", "url": "https://example.org"},
		],
		"roles": [{"role": "LEF Coordinator"}],
	}
	doc.update(props)
	return doc


REPORTS = {"Open Requests": report()}


def test_well_formed_workspace_passes_clean():
	assert check_workspace(workspace(), known(), REPORTS, known_roles=ROLES) == []


def _set_link(index: int, **props) -> Callable[[dict], None]:
	return lambda w: w["links"][index].update(props)


BROKEN_WORKSPACES = {
	"link to a missing DocType": (
		_set_link(1, link_to="Themes"),
		["link 2 ('Themes')", "DocType 'Themes' does not exist"],
	),
	"link to a missing report": (_set_link(3, link_to="Closed Requests"), ["Report 'Closed Requests'"]),
	"link to a missing page": (_set_link(4, link_to="planner"), ["Page 'planner' does not exist"]),
	"link with unknown link_type": (_set_link(1, link_type="Dashboard"), ["link_type 'Dashboard'"]),
	"link of unknown type": (_set_link(1, type="Shortcut"), ["type must be 'Link' or 'Card Break'"]),
	"script report not opened as query report": (
		_set_link(3, is_query_report=0),
		["is_query_report should be 1"],
	),
	"shortcut to a missing DocType": (
		lambda w: w["shortcuts"][0].update(link_to="Requests"),
		["shortcut 1 ('Requests')", "DocType 'Requests'"],
	),
	"shortcut of unknown type": (lambda w: w["shortcuts"][0].update(type="List"), ["type 'List'"]),
	"URL shortcut without url": (lambda w: w["shortcuts"][1].pop("url"), ["needs a url"]),
	"content not JSON": (lambda w: w.update(content="[{"), ["content is not valid JSON"]),
	"content not a list": (lambda w: w.update(content="{}"), ["content must be a JSON list"]),
	"content empty": (lambda w: w.update(content=""), ["content is empty"]),
	"content naming a missing shortcut": (
		lambda w: w["shortcuts"][0].update(label="All requests"),
		["content shows shortcut 'Requests'"],
	),
	"content naming a missing card": (_set_link(0, label="Master data"), ["content shows card 'Masters'"]),
	"role nobody defines": (lambda w: w["roles"].append({"role": "Planner"}), ["role 'Planner'"]),
	"other module": (lambda w: w.update(module="Desk"), ["module is 'Desk'"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN_WORKSPACES))
def test_broken_workspace_is_reported(case):
	mutate, fragments = BROKEN_WORKSPACES[case]
	doc = workspace()
	mutate(doc)
	assert_reported(check_workspace(doc, known(), REPORTS, known_roles=ROLES), "Workspace 'LEF'", *fragments)


# --- Fixtures ---------------------------------------------------------------------------------

HOOK_FIXTURES = [
	{"dt": "Role", "filters": [["name", "in", ["LEF Coordinator", "LEF Member"]]]},
	{"dt": "Workflow State", "filters": {"name": ["in", ["Requested", "Planned"]]}},
	{"dt": "Workflow Action Master", "filters": [["Workflow Action Master", "name", "in", ["Plan"]]]},
	{"dt": "Workflow", "filters": [["name", "=", "Request Flow"]]},
	"Theme",
]


def fixture_files() -> dict[str, list]:
	return {
		"role.json": [
			{"doctype": "Role", "name": "LEF Coordinator", "role_name": "LEF Coordinator", "desk_access": 1},
			{"doctype": "Role", "name": "LEF Member", "role_name": "LEF Member", "desk_access": 0},
		],
		"workflow_state.json": [
			{
				"doctype": "Workflow State",
				"name": "Requested",
				"workflow_state_name": "Requested",
				"style": "Info",
			},
			{
				"doctype": "Workflow State",
				"name": "Planned",
				"workflow_state_name": "Planned",
				"style": "Success",
			},
		],
		"workflow_action_master.json": [
			{"doctype": "Workflow Action Master", "name": "Plan", "workflow_action_name": "Plan"},
		],
		"workflow.json": [
			{
				"doctype": "Workflow",
				"name": "Request Flow",
				"workflow_name": "Request Flow",
				"document_type": "Request",
				"workflow_state_field": "organisation_type",
				"is_active": 1,
				"states": [
					{"state": "Requested", "doc_status": "0", "allow_edit": "LEF Member"},
					{"state": "Planned", "doc_status": "1", "allow_edit": "LEF Coordinator"},
					{"state": "Rejected", "doc_status": "0", "allow_edit": "LEF Coordinator"},
				],
				"transitions": [
					{
						"state": "Requested",
						"action": "Plan",
						"next_state": "Planned",
						"allowed": "LEF Coordinator",
					},
					{
						"state": "Requested",
						"action": "Reject",
						"next_state": "Rejected",
						"allowed": "LEF Coordinator",
					},
				],
			}
		],
		"theme.json": [
			{"doctype": "Theme", "name": "Housing", "theme_name": "Housing", "description": "Wonen"},
		],
	}


def test_well_formed_fixtures_pass_clean():
	assert check_fixtures(fixture_files(), known(), HOOK_FIXTURES) == []


def _record(filename: str, index: int = 0, **props) -> Callable[[dict], None]:
	return lambda files: files[filename][index].update(props)


def _workflow(mutate: Callable[[dict], None]) -> Callable[[dict], None]:
	return lambda files: mutate(files["workflow.json"][0])


BROKEN_FIXTURES = {
	"file not a list": (
		lambda f: f.update({"theme.json": {"doctype": "Theme"}}),
		["fixtures/theme.json: must be a JSON list"],
	),
	"record without doctype": (
		lambda f: f["theme.json"][0].pop("doctype"),
		["fixtures/theme.json: record 1", "no 'doctype'"],
	),
	"record without name": (lambda f: f["theme.json"][0].pop("name"), ["record 1 (Theme)", "no 'name'"]),
	"record of a missing DocType": (_record("theme.json", doctype="Topic"), ["'Topic' is not a DocType"]),
	"unknown field on an app DocType": (
		_record("theme.json", summary="x"),
		["(Theme 'Housing')", "'Theme' has no field 'summary'"],
	),
	"unknown field on a core DocType": (
		_record("role.json", desk=1),
		["(Role 'LEF Coordinator')", "'Role' has no field 'desk'"],
	),
	"mandatory field empty": (
		_record("theme.json", theme_name=""),
		["mandatory field 'theme_name' is empty"],
	),
	"role without role_name": (
		lambda f: f["role.json"][0].pop("role_name"),
		["(Role 'LEF Coordinator')", "mandatory field 'role_name'"],
	),
	"name differs from the naming field": (
		_record("theme.json", name="housing"),
		["name should equal 'theme_name'"],
	),
	"Select value outside the options": (
		lambda f: f["theme.json"].append(
			{
				"doctype": "Request",
				"name": "R1",
				"title": "x",
				"naming_series": "LEF-REQ-.YYYY.-",
				"organisation_type": "Hospital",
			}
		),
		["'organisation_type' = 'Hospital'"],
	),
	"file named after another DocType": (
		lambda f: f.update({"themes.json": f.pop("theme.json")}),
		["fixtures/themes.json", "theme.json"],
	),
	"duplicate record": (
		lambda f: f["theme.json"].append(dict(f["theme.json"][0])),
		["Theme 'Housing' appears 2 times"],
	),
	"child row with unknown field": (
		_workflow(lambda w: w["states"][0].update(colour="red")),
		["states row 1", "'Workflow Document State' has no field 'colour'"],
	),
	"child row of another doctype": (
		_workflow(lambda w: w["states"][0].update(doctype="Workflow Transition")),
		["row 1 of 'states'", "expected 'Workflow Document State'"],
	),
	"workflow for a missing DocType": (
		_workflow(lambda w: w.update(document_type="Requests")),
		["Workflow 'Request Flow'", "document_type 'Requests'"],
	),
	"workflow state field missing": (
		_workflow(lambda w: w.update(workflow_state_field="status")),
		["has no field 'status'"],
	),
	"workflow state not defined": (
		_workflow(lambda w: w["states"][1].update(state="Done")),
		["state 'Done' is not a Workflow State"],
	),
	"workflow action not defined": (
		_workflow(lambda w: w["transitions"][0].update(action="Schedule")),
		["action 'Schedule' is not a Workflow Action Master"],
	),
	"workflow role not defined": (
		_workflow(lambda w: w["transitions"][0].update(allowed="Planner")),
		["role 'Planner' is not defined"],
	),
	"workflow edit role not defined": (
		_workflow(lambda w: w["states"][0].update(allow_edit="Planner")),
		["allows role 'Planner'"],
	),
	"transition to a state not listed": (
		_workflow(lambda w: w["transitions"][1].update(next_state="Pending")),
		["both states must be listed"],
	),
	"transition from submitted to draft": (
		_workflow(
			lambda w: w["transitions"].append(
				{
					"state": "Planned",
					"action": "Plan",
					"next_state": "Requested",
					"allowed": "LEF Coordinator",
				}
			)
		),
		["docstatus 1 to 0"],
	),
	"update_field missing": (
		_workflow(lambda w: w["states"][0].update(update_field="status", update_value="Open")),
		["updates 'status'"],
	),
	"core fixture without filters": (lambda f: None, []),  # replaced below with hook variants
}
del BROKEN_FIXTURES["core fixture without filters"]


@pytest.mark.parametrize("case", sorted(BROKEN_FIXTURES))
def test_broken_fixture_is_reported(case):
	mutate, fragments = BROKEN_FIXTURES[case]
	files = fixture_files()
	mutate(files)
	assert_reported(check_fixtures(files, known(), None), *fragments)


def test_submitted_workflow_state_needs_a_submittable_doctype():
	doc = request()
	doc["is_submittable"] = 0
	doc["permissions"][0].update(submit=0, cancel=0, amend=0)
	assert_reported(
		check_fixtures(fixture_files(), known(doc), None),
		"state 'Planned' has doc_status 1",
		"not submittable",
	)


def test_custom_field_fixture_checks():
	files = {
		"custom_field.json": [
			{
				"doctype": "Custom Field",
				"name": "User-lef_member",
				"dt": "User",
				"fieldname": "lef_member",
				"fieldtype": "Link",
				"options": "Theme",
			},
		]
	}
	hook = [{"dt": "Custom Field", "filters": [["name", "in", ["User-lef_member"]]]}]
	assert check_fixtures(files, known(), hook) == []
	files["custom_field.json"][0].update(name="lef_member")
	assert_reported(check_fixtures(files, known(), hook), "name should be 'User-lef_member'")
	files["custom_field.json"][0].update(dt="Theme", name="Theme-lef_member")
	assert_reported(check_fixtures(files, known(), None), "'Theme' is the app's own DocType")
	files["custom_field.json"][0].update(dt="Usr", name="Usr-lef_member")
	assert_reported(check_fixtures(files, known(), None), "dt 'Usr' is not a DocType")


def _hooks(mutate: Callable[[list], None]) -> list:
	hooks = copy.deepcopy(HOOK_FIXTURES)
	mutate(hooks)
	return hooks


BROKEN_HOOK_FIXTURES = {
	"core DocType without filters": (
		lambda h: h.__setitem__(0, "Role"),
		["hooks.py fixtures: 'Role'", "without filters"],
	),
	"core DocType with empty filters": (lambda h: h[0].update(filters=[]), ["'Role'", "without filters"]),
	"filters of the wrong type": (
		lambda h: h[0].update(filters="LEF Member"),
		["filters must be a list or a dict"],
	),
	"filter naming a record the file lacks": (
		lambda h: h[0]["filters"][0][2].append("LEF Finance"),
		["filters name name 'LEF Finance'", "no such record"],
	),
	"file holding a record the filter leaves out": (
		lambda h: h[0]["filters"][0][2].remove("LEF Member"),
		["holds name 'LEF Member'", "filters leave out"],
	),
	"dict filter leaving a record out": (
		lambda h: h[1].update(filters={"name": ["in", ["Requested"]]}),
		["holds name 'Planned'"],
	),
	"missing DocType": (lambda h: h.append("Topic"), ["'Topic' is not a DocType"]),
	"file missing": (
		lambda h: h.append({"dt": "Email Template", "filters": [["name", "=", "Welcome"]]}),
		["fixtures/email_template.json is missing"],
	),
	"file not listed in hooks": (lambda h: h.pop(), ["fixtures/theme.json: not listed in hooks.py fixtures"]),
	"entry neither name nor dict": (lambda h: h.append(3), ["entry 3 must be a DocType name or a dict"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN_HOOK_FIXTURES))
def test_broken_hook_fixtures_are_reported(case):
	mutate, fragments = BROKEN_HOOK_FIXTURES[case]
	assert_reported(check_fixtures(fixture_files(), known(), _hooks(mutate)), *fragments)


def test_roles_from_fixtures_count_for_permissions():
	assert checker.roles_from_fixtures(fixture_files()) == {"LEF Coordinator", "LEF Member"}


# --- hooks.py ---------------------------------------------------------------------------------

GOOD_HOOKS = """
app_name = "lef_members"
after_install = "lef_members.setup.install.after_install"
before_tests = ["lef_members.setup.install.before_tests"]
extend_bootinfo = "lef_members.boot.extend"
fixtures = [{"dt": "Role", "filters": [["name", "in", ["LEF Member"]]]}]
doc_events = {
	"*": {"on_update": "lef_members.events.log_change"},
	"User": {"after_insert": ["lef_members.events.link_member"], "on_trash": "frappe.desk.x.y"},
}
scheduler_events = {
	"daily": ["lef_members.tasks.daily"],
	"hourly_long": ["lef_members.tasks.hourly_long"],
	"cron": {"0 7 * * 1": ["lef_members.tasks.monday"]},
}
permission_query_conditions = {"Request": "lef_members.permissions.request_query"}
has_permission = {"Request": "lef_members.permissions.has_request_permission"}
override_whitelisted_methods = {"frappe.client.get_count": "lef_members.events.get_count"}
jinja = {"methods": ["lef_members.jinja_utils"], "filters": "lef_members.jinja_utils.money"}
doctype_js = {"User": "public/js/user.js"}
user_data_fields = [{"doctype": "Request", "filter_by": "owner", "redact_fields": ["title"]}]
website_generators = ["Theme"]
computed = [x for x in ()]
"""

MODULES = {
	"lef_members/__init__.py": '__version__ = "0.0.1"\n',
	"lef_members/setup/__init__.py": "",
	"lef_members/setup/install.py": "def after_install():\n\tpass\n\n\ndef before_tests():\n\tpass\n",
	"lef_members/boot.py": "from lef_members.setup.install import after_install as extend\n",
	"lef_members/events.py": "def log_change(doc, method):\n\tpass\n\n\ndef link_member(doc, method):\n\tpass\n\n\ntry:\n\tget_count = len\nexcept ImportError:\n\tpass\n",
	"lef_members/tasks/__init__.py": "def daily():\n\tpass\n\n\nasync def hourly_long():\n\tpass\n\n\nclass monday:\n\tpass\n",
	"lef_members/permissions.py": "request_query = None\n\n\ndef has_request_permission(doc, ptype, user):\n\treturn True\n",
	"lef_members/jinja_utils.py": "def money(value):\n\treturn value\n",
	"lef_members/public/js/user.js": "// user form\n",
}


def write_files(root: Path, files: dict[str, str]) -> None:
	for relative, text in files.items():
		path = root / relative
		path.parent.mkdir(parents=True, exist_ok=True)
		path.write_text(text)


@pytest.fixture
def hooks_app(tmp_path: Path) -> Path:
	write_files(tmp_path, {**MODULES, "lef_members/hooks.py": GOOD_HOOKS})
	return tmp_path


def check_hooks_text(app: Path, text: str) -> list[str]:
	(app / "lef_members" / "hooks.py").write_text(text)
	return check_hooks(app / "lef_members" / "hooks.py", app, known(), ROLES)


def test_well_formed_hooks_pass_clean(hooks_app: Path):
	assert check_hooks(hooks_app / "lef_members" / "hooks.py", hooks_app, known(), ROLES) == []


def test_hooks_read_roles_from_the_app_fixtures_when_not_given(hooks_app: Path):
	line = 'app_name = "lef_members"\nrole_home_page = {"LEF Member": "lef/profile"}\n'
	(hooks_app / "lef_members" / "hooks.py").write_text(line)
	hooks_path = hooks_app / "lef_members" / "hooks.py"
	assert_reported(check_hooks(hooks_path, hooks_app, known()), "role 'LEF Member' is not defined")
	write_files(hooks_app, {"lef_members/fixtures/role.json": json.dumps(fixture_files()["role.json"])})
	assert check_hooks(hooks_path, hooks_app, known()) == []


BROKEN_HOOKS = {
	"path to a missing module": (
		'after_install = "lef_members.setup.instal.after_install"',
		["hooks.py after_install", "module lef_members.setup.instal does not exist"],
	),
	"path to a missing function": (
		'after_install = "lef_members.setup.install.on_install"',
		["hooks.py after_install", "has no top-level 'on_install'"],
	),
	"function only inside a class": (
		'after_install = "lef_members.tasks.monday.run"',
		["module lef_members.tasks.monday does not exist"],
	),
	"path that is not dotted": ('after_install = "lef_members"', ["'lef_members' is not a dotted path"]),
	"path with a space": (
		'after_install = "lef_members.setup.install.after_install "',
		["is not a dotted path"],
	),
	"list with one bad path": (
		'before_tests = ["lef_members.setup.install.before_tests", "lef_members.tasks.weekly"]',
		["hooks.py before_tests", "has no top-level 'weekly'"],
	),
	"doc_events for a missing DocType": (
		'doc_events = {"Member": {"on_update": "lef_members.events.log_change"}}',
		["hooks.py doc_events", "'Member' is not a DocType"],
	),
	"doc_events with an unknown event": (
		'doc_events = {"Request": {"on_save": "lef_members.events.log_change"}}',
		["'on_save' is not a document event"],
	),
	"doc_events to a missing function": (
		'doc_events = {"Request": {"validate": "lef_members.events.check"}}',
		["doc_events['Request']['validate']", "no top-level 'check'"],
	),
	"doc_events not a dict": (
		'doc_events = {"Request": "lef_members.events.log_change"}',
		["must be a dict of event to dotted path"],
	),
	"scheduler with an unknown frequency": (
		'scheduler_events = {"nightly": ["lef_members.tasks.daily"]}',
		["'nightly' is not one of"],
	),
	"scheduler to a missing function": (
		'scheduler_events = {"weekly": ["lef_members.tasks.weekly"]}',
		["scheduler_events['weekly']", "no top-level 'weekly'"],
	),
	"cron with a bad expression": (
		'scheduler_events = {"cron": {"every monday": ["lef_members.tasks.daily"]}}',
		["'every monday' is not a cron expression"],
	),
	"cron not a dict": (
		'scheduler_events = {"cron": ["lef_members.tasks.daily"]}',
		["must be a dict of cron expression"],
	),
	"permission hook for a missing DocType": (
		'has_permission = {"Requests": "lef_members.permissions.has_request_permission"}',
		["hooks.py has_permission", "'Requests' is not a DocType"],
	),
	"permission query to a missing function": (
		'permission_query_conditions = {"Request": "lef_members.permissions.query"}',
		["permission_query_conditions['Request']", "no top-level 'query'"],
	),
	"jinja filter missing": (
		'jinja = {"filters": ["lef_members.jinja_utils.euro"]}',
		["jinja filters", "no top-level 'euro'"],
	),
	"override to a missing function": (
		'override_whitelisted_methods = {"frappe.client.get": "lef_members.events.get"}',
		["override_whitelisted_methods['frappe.client.get']"],
	),
	"doctype_js file missing": (
		'doctype_js = {"User": "public/js/usr.js"}',
		["doctype_js['User']", "'public/js/usr.js' does not exist"],
	),
	"fixtures for a missing DocType": (
		'fixtures = ["Roles"]',
		["hooks.py fixtures", "'Roles' is not a DocType"],
	),
	"user_data_fields with a missing field": (
		'user_data_fields = [{"doctype": "Request", "filter_by": "email"}]',
		["user_data_fields", "no field 'email'"],
	),
	"website_generators missing DocType": (
		'website_generators = ["Page Theme"]',
		["website_generators", "'Page Theme'"],
	),
	"syntax error": ("doc_events = {", ["cannot be parsed"]),
	"portal menu for a missing DocType": (
		'portal_menu_items = [{"title": "Mine", "route": "/mine", "reference_doctype": "Requests"}]',
		["portal_menu_items", "'Requests' is not a DocType"],
	),
	"portal menu for an undefined role": (
		'portal_menu_items = [{"title": "Mine", "route": "/mine", "role": "Member"}]',
		["portal_menu_items", "role 'Member' is not defined"],
	),
	"home page for an undefined role": (
		'role_home_page = {"Member": "lef/profile"}',
		["role_home_page", "role 'Member'"],
	),
}


@pytest.mark.parametrize("case", sorted(BROKEN_HOOKS))
def test_broken_hooks_are_reported(case, hooks_app: Path):
	line, fragments = BROKEN_HOOKS[case]
	text = f'app_name = "lef_members"\n{line}\n' if case != "syntax error" else line
	assert_reported(check_hooks_text(hooks_app, text), *fragments)


def test_hooks_must_name_the_app(hooks_app: Path):
	assert_reported(check_hooks_text(hooks_app, 'app_name = "lef"\n'), "app_name is 'lef'")


def test_paths_into_other_apps_are_not_resolved(hooks_app: Path):
	assert resolve_dotted_path("erpnext.controllers.queries.item_query", hooks_app) is None
	assert resolve_dotted_path("lef_members.jinja_utils", hooks_app, allow_module=True) is None
	assert resolve_dotted_path("lef_members.jinja_utils", hooks_app) is not None


# --- patches.txt ------------------------------------------------------------------------------

GOOD_PATCHES = """[pre_model_sync]
# before the DocTypes are migrated

[post_model_sync]
lef_members.patches.v1_0.fill_regions
lef_members.patches.v1_0.fill_regions #2024-05-01 run again
execute:frappe.db.set_default("lef", 1)
"""


@pytest.fixture
def patches_app(tmp_path: Path) -> Path:
	write_files(
		tmp_path,
		{
			"lef_members/patches/v1_0/fill_regions.py": "def execute():\n\tpass\n",
			"lef_members/patches/v1_0/other.py": "def run():\n\tpass\n",
			"lef_members/patches.txt": GOOD_PATCHES,
		},
	)
	return tmp_path


def test_well_formed_patches_pass_clean(patches_app: Path):
	assert checker.check_patches(patches_app / "lef_members" / "patches.txt", patches_app) == []


@pytest.mark.parametrize(
	("text", "fragments"),
	[
		(
			"[post_model_sync]\nlef_members.patches.v1_0.fill_regions\n",
			["section [pre_model_sync] is missing"],
		),
		(
			GOOD_PATCHES + "lef_members.patches.v1_0.fill_region\n",
			["[post_model_sync]", "v1_0.fill_region does not exist"],
		),
		(
			GOOD_PATCHES + "lef_members.patches.v1_0.other\n",
			["[post_model_sync]", "has no top-level 'execute'"],
		),
		(GOOD_PATCHES + "lef_members.patches.v1_0.fill_regions\n", ["cannot be parsed", "already exists"]),
	],
)
def test_broken_patches_are_reported(patches_app: Path, text: str, fragments: list[str]):
	(patches_app / "lef_members" / "patches.txt").write_text(text)
	assert_reported(
		checker.check_patches(patches_app / "lef_members" / "patches.txt", patches_app), *fragments
	)


# --- The whole app ----------------------------------------------------------------------------


def controller(doc: dict) -> str:
	return f"from frappe.model.document import Document\n\n\nclass {checker.controller_class_name(doc['name'])}(Document):\n\tpass\n"


@pytest.fixture
def mini_app(tmp_path: Path) -> Path:
	module = "lef_members/lef_members"
	files = {
		**MODULES,
		"lef_members/modules.txt": "LEF Members\n",
		"lef_members/patches.txt": "[pre_model_sync]\n\n[post_model_sync]\n",
		"lef_members/hooks.py": f'app_name = "lef_members"\nfixtures = {json.dumps(HOOK_FIXTURES)}\n',
		f"{module}/__init__.py": "",
		f"{module}/report/open_requests/open_requests.json": json.dumps(report()),
		f"{module}/report/open_requests/open_requests.py": "def execute(filters=None):\n\treturn [], []\n",
		f"{module}/web_form/request_form/request_form.json": json.dumps(web_form()),
		f"{module}/workspace/lef/lef.json": json.dumps(workspace()),
	}
	for doc in known().values():
		folder = f"{module}/doctype/{checker.scrub(doc['name'])}"
		files[f"{folder}/{checker.scrub(doc['name'])}.json"] = json.dumps(doc, indent=1)
		files[f"{folder}/{checker.scrub(doc['name'])}.py"] = controller(doc)
		files[f"{folder}/__init__.py"] = ""
	for name, records in fixture_files().items():
		files[f"lef_members/fixtures/{name}"] = json.dumps(records, indent=1)
	write_files(tmp_path, files)
	return tmp_path


def test_well_formed_app_passes_clean(mini_app: Path):
	assert check_app(mini_app) == []


def test_app_check_finds_problems_in_every_kind_of_file(mini_app: Path):
	module = mini_app / "lef_members" / "lef_members"
	theme_json = module / "doctype" / "theme" / "theme.json"
	doc = json.loads(theme_json.read_text())
	doc["permissions"].append(perm("LEF Planner"))
	theme_json.write_text(json.dumps(doc))
	(module / "web_form" / "request_form" / "request_form.json").write_text(
		json.dumps(web_form(doc_type="Ghost"))
	)
	(module / "report" / "open_requests" / "open_requests.py").write_text("x = 1\n")
	(module / "workspace" / "lef" / "lef.json").write_text("{not json")
	(mini_app / "lef_members" / "fixtures" / "role.json").write_text("[]")
	(module / "doctype" / "request" / "request.py").write_text("class Requests:\n\tpass\n")
	problems = check_app(mini_app)
	assert_reported(problems, "DocType 'Theme'", "role 'LEF Planner'")
	assert_reported(problems, "Web Form 'request-form'", "'Ghost'")
	assert_reported(problems, "Report 'Open Requests'", "execute()")
	assert_reported(problems, "workspace/lef/lef.json", "cannot be read as JSON")
	assert_reported(problems, "DocType 'Request'", "role 'LEF Coordinator'")
	assert_reported(problems, "does not define class Request")


def test_app_check_reports_unreadable_fixture_once(mini_app: Path):
	(mini_app / "lef_members" / "fixtures" / "theme.json").write_text("[{")
	problems = [p for p in check_app(mini_app) if "theme.json" in p]
	assert len(problems) == 2, problems
	assert_reported(problems, "fixtures/theme.json", "cannot be read as JSON")
	assert_reported(problems, "hooks.py fixtures: 'Theme'", "fixtures/theme.json is missing")


def test_app_check_finds_misplaced_and_missing_files(mini_app: Path):
	module = mini_app / "lef_members" / "lef_members"
	(module / "doctype" / "theme" / "theme.json").rename(module / "doctype" / "theme" / "themes.json")
	(mini_app / "lef_members" / "hooks.py").unlink()
	(mini_app / "lef_members" / "modules.txt").write_text("LEF Members\nLEF Ghost\nHours\nHours\n")
	problems = check_app(mini_app)
	assert_reported(problems, "doctype/theme", "holds no theme.json")
	assert_reported(problems, "hooks.py: is missing")
	assert_reported(problems, "modules.txt: module 'LEF Ghost' has no package lef_members/lef_ghost")
	assert_reported(problems, "modules.txt: 'Hours' must start with 'LEF '")
	assert_reported(problems, "modules.txt: lists 'Hours' 2 times")
	assert_reported(problems, "DocType 'Request'", "options 'Theme' is not a DocType")


def test_app_check_reads_every_module_of_modules_txt(mini_app: Path):
	"""A feature module's records are checked against their own module; the home module must be
	listed; a folder of records that modules.txt does not list is one Frappe would never sync."""
	package = mini_app / "lef_members"
	home = package / "lef_members"
	(package / "modules.txt").write_text("LEF Members\nLEF Hours\n")
	hours = package / "lef_hours"
	(hours / "doctype").mkdir(parents=True)
	(hours / "__init__.py").write_text("")
	(home / "doctype" / "theme").rename(hours / "doctype" / "theme")
	(home / "report" / "open_requests").rename(hours / "report")
	assert_reported(check_app(mini_app), "DocType 'Theme'", "module is 'LEF Members', expected 'LEF Hours'")

	theme_json = hours / "doctype" / "theme" / "theme.json"
	theme_json.write_text(json.dumps({**json.loads(theme_json.read_text()), "module": "LEF Hours"}))
	problems = check_app(mini_app)
	assert not [p for p in problems if "Theme" in p], problems

	(package / "modules.txt").write_text("LEF Hours\n")
	problems = check_app(mini_app)
	assert_reported(problems, "modules.txt: must list 'LEF Members'")
	assert_reported(problems, "lef_members/lef_members: holds DocTypes or reports but is no module")
	assert_reported(problems, "Workflow 'Request Flow'", "'Request' is not a DocType")

	(package / "modules.txt").write_text("LEF Members\nLEF Hours\n")
	shutil.copytree(home / "doctype" / "request", hours / "doctype" / "request")
	assert_reported(check_app(mini_app), "doctype/request: is in module 'LEF Members' and in 'LEF Hours'")


def test_web_forms_sharing_a_route_are_reported_by_the_app_check(mini_app: Path):
	folder = mini_app / "lef_members" / "lef_members" / "web_form" / "second_form"
	folder.mkdir()
	(folder / "second_form.json").write_text(json.dumps(web_form(name="second-form")))
	assert_reported(check_app(mini_app), "share the route 'request-an-expert'")
