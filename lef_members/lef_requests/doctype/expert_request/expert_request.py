# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""A request from an organisation: checked on arrival, stored before any e-mail, triaged.

Organisations send requests through the public web form "request-an-expert" (as Guest:
Frappe's web form endpoint copies only the form's fields and is rate limited). On insert
the whole submission goes through ``domain.requests.check_request``: every problem comes
back in one translated message, and nothing is stored. When the hidden spam-trap field is
filled, or the same person sends the same request again within minutes, the request is
*discarded*: the insert runs to its end so the reply looks like any success, and a
savepoint taken before anything was written is rolled back at the very end
(``on_change``), so nothing is stored and no e-mail is queued.
"""

from datetime import timedelta

import frappe
from frappe import _, _lt
from frappe.model.document import Document
from frappe.utils import (
	add_to_date,
	escape_html,
	format_date,
	get_datetime,
	get_url_to_form,
	getdate,
	now_datetime,
	today,
)

from lef_members.domain import tokens, triage
from lef_members.domain.errors import DomainError
from lef_members.domain.identifiers import normalize_email, normalize_phone
from lef_members.domain.organisations import normalize_enterprise_number
from lef_members.domain.requests import (
	MAX_EXPERTS,
	MIN_EXPERTS,
	CleanRequest,
	RequestedDate,
	RequestErrors,
	SpamSuspected,
	check_request,
)
from lef_members.exceptions import RequestInvalidError, RequestStatusError, throw_domain_error
from lef_members.integrations import vies
from lef_members.lef_members.privacy import each_under_savepoint, remove_traces
from lef_members.lef_requests import request_mails, retention
from lef_members.lef_requests.doctype.commissioning_organisation.commissioning_organisation import (
	find_or_create_contact,
	find_or_create_organisation,
)
from lef_members.lef_requests.organisations.access import organisations_of, page_url
from lef_members.utilities import notify
from lef_members.utilities.reader import for_reader

WEB_FORM = "Web Form"
WEB_FORM_NAME = "request-an-expert"
DESK = "Desk"
DISCARD_SAVEPOINT = "lef_request_discard"
# A second submission with the same e-mail address and title within this time is the same
# request sent again (double click, reload): it is answered like the first and not stored.
REPEAT_WINDOW = timedelta(minutes=30)

# Fields a visitor may fill; everything else on the request is staff's.
FORM_FIELDS = (
	"organisation_name",
	"enterprise_number",
	"contact_person",
	"email",
	"phone",
	"assignment_type",
	"title",
	"description",
	"audience",
	"themes",
	"language",
	"location_type",
	"address",
	"postcode",
	"city",
	"dates",
	"flexible",
	"period_from",
	"period_to",
	"number_of_experts",
	"fee_expectation",
	"heard_from",
	"consent",
	"website",
)
# What ``check_request`` returns as plain values (dates, consent and the spam trap are
# handled apart).
CLEANED_FIELDS = tuple(f for f in FORM_FIELDS if f not in ("dates", "consent", "website"))


class ExpertRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.
	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from lef_members.lef_assignments.doctype.assignment_theme.assignment_theme import AssignmentTheme
		from lef_members.lef_requests.doctype.expert_request_date.expert_request_date import ExpertRequestDate

		address: DF.SmallText | None
		anonymised_on: DF.Datetime | None
		assignment: DF.Link | None
		assignment_type: DF.Link
		audience: DF.SmallText | None
		city: DF.Data | None
		consent: DF.Check
		consent_date: DF.Datetime | None
		consent_version: DF.Data | None
		contact: DF.Link | None
		contact_person: DF.Data
		coordinator: DF.Link | None
		dates: DF.Table[ExpertRequestDate]
		decline_reason: DF.Literal[
			"",
			"Not a task for experts by experience",
			"No experts available on these dates",
			"Too short notice",
			"Outside our region",
			"A question for a self-help group",
			"Cancelled by the organisation",
			"Other",
		]
		description: DF.Text
		email: DF.Data
		enterprise_number: DF.Data | None
		fee_expectation: DF.SmallText | None
		flexible: DF.Check
		heard_from: DF.SmallText | None
		language: DF.Link | None
		last_message_on: DF.Datetime | None
		location_type: DF.Literal["On site", "Online"]
		message_to_requester: DF.Text | None
		naming_series: DF.Literal["LEF-REQ-.YYYY.-.#####"]
		number_of_experts: DF.Int
		organisation: DF.Link | None
		organisation_match: DF.SmallText | None
		page_nonce: DF.Data | None
		organisation_name: DF.Data
		period_from: DF.Date | None
		period_to: DF.Date | None
		phone: DF.Data | None
		postcode: DF.Data | None
		reply_language: DF.Link | None
		status: DF.Literal["New", "In Review", "Needs Info", "Accepted", "Declined"]
		submitted_via: DF.Literal["Desk", "Web Form"]
		themes: DF.SmallText | None
		title: DF.Data
		vat_check_status: DF.Literal["", "Valid", "Invalid", "Unreachable"]
		vat_checked_on: DF.Datetime | None
		vat_registered_address: DF.SmallText | None
		vat_registered_name: DF.SmallText | None
		website: DF.Data | None
		wished_themes: DF.TableMultiSelect[AssignmentTheme]
	# end: auto-generated types
	# --- lifecycle -----------------------------------------------------------------

	def before_insert(self):
		from_web = bool(frappe.flags.in_web_form) or frappe.session.user == "Guest"
		self.submitted_via = WEB_FORM if from_web else DESK
		self.status = triage.NEW
		if from_web:
			self.clear_staff_fields()
			self.link_logged_in_organisation()
		elif self.website:
			self.website = None  # the spam trap means nothing outside the public form
		if frappe.flags.in_import and not from_web:
			return  # historical requests are imported as they were
		clean = self.check_submission()
		if clean is None:
			return self.discard()
		self.apply(clean)
		if from_web and self.is_repeat():
			return self.discard()
		self.consent_date = now_datetime()
		self.consent_version = frappe.get_cached_doc("LEF Settings").consent_version
		# The key of the links to the request's page, made once with the request: a link made in a
		# mail job and one made meanwhile elsewhere never race to make two.
		self.page_nonce = self.page_nonce or tokens.new_nonce()
		self.reply_language = (
			self.reply_language
			or getattr(frappe.local, "lang", None)
			or frappe.db.get_default("lang")
			or "en"
		)

	def validate(self):
		self.keep_page_nonce()
		self.normalise_contact()
		self.validate_dates()
		self.validate_experts()
		self.validate_status()
		self.validate_themes()

	def after_insert(self):
		if self.flags.discarded:
			return
		if self.submitted_via == WEB_FORM:
			# Stored first; the two mails are built and queued after the commit, in the
			# background (building them is most of a post's time). A job that fails is
			# logged and the hourly catch-up sends them: the request is never lost.
			frappe.enqueue(
				"lef_members.lef_requests.request_mails.send_request_mails",
				queue="short",
				enqueue_after_commit=True,
				now=frappe.flags.in_test,  # as Frappe's own code does: tests have no worker
				name=self.name,
			)
			return
		self.send_request_mails()

	def send_request_mails(self) -> bool:
		"""The confirmation to the organisation and the notice to staff; once."""
		return request_mails.send_once(self)

	def on_change(self):
		if self.flags.discarded:
			# The very last hook of insert: undo the series number, the row, its children,
			# anything queued. The reply built from this object still looks like a success.
			frappe.db.rollback(save_point=DISCARD_SAVEPOINT)
			self.update(self.flags.discarded_values or {})

	# --- checking a submission --------------------------------------------------------
	def clear_staff_fields(self):
		"""A visitor sets only the form's fields (the web form copies no others; this makes sure)."""
		for df in self.meta.fields:
			if df.fieldname not in FORM_FIELDS and df.fieldtype not in ("Section Break", "Column Break"):
				if df.fieldname not in ("naming_series", "status", "submitted_via"):
					self.set(df.fieldname, [] if df.fieldtype in ("Table", "Table MultiSelect") else None)

	def submission(self) -> dict:
		"""The request's values under the keys ``check_request`` reads."""
		data = {fieldname: self.get(fieldname) for fieldname in FORM_FIELDS if fieldname != "dates"}
		data["dates"] = [
			{"date": row.session_date, "start_time": row.start_time, "end_time": row.end_time}
			for row in self.dates
		]
		data["country"] = default_country_code()
		return data

	def check_submission(self) -> CleanRequest | None:
		"""The cleaned request, None when it must be discarded as spam; throws on bad input."""
		types = active_assignment_types()
		try:
			return check_request(self.submission(), getdate(today()), assignment_types=types)
		except SpamSuspected:
			return None
		except RequestErrors as errors:
			frappe.throw(
				self.render_errors(errors), RequestInvalidError, title=_("Your request was not sent")
			)

	def form_problems(self) -> list[dict]:
		"""What :meth:`check_submission` would refuse, field by field, without throwing: the form
		page ties each message to its field before anything is sent. Spam gets no hint."""
		try:
			check_request(self.submission(), getdate(today()), assignment_types=active_assignment_types())
		except SpamSuspected:
			return []
		except RequestErrors as errors:
			return [
				{"field": fieldname, "message": error.render(for_reader())}
				for fieldname, field_errors in errors.by_field().items()
				for error in field_errors
			]
		return []

	def render_errors(self, errors: RequestErrors) -> str:
		"""One message naming each field at fault and what to do about it (values escaped)."""
		items = []
		for fieldname, field_errors in errors.by_field().items():
			label = self.field_label(fieldname)
			for error in field_errors:
				text = escape_html(error.render(for_reader()))
				items.append(
					f"<li><strong>{escape_html(label)}</strong>: {text}</li>" if label else f"<li>{text}</li>"
				)
		intro = escape_html(_(errors.template))
		return f"<p>{intro}</p><ul>{''.join(items)}</ul>"

	def field_label(self, fieldname: str | None) -> str:
		"""The label the sender saw: the web form's, else the DocType's."""
		if not fieldname:
			return ""
		if fieldname == "country":
			return _("Country")
		if self.submitted_via == WEB_FORM:
			form = frappe.get_cached_doc("Web Form", WEB_FORM_NAME)
			for field in form.web_form_fields:
				if field.fieldname == fieldname and field.label and field.fieldtype != "Check":
					return _(field.label, context=self.doctype)
		return _(self.meta.get_label(fieldname)) if self.meta.has_field(fieldname) else ""

	def apply(self, clean: CleanRequest):
		for fieldname in CLEANED_FIELDS:
			value = getattr(clean, fieldname)
			self.set(fieldname, value if value != "" else None)
		self.flexible = 1 if clean.flexible else 0
		self.consent = 1
		self.set(
			"dates",
			[
				{"session_date": d.day, "start_time": d.start_time, "end_time": d.end_time}
				for d in clean.dates
			],
		)

	def is_repeat(self) -> bool:
		since = now_datetime() - REPEAT_WINDOW
		# A plain query (on the indexed e-mail): this runs on every post of the public form.
		recent = frappe.db.sql(
			"""select email, title, organisation_name from `tabExpert Request`
			where email = %s and creation > %s""",
			(self.email, since),
			as_dict=True,
		)
		return triage.is_repeat(
			triage.Submission(self.email, self.title, self.organisation_name),
			(triage.Submission(r.email, r.title, r.organisation_name) for r in recent),
		)

	def discard(self):
		"""Answer like a stored request, store nothing (spam trap filled, or sent twice)."""
		self.flags.discarded = True
		self.flags.discarded_values = {
			fieldname: self.get(fieldname) for fieldname in FORM_FIELDS if fieldname != "dates"
		}
		# Nothing the sender typed can make Frappe's own checks fail now: the reply must be
		# the same as for a stored request, whatever was sent.
		for df in self.meta.fields:
			if df.fieldname in ("naming_series", "status", "submitted_via"):
				continue
			if df.fieldtype in ("Table", "Table MultiSelect"):
				self.set(df.fieldname, [])
			elif df.fieldtype not in ("Section Break", "Column Break"):
				self.set(df.fieldname, None)
		self.flags.ignore_validate = True
		self.flags.ignore_mandatory = True
		self.flags.ignore_version = True
		self.flags.notify_update = False
		frappe.db.savepoint(DISCARD_SAVEPOINT)

	# --- checks on every save -----------------------------------------------------------
	def normalise_contact(self):
		try:
			self.email = normalize_email(self.email)
			if self.phone:
				self.phone = normalize_phone(self.phone)
			if self.enterprise_number:
				self.enterprise_number = normalize_enterprise_number(self.enterprise_number)
		except DomainError as error:
			throw_domain_error(error, RequestInvalidError)

	def validate_dates(self):
		for row in self.dates:
			if row.start_time and row.end_time and _seconds(row.end_time) <= _seconds(row.start_time):
				frappe.throw(
					_("Date {0}: the end time must be after the start time.").format(row.idx),
					RequestInvalidError,
				)
		if self.flexible and self.period_from and self.period_to:
			if getdate(self.period_to) < getdate(self.period_from):
				frappe.throw(_("The period ends before it starts."), RequestInvalidError)

	def validate_experts(self):
		if not MIN_EXPERTS <= (self.number_of_experts or 0) <= MAX_EXPERTS:
			frappe.throw(
				_("The number of experts must be between {0} and {1}.").format(MIN_EXPERTS, MAX_EXPERTS),
				RequestInvalidError,
			)

	def validate_status(self):
		before = self.get_doc_before_save()
		old = before.status if before else triage.NEW
		try:
			triage.check_status_change(
				old, self.status, self.message_to_requester or "", self.decline_reason or ""
			)
		except DomainError as error:
			throw_domain_error(error, RequestStatusError, title=_("Status not changed"))
		if self.status == triage.ACCEPTED and not self.assignment:
			frappe.throw(
				_("Use the Accept button: it makes the assignment and links the organisation."),
				RequestStatusError,
			)

	def validate_themes(self):
		seen = set()
		for row in self.wished_themes:
			if row.experience_theme in seen:
				frappe.throw(_("The theme {0} is listed twice.").format(frappe.bold(_(row.experience_theme))))
			seen.add(row.experience_theme)

	def keep_page_nonce(self):
		"""The links to the request page hold the nonce stored when the first was made: a copy of
		the request loaded before that (a form opened earlier, a job) must not empty it."""
		before = self.get_doc_before_save()
		if before and before.page_nonce and self.page_nonce != before.page_nonce:
			self.page_nonce = before.page_nonce

	def link_logged_in_organisation(self):
		"""A contact person logged in as their organisation sends for it (when they have one only)."""
		organisations = organisations_of()
		if len(organisations) == 1:
			self.organisation = organisations[0]

	# --- e-mails (request_mails.py) -------------------------------------------------------
	def send_triage_mail(self, template: str, subject) -> bool:
		return request_mails.send_triage_mail(self, template, subject)

	def anonymise(self):
		"""Remove the personal data of a closed request (retention.py)."""
		retention.anonymise(self)

	# --- triage -------------------------------------------------------------------------
	def start_review(self):
		if self.status != triage.IN_REVIEW:
			self.status = triage.IN_REVIEW
			self.coordinator = self.coordinator or _staff_user()
			self.save()

	def ask_for_info(self, message: str):
		self.status = triage.NEEDS_INFO
		self.message_to_requester = message
		self.coordinator = self.coordinator or _staff_user()
		self.save()
		self.send_triage_mail("request_needs_info", _lt("Your request {reference}: a question"))

	def decline(self, reason: str, message: str = ""):
		self.status = triage.DECLINED
		self.decline_reason = reason
		self.message_to_requester = message
		self.coordinator = self.coordinator or _staff_user()
		self.save()
		self.send_triage_mail("request_declined", _lt("Your request {reference}"))

	def accept(self) -> str:
		"""Make the Draft assignment; find or create the organisation and its contact. Returns the assignment."""
		try:
			triage.check_status_change(self.status, triage.ACCEPTED)
		except DomainError as error:
			throw_domain_error(error, RequestStatusError, title=_("Not accepted"))
		organisation, how = find_or_create_organisation(self)
		contact = find_or_create_contact(organisation, self)
		assignment = self.make_assignment(organisation, contact)
		self.organisation = organisation
		self.organisation_match = how
		self.contact = contact
		self.assignment = assignment
		self.status = triage.ACCEPTED
		self.coordinator = self.coordinator or _staff_user()
		self.save()
		self.send_triage_mail("request_accepted", _lt("Your request {reference} is accepted"))
		return assignment

	def make_assignment(self, organisation: str, contact: str | None) -> str:
		kind = frappe.db.get_value(
			"Assignment Type",
			self.assignment_type,
			["name", "billing_mode", "default_rate", "default_experts_needed"],
			as_dict=True,
		)
		values = triage.assignment_values(
			triage.AcceptedRequest(
				name=self.name,
				title=self.title,
				assignment_type=self.assignment_type,
				description=self.description or "",
				audience=self.audience or "",
				language=self.language or "",
				location_type=self.location_type,
				address=self.address or "",
				postcode=self.postcode or "",
				city=self.city or "",
				number_of_experts=self.number_of_experts or 0,
				dates=tuple(_requested(row.session_date, row.start_time, row.end_time) for row in self.dates),
				wished_themes=tuple(row.experience_theme for row in self.wished_themes),
			),
			triage.AssignmentTypeDefaults(
				name=kind.name,
				billing_mode=kind.billing_mode or "Per session",
				default_rate=kind.default_rate,
				default_experts_needed=kind.default_experts_needed or 1,
			),
			organisation=organisation,
			contact=contact,
			coordinator=self.coordinator or _staff_user(),
		)
		assignment = frappe.get_doc({"doctype": "Assignment", **values})
		assignment.insert(ignore_permissions=True)
		return assignment.name

	def check_vat_number(self):
		"""Ask VIES about the enterprise or VAT number; the answer is stored, never blocks anything."""
		if not self.enterprise_number:
			frappe.throw(_("The request has no enterprise or VAT number to check."))
		result = vies.check_vat(self.enterprise_number)
		self.db_set(
			{
				"vat_check_status": result.status,
				"vat_checked_on": now_datetime(),
				"vat_registered_name": result.name or None,
				"vat_registered_address": result.address or None,
			}
		)
		return {"status": result.status, "message": _(result.message), "name": result.name}

	def suggested_themes(self) -> list[str]:
		"""Experience themes named in the organisation's words (English or the site's translation)."""
		themes = frappe.get_all("Experience Theme", filters={"disabled": 0}, pluck="name")
		languages = {self.reply_language, self.language, getattr(frappe.local, "lang", None)}
		languages.add(frappe.db.get_default("lang"))
		words = {theme: [_(theme, lang=lang) for lang in languages if lang] for theme in themes}
		text = " ".join(filter(None, (self.themes, self.title, self.description, self.audience)))
		return triage.suggest_themes(text, words)


def default_country_code() -> str:
	country = frappe.get_cached_doc("LEF Settings").default_country
	return (frappe.get_cached_value("Country", country, "code") or "").upper() if country else ""


ASSIGNMENT_TYPES_CACHE = "lef_members:active_assignment_types"


def active_assignment_types() -> list[str]:
	"""The assignment types a request may name: cached, cleared when an Assignment Type changes."""
	return frappe.cache.get_value(
		ASSIGNMENT_TYPES_CACHE,
		generator=lambda: frappe.get_all("Assignment Type", filters={"disabled": 0}, pluck="name"),
	)


def _staff_user() -> str | None:
	user = frappe.session.user
	return None if user in ("Guest", "Administrator") else user


def _seconds(value) -> int:
	if isinstance(value, timedelta):
		return int(value.total_seconds())
	text = str(value)
	parts = [int(float(p)) for p in text.split(":")[:3]] + [0, 0]
	return parts[0] * 3600 + parts[1] * 60 + parts[2]


def _requested(day, start, end):
	from datetime import time

	def as_time(value) -> time:
		seconds = _seconds(value)
		return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)

	return RequestedDate(getdate(day), as_time(start), as_time(end))


# The jobs moved to request_mails.py and retention.py (December 2026); jobs queued before under
# these paths still find them here for one release.
send_request_mails = request_mails.send_request_mails
send_pending_request_mails = request_mails.send_pending_request_mails
anonymise_old_requests = retention.anonymise_old_requests
