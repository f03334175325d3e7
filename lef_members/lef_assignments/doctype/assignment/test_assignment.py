# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, getdate, today

from lef_members.lef_assignments import assignment_flow
from lef_members.lef_assignments.doctype.assignment.assignment import AssignmentStatusError
from lef_members.tests import LEFTestCase
from lef_members.tests.factories import (
	create_active_member,
	create_assignment,
	create_contact,
	next_weekday,
)


def queued_to(email: str) -> list[str]:
	"""Messages queued for an address (newest first)."""
	queue = frappe.qb.DocType("Email Queue")
	recipient = frappe.qb.DocType("Email Queue Recipient")
	return (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.message)
		.where(recipient.recipient == email)
		.orderby(queue.creation, order=frappe.qb.desc)
		.run(pluck=True)
	)


class TestAssignment(LEFTestCase):
	def test_sessions_that_overlap_are_refused(self):
		day = next_weekday(1)
		with self.assertRaises(frappe.ValidationError):
			create_assignment(sessions=[(day, "09:00:00", "11:00:00"), (day, "10:00:00", "12:00:00")])

	def test_status_cannot_be_set_off_the_path(self):
		doc = create_assignment()
		doc.status = "Confirmed"
		with self.assertRaises(AssignmentStatusError):
			doc.save()

	def test_open_needs_sessions(self):
		doc = create_assignment(sessions=[])
		with self.assertRaises(AssignmentStatusError):
			doc.open_for_invitations()
		doc.reload()
		self.assertEqual(doc.status, "Draft")

	def test_generate_monthly_sessions_on_the_second_tuesday(self):
		doc = create_assignment(sessions=[])
		doc.update(
			{
				"repeat_frequency": "Monthly",
				"repeat_weekday": "Tuesday",
				"repeat_nth": "2",
				"repeat_from": add_days(today(), 1),
				"repeat_count": 4,
				"repeat_start_time": "14:00:00",
				"repeat_end_time": "16:00:00",
			}
		)
		doc.save()
		self.assertEqual(doc.generate_sessions(), 4)
		doc.reload()
		self.assertEqual(len(doc.sessions), 4)
		for row in doc.sessions:
			day = getdate(row.session_date)
			self.assertEqual(day.weekday(), 1)
			self.assertTrue(8 <= day.day <= 14)
		self.assertEqual(doc.generate_sessions(), 0)  # running it again adds nothing

	def test_find_experts_ranks_available_members_and_says_why(self):
		fit = create_active_member(themes=[{"experience_theme": "Psychosis", "may_be_named": 1}])
		other = create_active_member()
		away = create_active_member(slots=(("Friday", "Evening"),))
		doc = create_assignment(wished_themes=["Psychosis"])
		ranked = {row["member"]: row for row in assignment_flow.rank(doc, include_excluded=True)}
		order = [
			row["member"] for row in assignment_flow.rank(doc) if row["member"] in (fit.name, other.name)
		]
		self.assertEqual(order, [fit.name, other.name])
		self.assertTrue(any("Psychosis" in r["text"] for r in ranked[fit.name]["reasons"]))
		self.assertFalse(ranked[away.name]["eligible"])
		self.assertTrue(any("not available" in r["text"] for r in ranked[away.name]["exclusions"]))

	def test_a_required_training_missing_or_expired_on_the_session_date_excludes(self):
		from lef_members.tests.factories import (
			create_certificate,
			create_training_course,
			ensure_assignment_type,
		)

		course = create_training_course(validity_months=12)
		type_name = ensure_assignment_type(
			f"Test co-teaching {frappe.generate_hash(length=5)}", required_courses=[course.name]
		)
		untrained = create_active_member()
		trained = create_active_member()
		create_certificate(trained, course, completed_on=add_days(today(), -30))
		expired = create_active_member()
		create_certificate(expired, course, completed_on=add_days(today(), -400))
		doc = create_assignment(assignment_type=type_name)
		ranked = {row["member"]: row for row in assignment_flow.rank(doc, include_excluded=True)}
		self.assertTrue(ranked[trained.name]["eligible"])
		self.assertFalse(ranked[untrained.name]["eligible"])
		self.assertTrue(any(course.name in r["text"] for r in ranked[untrained.name]["exclusions"]))
		self.assertFalse(ranked[expired.name]["eligible"])

	def test_find_experts_query_count_does_not_grow_with_members(self):
		doc = create_assignment()
		create_active_member()

		def queries_for_rank() -> int:
			calls = []
			original = frappe.db.sql

			def counting(*args, **kwargs):
				calls.append(args[0] if args else "")
				return original(*args, **kwargs)

			frappe.db.sql = counting
			try:
				assignment_flow.rank(doc)
			finally:
				frappe.db.sql = original
			return len(calls)

		few = queries_for_rank()
		for _i in range(5):
			create_active_member()
		self.assertEqual(queries_for_rank(), few)

	def test_invite_accept_until_staffed_then_the_place_is_gone(self):
		first, second = create_active_member(), create_active_member()
		doc = create_assignment(experts_needed=1)
		result = assignment_flow.invite(doc.name, [first.name, second.name])
		self.assertEqual(sorted(result["invited"]), sorted([first.name, second.name]))
		doc.reload()
		self.assertEqual(doc.status, "Open")
		self.assertEqual(doc.experts_invited, 2)
		self.assertTrue(queued_to(first.email), "the invitation is mailed")

		inv = {
			r.member: r.name
			for r in frappe.get_all("Assignment Expert", {"assignment": doc.name}, ["name", "member"])
		}
		self.assertEqual(assignment_flow.answer(inv[first.name], "Accepted"), "Staffed")
		with self.assertRaises(assignment_flow.InvitationError):
			assignment_flow.answer(inv[second.name], "Accepted")
		doc.reload()
		self.assertEqual((doc.status, doc.experts_accepted), ("Staffed", 1))

	def test_invite_skips_members_a_hard_rule_keeps_out(self):
		available, away = create_active_member(), create_active_member(slots=(("Friday", "Evening"),))
		doc = create_assignment()
		result = assignment_flow.invite(doc.name, [available.name, away.name])
		self.assertEqual(result["invited"], [available.name])
		self.assertEqual(result["skipped"][0]["member"], away.name)
		self.assertFalse(frappe.db.exists("Assignment Expert", {"assignment": doc.name, "member": away.name}))

	def test_a_clash_that_appeared_after_the_invitation_blocks_accepting(self):
		member = create_active_member()
		day = next_weekday(1)
		first = create_assignment(sessions=[(day, "09:00:00", "11:00:00")])
		second = create_assignment(sessions=[(day, "10:00:00", "12:00:00")])
		assignment_flow.invite(first.name, [member.name])
		assignment_flow.invite(second.name, [member.name])
		inv1 = frappe.db.get_value("Assignment Expert", {"assignment": first.name}, "name")
		inv2 = frappe.db.get_value("Assignment Expert", {"assignment": second.name}, "name")
		assignment_flow.answer(inv1, "Accepted")
		with self.assertRaises(assignment_flow.InvitationError):
			assignment_flow.answer(inv2, "Accepted")

	def test_withdrawing_reopens_the_assignment(self):
		member = create_active_member()
		doc = create_assignment()
		assignment_flow.invite(doc.name, [member.name])
		inv = frappe.db.get_value("Assignment Expert", {"assignment": doc.name}, "name")
		assignment_flow.answer(inv, "Accepted")
		with self.assertRaises(assignment_flow.InvitationError):
			assignment_flow.answer(inv, "Withdrawn")  # a reason is needed
		self.assertEqual(assignment_flow.answer(inv, "Withdrawn", "I am ill"), "Open")

	def test_confirmation_names_only_themes_members_let_us_name(self):
		member = create_active_member(
			themes=[
				{"experience_theme": "Psychosis", "may_be_named": 1},
				{"experience_theme": "Addiction", "may_be_named": 0},
			]
		)
		contact_email = "org-" + frappe.generate_hash(length=6) + "@example.org"
		doc = create_assignment(contact=create_contact(contact_email))
		assignment_flow.invite(doc.name, [member.name])
		assignment_flow.answer(
			frappe.db.get_value("Assignment Expert", {"assignment": doc.name}, "name"), "Accepted"
		)
		doc.reload()
		doc.confirm_to_organisation()
		message = queued_to(contact_email)[0]
		self.assertIn(member.first_name, message)
		self.assertIn("Psychosis", message)
		self.assertNotIn("Addiction", message)
		self.assertNotIn(member.last_name, message)
		self.assertNotIn(member.email, message)

	def test_cancel_withdraws_invitations_and_tells_everyone(self):
		member = create_active_member()
		doc = create_assignment()
		assignment_flow.invite(doc.name, [member.name])
		doc.reload()
		doc.cancel_assignment("The school closed that day")
		self.assertEqual(
			frappe.db.get_value("Assignment Expert", {"assignment": doc.name}, "status"), "Withdrawn"
		)
		self.assertIn("The school closed that day", queued_to(member.email)[0])

	def test_completed_after_last_session_then_evaluation_and_debrief(self):
		from lef_members.domain import tokens
		from lef_members.utilities import links

		member = create_active_member(slots=(("Monday", "Morning"), ("Tuesday", "Morning")))
		contact_email = "org-" + frappe.generate_hash(length=6) + "@example.org"
		doc = create_assignment(contact=create_contact(contact_email))
		assignment_flow.invite(doc.name, [member.name])
		assignment_flow.answer(
			frappe.db.get_value("Assignment Expert", {"assignment": doc.name}, "name"), "Accepted"
		)
		doc.reload()
		doc.confirm_to_organisation()
		# the session took place last week
		frappe.db.set_value("Assignment Session", doc.sessions[0].name, "session_date", add_days(today(), -7))
		self.assertIn(doc.name, assignment_flow.complete_finished_assignments())
		self.assertEqual(assignment_flow.complete_finished_assignments(), [])  # idempotent
		doc.reload()
		self.assertEqual(doc.status, "Completed")
		self.assertTrue(queued_to(member.email))

		token = links.make(tokens.PURPOSE_EVALUATION, doc.name, doc.evaluation_nonce, 10)
		assignment_flow.evaluate(token, 4, "<b>Very</b> good")
		doc.reload()
		self.assertAlmostEqual(doc.evaluation_rating, 0.8)
		self.assertEqual(doc.evaluation_comment, "Very good")
		with self.assertRaises(tokens.UsedToken):
			assignment_flow.evaluate(token, 5, "again")
