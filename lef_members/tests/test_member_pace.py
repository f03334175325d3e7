"""A member's own pace on a real site: willingness per theme and audience, rest after heavy
work, intervision, shared feedback and the yearly overview, through the portal over HTTP."""

import json
from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, today

from lef_members.domain import pace
from lef_members.lef_assignments import assignment_flow
from lef_members.lef_members.pace import jobs
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_accepted_assignment,
	create_active_member,
	create_assignment,
	create_training_course,
	create_training_enrollment,
	create_training_session,
	create_user,
	ensure_assignment_type,
	next_weekday,
)
from lef_members.tests.http import request, token_headers
from lef_members.tests.pdf import pdf_text
from lef_members.tests.serve import served_at_host_name
from lef_members.www.lef import index, invitations

EVERY_DAY = tuple(
	(day, part)
	for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
	for part in ("Morning", "Afternoon", "Evening")
)
THEME = "Addiction"
OTHER_THEME = "Psychosis"


def save_profile(headers, profile):
	frappe.db.commit()  # the request runs on a connection of its own
	return request(
		"post",
		"/api/method/lef_members.api.portal.save_profile",
		headers={**headers, "Content-Type": "application/json"},
		data=json.dumps({"profile": profile}),
	)


def ranked(assignment, include_excluded=True) -> dict:
	return {
		r["member"]: r
		for r in assignment_flow.rank(assignment, include_excluded=include_excluded, limit=10_000)
	}


@contextmanager
def counting_queries():
	"""Count the statements the database runs inside the block."""
	count = [0]
	original = frappe.db.sql

	def sql(*args, **kwargs):
		count[0] += 1
		return original(*args, **kwargs)

	with patch.object(frappe.db, "sql", sql):
		yield count


class TestMemberPace(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.member = create_active_member(
			first_name="Alice",
			slots=EVERY_DAY,
			themes=[{"experience_theme": THEME, "may_be_named": 1}, {"experience_theme": OTHER_THEME}],
		)
		cls.other = create_active_member(
			first_name="Bob", slots=EVERY_DAY, themes=[{"experience_theme": THEME}]
		)
		cls.headers = token_headers(cls.member.user)
		cls.other_headers = token_headers(cls.other.user)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")

	def reload(self):
		return frappe.get_doc("Expert by Experience", self.member.name)

	def test_not_now_in_the_portal_keeps_the_member_out_of_that_theme_only(self):
		work = create_assignment(wished_themes=[THEME])
		self.assertTrue(ranked(work)[self.member.name]["eligible"])
		until = add_days(today(), 30)
		response = save_profile(
			self.headers,
			{"themes_willingness": {THEME: {"willingness": "Not now", "not_now_until": until}}},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:400])
		row = {r.experience_theme: r for r in self.reload().themes}[THEME]
		self.assertEqual((row.willingness, str(row.not_now_until)), ("Not now", until))

		rows = ranked(work)
		mine = rows[self.member.name]
		self.assertFalse(mine["eligible"])
		# The coordinator reads that, never why: exactly these words, nothing else.
		self.assertEqual([r["text"] for r in mine["exclusions"]], ["not available for this theme"])
		self.assertNotIn(self.member.name, ranked(work, include_excluded=False))
		self.assertTrue(rows[self.other.name]["eligible"])
		# An assignment on another of the member's themes still proposes them.
		self.assertTrue(ranked(create_assignment(wished_themes=[OTHER_THEME]))[self.member.name]["eligible"])

	def test_the_organisation_reads_nothing_of_it(self):
		from lef_members.lef_members.privacy import lef_experts_for_organisation

		work = create_accepted_assignment(self.member, [add_days(today(), 5)], wished_themes=[THEME])
		named = lambda: {p["first_name"]: p["themes"] for p in lef_experts_for_organisation(work.name)}  # noqa: E731
		self.assertEqual(named(), {"Alice": [THEME]})
		doc = self.reload()
		for row in doc.themes:
			if row.experience_theme == THEME:
				row.willingness = "No"
		doc.save(ignore_permissions=True)
		# The first name as before; the theme they will not speak on now is not named, and no
		# word about why or about their pace.
		people = lef_experts_for_organisation(work.name)
		self.assertEqual(people, [{"first_name": "Alice", "themes": []}])
		for row in doc.themes:
			row.willingness = "Yes"
		doc.save(ignore_permissions=True)

	def test_not_now_that_ended_becomes_yes_and_tells_only_that_it_ended(self):
		doc = self.reload()
		for row in doc.themes:
			if row.experience_theme == THEME:
				row.willingness, row.not_now_until = "Not now", add_days(today(), -1)
		doc.save(ignore_permissions=True)
		coordinator = create_user(roles=("LEF Coordinator",))
		doc.db_set("coordinator", coordinator)
		queued = frappe.db.count("Email Queue")
		self.assertEqual(jobs.end_not_now(), [self.member.name])
		row = {r.experience_theme: r for r in self.reload().themes}[THEME]
		self.assertEqual((row.willingness, row.not_now_until), ("Yes", None))
		latest = frappe.get_all("Email Queue", order_by="creation desc", limit=2, pluck="name")
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": ("in", latest)}, pluck="recipient"
		)
		self.assertEqual(frappe.db.count("Email Queue"), queued + 2)  # the member and their coordinator
		self.assertIn(coordinator, recipients)
		self.assertIn(self.member.email, recipients)
		self.assertEqual(jobs.end_not_now(), [])  # a second run tells nobody again
		self.assertEqual(frappe.db.count("Email Queue"), queued + 2)

	def test_matching_reads_the_same_with_or_without_the_stored_profile(self):
		from lef_members.lef_assignments.candidates import load_candidates

		doc = self.reload()
		self.assertTrue(doc.matching_profile)  # written on save
		with_profile = load_candidates(getdate(today()), names=[doc.name])
		frappe.db.set_value("Expert by Experience", doc.name, "matching_profile", None, update_modified=False)
		without = load_candidates(getdate(today()), names=[doc.name])
		self.assertEqual(with_profile, without)
		# A garbled profile never decides a match: the child rows are read instead.
		frappe.db.set_value(
			"Expert by Experience",
			doc.name,
			"matching_profile",
			'{"v": 1, "slots": 3}',
			update_modified=False,
		)
		self.assertEqual(load_candidates(getdate(today()), names=[doc.name]), with_profile)
		doc.save(ignore_permissions=True)

	def test_an_audience_declined_in_the_portal_excludes(self):
		response = save_profile(self.other_headers, {"declined_audiences": ["Students"]})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:400])
		work = create_assignment()
		work.db_set("target_group", "Students")
		mine = ranked(work)[self.other.name]
		self.assertEqual([r["text"] for r in mine["exclusions"]], ["not for this audience"])
		work.db_set("target_group", "Care professionals")
		self.assertTrue(ranked(work)[self.other.name]["eligible"])
		save_profile(self.other_headers, {"declined_audiences": []})

	def test_rest_after_heavy_work_excludes_until_the_window_ends(self):
		heavy_type = ensure_assignment_type("Heavy test panel")
		frappe.db.set_value("Assignment Type", heavy_type, "emotionally_heavy", 1)
		heavy_day = next_weekday(0, weeks_ahead=2)  # a Monday
		heavy = create_accepted_assignment(self.other, [heavy_day], assignment_type=heavy_type)
		self.assertTrue(heavy.emotionally_heavy)  # taken from the type
		self.assertEqual(save_profile(self.other_headers, {"rest_days_after_heavy": "2"}).status_code, 200)
		within = create_assignment(sessions=[(add_days(heavy_day, 2), "09:00:00", "11:00:00")])
		after = create_assignment(sessions=[(add_days(heavy_day, 3), "09:00:00", "11:00:00")])
		mine = ranked(within)[self.other.name]
		self.assertEqual(
			[r["text"] for r in mine["exclusions"]],
			# The date as the (English) coordinator writes it: day/month/year.
			[f"resting after heavy work until {getdate(add_days(heavy_day, 2)):%d/%m/%Y}"],
		)
		self.assertTrue(ranked(after)[self.other.name]["eligible"])
		# The member needs no rest: they say so in the portal.
		self.assertEqual(save_profile(self.other_headers, {"rest_days_after_heavy": "0"}).status_code, 200)
		self.assertTrue(ranked(within)[self.other.name]["eligible"])
		save_profile(self.other_headers, {"rest_days_after_heavy": ""})

	def test_hostile_or_careless_pace_input_is_refused_and_nothing_saved(self):
		before = self.reload()
		for profile in (
			{"themes_willingness": {THEME: {"willingness": "Maybe"}}},
			{"themes_willingness": {THEME: {"willingness": "Not now", "not_now_until": "2001-01-01"}}},
			{"themes_willingness": {THEME: {"willingness": "Not now", "not_now_until": "soon"}}},
			{"themes_willingness": {THEME: "No"}},
			{"themes_willingness": ["No"]},
			{"declined_audiences": ["Nobody at all"]},
			{"declined_audiences": "Students"},
			{"rest_days_after_heavy": "99"},
			{"rest_days_after_heavy": ["2"]},
		):
			response = save_profile(self.headers, profile)
			self.assertEqual(response.status_code, 417, (profile, response.status_code))
			self.assertIn("_server_messages", response.get_json(), profile)
		after = self.reload()
		self.assertEqual(
			[(r.experience_theme, r.willingness, r.not_now_until) for r in after.themes],
			[(r.experience_theme, r.willingness, r.not_now_until) for r in before.themes],
		)
		self.assertEqual(after.rest_days_after_heavy, before.rest_days_after_heavy)
		self.assertEqual(after.declined_audiences, before.declined_audiences)

	def test_only_the_member_changes_their_pace(self):
		# Bob's call changes Bob's record only; Guest is refused.
		save_profile(self.other_headers, {"themes_willingness": {OTHER_THEME: {"willingness": "No"}}})
		self.assertNotEqual(
			{r.experience_theme: r.willingness for r in self.reload().themes}.get(OTHER_THEME), "No"
		)
		response = save_profile({"Accept": "application/json"}, {"rest_days_after_heavy": "5"})
		self.assertIn(response.status_code, (401, 403))
		self.assertNotEqual(self.reload().rest_days_after_heavy, "5")

	def test_shared_feedback_reaches_the_members_page_and_the_year_overview(self):
		day = add_days(today(), -5)
		shared = create_accepted_assignment(self.member, [day], title="Panel shared")
		kept = create_accepted_assignment(self.member, [day], title="Panel kept")
		for doc, share, comment in ((shared, 1, "Everyone listened closely"), (kept, 0, "Internal remark")):
			frappe.db.set_value(
				"Assignment",
				doc.name,
				{
					"status": "Completed",
					"evaluation_rating": 0.8,
					"evaluation_comment": comment,
					"evaluation_shared": share,
				},
			)
		frappe.db.commit()
		body = request("get", "/lef/invitations", headers=self.headers).get_data(as_text=True)
		self.assertIn("Everyone listened closely", body)
		self.assertIn("Panel kept", body)
		self.assertNotIn("Internal remark", body)
		page = request("get", f"/lef/overview?year={getdate(day).year}", headers=self.headers)
		self.assertEqual(page.status_code, 200)
		self.assertIn("Everyone listened closely", page.get_data(as_text=True))
		self.assertNotIn("Internal remark", page.get_data(as_text=True))
		# Another member sees none of it.
		self.assertNotIn(
			"Everyone listened",
			request("get", "/lef/invitations", headers=self.other_headers).get_data(as_text=True),
		)
		# A year that is not one is a clear 4xx, never a 5xx.
		for year in ("abc", "1800", "99999", "2026; drop table"):
			self.assertEqual(
				request("get", f"/lef/overview?year={year}", headers=self.headers).status_code, 417, year
			)

		# The real PDF, made by wkhtmltopdf (which loads the stylesheets from the site's address).
		with served_at_host_name():
			response = request(
				"get",
				f"/api/method/lef_members.api.portal.year_overview_pdf?year={getdate(day).year}",
				headers=self.headers,
			)
		self.assertEqual(response.status_code, 200, response.get_data()[:300])
		self.assertEqual(response.mimetype, "application/pdf")
		text = pdf_text(response.get_data())
		self.assertIn("Everyone listened closely", text)
		self.assertNotIn("Internal remark", text)
		self.assertIn(
			request("get", "/api/method/lef_members.api.portal.year_overview_pdf").status_code, (401, 403)
		)

	def test_the_organisation_chooses_to_share_on_its_evaluation(self):
		from lef_members.domain import tokens
		from lef_members.utilities import links

		done = create_accepted_assignment(self.member, [add_days(today(), -2)])
		nonce = tokens.new_nonce()
		done.db_set({"status": "Completed", "evaluation_nonce": nonce})
		token = links.make(tokens.PURPOSE_EVALUATION, done.name, nonce, 30)
		frappe.db.commit()
		response = request(
			"post",
			"/api/method/lef_members.api.evaluation.submit",
			data={"token": token, "rating": "4", "comment": "Thank you", "share": "1"},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(frappe.db.get_value("Assignment", done.name, "evaluation_shared"), 1)

	def test_intervision_attended_shows_on_the_record_and_invitations_go_once(self):
		course = create_training_course(is_intervision=1)
		session = create_training_session(course=course.name, dates=[add_days(today(), -3)], capacity=5)
		enrollment = create_training_enrollment(self.other, session)
		enrollment.reload()
		for row in enrollment.attendance:
			row.present = 1
		enrollment.save(ignore_permissions=True)
		self.assertEqual(
			str(frappe.db.get_value("Expert by Experience", self.other.name, "last_intervision_on")),
			add_days(today(), -3),
		)
		frappe.db.commit()
		page = request("get", "/lef/trainings", headers=self.other_headers).get_data(as_text=True)
		self.assertIn("Your last intervision", page)
		# Intervision gives no certificate.
		from lef_members.lef_training.training_path import certificates_of

		self.assertNotIn(course.name, {c.course for c in certificates_of([self.other.name])})

		self.assertEqual(jobs.send_intervision_invitations(), [])  # off by default
		frappe.db.set_single_value("LEF Settings", "intervision_months", 6)
		try:
			frappe.db.set_value(
				"Expert by Experience", self.member.name, "joined_on", add_days(today(), -400)
			)
			frappe.db.commit()
			invited = jobs.send_intervision_invitations()
			self.assertIn(self.member.name, invited)
			self.assertNotIn(self.other.name, invited)  # attended three days ago
			self.assertEqual(jobs.send_intervision_invitations(), [])  # daily and idempotent
		finally:
			frappe.db.set_single_value("LEF Settings", "intervision_months", 0)


class TestPortalQueries(LEFTestCase):
	"""The portal pages do not grow query by query with a member's history."""

	def count_for(self, member) -> dict:
		frappe.set_user(member.user)
		try:
			counts = {}
			for name, page in (("/lef", index), ("/lef/invitations", invitations)):
				frappe.clear_cache(user=member.user)
				page.get_context(frappe._dict())  # warm the caches a real visit has warm
				with counting_queries() as count:
					page.get_context(frappe._dict())
				counts[name] = count[0]
			return counts
		finally:
			frappe.set_user("Administrator")

	def test_the_same_number_of_queries_for_2_and_200_past_assignments(self):
		few = create_active_member(first_name="Few")
		many = create_active_member(first_name="Many")
		for member, past in ((few, 2), (many, 200)):
			for n in range(past):
				done = create_accepted_assignment(member, [add_days(today(), -(n + 2))])
				done.db_set("status", "Completed")
			create_accepted_assignment(member, [add_days(today(), 10)])  # one still to come
		self.assertEqual(self.count_for(few), self.count_for(many))
		self.assertEqual(len(invitations.work_for(many).upcoming), 1)
