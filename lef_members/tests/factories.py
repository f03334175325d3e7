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
