"""The mails a test made, read back from Frappe's Email Queue (nothing is sent in tests)."""

from email import message_from_string, policy

import frappe


def queued_raw(email: str, app_only: bool = False, reference_doctype: str | None = None) -> list[str]:
	"""The raw messages queued for ``email``, oldest first. ``app_only`` leaves out Frappe's own
	mails (the welcome mail of a new account): the app's always name their record;
	``reference_doctype`` keeps only those about such a record."""
	queue = frappe.qb.DocType("Email Queue")
	recipient = frappe.qb.DocType("Email Queue Recipient")
	query = (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.message)
		.where(recipient.recipient == email)
		.orderby(queue.creation)
	)
	if app_only:
		query = query.where(queue.reference_doctype.notnull() & (queue.reference_doctype != "User"))
	if reference_doctype:
		query = query.where(queue.reference_doctype == reference_doctype)
	return query.run(pluck=True)


def queued_messages(email: str, app_only: bool = False) -> list:
	"""Each message queued for ``email``, parsed, oldest first (``app_only``: see :func:`queued_raw`)."""
	return [message_from_string(message, policy=policy.default) for message in queued_raw(email, app_only)]


def mails_to(email: str) -> list[tuple[str, str]]:
	"""(subject, headers and every text part decoded) of each message queued for ``email``."""
	mails = []
	for parsed in queued_messages(email):
		parts = [str(value) for value in parsed.values()]
		parts += [part.get_content() for part in parsed.walk() if part.get_content_maintype() == "text"]
		mails.append((str(parsed["Subject"]), "\n".join(parts)))
	return mails


def html_mails_to(email: str) -> list[tuple[str, str]]:
	"""(subject, the HTML part) of each of the app's messages queued for ``email``."""
	mails = []
	for parsed in queued_messages(email, app_only=True):
		body = parsed.get_body(preferencelist=("html",))
		if body:
			mails.append((str(parsed["Subject"]), body.get_content()))
	return mails
