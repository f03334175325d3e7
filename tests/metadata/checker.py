"""Static checks of the app's Frappe metadata, run without Frappe.

Frappe validates a DocType when it is saved in the desk, but `bench migrate` imports the
JSON files with validation switched off, and fixtures are imported in whatever order the
file system lists them. Mistakes in hand-written metadata therefore surface late, on a
real site, or never (a permission row for a role nobody creates, a `depends_on` naming a
field that was renamed). This module reads the files and reports what Frappe would reject
or mis-handle. Every function returns a list of problems: short strings naming the file or
record, the field and what is wrong. An empty list means clean.

What is checked, and where the rule comes from (Frappe v15.41.0 unless said otherwise):

DocType JSON (`check_doctype`): from `frappe/core/doctype/doctype/doctype.py`
  - `doctype` is "DocType", the name is valid (`validate_name`), `module` is ours, the
    folder and file are `frappe.scrub(name)` (`frappe/modules/__init__.py`);
  - fieldtypes are known (`docfield.json` options); fieldnames present, lowercase
    identifiers, at most 64 characters (`validate_column_name`, `validate_column_length`),
    unique (`check_unique_fieldname`), not reserved (`scrub_field_names`, `default_fields`,
    `Document._reserved_keywords`); `field_order` lists exactly the fields;
  - Link, Table and Table MultiSelect options name a DocType (`check_link_table_options`),
    Table options a child table (`check_child_table_option`), a Table MultiSelect child has
    a Link field (`check_table_multiselect_option`), Dynamic Link options name a Link to
    "DocType" or a Select (`check_dynamic_link_options`), Select fields have options and a
    default among them (`check_illegal_default`), Check defaults are 0 or 1;
  - `depends_on`, `mandatory_depends_on`, `read_only_depends_on`, `collapsible_depends_on`
    only name fields that exist and do not assign (`check_illegal_depends_on_conditions`);
  - `fetch_from` follows a Link field of this DocType to a field of the target
    (`validate_fetch_from`, `setup_fields_to_fetch`);
  - `title_field`, `search_fields`, `sort_field`, `image_field`, `timeline_field` exist
    (`check_title_field` and friends); `reqd`, `in_list_view`, `in_global_search`, `unique`,
    `search_index`, hidden-and-mandatory, precision, rating options as `validate_fields`;
  - naming (`validate_series`, `frappe/model/naming.py`): `field:x`, `naming_series:`,
    `format:`, old style `PREFIX.####`, `hash`, `autoincrement`, `Prompt`, `UUID` (v16;
    v15 falls back to hash);
  - permissions (`validate_permissions`): child tables have none, roles exist, at least
    one right per row, no duplicate rows, Cancel needs Submit, Submit/Cancel/Amend need
    Write, Submit/Amend only when submittable, Import only when importable, a level above
    0 needs a level 0 row for the role; a submittable DocType has `amended_from` linking to
    itself (`make_amendable`, which does not run on migrate) and a row with submit; each
    `permlevel` used by a field has a permission row.
Web Form JSON (`check_web_form`): `frappe/website/doctype/web_form/web_form.py`
  (`validate_fields`) and `web_form_field.json` (allowed fieldtypes): the DocType exists,
  every non-layout row names a field of it with the same fieldtype, routes are URL-safe and
  unique across the app's web forms.
Report JSON (`check_report`): `frappe/core/doctype/report/report.json`: type, ref_doctype,
  roles; a Script Report has `<name>.py` with a top-level `execute`.
Workspace JSON (`check_workspace`): `frappe/desk/doctype/workspace*`: links and shortcuts
  point at DocTypes, Reports and Pages that exist, `content` is a JSON list whose shortcut
  and card blocks name existing shortcuts and cards.
Fixtures (`check_fixtures`): `frappe/utils/fixtures.py`, `frappe/modules/import_file.py`:
  each file is a list of records with `doctype` and `name` (the importer reads both), the
  file is named `frappe.scrub(doctype).json` as `bench export-fixtures` writes it, records
  use only fields their DocType has, fill mandatory fields, use Select values from the
  options, are named as the DocType's naming rule names them; workflows refer to states,
  actions, roles and fields that exist and respect docstatus
  (`frappe/workflow/doctype/workflow/workflow.py`); fixtures of core DocTypes are filtered
  in hooks and their filters match the records in the file.
hooks.py (`check_hooks`): parsed with `ast`, never imported: every dotted path into the
  app resolves to a top-level name in a module file (`frappe.get_attr`), doc_events and
  permission hooks name DocTypes that exist and known events, scheduler_events use the
  frequencies of `scheduled_job_type.json`, fixtures name DocTypes that exist.
patches.txt (`check_patches`): `frappe/modules/patch_handler.py`: both sections, every patch a
  module of the app with a top-level `execute`, no patch twice.
Controllers (`check_controller`): `<name>.py` defines the class
  `name.replace(" ", "").replace("-", "")` (`get_controller` in `frappe/model/base_document.py`).

The lists of Frappe names below are copied as literal data from Frappe v15.41.0; Frappe is
never imported here.
"""

from __future__ import annotations

import ast
import configparser
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

APP_NAME = "lef_members"
# The app's home module (members, privacy, the workspace); every module in modules.txt starts
# with the prefix, so none clashes with another app's module of the same name.
MODULE_NAME = "LEF Members"
MODULE_PREFIX = "LEF "
# The record folders Frappe syncs from a module folder that this checker reads.
RECORD_FOLDERS = (
	"doctype",
	"report",
	"print_format",
	"web_form",
	"workspace",
	"page",
	"number_card",
	"dashboard_chart",
	"dashboard_chart_source",
)


def _words(text: str) -> frozenset[str]:
	"""A set from a block of names separated by commas or line ends."""
	return frozenset(name.strip() for name in re.split(r"[,\n]", text) if name.strip())


# --- Literal data copied from Frappe v15.41.0 ---------------------------------------------

# frappe/core/doctype/docfield/docfield.json, options of `fieldtype`
FIELDTYPES = _words("""
Autocomplete, Attach, Attach Image, Barcode, Button, Check, Code, Color, Column Break, Currency,
Data, Date, Datetime, Duration, Dynamic Link, Float, Fold, Geolocation, Heading, HTML, HTML Editor,
Icon, Image, Int, JSON, Link, Long Text, Markdown Editor, Password, Percent, Phone, Read Only,
Rating, Section Break, Select, Signature, Small Text, Tab Break, Table, Table MultiSelect, Text,
Text Editor, Time
""")

# frappe/model/__init__.py
NO_VALUE_FIELDS = _words("""
Section Break, Column Break, Tab Break, HTML, Table, Table MultiSelect, Button, Image, Fold,
Heading
""")
TABLE_FIELDS = frozenset(("Table", "Table MultiSelect"))
LAYOUT_FIELDS = frozenset(("Section Break", "Column Break", "Tab Break"))
DEFAULT_FIELDS = ("doctype", "name", "owner", "creation", "modified", "modified_by", "docstatus", "idx")
CHILD_TABLE_FIELDS = ("parent", "parentfield", "parenttype")
OPTIONAL_FIELDS = ("_user_tags", "_comments", "_assign", "_liked_by", "_seen")
DATA_FIELD_OPTIONS = frozenset(("Email", "Name", "Phone", "URL", "Barcode"))

# doctype.py `scrub_field_names` (restricted) + base_document.py `Document._reserved_keywords`
RESERVED_FIELDNAMES = frozenset(
	(
		*DEFAULT_FIELDS,
		*CHILD_TABLE_FIELDS,
		*OPTIONAL_FIELDS,
		"file_list",
		"flags",
		"meta",
		"parent_doc",
		"_table_fields",
		"_valid_columns",
		"_doc_before_save",
		"_table_fieldnames",
		"_reserved_keywords",
		"permitted_fieldnames",
		"dont_update_if_missing",
	)
)
# Fields every document has, usable in depends_on, sort_field, fetch_from targets.
STANDARD_FIELDNAMES = frozenset((*DEFAULT_FIELDS, *CHILD_TABLE_FIELDS, *OPTIONAL_FIELDS))

# doctype.py `check_unique_and_text`
UNIQUE_FIELDTYPES = frozenset(("Data", "Link", "Read Only", "Int"))
NOT_INDEXABLE_FIELDTYPES = frozenset(("Text", "Long Text", "Small Text", "Code", "Text Editor"))
PRECISION_FIELDTYPES = frozenset(("Currency", "Float", "Percent"))

# doctype.py patterns
DEPENDS_ON_ASSIGNMENT = re.compile(r'[\w\.:_]+\s*={1}\s*[\w\.@\'"]+')
DOCTYPE_NAME_PATTERN = re.compile(r"^(?![\W])[^\d_\s][\w -]+$", flags=re.ASCII)
DOCTYPE_NAME_MAX_LENGTH = 61  # MAX_COLUMN_LENGTH (64) - len("tab")
FIELDNAME_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
FIELDNAME_MAX_LENGTH = 64
# frappe/model/naming.py
NAMING_SERIES_PATTERN = re.compile(r"^[\w\- \/.#{}]+$", re.UNICODE)
BRACED_PARAMS_PATTERN = re.compile(r"\{([^{}]*)\}")
NAMING_DATE_PARTS = frozenset(("YY", "YYYY", "MM", "DD", "WW", "timestamp"))
SIMPLE_AUTONAMES = frozenset(("hash", "autoincrement", "prompt", "uuid"))

# frappe/permissions.py
AUTOMATIC_ROLES = frozenset(("Guest", "All", "Desk User", "Administrator"))
# Roles Frappe itself creates (the automatic ones plus those in Frappe's own DocType JSON).
CORE_ROLES = AUTOMATIC_ROLES | _words("""
System Manager, Website Manager, Workspace Manager, Dashboard Manager, Report Manager,
Script Manager, Newsletter Manager, Blogger, Inbox User, Prepared Report User,
Knowledge Base Contributor, Knowledge Base Editor
""")
PERMISSION_RIGHTS = (
	"select",
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"report",
	"export",
	"import",
	"share",
	"print",
	"email",
)

# Every DocType JSON under frappe/*/doctype/ in v15.41.0 that is not a child table.
# (v16 moves a few website DocTypes such as Blog Post out of Frappe: prefer the basic ones.)
CORE_DOCTYPES = _words("""
About Us Settings, Access Log, Activity Log, Address, Address Template, Assignment Rule,
Audit Trail, Auto Email Report, Auto Repeat, Blog Category, Blog Post, Blog Settings, Blogger,
Bulk Update, Calendar View, Changelog Feed, Client Script, Color, Comment, Communication,
Connected App, Console Log, Contact, Contact Us Settings, Country, Currency, Custom DocPerm,
Custom Field, Custom HTML Block, Custom Role, Customize Form, Dashboard, Dashboard Chart,
Dashboard Chart Source, Dashboard Settings, Data Export, Data Import, Data Import Log,
Deleted Document, Desktop Icon, Discussion Reply, Discussion Topic, DocShare, DocType,
DocType Layout, Document Follow, Document Naming Rule, Document Naming Settings, Document Share Key,
Domain, Domain Settings, Dropbox Settings, Email Account, Email Domain, Email Flag Queue,
Email Group, Email Group Member, Email Queue, Email Rule, Email Template, Email Unsubscribe,
Energy Point Log, Energy Point Rule, Energy Point Settings, Error Log, Event, File, Form Tour,
Gender, Global Search Settings, Google Calendar, Google Contacts, Google Drive, Google Settings,
Help Article, Help Category, Installed Applications, Integration Request, Kanban Board,
LDAP Settings, Language, Letter Head, List Filter, List View Settings, Log Settings,
Marketing Campaign, Milestone, Milestone Tracker, Module Def, Module Onboarding, Module Profile,
Navbar Settings, Network Printer Settings, Newsletter, Note, Notification, Notification Log,
Notification Settings, Number Card, OAuth Authorization Code, OAuth Bearer Token, OAuth Client,
OAuth Provider Settings, Onboarding Step, Package, Package Import, Package Release, Page, Patch Log,
Permission Inspector, Personal Data Deletion Request, Personal Data Download Request,
Portal Settings, Prepared Report, Print Format, Print Format Field Template, Print Heading,
Print Settings, Print Style, Property Setter, Push Notification Settings, RQ Job, RQ Worker,
Recorder, Reminder, Report, Role, Role Permission for Page and Report, Role Profile, Route History,
S3 Backup Settings, SMS Settings, Salutation, Scheduled Job Log, Scheduled Job Type, Server Script,
Session Default Settings, Slack Webhook URL, Social Login Key, Submission Queue, Success Action,
System Console, System Health Report, System Settings, Tag, Tag Link, ToDo, Token Cache,
Transaction Log, Translation, Unhandled Email, User, User Group, User Permission, User Type,
Version, View Log, Web Form, Web Page, Web Page View, Web Template, Webhook, Webhook Request Log,
Website Route Meta, Website Script, Website Settings, Website Sidebar, Website Slideshow,
Website Theme, Workflow, Workflow Action, Workflow Action Master, Workflow State, Workspace
""")

# Every child table (istable) DocType under frappe/*/doctype/ in v15.41.0.
CORE_CHILD_DOCTYPES = _words("""
About Us Team Member, Amended Document Naming Settings, Assignment Rule Day, Assignment Rule User,
Auto Repeat Day, Block Module, Communication Link, Company History, Contact Email, Contact Phone,
Customize Form Field, Dashboard Chart Field, Dashboard Chart Link, DefaultValue, DocField, DocPerm,
DocType Action, DocType Layout Field, DocType Link, DocType State, Document Naming Rule Condition,
Dynamic Link, Email Queue Recipient, Event Participants, Form Tour Step, Global Search DocType,
Has Domain, Has Role, IMAP Folder, Installed Application, Kanban Board Column, LDAP Group Mapping,
Log Setting User, Logs To Clear, Navbar Item, Newsletter Attachment, Newsletter Email Group,
Note Seen By, Notification Recipient, Notification Subscribed Document, Number Card Link,
OAuth Client Role, OAuth Scope, Onboarding Permission, Onboarding Step Map,
Personal Data Deletion Step, Portal Menu Item, Query Parameters, Recorder Query,
Recorder Suggested Index, Report Column, Report Filter, Review Level, SMS Parameter,
Session Default, Social Link Settings, System Health Report Errors,
System Health Report Failing Jobs, System Health Report Queue, System Health Report Tables,
System Health Report Workers, Top Bar Item, User Document Type, User Email, User Group Member,
User Select Document Type, User Social Login, User Type Module, Web Form Field,
Web Form List Column, Web Page Block, Web Template Field, Webhook Data, Webhook Header,
Website Meta Tag, Website Route Redirect, Website Sidebar Item, Website Slideshow Item,
Website Theme Ignore App, Workflow Action Permitted Role, Workflow Document State,
Workflow Transition, Workspace Chart, Workspace Custom Block, Workspace Link, Workspace Number Card,
Workspace Quick List, Workspace Shortcut
""")

# Page names (the `name` in frappe/*/page/*/*.json).
CORE_PAGES = _words("""
backups, dashboard-view, leaderboard, permission-manager, print, print-format-builder,
print-format-builder-beta, setup-wizard, user-profile, workflow-builder
""")

# The fields of the core DocTypes an app ships as fixtures, from their v15.41.0 JSON:
# (fieldnames, mandatory fields without default, table fields -> child DocType, autoname field).
CORE_FIXTURE_DOCTYPES: dict[str, tuple[frozenset[str], frozenset[str], dict[str, str], str | None]] = {
	"Role": (
		frozenset(
			"role_name disabled desk_access two_factor_auth restrict_to_domain home_page search_bar"
			" list_sidebar bulk_actions form_sidebar timeline dashboard view_switcher notifications"
			" is_custom".split()
		),
		frozenset({"role_name"}),
		{},
		"role_name",
	),
	"Workflow": (
		frozenset(
			"workflow_name document_type is_active override_status send_email_alert states"
			" transitions workflow_state_field workflow_data".split()
		),
		frozenset({"workflow_name", "document_type"}),
		{"states": "Workflow Document State", "transitions": "Workflow Transition"},
		"workflow_name",
	),
	"Workflow Document State": (
		frozenset(
			"state doc_status update_field update_value allow_edit message next_action_email_template"
			" is_optional_state workflow_builder_id avoid_status_override".split()
		),
		frozenset({"state", "allow_edit"}),
		{},
		None,
	),
	"Workflow Transition": (
		frozenset(
			"state action next_state allowed allow_self_approval condition workflow_builder_id".split()
		),
		frozenset({"state", "action", "next_state", "allowed"}),
		{},
		None,
	),
	"Workflow State": (
		frozenset({"workflow_state_name", "icon", "style"}),
		frozenset({"workflow_state_name"}),
		{},
		"workflow_state_name",
	),
	"Workflow Action Master": (
		frozenset({"workflow_action_name"}),
		frozenset({"workflow_action_name"}),
		{},
		"workflow_action_name",
	),
	"Custom Field": (
		frozenset(
			"dt label fieldname insert_after fieldtype precision options fetch_from fetch_if_empty"
			" collapsible collapsible_depends_on default depends_on description permlevel width columns"
			" reqd unique is_virtual read_only ignore_user_permissions hidden print_hide"
			" print_hide_if_no_value print_width no_copy allow_on_submit in_list_view in_standard_filter"
			" in_global_search bold report_hide search_index ignore_xss_filter translatable length"
			" mandatory_depends_on read_only_depends_on allow_in_quick_entry in_preview hide_seconds"
			" hide_days hide_border non_negative module is_system_generated sort_options link_filters"
			" show_dashboard".split()
		),
		frozenset({"dt"}),
		{},
		None,
	),
	"Property Setter": (
		frozenset(
			"doctype_or_field value doc_type field_name property property_type default_value row_name"
			" module is_system_generated".split()
		),
		frozenset({"doctype_or_field", "doc_type", "property"}),
		{},
		None,
	),
}
# Created by frappe/utils/install.py on every site.
CORE_WORKFLOW_STATES = frozenset(("Pending", "Approved", "Rejected"))
CORE_WORKFLOW_ACTIONS = frozenset(("Approve", "Reject", "Review"))

# frappe/website/doctype/web_form_field/web_form_field.json, options of `fieldtype`
WEB_FORM_FIELDTYPES = _words("""
Attach, Attach Image, Check, Currency, Color, Data, Date, Datetime, Duration, Float, HTML, Int,
Link, Password, Phone, Rating, Select, Signature, Small Text, Text, Text Editor, Table, Time,
Section Break, Column Break, Page Break
""")
WEB_FORM_LAYOUT_FIELDTYPES = frozenset(("Section Break", "Column Break", "Page Break"))
ROUTE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-]*)*$")

# frappe/core/doctype/report/report.json; "Custom Report" is for user-made reports only.
STANDARD_REPORT_TYPES = frozenset(("Script Report", "Query Report", "Report Builder"))

# frappe/desk/doctype/workspace_link/workspace_link.json, workspace_shortcut.json
WORKSPACE_LINK_TYPES = frozenset(("DocType", "Page", "Report"))
WORKSPACE_SHORTCUT_TYPES = frozenset(("DocType", "Report", "Page", "Dashboard", "URL"))

# frappe/core/doctype/scheduled_job_type/scheduled_job_type.json (frequency options, scrubbed)
SCHEDULER_EVENTS = _words("""
all, hourly, hourly_long, daily, daily_long, weekly, weekly_long, monthly, monthly_long, yearly,
annual, cron
""")

# Events that Document.run_method fires (frappe/model/document.py and friends); doc_events keys.
DOC_EVENTS = _words("""
after_delete, after_insert, after_rename, autoname, before_cancel, before_change, before_discard,
before_export, before_import, before_insert, before_naming, before_print, before_rename,
before_save, before_submit, before_update_after_submit, before_validate, on_cancel, on_change,
on_discard, on_payment_authorized, on_submit, on_trash, on_update, on_update_after_submit, onload,
validate
""")

# hooks whose value is a dotted path or a list of them (frappe/utils/boilerplate.py hooks_template)
PATH_HOOKS = _words("""
before_install, after_install, before_uninstall, after_uninstall, before_app_install,
after_app_install, before_app_uninstall, after_app_uninstall, before_migrate, after_migrate,
before_tests, boot_session, extend_bootinfo, notification_config, before_request, after_request,
before_job, after_job, auth_hooks, on_session_creation, on_login, on_logout,
get_website_user_home_page, update_website_context, website_path_resolver
""")
# hooks whose value is {DocType: dotted path or list of them}
DOCTYPE_PATH_HOOKS = _words("""
permission_query_conditions, has_permission, has_website_permission, override_doctype_class,
override_doctype_dashboards, standard_queries
""")
# hooks whose value is {DocType: file path relative to the app package}
DOCTYPE_FILE_HOOKS = frozenset(
	("doctype_js", "doctype_list_js", "doctype_tree_js", "doctype_calendar_js", "webform_include_js")
)
# hooks whose value is a list of DocType names
DOCTYPE_LIST_HOOKS = frozenset(
	("website_generators", "auto_cancel_exempted_doctypes", "ignore_links_on_delete", "calendars")
)


# --- Small helpers --------------------------------------------------------------------------


def scrub(txt: str) -> str:
	"""frappe.scrub: `Sales Order` becomes `sales_order`."""
	return txt.replace(" ", "_").replace("-", "_").lower()


def controller_class_name(doctype: str) -> str:
	"""The class name get_controller looks for."""
	return doctype.replace(" ", "").replace("-", "")


def _fields(doc: dict) -> list[dict]:
	return [f for f in doc.get("fields") or [] if isinstance(f, dict)]


def _field_map(doc: dict) -> dict[str, dict]:
	return {f["fieldname"]: f for f in _fields(doc) if f.get("fieldname")}


def _is_child_doctype(name: str, known_doctypes: dict[str, dict]) -> bool:
	if name in known_doctypes:
		return bool(known_doctypes[name].get("istable"))
	return name in CORE_CHILD_DOCTYPES


# DocTypes of ERPNext and Frappe CRM that hooks may name: a hook keyed on a DocType that is not on
# the site never fires, so these act only where those apps are installed. Never valid as a Link
# field's options in our own JSON (that would break every site without them).
OTHER_APP_DOCTYPES = frozenset(
	{"Customer", "Sales Invoice", "Payment Entry", "Journal Entry", "CRM Organization"}
)


def _doctype_exists(name: str, known_doctypes: dict[str, dict]) -> bool:
	return name in known_doctypes or name in CORE_DOCTYPES or name in CORE_CHILD_DOCTYPES


def _select_options(field: dict) -> list[str]:
	return [o.strip() for o in (field.get("options") or "").split("\n")]


def _where(label: str, field: dict | str | None = None) -> str:
	if field is None:
		return label
	name = field if isinstance(field, str) else field.get("fieldname") or field.get("label") or "?"
	return f"{label}, field '{name}'"


def _load_json(path: Path, problems: list[str], app_root: Path | None = None) -> Any:
	shown = path.relative_to(app_root) if app_root and path.is_relative_to(app_root) else path
	try:
		return json.loads(path.read_text(encoding="utf-8"))
	except (OSError, ValueError) as error:
		problems.append(f"{shown}: cannot be read as JSON ({error})")
		return None


# --- DocType ----------------------------------------------------------------------------------


def _check_module(record: dict, label: str, module: str) -> list[str]:
	"""A record says the module whose folder holds it: Frappe finds its code from that name."""
	if record.get("module") != module:
		return [
			f"{label}: module is {record.get('module')!r}, expected {module!r} (the module of its folder)"
		]
	return []


def check_doctype(
	doc: dict,
	known_doctypes: dict[str, dict],
	known_roles: set[str] | frozenset[str],
	folder: str | None = None,
	module: str = MODULE_NAME,
) -> list[str]:
	"""Everything Frappe would reject or mis-handle in one DocType JSON.

	`known_doctypes` maps the app's DocType names to their JSON (the core ones are known here);
	`folder` is the name of the folder the file sits in, when it comes from disk, and `module`
	the Frappe module whose folder holds it.
	"""
	problems: list[str] = []
	name = doc.get("name") or "?"
	label = f"DocType '{name}'"
	problems += _check_doctype_identity(doc, label, folder, module)
	problems += _check_fieldnames(doc, label)
	problems += _check_field_order(doc, label)
	fields = _field_map(doc)
	for field in _fields(doc):
		problems += _check_field(doc, field, fields, known_doctypes, label)
	problems += _check_doctype_properties(doc, fields, label)
	problems += _check_naming(doc, fields, label)
	problems += _check_permissions(doc, fields, known_roles, label)
	return problems


def _check_doctype_identity(doc: dict, label: str, folder: str | None, module: str) -> list[str]:
	problems = []
	name = doc.get("name")
	if doc.get("doctype") != "DocType":
		problems.append(f"{label}: 'doctype' is {doc.get('doctype')!r}, expected 'DocType'")
	if not name:
		problems.append(f"{label}: has no 'name'")
		return problems
	if len(name) > DOCTYPE_NAME_MAX_LENGTH:
		problems.append(f"{label}: name is longer than {DOCTYPE_NAME_MAX_LENGTH} characters")
	if not DOCTYPE_NAME_PATTERN.match(name) or name != name.strip():
		problems.append(
			f"{label}: name must start with a letter and hold only letters, digits, spaces, "
			"underscores and hyphens"
		)
	problems += _check_module(doc, label, module)
	if folder is not None and folder != scrub(name):
		problems.append(f"{label}: sits in folder '{folder}', Frappe looks in '{scrub(name)}'")
	if doc.get("istable") and doc.get("is_submittable"):
		problems.append(f"{label}: a child table cannot be submittable")
	return problems


def _check_fieldnames(doc: dict, label: str) -> list[str]:
	problems = []
	counts = Counter(f.get("fieldname") for f in _fields(doc) if f.get("fieldname"))
	for fieldname, count in counts.items():
		if count > 1:
			problems.append(f"{_where(label, fieldname)}: fieldname appears {count} times")
	for index, field in enumerate(_fields(doc), start=1):
		fieldname = field.get("fieldname")
		if not fieldname:
			problems.append(f"{label}: field in row {index} ({field.get('label')!r}) has no fieldname")
			continue
		if not FIELDNAME_PATTERN.match(fieldname):
			problems.append(
				f"{_where(label, fieldname)}: fieldname must be lowercase letters, digits and underscores"
			)
		if len(fieldname) > FIELDNAME_MAX_LENGTH:
			problems.append(
				f"{_where(label, fieldname)}: fieldname longer than {FIELDNAME_MAX_LENGTH} characters"
			)
		if fieldname in RESERVED_FIELDNAMES:
			problems.append(f"{_where(label, fieldname)}: fieldname is reserved by Frappe")
	return problems


def _check_field_order(doc: dict, label: str) -> list[str]:
	if "field_order" not in doc:
		return [f"{label}: has no 'field_order'"]
	order = doc.get("field_order") or []
	names = [f.get("fieldname") for f in _fields(doc) if f.get("fieldname")]
	problems = []
	for fieldname, count in Counter(order).items():
		if count > 1:
			problems.append(f"{label}: field_order lists '{fieldname}' {count} times")
	for fieldname in order:
		if fieldname not in names:
			problems.append(f"{label}: field_order lists '{fieldname}', which is not a field")
	for fieldname in names:
		if fieldname not in order:
			problems.append(f"{label}: field_order does not list field '{fieldname}'")
	return problems


def _check_field(
	doc: dict, field: dict, fields: dict[str, dict], known_doctypes: dict[str, dict], label: str
) -> list[str]:
	problems = []
	where = _where(label, field)
	fieldtype = field.get("fieldtype")
	if fieldtype not in FIELDTYPES:
		return [f"{where}: unknown fieldtype {fieldtype!r}"]
	problems += _check_field_options(doc, field, fields, known_doctypes, where)
	problems += _check_field_flags(doc, field, where)
	problems += _check_field_defaults(field, where)
	for prop in ("depends_on", "mandatory_depends_on", "read_only_depends_on", "collapsible_depends_on"):
		problems += _check_depends_on(field.get(prop), prop, fields, where)
	problems += _check_fetch_from(field, fields, known_doctypes, where)
	return problems


def _check_field_options(
	doc: dict, field: dict, fields: dict[str, dict], known_doctypes: dict[str, dict], where: str
) -> list[str]:
	fieldtype = field["fieldtype"]
	options = (field.get("options") or "").strip()
	problems = []
	if fieldtype in ("Link", *TABLE_FIELDS):
		if not options:
			return [f"{where}: {fieldtype} field needs options naming a DocType"]
		if options != doc.get("name") and not _doctype_exists(options, known_doctypes):
			return [f"{where}: options {options!r} is not a DocType of the app or of Frappe"]
		is_child = (options == doc.get("name") and doc.get("istable")) or _is_child_doctype(
			options, known_doctypes
		)
		if fieldtype in TABLE_FIELDS and not is_child:
			problems.append(f"{where}: {fieldtype} options {options!r} is not a child table (istable)")
		if fieldtype == "Link" and is_child:
			problems.append(f"{where}: Link options {options!r} is a child table, which cannot be linked to")
		if fieldtype == "Table MultiSelect" and options in known_doctypes:
			if not any(f.get("fieldtype") == "Link" for f in _fields(known_doctypes[options])):
				problems.append(f"{where}: Table MultiSelect child {options!r} has no Link field")
	elif fieldtype == "Dynamic Link":
		pointer = fields.get(options)
		if (
			not pointer
			or pointer.get("fieldtype") not in ("Link", "Select")
			or (pointer.get("fieldtype") == "Link" and pointer.get("options") != "DocType")
		):
			problems.append(
				f"{where}: Dynamic Link options {options!r} must name a Link field to 'DocType' "
				"(or a Select field) of this DocType"
			)
	elif fieldtype == "Select":
		if not [o for o in _select_options(field) if o]:
			problems.append(f"{where}: Select field has no options")
	elif fieldtype == "Data" and options and options not in DATA_FIELD_OPTIONS:
		problems.append(f"{where}: Data options {options!r} is not one of {sorted(DATA_FIELD_OPTIONS)}")
	elif fieldtype == "Rating" and options:
		if not options.isdigit() or not 3 <= int(options) <= 10:
			problems.append(f"{where}: Rating options must be a number from 3 to 10")
	return problems


def _check_field_flags(doc: dict, field: dict, where: str) -> list[str]:
	fieldtype = field["fieldtype"]
	problems = []
	if field.get("reqd") and fieldtype in NO_VALUE_FIELDS and fieldtype not in TABLE_FIELDS:
		problems.append(f"{where}: a {fieldtype} cannot be mandatory (reqd)")
	not_in_list = set(NO_VALUE_FIELDS) | {"Attach Image"}
	if doc.get("istable"):
		not_in_list -= {"Button", "HTML"}
	if field.get("in_list_view") and fieldtype in not_in_list:
		problems.append(f"{where}: a {fieldtype} cannot be shown in the list view (in_list_view)")
	if field.get("in_global_search") and fieldtype in NO_VALUE_FIELDS:
		problems.append(f"{where}: a {fieldtype} cannot be in global search")
	if field.get("unique") and fieldtype not in UNIQUE_FIELDTYPES:
		problems.append(f"{where}: a {fieldtype} cannot be unique (only {sorted(UNIQUE_FIELDTYPES)})")
	if field.get("search_index") and fieldtype in NOT_INDEXABLE_FIELDTYPES:
		problems.append(f"{where}: a {fieldtype} cannot be indexed (search_index)")
	if field.get("hidden") and field.get("reqd") and not field.get("default"):
		problems.append(f"{where}: hidden and mandatory without a default, nobody can fill it in")
	precision = field.get("precision")
	if fieldtype in PRECISION_FIELDTYPES and precision not in (None, ""):
		if not str(precision).isdigit() or not 1 <= int(precision) <= 6:
			problems.append(f"{where}: precision must be from 1 to 6")
	return problems


def _check_field_defaults(field: dict, where: str) -> list[str]:
	fieldtype = field["fieldtype"]
	default = field.get("default")
	if default in (None, ""):
		return []
	if fieldtype == "Check" and str(default) not in ("0", "1"):
		return [f"{where}: default of a Check must be 0 or 1, not {default!r}"]
	if fieldtype == "Select" and str(default) not in _select_options(field):
		return [f"{where}: default {default!r} is not one of the Select options"]
	return []


DOC_REFERENCE = re.compile(r"\bdoc\.([A-Za-z_]\w*)")
DOC_ITEM_REFERENCE = re.compile(r"""\bdoc\[\s*["']([A-Za-z_]\w*)["']\s*\]""")


def _check_depends_on(expression: str | None, prop: str, fields: dict[str, dict], where: str) -> list[str]:
	"""A depends_on is `eval:<js using doc.x>`, `fn:<form method>` or a plain fieldname."""
	if not expression or not isinstance(expression, str):
		return []
	expression = expression.strip()
	problems = []
	if "=" in expression and DEPENDS_ON_ASSIGNMENT.match(expression):
		problems.append(f"{where}: {prop} {expression!r} assigns instead of compares (use ==)")
	if expression.startswith("eval:"):
		names = DOC_REFERENCE.findall(expression) + DOC_ITEM_REFERENCE.findall(expression)
	elif expression.startswith("fn:"):
		names = []
	else:
		names = [expression]
	for name in names:
		if name not in fields and name not in STANDARD_FIELDNAMES and not name.startswith("__"):
			problems.append(f"{where}: {prop} refers to '{name}', which is not a field of this DocType")
	return problems


def _check_fetch_from(
	field: dict, fields: dict[str, dict], known_doctypes: dict[str, dict], where: str
) -> list[str]:
	fetch_from = (field.get("fetch_from") or "").strip()
	if not fetch_from:
		return []
	if fetch_from.count(".") != 1:
		return [f"{where}: fetch_from {fetch_from!r} must be 'link_field.remote_field'"]
	link_name, remote = fetch_from.split(".")
	if link_name == field.get("fieldname"):
		return [f"{where}: fetch_from {fetch_from!r} refers to the field itself"]
	link = fields.get(link_name)
	if not link or link.get("fieldtype") not in ("Link", "Dynamic Link"):
		return [f"{where}: fetch_from {fetch_from!r}: '{link_name}' is not a Link field of this DocType"]
	target = known_doctypes.get(link.get("options") or "")
	if target is not None and remote not in _field_map(target) and remote not in STANDARD_FIELDNAMES:
		return [f"{where}: fetch_from {fetch_from!r}: {target.get('name')!r} has no field '{remote}'"]
	return []


def _check_doctype_properties(doc: dict, fields: dict[str, dict], label: str) -> list[str]:
	problems = []
	valid = set(fields) | STANDARD_FIELDNAMES

	def must_be_field(prop: str, fieldname: str | None, fieldtypes: tuple[str, ...] = ()) -> None:
		if not fieldname:
			return
		if fieldname not in fields:
			problems.append(f"{label}: {prop} '{fieldname}' is not a field of this DocType")
		elif fieldtypes and fields[fieldname].get("fieldtype") not in fieldtypes:
			problems.append(f"{label}: {prop} '{fieldname}' must be a {' or '.join(fieldtypes)} field")

	title = doc.get("title_field")
	if title and title != "name":
		must_be_field("title_field", title)
	must_be_field("image_field", doc.get("image_field"), ("Attach Image",))
	must_be_field("timeline_field", doc.get("timeline_field"), ("Link", "Dynamic Link"))
	must_be_field("is_published_field", doc.get("is_published_field"))
	must_be_field("website_search_field", doc.get("website_search_field"))
	must_be_field("sender_field", doc.get("sender_field"))
	must_be_field("subject_field", doc.get("subject_field"))
	for fieldname in [f.strip() for f in (doc.get("search_fields") or "").split(",") if f.strip()]:
		if fieldname not in fields:
			problems.append(f"{label}: search_fields names '{fieldname}', which is not a field")
		elif fields[fieldname].get("fieldtype") in NO_VALUE_FIELDS:
			problems.append(f"{label}: search_fields names '{fieldname}', a field without a value")
	sort_field = doc.get("sort_field") or ""
	for part in [p.strip() for p in sort_field.split(",") if p.strip()]:
		fieldname = part.split()[0]
		if fieldname not in valid:
			problems.append(f"{label}: sort_field '{fieldname}' is not a field of this DocType")
	sort_order = doc.get("sort_order")
	if sort_order and sort_order not in ("ASC", "DESC"):
		problems.append(f"{label}: sort_order must be ASC or DESC")
	return problems


def _check_naming(doc: dict, fields: dict[str, dict], label: str) -> list[str]:
	autoname = (doc.get("autoname") or "").strip()
	if doc.get("istable") or not autoname:
		return []
	where = f"{label}: autoname {autoname!r}"
	lower = autoname.lower()
	if lower in SIMPLE_AUTONAMES:
		return []
	if lower.startswith("field:"):
		fieldname = autoname.split(":", 1)[1].strip()
		field = fields.get(fieldname)
		if not field:
			return [f"{where} names '{fieldname}', which is not a field"]
		if field.get("fieldtype") in NO_VALUE_FIELDS:
			return [f"{where} names a {field.get('fieldtype')}, which holds no value"]
		if not (field.get("unique") or field.get("reqd")):
			return [f"{where}: field '{fieldname}' should be unique or mandatory, or names come out empty"]
		return []
	if lower.startswith("naming_series:"):
		return _check_naming_series_field(fields, where)
	if lower.startswith("format:"):
		problems = []
		for placeholder in BRACED_PARAMS_PATTERN.findall(autoname.split(":", 1)[1]):
			placeholder = placeholder.strip()
			if placeholder in NAMING_DATE_PARTS or (placeholder and set(placeholder) == {"#"}):
				continue
			if placeholder not in fields and placeholder not in STANDARD_FIELDNAMES:
				problems.append(f"{where}: placeholder {{{placeholder}}} is not a field or a date part")
		return problems
	if "#" in autoname and "." in autoname and NAMING_SERIES_PATTERN.match(autoname):
		return []  # old style expression, e.g. LEF-.YYYY.-.#####
	return [
		f"{where} is not a naming rule Frappe knows (field:, naming_series:, format:, "
		"PREFIX.####, hash, autoincrement, Prompt, UUID)"
	]


def _check_naming_series_field(fields: dict[str, dict], where: str) -> list[str]:
	field = fields.get("naming_series")
	if not field:
		return [f"{where} needs a field called 'naming_series'"]
	if field.get("fieldtype") != "Select":
		return [f"{where}: field 'naming_series' must be a Select"]
	series = [o for o in _select_options(field) if o]
	if not series:
		return [f"{where}: field 'naming_series' has no options"]
	problems = []
	for option in series:
		if "." not in option or not NAMING_SERIES_PATTERN.match(option):
			problems.append(
				f"{where}: naming series {option!r} must contain a dot and only letters, digits, - / . # {{ }}"
			)
	return problems


def _check_permissions(
	doc: dict, fields: dict[str, dict], known_roles: set[str] | frozenset[str], label: str
) -> list[str]:
	permissions = [p for p in doc.get("permissions") or [] if isinstance(p, dict)]
	if doc.get("istable"):
		return [f"{label}: a child table must not have permission rows"] if permissions else []
	problems = []
	if not permissions:
		problems.append(f"{label}: has no permission rows, only Administrator could use it")
	submittable = bool(doc.get("is_submittable"))
	seen: set[tuple[str, int, int]] = set()
	for index, perm in enumerate(permissions, start=1):
		role = perm.get("role")
		level = int(perm.get("permlevel") or 0)
		where = f"{label}: permission row {index} ({role}, level {level})"
		if role not in known_roles:
			problems.append(f"{where}: role {role!r} is not defined in fixtures/role.json nor by Frappe")
		key = (role, level, int(perm.get("if_owner") or 0))
		if key in seen:
			problems.append(f"{where}: a second row for the same role, level and if_owner")
		seen.add(key)
		if not any(perm.get(right) for right in ("select", "read", "write", "submit", "cancel", "create")):
			problems.append(f"{where}: no basic right set (select, read, write, create, submit, cancel)")
		if perm.get("cancel") and not perm.get("submit"):
			problems.append(f"{where}: cancel without submit")
		if (perm.get("submit") or perm.get("cancel") or perm.get("amend")) and not perm.get("write"):
			problems.append(f"{where}: submit, cancel or amend without write")
		if (perm.get("submit") or perm.get("amend")) and not submittable:
			problems.append(f"{where}: submit or amend on a DocType that is not submittable")
		if perm.get("import") and not doc.get("allow_import"):
			problems.append(f"{where}: import on a DocType without allow_import")
		if perm.get("import") and not perm.get("create"):
			problems.append(f"{where}: import without create")
		if level > 0 and role not in ("All", "Desk User"):
			if not any(p.get("role") == role and not int(p.get("permlevel") or 0) for p in permissions):
				problems.append(f"{where}: a level above 0 needs a level 0 row for the same role")
	if submittable:
		amended = fields.get("amended_from")
		if not amended or amended.get("fieldtype") != "Link" or amended.get("options") != doc.get("name"):
			problems.append(f"{label}: submittable, so needs a Link field 'amended_from' to itself")
		if not any(p.get("submit") for p in permissions):
			problems.append(f"{label}: submittable, but no permission row may submit")
	levels = {int(p.get("permlevel") or 0) for p in permissions}
	for fieldname, field in fields.items():
		level = int(field.get("permlevel") or 0)
		if level and level not in levels:
			problems.append(f"{_where(label, fieldname)}: permlevel {level} has no permission row")
	return problems


def check_controller(doctype_dir: Path, doctype_name: str) -> list[str]:
	"""The DocType folder holds `<scrub>.py` defining the class get_controller looks for."""
	module = doctype_dir / f"{scrub(doctype_name)}.py"
	expected = controller_class_name(doctype_name)
	if not module.exists():
		return [f"DocType '{doctype_name}': controller {module.name} is missing"]
	names = _top_level_names(module)
	if names is None:
		return [f"DocType '{doctype_name}': controller {module.name} is not valid Python"]
	if expected not in names:
		return [f"DocType '{doctype_name}': {module.name} does not define class {expected}"]
	return []


# --- Web Form, Report, Workspace ---------------------------------------------------------------


def check_web_form(
	form: dict, known_doctypes: dict[str, dict], folder: str | None = None, module: str = MODULE_NAME
) -> list[str]:
	"""A standard Web Form names a DocType and fields of it."""
	name = form.get("name") or "?"
	label = f"Web Form '{name}'"
	problems = []
	if form.get("doctype") != "Web Form":
		problems.append(f"{label}: 'doctype' is {form.get('doctype')!r}, expected 'Web Form'")
	if folder is not None and folder != scrub(name):
		problems.append(f"{label}: sits in folder '{folder}', expected '{scrub(name)}'")
	problems += _check_module(form, label, module)
	route = form.get("route") or ""
	if not route:
		problems.append(f"{label}: has no route")
	elif not ROUTE_PATTERN.match(route):
		problems.append(f"{label}: route {route!r} is not URL-safe (lowercase, digits, - _ /)")
	doc_type = form.get("doc_type")
	if not doc_type or not _doctype_exists(doc_type, known_doctypes):
		problems.append(f"{label}: doc_type {doc_type!r} is not a DocType")
		return problems
	target = known_doctypes.get(doc_type)
	target_fields = _field_map(target) if target else None
	for index, row in enumerate(form.get("web_form_fields") or [], start=1):
		fieldtype = row.get("fieldtype")
		fieldname = row.get("fieldname")
		where = f"{label}: row {index} ('{fieldname or row.get('label')}')"
		if fieldtype not in WEB_FORM_FIELDTYPES:
			problems.append(f"{where}: fieldtype {fieldtype!r} cannot be used in a web form")
			continue
		if fieldtype in WEB_FORM_LAYOUT_FIELDTYPES or target_fields is None:
			continue
		if not fieldname:
			problems.append(f"{where}: has no fieldname")
			continue
		field = target_fields.get(fieldname)
		if not field:
			problems.append(f"{where}: '{doc_type}' has no field '{fieldname}'")
			continue
		if field.get("fieldtype") != fieldtype:
			problems.append(
				f"{where}: fieldtype {fieldtype!r} differs from {field.get('fieldtype')!r} on '{doc_type}'"
			)
		elif fieldtype in ("Link", "Table") and (row.get("options") or "") != (field.get("options") or ""):
			problems.append(f"{where}: options {row.get('options')!r} differ from {field.get('options')!r}")
	for column in form.get("list_columns") or []:
		if target_fields is not None and column.get("fieldname") not in target_fields:
			problems.append(
				f"{label}: list column '{column.get('fieldname')}' is not a field of '{doc_type}'"
			)
	return problems


def check_web_form_routes(forms: list[dict]) -> list[str]:
	"""Two web forms cannot share a route."""
	by_route: dict[str, list[str]] = {}
	for form in forms:
		if form.get("route"):
			by_route.setdefault(form["route"], []).append(form.get("name") or "?")
	return [
		f"Web Forms {', '.join(repr(n) for n in names)}: share the route {route!r}"
		for route, names in by_route.items()
		if len(names) > 1
	]


def check_report(
	report: dict,
	known_doctypes: dict[str, dict],
	known_roles: set[str] | frozenset[str],
	report_dir: Path | None = None,
	module: str = MODULE_NAME,
) -> list[str]:
	"""A standard report: its type, its DocType, its roles, and for a Script Report its execute()."""
	name = report.get("name") or report.get("report_name") or "?"
	label = f"Report '{name}'"
	problems = []
	if report.get("doctype") != "Report":
		problems.append(f"{label}: 'doctype' is {report.get('doctype')!r}, expected 'Report'")
	if report.get("report_name") and report.get("name") and report["report_name"] != report["name"]:
		problems.append(f"{label}: report_name {report['report_name']!r} differs from name")
	problems += _check_module(report, label, module)
	if report.get("is_standard") != "Yes":
		problems.append(f"{label}: is_standard must be 'Yes' for a report shipped with the app")
	report_type = report.get("report_type")
	if report_type not in STANDARD_REPORT_TYPES:
		problems.append(f"{label}: report_type {report_type!r} is not one of {sorted(STANDARD_REPORT_TYPES)}")
	ref = report.get("ref_doctype")
	if not ref or not _doctype_exists(ref, known_doctypes):
		problems.append(f"{label}: ref_doctype {ref!r} is not a DocType")
	roles = report.get("roles") or []
	if not roles:
		problems.append(f"{label}: has no roles, so nobody but Administrator can open it")
	for row in roles:
		if row.get("role") not in known_roles:
			problems.append(f"{label}: role {row.get('role')!r} is not defined")
	if report_type == "Query Report" and not (report.get("query") or "").strip():
		problems.append(f"{label}: a Query Report needs a query")
	if report_type == "Report Builder" and report.get("json"):
		try:
			json.loads(report["json"])
		except ValueError:
			problems.append(f"{label}: 'json' is not valid JSON")
	if report_dir is not None:
		if report_dir.name != scrub(name):
			problems.append(f"{label}: sits in folder '{report_dir.name}', expected '{scrub(name)}'")
		if report_type == "Script Report":
			module = report_dir / f"{scrub(name)}.py"
			names = _top_level_names(module) if module.exists() else None
			if names is None:
				problems.append(f"{label}: Script Report needs {module.name} (missing or not valid Python)")
			elif "execute" not in names:
				problems.append(f"{label}: {module.name} does not define execute()")
	return problems


def check_workspace(
	workspace: dict,
	known_doctypes: dict[str, dict],
	known_reports: dict[str, dict],
	known_pages: set[str] | frozenset[str] = frozenset(),
	known_roles: set[str] | frozenset[str] = CORE_ROLES,
	module: str = MODULE_NAME,
) -> list[str]:
	"""Links, shortcuts and content blocks of a workspace point at things that exist."""
	label = f"Workspace '{workspace.get('name') or workspace.get('label') or '?'}'"
	problems = []
	if workspace.get("doctype") != "Workspace":
		problems.append(f"{label}: 'doctype' is {workspace.get('doctype')!r}, expected 'Workspace'")
	problems += _check_module(workspace, label, module)
	pages = set(known_pages) | CORE_PAGES

	def target_problem(kind: str, target: str | None) -> str | None:
		if not target:
			return "points at nothing"
		if kind == "DocType" and not _doctype_exists(target, known_doctypes):
			return f"DocType {target!r} does not exist"
		if kind == "Report" and target not in known_reports:
			return f"Report {target!r} is not a report of the app"
		if kind == "Page" and target not in pages:
			return f"Page {target!r} does not exist"
		return None

	cards = set()
	for index, link in enumerate(workspace.get("links") or [], start=1):
		where = f"{label}: link {index} ('{link.get('label')}')"
		if link.get("type") == "Card Break":
			cards.add(link.get("label"))
			continue
		if link.get("type") != "Link":
			problems.append(f"{where}: type must be 'Link' or 'Card Break'")
			continue
		kind = link.get("link_type")
		if kind not in WORKSPACE_LINK_TYPES:
			problems.append(f"{where}: link_type {kind!r} is not one of {sorted(WORKSPACE_LINK_TYPES)}")
			continue
		if problem := target_problem(kind, link.get("link_to")):
			problems.append(f"{where}: {problem}")
		elif kind == "Report":
			is_query = known_reports[link["link_to"]].get("report_type") in ("Script Report", "Query Report")
			if bool(link.get("is_query_report")) != is_query:
				problems.append(f"{where}: is_query_report should be {int(is_query)} for this report type")
	shortcuts = set()
	for index, shortcut in enumerate(workspace.get("shortcuts") or [], start=1):
		where = f"{label}: shortcut {index} ('{shortcut.get('label')}')"
		shortcuts.add(shortcut.get("label"))
		kind = shortcut.get("type")
		if kind not in WORKSPACE_SHORTCUT_TYPES:
			problems.append(f"{where}: type {kind!r} is not one of {sorted(WORKSPACE_SHORTCUT_TYPES)}")
		elif kind == "URL":
			if not shortcut.get("url"):
				problems.append(f"{where}: a URL shortcut needs a url")
		elif kind in WORKSPACE_LINK_TYPES and (problem := target_problem(kind, shortcut.get("link_to"))):
			problems.append(f"{where}: {problem}")
	for row in workspace.get("roles") or []:
		if row.get("role") not in known_roles:
			problems.append(f"{label}: role {row.get('role')!r} is not defined")
	problems += _check_workspace_content(workspace.get("content"), cards, shortcuts, label)
	return problems


def _check_workspace_content(content: Any, cards: set, shortcuts: set, label: str) -> list[str]:
	if content in (None, ""):
		return [f"{label}: content is empty, the workspace would show nothing"]
	try:
		blocks = json.loads(content) if isinstance(content, str) else None
	except ValueError as error:
		return [f"{label}: content is not valid JSON ({error})"]
	if not isinstance(blocks, list):
		return [f"{label}: content must be a JSON list of blocks"]
	problems = []
	for block in blocks:
		data = block.get("data") or {} if isinstance(block, dict) else {}
		kind = block.get("type") if isinstance(block, dict) else None
		if kind == "shortcut" and data.get("shortcut_name") not in shortcuts:
			problems.append(
				f"{label}: content shows shortcut {data.get('shortcut_name')!r}, which is not defined"
			)
		if kind == "card" and data.get("card_name") not in cards:
			problems.append(f"{label}: content shows card {data.get('card_name')!r}, which has no Card Break")
	return problems


# --- Fixtures ----------------------------------------------------------------------------------


def roles_from_fixtures(fixture_files: dict[str, Any]) -> set[str]:
	"""Role names the app's fixtures create."""
	roles = set()
	for records in fixture_files.values():
		for record in records if isinstance(records, list) else []:
			if isinstance(record, dict) and record.get("doctype") == "Role":
				roles.add(record.get("role_name") or record.get("name"))
	roles.discard(None)
	return roles


def check_fixtures(
	fixture_files: dict[str, Any],
	known_doctypes: dict[str, dict],
	hook_fixtures: list | None = None,
) -> list[str]:
	"""Fixture files (file name -> parsed JSON) as Frappe's importer reads them.

	`hook_fixtures` is the `fixtures` list of hooks.py; when given, each entry is checked
	against the files (filters present for core DocTypes, and matching the records).
	"""
	problems = []
	known_roles = CORE_ROLES | roles_from_fixtures(fixture_files)
	all_records = [
		r for rs in fixture_files.values() if isinstance(rs, list) for r in rs if isinstance(r, dict)
	]
	for filename, records in sorted(fixture_files.items()):
		label = f"fixtures/{filename}"
		if not isinstance(records, list):
			problems.append(f"{label}: must be a JSON list of records")
			continue
		doctypes = {r.get("doctype") for r in records if isinstance(r, dict)}
		if len(doctypes) == 1 and (dt := next(iter(doctypes))) and filename != f"{scrub(dt)}.json":
			problems.append(f"{label}: bench export-fixtures writes {dt} records to {scrub(dt)}.json")
		names = Counter((r.get("doctype"), r.get("name")) for r in records if isinstance(r, dict))
		for (dt, name), count in names.items():
			if count > 1 and name:
				problems.append(f"{label}: {dt} {name!r} appears {count} times")
		for index, record in enumerate(records, start=1):
			problems += _check_fixture_record(record, f"{label}: record {index}", known_doctypes)
			if isinstance(record, dict) and record.get("doctype") == "Workflow":
				problems += _check_workflow(
					record,
					f"{label}: Workflow {record.get('name')!r}",
					known_doctypes,
					known_roles,
					all_records,
				)
			if isinstance(record, dict) and record.get("doctype") == "Custom Field":
				problems += _check_custom_field(
					record, f"{label}: Custom Field {record.get('name')!r}", known_doctypes
				)
	if hook_fixtures is not None:
		problems += _check_hook_fixtures(hook_fixtures, fixture_files, known_doctypes)
	return problems


def _doctype_shape(
	doctype: str, known_doctypes: dict[str, dict]
) -> tuple[dict[str, dict] | None, frozenset[str], frozenset[str], dict[str, str], str | None]:
	"""(fields or None, fieldnames, mandatory, tables, autoname field) of a DocType, if known."""
	if doctype in known_doctypes:
		doc = known_doctypes[doctype]
		fields = {n: f for n, f in _field_map(doc).items() if f.get("fieldtype") not in LAYOUT_FIELDS}
		mandatory = frozenset(
			n
			for n, f in fields.items()
			if f.get("reqd") and f.get("default") in (None, "") and f.get("fieldtype") not in TABLE_FIELDS
		)
		tables = {n: f.get("options") for n, f in fields.items() if f.get("fieldtype") in TABLE_FIELDS}
		autoname = doc.get("autoname") or ""
		by_field = autoname.split(":", 1)[1].strip() if autoname.lower().startswith("field:") else None
		return fields, frozenset(fields), mandatory, tables, by_field
	if doctype in CORE_FIXTURE_DOCTYPES:
		names, mandatory, tables, by_field = CORE_FIXTURE_DOCTYPES[doctype]
		return None, names, mandatory, tables, by_field
	return None, frozenset(), frozenset(), {}, None


def _check_fixture_record(
	record: Any, where: str, known_doctypes: dict[str, dict], child: bool = False
) -> list[str]:
	if not isinstance(record, dict):
		return [f"{where}: is not an object"]
	doctype = record.get("doctype")
	if not child:
		if not doctype:
			return [f"{where}: has no 'doctype'"]
		if not record.get("name"):
			return [f"{where} ({doctype}): has no 'name', which the fixture importer needs"]
		where = f"{where} ({doctype} {record.get('name')!r})"
	if not doctype:
		return []
	if not _doctype_exists(doctype, known_doctypes):
		return [f"{where}: {doctype!r} is not a DocType"]
	fields, names, mandatory, tables, by_field = _doctype_shape(doctype, known_doctypes)
	if not names:
		return []  # a core DocType whose fields are not listed here
	problems = []
	allowed = names | STANDARD_FIELDNAMES | {"__islocal", "__unsaved"}
	for key in record:
		if key not in allowed:
			problems.append(f"{where}: {doctype!r} has no field '{key}'")
	for fieldname in sorted(mandatory):
		if record.get(fieldname) in (None, "", []):
			problems.append(f"{where}: mandatory field '{fieldname}' is empty")
	if (
		by_field
		and not child
		and record.get(by_field) not in (None, "")
		and record.get(by_field) != record.get("name")
	):
		problems.append(
			f"{where}: name should equal '{by_field}' ({record.get(by_field)!r}), as the DocType is named by it"
		)
	for fieldname, field in (fields or {}).items():
		value = record.get(fieldname)
		if (
			field.get("fieldtype") == "Select"
			and value not in (None, "")
			and str(value) not in _select_options(field)
		):
			problems.append(f"{where}: '{fieldname}' = {value!r} is not one of the Select options")
	for fieldname, child_doctype in tables.items():
		rows = record.get(fieldname) or []
		if not isinstance(rows, list):
			problems.append(f"{where}: '{fieldname}' must be a list of rows")
			continue
		for index, row in enumerate(rows, start=1):
			if isinstance(row, dict) and row.get("doctype") not in (None, child_doctype):
				problems.append(
					f"{where}: row {index} of '{fieldname}' has doctype {row.get('doctype')!r}, expected {child_doctype!r}"
				)
				continue
			row = {**row, "doctype": child_doctype} if isinstance(row, dict) else row
			problems += _check_fixture_record(
				row, f"{where}, {fieldname} row {index}", known_doctypes, child=True
			)
	return problems


def _check_workflow(
	workflow: dict, where: str, known_doctypes: dict[str, dict], known_roles: set[str], records: list[dict]
) -> list[str]:
	problems = []
	document_type = workflow.get("document_type")
	if not document_type or not _doctype_exists(document_type, known_doctypes):
		problems.append(f"{where}: document_type {document_type!r} is not a DocType")
	target = _field_map(known_doctypes[document_type]) if document_type in known_doctypes else None
	state_field = workflow.get("workflow_state_field") or "workflow_state"
	if target is not None and state_field not in target:
		problems.append(
			f"{where}: '{document_type}' has no field '{state_field}' (Frappe would add a hidden custom field)"
		)
	defined_states = CORE_WORKFLOW_STATES | {
		r.get("name") for r in records if r.get("doctype") == "Workflow State"
	}
	defined_actions = CORE_WORKFLOW_ACTIONS | {
		r.get("name") for r in records if r.get("doctype") == "Workflow Action Master"
	}
	states: dict[str, str] = {}
	for row in workflow.get("states") or []:
		state = row.get("state")
		states[state] = str(row.get("doc_status") or "0")
		if state not in defined_states:
			problems.append(f"{where}: state {state!r} is not a Workflow State in the fixtures")
		if row.get("allow_edit") and row.get("allow_edit") not in known_roles:
			problems.append(
				f"{where}: state {state!r} allows role {row.get('allow_edit')!r}, which is not defined"
			)
		if target is not None and row.get("update_field") and row["update_field"] not in target:
			problems.append(
				f"{where}: state {state!r} updates '{row['update_field']}', not a field of '{document_type}'"
			)
		if (
			states[state] in ("1", "2")
			and document_type in known_doctypes
			and not known_doctypes[document_type].get("is_submittable")
		):
			problems.append(
				f"{where}: state {state!r} has doc_status {states[state]} but '{document_type}' is not submittable"
			)
	for index, row in enumerate(workflow.get("transitions") or [], start=1):
		at = f"{where}: transition {index} ({row.get('state')} -> {row.get('next_state')})"
		if row.get("action") not in defined_actions:
			problems.append(
				f"{at}: action {row.get('action')!r} is not a Workflow Action Master in the fixtures"
			)
		if row.get("allowed") not in known_roles:
			problems.append(f"{at}: role {row.get('allowed')!r} is not defined")
		if row.get("state") not in states or row.get("next_state") not in states:
			problems.append(f"{at}: both states must be listed in the workflow's states")
			continue
		before, after = states[row["state"]], states[row["next_state"]]
		if before == "2" or (before == "1" and after == "0") or (before == "0" and after == "2"):
			problems.append(f"{at}: goes from docstatus {before} to {after}, which Frappe forbids")
	return problems


def _check_custom_field(record: dict, where: str, known_doctypes: dict[str, dict]) -> list[str]:
	problems = []
	dt, fieldname = record.get("dt"), record.get("fieldname")
	if dt in known_doctypes:
		problems.append(f"{where}: {dt!r} is the app's own DocType: add the field to its JSON instead")
	elif dt and not _doctype_exists(dt, known_doctypes):
		problems.append(f"{where}: dt {dt!r} is not a DocType")
	if record.get("fieldtype") not in FIELDTYPES:
		problems.append(f"{where}: unknown fieldtype {record.get('fieldtype')!r}")
	if dt and fieldname and record.get("name") != f"{dt}-{fieldname}":
		problems.append(f"{where}: name should be '{dt}-{fieldname}'")
	return problems


def _filter_values(filters: Any) -> list[tuple[str, set]]:
	"""(fieldname, allowed values) for the `in` and `=` conditions of fixture filters."""
	conditions = []
	if isinstance(filters, dict):
		for fieldname, condition in filters.items():
			if isinstance(condition, list | tuple) and len(condition) == 2:
				conditions.append([fieldname, *condition])
			else:
				conditions.append([fieldname, "=", condition])
	elif isinstance(filters, list):
		conditions = [c[1:] if isinstance(c, list) and len(c) == 4 else c for c in filters]
	result = []
	for condition in conditions:
		if not isinstance(condition, list | tuple) or len(condition) != 3:
			continue
		fieldname, operator, value = condition
		if operator == "in" and isinstance(value, list | tuple):
			result.append((fieldname, set(value)))
		elif operator == "=":
			result.append((fieldname, {value}))
	return result


def _fixture_doctype(entry: Any) -> str | None:
	"""The DocType of a hooks `fixtures` entry: a name, or a dict with `dt` or `doctype`."""
	if isinstance(entry, str):
		return entry
	if isinstance(entry, dict):
		return entry.get("dt") or entry.get("doctype")
	return None


def _check_hook_fixtures(
	hook_fixtures: list, fixture_files: dict[str, Any], known_doctypes: dict[str, dict]
) -> list[str]:
	problems = []
	for entry in hook_fixtures:
		if not isinstance(entry, str | dict):
			problems.append(f"hooks.py fixtures: entry {entry!r} must be a DocType name or a dict")
			continue
		doctype = _fixture_doctype(entry)
		or_filters = entry.get("or_filters") if isinstance(entry, dict) else None
		filters = (entry.get("filters") if isinstance(entry, dict) else None) or or_filters
		where = f"hooks.py fixtures: {doctype!r}"
		if not doctype or not _doctype_exists(doctype, known_doctypes):
			problems.append(f"{where} is not a DocType")
			continue
		if filters is not None and not isinstance(filters, list | dict):
			problems.append(f"{where}: filters must be a list or a dict")
		if doctype not in known_doctypes and not filters:
			problems.append(f"{where}: a core DocType exported without filters takes every site's records")
		filename = f"{scrub(doctype)}.json"
		records = fixture_files.get(filename)
		if records is None:
			problems.append(f"{where}: fixtures/{filename} is missing or unreadable")
			continue
		if or_filters:
			continue  # any one of or_filters may hold: not checked here
		for fieldname, allowed in _filter_values(filters):
			present = {
				r.get(fieldname) for r in records if isinstance(r, dict) and r.get("doctype") == doctype
			}
			for value in sorted(map(str, present - allowed)):
				problems.append(
					f"{where}: fixtures/{filename} holds {fieldname} {value!r}, which the filters leave out"
				)
			for value in sorted(map(str, allowed - present)):
				problems.append(
					f"{where}: filters name {fieldname} {value!r}, but fixtures/{filename} has no such record"
				)
	listed = {f"{scrub(_fixture_doctype(e) or '')}.json" for e in hook_fixtures}
	for filename in sorted(set(fixture_files) - listed):
		problems.append(
			f"fixtures/{filename}: not listed in hooks.py fixtures, so bench export-fixtures ignores it"
		)
	return problems


# --- hooks.py -----------------------------------------------------------------------------------


def read_hooks(hooks_path: Path) -> tuple[dict[str, Any], list[str]]:
	"""The literal assignments of hooks.py, read with ast; and the problems met."""
	try:
		tree = ast.parse(hooks_path.read_text(encoding="utf-8"), filename=str(hooks_path))
	except (OSError, SyntaxError) as error:
		return {}, [f"hooks.py: cannot be parsed ({error})"]
	hooks: dict[str, Any] = {}
	for node in tree.body:
		if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
			target, value = node.targets[0].id, node.value
		elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
			target, value = node.target.id, node.value
		else:
			continue
		try:
			hooks[target] = ast.literal_eval(value)
		except ValueError:
			continue  # computed values are not checked
	return hooks, []


def _top_level_names(module: Path) -> set[str] | None:
	"""Names a module defines at top level (functions, classes, assignments, imports)."""
	try:
		tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
	except (OSError, SyntaxError):
		return None
	names: set[str] = set()

	def visit(statements: list[ast.stmt]) -> None:
		for node in statements:
			if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
				names.add(node.name)
			elif isinstance(node, ast.Assign):
				for target in node.targets:
					names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
			elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
				names.add(node.target.id)
			elif isinstance(node, ast.Import | ast.ImportFrom):
				names.update((a.asname or a.name).split(".")[0] for a in node.names)
			elif isinstance(node, ast.If | ast.Try | ast.With):
				for block in ("body", "orelse", "finalbody"):
					visit(getattr(node, block, []) or [])
				for handler in getattr(node, "handlers", []) or []:
					visit(handler.body)

	visit(tree.body)
	return names


def resolve_dotted_path(path: str, app_root: Path, allow_module: bool = False) -> str | None:
	"""None when `lef_members.x.y.name` is a top-level name of `x/y.py`, else the problem.

	Paths into other apps (frappe, erpnext) are not checked.
	"""
	if not isinstance(path, str) or not path.strip():
		return f"{path!r} is not a dotted path"
	if path != path.strip() or not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", path):
		return f"{path!r} is not a dotted path"
	if path.split(".")[0] != APP_NAME:
		return None
	parts = path.split(".")
	if allow_module:
		package = app_root.joinpath(*parts)
		if package.with_suffix(".py").exists() or (package / "__init__.py").exists():
			return None
	module_parts, attribute = parts[:-1], parts[-1]
	base = app_root.joinpath(*module_parts)
	module = base.with_suffix(".py") if base.with_suffix(".py").exists() else base / "__init__.py"
	if not module.exists():
		return f"{path!r}: module {'.'.join(module_parts)} does not exist"
	names = _top_level_names(module)
	if names is None:
		return f"{path!r}: {module.relative_to(app_root)} is not valid Python"
	if attribute not in names:
		return f"{path!r}: {module.relative_to(app_root)} has no top-level '{attribute}'"
	return None


def _paths(value: Any) -> list:
	return list(value) if isinstance(value, list | tuple) else [value]


def check_hooks(
	hooks_path: Path,
	app_root: Path,
	known_doctypes: dict[str, dict] | None = None,
	known_roles: set[str] | frozenset[str] | None = None,
) -> list[str]:
	"""hooks.py points only at functions, DocTypes, events, roles and files that exist.

	Without `known_doctypes` / `known_roles` they are read from the app at app_root.
	"""
	if known_doctypes is None:
		known_doctypes = load_doctypes(app_root, [])
	if known_roles is None:
		known_roles = CORE_ROLES | roles_from_fixtures(load_fixture_files(app_root, []))
	hooks, problems = read_hooks(hooks_path)
	if not hooks and problems:
		return problems

	def path_problem(hook: str, path: Any, allow_module: bool = False) -> None:
		if problem := resolve_dotted_path(path, app_root, allow_module):
			problems.append(f"hooks.py {hook}: {problem}")

	def doctype_problem(hook: str, doctype: Any) -> None:
		if doctype in OTHER_APP_DOCTYPES:
			return
		if not isinstance(doctype, str) or not _doctype_exists(doctype, known_doctypes):
			problems.append(f"hooks.py {hook}: {doctype!r} is not a DocType")

	if hooks.get("app_name") != APP_NAME:
		problems.append(f"hooks.py: app_name is {hooks.get('app_name')!r}, expected {APP_NAME!r}")
	for hook in sorted(PATH_HOOKS & hooks.keys()):
		for path in _paths(hooks[hook]):
			path_problem(hook, path)
	for hook in sorted(DOCTYPE_PATH_HOOKS & hooks.keys()):
		if not isinstance(hooks[hook], dict):
			problems.append(f"hooks.py {hook}: must be a dict of DocType to dotted path")
			continue
		for doctype, paths in hooks[hook].items():
			doctype_problem(f"{hook}", doctype)
			for path in _paths(paths):
				path_problem(f"{hook}[{doctype!r}]", path)
	for hook in sorted(DOCTYPE_FILE_HOOKS & hooks.keys()):
		for doctype, files in (hooks[hook] or {}).items() if isinstance(hooks[hook], dict) else []:
			doctype_problem(hook, doctype)
			for file in _paths(files):
				if not isinstance(file, str) or not (app_root / APP_NAME / file).exists():
					problems.append(f"hooks.py {hook}[{doctype!r}]: file {file!r} does not exist in the app")
	for hook in sorted(DOCTYPE_LIST_HOOKS & hooks.keys()):
		for doctype in _paths(hooks[hook]):
			doctype_problem(hook, doctype)
	problems += _check_doc_events(hooks.get("doc_events"), path_problem, doctype_problem)
	problems += _check_scheduler_events(hooks.get("scheduler_events"), path_problem)
	jinja = hooks.get("jinja") or {}
	for kind in ("methods", "filters"):
		for path in _paths(jinja.get(kind) or []) if isinstance(jinja, dict) else []:
			path_problem(f"jinja {kind}", path, allow_module=True)
	for original, path in (hooks.get("override_whitelisted_methods") or {}).items():
		path_problem(f"override_whitelisted_methods[{original!r}]", path)
	for entry in hooks.get("user_data_fields") or []:
		doctype = entry.get("doctype") if isinstance(entry, dict) else None
		doctype_problem("user_data_fields", doctype)
		if doctype in known_doctypes:
			fields = set(_field_map(known_doctypes[doctype])) | STANDARD_FIELDNAMES
			for fieldname in [entry.get("filter_by"), *(entry.get("redact_fields") or [])]:
				if fieldname and fieldname not in fields:
					problems.append(f"hooks.py user_data_fields: {doctype!r} has no field {fieldname!r}")
	for entry in hooks.get("fixtures") or []:
		doctype_problem("fixtures", _fixture_doctype(entry))
	for hook in ("portal_menu_items", "standard_portal_menu_items"):
		for item in hooks.get(hook) or []:
			if not isinstance(item, dict):
				problems.append(f"hooks.py {hook}: {item!r} must be a dict")
				continue
			if item.get("reference_doctype"):
				doctype_problem(hook, item["reference_doctype"])
			if item.get("role") and item["role"] not in known_roles:
				problems.append(f"hooks.py {hook}: role {item['role']!r} is not defined")
	for role in hooks.get("role_home_page") or {}:
		if role not in known_roles:
			problems.append(f"hooks.py role_home_page: role {role!r} is not defined")
	return problems


def _check_doc_events(doc_events: Any, path_problem, doctype_problem) -> list[str]:
	if doc_events is None:
		return []
	if not isinstance(doc_events, dict):
		return ["hooks.py doc_events: must be a dict of DocType to {event: path}"]
	problems = []
	for doctype, events in doc_events.items():
		if doctype != "*":
			doctype_problem("doc_events", doctype)
		if not isinstance(events, dict):
			problems.append(f"hooks.py doc_events[{doctype!r}]: must be a dict of event to dotted path")
			continue
		for event, paths in events.items():
			if event not in DOC_EVENTS:
				problems.append(f"hooks.py doc_events[{doctype!r}]: {event!r} is not a document event")
			for path in _paths(paths):
				path_problem(f"doc_events[{doctype!r}][{event!r}]", path)
	return problems


def _check_scheduler_events(scheduler_events: Any, path_problem) -> list[str]:
	if scheduler_events is None:
		return []
	if not isinstance(scheduler_events, dict):
		return ["hooks.py scheduler_events: must be a dict"]
	problems = []
	for event, paths in scheduler_events.items():
		if event not in SCHEDULER_EVENTS:
			problems.append(f"hooks.py scheduler_events: {event!r} is not one of {sorted(SCHEDULER_EVENTS)}")
			continue
		if event == "cron":
			if not isinstance(paths, dict):
				problems.append(
					"hooks.py scheduler_events['cron']: must be a dict of cron expression to paths"
				)
				continue
			for expression, cron_paths in paths.items():
				if not isinstance(expression, str) or not (
					len(expression.split()) in (5, 6) or expression.startswith("@")
				):
					problems.append(
						f"hooks.py scheduler_events['cron']: {expression!r} is not a cron expression"
					)
				for path in _paths(cron_paths):
					path_problem(f"scheduler_events['cron'][{expression!r}]", path)
			continue
		for path in _paths(paths):
			path_problem(f"scheduler_events[{event!r}]", path)
	return problems


def check_patches(patches_path: Path, app_root: Path) -> list[str]:
	"""patches.txt as frappe/modules/patch_handler.py reads it: both sections, each patch a module
	of the app with a top-level execute(), no patch listed twice."""
	parser = configparser.ConfigParser(allow_no_value=True, delimiters="\n")
	parser.optionxform = str  # type: ignore[assignment,method-assign]
	try:
		parser.read_string(patches_path.read_text(encoding="utf-8"))
	except OSError:
		return ["patches.txt: is missing"]
	except configparser.Error as error:
		return [f"patches.txt: cannot be parsed ({error.message.splitlines()[0]})"]
	problems = [
		f"patches.txt: section [{section}] is missing, which bench migrate needs"
		for section in ("pre_model_sync", "post_model_sync")
		if section not in parser.sections()
	]
	for section in parser.sections():
		for patch in parser[section]:
			if patch.startswith(("execute:", "finally:")):
				continue
			if problem := resolve_dotted_path(f"{patch.split(maxsplit=1)[0]}.execute", app_root):
				problems.append(f"patches.txt [{section}]: {problem}")
	return problems


# --- The whole app ------------------------------------------------------------------------------


def read_modules(app_root: Path, problems: list[str]) -> dict[str, Path]:
	"""{module name: its folder} for each line of modules.txt, as Frappe reads that file.

	Every module is prefixed (no clash with another app's module of the same name) and has its
	folder, a package; the home module (MODULE_NAME) is listed; a folder holding records of a
	module that modules.txt does not list is reported, since Frappe would never sync it.
	"""
	package = app_root / APP_NAME
	modules_txt = package / "modules.txt"
	names = (
		[line.strip() for line in modules_txt.read_text(encoding="utf-8").splitlines() if line.strip()]
		if modules_txt.exists()
		else []
	)
	if MODULE_NAME not in names:
		problems.append(f"{APP_NAME}/modules.txt: must list {MODULE_NAME!r}")
	modules: dict[str, Path] = {}
	for name, count in Counter(names).items():
		if count > 1:
			problems.append(f"{APP_NAME}/modules.txt: lists {name!r} {count} times")
	for name in dict.fromkeys(names):
		if not name.startswith(MODULE_PREFIX):
			problems.append(f"{APP_NAME}/modules.txt: {name!r} must start with {MODULE_PREFIX!r}")
		folder = package / scrub(name)
		if not (folder / "__init__.py").exists():
			problems.append(
				f"{APP_NAME}/modules.txt: module {name!r} has no package {folder.relative_to(app_root)}"
			)
			continue
		modules[name] = folder
	listed = set(modules.values())
	for folder in sorted(p for p in package.iterdir() if p.is_dir() and p not in listed):
		if any((folder / kind).is_dir() for kind in RECORD_FOLDERS):
			problems.append(
				f"{folder.relative_to(app_root)}: holds DocTypes or reports but is no module of modules.txt"
			)
	return modules


def module_dir(app_root: Path, module: str = MODULE_NAME) -> Path:
	"""The folder of a module: lef_members/<scrubbed name>."""
	return app_root / APP_NAME / scrub(module)


def _records_in(folder: Path, problems: list[str], app_root: Path) -> dict[str, tuple[Path, dict]]:
	"""{folder name: (folder, parsed <folder>/<folder>.json)} for each record folder."""
	records = {}
	if not folder.is_dir():
		return records
	for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
		path = sub / f"{sub.name}.json"
		if not path.exists():
			if any(sub.glob("*.json")):
				problems.append(
					f"{sub.relative_to(app_root)}: holds no {sub.name}.json (file and folder must share the name)"
				)
			continue
		data = _load_json(path, problems, app_root)
		if isinstance(data, dict):
			records[sub.name] = (sub, data)
		elif data is not None:
			problems.append(f"{path.relative_to(app_root)}: must be a JSON object")
	return records


def _records_of_modules(
	modules: dict[str, Path], kind: str, problems: list[str], app_root: Path
) -> dict[str, tuple[str, Path, dict]]:
	"""{folder name: (module, folder, record)} for one kind of record over every module."""
	found: dict[str, tuple[str, Path, dict]] = {}
	for module, folder in modules.items():
		for name, (path, data) in _records_in(folder / kind, problems, app_root).items():
			if name in found:
				problems.append(f"{kind}/{name}: is in module {found[name][0]!r} and in {module!r}")
				continue
			found[name] = (module, path, data)
	return found


def load_doctypes(app_root: Path, problems: list[str]) -> dict[str, dict]:
	"""The app's DocTypes by name, over every module of modules.txt."""
	found = _records_of_modules(read_modules(app_root, []), "doctype", problems, app_root)
	return {data.get("name"): data for _, _, data in found.values() if data.get("name")}


def load_fixture_files(app_root: Path, problems: list[str]) -> dict[str, Any]:
	"""{file name: parsed JSON} of lef_members/fixtures/*.json; unreadable files become problems."""
	files = {}
	for path in sorted((app_root / APP_NAME / "fixtures").glob("*.json")):
		data = _load_json(path, problems, app_root)
		if data is not None:
			files[path.name] = data
	return files


def check_app(app_root: Path) -> list[str]:
	"""Every check above, over the app checked out at app_root (the folder holding lef_members/)."""
	app_root = Path(app_root)
	problems: list[str] = []
	package = app_root / APP_NAME
	modules = read_modules(app_root, problems)

	doctype_folders = _records_of_modules(modules, "doctype", problems, app_root)
	known_doctypes = {data["name"]: data for _, _, data in doctype_folders.values() if data.get("name")}

	fixture_files = load_fixture_files(app_root, problems)
	known_roles = CORE_ROLES | roles_from_fixtures(fixture_files)

	for folder, (module, path, doc) in doctype_folders.items():
		problems += check_doctype(doc, known_doctypes, known_roles, folder=folder, module=module)
		if doc.get("name"):
			problems += check_controller(path, doc["name"])

	hooks_path = package / "hooks.py"
	hook_fixtures = None
	if hooks_path.exists():
		problems += check_hooks(hooks_path, app_root, known_doctypes, known_roles)
		hook_fixtures = read_hooks(hooks_path)[0].get("fixtures") or []
	else:
		problems.append(f"{APP_NAME}/hooks.py: is missing")
	problems += check_fixtures(fixture_files, known_doctypes, hook_fixtures)
	problems += check_patches(package / "patches.txt", app_root)

	forms = _records_of_modules(modules, "web_form", problems, app_root)
	for folder, (module, _, form) in forms.items():
		problems += check_web_form(form, known_doctypes, folder=folder, module=module)
	problems += check_web_form_routes([form for _, _, form in forms.values()])

	reports = _records_of_modules(modules, "report", problems, app_root)
	known_reports = {data.get("name"): data for _, _, data in reports.values()}
	for _, (module, path, report) in reports.items():
		problems += check_report(report, known_doctypes, known_roles, report_dir=path, module=module)

	pages = _records_of_modules(modules, "page", problems, app_root)
	known_pages = {data.get("name") for _, _, data in pages.values()}
	for _, (module, _, workspace) in _records_of_modules(modules, "workspace", problems, app_root).items():
		problems += check_workspace(
			workspace, known_doctypes, known_reports, known_pages, known_roles, module=module
		)
	for kind in ("print_format", "number_card", "dashboard_chart", "dashboard_chart_source"):
		for folder, (module, _, record) in _records_of_modules(modules, kind, problems, app_root).items():
			problems += _check_module(record, f"{kind}/{folder}", module)
	return problems
