"""The doors Frappe itself opens, tried over HTTP by a member, an organisation's login and a
website user with none of our roles: each attack found on a fresh site is refused (403, nothing
stored, nothing leaked), and the portal pages and Frappe's own pages our users need still work.

The class commits (the WSGI app reads through its own connection) and removes what it made.
"""

import json

import frappe

from lef_members.lef_requests.organisations import access
from lef_members.tests import LEFTestCase
from lef_members.tests.http import request
from lef_members.tests.outsiders import digest, leaked, make_parties

CALLERS = ("member", "organisation", "website user")


class TestPortalDoors(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.p = make_parties()

	def setUp(self):
		frappe.cache.delete_keys("rl:")
		frappe.set_user("Administrator")

	def call(self, who, verb, path, **kwargs):
		headers = {**self.p.headers[who], **kwargs.pop("headers", {})}
		response = request(verb, path, headers=headers, **kwargs)
		frappe.db.commit()
		return response.status_code, response.get_data(as_text=True)

	def assert_refused(self, who, verb, path, **kwargs):
		before = digest(self.p)
		status, body = self.call(who, verb, path, **kwargs)
		self.assertEqual(status, 403, (who, path, body[:300]))
		self.assertEqual(leaked(body, self.p), [], (who, path))
		self.assertEqual(digest(self.p), before, (who, path, "changed what is not theirs"))
		return body

	# --- names through link titles -------------------------------------------------------------------

	def test_nobody_outside_reads_a_members_name_through_its_link_title(self):
		for who in CALLERS:
			body = self.assert_refused(
				who,
				"get",
				"/api/method/frappe.desk.search.get_link_title",
				query_string={"doctype": "Expert by Experience", "docname": self.p.bob.name},
			)
			self.assertNotIn(self.p.bob.full_name, body)
		# As Guest too.
		response = request(
			"get",
			"/api/method/frappe.desk.search.get_link_title",
			query_string={"doctype": "Expert by Experience", "docname": self.p.bob.name},
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotIn(self.p.bob.full_name, response.get_data(as_text=True))

	def test_staff_still_read_link_titles(self):
		from frappe.desk.search import get_link_title

		self.assertEqual(get_link_title("Expert by Experience", self.p.bob.name), self.p.bob.full_name)

	# --- every contact's name and e-mail --------------------------------------------------------------

	def test_the_contacts_e_mail_rows_are_not_listed(self):
		args = {
			"doctype": "Contact Email",
			"parent": "Contact",
			"fields": json.dumps(["parent", "email_id"]),
			"limit_page_length": 0,
		}
		for who in ("member", "organisation"):
			self.assert_refused(who, "get", "/api/method/frappe.client.get_list", query_string=args)
		# Another app's website user keeps the door, but our people's rows are not in it.
		status, body = self.call(
			"website user", "get", "/api/method/frappe.client.get_list", query_string=args
		)
		self.assertIn(status, (200, 403), body[:300])
		self.assertEqual(leaked(body, self.p), [])
		for doctype, fields in (
			("Dynamic Link", ["parent", "link_doctype", "link_name"]),
			("Contact Phone", ["parent", "phone"]),
		):
			status, body = self.call(
				"website user",
				"get",
				"/api/method/frappe.client.get_list",
				query_string={"doctype": doctype, "parent": "Contact", "fields": json.dumps(fields)},
			)
			self.assertEqual(leaked(body, self.p), [], doctype)
			self.assertNotIn("Commissioning Organisation", body, doctype)

	# --- becoming another organisation's contact ------------------------------------------------------

	def test_an_organisation_cannot_make_itself_the_contact_of_another(self):
		email = frappe.db.get_value("User", self.p.org_user, "email")
		contact = {
			"doctype": "Contact",
			"first_name": "Mallory",
			"email_ids": [{"email_id": email, "is_primary": 1}],
			"links": [{"link_doctype": "Commissioning Organisation", "link_name": self.p.organisation_b}],
		}
		before = frappe.db.count("Contact")
		self.assert_refused("organisation", "post", "/api/resource/Contact", json=contact)
		self.assert_refused(
			"organisation", "post", "/api/method/frappe.client.insert", json={"doc": json.dumps(contact)}
		)
		own = frappe.db.get_value("Contact", {"user": self.p.org_user}, "name")
		self.assert_refused(
			"organisation",
			"put",
			f"/api/resource/Contact/{own}",
			json={
				"links": [{"link_doctype": "Commissioning Organisation", "link_name": self.p.organisation_b}]
			},
		)
		self.assertEqual(frappe.db.count("Contact"), before)
		# Another app's website user cannot link a contact to our organisations either.
		self.assert_refused("website user", "post", "/api/resource/Contact", json=contact)
		self.assertEqual(frappe.db.count("Contact"), before)

	def test_a_contact_linked_to_another_organisation_gives_no_access_to_it(self):
		"""Even a Contact that links the login to B (made before this release, or by staff's
		mistake) opens nothing of B: a login acts only for its Organisation Login rows."""
		forged = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Forged",
				"user": self.p.org_user,
				"links": [{"link_doctype": "Commissioning Organisation", "link_name": self.p.organisation_b}],
			}
		).insert(ignore_permissions=True)
		self.addCleanup(frappe.delete_doc, "Contact", forged.name, force=True, ignore_permissions=True)
		frappe.db.commit()
		self.assertEqual(access.organisations_of(self.p.org_user), [self.p.organisation_a])
		status, body = self.call("organisation", "get", "/lef/requests")
		self.assertEqual(status, 200)
		self.assertIn(self.p.request_a.title, body)
		self.assertEqual(leaked(body, self.p), [])
		status, body = self.call(
			"organisation", "get", "/lef/request", query_string={"name": self.p.request_b.name}
		)
		self.assertNotIn(self.p.request_b.title, body)
		self.assert_refused(
			"organisation",
			"get",
			"/api/method/lef_members.api.organisation.billing_statement",
			query_string={"name": self.p.request_b.name, "statement": "x"},
		)
		self.assert_refused(
			"organisation",
			"post",
			"/api/method/lef_members.api.organisation.ask_change",
			json={"name": self.p.request_b.name, "kind": "Cancellation", "details": "Forged"},
		)

	# --- forged answers ------------------------------------------------------------------------------------

	def test_nobody_outside_puts_a_comment_on_a_request(self):
		args = {
			"comment": "We cancel everything.",
			"comment_email": self.p.request_b.email,
			"comment_by": "Organisation B",
			"reference_doctype": "Expert Request",
			"reference_name": self.p.request_b.name,
			"route": "x",
		}
		path = "/api/method/frappe.templates.includes.comments.comments.add_comment"
		for who in CALLERS:
			self.assert_refused(who, "post", path, json=args)
		response = request("post", path, json=args)  # Guest
		frappe.db.commit()
		self.assertEqual(response.status_code, 403)
		self.assertFalse(
			frappe.db.exists(
				"Comment",
				{"reference_name": self.p.request_b.name, "content": ("like", "%cancel everything%")},
			)
		)

	def test_the_page_shows_its_answers_never_a_comment(self):
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Expert Request",
				"reference_name": self.p.request_a.name,
				"comment_email": self.p.request_a.email,
				"content": "A comment that looks like an answer",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		status, body = self.call(
			"organisation", "get", "/lef/request", query_string={"name": self.p.request_a.name}
		)
		self.assertEqual(status, 200)
		self.assertIn(self.p.request_a.title, body)
		self.assertNotIn("A comment that looks like an answer", body)

	# --- likes, files, tags, linked documents ------------------------------------------------------------

	def test_likes_files_and_tags_on_others_records_are_refused(self):
		b = self.p.request_b.name
		attacks = [
			(
				"post",
				"/api/method/frappe.desk.like.toggle_like",
				{"json": {"doctype": "Expert Request", "name": b, "add": "Yes"}},
			),
			(
				"post",
				"/api/method/upload_file",
				{
					"data": {
						"doctype": "Expert Request",
						"docname": b,
						"is_private": "1",
						"file_name": "note.txt",
						"filedata": "aGVsbG8=",
						"from_form": "1",
					}
				},
			),
			(
				"post",
				"/api/method/frappe.desk.doctype.tag.tag.add_tag",
				{"json": {"tag": "vip", "dt": "Expert Request", "dn": b}},
			),
			(
				"post",
				"/api/method/frappe.desk.doctype.tag.tag.remove_tag",
				{"json": {"tag": "vip", "dt": "Expert Request", "dn": b}},
			),
			(
				"get",
				"/api/method/frappe.desk.doctype.tag.tag.get_documents_for_tag",
				{"query_string": {"tag": "#vip"}},
			),
			(
				"get",
				"/api/method/frappe.desk.form.linked_with.get_submitted_linked_docs",
				{"query_string": {"doctype": "Assignment", "name": self.p.assignment_b}},
			),
			("get", "/api/resource/Tag Link", {"query_string": {"fields": '["*"]'}}),
		]
		for who in CALLERS:
			for verb, path, kwargs in attacks:
				body = self.call(who, verb, path, **kwargs)[1]
				self.assertEqual(leaked(body, self.p), [], (who, path))
			for verb, path, kwargs in attacks[:4]:
				self.assert_refused(who, verb, path, **kwargs)
		self.assertIn(frappe.db.get_value("Expert Request", b, "_liked_by"), (None, "", "[]"))
		self.assertFalse(frappe.db.exists("File", {"attached_to_name": b}))
		self.assertFalse(frappe.db.exists("Tag Link", {"document_name": b}))

	def test_frappe_crms_unchecked_lists_are_closed_to_website_users(self):
		"""Frappe CRM lists every contact, user and organisation to anyone logged in (its methods
		check no permission): a website user gets a 403 and none of our people."""
		if "crm" not in frappe.get_installed_apps():
			self.skipTest("Frappe CRM is not installed on this site")
		for method in ("get_contacts", "get_users", "get_organizations"):
			self.assert_refused("website user", "get", f"/api/method/crm.api.session.{method}")

	def test_a_refused_tag_is_a_403_never_a_500(self):
		for who in CALLERS:
			status, _body = self.call(
				who,
				"post",
				"/api/method/frappe.desk.doctype.tag.tag.add_tag",
				json={"tag": "x", "dt": "Expert Request", "dn": self.p.request_b.name},
			)
			self.assertEqual(status, 403, who)

	# --- deny by default for our users ----------------------------------------------------------------

	def test_a_portal_user_is_refused_every_door_that_is_not_listed(self):
		for who in ("member", "organisation"):
			for verb, path, kwargs in (
				("get", "/api/method/frappe.client.get_count", {"query_string": {"doctype": "User"}}),
				("get", "/api/method/frappe.auth.get_logged_user_x", {}),
				("get", "/api/resource/User", {}),
				("get", "/api/v2/document/ToDo", {}),
				(
					"post",
					"/api/method/frappe.desk.form.save.savedocs",
					{"json": {"doc": "{}", "action": "Save"}},
				),
				("post", "/", {"data": {"cmd": "frappe.client.get_list", "doctype": "Contact"}}),
			):
				status, body = self.call(who, verb, path, **kwargs)
				self.assertEqual(status, 403, (who, path, body[:200]))

	def test_guest_is_refused_every_door_that_is_not_listed(self):
		for verb, path in (
			("get", "/api/method/frappe.client.get_count?doctype=User"),
			("get", "/api/method/frappe.website.doctype.web_form.web_form.get_form_data"),
			("get", "/api/resource/Web Page"),
			("post", "/api/method/frappe.desk.like.toggle_like"),
		):
			self.assertEqual(request(verb, path).status_code, 403, path)

	def test_the_portal_and_frappes_own_pages_still_work(self):
		for who, path in (
			("member", "/lef"),
			("member", "/lef/profile"),
			("member", "/lef/hours"),
			("member", "/me"),
			("member", "/update-password"),
			("organisation", "/lef/requests"),
			("organisation", "/me"),
		):
			status, body = self.call(who, "get", path)
			self.assertEqual(status, 200, (who, path, body[:200]))
		# An open door runs as before.
		status, body = self.call("member", "get", "/api/method/frappe.auth.get_logged_user")
		self.assertEqual(status, 200)
		self.assertIn(self.p.alice_user, body)
		self.assertEqual(request("get", "/api/method/ping").status_code, 200)

	def test_staff_keep_every_door(self):
		from lef_members.tests.factories import create_user
		from lef_members.tests.http import token_headers

		coordinator = create_user(roles=("LEF Coordinator",))
		headers = token_headers(coordinator)
		frappe.db.commit()
		response = request(
			"get",
			"/api/method/frappe.desk.search.get_link_title",
			query_string={"doctype": "Expert by Experience", "docname": self.p.bob.name},
			headers=headers,
		)
		self.assertEqual(response.status_code, 200)
		self.assertIn(self.p.bob.full_name, response.get_data(as_text=True))
