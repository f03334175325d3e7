"""The installed site grants exactly what the written matrix says (docs/permissions.md).

For every DocType of the app x role (System Manager, LEF Coordinator, LEF Finance, LEF Member,
Guest) x right x permission level, a user holding only that role is asked what Frappe itself
would allow (``frappe.permissions.get_role_permissions`` at level 0, ``Meta.get_permlevel_access``
above it). Custom DocPerms added on a site show up here as a difference, as they should.
"""

import frappe
from frappe.permissions import get_role_permissions

from lef_members.setup.permissions_doc import RIGHTS, ROLES, load_matrix
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import create_user

# Rights that only mean something at level 0 (levels above it grant read and write only).
LEVEL_RIGHTS = ("read", "write")


class TestPermissionMatrix(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.matrix = load_matrix()
		cls.users = {role: create_user(roles=(role,)) for role in ROLES if role != "Guest"}
		cls.users["Guest"] = "Guest"

	def tearDown(self):
		frappe.set_user("Administrator")

	def expected(self, doctype: str, role: str, level: int, right: str) -> bool:
		return right in self.matrix["doctypes"][doctype].get(role, {}).get(str(level), [])

	def test_effective_permissions_match_the_matrix(self):
		differences, checked = [], 0
		for doctype in self.matrix["doctypes"]:
			meta = frappe.get_meta(doctype)
			levels = sorted({0} | {int(df.permlevel or 0) for df in meta.fields})
			for role, user in self.users.items():
				frappe.local.role_permissions = {}
				effective = get_role_permissions(meta, user=user)
				for right in RIGHTS:
					checked += 1
					if bool(effective.get(right)) != self.expected(doctype, role, 0, right):
						differences.append(
							f"{doctype} / {role} / level 0 / {right}: site {effective.get(right)}"
						)
				for level in levels[1:]:
					for right in LEVEL_RIGHTS:
						checked += 1
						allowed = level in meta.get_permlevel_access(right, user=user)
						if allowed != self.expected(doctype, role, level, right):
							differences.append(
								f"{doctype} / {role} / level {level} / {right}: site {allowed}"
							)
		self.assertFalse(differences, "\n".join(differences))
		# 31 DocTypes x 5 roles x 13 rights, plus the levels above 0: nothing skipped silently.
		self.assertGreaterEqual(checked, len(self.matrix["doctypes"]) * len(ROLES) * len(RIGHTS))
		print(f"\npermission matrix: {checked} role x DocType x right x level checks")

	def test_members_and_guest_have_no_right_at_all(self):
		for doctype in self.matrix["doctypes"]:
			for role in ("LEF Member", "Guest"):
				frappe.set_user(self.users[role])
				for right in ("read", "write", "create", "delete", "export", "report"):
					self.assertFalse(frappe.has_permission(doctype, right), f"{role} {right} {doctype}")

	def test_finance_reads_no_health_field_anywhere(self):
		for doctype in self.matrix["doctypes"]:
			meta = frappe.get_meta(doctype)
			self.assertNotIn(1, meta.get_permlevel_access("read", user=self.users["LEF Finance"]), doctype)

	def test_reports_are_open_to_the_matrix_roles_only(self):
		checked = 0
		for report, spec in self.matrix["reports"].items():
			doc = frappe.get_doc("Report", report)
			self.assertEqual(doc.ref_doctype, spec["ref_doctype"])
			for role, user in self.users.items():
				frappe.set_user(user)
				checked += 1
				self.assertEqual(bool(doc.is_permitted()), role in spec["roles"], f"{report} / {role}")
			frappe.set_user("Administrator")
		self.assertEqual(checked, len(self.matrix["reports"]) * len(ROLES))

	def test_a_member_cannot_run_a_report_over_http(self):
		from lef_members.tests.http import request, token_headers

		member = self.users["LEF Member"]
		headers = token_headers(member)
		frappe.db.commit()
		for report in self.matrix["reports"]:
			response = request(
				"get",
				"/api/method/frappe.desk.query_report.run",
				query_string={"report_name": report, "filters": "{}"},
				headers=headers,
			)
			self.assertEqual(response.status_code, 403, report)
			response = request(
				"get",
				"/api/method/frappe.desk.query_report.run",
				query_string={"report_name": report, "filters": "{}"},
			)
			self.assertIn(response.status_code, (401, 403), report)
