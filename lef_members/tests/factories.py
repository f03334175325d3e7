"""Factories for test data on a real site, reused across the app's test files."""

import frappe
from frappe.utils import add_days, random_string, today


def make_email(prefix: str = "member") -> str:
	return f"{prefix}-{random_string(8).lower()}@example.org"


def create_user(email: str | None = None, roles: tuple[str, ...] = (), user_type: str | None = None) -> str:
	"""A user with the given roles (no welcome mail)."""
	email = email or make_email("user")
	if frappe.db.exists("User", email):
		return email
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"send_welcome_email": 0,
			"user_type": user_type
			or ("System User" if roles and "LEF Member" not in roles else "Website User"),
			"roles": [{"role": role} for role in roles],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	return user.name


def create_member(**args):
	"""An Expert by Experience; by default a Candidate with a fresh e-mail address.

	Pass ``status="Active"`` for an active member with a portal account (consent recorded).
	"""
	args = frappe._dict(args)
	doc = frappe.get_doc(
		{
			"doctype": "Expert by Experience",
			"first_name": args.first_name or "Test",
			"last_name": args.last_name or random_string(6),
			"email": args.email or make_email(),
			"status": args.status or "Candidate",
			"consent_date": args.consent_date
			or (today() if args.status in ("Active", "Paused", "In Training") else None),
			"consent_version": args.consent_version
			or ("1" if args.status in ("Active", "Paused", "In Training") or args.consent_date else None),
			"paused_until": args.paused_until,
			"max_assignments_per_month": args.max_assignments_per_month or 4,
			"postcode": args.postcode,
			"country": args.country,
			"iban": args.iban,
			"benefit_status": args.benefit_status or "None",
			"themes": args.themes or [],
			"availability": args.availability or [],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def activate(member, on=None):
	"""Walk a candidate along the path to Active, as a coordinator would."""
	for status in ("Intake", "In Training", "Active"):
		member.reload()
		if member.status == status:
			continue
		member.status = status
		if not member.consent_date:
			member.consent_date = on or today()
			member.consent_version = "1"
		member.save(ignore_permissions=True)
	return member


def yesterday():
	return add_days(today(), -1)


def create_active_member(slots=(("Tuesday", "Morning"),), **args):
	"""An active member with a portal account, available on the given weekday parts."""
	member = create_member(availability=[{"weekday": d, "part_of_day": p} for d, p in slots], **args)
	activate(member)
	member.reload()
	return member


def ensure_assignment_type(name: str = "Test Talk", **args) -> str:
	if not frappe.db.exists("Assignment Type", name):
		frappe.get_doc(
			{
				"doctype": "Assignment Type",
				"type_name": name,
				"billing_mode": args.get("billing_mode", "Per session"),
				"default_experts_needed": 1,
				"required_courses": [{"training_course": c} for c in args.get("required_courses", ())],
			}
		).insert(ignore_permissions=True)
	return name


def next_weekday(weekday: int, weeks_ahead: int = 1):
	"""The date of the given weekday (0 = Monday) at least ``weeks_ahead`` weeks from today."""
	from frappe.utils import getdate

	start = getdate(add_days(today(), 7 * weeks_ahead))
	return add_days(start, (weekday - start.weekday()) % 7)


def create_assignment(sessions=None, **args):
	"""An assignment with one Tuesday-morning session next week unless told otherwise."""
	args = frappe._dict(args)
	if sessions is None:
		sessions = [(next_weekday(1), "09:00:00", "11:00:00")]
	doc = frappe.get_doc(
		{
			"doctype": "Assignment",
			"title": args.title or f"Recovery story {random_string(5)}",
			"assignment_type": args.assignment_type or ensure_assignment_type(),
			"experts_needed": args.experts_needed or 1,
			"location_type": args.location_type or "Online",
			"contact": args.contact,
			"wished_themes": [{"experience_theme": t} for t in args.wished_themes or ()],
			"sessions": [{"session_date": d, "start_time": s, "end_time": e} for d, s, e in sessions],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def create_contact(email: str | None = None) -> str:
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Contact",
			"last_name": random_string(5),
			"email_ids": [{"email_id": email or make_email("contact"), "is_primary": 1}],
		}
	).insert(ignore_permissions=True)
	return contact.name


# --- trainings ---------------------------------------------------------------------------------


def create_training_course(**args):
	"""A training course with a fresh name; ``prerequisites``/``skills``/``assignment_types`` are
	lists of names. ``validity_months`` 0 (the default) means the certificate never expires.
	"""
	args = frappe._dict(args)
	doc = frappe.get_doc(
		{
			"doctype": "Training Course",
			"course_name": args.course_name or f"Test course {random_string(6)}",
			"hours": args.hours if args.hours is not None else 6,
			"validity_months": args.validity_months or 0,
			"required_attendance": args.required_attendance or 100,
			"is_basic_training": 1 if args.is_basic_training else 0,
			"disabled": 1 if args.disabled else 0,
			"is_intervision": 1 if args.is_intervision else 0,
			"prerequisites": [{"prerequisite": p} for p in args.prerequisites or ()],
			"skills": [{"skill": s} for s in args.skills or ()],
			"assignment_types": [{"assignment_type": t} for t in args.assignment_types or ()],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def create_training_session(**args):
	"""A session of ``course`` (a new course when none is given), Open, 2 places, on two dates
	starting ``days_ahead`` days from today (14 by default). Pass ``dates`` to set them exactly:
	a list of dates or of (date, start, end).
	"""
	args = frappe._dict(args)
	course = args.course or create_training_course().name
	dates = args.dates
	if dates is None:
		first = add_days(today(), args.days_ahead if args.days_ahead is not None else 14)
		dates = [(first, "09:30:00", "12:30:00"), (add_days(first, 7), "09:30:00", "12:30:00")]
	rows = []
	for item in dates:
		if isinstance(item, tuple | list):
			day, start, end = [*item, None, None][:3]
		else:
			day, start, end = item, None, None
		rows.append({"session_date": day, "start_time": start, "end_time": end})
	doc = frappe.get_doc(
		{
			"doctype": "Training Session",
			"course": course,
			"status": args.status or "Open",
			"capacity": args.capacity if args.capacity is not None else 2,
			"is_online": 1 if args.is_online else 0,
			"location": args.location or ("" if args.is_online else "Forum office"),
			"meeting_link": args.meeting_link,
			"dates": rows,
			"trainers": [{"trainer_name": name} for name in args.trainers or ()],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def create_training_enrollment(member, session, **args):
	"""Enrol ``member`` (a doc or name) in ``session`` as a coordinator would (or through the
	portal with ``by_member=True``); the controller decides Enrolled or Waitlisted.
	"""
	doc = frappe.get_doc(
		{
			"doctype": "Training Enrollment",
			"member": getattr(member, "name", member),
			"training_session": getattr(session, "name", session),
		}
	)
	doc.flags.by_member = bool(args.get("by_member"))
	doc.insert(ignore_permissions=True)
	return doc


def pass_training(enrollment, result: str = "Passed"):
	"""Mark every date attended and enter the result, as a coordinator does after the session."""
	doc = frappe.get_doc("Training Enrollment", getattr(enrollment, "name", enrollment))
	for row in doc.attendance:
		row.present = 1
	doc.result = result
	doc.save(ignore_permissions=True)
	return doc


def create_certificate(member, course, completed_on=None):
	"""A passed enrolment of ``member`` for ``course`` completed on ``completed_on`` (a past
	session, entered by a coordinator): the quickest way to give a member a certificate.
	"""
	completed_on = completed_on or add_days(today(), -30)
	# A coordinator records a past session: plan it, enrol, enter the result, close it.
	session = create_training_session(
		course=getattr(course, "name", course), dates=[completed_on], status="Planned", capacity=0
	)
	enrollment = pass_training(create_training_enrollment(member, session))
	frappe.db.set_value("Training Session", session.name, "status", "Completed")
	return enrollment


def create_in_training_member(**args):
	"""A member In Training (consent recorded), with a portal account."""
	member = create_member(status="In Training", **args)
	member.reload()
	return member


def request_form(**changes) -> dict:
	"""A complete, valid submission of the public request form (field names of Expert Request)."""
	day = add_days(today(), 21)
	values = {
		"organisation_name": f"Vzw Het Anker {random_string(6)}",
		"enterprise_number": "",
		"contact_person": "An Peeters",
		# A domain of its own: requests from one domain belong to one organisation.
		"email": f"an.peeters@{random_string(10).lower()}.example.org",
		"phone": "011 22 33 44",
		"assignment_type": "Recovery story",
		"title": "Herstelverhaal voor ons team",
		"description": "Een getuigenis over herstel voor twintig verpleegkundigen.",
		"audience": "Verpleegkundigen",
		"themes": "psychose, herstel",
		"language": "nl",
		"location_type": "On site",
		"address": "Kerkstraat 1",
		"postcode": "3500",
		"city": "Hasselt",
		"dates": [{"session_date": day, "start_time": "13:30:00", "end_time": "16:00:00"}],
		"flexible": 0,
		"number_of_experts": 2,
		"fee_expectation": "Het gebruikelijke tarief",
		"heard_from": "Een collega",
		"consent": 1,
		"website": "",
	}
	values.update(changes)
	return values


def create_expert_request(**args):
	"""An Expert Request entered in the desk (checked like a web form submission); New."""
	doc = frappe.get_doc({"doctype": "Expert Request", **request_form(**args)})
	doc.insert(ignore_permissions=True)
	return doc


def create_organisation(**args):
	"""A Commissioning Organisation with a fresh name unless told otherwise."""
	args = frappe._dict(args)
	doc = frappe.get_doc(
		{
			"doctype": "Commissioning Organisation",
			"organisation_name": args.organisation_name or f"Organisation {random_string(8)}",
			"organisation_type": args.organisation_type,
			"enterprise_number": args.enterprise_number,
			"email_domains": args.email_domains,
			"email": args.email,
			"website": args.website,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def make_enterprise_number() -> str:
	"""A fresh, valid Belgian enterprise number (check digits included), as 0xxx.xxx.xxx."""
	import random

	base = random.randint(2_000_000, 9_999_999)  # the first eight digits: 0 and seven more
	digits = f"0{base:07d}{97 - base % 97:02d}"
	return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


# --- hours, allowances and billing ----------------------------------------------------------


def add_expert(assignment, member, status: str = "Accepted"):
	"""``member`` on ``assignment`` (a name or a record) with ``status``."""
	return frappe.get_doc(
		{
			"doctype": "Assignment Expert",
			"assignment": getattr(assignment, "name", assignment),
			"member": getattr(member, "name", member),
			"member_name": getattr(member, "full_name", None),
			"status": status,
		}
	).insert(ignore_permissions=True)


def create_accepted_assignment(member, days, **args):
	"""An assignment with a morning session on each of ``days`` that ``member`` accepted."""
	assignment = create_assignment(sessions=[(day, "09:00:00", "12:00:00") for day in days], **args)
	add_expert(assignment, member)
	return assignment


def create_hour_log(member, assignment, session_date, approve: bool = False, **values):
	"""A member's hour log (2 hours of execution unless told otherwise), approved on request."""
	doc = frappe.get_doc(
		{
			"doctype": "Hour Log",
			"member": getattr(member, "name", member),
			"assignment": getattr(assignment, "name", assignment),
			"session_date": session_date,
			"execution_hours": values.pop("execution_hours", 2),
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	if approve:
		doc.submit()
	return doc


def set_allowance(member, regime: str, **agreed) -> None:
	"""Put ``member`` under ``regime`` (money data, as finance would enter it), with their IBAN."""
	values = {"allowance_regime": regime, **agreed}
	frappe.db.set_value("Expert by Experience", getattr(member, "name", member), values)


def create_test_regime(name: str | None = None, kind: str = "Volunteer flat rate", rows=None, km_rates=None):
	"""A regime of its own with one row covering the current year (figures given in ``rows``)."""
	from frappe.utils import getdate

	year = getdate(today()).year
	rows = rows or [
		{
			"valid_from": f"{year}-01-01",
			"valid_to": f"{year}-12-31",
			"max_per_day": 40,
			"max_per_year": 100,
			"max_km_per_year": 2000,
			"km_rate_car": 0.4,
			"source": "test figures",
		}
	]
	# A row's ``km_rate_<vehicle>`` becomes a kilometre rate of that row's period (the rates are
	# rows of their own on the regime); ``km_rates`` gives them apart instead.
	rates = list(km_rates or ())
	ceilings = []
	for row in rows:
		row = dict(row)
		for vehicle in ("Car", "Motorbike", "Moped", "Bicycle"):
			rate = row.pop(f"km_rate_{vehicle.lower()}", None)
			if rate:
				rates.append(
					{
						"valid_from": row["valid_from"],
						"valid_to": row["valid_to"],
						"vehicle": vehicle,
						"rate": rate,
					}
				)
		ceilings.append(row)
	doc = frappe.get_doc(
		{
			"doctype": "Allowance Regime",
			"regime_name": name or f"Test regime {random_string(6)}",
			"regime_kind": kind,
			"ceilings": ceilings,
			"km_rates": rates,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def create_payout(from_date, to_date, submit: bool = False):
	doc = frappe.get_doc({"doctype": "Allowance Payout", "from_date": from_date, "to_date": to_date})
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


# --- payouts: a member under a regime, approved logs, what a payout paid them ---------------


def member_on(regime: str, **agreed):
	member = create_active_member()
	set_allowance(member, regime, **agreed)
	member.reload()
	return member


def logs_for(member, days, **values):
	assignment = create_accepted_assignment(member, days)
	return [create_hour_log(member, assignment, day, approve=True, **values) for day in days]


def paid_of(payout, member) -> float:
	return frappe.db.get_value("Allowance Payout Member", {"payout": payout, "member": member}, "paid")
