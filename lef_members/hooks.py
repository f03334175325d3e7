app_name = "lef_members"
app_title = "LEF Members"
app_publisher = "LEF Members contributors"
app_description = (
	"Members, trainings, assignments, hours, allowances and billing for a forum of experts by experience"
)
app_email = "dev@lef-members.invalid"
app_license = "mit"

# ---------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------
# Roles are fixtures (ours, overwritten on every migrate). Editable master data
# (themes, skills, care networks, allowance regimes) is seeded from
# lef_members/setup/master_data once: records staff changed are never overwritten.
# Desk-wide: Select values in grids and lists translated with their DocType (public/js).
app_include_js = "lef_desk.bundle.js"
# Frappe's /login and /update-password, readable for everyone (public/css/lef_web.bundle.css).
web_include_js = "lef_web.bundle.js"
web_include_css = "lef_web.bundle.css"

after_install = "lef_members.setup.install.after_install"
after_migrate = "lef_members.setup.install.after_migrate"
# The public web form's endpoint: our envelope checks and limits first, then Frappe's own.
override_whitelisted_methods = {
	"frappe.website.doctype.web_form.web_form.accept": "lef_members.lef_requests.guest.web_form.accept",
	# "Forgot password" without the account holder's name (Frappe 16 puts it in the answer).
	"frappe.core.doctype.user.user.reset_password": "lef_members.security.accounts.reset_password",
}
# Frappe removes our DocTypes, workspace, reports, web form and print formats with the module;
# this removes what it leaves: the scheduled job types and the rules we added on Contact/Address.
after_uninstall = "lef_members.setup.install.after_uninstall"
# ERPNext and Frappe CRM are optional: installing one after us adds to Commissioning
# Organisation a Link field to its Customer / CRM Organization; uninstalling it removes that first.
after_app_install = "lef_members.integrations.setup.after_app_install"
before_app_uninstall = "lef_members.integrations.setup.before_app_uninstall"
# ERPNext installed before its setup wizard ran: organisations are linked once the wizard is done.
setup_wizard_complete = "lef_members.integrations.late.after_setup_wizard"

# The desk's apps screen (/apps on v15, the desktop on v16) opens the LEF workspace for
# staff; members and organisations (website users) are not offered it, so their login keeps
# landing on the portal. On v16, lef_members/desktop_icon and lef_members/workspace_sidebar
# give the desktop its icon and the workspace its sidebar (v15 does not read those folders).
add_to_apps_screen = [
	{
		"name": "lef_members",
		"logo": "/assets/lef_members/images/lef-members.svg",
		"title": "LEF Members",
		# v16 redirects /app/* to /desk/*: one route for both lines.
		"route": "/app/lef",
		"has_permission": "lef_members.lef_members.desk.can_open_desk",
	}
]

fixtures = [
	{
		"dt": "Role",
		"filters": [["name", "in", ["LEF Coordinator", "LEF Finance", "LEF Member", "LEF Organisation"]]],
	},
]

# ---------------------------------------------------------------------------
# People outside the forum (docs/threat-model.md)
# ---------------------------------------------------------------------------
# Runs once Frappe knows who sent a request (cookie, API key or OAuth): Guest and our portal
# users reach only the doors in domain/portal_doors.py; other website users never name our
# records. Refused with 403 before the called code runs.
auth_hooks = ["lef_members.security.gate.check_request"]

# Website users never list the contacts, addresses, comments, files, tags or versions of our
# records and people through Frappe's lists (child rows such as Contact Email included).
permission_query_conditions = {
	"Contact": "lef_members.security.records.contact_conditions",
	"Contact Email": "lef_members.security.records.contact_child_conditions",
	"Contact Phone": "lef_members.security.records.contact_child_conditions",
	"Address": "lef_members.security.records.address_conditions",
	"Dynamic Link": "lef_members.security.records.reference_conditions",
	"Comment": "lef_members.security.records.reference_conditions",
	"Communication": "lef_members.security.records.reference_conditions",
	"Version": "lef_members.security.records.reference_conditions",
	"File": "lef_members.security.records.reference_conditions",
	"Tag Link": "lef_members.security.records.reference_conditions",
	"ToDo": "lef_members.security.records.reference_conditions",
	"Activity Log": "lef_members.security.records.reference_conditions",
	"DocShare": "lef_members.security.records.reference_conditions",
}

# ---------------------------------------------------------------------------
# Document events
# ---------------------------------------------------------------------------
# (Member lifecycle lives in the Expert by Experience controller.)

_SHARED_RECORD_WRITE = {
	"before_insert": "lef_members.security.records.check_reference_write",
	"validate": "lef_members.security.records.check_reference_write",
}
_CONTACT_WRITE = {
	"validate": "lef_members.security.records.check_contact_write",
	"on_trash": "lef_members.security.records.check_contact_write",
}

doc_events = {
	# A website user or Guest, through a door that is not ours, never writes Frappe's shared
	# records on our records or people (security/records.py).
	"Comment": _SHARED_RECORD_WRITE,
	"File": _SHARED_RECORD_WRITE,
	"Tag Link": _SHARED_RECORD_WRITE,
	"ToDo": _SHARED_RECORD_WRITE,
	"DocShare": _SHARED_RECORD_WRITE,
	"Contact": _CONTACT_WRITE,
	"Address": _CONTACT_WRITE,
	# ERPNext, when installed: a billing statement shows its invoice's state as it is
	# submitted, cancelled, paid or deleted there (no effect on sites without ERPNext).
	"Sales Invoice": {
		"on_submit": "lef_members.integrations.erpnext.invoices.on_invoice_change",
		"on_cancel": "lef_members.integrations.erpnext.invoices.on_invoice_change",
		"on_update_after_submit": "lef_members.integrations.erpnext.invoices.on_invoice_change",
		"on_trash": "lef_members.integrations.erpnext.invoices.on_invoice_change",
	},
	"Payment Entry": {
		"on_submit": "lef_members.integrations.erpnext.invoices.on_payment",
		"on_cancel": "lef_members.integrations.erpnext.invoices.on_payment",
	},
	"Journal Entry": {
		"on_submit": "lef_members.integrations.erpnext.invoices.on_payment",
		"on_cancel": "lef_members.integrations.erpnext.invoices.on_payment",
	},
	# Finishes a Personal Data Deletion Request for a member: health tables, availability,
	# the name in hour logs, invitations, enrolments and payouts (kept for bookkeeping).
	"Personal Data Deletion Request": {
		"on_update": "lef_members.lef_members.privacy.on_deletion_request_update"
	},
}

# ---------------------------------------------------------------------------
# Personal data (GDPR): Frappe's Personal Data Download and Deletion Request
# ---------------------------------------------------------------------------
# Matched by the person's e-mail (a member's user is their e-mail address). Money records
# (hour logs, payouts) are kept, with the name and free text redacted.
user_data_fields = [
	{
		"doctype": "Expert by Experience",
		"filter_by": "email",
		"redact_fields": [
			"first_name",
			"last_name",
			"full_name",
			"phone",
			"date_of_birth",
			"address_line",
			"postcode",
			"municipality",
			"iban",
			"account_holder",
			"leaving_reason",
			"confidential_notes",
		],
	},
	{
		"doctype": "Expert Request",
		"filter_by": "email",
		"redact_fields": ["contact_person", "phone", "description", "message_to_requester"],
	},
	{"doctype": "Hour Log", "filter_by": "member_email", "redact_fields": ["member_name", "remarks"]},
	{
		"doctype": "Allowance Received Elsewhere",
		"filter_by": "member_email",
		"redact_fields": ["member_name", "note"],
	},
	{
		"doctype": "Assignment Expert",
		"filter_by": "member_email",
		"redact_fields": ["member_name", "debrief_notes", "decline_reason"],
	},
	{"doctype": "Training Enrollment", "filter_by": "member_email", "redact_fields": ["member_name"]},
	{"doctype": "Commissioning Organisation", "filter_by": "email", "partial": True},
]

# ---------------------------------------------------------------------------
# Scheduled jobs
# ---------------------------------------------------------------------------
scheduler_events = {
	# Idempotent: a request whose mails were queued is marked and skipped.
	"hourly": ["lef_members.lef_requests.request_mails.send_pending_request_mails"],
	"daily": [
		"lef_members.lef_members.doctype.expert_by_experience.expert_by_experience.end_pauses",
		# Idempotent: each stores when it reminded, so a rerun sends nothing twice.
		"lef_members.lef_training.training_path.send_certificate_reminders",
		"lef_members.lef_training.training_path.send_stalled_training_reminders",
		"lef_members.lef_assignments.assignment_flow.complete_finished_assignments",
		"lef_members.lef_requests.retention.anonymise_old_requests",
		# Idempotent: anonymised members are skipped; one failure is logged and retried next day.
		"lef_members.lef_members.privacy.anonymise_members_who_left",
		# Once per session (a cache key guards a second run the same day).
		"lef_members.lef_hours.hour_logs.send_missing_log_reminders",
		# Idempotent: an ended "not now" is set back to "Yes" as it is told; an intervision
		# invitation is stored on the member and repeated at most once per period.
		"lef_members.lef_members.pace.jobs.end_not_now",
		"lef_members.lef_members.pace.jobs.send_intervision_invitations",
		# Once a year: LEF Settings stores the year finance was reminded of.
		"lef_members.lef_hours.next_year_figures.remind_next_year_figures",
	],
}

# ---------------------------------------------------------------------------
# Portal
# ---------------------------------------------------------------------------
portal_menu_items = [
	{
		"title": "My LEF",
		"route": "/lef",
		"reference_doctype": "Expert by Experience",
		"role": "LEF Member",
	},
	{
		"title": "My Profile",
		"route": "/lef/profile",
		"reference_doctype": "Expert by Experience",
		"role": "LEF Member",
	},
	{
		"title": "My Trainings",
		"route": "/lef/trainings",
		"reference_doctype": "Training Enrollment",
		"role": "LEF Member",
	},
	{
		"title": "My Assignments",
		"route": "/lef/invitations",
		"reference_doctype": "Assignment Expert",
		"role": "LEF Member",
	},
	{
		"title": "My Hours",
		"route": "/lef/hours",
		"reference_doctype": "Hour Log",
		"role": "LEF Member",
	},
	{
		"title": "Our Requests",
		"route": "/lef/requests",
		"reference_doctype": "Expert Request",
		"role": "LEF Organisation",
	},
]

# Members land on their portal home (what needs them now) after logging in, not on the desk.
role_home_page = {"LEF Member": "lef", "LEF Organisation": "lef/requests"}

# Print formats for organisations get who comes from the same function as the confirmation
# e-mail: first names and only the themes members let us name (no other health data).
# The other apps' desk forms reach our organisations (only where those apps are installed).
override_doctype_dashboards = {
	"Customer": "lef_members.integrations.erpnext.common.customer_dashboard",
	"CRM Organization": "lef_members.integrations.crm.dashboard",
}
jinja = {
	"methods": [
		"lef_members.lef_members.privacy.lef_experts_for_organisation",
		# amounts, numbers, dates and times as the reader writes them (reader.py)
		"lef_members.utilities.reader.lef_money",
		"lef_members.utilities.reader.lef_number",
		"lef_members.utilities.reader.lef_date",
		"lef_members.utilities.reader.lef_time",
		"lef_members.utilities.reader.lef_km",
	]
}

# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------
before_tests = "lef_members.tests.before_tests"
