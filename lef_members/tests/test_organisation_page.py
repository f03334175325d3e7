"""An organisation follows its request online: the page behind every e-mail's link, its answers,
change requests and cancellations, the evaluation and billing, and the optional login.

Over HTTP as the organisation would: as Guest with the link, or logged in as the contact person
(an API token). Another organisation's request is tried through every door: refused, unchanged.
The class commits (the WSGI app reads through its own connection) and removes what it made.
"""

import re
from datetime import date
from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today

from lef_members.domain import organisation_view as view
from lef_members.domain import tokens
from lef_members.lef_requests.organisations import access
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	add_expert,
	create_active_member,
	create_expert_request,
	create_hour_log,
	create_user,
	ensure_assignment_type,
)
from lef_members.tests.http import request, token_headers
from lef_members.tests.jobs import wait_for_jobs
from lef_members.tests.mails import mails_to
from lef_members.tests.pdf import pdf_text
from lef_members.tests.serve import served_at_host_name
from lef_members.utilities import links

METHOD = "/api/method/lef_members.api.organisation."
CHANGE = "Organisation Change Request"


def token_of(url: str) -> str:
	return parse_qs(urlparse(url).query)["token"][0]


def page(token: str = "", name: str = "", headers=None):
	query = {"token": token} if token else {"name": name}
	response = request("get", "/lef/request", query_string=query, headers=headers or {})
	return response.status_code, response.get_data(as_text=True)


def post(method: str, headers=None, **data):
	response = request("post", METHOD + method, json=data, headers=headers or {"Accept": "application/json"})
	wait_for_jobs()  # the mails it queued, as a worker sends them
	frappe.db.commit()  # and so read what the request's own connection wrote
	return response.status_code, response.get_data(as_text=True)


def current_stage(body: str) -> str:
	"""Where the page says the request stands, in its exact words ("Status: Cancelled" reads
	"Cancelled")."""
	found = re.search(r'id="lef-stage-label"><strong>[^<:]*:\s*([^<]+)</strong>', body)
	return found.group(1).strip() if found else ""


def reset_rate_limits():
	frappe.cache.delete_keys("rl:")


class TestOrganisationPage(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.kind = ensure_assignment_type()
		cls.coordinator = create_user(roles=("LEF Coordinator",))
		frappe.db.commit()

	def setUp(self):
		reset_rate_limits()
		frappe.set_user("Administrator")

	def new_request(self, **args):
		doc = create_expert_request(assignment_type=self.kind, **args)
		frappe.db.set_value("Expert Request", doc.name, "coordinator", self.coordinator)
		doc.reload()
		return doc

	def accepted(self, **args):
		doc = self.new_request(**args)
		doc.accept()
		doc.reload()
		return doc, frappe.get_doc("Assignment", doc.assignment)

	def link(self, doc) -> str:
		url = access.page_url(doc.name)
		frappe.db.commit()
		return token_of(url)

	# --- the page and its link ------------------------------------------------------------------

	def test_the_link_in_the_first_mail_opens_the_request_in_plain_words(self):
		doc = self.new_request()
		frappe.db.commit()
		mails = mails_to(doc.email)
		self.assertEqual(len(mails), 1)
		found = re.search(r"https?://[^\s\"'<>]+/lef/request\?token=[A-Za-z0-9_.=-]+", mails[0][1])
		self.assertTrue(found, "the confirmation mail carries the link to the request page")
		status, body = page(token_of(found.group(0).replace("&amp;", "&")))
		self.assertEqual(status, 200)
		self.assertIn(doc.title, body)
		self.assertIn(doc.name, body)
		self.assertEqual(current_stage(body), "Received")
		self.assertIn('aria-current="step"', body)

	def test_bad_links_get_one_identical_refusal_and_change_nothing(self):
		doc = self.new_request()
		doc.ask_for_info("How many people come?")
		good = self.link(doc)
		nonce = frappe.db.get_value("Expert Request", doc.name, "page_nonce")
		other = self.new_request()
		self.link(other)
		bad = {
			"tampered": good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
			"expired": tokens.make_token(
				links.secret(), tokens.PURPOSE_REQUEST, doc.name, add_to_date(now_datetime(), days=-1), nonce
			),
			"for another purpose": links.make(tokens.PURPOSE_EVALUATION, doc.name, nonce, 5),
			"for a request that does not exist": links.make(
				tokens.PURPOSE_REQUEST, "LEF-REQ-1999-00001", nonce, 5
			),
			"with another request's key": links.make(
				tokens.PURPOSE_REQUEST,
				doc.name,
				frappe.db.get_value("Expert Request", other.name, "page_nonce"),
				5,
			),
			"garbage": "v1.<script>.x",
		}
		refusal = access.refusal()
		for label, token in bad.items():
			status, body = page(token)
			self.assertIn(refusal, body, label)
			self.assertNotIn(doc.title, body, label)
			self.assertNotIn("How many people come?", body, label)
			status, body = post("answer_question", token=token, message="We are twenty.")
			self.assertEqual(status, 403, label)
			self.assertIn(refusal, body, label)
		self.assertEqual(frappe.db.get_value("Expert Request", doc.name, "status"), "Needs Info")
		# Replacing the key (anonymising does) refuses the links sent so far, with the same words.
		frappe.db.set_value("Expert Request", doc.name, "page_nonce", tokens.new_nonce())
		frappe.db.commit()
		status, body = page(good)
		self.assertIn(refusal, body)
		self.assertNotIn(doc.title, body)
		# No token at all, as Guest: the same.
		self.assertIn(refusal, page(name=doc.name)[1])

	def test_a_copy_saved_after_the_link_was_made_keeps_the_link_working(self):
		doc = self.new_request()
		stale = frappe.get_doc("Expert Request", doc.name)
		frappe.db.set_value("Expert Request", doc.name, "page_nonce", None)
		stale.reload()
		token = self.link(doc)  # the first link: the nonce is stored now, not on the copy
		stale.ask_for_info("How many people come?")  # saves the copy, mails a second link
		frappe.db.commit()
		self.assertIn("How many people come?", page(token)[1])

	def test_an_anonymised_request_is_no_longer_reachable(self):
		doc = self.new_request()
		token = self.link(doc)
		doc.anonymise()
		frappe.db.commit()
		self.assertIsNone(frappe.db.get_value("Expert Request", doc.name, "page_nonce"))
		self.assertIn(access.refusal(), page(token)[1])

	# --- answering the question -----------------------------------------------------------------

	def test_the_organisation_answers_the_question_on_the_page(self):
		doc = self.new_request()
		doc.ask_for_info("How many people come?")
		token = self.link(doc)
		body = page(token)[1]
		self.assertEqual(current_stage(body), "Question for you")
		self.assertIn("How many people come?", body)

		for empty in ("", "  ", "x" * (view.MAX_TEXT + 1)):
			status, _body = post("answer_question", token=token, message=empty)
			self.assertEqual(status, 417)
		self.assertEqual(frappe.db.get_value("Expert Request", doc.name, "status"), "Needs Info")
		self.assertFalse(frappe.db.exists("Request Answer", {"expert_request": doc.name}))

		status, _body = post("answer_question", token=token, message="Twenty <b>nurses</b>.")
		self.assertEqual(status, 200)
		doc.reload()
		self.assertEqual(doc.status, "In Review")
		answer = frappe.get_all(
			"Request Answer", filters={"expert_request": doc.name}, fields=["question", "answer"]
		)
		self.assertEqual(answer, [{"question": "How many people come?", "answer": "Twenty <b>nurses</b>."}])
		# Staff read it on the request's timeline too, escaped.
		notes = frappe.get_all(
			"Comment",
			filters={"reference_name": doc.name, "comment_type": "Info", "content": ("like", "%Twenty%")},
			pluck="content",
		)
		self.assertEqual(len(notes), 1)
		self.assertIn("Twenty &lt;b&gt;nurses&lt;/b&gt;.", notes[0])
		self.assertTrue(
			any("answered" in subject for subject, _b in mails_to(self.coordinator)),
			"the coordinator is told",
		)
		body = page(token)[1]
		self.assertIn("Twenty &lt;b&gt;nurses&lt;/b&gt;.", body)
		self.assertNotIn("<b>nurses</b>", body)
		# Answered: no question waits any more.
		status, body = post("answer_question", token=token, message="And one more thing.")
		self.assertEqual(status, 417)
		self.assertIn("no question", body)

	# --- changes and cancellation ---------------------------------------------------------------

	def test_a_change_waits_for_staff_and_their_answer_reaches_the_page(self):
		doc, assignment = self.accepted()
		token = self.link(doc)
		sessions = [(s.session_date, s.start_time) for s in assignment.sessions]

		for kind, details in (("Delete everything", "please"), (view.OTHER_DATE, ""), ("", "x")):
			status, _body = post("ask_change", token=token, kind=kind, details=details)
			self.assertEqual(status, 417, kind)
		self.assertEqual(frappe.db.count(CHANGE, {"expert_request": doc.name}), 0)

		status, _body = post(
			"ask_change", token=token, kind=view.OTHER_DATE, details="The 12th instead, please."
		)
		self.assertEqual(status, 200)
		change = frappe.get_doc(CHANGE, {"expert_request": doc.name})
		self.assertEqual(
			(change.status, change.kind, change.assignment), ("Pending", view.OTHER_DATE, assignment.name)
		)
		assignment.reload()
		self.assertEqual(
			[(s.session_date, s.start_time) for s in assignment.sessions],
			sessions,
			"nothing changed by itself",
		)
		self.assertTrue(any("asks" in subject for subject, _b in mails_to(self.coordinator)))
		self.assertIn("The 12th instead, please.", page(token)[1])

		change.status = "Refused"
		change.answer = ""
		self.assertRaises(frappe.ValidationError, change.save)
		change.reload()
		change.status = "Agreed"
		change.answer = "Fine, we moved it to the 12th."
		change.save()
		frappe.db.commit()
		self.assertTrue(any("Fine, we moved it to the 12th." in body for _s, body in mails_to(doc.email)))
		self.assertIn("Fine, we moved it to the 12th.", page(token)[1])
		change.reload()
		change.answer = "Changed my mind"
		self.assertRaises(frappe.ValidationError, change.save)

	def test_an_agreed_cancellation_cancels_the_assignment(self):
		doc, assignment = self.accepted()
		token = self.link(doc)
		self.assertEqual(
			post("ask_change", token=token, kind=view.CANCELLATION, details="Our budget was cut.")[0], 200
		)
		self.assertEqual(
			frappe.db.get_value("Assignment", assignment.name, "status"), "Draft", "asked, not done"
		)
		change = frappe.get_doc(CHANGE, {"expert_request": doc.name})
		change.status = "Agreed"
		change.answer = "We cancelled it. Thank you for telling us."
		change.save()
		frappe.db.commit()
		assignment.reload()
		self.assertEqual(assignment.status, "Cancelled")
		self.assertIn("Our budget was cut.", assignment.cancel_reason)
		body = page(token)[1]
		self.assertEqual(current_stage(body), "Cancelled")
		self.assertNotIn('id="lef-change-form"', body)

	def test_a_cancellation_before_acceptance_ends_the_request_as_cancelled(self):
		doc = self.new_request()
		token = self.link(doc)
		self.assertEqual(
			post("ask_change", token=token, kind=view.CANCELLATION, details="No longer needed.")[0], 200
		)
		change = frappe.get_doc(CHANGE, {"expert_request": doc.name})
		change.status = "Agreed"
		change.answer = "Understood."
		change.save()
		doc.reload()
		self.assertEqual((doc.status, doc.decline_reason), ("Declined", view.CANCELLED_BY_ORGANISATION))
		frappe.db.commit()
		self.assertEqual(current_stage(page(token)[1]), "Cancelled")

	def test_after_confirmation_nothing_is_changed_online_and_few_questions_wait_at_once(self):
		doc, assignment = self.accepted()
		token = self.link(doc)
		for number in range(view.MAX_PENDING):
			self.assertEqual(
				post("ask_change", token=token, kind=view.ONLINE, details=f"Online {number}")[0], 200
			)
		status, body = post("ask_change", token=token, kind=view.ONLINE, details="Once more")
		self.assertEqual(status, 417)
		self.assertIn("waiting for an answer", body)
		frappe.db.set_value("Assignment", assignment.name, "status", "Confirmed")
		frappe.db.commit()
		status, body = post("ask_change", token=token, kind=view.CANCELLATION, details="Too late?")
		self.assertEqual(status, 417)
		self.assertIn("no longer be changed", body)
		self.assertEqual(frappe.db.count(CHANGE, {"expert_request": doc.name}), view.MAX_PENDING)
		self.assertNotIn('id="lef-change-form"', page(token)[1])

	# --- who comes, evaluation, billing ---------------------------------------------------------

	def test_who_comes_the_evaluation_and_the_billing_statement(self):
		doc, assignment = self.accepted()
		token = self.link(doc)
		member = create_active_member(first_name="Wendelien", last_name="Lastnameprivate")
		day = date(2024, 4, 9)
		add_expert(assignment, member)
		frappe.db.set_value("Assignment", assignment.name, "status", "Staffed")
		frappe.db.commit()
		self.assertNotIn("Wendelien", page(token)[1], "names are told from confirmation on, as the mail does")

		frappe.db.set_value("Assignment Session", assignment.sessions[0].name, "session_date", day)
		create_hour_log(member, assignment.name, day, approve=True)
		frappe.db.set_value(
			"Assignment",
			assignment.name,
			{
				"status": "Completed",
				"evaluation_nonce": tokens.new_nonce(),
				"billing_mode": "Per session",
				"agreed_rate": 120,
			},
		)
		draft = frappe.get_doc({"doctype": "Billing Statement", "assignment": assignment.name}).insert(
			ignore_permissions=True
		)
		frappe.db.commit()
		body = page(token)[1]
		self.assertIn("Wendelien", body)
		self.assertNotIn("Lastnameprivate", body)
		self.assertEqual(current_stage(body), "Work done")
		evaluate = re.search(r'id="lef-evaluate-link" href="([^"]+)"', body)
		self.assertTrue(evaluate)
		target = urlparse(evaluate.group(1).replace("&amp;", "&"))
		evaluation = request("get", target.path, query_string=target.query)
		self.assertIn('id="lef-evaluation"', evaluation.get_data(as_text=True))
		self.assertNotIn(draft.name, body, "a draft statement is not issued")
		response = request(
			"get", METHOD + "billing_statement", query_string={"token": token, "statement": draft.name}
		)
		self.assertEqual(response.status_code, 403)

		draft.submit()
		frappe.db.set_value("Expert Request", doc.name, "reply_language", "nl")
		frappe.db.commit()
		self.assertIn(draft.name, page(token)[1])
		# The real PDF, made by wkhtmltopdf (which loads the stylesheets from the site's address).
		with served_at_host_name():
			response = request(
				"get", METHOD + "billing_statement", query_string={"token": token, "statement": draft.name}
			)
		self.assertEqual(response.status_code, 200, response.get_data()[:3000])
		self.assertEqual(response.mimetype, "application/pdf")
		text = pdf_text(response.get_data())
		self.assertIn(draft.name, text)
		self.assertIn("Afrekening", text, "in the language the organisation wrote in")
		# 1 session x EUR 120.00, printed as the organisation reads it.
		self.assertRegex(text, r"120[,.]00")
		# Who came is named by first name at most; nothing of their health.
		self.assertNotIn("Lastnameprivate", text)
		for theme in frappe.get_all("Experience Theme", pluck="name"):
			self.assertNotIn(theme, text)
		# Another request's link does not open this statement.
		other = self.link(self.new_request())
		response = request(
			"get", METHOD + "billing_statement", query_string={"token": other, "statement": draft.name}
		)
		self.assertEqual(response.status_code, 403)

	# --- the login ------------------------------------------------------------------------------

	def test_a_contact_person_logs_in_and_sees_only_their_organisations_requests(self):
		frappe.db.set_single_value("LEF Settings", "offer_organisation_login", 1)
		self.addCleanup(frappe.db.set_single_value, "LEF Settings", "offer_organisation_login", 0)
		doc, _assignment = self.accepted()
		token = self.link(doc)
		self.assertIn('id="lef-login-button"', page(token)[1])
		theirs_later = self.new_request(email=doc.email, organisation_name=doc.organisation_name)
		stranger, _other = self.accepted(
			title=f"Stranger talk {frappe.generate_hash(length=6)}",
			organisation_name=f"Stranger vzw {frappe.generate_hash(length=6)}",
		)
		stranger.reload()
		self.link(stranger)

		status, body = post("create_login", token=token)
		self.assertEqual(status, 200, body)
		user = frappe.db.get_value("Contact", doc.contact, "user")
		self.assertEqual(user, doc.email)
		self.assertEqual(frappe.db.get_value("User", user, "user_type"), "Website User")
		self.assertIn(access.ROLE, frappe.get_roles(user))
		self.assertEqual(post("create_login", token=token)[0], 417, "offered once")
		self.assertNotIn('id="lef-login-button"', page(token)[1])

		headers = token_headers(user)
		frappe.db.commit()
		response = request("get", "/lef/requests", headers=headers)
		body = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200)
		self.assertIn(doc.name, body)
		self.assertIn(theirs_later.name, body, "a request sent before the login, from the same address")
		self.assertNotIn(stranger.name, body)
		new_form = re.search(r'id="lef-new-request" href="([^"]+)"', body).group(1).replace("&amp;", "&")
		self.assertIn("/request-an-expert/new?", new_form)
		self.assertEqual(parse_qs(urlparse(new_form).query)["email"], [doc.email])

		self.assertIn(doc.title, page(name=doc.name, headers=headers)[1])
		refused = page(name=stranger.name, headers=headers)[1]
		self.assertNotIn(stranger.title, refused)
		self.assertIn("not found among your organisation", refused)
		missing = page(name="LEF-REQ-1999-00001", headers=headers)[1]
		self.assertIn("not found among your organisation", missing, "the same words whether it exists or not")

		# Another organisation's request through every door: refused, unchanged.
		asking = self.new_request(title=f"Stranger question {frappe.generate_hash(length=6)}")
		asking.ask_for_info("A question for the other organisation")
		frappe.db.commit()
		for method, data in (
			("answer_question", {"name": asking.name, "message": "Hijacked answer"}),
			("ask_change", {"name": stranger.name, "kind": view.CANCELLATION, "details": "Hijacked cancel"}),
		):
			status, body = post(method, headers=headers, **data)
			self.assertEqual(status, 403, method)
		self.assertEqual(frappe.db.get_value("Expert Request", asking.name, "status"), "Needs Info")
		self.assertEqual(frappe.db.count(CHANGE, {"expert_request": stranger.name}), 0)
		# (Frappe's refusals repeat the name asked for; what the record holds must not show.)
		secrets = (stranger.title, stranger.email, "A question for the other organisation")
		for doctype, name in (
			("Expert Request", stranger.name),
			("Assignment", stranger.assignment),
			(CHANGE, frappe.db.get_value(CHANGE, {}, "name") or "LEF-CHG-2026-00001"),
			("Commissioning Organisation", stranger.organisation),
			("Contact", stranger.contact),
		):
			for path, query in (
				(f"/api/resource/{doctype}/{name}", {}),
				(f"/api/resource/{doctype}", {"fields": '["*"]'}),
				("/api/method/frappe.client.get", {"doctype": doctype, "name": name}),
				("/api/method/frappe.desk.form.load.getdoc", {"doctype": doctype, "name": name}),
			):
				response = request("get", path, query_string=query, headers=headers)
				text = response.get_data(as_text=True)
				for secret in secrets:
					self.assertNotIn(secret, text, (doctype, path))
				if response.status_code == 200:
					self.assertFalse(frappe.parse_json(text).get("data"), (doctype, path))
			response = request(
				"put", f"/api/resource/{doctype}/{name}", json={"title": "Hijacked"}, headers=headers
			)
			self.assertIn(response.status_code, (403, 404, 417), (doctype, "put"))
		self.assertEqual(frappe.db.get_value("Expert Request", stranger.name, "title"), stranger.title)

	def test_a_request_sent_logged_in_belongs_to_the_organisation(self):
		doc, _assignment = self.accepted()
		frappe.db.set_single_value("LEF Settings", "offer_organisation_login", 1)
		self.addCleanup(frappe.db.set_single_value, "LEF Settings", "offer_organisation_login", 0)
		from lef_members.lef_requests.organisations.actions import ensure_login

		user, _created = ensure_login(doc.contact, doc.organisation)
		frappe.db.commit()
		from lef_members.tests.factories import request_form

		form = request_form(email=doc.email, assignment_type=self.kind, title="Second talk for our team")
		form["dates"] = [{"session_date": add_days(today(), 30), "start_time": "10:00", "end_time": "12:00"}]
		headers = token_headers(user)
		frappe.db.commit()
		response = request(
			"post",
			"/api/method/frappe.website.doctype.web_form.web_form.accept",
			data={"web_form": "request-an-expert", "data": frappe.as_json(form)},
			headers=headers,
		)
		frappe.db.commit()
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		new = frappe.db.get_value(
			"Expert Request",
			{"title": "Second talk for our team", "email": doc.email},
			["name", "organisation"],
			as_dict=True,
		)
		self.assertEqual(new.organisation, doc.organisation)

	def test_staff_give_a_login_only_to_a_contact_of_the_organisation(self):
		doc, _assignment = self.accepted()
		other, _x = self.accepted()
		frappe.set_user(self.coordinator)
		from lef_members.api.organisation import give_login

		self.assertRaises(frappe.ValidationError, give_login, doc.organisation, other.contact)
		result = give_login(doc.organisation, doc.contact)
		self.assertTrue(result["created"])
		self.assertEqual(frappe.db.get_value("Contact", doc.contact, "user"), result["user"])
		# A staff address is never turned into an organisation's login.
		staff = frappe.get_doc("Contact", other.contact)
		staff.email_ids[0].email_id = self.coordinator
		staff.email_id = self.coordinator
		staff.save(ignore_permissions=True)
		frappe.set_user(self.coordinator)
		self.assertRaises(frappe.ValidationError, give_login, other.organisation, other.contact)
		self.assertNotIn(access.ROLE, frappe.get_roles(self.coordinator))
		frappe.set_user("Administrator")
		member_user = create_user(roles=("LEF Member",))
		frappe.set_user(member_user)
		self.assertRaises(frappe.PermissionError, give_login, doc.organisation, doc.contact)
