"""Daily jobs for a member's own pace, idempotent like the training reminders.

- :func:`end_not_now`: a "Not now" whose date has passed becomes "Yes"; the member and their
  coordinator are told only that it ended.
- :func:`send_intervision_invitations`: members who take assignments and attended no intervision
  for the months set in LEF Settings (off by default) get a friendly invitation, their
  coordinators a list. Stored on the member, so a rerun sends nothing twice.
"""

from __future__ import annotations

import frappe
from frappe import _, _lt
from frappe.utils import cint, formatdate, get_url, get_url_to_form, getdate, today

from lef_members.domain import pace
from lef_members.domain import training as training_rules
from lef_members.domain.members import ACTIVE, PAUSED
from lef_members.lef_members.doctype.expert_by_experience.expert_by_experience import (
	refresh_matching_profile,
)
from lef_members.lef_training.training_path import _send_digest, coordinator_recipients
from lef_members.utilities import notify

MEMBER = "Expert by Experience"


def end_not_now() -> list[str]:
	"""Daily: every "Not now" that ended becomes "Yes". Returns the members told."""
	on = getdate(today())
	rows = frappe.get_all(
		"Expert Theme",
		filters={
			"parenttype": MEMBER,
			"willingness": pace.WILLING_NOT_NOW,
			"not_now_until": ("<", on),
		},
		fields=["name", "parent", "experience_theme", "willingness", "not_now_until"],
	)
	ended = {
		r.theme  # the row's name, carried as the theme here
		for r in pace.ended_not_now(
			[pace.ThemeWillingness(r.name, r.willingness, getdate(r.not_now_until)) for r in rows], on
		)
	}
	by_member: dict[str, list[str]] = {}
	for row in rows:
		if row.name in ended:
			by_member.setdefault(row.parent, []).append(row.experience_theme)
	told = []
	for member_name, themes in sorted(by_member.items()):
		# The change stands whatever happens to the mails (notify.send never raises).
		frappe.db.sql(
			"""update `tabExpert Theme` set willingness=%s, not_now_until=null
			where parent=%s and parenttype=%s and willingness=%s and not_now_until < %s""",
			(pace.WILLING_YES, member_name, MEMBER, pace.WILLING_NOT_NOW, on),
		)
		refresh_matching_profile(member_name)
		_tell_not_now_ended(member_name, sorted(themes))
		told.append(member_name)
	return told


def _tell_not_now_ended(member_name: str, themes: list[str]) -> None:
	"""Tell the member and their coordinator that it ended, and nothing more."""
	member = frappe.db.get_value(
		MEMBER,
		member_name,
		["name", "full_name", "first_name", "email", "coordinator", "preferred_language"],
		as_dict=True,
	)
	lang = member.preferred_language or None
	with notify.language(lang):
		names = [_(t) for t in themes]
	notify.send(
		member.email,
		_lt("Your 'not now' has ended"),
		"not_now_ended",
		{
			"first_name": member.first_name or member.full_name,
			"themes": names,
			"profile_url": get_url("/lef/profile"),
		},
		lang=lang,
		reference_doctype=MEMBER,
		reference_name=member.name,
	)
	for recipient in coordinator_recipients([member.coordinator]):
		notify.send(
			recipient,
			_lt("A member's 'not now' has ended"),
			"not_now_ended_coordinator",
			{"member": member.full_name, "url": get_url_to_form(MEMBER, member.name)},
			lang=notify.user_language(recipient),
			reference_doctype=MEMBER,
			reference_name=member.name,
		)


def intervision_months() -> int:
	return cint(frappe.db.get_single_value("LEF Settings", "intervision_months"))


def last_intervisions(members: list[str] | None = None) -> dict[str, object]:
	"""member -> the last intervision date they attended, in one query."""
	attendance = frappe.qb.DocType("Training Attendance")
	enrollment = frappe.qb.DocType("Training Enrollment")
	course = frappe.qb.DocType("Training Course")
	from frappe.query_builder.functions import Max

	query = (
		frappe.qb.from_(attendance)
		.join(enrollment)
		.on((attendance.parent == enrollment.name) & (attendance.parenttype == "Training Enrollment"))
		.join(course)
		.on(course.name == enrollment.course)
		.select(enrollment.member, Max(attendance.session_date))
		.where(attendance.present == 1)
		.where(course.is_intervision == 1)
		.where(attendance.session_date <= getdate(today()))
		.groupby(enrollment.member)
	)
	if members is not None:
		query = query.where(enrollment.member.isin(members or [""]))
	return {member: getdate(day) for member, day in query.run()}


def refresh_last_intervision(member: str) -> None:
	"""Keep the member's record showing the last intervision attended (after attendance changed)."""
	last = last_intervisions([member]).get(member)
	frappe.db.set_value(MEMBER, member, "last_intervision_on", last, update_modified=False)


def send_intervision_invitations() -> list[str]:
	"""Daily: invite members who work and have not reflected together for the months set."""
	months = intervision_months()
	if months <= 0:
		return []
	on = getdate(today())
	members = frappe.get_all(
		MEMBER,
		filters={"status": ("in", (ACTIVE, PAUSED)), "consent_withdrawn_on": ("is", "not set")},
		fields=[
			"name",
			"full_name",
			"first_name",
			"email",
			"status",
			"coordinator",
			"preferred_language",
			"joined_on",
			"intervision_invited_on",
			"creation",
		],
	)
	if not members:
		return []
	last = last_intervisions([m.name for m in members])
	facts = [
		pace.ReflectionFacts(
			member=m.name,
			# Active members take assignments; a paused member is not asked for anything now.
			takes_assignments=m.status == ACTIVE and bool(m.email),
			last_attended_on=last.get(m.name),
			invited_on=getdate(m.intervision_invited_on) if m.intervision_invited_on else None,
			member_since=getdate(m.joined_on or m.creation),
		)
		for m in members
	]
	by_name = {m.name: m for m in members}
	upcoming = _upcoming_intervisions(on)
	invited, digest = [], []
	for due in pace.reflection_due(facts, on, months):
		member = by_name[due.member]
		lang = member.preferred_language or None
		if not notify.send(
			member.email,
			_lt("Reflect on your work together with other experts"),
			"intervision_invitation",
			{
				"first_name": member.first_name or member.full_name,
				"sessions": upcoming,
				"portal_url": get_url("/lef/trainings"),
			},
			lang=lang,
			reference_doctype=MEMBER,
			reference_name=member.name,
		):
			continue  # not queued (no outgoing account, or it failed and was logged): try again tomorrow
		frappe.db.set_value(MEMBER, member.name, "intervision_invited_on", on, update_modified=False)
		invited.append(member.name)
		digest.append(
			{
				"member": member.full_name,
				"url": get_url_to_form(MEMBER, member.name),
				"since": formatdate(due.last_attended_on) if due.last_attended_on else "",
				"coordinator": member.coordinator,
			}
		)

	_send_digest(
		digest,
		subject=_("Members without intervision for {0} months").format(months),
		template="intervision_digest",
	)
	return invited


def _upcoming_intervisions(on) -> list[dict]:
	"""Open intervision sessions from today, for the invitation."""
	courses = frappe.get_all("Training Course", filters={"is_intervision": 1, "disabled": 0}, pluck="name")
	if not courses:
		return []
	sessions = frappe.get_all(
		"Training Session",
		filters={
			"course": ("in", courses),
			"start_date": (">=", on),
			"status": ("not in", (training_rules.SESSION_CANCELLED,)),
		},
		fields=["title", "course", "start_date"],
		order_by="start_date asc",
		limit=5,
	)
	return [{"title": s.title or _(s.course), "date": formatdate(s.start_date)} for s in sessions]
