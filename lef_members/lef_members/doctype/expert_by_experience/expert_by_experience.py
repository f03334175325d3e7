# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from contextlib import contextmanager
from dataclasses import replace

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form, getdate, today

from lef_members.domain import allowances as money
from lef_members.domain import members as rules
from lef_members.domain.availability import Absence, Slot, validate_absences, validate_slots
from lef_members.domain.errors import DomainError
from lef_members.domain.identifiers import (
	normalize_email,
	normalize_iban,
	normalize_phone,
	normalize_postcode,
)
from lef_members.domain.profile import encode_profile
from lef_members.domain.regions import PostcodeRange, networks_for_postcode
from lef_members.exceptions import (
	DuplicateMemberError,
	InvalidIdentifierError,
	MemberStatusError,
	PortalUserError,
	throw_domain_error,
)
from lef_members.lef_hours import payouts
from lef_members.lef_training.training_path import member_training_onload
from lef_members.utilities.reader import for_reader

MEMBER_ROLE = "LEF Member"


class ExpertbyExperience(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from lef_members.lef_members.doctype.expert_absence.expert_absence import ExpertAbsence
		from lef_members.lef_members.doctype.expert_availability_slot.expert_availability_slot import (
			ExpertAvailabilitySlot,
		)
		from lef_members.lef_members.doctype.expert_by_experience_language.expert_by_experience_language import (
			ExpertbyExperienceLanguage,
		)
		from lef_members.lef_members.doctype.expert_by_experience_skill.expert_by_experience_skill import (
			ExpertbyExperienceSkill,
		)
		from lef_members.lef_members.doctype.expert_by_experience_target_group.expert_by_experience_target_group import (
			ExpertbyExperienceTargetGroup,
		)
		from lef_members.lef_members.doctype.expert_declined_audience.expert_declined_audience import (
			ExpertDeclinedAudience,
		)
		from lef_members.lef_members.doctype.expert_theme.expert_theme import ExpertTheme

		absences: DF.Table[ExpertAbsence]
		account_holder: DF.Data | None
		address_line: DF.Data | None
		allowance_regime: DF.Link | None
		availability: DF.Table[ExpertAvailabilitySlot]
		benefit_status: DF.Literal[
			"None",
			"Sickness or disability benefit",
			"Unemployment benefit",
			"Leefloon (OCMW)",
			"Other benefit",
		]
		c45b_term_ends: DF.Date | None
		ocmw_informed_date: DF.Date | None
		care_network: DF.Link | None
		confidential_notes: DF.Text | None
		consent_date: DF.Date | None
		consent_version: DF.Data | None
		coordinator: DF.Link | None
		country: DF.Link | None
		date_of_birth: DF.Date | None
		doctor_permission_date: DF.Date | None
		email: DF.Data
		experience_kind: DF.Literal["Own experience", "Family experience", "Own and family experience"]
		first_name: DF.Data
		full_name: DF.Data | None
		iban: DF.Data | None
		in_training_since: DF.Date | None
		joined_on: DF.Date | None
		languages: DF.TableMultiSelect[ExpertbyExperienceLanguage]
		last_name: DF.Data
		latitude: DF.Float
		leaving_reason: DF.SmallText | None
		left_on: DF.Date | None
		longitude: DF.Float
		max_assignments_per_month: DF.Int
		max_travel_km: DF.Int
		mobility: DF.Literal["", "Own car", "Public transport", "Bicycle", "Needs a lift", "Online only"]
		municipality: DF.Data | None
		naming_series: DF.Literal["LEF-MEM-.#####"]
		paused_until: DF.Date | None
		phone: DF.Data | None
		postcode: DF.Data | None
		preferred_language: DF.Link | None
		prefers_online: DF.Check
		skills: DF.TableMultiSelect[ExpertbyExperienceSkill]
		status: DF.Literal["Candidate", "Intake", "In Training", "Active", "Paused", "Left"]
		story_sharing_consent: DF.Check
		target_groups: DF.TableMultiSelect[ExpertbyExperienceTargetGroup]
		themes: DF.Table[ExpertTheme]
		training_reminded_on: DF.Date | None
		unemployment_declaration_date: DF.Date | None
		user: DF.Link | None
		declined_audiences: DF.TableMultiSelect[ExpertDeclinedAudience]
		rest_days_after_heavy: DF.Literal["", "0", "1", "2", "3", "4", "5", "7", "10", "14"]
		last_intervision_on: DF.Date | None
		intervision_invited_on: DF.Date | None
		matching_profile: DF.LongText | None
	# end: auto-generated types

	def validate(self):
		self.full_name = " ".join(part.strip() for part in (self.first_name, self.last_name) if part).strip()
		self.normalize_contact()
		self.validate_unique_email()
		self.validate_status()
		self.validate_record()
		self.validate_availability()
		self.validate_themes()
		self.set_care_network()
		self.c45b_term_ends = rules.c45b_term_ends(_date(self.unemployment_declaration_date))
		self.matching_profile = matching_profile(self)

	def onload(self):
		if not self.is_new():
			self.set_onload("training", member_training_onload(self.name, self.status))
			self.set_onload("year_summary", year_summary(self))

	def on_update(self):
		if rules.has_portal_access(self.status) and not self.awaiting_invitation:
			self.open_portal_access()
		elif self.status == rules.LEFT and self.has_value_changed("status"):
			self.close_portal_access()
		self.warn_about_benefits()

	def on_trash(self):
		if self.user and frappe.db.exists("User", self.user):
			close_portal_access(self.user)

	# --- validation -------------------------------------------------------------

	def normalize_contact(self):
		try:
			self.email = normalize_email(self.email)
			if self.phone:
				self.phone = normalize_phone(self.phone)
			if self.postcode:
				self.postcode = normalize_postcode(self.postcode, self.country_code())
			if self.iban:
				self.iban = normalize_iban(self.iban)
		except DomainError as error:
			throw_domain_error(error, InvalidIdentifierError)

	def country_code(self) -> str | None:
		country = self.country or frappe.db.get_single_value("LEF Settings", "default_country")
		if not country:
			return None
		return (frappe.db.get_value("Country", country, "code") or "").upper() or None

	def validate_unique_email(self):
		other = frappe.db.get_value(
			"Expert by Experience",
			{"email": self.email, "name": ("!=", self.name)},
			["name", "full_name"],
			as_dict=True,
		)
		if other:
			frappe.throw(
				_(
					"A member with the e-mail address {0} already exists: {1}. Open that record instead."
				).format(
					frappe.bold(self.email),
					get_link_to_form("Expert by Experience", other.name, other.full_name),
				),
				DuplicateMemberError,
				title=_("Duplicate member"),
			)

	def facts(self) -> rules.MemberFacts:
		return rules.MemberFacts(
			status=self.status,
			email=self.email,
			joined_on=_date(self.joined_on),
			left_on=_date(self.left_on),
			paused_until=_date(self.paused_until),
			consent_date=_date(self.consent_date),
			consent_version=self.consent_version,
			benefit_status=self.benefit_status or rules.BENEFIT_NONE,
			doctor_permission_date=_date(self.doctor_permission_date),
			unemployment_declaration_date=_date(self.unemployment_declaration_date),
			ocmw_informed_date=_date(self.ocmw_informed_date),
			max_assignments_per_month=self.max_assignments_per_month,
			max_travel_km=self.max_travel_km,
		)

	def validate_status(self):
		before = self.get_doc_before_save()
		now = getdate(today())
		try:
			if before is None:
				change = rules.initial_status(self.facts(), now)
			else:
				previous = replace(self.facts(), status=before.status)
				change = rules.change_status(previous, self.status, now)
		except DomainError as error:
			throw_domain_error(error, MemberStatusError, title=_("Status not changed"))
		for fieldname, value in change.updates.items():
			self.set(fieldname, value)

	def validate_record(self):
		try:
			rules.validate_member(self.facts(), getdate(today()))
		except DomainError as error:
			throw_domain_error(error)

	def validate_availability(self):
		try:
			validate_slots(Slot(row.weekday, row.part_of_day) for row in self.availability)
			validate_absences(
				Absence(getdate(row.from_date), getdate(row.to_date), row.reason or "")
				for row in self.absences
			)
		except DomainError as error:
			throw_domain_error(error)

	def validate_themes(self):
		seen = set()
		for row in self.themes:
			if row.experience_theme in seen:
				frappe.throw(
					_("Row {0}: the theme {1} is listed twice.").format(
						row.idx, frappe.bold(_(row.experience_theme))
					)
				)
			seen.add(row.experience_theme)

	def set_care_network(self):
		"""Propose the care network from the postcode when exactly one network covers it."""
		if self.care_network or not self.postcode:
			return
		ranges = frappe.get_all(
			"Care Network Postcode Range",
			filters={"parenttype": "Care Network"},
			fields=["parent", "from_postcode", "to_postcode"],
		)
		networks = networks_for_postcode(
			self.postcode, (PostcodeRange(r.parent, r.from_postcode, r.to_postcode) for r in ranges)
		)
		if len(networks) == 1:
			self.care_network = networks[0]

	# --- portal access -----------------------------------------------------------

	def open_portal_access(self, send_welcome: bool | None = None):
		"""Create or link the member's portal user with the LEF Member role (welcome mail on
		creation, as LEF Settings says unless ``send_welcome`` says otherwise)."""
		user = self.user or frappe.db.get_value("User", {"email": self.email}, "name")
		if user:
			linked = frappe.db.get_value(
				"Expert by Experience", {"user": user, "name": ("!=", self.name)}, "name"
			)
			if linked:
				frappe.throw(
					_("The user {0} already belongs to member {1}.").format(
						frappe.bold(user), get_link_to_form("Expert by Experience", linked)
					),
					PortalUserError,
				)
			user_doc = frappe.get_doc("User", user)
			changed = False
			if not user_doc.enabled:
				user_doc.enabled = 1
				changed = True
			if MEMBER_ROLE not in {r.role for r in user_doc.roles}:
				user_doc.append("roles", {"role": MEMBER_ROLE})
				changed = True
			if changed:
				user_doc.save(ignore_permissions=True)
		else:
			if send_welcome is None:
				send_welcome = bool(frappe.db.get_single_value("LEF Settings", "send_welcome_email") or 0)
			user_doc = frappe.get_doc(
				{
					"doctype": "User",
					"email": self.email,
					"first_name": self.first_name,
					"last_name": self.last_name,
					"user_type": "Website User",
					"language": self.preferred_language or None,
					"send_welcome_email": 1 if send_welcome else 0,
					"roles": [{"role": MEMBER_ROLE}],
				}
			)
			# The account is stored first; the welcome mail after, on its own (store first, mail
			# after: a site without an outgoing mail account still activates the member).
			user_doc.flags.no_welcome_mail = True
			user_doc.insert(ignore_permissions=True)
			user = user_doc.name
			self.add_comment("Info", _("Portal account created for {0}.").format(user))
			if send_welcome:
				queue_welcome_mail(user_doc)
		if self.user != user:
			self.db_set("user", user, update_modified=False)

	def close_portal_access(self):
		if self.user and frappe.db.exists("User", self.user):
			close_portal_access(self.user)
			self.add_comment("Info", _("Portal access closed: the member left."))

	def warn_about_benefits(self):
		warnings = rules.benefit_warnings(self.facts())
		if self.allowance_regime and self.has_value_changed("allowance_regime"):
			if frappe.db.get_value("Allowance Regime", self.allowance_regime, "higher_category"):
				warning = rules.higher_category_warning(self.benefit_status)
				if warning:
					warnings.append(warning)
		for warning in warnings:
			frappe.msgprint(
				warning.render(for_reader()), title=_("Check before inviting"), indicator="orange", alert=True
			)


def invite_to_portal(member: str, send_welcome: bool = False) -> str | None:
	"""Give a member whose status allows it a portal account (enabled), the welcome mail only
	if asked: what staff do after moving a forum in, in batches. Returns the user."""
	doc = frappe.get_doc("Expert by Experience", member)
	if not rules.has_portal_access(doc.status) or doc.anonymised_on:
		return None
	doc.open_portal_access(send_welcome=send_welcome)
	doc.db_set("awaiting_invitation", 0, update_modified=False)
	return frappe.db.get_value("Expert by Experience", member, "user")


def queue_welcome_mail(user_doc) -> bool:
	"""Queue Frappe's welcome mail for a new portal account; never fails the save that made it.

	Without an outgoing mail account, or when queueing fails for any reason, the account
	stays, the coordinator is told why, and the failure is logged: the mail can be sent later
	from the user's page ("Send Welcome Email").
	"""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	reason = None
	if not EmailAccount.find_outgoing():
		reason = _("no outgoing e-mail account is set up")
	else:
		try:
			with savepoint():
				# Queued, not sent at once: sending commits in the middle of this save.
				user_doc.flags.delay_emails = True
				user_doc.send_welcome_mail_to_user()
			return True
		except Exception as error:
			frappe.clear_last_message()
			frappe.log_error(title=_("Welcome e-mail not queued for {0}").format(user_doc.name))
			reason = str(error) or error.__class__.__name__
	frappe.msgprint(
		_(
			"The portal account {0} was created, but the welcome e-mail could not be queued: {1}. Set up an outgoing e-mail account, then send it from the user's page (Send Welcome Email)."
		).format(frappe.bold(user_doc.name), reason),
		title=_("Welcome e-mail not sent"),
		indicator="orange",
	)
	return False


@contextmanager
def savepoint():
	"""Roll back what the block wrote if it fails; the transaction goes on."""
	name = "lef_" + frappe.generate_hash(length=8)
	frappe.db.savepoint(name)
	try:
		yield
	except Exception:
		frappe.db.rollback(save_point=name)
		raise


def year_summary(member) -> dict:
	"""For the form's dashboard: the member's hours this year (logs not cancelled) and, for those
	who may read money data (permission level 2), the allowance room left this year."""
	from frappe.utils import flt, getdate, today

	on = getdate(today())
	total = frappe.db.sql(
		"""select coalesce(sum(total_hours), 0) from `tabHour Log`
		where member = %s and docstatus < 2 and session_date between %s and %s""",
		(member.name, f"{on.year}-01-01", f"{on.year}-12-31"),
	)[0][0]
	summary = {"year": on.year, "hours": flt(total)}
	if member.has_permlevel_access_to("allowance_regime", permission_type="read"):
		room, problem = payouts.room_left_for(member, on)
		yearly = [item for item in room if item.ceiling == money.YEAR_ALLOWANCE]
		summary["allowance_room"] = flt(yearly[0].left) if yearly else None
		summary["allowance_problem"] = problem
	return summary


def close_portal_access(user: str) -> None:
	"""Take the LEF Member role away; a website-only account is disabled as well."""
	user_doc = frappe.get_doc("User", user)
	user_doc.roles = [r for r in user_doc.roles if r.role != MEMBER_ROLE]
	user_doc.save(ignore_permissions=True)
	if user_doc.user_type == "Website User" and user_doc.enabled:
		# Not through User.save: Frappe refuses to disable any user while no System Manager
		# other than Administrator exists (a fresh site), though a website user is never one.
		user_doc.db_set("enabled", 0)
		frappe.sessions.clear_sessions(user=user, force=True)


def end_pauses() -> None:
	"""Daily: members whose pause ended go back to Active.

	Idempotent: a member already back at work is skipped, so a rerun after a crash
	only finishes what was left.
	"""
	now = getdate(today())
	paused = frappe.get_all(
		"Expert by Experience",
		filters={"status": rules.PAUSED, "paused_until": ("<", now)},
		pluck="name",
	)
	for name in paused:
		# A savepoint per member: one that cannot be saved is rolled back and logged, the
		# others go on; the job commits at its end and the next run retries the failures.
		savepoint = "lef_end_pause"
		frappe.db.savepoint(savepoint)
		try:
			doc = frappe.get_doc("Expert by Experience", name)
			if not rules.pause_is_over(doc.status, _date(doc.paused_until), now):
				continue
			doc.status = rules.ACTIVE
			doc.save(ignore_permissions=True)
			doc.add_comment("Info", _("The pause ended: back to Active."))
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(title=f"lef_members: could not end the pause of {name}")


def _date(value):
	return getdate(value) if value else None


def matching_profile(doc) -> str:
	"""The member's child rows matching reads, as one text (domain.profile), from ``doc``."""
	return encode_profile(
		slots=[(r.weekday, r.part_of_day) for r in doc.get("availability") or []],
		skills=[r.skill for r in doc.get("skills") or []],
		languages=[r.language for r in doc.get("languages") or []],
		themes=[
			(r.experience_theme, r.may_be_named, r.willingness, r.not_now_until)
			for r in doc.get("themes") or []
		],
		absences=[(r.from_date, r.to_date, r.reason) for r in doc.get("absences") or []],
		declined=[r.target_group for r in doc.get("declined_audiences") or []],
	)


def refresh_matching_profile(name: str) -> None:
	"""Write the profile again after the child rows changed without a save of the member."""
	doc = frappe.get_doc("Expert by Experience", name)
	doc.db_set("matching_profile", matching_profile(doc), update_modified=False)
