"""A believable forum to try the app on, and its removal.

    bench --site SITE execute lef_members.demo.create
    bench --site SITE execute lef_members.demo.remove

``create`` builds, in Dutch and with clearly fictitious people and organisations (every
e-mail address at ``demo.example.org``, every organisation marked "(demo)"): about 40
members in every lifecycle state with themes, skills, availability and pauses; training
sessions with enrolments and certificates, some expiring; 25 requests in every triage
state; assignments in every state with invitations and answers; approved hour logs over the
last 14 months; a paid payout and a draft one; billing statements; evaluations. Dates are
relative to today, so the demo always looks current. No e-mail is sent while it is built.

Every record it makes is listed in one registry (a global default value); running it again
adds nothing, and ``remove`` deletes exactly what is listed, with the comments, versions and
queued mails that refer to it, and nothing else.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import frappe
from frappe.utils import add_days, add_months, getdate, today

REGISTRY = "lef_members_demo_records"
DOMAIN = "demo.example.org"
SEED = 2026

FIRST = (
	"An",
	"Bram",
	"Chloë",
	"Dries",
	"Els",
	"Fien",
	"Gert",
	"Hanne",
	"Ilse",
	"Jens",
	"Kato",
	"Lien",
	"Marc",
	"Nora",
	"Omar",
	"Pieter",
	"Rania",
	"Sven",
	"Tine",
	"Uma",
	"Vic",
	"Wout",
	"Yara",
	"Zeno",
	"Amber",
	"Bart",
	"Celine",
	"Dirk",
	"Eline",
	"Filip",
	"Greet",
	"Hamza",
	"Inge",
	"Joris",
	"Katrien",
	"Lucas",
	"Mira",
	"Nico",
	"Oona",
	"Quinten",
)
LAST = (
	"Voorbeeld",
	"Proefmans",
	"Demaere",
	"Testelmans",
	"Fictief",
	"Verzonnen",
	"Denkbeeld",
	"Schetsers",
)
ORGANISATIONS = (
	("Ziekenhuis Maasland (demo)", "Hospital or psychiatric centre"),
	("Zorgnetwerk Kempenland (demo)", "Care network"),
	("CAW Oostrand (demo)", "Centre for general welfare"),
	("OCMW Bosdorp (demo)", None),
	("Hogeschool Limburgia (demo)", None),
	("Mutualiteit De Brug (demo)", None),
	("Gemeente Heidebeek (demo)", None),
	("Huisartsenkring Vijverhof (demo)", None),
)
THEMES = (
	"Psychosis",
	"Depression",
	"Bipolar disorder",
	"Anxiety",
	"Addiction",
	"Eating disorder",
	"Trauma",
	"Burnout",
	"Forensic care and internment",
	"Homelessness",
)
SKILLS = ("Telling a recovery story", "Co-teaching", "Advisory board", "Policy advice", "User research")
TYPES = ("Recovery story", "Co-teaching", "Advisory board or working group", "Policy advice", "User research")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
PARTS = ("Morning", "Afternoon", "Evening")
BE_IBAN = "BE71096123456769"  # the published example IBAN of the Belgian banks: valid, no one's account


# ------------------------------------------------------------------------- registry


def registry() -> list[list[str]]:
	return json.loads(frappe.db.get_global(REGISTRY) or "[]")


def _save_registry(records: list[list[str]]) -> None:
	frappe.db.set_global(REGISTRY, json.dumps(records))


class _Maker:
	def __init__(self) -> None:
		self.records: list[list[str]] = []
		self.rng = random.Random(SEED)

	def keep(self, doc):
		self.records.append([doc.doctype, doc.name])
		return doc

	def insert(self, values: dict):
		doc = frappe.get_doc(values)
		doc.insert(ignore_permissions=True)
		return self.keep(doc)


# --------------------------------------------------------------------------- create


def create() -> dict:
	"""Build the demo forum once; a second run adds nothing. Returns what was made, per DocType."""
	if registry():
		print("The demo is already on this site; run lef_members.demo.remove first to build it again.")
		return _summary(registry())
	frappe.flags.mute_emails = True
	welcome = frappe.db.get_single_value("LEF Settings", "send_welcome_email")
	frappe.db.set_single_value("LEF Settings", "send_welcome_email", 0)
	make = _Maker()
	try:
		organisations = _organisations(make)
		members = _members(make)
		_trainings(make, members)
		_requests(make, organisations)
		assignments = _assignments(make, organisations, members)
		_payouts(make, assignments)
		_billing(make, assignments)
		_users_of(make, members)
		_save_registry(make.records)
		_forget_mails([name for _doctype, name in make.records])
		frappe.db.set_single_value("LEF Settings", "send_welcome_email", welcome)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		raise
	finally:
		frappe.flags.mute_emails = False
	summary = _summary(make.records)
	print(f"Demo forum created: {summary}")
	return summary


def _summary(records) -> dict:
	counts: dict[str, int] = {}
	for doctype, _name in records:
		counts[doctype] = counts.get(doctype, 0) + 1
	return counts


def _organisations(make: _Maker) -> list[str]:
	names = []
	for name, kind in ORGANISATIONS:
		slug = name.split(" (")[0].lower().replace(" ", "")
		doc = make.insert(
			{
				"doctype": "Commissioning Organisation",
				"organisation_name": name,
				"organisation_type": kind,
				"email": f"info@{slug}.{DOMAIN}",
				"email_domains": f"{slug}.{DOMAIN}",
				"notes": "Fictitious organisation of the demo.",
			}
		)
		names.append(doc.name)
	return names


# Lifecycle states of the 40 members, in order.
STATES = (
	["Active"] * 24 + ["Paused"] * 3 + ["In Training"] * 5 + ["Intake"] * 3 + ["Candidate"] * 2 + ["Left"] * 3
)


def _members(make: _Maker) -> list:
	rng = make.rng
	members = []
	for index, state in enumerate(STATES):
		first, last = FIRST[index], LAST[index % len(LAST)]
		themes = rng.sample(THEMES, rng.randint(1, 3))
		slots = rng.sample([(d, p) for d in WEEKDAYS for p in PARTS[:2]], rng.randint(2, 5))
		doc = make.insert(
			{
				"doctype": "Expert by Experience",
				"first_name": first,
				"last_name": last,
				"email": f"{first.lower().replace('ë', 'e')}.{last.lower()}@{DOMAIN}",
				"status": "Candidate",
				"experience_kind": "Family experience" if index % 7 == 3 else "Own experience",
				"postcode": rng.choice(["3500", "3600", "3900", "3700", "3800"]),
				"country": "Belgium",
				"max_assignments_per_month": rng.choice([2, 3, 4]),
				"themes": [{"experience_theme": t, "may_be_named": rng.random() < 0.6} for t in themes],
				"skills": [{"skill": s} for s in rng.sample(SKILLS, rng.randint(1, 3))],
				"availability": [{"weekday": d, "part_of_day": p} for d, p in slots],
			}
		)
		_walk(doc, state, index)
		members.append(doc)
	return members


def _walk(doc, state: str, index: int) -> None:
	"""Take a new member along the lifecycle to ``state``, as a coordinator would."""
	path = {
		"Candidate": [],
		"Intake": ["Intake"],
		"In Training": ["Intake", "In Training"],
		"Active": ["Intake", "In Training", "Active"],
		"Paused": ["Intake", "In Training", "Active", "Paused"],
		"Left": ["Intake", "In Training", "Active", "Left"],
	}[state]
	for status in path:
		doc.reload()
		doc.status = status
		if not doc.consent_date and status != "Intake":
			doc.consent_date = add_days(today(), -400 + index)
			doc.consent_version = "1"
		if status == "Active":
			doc.allowance_regime = "BE volunteer flat rate"
			doc.iban = BE_IBAN
			doc.account_holder = doc.full_name
			doc.joined_on = add_months(today(), -14)
		if status == "Paused":
			doc.paused_until = add_days(today(), 20 + index)
		if status == "Left":
			doc.leaving_reason = "Demo: moved away."
		doc.save(ignore_permissions=True)
	if state == "Active" and index % 6 == 1:
		doc.reload()
		doc.append(
			"absences",
			{"from_date": add_days(today(), 10), "to_date": add_days(today(), 17), "reason": "Vakantie"},
		)
		doc.save(ignore_permissions=True)


def _trainings(make: _Maker, members: list) -> None:
	basic = (
		frappe.db.get_value("Training Course", {"is_basic_training": 1})
		or "Basic training in experiential expertise"
	)
	story = "Telling your recovery story"
	active = [m for m in members if m.status in ("Active", "Paused", "Left")]
	# A past basic training and a past story course (certificates, some expiring soon), one open.
	for course, when, people in (
		(basic, add_months(today(), -13), active[:12]),
		(story, add_months(today(), -35), active[:5]),  # 36 months valid: expiring within a month
		(story, add_months(today(), -6), active[5:14]),
	):
		session = make.insert(
			{
				"doctype": "Training Session",
				"course": course,
				"status": "Planned",
				"capacity": 0,
				"location": "Forumlokaal, Hasselt",
				"dates": [{"session_date": when, "start_time": "09:30:00", "end_time": "16:00:00"}],
				"trainers": [{"trainer_name": "Greet Opleider (demo)"}],
			}
		)
		for member in people:
			enrolment = make.insert(
				{"doctype": "Training Enrollment", "member": member.name, "training_session": session.name}
			)
			for row in enrolment.attendance:
				row.present = 1
			enrolment.result = "Passed"
			enrolment.save(ignore_permissions=True)
		frappe.db.set_value("Training Session", session.name, "status", "Completed")
	upcoming = make.insert(
		{
			"doctype": "Training Session",
			"course": basic,
			"status": "Open",
			"capacity": 8,
			"location": "Forumlokaal, Hasselt",
			"dates": [
				{"session_date": add_days(today(), 16), "start_time": "09:30:00", "end_time": "12:30:00"},
				{"session_date": add_days(today(), 23), "start_time": "09:30:00", "end_time": "12:30:00"},
			],
		}
	)
	for member in [m for m in members if m.status == "In Training"]:
		make.insert(
			{"doctype": "Training Enrollment", "member": member.name, "training_session": upcoming.name}
		)


REQUEST_TITLES = (
	"Herstelverhaal voor verpleegkundigen",
	"Gastles herstel voor studenten",
	"Meedenken in de adviesraad",
	"Getuigenis op een studiedag",
	"Gebruikersonderzoek nieuwe afdeling",
)


def _requests(make: _Maker, organisations: list[str]) -> None:
	rng = make.rng
	for index in range(25):
		organisation = organisations[index % len(organisations)]
		slug = organisation.split(" (")[0].lower().replace(" ", "")
		doc = make.insert(
			{
				"doctype": "Expert Request",
				"organisation_name": organisation,
				"contact_person": f"{FIRST[(index + 11) % len(FIRST)]} Aanvrager",
				"email": f"contact{index}@{slug}.{DOMAIN}",
				"assignment_type": TYPES[index % len(TYPES)],
				"title": REQUEST_TITLES[index % len(REQUEST_TITLES)],
				"description": "Demo: we zoeken een ervaringsdeskundige die over herstel wil vertellen.",
				"audience": "Zorgverleners",
				"location_type": "On site" if index % 3 else "Online",
				"address": "Kerkstraat 1" if index % 3 else None,
				"postcode": "3500" if index % 3 else None,
				"city": "Hasselt" if index % 3 else None,
				"dates": [
					{
						"session_date": add_days(today(), 20 + index * 3),
						"start_time": "13:30:00",
						"end_time": "16:00:00",
					}
				],
				"number_of_experts": rng.choice([1, 1, 2]),
				"consent": 1,
			}
		)
		state = ("New", "In Review", "Needs Info", "Accepted", "Declined")[index % 5]
		if state in ("In Review", "Needs Info", "Accepted", "Declined"):
			doc.start_review()
		if state == "Needs Info":
			doc.ask_for_info("Demo: op welk uur start de studiedag?")
		if state == "Declined":
			doc.decline("No experts available on these dates", "Demo: op die dagen is niemand vrij.")
		if state == "Accepted":
			assignment = doc.accept()
			make.records.append(["Assignment", assignment])
		doc.reload()
		for name in (doc.organisation, doc.contact):
			if name and name not in organisations:
				doctype = "Commissioning Organisation" if name == doc.organisation else "Contact"
				if [doctype, name] not in make.records:
					make.records.append([doctype, name])


def _assignments(make: _Maker, organisations: list[str], members: list) -> list:
	"""Past assignments (completed, closed, with logs) and coming ones in every state."""
	rng = make.rng
	active = [m for m in members if m.status == "Active"]
	made = []
	# Past work over the last 14 months, two sessions each month or so.
	for index in range(14):
		day = getdate(add_days(add_months(today(), -14 + index), 3 + index % 10))
		while day.weekday() > 4:
			day += timedelta(days=1)
		team = rng.sample(active, rng.choice([1, 2]))
		doc = make.insert(
			{
				"doctype": "Assignment",
				"title": f"{REQUEST_TITLES[index % len(REQUEST_TITLES)]} ({day:%B %Y})",
				"assignment_type": TYPES[index % len(TYPES)],
				"organisation": organisations[index % len(organisations)],
				"experts_needed": len(team),
				"location_type": "On site",
				"address": "Stationsplein 4",
				"postcode": "3500",
				"billing_mode": "Per session",
				"agreed_rate": 150,
				"travel_billed": 1,
				"wished_themes": [{"experience_theme": t.experience_theme} for t in team[0].themes[:1]],
				"sessions": [{"session_date": day, "start_time": "13:30:00", "end_time": "16:00:00"}],
			}
		)
		for member in team:
			make.insert(
				{
					"doctype": "Assignment Expert",
					"assignment": doc.name,
					"member": member.name,
					"member_name": member.full_name,
					"status": "Accepted",
					"wellbeing": rng.choice(["Good", "Good", "Okay", "Heavy"]),
				}
			)
			log = make.insert(
				{
					"doctype": "Hour Log",
					"member": member.name,
					"assignment": doc.name,
					"session_date": day,
					"preparation_hours": 1,
					"execution_hours": 2.5,
					"travel_hours": 1,
					"transport_mode": rng.choice(["Car", "Public transport", "Bicycle"]),
				}
			)
			if log.transport_mode in ("Car", "Bicycle"):
				log.db_set("kilometres", rng.choice([12, 24, 38]))
			log.reload()
			log.submit()
		status = "Closed" if index < 10 else "Completed"
		frappe.db.set_value(
			"Assignment",
			doc.name,
			{
				"status": status,
				"experts_accepted": len(team),
				"evaluation_rating": rng.choice([4, 5, 5]) if index % 3 else None,
				"evaluation_comment": "Demo: heel waardevol voor ons team." if index % 3 else None,
				"evaluated_on": add_days(day, 5) if index % 3 else None,
			},
		)
		made.append(frappe.get_doc("Assignment", doc.name))
	# Coming work in each state.
	for index, status in enumerate(("Draft", "Open", "Open", "Staffed", "Confirmed", "Cancelled")):
		day = getdate(add_days(today(), 12 + index * 9))
		while day.weekday() > 4:
			day += timedelta(days=1)
		doc = make.insert(
			{
				"doctype": "Assignment",
				"title": f"{REQUEST_TITLES[(index + 2) % len(REQUEST_TITLES)]} (gepland)",
				# Open work is a recovery story: the kind most members are trained for.
				"assignment_type": "Recovery story" if status == "Open" else TYPES[index % len(TYPES)],
				"organisation": organisations[(index + 3) % len(organisations)],
				"experts_needed": 2,
				"location_type": "Online" if index % 2 else "On site",
				"billing_mode": "Per hour",
				"agreed_rate": 45,
				"sessions": [{"session_date": day, "start_time": "09:30:00", "end_time": "12:00:00"}],
			}
		)
		invited = rng.sample(active, 3)
		answers = {
			"Draft": (),
			"Open": ("Invited", "Declined", "Accepted"),
			"Staffed": ("Accepted", "Accepted", "Declined"),
			"Confirmed": ("Accepted", "Accepted", "Invited"),
			"Cancelled": ("Withdrawn",),
		}[status]
		for member, answer in zip(invited, answers, strict=False):
			make.insert(
				{
					"doctype": "Assignment Expert",
					"assignment": doc.name,
					"member": member.name,
					"member_name": member.full_name,
					"status": answer,
					"decline_reason": "Demo: dan werk ik." if answer == "Declined" else None,
				}
			)
		accepted = sum(1 for answer in answers if answer == "Accepted")
		frappe.db.set_value(
			"Assignment",
			doc.name,
			{
				"status": status,
				"experts_invited": len(answers),
				"experts_accepted": accepted,
				"cancel_reason": "Demo: de studiedag werd uitgesteld." if status == "Cancelled" else None,
			},
		)
	return made


def _payouts(make: _Maker, assignments: list) -> None:
	"""A paid payout up to three months ago and a draft for the months after."""
	paid_until = getdate(add_months(today(), -3))
	first = getdate(add_months(today(), -15))
	paid = make.insert({"doctype": "Allowance Payout", "from_date": first, "to_date": paid_until})
	if paid.log_count:
		paid.submit()
	make.insert({"doctype": "Allowance Payout", "from_date": add_days(paid_until, 1), "to_date": today()})


def _billing(make: _Maker, assignments: list) -> None:
	for assignment in assignments[:3]:
		doc = make.insert(
			{
				"doctype": "Billing Statement",
				"assignment": assignment.name,
				"posting_date": add_days(assignment.sessions[0].session_date, 10),
			}
		)
		doc.submit()


def _users_of(make: _Maker, members: list) -> None:
	"""The portal accounts the lifecycle made for the members."""
	for member in members:
		user = frappe.db.get_value("Expert by Experience", member.name, "user")
		if user and ["User", user] not in make.records:
			make.records.append(["User", user])


# --------------------------------------------------------------------------- remove


def _forget_mails(names: list[str]) -> None:
	queued = frappe.get_all("Email Queue", filters={"reference_name": ("in", names or [""])}, pluck="name")
	if queued:
		frappe.db.delete("Email Queue Recipient", {"parent": ("in", queued)})
		frappe.db.delete("Email Queue", {"name": ("in", queued)})


def remove() -> dict:
	"""Delete exactly what ``create`` made (and what refers only to it); nothing else."""
	records = registry()
	if not records:
		print("No demo on this site.")
		return {}
	names = [name for _doctype, name in records]
	emails = [name for doctype, name in records if doctype == "User"]
	for doctype, name in reversed(records):
		if not frappe.db.exists(doctype, name):
			continue
		meta = frappe.get_meta(doctype)
		for table in meta.get_table_fields():
			frappe.db.delete(table.options, {"parent": name, "parenttype": doctype})
		if doctype == "Allowance Payout":
			frappe.db.sql("update `tabHour Log` set payout = NULL where payout = %s", (name,))
			for part in ("Allowance Payout Line", "Allowance Payout Member"):
				frappe.db.delete(part, {"payout": name})
		if doctype == "User":
			for table in ("Has Role", "DefaultValue"):
				frappe.db.delete(table, {"parent": name})
			frappe.db.delete("__Auth", {"doctype": "User", "name": name})
		frappe.db.delete(doctype, {"name": name})
	for doctype, field in (
		("Comment", "reference_name"),
		("Version", "docname"),
		("Notification Log", "document_name"),
	):
		frappe.db.delete(doctype, {field: ("in", names)})
	_forget_mails(names)
	if emails:
		# Contacts Frappe makes for new users in the background, where a worker ran.
		for contact in frappe.get_all("Contact", filters={"email_id": ("in", emails)}, pluck="name"):
			for table in ("Contact Email", "Contact Phone", "Dynamic Link"):
				frappe.db.delete(table, {"parent": contact})
			frappe.db.delete("Contact", {"name": contact})
	frappe.db.set_global(REGISTRY, None)
	frappe.db.commit()
	frappe.clear_cache()
	summary = _summary(records)
	print(f"Demo forum removed: {summary}")
	return summary
