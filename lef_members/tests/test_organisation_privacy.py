"""Health data never leaves the forum without consent: what an organisation receives.

One request is driven through the whole flow (received, a question, accepted, invited, two
members accept and one declines, confirmed, completed, evaluation asked, billed) and a second
one is declined. The members carry health data: a theme they let the forum name, a theme they
do not, a benefit with the doctor's permission, confidential notes, a phone and an e-mail
address; one of them withdraws consent after accepting. Then every e-mail queued for the
organisation, the print formats meant for it (Assignment Confirmation, Billing Statement) and
the report a coordinator could hand it (Assignments per Organisation) are searched for all of
it. Only first names and the themes a member lets us name (and still consents to) may appear.
"""

import frappe
from frappe.utils import add_days, getdate, random_string, today

from lef_members.lef_assignments import assignment_flow
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_active_member,
	create_expert_request,
	create_hour_log,
	ensure_assignment_type,
	make_email,
)
from lef_members.tests.mails import mails_to
from lef_members.tests.pdf import pdf_text
from lef_members.tests.serve import served_at_host_name

BENEFIT = "Sickness or disability benefit"
DOCTOR_DATE = "2019-03-17"


def theme(label: str) -> str:
	name = f"{label} {random_string(8)}"
	frappe.get_doc({"doctype": "Experience Theme", "theme_name": name}).insert(ignore_permissions=True)
	return name


def date_spellings(value: str) -> list[str]:
	day = getdate(value)
	return [
		value,
		frappe.format(day, {"fieldtype": "Date"}),
		day.strftime("%d-%m-%Y"),
		day.strftime("%d/%m/%Y"),
		day.strftime("%m/%d/%Y"),
		day.strftime("%d.%m.%Y"),
	]


class TestWhatOrganisationsReceive(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.named = theme("Namedtheme")
		cls.secret = theme("Secrettheme")
		cls.withdrawn_named = theme("Withdrawntheme")
		cls.org_email = make_email("organisation")
		first_request = create_expert_request(
			email=cls.org_email,
			assignment_type=ensure_assignment_type(),  # one without a required training
			location_type="Online",
			address="",
			postcode="",
			city="",
			number_of_experts=2,
			wished_themes=[{"experience_theme": t} for t in (cls.named, cls.secret, cls.withdrawn_named)],
		)
		day = getdate(first_request.dates[0].session_date)
		slots = ((day.strftime("%A"), "Afternoon"),)
		cls.anna = cls.member(
			"Annaprivacy",
			slots,
			[{"experience_theme": cls.named, "may_be_named": 1}, {"experience_theme": cls.secret}],
		)
		cls.bert = cls.member(
			"Bertprivacy",
			slots,
			[{"experience_theme": cls.secret}, {"experience_theme": cls.withdrawn_named, "may_be_named": 1}],
		)
		cls.carl = cls.member("Carlprivacy", slots, [{"experience_theme": cls.named, "may_be_named": 1}])

		# Triage: a question, then accepted; a second request is declined.
		first_request.ask_for_info("Which ward is it for?")
		cls.assignment = frappe.get_doc("Assignment", first_request.accept())
		second = create_expert_request(
			email=cls.org_email,
			assignment_type=ensure_assignment_type(),
			title=f"Tweede aanvraag {random_string(5)}",
		)
		second.decline("Too short notice", "We cannot come on that date.")

		# Matching: three invited, Carl declines with a reason about his health, two accept.
		invited = assignment_flow.invite(cls.assignment.name, [cls.anna.name, cls.bert.name, cls.carl.name])
		assert len(invited["invited"]) == 3, invited
		invitations = {
			row.member: row.name
			for row in frappe.get_all(
				"Assignment Expert", filters={"assignment": cls.assignment.name}, fields=["name", "member"]
			)
		}
		cls.decline_reason = f"In hospital again {random_string(6)}"
		assignment_flow.answer(invitations[cls.carl.name], "Declined", cls.decline_reason)
		assignment_flow.answer(invitations[cls.anna.name], "Accepted")
		assignment_flow.answer(invitations[cls.bert.name], "Accepted")
		# Bert withdraws his consent after accepting: from now on nothing about his health is told.
		frappe.db.set_value("Expert by Experience", cls.bert.name, "consent_withdrawn_on", today())

		cls.assignment.reload()
		cls.assignment.confirm_to_organisation()
		# The session took place: completed, the organisation is asked for its evaluation.
		past = add_days(today(), -7)
		frappe.db.set_value("Assignment Session", cls.assignment.sessions[0].name, "session_date", past)
		assert cls.assignment.name in assignment_flow.complete_finished_assignments()
		cls.debrief_notes = f"It brought back my psychosis {random_string(6)}"
		assignment_flow.debrief(invitations[cls.anna.name], "I would like to talk", cls.debrief_notes)

		# Billing: the approved logs of both members, per session.
		for member in (cls.anna, cls.bert):
			create_hour_log(member, cls.assignment.name, past, approve=True, remarks=cls.debrief_notes)
		frappe.db.set_value(
			"Assignment", cls.assignment.name, {"billing_mode": "Per session", "agreed_rate": 120}
		)
		cls.statement = frappe.get_doc(
			{"doctype": "Billing Statement", "assignment": cls.assignment.name}
		).insert(ignore_permissions=True)
		cls.assignment.reload()

	@classmethod
	def member(cls, first_name: str, slots, themes):
		member = create_active_member(slots=slots, first_name=first_name, themes=themes)
		frappe.db.set_value(
			"Expert by Experience",
			member.name,
			{
				"phone": f"+32 470 {random_string(6).lower()}",
				"benefit_status": BENEFIT,
				"doctor_permission_date": DOCTOR_DATE,
				"confidential_notes": f"Confidential {first_name} {random_string(8)}",
			},
		)
		member.reload()
		return member

	def forbidden(self) -> dict[str, str]:
		"""Text that must never reach the organisation, by what it is."""
		found = {
			"unnamed theme": self.secret,
			"theme of a member who withdrew consent": self.withdrawn_named,
			"benefit status": BENEFIT,
			"benefit status (nl)": frappe._(BENEFIT, lang="nl"),
			"decline reason": self.decline_reason,
			"debrief notes": self.debrief_notes,
			"member who declined": self.carl.first_name,
		}
		for member in (self.anna, self.bert, self.carl):
			for fieldname in ("last_name", "email", "phone", "confidential_notes"):
				found[f"{fieldname} of {member.first_name}"] = member.get(fieldname)
			for spelling in date_spellings(DOCTOR_DATE):
				found[f"doctor's permission {spelling}"] = spelling
		return found

	def assert_clean(self, text: str, what: str) -> None:
		leaks = [label for label, value in self.forbidden().items() if value and str(value) in text]
		self.assertFalse(leaks, f"{what} shows {leaks}")

	def test_every_mail_to_the_organisation_is_free_of_health_data(self):
		mails = mails_to(self.org_email)
		# Two requests received, a question, the acceptance, a decline, the confirmation, the
		# evaluation request.
		self.assertEqual(len(mails), 7, [subject for subject, _body in mails])
		for subject, body in mails:
			self.assert_clean(body, f"the mail '{subject}'")
		confirmation = next(body for _subject, body in mails if "Annaprivacy" in body)
		self.assertIn(self.named, confirmation, "a theme the member lets us name is named")
		self.assertIn("Bertprivacy", confirmation)

	def test_the_organisations_request_page_is_free_of_health_data(self):
		from lef_members.lef_requests.organisations import access
		from lef_members.tests.http import request

		name = frappe.db.get_value("Expert Request", {"assignment": self.assignment.name}, "name")
		url = access.page_url(name)
		frappe.db.commit()
		response = request("get", "/lef/request", query_string=url.split("?", 1)[1])
		body = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200)
		self.assertIn("Annaprivacy", body)
		self.assertIn(self.named, body, "a theme the member lets us name is named")
		self.assert_clean(body, "the request page")

	def test_print_formats_for_the_organisation_are_free_of_health_data(self):
		"""The PDFs as wkhtmltopdf makes them, read back: who comes and the themes members let us
		name; nothing of the rest (unnamed themes, benefits, last names, notes)."""
		with served_at_host_name():
			confirmation = pdf_text(
				frappe.get_print("Assignment", self.assignment.name, "Assignment Confirmation", as_pdf=True)
			)
			statement = pdf_text(
				frappe.get_print("Billing Statement", self.statement.name, "Billing Statement", as_pdf=True)
			)
		self.assertIn("Annaprivacy", confirmation)
		self.assertIn("Bertprivacy", confirmation)
		self.assertIn(self.named, confirmation)
		self.assert_clean(confirmation, "the Assignment Confirmation")
		self.assertIn(self.statement.name, statement)
		self.assert_clean(statement, "the Billing Statement")
		self.assertNotIn(self.named, statement)
		self.assertNotIn("Annaprivacy", statement)

	def test_the_report_per_organisation_counts_and_names_no_one(self):
		from frappe.desk.query_report import run

		past = getdate(self.assignment.sessions[0].session_date)
		result = run(
			"Assignments per Organisation",
			filters={"from_date": add_days(past, -1), "to_date": add_days(past, 1)},
		)
		self.assertEqual(
			[column["fieldname"] for column in result["columns"]],
			["organisation", "assignment_type", "assignments", "sessions", "accepted"],
		)
		mine = [row for row in result["result"] if row.get("organisation") == self.assignment.organisation]
		self.assertEqual([row["accepted"] for row in mine], [2])
		text = frappe.as_json(result)
		self.assert_clean(text, "the report")
		for name in ("Annaprivacy", "Bertprivacy", self.named):
			self.assertNotIn(name, text)
