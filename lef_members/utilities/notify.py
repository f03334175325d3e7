"""Sending the flow's e-mails: rendered in the recipient's language, queued, never fatal.

Mails are queued (Frappe's Email Queue) inside the same transaction as the change they
report, so a mail goes out only for a change that was saved. A failure to queue a mail is
logged and never undoes or blocks the change itself: nothing a user entered is lost
because a mail server or template misbehaved.
"""

from contextlib import contextmanager

import frappe


@contextmanager
def language(lang: str | None):
	"""Render in ``lang`` (the recipient's), then go back to the user's own language."""
	previous = frappe.local.lang
	if lang:
		frappe.local.lang = lang
	try:
		yield
	finally:
		frappe.local.lang = previous


def forum() -> dict:
	settings = frappe.get_cached_doc("LEF Settings")
	return {
		"name": settings.forum_name or "LEF",
		"email": settings.forum_email or "",
		"phone": settings.forum_phone or "",
		"website": settings.forum_website or "",
	}


def send(
	recipients: list[str] | str,
	subject: str,
	template: str,
	args: dict,
	lang: str | None = None,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
) -> bool:
	"""Queue one e-mail from ``templates/emails/<template>.html``; True when it was queued.

	``subject`` is a lazy translation (``frappe._lt("...")``): it is translated into
	``lang`` here, then formatted with ``args``. Staff can rewrite any mail: when an Email
	Template named ``LEF: <template>`` exists (the app seeds one per mail), its subject and
	body are used instead, rendered with the same values (``{{ subject }}`` is the app's own
	subject, ``{{ _("...") }}`` keeps a text bilingual).
	"""
	recipients = [r for r in ([recipients] if isinstance(recipients, str) else recipients) if r]
	if not recipients or frappe.flags.mute_emails or not has_outgoing_account():
		# Without an outgoing account Frappe cannot even build a mail (it fails on the missing
		# sender): nothing to queue. LEF Settings' production check names what is missing.
		return False
	savepoint = "lef_notify"
	frappe.db.savepoint(savepoint)
	try:
		with language(lang):
			context = {**args, "forum": forum(), "subject": str(subject).format(**args)}
			message, subject_text = render(template, context)
			frappe.sendmail(
				recipients=recipients,
				subject=subject_text,
				message=message,
				reference_doctype=reference_doctype,
				reference_name=reference_name,
				delayed=True,
			)
		return True
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=f"lef_members: could not queue the '{template}' e-mail")
		return False


def has_outgoing_account() -> bool:
	from frappe.email.doctype.email_account.email_account import EmailAccount

	try:
		return bool(EmailAccount.find_outgoing())
	except Exception:
		return False


TEMPLATE_PREFIX = "LEF: "


def template_path(template: str) -> str:
	return f"lef_members/templates/emails/{template}.html"


def render(template: str, context: dict) -> tuple[str, str]:
	"""The message and subject: the staff's Email Template when there is one, else the app's."""
	custom = frappe.db.get_value(
		"Email Template",
		TEMPLATE_PREFIX + template,
		["subject", "use_html", "response_html", "response"],
		as_dict=True,
	)
	if not custom:
		return frappe.render_template(template_path(template), context), context["subject"]
	body = custom.response_html if custom.use_html else custom.response
	message = frappe.render_template(body or "", context)
	subject = (
		frappe.render_template(custom.subject, context).strip() if custom.subject else context["subject"]
	)
	return message, subject or context["subject"]


def user_language(user: str | None) -> str | None:
	return frappe.db.get_value("User", user, "language") if user else None


def coordinators(assignment_coordinator: str | None = None) -> list[str]:
	"""Who hears about staffing: the assignment's coordinator, or else every coordinator."""
	if assignment_coordinator:
		return [assignment_coordinator]
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.role == "LEF Coordinator")
		.where(has_role.parenttype == "User")
		.where(user.enabled == 1)
		.run(pluck=True)
	)
	return list(rows)


def finance_users() -> list[str]:
	"""The enabled users with the role LEF Finance: who is told what waits for a figure."""
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return list(
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.role == "LEF Finance")
		.where(has_role.parenttype == "User")
		.where(user.enabled == 1)
		.run(pluck=True)
	)
