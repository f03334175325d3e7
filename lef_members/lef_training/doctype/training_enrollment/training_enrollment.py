# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""A member's place in a training session.

Places and the waiting list are decided by :mod:`lef_members.domain.training` under a lock on the
session's row: whoever changes the enrolments of a session (enrol, withdraw, a result, a move-up,
a change of the session itself) first takes that lock, so two members enrolling for the last
place at the same moment are served one after the other, and the locks are always taken in the
same order (session, then enrolments), which rules out deadlocks between them.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_url, getdate, now_datetime

from lef_members.domain import training as rules
from lef_members.domain.errors import DomainError
from lef_members.exceptions import (
	EnrolmentError,
	PrerequisiteError,
	TrainingResultError,
	throw_domain_error,
)
from lef_members.lef_members.pace.jobs import refresh_last_intervision
from lef_members.lef_training.training_path import (
	attendance_ratio,
	load_catalogue,
	passed_courses,
	render_reason,
	valid_until,
)


class TrainingEnrollment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from lef_members.lef_training.doctype.training_attendance.training_attendance import (
			TrainingAttendance,
		)

		attendance: DF.Table[TrainingAttendance]
		certificate_expiry: DF.Date | None
		completion_date: DF.Date | None
		course: DF.Link | None
		enrolled_at: DF.Datetime | None
		enrolled_via: DF.Literal["Coordinator", "Portal"]
		expiry_reminded_on: DF.Date | None
		member: DF.Link
		member_name: DF.Data | None
		naming_series: DF.Literal["LEF-TRE-.YYYY.-.#####"]
		result: DF.Literal["", "Passed", "Not Passed", "Withdrew"]
		status: DF.Literal["Enrolled", "Waitlisted", "Withdrawn", "Completed"]
		training_session: DF.Link
	# end: auto-generated types

	def before_insert(self):
		if self.flags.moved_in:
			return  # a certificate earned before the app: no place to decide
		self.decide_place()

	def validate(self):
		self.check_status_not_set_by_hand()
		self.sync_attendance()
		self.apply_result()

	def on_update(self):
		if frappe.get_cached_value("Training Course", self.course, "is_intervision"):
			refresh_last_intervision(self.member)
		before = self.get_doc_before_save()
		if before is not None and before.status == self.status:
			return
		if not self.flags.in_move_up:
			move_up(self.training_session)
		refresh_counts(self.training_session)

	def check_if_latest(self):
		# Saving an existing enrolment locks its own row first (Document.check_if_latest): take
		# the session's lock before it, in the same order as enrolling does.
		if self.training_session:
			lock_session(self.training_session)
		super().check_if_latest()

	def on_trash(self):
		lock_session(self.training_session)

	def after_delete(self):
		move_up(self.training_session)
		refresh_counts(self.training_session)
		if frappe.get_cached_value("Training Course", self.course, "is_intervision"):
			refresh_last_intervision(self.member)

	# --- enrolment -------------------------------------------------------------------

	def decide_place(self):
		"""Enrolled or on the waiting list, decided under the session's lock.

		``flags.by_member`` is set by the portal: the member must be In Training or Active, the
		session Open and not started, and the prerequisites passed. A coordinator may enrol in
		more cases; missing prerequisites are then only a warning.
		"""
		by_member = bool(self.flags.by_member)
		session = lock_session(self.training_session)
		member = frappe.db.get_value(
			"Expert by Experience", self.member, ["name", "status", "full_name"], as_dict=True
		)
		if not member:
			frappe.throw(_("There is no member {0}.").format(self.member), frappe.DoesNotExistError)
		try:
			rules.check_member_may_enrol(member.status, by_coordinator=not by_member)
		except DomainError as error:
			throw_domain_error(error, EnrolmentError, title=_("Not enrolled"))
		self.check_prerequisites(session.course, by_member)
		enrolments = session_enrolments(self.training_session)
		now = now_datetime()
		try:
			decision = rules.enrol(
				session_places(session), enrolments, self.member, now, by_coordinator=not by_member
			)
		except DomainError as error:
			if "member" in error.params:
				error.params["member"] = member.full_name
			throw_domain_error(error, EnrolmentError, title=_("Not enrolled"))
		self.status = decision.status
		self.enrolled_at = now
		self.enrolled_via = "Portal" if by_member else "Coordinator"
		self.course = session.course
		self.flags.decision = decision

	def check_prerequisites(self, course: str, by_member: bool):
		missing = rules.missing_prerequisites(course, passed_courses(self.member), load_catalogue())
		if not missing:
			return
		reasons = "; ".join(render_reason(r) for r in rules.prerequisite_reasons(missing))
		if by_member:
			frappe.throw(
				_("You cannot enrol in {0} yet: {1}.").format(_(course), reasons),
				PrerequisiteError,
				title=_("Not enrolled"),
			)
		frappe.msgprint(
			_("Enrolled although the prerequisites are not met: {0}.").format(reasons),
			title=_("Prerequisites"),
			indicator="orange",
		)

	# --- status, attendance, result -------------------------------------------------

	def check_status_not_set_by_hand(self):
		before = self.get_doc_before_save()
		if before is None or before.status == self.status or self.flags.status_set_by_app:
			return
		frappe.throw(
			_(
				"The status follows from enrolment, withdrawal and the result; it cannot be set by hand. Use Withdraw or enter a result."
			),
			EnrolmentError,
		)

	def sync_attendance(self):
		"""One attendance row per date of the session; what was recorded is kept."""
		dates = frappe.get_all(
			"Training Session Date",
			filters={"parent": self.training_session, "parenttype": "Training Session"},
			pluck="session_date",
		)
		recorded = [rules.Attendance(getdate(row.session_date), bool(row.present)) for row in self.attendance]
		synced = rules.sync_attendance((getdate(d) for d in dates), recorded)
		if [(r.session_date, bool(r.present)) for r in synced] == [
			(a.session_date, bool(a.present)) for a in recorded
		]:
			return
		self.set("attendance", [])
		for row in synced:
			self.append("attendance", {"session_date": row.session_date, "present": 1 if row.present else 0})

	def apply_result(self):
		"""The status, completion date and certificate expiry that follow from the result."""
		try:
			status = rules.status_after_result(self.status, self.result or None)
			if self.result in (rules.PASSED, rules.NOT_PASSED):
				course = frappe.db.get_value(
					"Training Course", self.course, ["validity_months", "required_attendance"], as_dict=True
				)

				done = rules.completion(
					self.result,
					[rules.Attendance(getdate(r.session_date), bool(r.present)) for r in self.attendance],
					attendance_ratio(course.required_attendance) if course else None,
				)
				self.completion_date = done.completed_on
				self.certificate_expiry = (
					rules.certificate_expiry(
						done.completed_on, (course.validity_months or 0) if course else 0
					)
					if done.passed and done.completed_on
					else None
				)
			else:
				self.completion_date = None
				self.certificate_expiry = None
		except DomainError as error:
			throw_domain_error(error, TrainingResultError, title=_("Result not saved"))
		self.status = status

	# --- actions ---------------------------------------------------------------------

	@frappe.whitelist()
	def withdraw(self):
		"""A coordinator withdraws the member (before or after the session started)."""
		self.check_permission("write")
		withdraw_enrolment(self.name, by_coordinator=True)
		self.reload()
		return {"status": self.status}

	def has_certificate(self) -> bool:
		return self.result == rules.PASSED and bool(self.completion_date)

	def before_print(self, settings=None):
		"""What the Training Certificate print format shows (and nothing more)."""
		self.certificate = certificate_context(self)


def certificate_context(doc: "TrainingEnrollment") -> frappe._dict:
	"""The forum, the course's hours, the session's dates and trainers, the validity."""
	if not doc.has_certificate():
		return frappe._dict(passed=False)
	session = frappe.db.get_value(
		"Training Session", doc.training_session, ["start_date", "end_date"], as_dict=True
	)
	trainers = frappe.get_all(
		"Training Session Trainer",
		filters={"parent": doc.training_session, "parenttype": "Training Session"},
		pluck="trainer_name",
		order_by="idx asc",
	)
	settings = (
		frappe.db.get_value("LEF Settings", "LEF Settings", ["forum_name", "forum_website"], as_dict=True)
		or frappe._dict()
	)
	return frappe._dict(
		passed=True,
		forum_name=settings.forum_name or "LEF",
		forum_website=settings.forum_website,
		hours=frappe.db.get_value("Training Course", doc.course, "hours"),
		first_date=session.start_date if session else None,
		last_date=session.end_date if session else None,
		trainers=[t for t in trainers if t],
		valid_until=valid_until(getdate(doc.certificate_expiry)) if doc.certificate_expiry else None,
	)


# ---------------------------------------------------------------------------------------------
# Loading and locking a session
# ---------------------------------------------------------------------------------------------


def lock_session(session: str) -> frappe._dict:
	"""Lock the session's row until the end of the transaction and return what enrolment needs."""
	row = frappe.db.get_value(
		"Training Session", session, ["name", "status", "capacity", "course"], as_dict=True, for_update=True
	)
	if not row:
		frappe.throw(_("There is no training session {0}.").format(session), frappe.DoesNotExistError)
	return row


def session_places(session: frappe._dict) -> rules.SessionPlaces:
	"""The session as the rules see it: places (0: no limit), status and when it starts."""
	dates = frappe.get_all(
		"Training Session Date",
		filters={"parent": session.name, "parenttype": "Training Session"},
		fields=["session_date", "start_time"],
	)
	starts_at = rules.session_start(
		(getdate(d.session_date), _time(d.start_time) if d.start_time else None) for d in dates
	)
	return rules.SessionPlaces(session.capacity or None, session.status, starts_at)


def _time(value):
	from frappe.utils import get_time

	return get_time(value)


def session_enrolments(session: str) -> list[rules.Enrolment]:
	"""All enrolments of the session, read with a locking read.

	Under the session's lock a plain read could still see the snapshot taken at the start of
	this transaction (MariaDB's repeatable read) and miss an enrolment another member committed
	meanwhile; a locking read always sees the latest committed rows.
	"""
	Enrollment = frappe.qb.DocType("Training Enrollment")
	rows = (
		frappe.qb.from_(Enrollment)
		.select(
			Enrollment.name, Enrollment.member, Enrollment.status, Enrollment.enrolled_at, Enrollment.creation
		)
		.where(Enrollment.training_session == session)
		.for_update()
		.run(as_dict=True)
	)
	return [
		rules.Enrolment(row.member, row.status, row.enrolled_at or row.creation, row.name) for row in rows
	]


def refresh_counts(session: str) -> None:
	"""Store how many hold a place and how many wait, for the list view and the portal."""
	enrolments = session_enrolments(session)
	frappe.db.set_value(
		"Training Session",
		session,
		{
			"enrolled_count": rules.places_taken(enrolments),
			"waitlist_count": len(rules.waiting_list(enrolments)),
		},
		update_modified=False,
	)


# ---------------------------------------------------------------------------------------------
# Withdrawal and moving up
# ---------------------------------------------------------------------------------------------


def withdraw_enrolment(name: str, by_coordinator: bool = False) -> None:
	"""Withdraw an enrolment (or a place on the waiting list); the next in line moves up."""
	session_name = frappe.db.get_value("Training Enrollment", name, "training_session")
	session = lock_session(session_name)
	doc = frappe.get_doc("Training Enrollment", name)
	try:
		rules.check_may_withdraw(doc.status, session_places(session), now_datetime(), by_coordinator)
	except DomainError as error:
		throw_domain_error(error, EnrolmentError, title=_("Not withdrawn"))
	doc.status = rules.WITHDRAWN
	doc.flags.status_set_by_app = True
	doc.save(ignore_permissions=True)


def move_up(session_name: str) -> list[str]:
	"""Give free places to the longest waiting, first come first served, and tell them.

	Called after anything that may free a place (a withdrawal, a deleted enrolment, more
	places, a session opened again); does nothing once the session started or ended.
	"""
	session = lock_session(session_name)
	enrolments = session_enrolments(session_name)
	members = rules.after_withdrawal(session_places(session), enrolments, now_datetime())
	waiting = {e.member: e.name for e in enrolments if e.status == rules.WAITLISTED}
	moved = []
	for member in members:
		doc = frappe.get_doc("Training Enrollment", waiting[member])
		doc.status = rules.ENROLLED
		doc.flags.status_set_by_app = True
		doc.flags.in_move_up = True
		doc.save(ignore_permissions=True)
		doc.add_comment("Info", _("A place freed up: moved from the waiting list to Enrolled."))
		notify_moved_up(doc)
		moved.append(doc.name)
	return moved


def notify_moved_up(doc: Document) -> None:
	"""Tell the member they have a place now (in their language); a failed e-mail is logged."""
	from frappe.translate import print_language

	member = frappe.db.get_value(
		"Expert by Experience", doc.member, ["email", "first_name", "preferred_language"], as_dict=True
	)
	if not member or not member.email:
		return
	try:
		with print_language(member.preferred_language or None):
			frappe.sendmail(
				recipients=[member.email],
				subject=_("You have a place in {0}").format(_(doc.course)),
				template="training_place_freed",
				args={
					"first_name": member.first_name,
					"course": _(doc.course),
					"portal_url": get_url("/lef/trainings"),
				},
				reference_doctype=doc.doctype,
				reference_name=doc.name,
			)
	except Exception:
		frappe.log_error(title=f"lef_members: move-up e-mail for {doc.name} failed")
