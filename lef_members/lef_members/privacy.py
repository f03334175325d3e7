"""Privacy at the framework's edge: consent withdrawal, retention of members who left, and the
part of a Personal Data Deletion Request that Frappe's ``user_data_fields`` cannot do alone.

The rules are in :mod:`lef_members.domain.privacy`. Money records (hour logs, payouts, billing)
are kept for bookkeeping; the person in them is replaced by a placeholder name.
"""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from lef_members.domain import pace, privacy
from lef_members.utilities import notify

# Records that point at a member and carry their name (and sometimes more): kept, anonymised.
LINKED = {
	"Hour Log": {"member_name": privacy.ANONYMOUS_NAME, "member_email": "", "remarks": ""},
	"Assignment Expert": {
		"member_name": privacy.ANONYMOUS_NAME,
		"member_email": "",
		"debrief_notes": "",
		"decline_reason": "",
		"wellbeing": "",
		"match_reasons": "",
	},
	"Training Enrollment": {"member_name": privacy.ANONYMOUS_NAME, "member_email": ""},
	"Allowance Payout Member": {"member_name": privacy.ANONYMOUS_NAME, "iban": "", "account_holder": ""},
	"Allowance Payout Line": {"member_name": privacy.ANONYMOUS_NAME},
	"Training Session Trainer": {"trainer_name": privacy.ANONYMOUS_NAME},
}


def record_consent_withdrawal(member) -> privacy.Withdrawal:
	"""Record the member's withdrawal and tell their coordinator (or every coordinator)."""
	outcome = privacy.withdraw_consent(
		member.status,
		getdate(member.consent_date) if member.consent_date else None,
		getdate(member.consent_withdrawn_on) if member.consent_withdrawn_on else None,
	)
	if not outcome.record:
		return outcome
	member.db_set("consent_withdrawn_on", today())
	member.add_comment("Info", _("The member withdrew their consent to processing from the portal."))
	if outcome.coordinator_must_act:
		notify.send(
			notify.coordinators(member.coordinator),
			frappe._lt("{member_name} withdrew their consent"),
			"consent_withdrawn",
			{
				"member_name": member.full_name,
				"status": member.status,
				"suggested_status": outcome.suggested_status or "",
				"url": frappe.utils.get_url_to_form(member.doctype, member.name),
			},
			reference_doctype=member.doctype,
			reference_name=member.name,
		)
	return outcome


def lef_experts_for_organisation(assignment) -> list[dict]:
	"""The members who accepted ``assignment`` (a document or its name) as its organisation may
	read about them: the first name, and only the themes the member lets the forum name and still
	consents to (:func:`lef_members.domain.privacy.themes_to_name`). Never a last name, contact
	detail, benefit or note.

	The one source for the confirmation e-mail and the Assignment Confirmation print format (a
	Jinja method, see ``jinja`` in hooks.py).
	"""
	if isinstance(assignment, str):
		assignment = frappe.get_doc("Assignment", assignment)
	wished = [row.experience_theme for row in assignment.get("wished_themes") or []]
	accepted = frappe.get_all(
		"Assignment Expert",
		filters={"assignment": assignment.name, "status": "Accepted"},
		pluck="member",
		order_by="answered_on asc, creation asc",
	)
	people = []
	for member in accepted:
		row = frappe.db.get_value(
			"Expert by Experience", member, ["first_name", "consent_withdrawn_on"], as_dict=True
		)
		if not row:
			continue
		themes = frappe.get_all(
			"Expert Theme",
			filters={"parent": member, "parenttype": "Expert by Experience", "parentfield": "themes"},
			fields=["experience_theme", "may_be_named", "willingness", "not_now_until"],
			order_by="idx asc",
		)
		on = getdate(today())
		people.append(
			{
				"first_name": row.first_name,
				# A theme the member is not to be asked on now is not named either (domain.pace).
				"themes": privacy.themes_to_name(
					(
						(
							t.experience_theme,
							bool(t.may_be_named)
							and pace.theme_open(
								t.willingness, getdate(t.not_now_until) if t.not_now_until else None, on
							),
						)
						for t in themes
					),
					wished,
					getdate(row.consent_withdrawn_on) if row.consent_withdrawn_on else None,
				),
			}
		)
	return people


def anonymise_member(name: str) -> None:
	"""Remove a member's personal, health and money data; keep their records under a placeholder.

	Idempotent: a second run finds nothing left to remove.
	"""
	member = frappe.get_doc("Expert by Experience", name)
	email = member.email
	values = {field: None for field in privacy.MEMBER_PERSONAL_FIELDS}
	values.update({field: 0 for field in privacy.MEMBER_ZEROED_FIELDS})
	values.update(
		{
			"first_name": privacy.ANONYMOUS_NAME,
			"full_name": privacy.ANONYMOUS_NAME,
			"anonymised_on": now_datetime(),
			"user": None,
		}
	)
	for table in privacy.MEMBER_PERSONAL_TABLES:
		child = member.meta.get_field(table).options
		frappe.db.delete(child, {"parent": name, "parenttype": member.doctype, "parentfield": table})
	member.db_set(values, update_modified=False)
	for doctype, replacement in LINKED.items():
		frappe.db.set_value(doctype, {"member": name}, replacement, update_modified=False)
	# Every mail the member was sent (invitations, reminders, the welcome) names them: gone too.
	remove_traces(member.doctype, name, email=email)


def remove_traces(doctype: str, name: str, email: str | None = None) -> None:
	"""What a record left behind in Frappe's own records: its version history, its comments, the
	mails about it (sent and queued) and, given an address, every mail sent or queued to it.
	The same kinds of record for a member and for a request."""
	reference = {"reference_doctype": doctype, "reference_name": name}
	frappe.db.delete("Version", {"ref_doctype": doctype, "docname": name})
	frappe.db.delete("Comment", reference)
	communications = set(frappe.get_all("Communication", filters=reference, pluck="name"))
	queued = set(frappe.get_all("Email Queue", filters=reference, pluck="name"))
	if email:
		pattern = "%" + email.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
		communications |= set(
			frappe.get_all("Communication", filters={"recipients": ("like", pattern)}, pluck="name")
		)
		queued |= set(frappe.get_all("Email Queue Recipient", filters={"recipient": email}, pluck="parent"))
	if communications:
		frappe.db.delete("Communication Link", {"parent": ("in", list(communications))})
		frappe.db.delete("Communication", {"name": ("in", list(communications))})
	if queued:
		frappe.db.delete("Email Queue Recipient", {"parent": ("in", list(queued))})
		frappe.db.delete("Email Queue", {"name": ("in", list(queued))})


def anonymise_members_who_left() -> dict:
	"""Daily: anonymise members who left longer ago than LEF Settings says.

	One member at a time under a savepoint: a member that fails is rolled back alone, logged,
	and picked up again on the next run; the others are done. Returns what it did.
	"""
	months = frappe.db.get_single_value("LEF Settings", "member_retention_months") or 0
	rows = frappe.get_all(
		"Expert by Experience",
		filters={"status": "Left", "anonymised_on": ("is", "not set")},
		fields=["name", "status", "left_on", "anonymised_on"],
	)
	for row in rows:
		row.left_on = getdate(row.left_on) if row.left_on else None
	due = privacy.members_due_for_anonymising(getdate(today()), months, rows)
	return each_under_savepoint(
		"Expert by Experience", due, anonymise_member, "lef_members: could not anonymise a member who left"
	)


def each_under_savepoint(doctype: str, names: list[str], action, title: str) -> dict:
	"""Run ``action(name)`` for each name; one failure is rolled back and logged, the rest go on."""
	done, failed = [], []
	for name in names:
		frappe.db.savepoint("lef_privacy")
		try:
			action(name)
			done.append(name)
		except Exception:
			frappe.db.rollback(save_point="lef_privacy")
			frappe.log_error(title=title, reference_doctype=doctype, reference_name=name)
			failed.append(name)
	report = {"done": len(done), "failed": failed}
	if done or failed:
		frappe.logger("lef_members").info(f"{title.split(':')[0]}: anonymised {len(done)}, failed {failed}")
	return report


def on_deletion_request_update(doc, method=None) -> None:
	"""After Frappe redacted a member's own fields (matched by e-mail), finish the job it cannot:
	health tables, availability, the portal user link and the name in linked records.

	Frappe replaces the member's e-mail by the request's name; that is how the member is found.
	"""
	done = any(
		step.document_type == "Expert by Experience" and step.status == "Deleted"
		for step in doc.get("deletion_steps") or []
	)
	if not done:
		return
	for name in frappe.get_all(
		"Expert by Experience",
		filters={"email": ("in", (doc.name, doc.email)), "anonymised_on": ("is", "not set")},
		pluck="name",
	):
		anonymise_member(name)
