"""Hostile input at every door Guest can reach, over HTTP through Frappe's WSGI app.

Each input must get a clear refusal (4xx with a message) or be stored as plain text; never a
server error, never a half record, never a hint whether a member exists.
"""

import json

import frappe

from lef_members.tests import LEFTestCase
from lef_members.tests.factories import request_form
from lef_members.tests.http import request

ODD = [
	"",
	" ",
	"<script>alert(1)</script>",
	'"><img src=x onerror=alert(1)>',
	"' OR '1'='1",
	"1; DROP TABLE `tabExpert by Experience`; --",
	"\u202eevil\u202c",
	"\x00nul",
	"A" * 20000,
	"😀" * 300,
	"Ωmega\ufeff",
	"{{ frappe.db.sql('select 1') }}",
	"../../etc/passwd",
	"9999-12-31",
	"0001-01-01",
	"-1",
	"1e309",
	"null",
	"[]",
	"{}",
]
WRONG_TYPES = [None, 0, -5, 10**12, 3.14, True, [], {}, ["a"], {"a": 1}]


def reset_rate_limits():
	frappe.cache.delete_keys("rl:")


class TestHostileInputs(LEFTestCase):
	def setUp(self):
		reset_rate_limits()

	def check(self, response, tried):
		body = response.get_data(as_text=True)
		self.assertLess(response.status_code, 500, f"{tried!r}: {body[:300]}")
		return body

	def test_signed_link_endpoints_refuse_everything_alike(self):
		tried = 0
		replies = set()
		for value in ODD + [json.dumps(v) for v in WRONG_TYPES]:
			for path, payload in (
				(
					"/api/method/lef_members.api.invitations.respond_by_link",
					{"token": value, "answer": "accept"},
				),
				("/api/method/lef_members.api.invitations.respond_by_link", {"token": "x", "answer": value}),
				("/api/method/lef_members.api.evaluation.submit", {"token": value, "rating": 5}),
				(
					"/api/method/lef_members.api.evaluation.submit",
					{"token": "x", "rating": value, "comment": value},
				),
			):
				reset_rate_limits()
				response = request("post", path, data=payload)
				self.check(response, value)
				self.assertGreaterEqual(response.status_code, 400)
				tried += 1
			reset_rate_limits()
			response = request(
				"get", "/api/method/lef_members.api.calendar.feed", query_string={"token": value}
			)
			self.check(response, value)
			self.assertGreaterEqual(response.status_code, 400)
			replies.add(response.status_code)
			tried += 1
			for page in ("/lef/answer", "/lef/evaluate"):
				response = request("get", page, query_string={"token": value, "answer": value})
				self.check(response, value)
				tried += 1
		self.assertEqual(len(replies), 1, "the same refusal whatever the token")
		print(f"\nhostile inputs, signed links: {tried} requests")

	def test_missing_and_extra_fields_are_refused_without_a_trace(self):
		before = frappe.db.count("Expert Request")
		tried = 0
		for payload in (
			{},
			{"token": "x"},
			{"answer": "accept"},
			{"token": "x", "answer": "accept", "status": "Accepted"},
		):
			response = request(
				"post", "/api/method/lef_members.api.invitations.respond_by_link", data=payload
			)
			self.check(response, payload)
			self.assertGreaterEqual(response.status_code, 400)
			tried += 1
		response = request("get", "/api/method/lef_members.api.invitations.respond_by_link")
		self.assertGreaterEqual(response.status_code, 400)
		self.assertEqual(frappe.db.count("Expert Request"), before)

	def test_the_web_form_refuses_or_stores_plain_text(self):
		path = "/api/method/frappe.website.doctype.web_form.web_form.accept"
		tried = 0
		frappe.db.commit()
		before = frappe.db.count("Expert Request")
		for field in (
			"organisation_name",
			"contact_person",
			"email",
			"description",
			"postcode",
			"number_of_experts",
		):
			for value in ODD[:13] + WRONG_TYPES[:6]:
				reset_rate_limits()
				form = request_form(**{field: value})
				form["title"] = f"hostile {field} {tried}"
				form["status"] = "Accepted"  # a field not on the form: never copied
				response = request(
					"post",
					path,
					data={"web_form": "request-an-expert", "data": json.dumps(form, default=str)},
				)
				body = self.check(response, (field, value))
				tried += 1
				frappe.db.rollback()
				if response.status_code == 200:
					stored = frappe.get_all(
						"Expert Request", filters={"title": form["title"]}, fields=["status", field]
					)
					for row in stored:
						self.assertNotEqual(row.status, "Accepted")
				else:
					self.assertTrue(body.strip(), "a refusal says why")
		created = frappe.db.count("Expert Request") - before
		self.assertLessEqual(created, tried)
		print(f"\nhostile inputs, web form: {tried} submissions, {created} stored as plain text")

	def test_bursts_are_cut_off_by_the_rate_limit(self):
		codes = []
		for _i in range(40):
			response = request(
				"post",
				"/api/method/lef_members.api.invitations.respond_by_link",
				data={"token": "x", "answer": "accept"},
			)
			codes.append(response.status_code)
		self.assertIn(429, codes)
		self.assertTrue(all(c < 500 for c in codes))
