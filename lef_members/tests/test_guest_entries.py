"""Guest entries that never break and never tell, over HTTP through Frappe's WSGI app.

The corpus (``web_form_corpus.json``, shared with the framework-free envelope test) is posted
to the web form endpoint: no server error, nothing stored. Posts that change their
``X-Forwarded-For`` on every try are still cut off by the app's own limits.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

import frappe
from frappe.utils import add_to_date, now_datetime

from lef_members.lef_requests.guest import production
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import request_form
from lef_members.tests.http import request
from lef_members.tests.jobs import wait_for_jobs, wait_until
from lef_members.tests.serve import served_at_host_name

CORPUS = json.loads((Path(__file__).parent / "web_form_corpus.json").read_text("utf-8"))
ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
FORM = "request-an-expert"


def reset_limits():
	frappe.cache.delete_keys("rl:")
	frappe.cache.delete_keys("lef_guest_count:")


def requests_count() -> int:
	frappe.db.rollback()  # see what the requests' own connections committed
	return frappe.db.count("Expert Request")


LIMIT_FIELDS = (
	"request_limit_per_address",
	"request_limit_per_email",
	"request_limit_per_organisation",
	"request_limit_per_site",
	"trusted_proxies",
)


class TestGuestEntries(LEFTestCase):
	def setUp(self):
		reset_limits()
		self.before = requests_count()
		self.settings = {field: frappe.db.get_single_value("LEF Settings", field) for field in LIMIT_FIELDS}

	def set_limits(self, **values):
		"""Committed, as the request's own connection must see them; put back in tearDown."""
		frappe.db.set_single_value("LEF Settings", values)
		frappe.db.commit()

	def post(self, values: dict, headers: dict | None = None):
		frappe.cache.delete_keys("rl:")  # Frappe's own per-address limit, which a header dodges
		response = request(
			"post", ACCEPT, data={"web_form": FORM, "data": json.dumps(values)}, headers=headers or {}
		)
		wait_for_jobs()  # the request's mails, queued after its commit, as a worker sends them
		return response

	def tearDown(self):
		reset_limits()
		frappe.db.rollback()
		wait_for_jobs()
		frappe.db.set_single_value("LEF Settings", self.settings)
		frappe.db.commit()
		# Requests the tests stored over HTTP were committed by their own connection.
		for name in frappe.get_all(
			"Expert Request", filters={"email": ("like", "%@guest-tests.invalid")}, pluck="name"
		):
			frappe.delete_doc("Expert Request", name, force=True, ignore_permissions=True)
		frappe.db.delete(
			"Email Queue",
			{
				"reference_doctype": "Expert Request",
				"reference_name": ("not in", frappe.get_all("Expert Request", pluck="name") or [""]),
			},
		)
		frappe.db.commit()

	def test_the_corpus_over_http_gives_no_server_error_and_stores_nothing(self):
		statuses = []
		for case in CORPUS:
			reset_limits()
			response = request("post", ACCEPT, data={"web_form": FORM, "data": case["data"]})
			statuses.append(response.status_code)
			body = response.get_data(as_text=True)
			self.assertLess(response.status_code, 500, f"{case['why']}: {body[:400]}")
			self.assertGreaterEqual(response.status_code, 400, case["why"])
			self.assertIn("_server_messages", body, case["why"])  # a message, not a bare error
		self.assertEqual(requests_count(), self.before)
		print(f"\nweb form corpus: {len(CORPUS)} posts, 5xx: {sum(s >= 500 for s in statuses)}, stored: 0")

	def test_missing_or_unknown_form_is_a_client_error(self):
		for data in ({"data": "{}"}, {"web_form": "no-such-form", "data": "{}"}, {"web_form": FORM}):
			response = request("post", ACCEPT, data=data)
			self.assertIn(response.status_code, (404, 417), data)

	def test_checking_before_sending_names_each_field_and_stores_nothing(self):
		"""The form asks the server first: an enterprise number with wrong check digits is named by
		its field, in the visitor's language; a good form gets an empty list; nothing is stored."""
		check = "/api/method/lef_members.lef_requests.guest.web_form.check"

		def ask(values, lang="nl"):
			return request(
				"post",
				check,
				data={"web_form": FORM, "data": json.dumps(values, default=str)},
				headers={"Accept-Language": lang},
			)

		response = ask(request_form())
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(response.json["message"], [])
		response = ask(request_form(enterprise_number="0403.170.702", email="not-an-address"))
		self.assertEqual(response.status_code, 200)
		fields = {problem["field"]: problem["message"] for problem in response.json["message"]}
		self.assertEqual(set(fields), {"enterprise_number", "email"})
		self.assertIn("0403.170.702", fields["enterprise_number"])
		french = {
			p["field"]: p["message"]
			for p in ask(request_form(enterprise_number="0403.170.702"), "fr").json["message"]
		}
		self.assertNotEqual(
			french["enterprise_number"], fields["enterprise_number"], "in the visitor's language"
		)
		# Hostile envelopes get a message, never a server error; an unknown form is a 404.
		for case in CORPUS:
			reset_limits()
			response = request("post", check, data={"web_form": FORM, "data": case["data"]})
			self.assertLess(response.status_code, 500, case["why"])
		for data in (
			{"data": "{}"},
			{"web_form": "no-such-form", "data": "{}"},
			{"web_form": ["x"], "data": "{}"},
		):
			self.assertIn(request("post", check, data=data).status_code, (404, 417), data)
		self.assertEqual(requests_count(), self.before, "asking stores nothing")

	def test_changing_x_forwarded_for_does_not_dodge_the_limit(self):
		self.set_limits(request_limit_per_address=3, trusted_proxies="")
		codes = [
			self.post(
				request_form(email=f"dodge{n}@guest-tests.invalid", organisation_name=f"Dodge {n}"),
				headers={"X-Forwarded-For": f"203.0.113.{n}"},
			).status_code
			for n in range(6)
		]
		self.assertEqual(codes, [200, 200, 200, 429, 429, 429])
		self.assertEqual(requests_count(), self.before + 3)

	def test_per_email_address_limit_and_the_friendly_message(self):
		self.set_limits(request_limit_per_email=2, request_limit_per_address=0)
		responses = [
			self.post(request_form(email="same@guest-tests.invalid", title=f"Talk number {n}"))
			for n in range(3)
		]
		self.assertEqual([r.status_code for r in responses], [200, 200, 429])
		self.assertIn("e-mail address", responses[-1].get_data(as_text=True))
		self.assertEqual(requests_count(), self.before + 2)

	def test_behind_a_trusted_proxy_the_address_it_saw_counts(self):
		# The test client connects from 127.0.0.1: as nginx on the same host would.
		self.set_limits(request_limit_per_address=2, trusted_proxies="127.0.0.1")
		codes = [
			self.post(
				request_form(email=f"proxy{n}@guest-tests.invalid", organisation_name=f"Proxy {n}"),
				# The client writes a new address each time; nginx appends the one it saw.
				headers={"X-Forwarded-For": f"198.18.0.{n}, 198.51.100.7"},
			).status_code
			for n in range(3)
		]
		self.assertEqual(codes, [200, 200, 429])

	def test_frappes_own_limit_and_the_forms_settings_still_hold(self):
		# Frappe's accept allows 10 posts a minute per address on its web forms; ours keeps it.
		self.set_limits(
			request_limit_per_address=0,
			request_limit_per_email=0,
			request_limit_per_organisation=0,
			request_limit_per_site=0,
		)
		frappe.cache.delete_keys("rl:")
		codes = []
		for n in range(11):
			codes.append(
				request(
					"post",
					ACCEPT,
					data={
						"web_form": FORM,
						"data": json.dumps(
							request_form(
								email=f"minute{n}@guest-tests.invalid", organisation_name=f"Minute {n}"
							)
						),
					},
				).status_code
			)
		self.assertEqual(codes, [200] * 10 + [429])
		self.assertEqual(requests_count(), self.before + 10)
		# A form staff set to need a login refuses Guest, as Frappe's accept does.
		frappe.db.set_value("Web Form", FORM, "login_required", 1)
		frappe.db.commit()
		try:
			response = self.post(request_form(email="login@guest-tests.invalid"))
			self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:300])
			self.assertEqual(requests_count(), self.before + 10)
		finally:
			frappe.db.set_value("Web Form", FORM, "login_required", 0)
			frappe.db.commit()

	def test_a_valid_request_is_stored_and_its_mails_are_queued(self):
		response = self.post(request_form(email="fine@guest-tests.invalid"))
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(requests_count(), self.before + 1)
		name = frappe.db.get_value("Expert Request", {"email": "fine@guest-tests.invalid"})
		from lef_members.lef_requests.request_mails import send_pending_request_mails

		# The mails are queued by a background job, as the worker runs it; then never again.
		wait_until(lambda: frappe.db.get_value("Expert Request", name, "mails_queued_on"))
		self.assertNotIn(name, send_pending_request_mails())
		# A request whose job never ran (no worker then): the catch-up queues its mails, once.
		frappe.db.set_value(
			"Expert Request",
			name,
			{"creation": frappe.utils.add_to_date(None, minutes=-20), "mails_queued_on": None},
		)
		self.assertIn(name, send_pending_request_mails())
		self.assertTrue(frappe.db.get_value("Expert Request", name, "mails_queued_on"))
		self.assertNotIn(name, send_pending_request_mails())  # once


class TestProductionCheck(LEFTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_each_item_is_listed_with_how_to_fix_it(self):
		items = production.production_checks()
		self.assertEqual(
			{item["key"] for item in items},
			{"error_traceback", "email", "host_name", "scheduler", "wkhtmltopdf", "two_factor", "backups"},
		)
		self.assertTrue(all(item["label"] and item["fix"] for item in items))
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
		by_key = {item["key"]: item for item in production.production_checks()}
		self.assertTrue(by_key["error_traceback"]["ok"])
		failing = production.production_checks_failing()["value"]
		self.assertEqual(failing, sum(1 for item in by_key.values() if not item["ok"]))
		# Turning one setting the wrong way fails exactly one more item, and the card counts it.
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
		by_key = {item["key"]: item for item in production.production_checks()}
		self.assertFalse(by_key["error_traceback"]["ok"])
		self.assertEqual(production.production_checks_failing()["value"], failing + 1)
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)

	def test_the_host_name_item_asks_the_site_at_its_address(self):
		frappe.cache.delete_keys("lef_host_answers:")
		self.addCleanup(frappe.cache.delete_keys, "lef_host_answers:")
		with served_at_host_name():
			self.assertIs(production.host_answers(frappe.utils.get_url()), True)
			item = {i["key"]: i for i in production.production_checks()}["host_name"]
			self.assertTrue(item["ok"], item)
		# A name that does not answer (nothing listens on port 9 of this machine).
		self.assertIs(production.host_answers("http://127.0.0.1:9"), False)
		with patch.dict(frappe.local.conf, {"host_name": "http://127.0.0.1:9"}):
			item = {i["key"]: i for i in production.production_checks()}["host_name"]
		self.assertFalse(item["ok"])

	def test_the_scheduler_item_looks_at_when_jobs_last_ran(self):
		job = frappe.get_all("Scheduled Job Type", fields=["name", "last_execution"], limit=1)[0]
		self.assertGreater(production._workers(), 0, "the suite runs with a worker, as production does")
		frappe.db.set_single_value("System Settings", "enable_scheduler", 1)
		frappe.db.set_value("Scheduled Job Type", {}, "last_execution", add_to_date(now_datetime(), days=-2))
		frappe.db.set_value("Scheduled Job Type", job.name, "last_execution", now_datetime())
		with patch("frappe.utils.scheduler.is_scheduler_disabled", return_value=False):
			self.assertTrue({i["key"]: i for i in production.production_checks()}["scheduler"]["ok"])
			# Switched on, but no scheduler process queued anything for two days.
			frappe.db.set_value(
				"Scheduled Job Type", job.name, "last_execution", add_to_date(now_datetime(), days=-2)
			)
			self.assertFalse({i["key"]: i for i in production.production_checks()}["scheduler"]["ok"])

	def test_staff_who_read_health_data_without_a_second_factor_are_named(self):
		frappe.db.set_single_value("System Settings", "enable_two_factor_auth", 0)
		item = {i["key"]: i for i in production.production_checks()}["two_factor"]
		self.assertFalse(item["ok"])
		self.assertIn("LEF Coordinator", item["fix"])
		frappe.db.set_single_value("System Settings", "enable_two_factor_auth", 1)
		readers = production.health_roles_without_two_factor()
		self.assertIn("LEF Coordinator", readers)
		for role in readers:
			frappe.db.set_value("Role", role, "two_factor_auth", 1)
		item = {i["key"]: i for i in production.production_checks()}["two_factor"]
		self.assertTrue(item["ok"], item)
		self.assertEqual(production.health_roles_without_two_factor(), ())
		frappe.db.set_value("Role", "LEF Coordinator", "two_factor_auth", 0)
		self.assertEqual(production.health_roles_without_two_factor(), ("LEF Coordinator",))

	def test_only_staff_see_it(self):
		from lef_members.tests.factories import create_user

		frappe.set_user(create_user())
		try:
			with self.assertRaises(frappe.PermissionError):
				production.production_checks()
		finally:
			frappe.set_user("Administrator")


class TestCachedAssignmentTypes(LEFTestCase):
	"""The form reads the assignment types from a cache; a change to a type clears it."""

	def tearDown(self):
		frappe.db.rollback()
		frappe.cache.delete_value("lef_members:active_assignment_types")

	def test_a_disabled_type_is_no_longer_offered(self):
		from lef_members.lef_requests.doctype.expert_request.expert_request import active_assignment_types
		from lef_members.tests.factories import ensure_assignment_type

		name = ensure_assignment_type("Cache Check Talk")
		self.assertIn(name, active_assignment_types())
		frappe.get_doc("Assignment Type", name).update({"disabled": 1}).save()
		self.assertNotIn(name, active_assignment_types())
