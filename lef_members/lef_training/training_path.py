"""The training path on a site: load what the rules in :mod:`lef_members.domain.training` need in
a few queries, ask them, and write back.

- :func:`qualification_for` answers "is this member qualified for this assignment type on this
  date" (what matching asks), :func:`certificates_for_matching` gives many members' certificates
  in one go;
- :func:`member_training_overview` is what the member's record shows;
- :func:`activate_after_basic_training` is the coordinator's confirmed move from In Training to
  Active;
- :func:`send_certificate_reminders` and :func:`send_stalled_training_reminders` are the daily
  jobs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder.functions import Max, Min
from frappe.translate import print_language
from frappe.utils import add_days, cint, formatdate, get_url, get_url_to_form, getdate, today

from lef_members.domain import training as rules
from lef_members.domain.errors import DomainError
from lef_members.domain.members import ACTIVE, IN_TRAINING, LEFT
from lef_members.exceptions import MemberStatusError, throw_domain_error

# Reason params that hold a course name (translated: courses are a translated DocType) or an
# ISO date (shown in the reader's date format).
COURSE_PARAMS = frozenset({"course"})
DATE_PARAMS = frozenset({"valid_until", "expired_on", "valid_from"})

DEFAULT_REMINDER_DAYS = 60


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_catalogue(include_disabled: bool = True) -> dict[str, rules.Course]:
	"""Every training course as the rules see it (three queries, whatever the number of courses)."""
	filters = {} if include_disabled else {"disabled": 0}
	courses = frappe.get_all(
		"Training Course",
		filters=filters,
		fields=["name", "validity_months", "required_attendance"],
		order_by="name asc",
	)
	prerequisites = _child_rows("Training Course Prerequisite", "prerequisite")
	assignment_types = _child_rows("Training Course Assignment Type", "assignment_type")
	return {
		c.name: rules.Course(
			name=c.name,
			prerequisites=tuple(prerequisites.get(c.name, ())),
			validity_months=cint(c.validity_months) or None,
			qualifies_for=tuple(assignment_types.get(c.name, ())),
			required_attendance=attendance_ratio(c.required_attendance),
		)
		for c in courses
	}


def _child_rows(doctype: str, fieldname: str, parenttype: str = "Training Course") -> dict[str, list[str]]:
	rows = frappe.get_all(
		doctype,
		filters={"parenttype": parenttype},
		fields=["parent", fieldname],
		order_by="parent asc, idx asc",
	)
	found: dict[str, list[str]] = {}
	for row in rows:
		if row.get(fieldname):
			found.setdefault(row.parent, []).append(row.get(fieldname))
	return found


def attendance_ratio(percent) -> Decimal | None:
	"""The course's Percent field as the share the rules take (None: every date)."""
	value = Decimal(str(percent or 0))
	if value <= 0 or value >= 100:
		return None
	return value / 100


def courses_listed_by_types() -> dict[str, list[str]]:
	"""Per Assignment Type, the courses it lists itself as required (one query), when that
	DocType exists.

	Assignment Type is built in its own issue; until it is installed only the courses' own
	"qualifies for" list counts.
	"""
	if not frappe.db.exists("DocType", "Assignment Type Course"):
		return {}
	return _child_rows("Assignment Type Course", "training_course", parenttype="Assignment Type")


def courses_listed_by_type(assignment_type: str) -> list[str]:
	"""The courses one Assignment Type lists itself as required (see above)."""
	if not frappe.db.exists("DocType", "Assignment Type Course"):
		return []
	return frappe.get_all(
		"Assignment Type Course",
		filters={"parenttype": "Assignment Type", "parent": assignment_type},
		pluck="training_course",
		order_by="idx asc",
	)


def certificates_of(members: Iterable[str] | None = None) -> list[rules.Certificate]:
	"""The passed enrolments (certificates) of these members, or of everyone, in two queries."""
	filters: dict = {"result": rules.PASSED, "completion_date": ("is", "set")}
	# Intervision is counted apart: attending it gives no certificate.
	intervision = frappe.get_all("Training Course", filters={"is_intervision": 1}, pluck="name")
	if intervision:
		filters["course"] = ("not in", intervision)
	if members is not None:
		members = list(members)
		if not members:
			return []
		filters["member"] = ("in", members)
	rows = frappe.get_all(
		"Training Enrollment",
		filters=filters,
		fields=["name", "member", "course", "completion_date", "certificate_expiry", "expiry_reminded_on"],
	)
	return [
		rules.Certificate(
			course=row.course,
			completed_on=getdate(row.completion_date),
			expires_on=getdate(row.certificate_expiry) if row.certificate_expiry else None,
			member=row.member,
			reminded_on=getdate(row.expiry_reminded_on) if row.expiry_reminded_on else None,
			name=row.name,
		)
		for row in rows
	]


def passed_courses(member: str) -> set[str]:
	"""Courses the member ever passed (an expired certificate still counts as a prerequisite)."""
	return {c.course for c in certificates_of([member])}


# ---------------------------------------------------------------------------------------------
# Qualification
# ---------------------------------------------------------------------------------------------


def qualification_for(member: str, assignment_type: str, on_date: date | str) -> rules.Qualification:
	"""Is this member qualified for this assignment type on this date? With the reasons.

	The site's entry to :func:`lef_members.domain.training.qualified_for`, for matching and for
	the member's record. Assignment types are passed by name.
	"""
	catalogue = load_catalogue(include_disabled=False)
	return rules.qualified_for(
		assignment_type,
		getdate(on_date),
		certificates_of([member]),
		catalogue.values(),
		listed_by_type=courses_listed_by_type(assignment_type),
	)


def certificates_for_matching(members: Iterable[str]) -> dict[str, dict[str, date | None]]:
	"""Per member, per course, the expiry of their best certificate (None: never expires).

	The compact form matching reads (see ``default_qualify`` in the matching rules): one query
	for any number of candidates.
	"""
	by_member: dict[str, list[rules.Certificate]] = {}
	for certificate in certificates_of(members):
		by_member.setdefault(certificate.member, []).append(certificate)
	return {member: rules.latest_expiry_by_course(own) for member, own in by_member.items()}


def render_reason(reason: rules.Reason) -> str:
	"""A reason in the reader's language: the template, course names and dates translated."""
	params = {}
	for key, value in reason.params.items():
		if key in COURSE_PARAMS:
			params[key] = _(str(value))
		elif key in DATE_PARAMS and value:
			params[key] = formatdate(value)
		else:
			params[key] = value
	return _(reason.template).format(**params)


def state_label(state: str) -> str:
	"""A certificate state in the reader's language."""
	labels = {
		rules.VALID: _("Valid", context="lef_members"),
		rules.EXPIRING: _("Expiring"),
		rules.EXPIRED: _("Expired"),
		rules.NOT_YET_VALID: _("Not yet valid"),
	}
	return labels.get(state) or _(state, context="Training Enrollment")


def valid_until(expires_on: date | None) -> date | None:
	"""The last day a certificate counts (the day before it expires); None: it never expires."""
	return add_days(expires_on, -1) if expires_on else None


def assignment_types_with_requirements(
	catalogue: dict[str, rules.Course], listed: dict[str, list[str]]
) -> list[str]:
	"""The assignment types some training is required for, by name, sorted."""
	types = {name for course in catalogue.values() for name in course.qualifies_for}
	types.update(name for name, courses in listed.items() if courses)
	return sorted(types)


def member_training_overview(member: str, status: str | None = None, on_date: date | None = None) -> dict:
	"""What the member's record shows: each certificate's state, the assignment types the member
	is (not) qualified for today, skills vouched for by training, and whether a coordinator may
	activate them after the basic training.
	"""
	on_date = on_date or getdate(today())
	enabled = load_catalogue(include_disabled=False)
	certificates = certificates_of([member])
	warn_days = reminder_days() or DEFAULT_REMINDER_DAYS
	states = [
		{
			"course": state.course,
			"state": state.state,
			"state_label": state_label(state.state),
			"reason": render_reason(state.reason),
			"completed_on": state.certificate.completed_on,
			"expires_on": state.certificate.expires_on,
			"valid_until": valid_until(state.certificate.expires_on),
			"enrollment": state.certificate.name,
			"url": get_url_to_form("Training Enrollment", state.certificate.name),
			"days_left": state.days_left,
		}
		for state in rules.certificate_states(certificates, on_date, warn_days)
	]
	qualifications = []
	listed = courses_listed_by_types()
	for assignment_type in assignment_types_with_requirements(enabled, listed):
		result = rules.qualified_for(
			assignment_type,
			on_date,
			certificates,
			enabled.values(),
			listed_by_type=listed.get(assignment_type, ()),
		)
		qualifications.append(
			{
				"assignment_type": assignment_type,
				"qualified": result.qualified,
				"reasons": [render_reason(r) for r in result.reasons],
			}
		)
	skills = rules.skills_from_certificates(
		certificates, _child_rows("Training Course Skill", "skill"), on_date
	)
	activation = None
	if status == IN_TRAINING:
		try:
			activation = rules.activation_course(status, certificates, basic_courses(), on_date)
		except DomainError:
			activation = None
	return {
		"certificates": states,
		"qualifications": qualifications,
		"skills": skills,
		"activation_course": activation,
	}


def basic_courses() -> list[str]:
	return frappe.get_all("Training Course", filters={"is_basic_training": 1}, pluck="name", order_by="name")


def member_training_onload(member: str, status: str | None) -> dict:
	"""What the member's form receives: the HTML block (certificates and qualifications) and
	the basic training that allows activation, if any (the form then offers the button).
	"""
	overview = member_training_overview(member, status)
	html = frappe.render_template("lef_members/templates/includes/member_training.html", overview)
	return {"html": html, "activation_course": overview["activation_course"]}


# ---------------------------------------------------------------------------------------------
# Activation after the basic training
# ---------------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def activate_after_basic_training(member: str) -> dict:
	"""Move a member from In Training to Active once they passed the basic training.

	A coordinator confirms this in the desk: it never happens by itself. The lifecycle rules
	(e-mail, consent) apply as for any status change.
	"""
	doc = frappe.get_doc("Expert by Experience", member)
	doc.check_permission("write")
	try:
		course = rules.activation_course(
			doc.status, certificates_of([member]), basic_courses(), getdate(today())
		)
	except DomainError as error:
		throw_domain_error(error, MemberStatusError, title=_("Not activated"))
	doc.status = ACTIVE
	doc.save()
	doc.add_comment("Info", _("Activated after passing {0}.").format(_(course)))
	return {"status": doc.status, "message": _("{0} is now Active.").format(doc.full_name)}


# ---------------------------------------------------------------------------------------------
# Reminders (daily jobs)
# ---------------------------------------------------------------------------------------------


def reminder_days() -> int:
	return cint(frappe.db.get_single_value("LEF Settings", "certificate_reminder_days"))


def stalled_months() -> int:
	return cint(frappe.db.get_single_value("LEF Settings", "stalled_training_months"))


def _members(names: Iterable[str]) -> dict[str, frappe._dict]:
	names = list(set(names))
	if not names:
		return {}
	rows = frappe.get_all(
		"Expert by Experience",
		filters={"name": ("in", names)},
		fields=["name", "full_name", "first_name", "email", "status", "coordinator", "preferred_language"],
	)
	return {row.name: row for row in rows}


def coordinator_recipients(coordinators: Iterable[str | None]) -> list[str]:
	"""Who hears about members: their own coordinators; else the forum's address; else every
	enabled user with the LEF Coordinator role.
	"""
	own = sorted({c for c in coordinators if c})
	if own:
		return own
	forum = frappe.db.get_single_value("LEF Settings", "forum_email")
	if forum:
		return [forum]
	HasRole = frappe.qb.DocType("Has Role")
	User = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(HasRole)
		.join(User)
		.on(User.name == HasRole.parent)
		.select(User.name)
		.distinct()
		.where((HasRole.role == "LEF Coordinator") & (HasRole.parenttype == "User") & (User.enabled == 1))
		.run(pluck=True)
	)


def send_certificate_reminders() -> list[str]:
	"""Daily: tell members (and their coordinators, in one digest) that a certificate expires
	within the set number of days. Each certificate is reminded once per expiry: the date is
	stored on the enrolment, so a rerun sends nothing twice. Returns the enrolments reminded.
	"""
	days = reminder_days()
	if days <= 0:
		return []
	now = getdate(today())
	due_soon = frappe.get_all(
		"Training Enrollment",
		filters={
			"result": rules.PASSED,
			"certificate_expiry": ("between", [add_days(now, 1), add_days(now, days)]),
		},
		pluck="member",
	)
	if not due_soon:
		return []
	members = _members(due_soon)
	active = [name for name, m in members.items() if m.status != LEFT]
	# All certificates of those members, so a renewal hides the old one.
	due = rules.certificates_expiring(certificates_of(active), now, days)
	reminded, digest = [], []
	for certificate in due:
		member = members[certificate.member]
		savepoint = "lef_certificate_reminder"
		frappe.db.savepoint(savepoint)
		try:
			with print_language(member.preferred_language or None):
				frappe.sendmail(
					recipients=[member.email],
					subject=_("Your certificate {0} expires on {1}").format(
						_(certificate.course), formatdate(certificate.expires_on)
					),
					template="training_certificate_expiring",
					args={
						"first_name": member.first_name,
						"course": _(certificate.course),
						"expires_on": formatdate(certificate.expires_on),
						"portal_url": get_url("/lef/trainings"),
					},
					reference_doctype="Training Enrollment",
					reference_name=certificate.name,
				)
			frappe.db.set_value(
				"Training Enrollment", certificate.name, "expiry_reminded_on", now, update_modified=False
			)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(title=f"lef_members: certificate reminder for {certificate.name} failed")
			continue
		reminded.append(certificate.name)
		digest.append(
			{
				"member": member.full_name,
				"url": get_url_to_form("Expert by Experience", member.name),
				"course": certificate.course,
				"expires_on": formatdate(certificate.expires_on),
				"coordinator": member.coordinator,
			}
		)
	_send_digest(
		digest,
		subject=_("Certificates expiring within {0} days").format(days),
		template="training_expiring_digest",
	)
	return reminded


def send_stalled_training_reminders() -> list[str]:
	"""Daily: members In Training with no progress for the set number of months (no enrolment,
	attendance or completion, and nothing planned) get a friendly note, their coordinators a
	digest. Repeated at most once per that many months (stored on the member).
	"""
	months = stalled_months()
	if months <= 0:
		return []
	now = getdate(today())
	members = frappe.get_all(
		"Expert by Experience",
		filters={"status": IN_TRAINING},
		fields=[
			"name",
			"full_name",
			"first_name",
			"email",
			"status",
			"coordinator",
			"preferred_language",
			"in_training_since",
			"training_reminded_on",
			"creation",
		],
	)
	if not members:
		return []
	progress = _progress(m.name for m in members)
	trainees = [
		rules.TraineeProgress(
			member=m.name,
			status=m.status,
			in_training_since=getdate(m.in_training_since or m.creation),
			last_progress_on=progress.get(m.name, {}).get("last"),
			next_session_on=progress.get(m.name, {}).get("next"),
			reminded_on=getdate(m.training_reminded_on) if m.training_reminded_on else None,
		)
		for m in members
	]
	by_name = {m.name: m for m in members}
	reminded, digest = [], []
	for trainee in rules.stalled_in_training(trainees, now, months):
		member = by_name[trainee.member]
		savepoint = "lef_stalled_reminder"
		frappe.db.savepoint(savepoint)
		try:
			with print_language(member.preferred_language or None):
				frappe.sendmail(
					recipients=[member.email],
					subject=_("Your training path at the forum"),
					template="training_stalled",
					args={"first_name": member.first_name, "portal_url": get_url("/lef/trainings")},
					reference_doctype="Expert by Experience",
					reference_name=member.name,
				)
			frappe.db.set_value(
				"Expert by Experience", member.name, "training_reminded_on", now, update_modified=False
			)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(title=f"lef_members: training reminder for {member.name} failed")
			continue
		reminded.append(member.name)
		last = trainee.last_progress_on or trainee.in_training_since
		digest.append(
			{
				"member": member.full_name,
				"url": get_url_to_form("Expert by Experience", member.name),
				"since": formatdate(last) if last else "",
				"coordinator": member.coordinator,
			}
		)
	_send_digest(
		digest,
		subject=_("Members in training without progress for {0} months").format(months),
		template="training_stalled_digest",
	)
	return reminded


def _progress(members: Iterable[str]) -> dict[str, dict[str, date | None]]:
	"""Per member: the last step on the training path and the next session date planned.

	Three grouped queries: enrolments (when they enrolled, when they completed), attended
	dates, and upcoming dates of sessions they hold a place or wait in.
	"""
	members = list(members)
	Enrollment = frappe.qb.DocType("Training Enrollment")
	Attendance = frappe.qb.DocType("Training Attendance")
	Session = frappe.qb.DocType("Training Session")
	SessionDate = frappe.qb.DocType("Training Session Date")
	found: dict[str, dict[str, date | None]] = {m: {"last": None, "next": None} for m in members}

	def later(member: str, value) -> None:
		if value:
			value = getdate(value)
			current = found[member]["last"]
			found[member]["last"] = value if current is None else max(current, value)

	enrolled = (
		frappe.qb.from_(Enrollment)
		.select(Enrollment.member, Max(Enrollment.creation), Max(Enrollment.completion_date))
		.where(Enrollment.member.isin(members))
		.groupby(Enrollment.member)
		.run()
	)
	for member, enrolled_on, completed_on in enrolled:
		later(member, enrolled_on)
		later(member, completed_on)
	attended = (
		frappe.qb.from_(Attendance)
		.join(Enrollment)
		.on(Enrollment.name == Attendance.parent)
		.select(Enrollment.member, Max(Attendance.session_date))
		.where(
			(Attendance.parenttype == "Training Enrollment")
			& (Attendance.present == 1)
			& (Attendance.session_date <= today())
			& Enrollment.member.isin(members)
		)
		.groupby(Enrollment.member)
		.run()
	)
	for member, attended_on in attended:
		later(member, attended_on)
	upcoming = (
		frappe.qb.from_(SessionDate)
		.join(Session)
		.on(Session.name == SessionDate.parent)
		.join(Enrollment)
		.on(Enrollment.training_session == Session.name)
		.select(Enrollment.member, Min(SessionDate.session_date))
		.where(
			(SessionDate.parenttype == "Training Session")
			& (SessionDate.session_date >= today())
			& Session.status.notin([rules.SESSION_CANCELLED, rules.SESSION_COMPLETED])
			& Enrollment.status.isin([rules.ENROLLED, rules.WAITLISTED])
			& Enrollment.member.isin(members)
		)
		.groupby(Enrollment.member)
		.run()
	)
	for member, next_on in upcoming:
		found[member]["next"] = getdate(next_on) if next_on else None
	return found


def _send_digest(items: list[dict], subject: str, template: str) -> None:
	"""One e-mail per coordinator (or to the forum) listing the members concerned."""
	if not items:
		return
	by_recipient: dict[str, list[dict]] = {}
	fallback: list[str] | None = None
	for item in items:
		if item.get("coordinator"):
			recipients = [item["coordinator"]]
		else:
			if fallback is None:
				fallback = coordinator_recipients([])
			recipients = fallback
		for recipient in recipients:
			by_recipient.setdefault(recipient, []).append(item)
	for recipient, own in by_recipient.items():
		try:
			frappe.sendmail(recipients=[recipient], subject=subject, template=template, args={"items": own})
		except Exception:
			frappe.log_error(title=f"lef_members: training digest to {recipient} failed")
