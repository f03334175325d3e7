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
]

# Members land on their own portal page after logging in, not on the desk.
role_home_page = {"LEF Member": "lef/profile"}

# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------
before_tests = "lef_members.tests.before_tests"
