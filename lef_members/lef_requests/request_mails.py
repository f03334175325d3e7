"""The e-mails of a request: the confirmation to the organisation and the notice to staff when
it arrives (once, from a background job after the commit, with an hourly catch-up), and the
triage mails. What they may say is the request itself, never anyone's health data.
"""

from datetime import timedelta

import frappe
from frappe import _, _lt
from frappe.utils import add_to_date, format_date, get_url_to_form, now_datetime

from lef_members.lef_assignments.candidates import as_time
from lef_members.lef_requests.organisations.access import page_url
from lef_members.utilities import notify

WEB_FORM = "Web Form"


def send_once(request) -> bool:
	"""The confirmation to the organisation and the notice to staff; once."""
	if request.mails_queued_on:
		return True
	confirmed = send_confirmation(request)
	notify_staff(request)
	if confirmed:
		request.db_set("mails_queued_on", now_datetime(), update_modified=False)
	return confirmed


def mail_args(request) -> dict:
	"""What e-mails to the organisation may say: the request itself, never anyone's health data."""
	return {
		"reference": request.name,
		"contact_person": request.contact_person,
		"organisation_name": request.organisation_name,
		"title": request.title,
		"assignment_type": request.assignment_type,
		"dates": [
			f"{format_date(row.session_date)}, {_hhmm(row.start_time)} - {_hhmm(row.end_time)}"
			for row in request.dates
		],
		"period_from": format_date(request.period_from) if request.flexible and request.period_from else "",
		"period_to": format_date(request.period_to) if request.flexible and request.period_to else "",
		"message": request.message_to_requester or "",
	}


def organisation_mail_args(request) -> dict:
	"""What mails to the organisation say, with the signed link to its request page."""
	return {**mail_args(request), "request_url": page_url(request.name, request.reply_language)}


def send_confirmation(request) -> bool:
	return notify.send(
		request.email,
		_lt("Your request {reference} to our forum of experts by experience"),
		"request_received",
		organisation_mail_args(request),
		lang=request.reply_language,
		reference_doctype=request.doctype,
		reference_name=request.name,
	)


def notify_staff(request) -> bool:
	forum_email = frappe.db.get_single_value("LEF Settings", "forum_email")
	recipients = [forum_email] if forum_email else notify.coordinators()
	args = {
		**mail_args(request),
		"email": request.email,
		"phone": request.phone or "",
		"number_of_experts": request.number_of_experts,
		"location_type": request.location_type,
		"url": get_url_to_form(request.doctype, request.name),
	}
	return notify.send(
		recipients,
		_lt("New request {reference}: {title}"),
		"request_new",
		args,
		lang=frappe.db.get_default("lang"),  # the staff's language, not the visitor's
		reference_doctype=request.doctype,
		reference_name=request.name,
	)


def send_triage_mail(request, template: str, subject) -> bool:
	sent = notify.send(
		request.email,
		subject,
		template,
		organisation_mail_args(request),
		lang=request.reply_language,
		reference_doctype=request.doctype,
		reference_name=request.name,
	)
	if sent:
		request.db_set("last_message_on", now_datetime())
	else:
		frappe.msgprint(
			_("The status was saved, but the e-mail to the organisation could not be queued."),
			indicator="orange",
			alert=True,
		)
	return sent


def send_request_mails(name: str) -> None:
	"""Background job: queue the mails of a request sent through the web form."""
	if frappe.db.exists("Expert Request", name):
		send_once(frappe.get_doc("Expert Request", name))


def send_pending_request_mails() -> list[str]:
	"""Hourly: requests from the web form whose mails were not queued (a job that failed or
	never ran), from the last week; each on its own, a failure logged and tried next hour."""
	done = []
	for name in frappe.get_all(
		"Expert Request",
		filters={
			"submitted_via": WEB_FORM,
			"mails_queued_on": ("is", "not set"),
			"anonymised_on": ("is", "not set"),
			"creation": (
				"between",
				[add_to_date(now_datetime(), days=-7), add_to_date(now_datetime(), minutes=-10)],
			),
		},
		pluck="name",
	):
		try:
			if send_once(frappe.get_doc("Expert Request", name)):
				done.append(name)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Request mails not queued for {name}")
	return done


def _hhmm(value) -> str:
	"""A time as hours and minutes; 24:00 (the end of a day, which a request may name) stays 24:00."""
	if value is None:
		return "00:00"
	seconds = int(value.total_seconds()) if isinstance(value, timedelta) else None
	if seconds is None:
		return as_time(value).strftime("%H:%M")
	return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
