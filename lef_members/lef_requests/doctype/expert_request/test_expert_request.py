# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import json
import random
from email import message_from_string, policy
from unittest.mock import patch

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, random_string, today
from frappe.website.doctype.web_form.web_form import accept as web_form_accept

from lef_members.api import requests as api
from lef_members.exceptions import RequestInvalidError, RequestStatusError
from lef_members.lef_requests.retention import anonymise_old_requests
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	activate,
	create_expert_request,
	create_member,
	create_organisation,
	create_user,
	make_enterprise_number,
	request_form,
)
from lef_members.tests.http import request
from lef_members.tests.jobs import wait_for_jobs
from lef_members.tests.mails import queued_messages

WEB_FORM = "request-an-expert"
ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"


def as_json(values: dict) -> str:
	return json.dumps(values, default=str)


def mails_to(email: str) -> list[tuple[str, str]]:
	"""(subject, body text) of each message queued for an address, decoded, oldest first."""
	mails = []
	for parsed in queued_messages(email):
		body = parsed.get_body(preferencelist=("html", "plain"))
		mails.append((str(parsed["Subject"]), body.get_content() if body else ""))
	return mails


def submit_as_guest(**changes):
	"""Submit the public form the way the browser does, through Frappe's web form endpoint."""
	frappe.set_user("Guest")
	try:
		return web_form_accept(WEB_FORM, as_json(request_form(**changes)))
	finally:
		frappe.set_user("Administrator")
		frappe.flags.in_web_form = False


class TestExpertRequest(LEFTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.flags.in_web_form = False
		frappe.local.lang = "en"

	# --- intake ---------------------------------------------------------------------------

	def test_request_is_checked_and_cleaned_before_it_is_stored(self):
		doc = create_expert_request(
			enterprise_number="0403.170.701",
			description="<p>Een <b>getuigenis</b></p><script>alert(1)</script>",
			email="  An.Peeters@Het-Anker.BE ",
		)
		self.assertEqual(doc.status, "New")
		self.assertEqual(doc.enterprise_number, "BE0403170701")
		self.assertEqual(doc.description, "Een getuigenis")
		self.assertEqual(doc.email, "an.peeters@het-anker.be")
		self.assertEqual(doc.submitted_via, "Desk")
		self.assertEqual(doc.consent_version, frappe.db.get_single_value("LEF Settings", "consent_version"))
		self.assertTrue(doc.consent_date)

	def test_bad_input_names_every_field_at_fault_and_stores_nothing(self):
		before = frappe.db.count("Expert Request")
		with self.assertRaises(RequestInvalidError) as caught:
			submit_as_guest(
				email="not-an-email",
				number_of_experts=11,
				dates=[{"session_date": add_days(today(), -3), "start_time": "10:00", "end_time": "09:00"}],
				consent=0,
			)
		message = str(caught.exception)
		for text in ("not-an-email", "in the past", "after the start time", "from 1 to 10", "agree"):
			self.assertIn(text, message)
		self.assertEqual(frappe.db.count("Expert Request"), before)

	def test_error_messages_escape_what_was_typed(self):
		with self.assertRaises(RequestInvalidError) as caught:
			submit_as_guest(phone="1 < 2 & 3")  # kept as text, refused as a phone number
		message = str(caught.exception)
		self.assertIn("1 &lt; 2 &amp; 3", message)
		self.assertNotIn("1 < 2", message)

	def test_guest_submission_is_stored_confirmed_and_reported_to_staff(self):
		frappe.db.set_single_value("LEF Settings", "forum_email", "staff@lef.example.org")
		doc = submit_as_guest()
		self.assertTrue(frappe.db.exists("Expert Request", doc.name))
		self.assertEqual(doc.submitted_via, "Web Form")
		(subject, body), *_rest = mails_to(doc.email)
		self.assertIn(doc.name, subject)
		self.assertIn(doc.name, body)
		staff = mails_to("staff@lef.example.org")
		self.assertTrue(any(doc.name in subject for subject, _body in staff))

	def test_a_visitor_cannot_set_staff_fields(self):
		frappe.set_user("Guest")
		try:
			doc = web_form_accept(
				WEB_FORM,
				as_json(request_form(status="Accepted", coordinator="Administrator", decline_reason="Other")),
			)
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(doc.status, "New")
		self.assertFalse(doc.coordinator)
		self.assertFalse(doc.decline_reason)

	def test_spam_trap_stores_nothing_and_answers_like_a_success(self):
		before = frappe.db.count("Expert Request")
		values = request_form(website="https://cheap-pills.example", title="Buy now")
		frappe.set_user("Guest")
		try:
			reply = web_form_accept(WEB_FORM, as_json(values))
		finally:
			frappe.set_user("Administrator")
		self.assertTrue(reply.name)
		self.assertEqual(reply.title, "Buy now")
		self.assertFalse(frappe.db.exists("Expert Request", reply.name))
		self.assertEqual(frappe.db.count("Expert Request"), before)
		self.assertEqual(mails_to(values["email"]), [])

	def test_a_request_sent_twice_is_stored_once(self):
		first = submit_as_guest()
		again = submit_as_guest(email=first.email, title=first.title.upper())
		self.assertTrue(again.name)  # answered like any success
		self.assertFalse(frappe.db.exists("Expert Request", again.name))
		self.assertEqual(frappe.db.count("Expert Request", {"email": first.email}), 1)
		self.assertEqual(len(mails_to(first.email)), 1)

	def test_a_failing_mail_server_never_loses_the_request(self):
		logged = {"method": ("like", "%request_received%")}
		errors_before = frappe.db.count("Error Log", logged)
		with patch("frappe.sendmail", side_effect=ConnectionRefusedError("SMTP down")):
			doc = submit_as_guest()
		self.assertTrue(frappe.db.exists("Expert Request", doc.name))
		self.assertEqual(frappe.db.count("Error Log", logged), errors_before + 1)

	def test_a_disabled_assignment_type_is_not_accepted(self):
		frappe.db.set_value("Assignment Type", "Buddy work", "disabled", 1)
		with self.assertRaises(RequestInvalidError):
			submit_as_guest(assignment_type="Buddy work")

	def test_flexible_period_instead_of_dates(self):
		doc = create_expert_request(
			dates=[], flexible=1, period_from=add_days(today(), 30), period_to=add_days(today(), 90)
		)
		self.assertEqual(doc.flexible, 1)
		self.assertEqual(len(doc.dates), 0)

	def test_the_form_is_answered_in_the_visitors_language(self):
		frappe.local.lang = "nl"
		with self.assertRaises(RequestInvalidError) as caught:
			submit_as_guest(number_of_experts=0)
		self.assertIn("ervaringsdeskundigen", str(caught.exception))

	# --- privacy ----------------------------------------------------------------------------

	def test_mails_to_the_organisation_carry_no_health_data(self):
		member = activate(create_member(first_name="Zora", themes=[{"experience_theme": "Psychosis"}]))
		doc = create_expert_request(themes="psychose en verslaving", description="Over psychose.")
		doc.ask_for_info("Voor hoeveel deelnemers is het?")
		doc.decline("Too short notice", "Het is te kort dag.")
		mails = mails_to(doc.email)
		self.assertEqual(len(mails), 3)  # confirmation, question, decision
		themes = frappe.get_all("Experience Theme", pluck="name")
		words = {*themes, *(frappe._(t, lang="nl") for t in themes), member.full_name, member.email}
		words |= {"psychose", "verslaving"}
		for subject, body in mails:
			text = (subject + " " + body).lower()
			for word in words:
				self.assertNotIn(word.lower(), text, f"{word!r} in a mail to the organisation")

	# --- triage -----------------------------------------------------------------------------

	def test_asking_for_information_needs_a_question_and_mails_it(self):
		doc = create_expert_request()
		with self.assertRaises(RequestStatusError):
			doc.ask_for_info("")
		doc.reload()
		doc.ask_for_info("Hoeveel deelnemers verwacht u?")
		self.assertEqual(frappe.db.get_value("Expert Request", doc.name, "status"), "Needs Info")
		_subject, body = mails_to(doc.email)[-1]
		self.assertIn("Hoeveel deelnemers verwacht u?", body)
		self.assertTrue(frappe.db.get_value("Expert Request", doc.name, "last_message_on"))

	def test_declining_needs_a_reason_and_mails_the_message(self):
		doc = create_expert_request()
		with self.assertRaises(RequestStatusError):
			doc.decline("", "Sorry")
		doc.reload()
		doc.decline("No experts available on these dates", "Op die dag is niemand vrij.")
		self.assertEqual(frappe.db.get_value("Expert Request", doc.name, "status"), "Declined")
		self.assertIn("Op die dag is niemand vrij.", mails_to(doc.email)[-1][1])

	def test_status_follows_the_triage_path(self):
		doc = create_expert_request()
		doc.status = "Accepted"  # only the Accept action makes an assignment
		with self.assertRaises(RequestStatusError):
			doc.save()
		doc.reload()
		doc.decline("Other", "")
		doc.reload()
		with self.assertRaises(RequestStatusError):
			doc.accept()
		doc.reload()
		doc.start_review()
		self.assertEqual(doc.status, "In Review")

	def test_an_accepted_request_is_final(self):
		doc = create_expert_request()
		doc.accept()
		doc.reload()
		with self.assertRaises(RequestStatusError):
			doc.decline("Other", "")

	def test_accepting_makes_a_draft_assignment_from_the_request(self):
		doc = create_expert_request(
			assignment_type="WRAP session",
			number_of_experts=3,
			dates=[
				{"session_date": add_days(today(), 40), "start_time": "13:00", "end_time": "15:30"},
				{"session_date": add_days(today(), 33), "start_time": "09:00", "end_time": "11:00"},
			],
		)
		doc.wished_themes = []
		doc.append("wished_themes", {"experience_theme": "Addiction"})
		doc.save()
		name = doc.accept()
		doc.reload()
		assignment = frappe.get_doc("Assignment", name)
		self.assertEqual(doc.status, "Accepted")
		self.assertEqual(doc.assignment, name)
		self.assertEqual(assignment.status, "Draft")
		self.assertEqual(assignment.expert_request, doc.name)
		self.assertEqual(assignment.title, doc.title)
		self.assertEqual(assignment.assignment_type, "WRAP session")
		self.assertEqual(assignment.organisation, doc.organisation)
		self.assertEqual(assignment.contact, doc.contact)
		self.assertEqual(assignment.experts_needed, 3)
		self.assertEqual(
			assignment.billing_mode, frappe.db.get_value("Assignment Type", "WRAP session", "billing_mode")
		)
		self.assertEqual(assignment.municipality, "Hasselt")
		self.assertEqual(assignment.language, "nl")
		self.assertEqual([row.experience_theme for row in assignment.wished_themes], ["Addiction"])
		self.assertEqual(
			[str(row.session_date) for row in assignment.sessions],
			[add_days(today(), 33), add_days(today(), 40)],
		)

	def test_accepting_creates_the_organisation_and_its_contact_once(self):
		number = make_enterprise_number()
		first = create_expert_request(enterprise_number=number, phone="+32 11 22 33 44")
		first.accept()
		first.reload()
		organisation = frappe.get_doc("Commissioning Organisation", first.organisation)
		self.assertEqual(organisation.organisation_name, first.organisation_name)
		self.assertEqual(organisation.enterprise_number, "BE" + number.replace(".", ""))
		contact = frappe.get_doc("Contact", first.contact)
		self.assertEqual(contact.email_id, first.email)
		self.assertEqual(contact.first_name, "An")
		self.assertEqual(contact.last_name, "Peeters")
		self.assertIn(organisation.name, [link.link_name for link in contact.links])

		# The same person again, writing the organisation's name differently: same records.
		second = create_expert_request(
			organisation_name=f"{first.organisation_name.upper()} vzw",
			email=first.email,
			title="Tweede vraag",
		)
		second.accept()
		second.reload()
		self.assertEqual(second.organisation, organisation.name)
		self.assertEqual(second.contact, first.contact)
		self.assertEqual(
			frappe.db.count("Contact Email", {"email_id": first.email, "parenttype": "Contact"}), 1
		)

	def test_an_organisation_is_found_by_enterprise_number_then_domain_then_name(self):
		number = make_enterprise_number()
		domain = f"{random_string(8).lower()}.example.org"
		known = create_organisation(enterprise_number=number, email_domains=domain)
		by_number = create_expert_request(organisation_name="Totaal iets anders", enterprise_number=number)
		by_number.accept()
		self.assertEqual(frappe.db.get_value("Expert Request", by_number.name, "organisation"), known.name)

		by_domain = create_expert_request(organisation_name="Nog iets anders", email=f"jan@{domain}")
		by_domain.accept()
		self.assertEqual(frappe.db.get_value("Expert Request", by_domain.name, "organisation"), known.name)

		by_name = create_expert_request(organisation_name=known.organisation_name)
		by_name.accept()
		self.assertEqual(frappe.db.get_value("Expert Request", by_name.name, "organisation"), known.name)
		# Matched by number, the requester's domain is learnt; matched by name alone, nothing is.
		domains = frappe.db.get_value("Commissioning Organisation", known.name, "email_domains").split()
		self.assertIn(by_number.email.split("@")[1], domains)
		self.assertNotIn(by_name.email.split("@")[1], domains)

	def test_another_legal_entity_with_the_same_name_gets_its_own_record(self):
		name = f"De Brug {random_string(5)}"
		known = create_organisation(organisation_name=name, enterprise_number=make_enterprise_number())
		number = make_enterprise_number()
		doc = create_expert_request(organisation_name=name, enterprise_number=number)
		doc.accept()
		doc.reload()
		self.assertNotEqual(doc.organisation, known.name)
		self.assertEqual(doc.organisation, f"{name} (BE{number.replace('.', '')})")

	def test_the_coordinators_choice_of_organisation_wins(self):
		chosen = create_organisation()
		doc = create_expert_request(enterprise_number=make_enterprise_number())
		doc.organisation = chosen.name
		doc.save()
		doc.accept()
		self.assertEqual(frappe.db.get_value("Expert Request", doc.name, "organisation"), chosen.name)

	def test_themes_are_suggested_from_the_organisations_words(self):
		doc = create_expert_request(themes="Iets over verslaving en over een eetstoornis", language="nl")
		self.assertEqual(set(doc.suggested_themes()), {"Addiction", "Eating disorder"})

	# --- VIES -------------------------------------------------------------------------------

	def test_vat_check_reports_an_unreachable_service_without_blocking(self):
		import requests

		doc = create_expert_request(enterprise_number="0403.170.701")
		with patch.object(requests, "get", side_effect=requests.ConnectTimeout("down")):
			result = doc.check_vat_number()
		self.assertEqual(result["status"], "Unreachable")
		self.assertEqual(frappe.db.get_value("Expert Request", doc.name, "vat_check_status"), "Unreachable")
		doc.reload()
		doc.accept()  # nothing waits for VIES

	def test_vat_check_stores_the_registered_name(self):
		import requests

		class Answer:
			status_code = 200
			content = b"{}"

			def json(self):
				return {"isValid": True, "userError": "VALID", "name": "VZW HET ANKER", "address": "---"}

		doc = create_expert_request(enterprise_number="0403.170.701")
		with patch.object(requests, "get", return_value=Answer()) as get:
			result = doc.check_vat_number()
		self.assertIn("/ms/BE/vat/0403170701", get.call_args.args[0])
		self.assertEqual(result["status"], "Valid")
		self.assertEqual(
			frappe.db.get_value("Expert Request", doc.name, "vat_registered_name"), "VZW HET ANKER"
		)

	# --- permissions and retention -------------------------------------------------------

	def test_only_coordinators_triage(self):
		doc = create_expert_request()
		finance = create_user(roles=("LEF Finance",))
		frappe.set_user(finance)
		with self.assertRaises(frappe.PermissionError):
			api.accept(doc.name)
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			api.decline(doc.name, "Other")
		frappe.set_user(create_user(roles=("LEF Coordinator",)))
		result = api.accept(doc.name)
		self.assertTrue(frappe.db.exists("Assignment", result["assignment"]))

	def test_closed_requests_are_anonymised_after_the_retention_period(self):
		frappe.db.set_single_value("LEF Settings", "request_retention_months", 24)
		old = create_expert_request()
		old.decline("Other", "Sorry")
		recent = create_expert_request()
		recent.decline("Other", "Sorry")
		still_open = create_expert_request()
		three_years_ago = add_to_date(now_datetime(), years=-3)
		for name in (old.name, still_open.name):
			frappe.db.set_value("Expert Request", name, "modified", three_years_ago, update_modified=False)
		anonymise_old_requests()
		values = frappe.db.get_value(
			"Expert Request",
			old.name,
			["email", "contact_person", "phone", "organisation_name", "anonymised_on"],
			as_dict=True,
		)
		self.assertFalse(values.email or values.contact_person or values.phone)
		self.assertEqual(values.organisation_name, old.organisation_name)
		self.assertTrue(values.anonymised_on)
		self.assertEqual(mails_to(old.email), [])
		self.assertTrue(frappe.db.get_value("Expert Request", recent.name, "email"))
		self.assertTrue(frappe.db.get_value("Expert Request", still_open.name, "email"))


class TestRequestFormOverHTTP(LEFTestCase):
	"""The public form as an organisation's browser (or a bot) reaches it: Guest, over HTTP."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.member = create_member(first_name="Quirine", themes=[{"experience_theme": "Psychosis"}])
		frappe.db.commit()  # the WSGI app reads through its own connection

	@classmethod
	def tearDownClass(cls):
		wait_for_jobs()
		names = frappe.get_all(
			"Expert Request", filters={"email": ("like", "%.http.example.org")}, pluck="name"
		)
		for name in names:
			frappe.delete_doc("Expert Request", name, force=True, ignore_permissions=True)
		if names:
			frappe.db.delete(
				"Email Queue", {"reference_doctype": "Expert Request", "reference_name": ("in", names)}
			)
		frappe.delete_doc("Expert by Experience", cls.member.name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def headers(self, lang="en"):
		# A different address per test: Frappe's web form limit counts per address as the client
		# writes it; the app's own limits count what a header cannot change, so start them afresh.
		frappe.cache.delete_keys("lef_guest_count:")
		ip = ".".join(str(random.randint(1, 254)) for _ in range(4))
		return {"Accept-Language": lang, "X-Forwarded-For": ip}

	def post(self, values: dict, lang="en", headers=None):
		response = request(
			"post",
			ACCEPT,
			data={"web_form": WEB_FORM, "data": as_json(values)},
			headers=headers or self.headers(lang),
		)
		wait_for_jobs()  # the request's mails, queued after its commit, as a worker sends them
		return response

	def assertInPage(self, text: str, page: str):
		self.assertTrue(text in page, f"{text!r} is not on the page")

	def stored(self, **filters) -> bool:
		frappe.db.commit()  # see what the request's own connection committed
		return bool(frappe.db.exists("Expert Request", filters))

	def form(self, **changes):
		return request_form(email=f"an.peeters@{random_string(8).lower()}.http.example.org", **changes)

	def test_the_form_is_shown_in_dutch_or_english(self):
		dutch = request("get", f"/{WEB_FORM}/new", headers=self.headers("nl")).get_data(as_text=True)
		self.assertInPage("Een ervaringsdeskundige aanvragen", dutch)
		self.assertInPage("Aanvraag versturen", dutch)
		self.assertInPage("Naam van uw organisatie", dutch)  # the fields' labels, for the form's script
		english = request("get", f"/{WEB_FORM}/new", headers=self.headers("en")).get_data(as_text=True)
		self.assertInPage("Request an Expert by Experience", english)
		self.assertFalse("Een ervaringsdeskundige aanvragen" in english)

	def test_the_form_shows_nothing_about_members(self):
		page = request("get", f"/{WEB_FORM}/new", headers=self.headers("nl")).get_data(as_text=True)
		for secret in (self.member.full_name, self.member.email, self.member.name):
			self.assertFalse(secret in page, f"{secret!r} is on the public form")
		self.assertInPage('"fieldname": "website"', page)  # the spam trap is in the form, for bots

	def test_a_valid_submission_is_stored(self):
		values = self.form()
		response = self.post(values)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		reply = response.get_json()["message"]
		for secret in (self.member.full_name, self.member.email):
			self.assertNotIn(secret, json.dumps(reply))
		self.assertTrue(self.stored(name=reply["name"], email=values["email"]))

	def test_an_invalid_submission_is_refused_in_the_visitors_language_and_stores_nothing(self):
		values = {**self.form(number_of_experts=12), "email": "nobody"}
		response = self.post(values, lang="nl")
		self.assertEqual(response.status_code, 417)
		text = response.get_data(as_text=True)
		self.assertIn("nobody is geen geldig e-mailadres", text)
		self.assertIn("ervaringsdeskundigen", text)
		self.assertFalse(self.stored(organisation_name=values["organisation_name"]))

	def test_a_bot_filling_the_spam_trap_gets_a_success_and_nothing_is_stored(self):
		values = self.form(website="https://spam.example")
		response = self.post(values)
		self.assertEqual(response.status_code, 200)
		self.assertTrue(response.get_json()["message"]["name"])
		self.assertFalse(self.stored(email=values["email"]))

	def test_repeated_submissions_from_one_address_are_throttled(self):
		headers = self.headers()
		codes = [
			self.post(self.form(website="https://spam.example"), headers=headers).status_code
			for _ in range(11)
		]
		self.assertEqual(codes[:10], [200] * 10)
		self.assertEqual(codes[10], 429)
