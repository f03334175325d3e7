"""The work around an assignment: inviting members, their answers, confirming to the
organisation, cancelling, completing, evaluation and debrief.

Whitelisted endpoints (``api/``) check who calls and hand over here; this module loads
what the domain rules need, calls them, and writes the result. Answers to the last free
place are serialised by locking the assignment's row: two members accepting at once
never over-staff it.
"""

from __future__ import annotations

import frappe
from frappe import _, _lt
from frappe.utils import add_to_date, cint, get_url, getdate, now_datetime, today

from lef_members.domain import assignments as asg
from lef_members.domain import matching, tokens
from lef_members.domain.errors import DomainError
from lef_members.domain.requests import clean_text
from lef_members.exceptions import throw_domain_error
from lef_members.lef_assignments.candidates import assignment_sessions, load_candidates, need_for
from lef_members.lef_members import privacy
from lef_members.lef_requests.organisations.access import page_url_for_assignment
from lef_members.utilities import links, notify, reader

SUBJECT_INVITATION = _lt("Invitation: {title}")
SUBJECT_STAFFED = _lt("Staffed: {title}")
SUBJECT_WITHDRAWN = _lt("A member withdrew: {title}")
SUBJECT_CONFIRMATION = _lt("Confirmation of your request: {title}")
SUBJECT_CANCELLED = _lt("Cancelled: {title}")
SUBJECT_EVALUATION = _lt("How was it? {title}")
SUBJECT_DEBRIEF = _lt("How did it go? {title}")
SUBJECT_WANTS_TO_TALK = _lt("A member would like to talk after {title}")


class InvitationError(frappe.ValidationError):
	pass


def settings():
	return frappe.get_cached_doc("LEF Matching Settings")


def weights() -> matching.Weights:
	s = settings()
	try:
		return matching.Weights.from_dict(
			{
				"theme": s.weight_theme,
				"skill": s.weight_skill,
				"language": s.weight_language,
				"distance": s.weight_distance,
				"region": s.weight_region,
				"rotation": s.weight_rotation,
				"preferences": s.weight_preferences,
				"distance_horizon_km": s.distance_horizon_km or None,
				"rotation_months": s.rotation_months or None,
			}
		)
	except DomainError as error:
		throw_domain_error(error)


def qualify(required, certificates, on_date):
	return matching.default_qualify(required, certificates, on_date)


def render_reasons(reasons) -> list[dict]:
	translate = reader.for_reader()
	return [{"kind": r.kind, "text": r.render(translate)} for r in reasons]


SHOWN = 60  # members shown in "Find experts": the best eligible, then the first excluded


def rank(assignment, include_excluded: bool = False, limit: int = SHOWN) -> list[dict]:
	"""The ranked members for an assignment, with the reasons in the user's language.

	Everyone is ranked; the reasons (the costly part to put in words) are written out for
	the first ``limit`` eligible members, and as many excluded ones, which is what a
	coordinator reads.
	"""
	need = need_for(assignment)
	if not need.sessions:
		frappe.throw(_("Add at least one session before looking for experts."))
	w = weights()
	candidates = load_candidates(
		getdate(today()), exclude_assignment=assignment.name, rotation_months=w.rotation_months
	)
	names = {c.member_id: c.name for c in candidates}
	answered = dict(
		frappe.get_all(
			"Assignment Expert",
			filters={"assignment": assignment.name},
			fields=["member", "status"],
			as_list=True,
		)
	)
	ranked = matching.match(
		need, candidates, w, getdate(today()), qualify=qualify, include_excluded=include_excluded
	)
	eligible = [r for r in ranked if r.eligible][:limit]
	excluded = [r for r in ranked if not r.eligible][:limit]
	return [
		{
			"member": r.candidate_id,
			"member_name": names.get(r.candidate_id),
			"eligible": r.eligible,
			"score": round(r.score, 2),
			"reasons": render_reasons(r.reasons) if r.eligible else [],
			"exclusions": render_reasons(r.exclusions),
			"invitation": answered.get(r.candidate_id),
		}
		for r in eligible + excluded
	]


def hard_rule_problems(assignment, member: str) -> list[str]:
	need = need_for(assignment)
	w = weights()
	found = load_candidates(
		getdate(today()),
		names=[member],
		exclude_assignment=assignment.name,
		rotation_months=w.rotation_months,
	)
	if not found:
		return [_("This member is not active.")]
	return [
		r.render(reader.for_reader())
		for r in matching.check_hard_rules(need, found[0], getdate(today()), qualify=qualify)
	]


def lock(assignment_name: str):
	"""Lock the assignment's row until the transaction ends; return the fresh document."""
	frappe.db.sql("select name from `tabAssignment` where name=%s for update", (assignment_name,))
	# A locking read sees the latest committed row, not this transaction's older snapshot: two
	# coordinators inviting at once then save in turn instead of one failing on a stale timestamp.
	return frappe.get_doc("Assignment", assignment_name, for_update=True)


# --- inviting -------------------------------------------------------------------------


def invite(assignment_name: str, members: list[str]) -> dict:
	"""Invite members; each gets an e-mail with one-click links and a portal item.

	Members who are already invited are skipped; members a hard rule now keeps out are not
	invited, and the reply says why.
	"""
	assignment = lock(assignment_name)
	if assignment.status not in (asg.DRAFT, asg.OPEN):
		frappe.throw(
			_("Members are invited while an assignment is Draft or Open, not {0}.").format(
				_(assignment.status)
			)
		)
	# A locking read: a plain one would see the snapshot taken before the lock was granted and miss
	# the invitations another coordinator made meanwhile (a duplicate invitation).
	invitation_table = frappe.qb.DocType("Assignment Expert")
	already = set(
		frappe.qb.from_(invitation_table)
		.select(invitation_table.member)
		.where(invitation_table.assignment == assignment.name)
		.for_update()
		.run(pluck=True)
	)
	scores = {row["member"]: row for row in rank(assignment, limit=len(members) + SHOWN)}
	invited, skipped = [], []
	for member in dict.fromkeys(members):
		if member in already:
			skipped.append({"member": member, "reasons": [_("already invited")]})
			continue
		problems = hard_rule_problems(assignment, member)
		if problems:
			skipped.append({"member": member, "reasons": problems})
			continue
		row = scores.get(member, {})
		invitation = frappe.get_doc(
			{
				"doctype": "Assignment Expert",
				"assignment": assignment.name,
				"member": member,
				"status": asg.INVITED,
				"invited_on": now_datetime(),
				"invited_by": frappe.session.user,
				"match_score": row.get("score"),
				"match_reasons": "\n".join(r["text"] for r in row.get("reasons", [])),
				"link_nonce": tokens.new_nonce(),
			}
		).insert(ignore_permissions=True)
		send_invitation(assignment, invitation)
		invited.append(member)
		assignment.add_comment("Info", _("Invited {0}.").format(invitation.member_name))
	if invited and assignment.status == asg.DRAFT:
		assignment.status = asg.OPEN
	assignment.save(ignore_permissions=True)
	return {"invited": invited, "skipped": skipped}


def invitation_links(invitation) -> dict:
	days = settings().invitation_valid_days or 14
	token = links.make(tokens.PURPOSE_INVITATION, invitation.name, invitation.link_nonce, days)
	return {
		"accept": links.url("/lef/answer", token, answer="accept"),
		"decline": links.url("/lef/answer", token, answer="decline"),
		"portal": get_url("/lef/invitations"),
	}


def member_contact(member: str) -> tuple[str | None, str | None, str | None]:
	email, user, first_name = frappe.db.get_value(
		"Expert by Experience", member, ["email", "user", "first_name"]
	)
	return email, notify.user_language(user), first_name


def session_lines(assignment) -> list[str]:
	"""Each session as "date start-end", the date in the reader's format."""
	lines = []
	for s in assignment_sessions(assignment):
		lines.append(f"{reader.lef_date(s.start.date())} {s.start:%H:%M}-{s.end:%H:%M}")
	return lines


def send_invitation(assignment, invitation) -> None:
	email, lang, first_name = member_contact(invitation.member)
	notify.send(
		email,
		SUBJECT_INVITATION,
		"invitation",
		{
			"title": assignment.title,
			"first_name": first_name,
			"assignment": assignment,
			"sessions": session_lines(assignment),
			"links": invitation_links(invitation),
		},
		lang=lang,
		reference_doctype="Assignment Expert",
		reference_name=invitation.name,
	)


# --- answers ----------------------------------------------------------------------------


def answer(invitation_name: str, new_status: str, reason: str | None = None) -> str:
	"""Record a member's answer; returns the assignment's status afterwards.

	Runs under the assignment's row lock: the places count and the hard rules are
	re-checked against what is true now, not when the invitation was sent.
	"""
	assignment_name = frappe.db.get_value("Assignment Expert", invitation_name, "assignment")
	assignment = lock(assignment_name)
	invitation = frappe.get_doc("Assignment Expert", invitation_name)
	sessions = assignment_sessions(assignment)
	accepted = frappe.db.count("Assignment Expert", {"assignment": assignment.name, "status": asg.ACCEPTED})
	reason = (reason or "").strip()
	try:
		asg.check_answer(
			invitation.status,
			new_status,
			assignment.status,
			min((s.start for s in sessions), default=None),
			accepted,
			assignment.experts_needed,
			now_datetime(),
			reason,
		)
	except DomainError as error:
		throw_domain_error(error, InvitationError, title=_("Answer not recorded"))
	if new_status == asg.ACCEPTED:
		problems = hard_rule_problems(assignment, invitation.member)
		if problems:
			frappe.throw(
				_("You can no longer accept this assignment: {0}").format("; ".join(problems)),
				InvitationError,
				title=_("Answer not recorded"),
			)
	previous = invitation.status
	invitation.status = new_status
	invitation.answered_on = now_datetime()
	if reason:
		invitation.decline_reason = reason
	invitation.save(ignore_permissions=True)

	labels = {
		asg.ACCEPTED: _("{0} accepted."),
		asg.DECLINED: _("{0} declined."),
		asg.WITHDRAWN: _("{0} withdrew."),
	}
	assignment.add_comment(
		"Info", labels[new_status].format(invitation.member_name) + (f" {reason}" if reason else "")
	)
	old_status = assignment.status
	assignment.reload()
	assignment.update_counts()
	assignment.status = asg.staffing_status(
		assignment.status, assignment.experts_accepted, assignment.experts_needed
	)
	assignment.save(ignore_permissions=True)
	recipients = notify.coordinators(assignment.coordinator)
	if assignment.status == asg.STAFFED and old_status != asg.STAFFED:
		for user in recipients:
			notify.send(
				user,
				SUBJECT_STAFFED,
				"staffed",
				{"title": assignment.title, "assignment": assignment, "url": assignment.get_url()},
				lang=notify.user_language(user),
				reference_doctype="Assignment",
				reference_name=assignment.name,
			)
	if previous == asg.ACCEPTED and new_status == asg.WITHDRAWN:
		for user in recipients:
			notify.send(
				user,
				SUBJECT_WITHDRAWN,
				"withdrawn",
				{
					"title": assignment.title,
					"member_name": invitation.member_name,
					"reason": reason,
					"url": assignment.get_url(),
				},
				lang=notify.user_language(user),
				reference_doctype="Assignment",
				reference_name=assignment.name,
			)
	return assignment.status


def answer_by_link(token: str, choice: str, reason: str | None = None) -> str:
	"""An answer through a signed link: valid, not expired, and used once."""
	claims = links.read(tokens.PURPOSE_INVITATION, token)
	stored = frappe.db.get_value(
		"Assignment Expert", claims.subject, ["link_nonce", "link_used_on"], as_dict=True
	)
	if not stored:
		raise tokens.InvalidToken()
	tokens.check_not_used(claims, used=bool(stored.link_used_on), current_nonce=stored.link_nonce)
	new_status = {"accept": asg.ACCEPTED, "decline": asg.DECLINED}.get(choice)
	if not new_status:
		raise tokens.InvalidToken()
	status = answer(claims.subject, new_status, reason)
	# Mark the link used in the same transaction, only if nobody else just did.
	frappe.db.sql(
		"""update `tabAssignment Expert` set link_used_on=%s
		where name=%s and link_nonce=%s and link_used_on is null""",
		(now_datetime(), claims.subject, claims.nonce),
	)
	if not frappe.db.sql("select row_count()")[0][0]:
		frappe.db.rollback()
		raise tokens.UsedToken()
	return status


# --- confirming, cancelling, completing -------------------------------------------------------


def send_confirmation(assignment) -> None:
	"""Tell the organisation who comes: first names, and only themes members let us name."""
	email = frappe.db.get_value("Contact", assignment.contact, "email_id") if assignment.contact else None
	people = privacy.lef_experts_for_organisation(assignment)
	notify.send(
		email,
		SUBJECT_CONFIRMATION,
		"confirmation",
		{
			"title": assignment.title,
			"assignment": assignment,
			"sessions": session_lines(assignment),
			"people": people,
			"request_url": page_url_for_assignment(assignment.name),
		},
		lang=organisation_language(assignment.name),
		reference_doctype="Assignment",
		reference_name=assignment.name,
	)


def organisation_language(assignment: str) -> str | None:
	"""The language the organisation wrote its request in, for the mails it gets about the work."""
	return frappe.db.get_value("Expert Request", {"assignment": assignment}, "reply_language")


def after_cancel(assignment) -> None:
	"""Withdraw open invitations and tell everyone who was invited or had accepted."""
	for row in frappe.get_all(
		"Assignment Expert",
		filters={"assignment": assignment.name, "status": ("in", (asg.INVITED, asg.ACCEPTED))},
		fields=["name", "member", "status"],
	):
		if row.status == asg.INVITED:
			frappe.db.set_value(
				"Assignment Expert", row.name, {"status": asg.WITHDRAWN, "answered_on": now_datetime()}
			)
		email, lang, first_name = member_contact(row.member)
		notify.send(
			email,
			SUBJECT_CANCELLED,
			"cancelled",
			{
				"title": assignment.title,
				"first_name": first_name,
				"sessions": session_lines(assignment),
				"reason": assignment.cancel_reason,
			},
			lang=lang,
			reference_doctype="Assignment",
			reference_name=assignment.name,
		)


def complete_finished_assignments() -> list[str]:
	"""Daily: confirmed assignments whose last session is over become Completed; the
	organisation gets its evaluation link and each member a debrief question.

	Idempotent: an assignment is completed (and mailed) once; a run that dies half-way
	leaves each assignment either untouched or fully done, and the next run goes on.
	"""
	done = []
	for name in frappe.get_all("Assignment", filters={"status": asg.CONFIRMED}, pluck="name"):
		savepoint = "lef_complete"
		frappe.db.savepoint(savepoint)
		try:
			assignment = lock(name)
			sessions = assignment_sessions(assignment)
			if not sessions or max(s.end for s in sessions) > now_datetime():
				continue
			assignment.status = asg.COMPLETED
			assignment.evaluation_nonce = tokens.new_nonce()
			assignment.evaluation_requested_on = now_datetime()
			assignment.save(ignore_permissions=True)
			request_evaluation(assignment)
			request_debriefs(assignment)
			done.append(name)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(title=f"lef_members: could not complete assignment {name}")
	return done


EVALUATION_VALID_DAYS = 60


def request_evaluation(assignment) -> None:
	email = frappe.db.get_value("Contact", assignment.contact, "email_id") if assignment.contact else None
	token = links.make(
		tokens.PURPOSE_EVALUATION, assignment.name, assignment.evaluation_nonce, EVALUATION_VALID_DAYS
	)
	lang = organisation_language(assignment.name)
	notify.send(
		email,
		SUBJECT_EVALUATION,
		"evaluation",
		{
			"title": assignment.title,
			"url": links.url("/lef/evaluate", token, **({"_lang": lang} if lang else {})),
			"request_url": page_url_for_assignment(assignment.name),
		},
		lang=lang,
		reference_doctype="Assignment",
		reference_name=assignment.name,
	)


def request_debriefs(assignment) -> None:
	for row in frappe.get_all(
		"Assignment Expert",
		filters={"assignment": assignment.name, "status": asg.ACCEPTED},
		fields=["name", "member"],
	):
		frappe.db.set_value("Assignment Expert", row.name, "debrief_requested_on", now_datetime())
		email, lang, first_name = member_contact(row.member)
		notify.send(
			email,
			SUBJECT_DEBRIEF,
			"debrief",
			{
				"title": assignment.title,
				"first_name": first_name,
				"url": get_url(f"/lef/invitations#debrief-{row.name}"),
			},
			lang=lang,
			reference_doctype="Assignment Expert",
			reference_name=row.name,
		)


RATINGS = (1, 2, 3, 4, 5)
MAX_COMMENT = 5000


def evaluate(token: str, rating, comment: str | None, share=0) -> None:
	"""The organisation's evaluation through its signed link: once, within its validity.

	With ``share`` the organisation agrees that the experts see its rating and comment (on
	their portal page for the assignment and in their yearly overview).
	"""
	claims = links.read(tokens.PURPOSE_EVALUATION, token)
	stored = frappe.db.get_value(
		"Assignment", claims.subject, ["evaluation_nonce", "evaluated_on"], as_dict=True
	)
	if not stored:
		raise tokens.InvalidToken()
	tokens.check_not_used(claims, used=bool(stored.evaluated_on), current_nonce=stored.evaluation_nonce)
	try:
		stars = int(rating)
	except (TypeError, ValueError):
		stars = 0
	if stars not in RATINGS:
		frappe.throw(_("Choose a rating from 1 to 5 stars."))

	text = clean_text(comment or "", multiline=True)[:MAX_COMMENT]
	frappe.db.sql(
		"""update `tabAssignment` set evaluation_rating=%s, evaluation_comment=%s, evaluated_on=%s,
		evaluation_shared=%s where name=%s and evaluation_nonce=%s and evaluated_on is null""",
		(stars / 5, text, now_datetime(), 1 if cint(share) else 0, claims.subject, claims.nonce),
	)
	if not frappe.db.sql("select row_count()")[0][0]:
		raise tokens.UsedToken()
	frappe.get_doc("Assignment", claims.subject).add_comment(
		"Info", _("The organisation sent its evaluation.")
	)


WELLBEING = ("Good", "Okay", "Heavy", "I would like to talk")


def debrief(invitation_name: str, wellbeing: str, notes: str | None) -> None:
	if wellbeing not in WELLBEING:
		frappe.throw(_("Choose how it went."))

	invitation = frappe.get_doc("Assignment Expert", invitation_name)
	if invitation.status != asg.ACCEPTED:
		frappe.throw(_("There is no debrief for this invitation."))
	invitation.wellbeing = wellbeing
	invitation.debrief_notes = clean_text(notes or "", multiline=True)[:MAX_COMMENT]
	invitation.save(ignore_permissions=True)
	if wellbeing == "I would like to talk":
		assignment = frappe.get_doc("Assignment", invitation.assignment)
		for user in notify.coordinators(assignment.coordinator):
			notify.send(
				user,
				SUBJECT_WANTS_TO_TALK,
				"wants_to_talk",
				{
					"title": assignment.title,
					"member_name": invitation.member_name,
					"url": invitation.get_url(),
				},
				lang=notify.user_language(user),
				reference_doctype="Assignment Expert",
				reference_name=invitation.name,
			)
