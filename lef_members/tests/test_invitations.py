"""Invitations over HTTP, as members and their mail clients reach them: the portal, the
one-click link, the race for the last place, the calendar feed, and who may do what."""

from threading import Barrier, Thread

import frappe

from lef_members.domain import tokens
from lef_members.lef_assignments import assignment_flow
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import create_active_member, create_assignment
from lef_members.tests.http import request, token_headers
from lef_members.utilities import links


class TestInvitationsOverHTTP(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.created = []

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		for doctype, name in reversed(cls.created):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
			# Their mails go too: a later record may reuse a freed name and must not inherit them.
			for queued in frappe.get_all(
				"Email Queue", {"reference_doctype": doctype, "reference_name": name}, pluck="name"
			):
				frappe.delete_doc("Email Queue", queued, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def setup_assignment(self, members=2, needed=1):
		people = [create_active_member() for _i in range(members)]
		doc = create_assignment(experts_needed=needed)
		assignment_flow.invite(doc.name, [p.name for p in people])
		invitations = {
			r.member: r.name
			for r in frappe.get_all("Assignment Expert", {"assignment": doc.name}, ["name", "member"])
		}
		headers = {p.name: token_headers(p.user) for p in people}
		for p in people:
			self.created += [("Expert by Experience", p.name), ("User", p.user)]
		self.created += [("Assignment", doc.name)] + [("Assignment Expert", n) for n in invitations.values()]
		frappe.db.commit()
		return doc, people, invitations, headers

	def respond(self, headers, invitation, answer, reason=None, site=None):
		return request(
			"post",
			"/api/method/lef_members.api.invitations.respond",
			site=site,
			json={"invitation": invitation, "answer": answer, "reason": reason},
			headers=headers,
		)

	def test_two_members_accept_the_last_place_at_once(self):
		doc, people, invitations, headers = self.setup_assignment(members=2, needed=1)
		barrier = Barrier(2)
		codes = {}
		site = frappe.local.site

		def accept(person):
			barrier.wait()
			response = self.respond(headers[person.name], invitations[person.name], "accept", site=site)
			codes[person.name] = response.status_code

		threads = [Thread(target=accept, args=(p,)) for p in people]
		for t in threads:
			t.start()
		for t in threads:
			t.join()
		frappe.db.rollback()
		self.assertEqual(sorted(codes.values()), [200, 417])
		self.assertEqual(
			frappe.db.count("Assignment Expert", {"assignment": doc.name, "status": "Accepted"}), 1
		)
		self.assertEqual(frappe.db.get_value("Assignment", doc.name, "status"), "Staffed")

	def test_a_member_cannot_answer_another_members_invitation(self):
		_doc, people, invitations, headers = self.setup_assignment(members=2, needed=2)
		alice, bob = people
		response = self.respond(headers[alice.name], invitations[bob.name], "decline")
		self.assertEqual(response.status_code, 403)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Assignment Expert", invitations[bob.name], "status"), "Invited")

	def test_a_member_cannot_read_invitations_through_the_desk_api(self):
		_doc, people, invitations, headers = self.setup_assignment(members=2, needed=2)
		alice, bob = people
		response = request(
			"get", f"/api/resource/Assignment Expert/{invitations[bob.name]}", headers=headers[alice.name]
		)
		self.assertEqual(response.status_code, 403)
		response = request("get", "/api/resource/Assignment Expert", headers=headers[alice.name])
		self.assertEqual(response.status_code, 403)

	def test_portal_lists_only_own_invitations(self):
		_doc, people, _invitations, headers = self.setup_assignment(members=2, needed=2)
		alice, bob = people
		response = request("get", "/lef/invitations", headers=headers[alice.name])
		self.assertEqual(response.status_code, 200)
		body = response.get_data(as_text=True)
		self.assertNotIn(bob.full_name, body)
		self.assertIn("lef-answer", body)

	def test_signed_link_works_once_and_refuses_tampering(self):
		_doc, people, invitations, _headers = self.setup_assignment(members=1, needed=1)
		name = invitations[people[0].name]
		nonce = frappe.db.get_value("Assignment Expert", name, "link_nonce")
		token = links.make(tokens.PURPOSE_INVITATION, name, nonce, 7)
		tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
		url = "/api/method/lef_members.api.invitations.respond_by_link"
		self.assertEqual(request("post", url, json={"token": tampered, "answer": "decline"}).status_code, 417)
		page = request("get", f"/lef/answer?token={token}&answer=decline")
		self.assertEqual(page.status_code, 200)
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Assignment Expert", name, "status"), "Invited"
		)  # opening changes nothing
		self.assertEqual(request("post", url, json={"token": token, "answer": "decline"}).status_code, 200)
		second = request("post", url, json={"token": token, "answer": "accept"})
		self.assertEqual(second.status_code, 417)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Assignment Expert", name, "status"), "Declined")

	def test_an_invalid_link_says_nothing_about_who_exists(self):
		url = "/api/method/lef_members.api.invitations.respond_by_link"
		forged = links.make(tokens.PURPOSE_INVITATION, "does-not-exist", tokens.new_nonce(), 7)
		replies = {
			request("post", url, json={"token": t, "answer": "accept"}).get_data(as_text=True)
			for t in (forged, "garbage", "v1.x.y")
		}
		self.assertEqual(len({r.count("not valid") for r in replies}), 1)
		self.assertTrue(all("does-not-exist" not in r for r in replies))

	def test_calendar_feed_lists_accepted_sessions_and_a_reset_ends_the_old_address(self):
		doc, people, invitations, headers = self.setup_assignment(members=1, needed=1)
		member = people[0]
		assignment_flow.answer(invitations[member.name], "Accepted")
		frappe.db.commit()
		from lef_members.api.calendar import feed_url

		url = feed_url(frappe.get_doc("Expert by Experience", member.name))
		frappe.db.commit()
		path = url[url.index("/api/") :]
		response = request("get", path)
		self.assertEqual(response.status_code, 200)
		body = response.get_data(as_text=True)
		self.assertIn("BEGIN:VCALENDAR", body)
		self.assertIn(doc.title, body)
		reset = request(
			"post", "/api/method/lef_members.api.calendar.reset_feed", json={}, headers=headers[member.name]
		)
		self.assertEqual(reset.status_code, 200)
		self.assertNotEqual(request("get", path).status_code, 200)
