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
after_install = "lef_members.setup.install.after_install"
after_migrate = "lef_members.setup.install.after_migrate"
# ERPNext and Frappe CRM are optional: installing one after us adds to Commissioning
# Organisation a Link field to its Customer / CRM Organization; uninstalling it removes that first.
after_app_install = "lef_members.integrations.setup.after_app_install"
before_app_uninstall = "lef_members.integrations.setup.before_app_uninstall"

fixtures = [
	{
		"dt": "Role",
		"filters": [["name", "in", ["LEF Coordinator", "LEF Finance", "LEF Member"]]],
	},
]

# ---------------------------------------------------------------------------
# Document events
# ---------------------------------------------------------------------------
# (Member lifecycle lives in the Expert by Experience controller.)

# ---------------------------------------------------------------------------
# Scheduled jobs
# ---------------------------------------------------------------------------
scheduler_events = {
	"daily": [
		"lef_members.lef_members.doctype.expert_by_experience.expert_by_experience.end_pauses",
		# Idempotent: each stores when it reminded, so a rerun sends nothing twice.
		"lef_members.training.send_certificate_reminders",
		"lef_members.training.send_stalled_training_reminders",
		"lef_members.assignment_flow.complete_finished_assignments",
		"lef_members.lef_members.doctype.expert_request.expert_request.anonymise_old_requests",
		# Once per session (a cache key guards a second run the same day).
		"lef_members.hours.send_missing_log_reminders",
	],
}

# ---------------------------------------------------------------------------
# Portal
# ---------------------------------------------------------------------------
portal_menu_items = [
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
]

# Members land on their own portal page after logging in, not on the desk.
role_home_page = {"LEF Member": "lef/profile"}

# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------
before_tests = "lef_members.tests.before_tests"
