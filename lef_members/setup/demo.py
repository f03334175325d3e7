"""A believable forum to try the app on, and its removal.

    bench --site SITE execute lef_members.setup.demo.create
    bench --site SITE execute lef_members.setup.demo.remove

``create`` builds a forum in Limburg as its board would show it, in Dutch, with fictitious
people and organisations (every e-mail address at ``demo.example.org``, every organisation
marked "(demo)"): 40 members in every lifecycle state, each with an address, a care network,
themes, skills and the weekday parts they are free; trainings with certificates, some
expiring; 25 requests written the way organisations write them, in every triage state; 14
months of work that came in through those requests (assignments with their experts, hours,
evaluations), spread over the months so the workspace's charts and the reports have history;
coming work in every state, its members invited and answering through the app's own flow (so
no one is invited whom the rules exclude); a paid payout and a draft one; billing statements.
Sessions fall on weekdays; dates are relative to today, so the demo always looks current. No
e-mail is sent while it is built.

A site whose setup wizard has not run yet speaks English in Frappe's default time zone: the
demo first gives it Belgium's language, time zone and formats (put back by ``remove`` while the
wizard still has not run), so its timeline and its users read as the forum's would.

Every record it makes is listed in one registry (a global default value); running it again
adds nothing, and ``remove`` deletes exactly what is listed, with the comments, versions and
queued mails that refer to it, and nothing else.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from time import monotonic, sleep

import frappe
from frappe.utils import add_days, add_months, cint, flt, getdate, today

from lef_members.domain import assignments as asg
from lef_members.lef_assignments import assignment_flow

REGISTRY = "lef_members_demo_records"
SITE_SETTINGS = "lef_members_demo_site_settings"
DOMAIN = "demo.example.org"
SEED = 2026

# What a Belgian forum's site says once its setup wizard ran (country Belgium, Dutch).
BELGIAN_SITE = {
	"language": "nl",
	"time_zone": "Europe/Brussels",
	"country": "Belgium",
	"date_format": "dd-mm-yyyy",
	"time_format": "HH:mm",
	"number_format": "#.###,##",
	"first_day_of_the_week": "Monday",
}

PEOPLE = (
	("An", "Peeters"),
	("Bram", "Janssens"),
	("Chloë", "Maes"),
	("Dries", "Jacobs"),
	("Els", "Mertens"),
	("Fien", "Willems"),
	("Gert", "Claes"),
	("Hanne", "Goossens"),
	("Ilse", "Wouters"),
	("Jens", "Vandeweyer"),
	("Kato", "Smeets"),
	("Lien", "Hermans"),
	("Marc", "Aerts"),
	("Nora", "Coenen"),
	("Omar", "El Amrani"),
	("Pieter", "Lambrechts"),
	("Rania", "Haddou"),
	("Sven", "Geerts"),
	("Tine", "Kerkhofs"),
	("Uma", "Schepers"),
	("Vic", "Bollen"),
	("Wout", "Nijs"),
	("Yara", "Dirix"),
	("Zeno", "Ramaekers"),
	("Amber", "Thijs"),
	("Bart", "Reynders"),
	("Celine", "Vanhees"),
	("Dirk", "Moors"),
	("Eline", "Stevens"),
	("Filip", "Vranken"),
	("Greet", "Houben"),
	("Hamza", "Yilmaz"),
	("Inge", "Cuypers"),
	("Joris", "Vanderhoydonck"),
	("Katrien", "Wijnants"),
	("Lucas", "Lenaerts"),
	("Mira", "Jorissen"),
	("Nico", "Swinnen"),
	("Oona", "Vangeel"),
	("Quinten", "Hendrikx"),
)

# Municipalities of Limburg: postcode, a point near the centre, streets, the care network.
PLACES = (
	(
		"Hasselt",
		"3500",
		50.9307,
		5.3325,
		("Kuringersteenweg", "Thonissenlaan", "Maastrichterstraat"),
		"Reling",
	),
	("Genk", "3600", 50.9650, 5.5008, ("Hoogstraat", "Winterslagstraat", "Vennestraat"), "Reling"),
	("Diepenbeek", "3590", 50.9080, 5.4167, ("Stationsstraat", "Dorpsstraat"), "Reling"),
	("Maasmechelen", "3630", 50.9650, 5.6944, ("Rijksweg", "Pauwengraaf"), "Reling"),
	("Sint-Truiden", "3800", 50.8166, 5.1866, ("Tiensesteenweg", "Stapelstraat"), "Ligant"),
	("Tongeren", "3700", 50.7806, 5.4640, ("Maastrichterstraat", "Sint-Truiderstraat"), "Ligant"),
	("Bilzen", "3740", 50.8728, 5.5181, ("Eikenlaan", "Brugstraat"), "Ligant"),
	("Lommel", "3920", 51.2306, 5.3130, ("Stationsstraat", "Luikersteenweg"), "Noolim"),
	("Beringen", "3580", 51.0490, 5.2265, ("Koolmijnlaan", "Markt"), "Noolim"),
	("Heusden-Zolder", "3550", 51.0319, 5.3117, ("Dorpsstraat", "Koerselsebaan"), "Noolim"),
	("Houthalen-Helchteren", "3530", 51.0322, 5.3747, ("Grote Baan", "Pastorijstraat"), "Noolim"),
)

# Organisations, with their type, where they are and who writes to the forum there.
ORGANISATIONS = (
	("Ziekenhuis Maasland (demo)", "Hospital or psychiatric centre", "Genk", ("Sofie", "Vandebroek")),
	("Zorgnetwerk Kempenland (demo)", "Care network", "Beringen", ("Koen", "Daems")),
	("CAW Oostrand (demo)", "Centre for general welfare", "Hasselt", ("Leen", "Bosmans")),
	("OCMW Bosdorp (demo)", None, "Bilzen", ("Patrick", "Gijbels")),
	("Hogeschool Limburgia (demo)", None, "Diepenbeek", ("Ann", "Vrancken")),
	("Mutualiteit De Brug (demo)", None, "Hasselt", ("Tom", "Ceyssens")),
	("Gemeente Heidebeek (demo)", None, "Lommel", ("Marijke", "Theunis")),
	("Huisartsenkring Vijverhof (demo)", None, "Tongeren", ("Jan", "Loix")),
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
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
PARTS = ("Morning", "Afternoon", "Evening")
BILLED_PER_KM = 0.45  # what the demo forum bills an organisation per km, where no rate is set
BE_IBAN = "BE71096123456769"  # the published example IBAN of the Belgian banks: valid, no one's account

# What organisations ask for, as they write it: type, organisation, title, description, audience,
# the part of the day, how many experts.
REQUESTS = (
	(
		"Recovery story",
		0,
		"Herstelverhaal op de teamdag van de PAAZ",
		"Op onze teamdag willen we stilstaan bij herstelgericht werken. We zoeken iemand die vanuit "
		"eigen ervaring met een psychose wil vertellen wat hielp tijdens een opname en wat niet. "
		"Een half uur vertellen, daarna tijd voor vragen. Het team telt een twintigtal "
		"verpleegkundigen, twee psychiaters en een maatschappelijk werker.",
		"Verpleegkundigen en psychiaters van de PAAZ",
		"Afternoon",
		1,
	),
	(
		"Co-teaching",
		4,
		"Gastles 'Herstel en stigma' in de bachelor verpleegkunde",
		"Voor het opleidingsonderdeel Geestelijke gezondheidszorg (tweede bachelor) zoeken we een "
		"ervaringsdeskundige die samen met de lector twee lesuren geeft over stigma en herstel. "
		"Een zestigtal studenten. De lector bereidt de les graag samen voor, een week vooraf.",
		"Studenten tweede bachelor verpleegkunde",
		"Morning",
		1,
	),
	(
		"Advisory board or working group",
		0,
		"Twee leden voor onze adviesraad patiëntenparticipatie",
		"Onze adviesraad komt vier keer per jaar samen en geeft advies over alles wat patiënten "
		"raakt: de huisregels, de folders, de nieuwe afdeling. We zoeken twee "
		"ervaringsdeskundigen die willen meedenken, bij voorkeur met ervaring in de volwassenenzorg.",
		"Directie en hoofdverpleegkundigen",
		"Afternoon",
		2,
	),
	(
		"Policy advice",
		6,
		"Advies bij ons plan voor een laagdrempelig ontmoetingshuis",
		"De gemeente opent volgend jaar een ontmoetingshuis voor mensen die eenzaam zijn of het "
		"moeilijk hebben. Voor we de werking vastleggen, horen we graag van mensen met eigen "
		"ervaring wat drempels wegneemt en wat ze afschrikt. Eén gesprek van een tweetal uur.",
		"Schepen van welzijn en de welzijnsambtenaren",
		"Morning",
		2,
	),
	(
		"User research",
		5,
		"Gebruikerstest van onze nieuwe website over psychisch welzijn",
		"We vernieuwen de pagina's over psychisch welzijn op onze website. We zoeken twee mensen "
		"die de nieuwe pagina's willen uittesten en zeggen wat onduidelijk of kwetsend is. Het "
		"kan online, per persoon een uur, met een van onze webredacteurs.",
		"Webredactie en dienst maatschappelijk werk",
		"Afternoon",
		2,
	),
	(
		"Recovery story",
		2,
		"Getuigenis over verslaving voor onze onthaalvrijwilligers",
		"Onze vrijwilligers aan het onthaal krijgen steeds vaker mensen met een verslaving over de "
		"vloer. Wie wil vertellen hoe het voor hem of haar was om hulp te zoeken, en wat een eerste "
		"gesprek makkelijker maakt? Een vijftiental vrijwilligers, in ons gebouw.",
		"Vrijwilligers van het onthaal",
		"Afternoon",
		1,
	),
	(
		"Co-teaching",
		1,
		"Samen lesgeven in de vorming 'Omgaan met suïcidaliteit'",
		"In onze netwerkvorming voor eerstelijnswerkers geeft een psycholoog de theorie. We zoeken "
		"een ervaringsdeskundige die de namiddag mee voorbereidt en vertelt wat iemand in een crisis "
		"nodig heeft van een hulpverlener. Twee sessies met dezelfde groep.",
		"Eerstelijnswerkers uit de regio",
		"Afternoon",
		1,
	),
	(
		"Recovery story",
		7,
		"Herstelverhaal op de avond voor huisartsen in opleiding",
		"Op onze jaarlijkse vormingsavond voor huisartsen in opleiding staat depressie centraal. We "
		"zoeken iemand die wil vertellen hoe het eerste gesprek met de huisarts voelde en wat "
		"daarna hielp. Ongeveer 25 huisartsen in opleiding, in de vergaderzaal van de kring.",
		"Huisartsen in opleiding",
		"Evening",
		1,
	),
	(
		"Policy advice",
		3,
		"Meedenken over ons aanbod voor dak- en thuislozen",
		"Het OCMW herwerkt de begeleiding van mensen zonder vaste woonst. We zoeken twee "
		"ervaringsdeskundigen met ervaring met dak- of thuisloosheid die onze voorstellen willen "
		"lezen en er een voormiddag over komen praten met het team.",
		"Maatschappelijk werkers van de sociale dienst",
		"Morning",
		2,
	),
	(
		"Advisory board or working group",
		1,
		"Werkgroep 'Herstelgerichte zorg' van het netwerk",
		"De werkgroep komt om de zes weken samen met vertegenwoordigers van de ziekenhuizen, de "
		"mobiele teams en de CGG's. We zoeken een ervaringsdeskundige die de stem van de "
		"gebruikers mee binnenbrengt.",
		"Vertegenwoordigers van de partners in het netwerk",
		"Afternoon",
		1,
	),
)
DECLINE_REASON = "No experts available on these dates"
NEEDS_INFO = (
	"Dag {first}, om hoe laat begint de sessie en hoe lang duurt ze ongeveer?",
	"Dag {first}, komen er ook mensen van buiten uw organisatie? Dan bereiden we het anders voor.",
)
FEEDBACK = (
	"Heel waardevol voor ons team: we kijken anders naar de gesprekken bij opname.",
	"De studenten waren onder de indruk; de les gaf veel stof voor de reflectieopdracht.",
	"Eerlijk en to the point. We nodigen graag opnieuw uit.",
	"Goed voorbereid en een fijne samenwerking met onze lector.",
)


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
		print("The demo is already on this site; run lef_members.setup.demo.remove first to build it again.")
		return _summary(registry())
	_speak_like_the_forum()
	language = frappe.local.lang
	frappe.local.lang = frappe.db.get_single_value("System Settings", "language") or "nl"
	frappe.flags.mute_emails = True
	welcome = frappe.db.get_single_value("LEF Settings", "send_welcome_email")
	frappe.db.set_single_value("LEF Settings", "send_welcome_email", 0)
	make = _Maker()
	try:
		organisations = _organisations(make)
		members = _members(make)
		_trainings(make, members)
		assignments = _past_work(make, organisations, members)
		_open_requests(make, organisations)
		_coming_work(make, organisations, members)
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
		frappe.local.lang = language
	summary = _summary(make.records)
	print(f"Demo forum created: {summary}")
	return summary


def _speak_like_the_forum() -> None:
	"""Before the setup wizard ran: Belgium's language, time zone and formats (on a site set up
	already, only those it lacks). A forum's rate for the kilometres it bills, where none is
	entered. The old values are kept for ``remove``."""
	before = {}
	set_up = cint(frappe.db.get_single_value("System Settings", "setup_complete"))
	current = {key: frappe.db.get_single_value("System Settings", key) for key in BELGIAN_SITE}
	missing = {key: value for key, value in BELGIAN_SITE.items() if not set_up or not current[key]}
	if missing:
		before["System Settings"] = {key: current[key] for key in missing}
		_system_settings(missing)
	if not frappe.db.get_single_value("LEF Settings", "travel_rate_per_km"):
		before["LEF Settings"] = {"travel_rate_per_km": 0}
		frappe.db.set_single_value("LEF Settings", "travel_rate_per_km", BILLED_PER_KM)
	before["setup_complete"] = set_up
	frappe.db.set_global(SITE_SETTINGS, json.dumps(before, default=str))
	frappe.clear_cache()


def _system_settings(values: dict) -> None:
	"""As saving the form does: the values, and their copies in the defaults the desk reads
	(without the form's checks, so an empty value of a site never set up can be put back)."""
	for key, value in values.items():
		frappe.db.set_single_value("System Settings", key, value)
		for default in (key, "lang") if key == "language" else (key,):  # "lang": what Frappe reads
			if value:
				frappe.db.set_default(default, value)
			else:
				frappe.defaults.clear_default(default, parent="__default")
	frappe.cache.delete_value("system_settings")
	frappe.cache.delete_value("time_zone")


def _put_back_the_site() -> None:
	"""What the demo set, put back: the site's settings while its setup wizard has still not run
	(once it ran, its answers stay), the km rate while it is still the demo's."""
	before = json.loads(frappe.db.get_global(SITE_SETTINGS) or "{}")
	wizard_ran = cint(frappe.db.get_single_value("System Settings", "setup_complete")) and not before.get(
		"setup_complete"
	)
	settings = before.get("System Settings") or {}
	if settings and not wizard_ran:
		_system_settings(settings)
	rate = (before.get("LEF Settings") or {}).get("travel_rate_per_km")
	if (
		rate is not None
		and flt(frappe.db.get_single_value("LEF Settings", "travel_rate_per_km")) == BILLED_PER_KM
	):
		frappe.db.set_single_value("LEF Settings", "travel_rate_per_km", rate)
	frappe.db.set_global(SITE_SETTINGS, None)


def _summary(records) -> dict:
	counts: dict[str, int] = {}
	for doctype, _name in records:
		counts[doctype] = counts.get(doctype, 0) + 1
	return counts


def _backdate(doctype: str, name: str, moment: datetime) -> None:
	"""Make a record, and what its timeline says of it, as old as the story wants it."""
	frappe.db.set_value(doctype, name, {"creation": moment, "modified": moment}, update_modified=False)
	for table, field, kind in (
		("Comment", "reference_name", "reference_doctype"),
		("Version", "docname", "ref_doctype"),
	):
		frappe.db.set_value(
			table,
			{field: name, kind: doctype},
			{"creation": moment, "modified": moment},
			update_modified=False,
		)


def _weekday(day: date, forward: bool = True) -> date:
	"""``day``, or the nearest working day after it (before it when not ``forward``)."""
	day = getdate(day)
	while day.weekday() > 4:
		day += timedelta(days=1 if forward else -1)
	return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
	return datetime.combine(getdate(day), time(hour, minute))


def _place(name: str):
	return next(place for place in PLACES if place[0] == name)


HOURS = {
	"Morning": ("09:30:00", "12:00:00"),
	"Afternoon": ("13:30:00", "16:00:00"),
	"Evening": ("19:30:00", "21:30:00"),
}


def _organisations(make: _Maker) -> list[str]:
	names = []
	for name, kind, town, _contact in ORGANISATIONS:
		slug = _slug(name)
		place = _place(town)
		doc = make.insert(
			{
				"doctype": "Commissioning Organisation",
				"organisation_name": name,
				"organisation_type": kind,
				"email": f"info@{slug}.{DOMAIN}",
				"email_domains": f"{slug}.{DOMAIN}",
				"notes": f"Fictieve organisatie van de demo, in {place[0]}.",
			}
		)
		_backdate(doc.doctype, doc.name, _at(add_months(today(), -16), 10))
		names.append(doc.name)
	return names


def _slug(organisation: str) -> str:
	return organisation.split(" (")[0].lower().replace(" ", "")


# Lifecycle states of the 40 members, in order.
STATES = (
	["Active"] * 24 + ["Paused"] * 3 + ["In Training"] * 5 + ["Intake"] * 3 + ["Candidate"] * 2 + ["Left"] * 3
)


def _members(make: _Maker) -> list:
	rng = make.rng
	members = []
	for index, state in enumerate(STATES):
		first, last = PEOPLE[index]
		town, postcode, lat, lon, streets, network = PLACES[index % len(PLACES)]
		themes = rng.sample(THEMES, rng.randint(1, 3))
		slots = rng.sample([(d, p) for d in WEEKDAYS for p in PARTS[:2]], rng.randint(3, 6))
		if index % 5 == 0:
			slots.append((rng.choice(WEEKDAYS), "Evening"))
		mobility = rng.choice(["Own car", "Own car", "Public transport", "Bicycle", "Online only"])
		email_name = f"{first}.{last}".lower().replace("ë", "e").replace(" ", "")
		doc = make.insert(
			{
				"doctype": "Expert by Experience",
				"first_name": first,
				"last_name": last,
				"email": f"{email_name}@{DOMAIN}",
				"status": "Candidate",
				"experience_kind": "Family experience" if index % 7 == 3 else "Own experience",
				"address_line": f"{rng.choice(streets)} {rng.randint(2, 140)}",
				"postcode": postcode,
				"municipality": town,
				"country": "Belgium",
				"care_network": network,
				"latitude": round(lat + rng.uniform(-0.01, 0.01), 5),
				"longitude": round(lon + rng.uniform(-0.01, 0.01), 5),
				"mobility": mobility,
				"max_travel_km": 0 if mobility == "Online only" else rng.choice([15, 25, 40, 60]),
				"max_assignments_per_month": rng.choice([2, 3, 4]),
				"themes": [{"experience_theme": t, "may_be_named": rng.random() < 0.6} for t in themes],
				"skills": [{"skill": s} for s in rng.sample(SKILLS, rng.randint(1, 3))],
				"availability": [{"weekday": d, "part_of_day": p} for d, p in slots],
			}
		)
		_walk(doc, state, index)
		members.append(frappe.get_doc(doc.doctype, doc.name))
	return members


def _joined(index: int) -> date:
	"""Active members joined between 15 and 34 months ago; later states more recently."""
	return getdate(add_months(today(), -(15 + (index * 7) % 20)))


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
	joined = _joined(index) if "Active" in path else getdate(add_days(today(), -(10 + index)))
	for status in path:
		doc.reload()
		doc.status = status
		if not doc.consent_date and status != "Intake":
			doc.consent_date = add_days(joined, -60)
			doc.consent_version = "1"
		if status == "Active":
			doc.allowance_regime = "BE volunteer flat rate"
			doc.iban = BE_IBAN
			doc.account_holder = doc.full_name
			doc.joined_on = joined
		if status == "Paused":
			doc.paused_until = add_days(today(), 20 + index)
		if status == "Left":
			doc.leaving_reason = "Verhuisd naar een andere provincie."
		doc.save(ignore_permissions=True)
	if state == "Active" and index % 6 == 1:
		doc.reload()
		start = _weekday(add_days(today(), 10))
		doc.append("absences", {"from_date": start, "to_date": add_days(start, 7), "reason": "Vakantie"})
		doc.save(ignore_permissions=True)
	_backdate(doc.doctype, doc.name, _at(add_days(joined, -90 if "Active" in path else 0), 10, 15))


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
		(story, add_months(today(), -6), active[5:20]),
		("Co-teaching", add_months(today(), -10), active[2:16]),
		("Advisory board participation", add_months(today(), -8), active[8:24]),
	):
		day = _weekday(when)
		session = make.insert(
			{
				"doctype": "Training Session",
				"course": course,
				"status": "Planned",
				"capacity": 0,
				"location": "Forumlokaal, Kuringersteenweg 12, Hasselt",
				"dates": [{"session_date": day, "start_time": "09:30:00", "end_time": "16:00:00"}],
				"trainers": [{"trainer_name": "Greet Houben (demo)"}],
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
		_backdate("Training Session", session.name, _at(add_days(day, -45), 11))
	first = _weekday(add_days(today(), 16))
	upcoming = make.insert(
		{
			"doctype": "Training Session",
			"course": basic,
			"status": "Open",
			"capacity": 8,
			"location": "Forumlokaal, Kuringersteenweg 12, Hasselt",
			"dates": [
				{"session_date": first, "start_time": "09:30:00", "end_time": "12:30:00"},
				{"session_date": add_days(first, 7), "start_time": "09:30:00", "end_time": "12:30:00"},
			],
		}
	)
	for member in [m for m in members if m.status == "In Training"]:
		make.insert(
			{"doctype": "Training Enrollment", "member": member.name, "training_session": upcoming.name}
		)


def _request(make: _Maker, organisations: list[str], index: int, template, day: date, received: datetime):
	"""One request as the organisation sent it through the form, received at ``received``."""
	kind, org_index, title, description, audience, part, experts = template
	name, _type, town, (first, last) = ORGANISATIONS[org_index]
	place = _place(town)
	online = kind == "User research"
	start, end = HOURS[part]
	doc = make.insert(
		{
			"doctype": "Expert Request",
			"organisation_name": organisations[org_index],
			"contact_person": f"{first} {last}",
			"email": f"{first}.{last}@{_slug(name)}.{DOMAIN}".lower(),
			"assignment_type": kind,
			"title": title,
			"description": description,
			"audience": audience,
			"location_type": "Online" if online else "On site",
			"address": None if online else f"{place[4][0]} {10 + index}",
			"postcode": None if online else place[1],
			"city": None if online else place[0],
			# The form takes no past date: a past request is written with a coming one, then dated.
			"dates": [
				{"session_date": _weekday(add_days(today(), 21)), "start_time": start, "end_time": end}
			],
			"number_of_experts": experts,
			"consent": 1,
		}
	)
	frappe.db.set_value(doc.dates[0].doctype, doc.dates[0].name, "session_date", day, update_modified=False)
	doc.reload()
	return doc


def _past_work(make: _Maker, organisations: list[str], members: list) -> list:
	"""Fourteen months of work: each month a request came in, was accepted, staffed, done and
	evaluated, the experts logging their hours; three requests declined along the way."""
	rng = make.rng
	active = [m for m in members if m.status == "Active"]
	made = []
	for index in range(14):
		template = REQUESTS[index % len(REQUESTS)]
		kind, org_index, _title, _text, _audience, part, experts = template
		month = getdate(add_months(today(), index - 13))
		day = _weekday(month.replace(day=min(4 + (index * 5) % 22, 28)))
		if day >= getdate(add_days(today(), -3)):
			day = _weekday(add_days(today(), -7), forward=False)
		received = _at(
			add_days(day, -rng.randint(24, 40)), rng.choice([9, 10, 11, 14, 15]), rng.randint(0, 59)
		)
		request = _request(make, organisations, index, template, day, received)
		request.start_review()
		assignment_name = request.accept()
		make.records.append(["Assignment", assignment_name])
		_keep_parties(make, request, organisations)
		_backdate("Expert Request", request.name, received)
		assignment = frappe.get_doc("Assignment", assignment_name)
		place = _place(ORGANISATIONS[org_index][2])
		start, end = HOURS[part]
		frappe.db.set_value(
			assignment.sessions[0].doctype,
			assignment.sessions[0].name,
			{"session_date": day, "start_time": start, "end_time": end},
			update_modified=False,
		)
		frappe.db.set_value(
			"Assignment",
			assignment_name,
			{
				"billing_mode": "Per session",
				"agreed_rate": 150,
				"travel_billed": 1,
				"experts_needed": experts,
				"municipality": None if kind == "User research" else place[0],
				"care_network": place[5],
				"latitude": 0 if kind == "User research" else place[2],
				"longitude": 0 if kind == "User research" else place[3],
			},
			update_modified=False,
		)
		created = received + timedelta(days=rng.randint(1, 4), hours=2)
		_backdate("Assignment", assignment_name, created)
		weekday = WEEKDAYS[day.weekday()]
		free = [
			m
			for m in active
			if m.joined_on
			and getdate(m.joined_on) < day
			and any(s.weekday == weekday and s.part_of_day == part for s in m.availability)
		] or [m for m in active if m.joined_on and getdate(m.joined_on) < day]
		team = rng.sample(free, min(experts, len(free)))
		for member in team:
			invited_on = created + timedelta(hours=3)
			make.insert(
				{
					"doctype": "Assignment Expert",
					"assignment": assignment_name,
					"member": member.name,
					"member_name": member.full_name,
					"status": "Accepted",
					"invited_on": invited_on,
					"answered_on": invited_on + timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 8)),
					"wellbeing": rng.choice(["Good", "Good", "Okay", "Heavy"]),
				}
			)
			log = make.insert(
				{
					"doctype": "Hour Log",
					"member": member.name,
					"assignment": assignment_name,
					"session_date": day,
					"preparation_hours": 1,
					"execution_hours": 2.5,
					"travel_hours": 0 if kind == "User research" else 1,
					"transport_mode": None
					if kind == "User research"
					else {"Public transport": "Public transport", "Bicycle": "Bicycle"}.get(
						member.mobility, "Car"
					),
				}
			)
			if log.transport_mode in ("Car", "Bicycle"):
				log.db_set("kilometres", rng.choice([12, 24, 38]))
			log.reload()
			log.submit()
		evaluated = index % 3 != 0
		frappe.db.set_value(
			"Assignment",
			assignment_name,
			{
				"status": "Closed" if index < 10 else "Completed",
				"experts_invited": len(team),
				"experts_accepted": len(team),
				"evaluation_rating": rng.choice([4, 5, 5]) if evaluated else None,
				"evaluation_comment": FEEDBACK[index % len(FEEDBACK)] if evaluated else None,
				"evaluated_on": add_days(day, 5) if evaluated else None,
			},
			update_modified=False,
		)
		made.append(frappe.get_doc("Assignment", assignment_name))
	for months_ago, template in ((10, REQUESTS[7]), (6, REQUESTS[3]), (2, REQUESTS[9])):
		day = _weekday(add_days(add_months(today(), -months_ago), 20))
		received = _at(add_days(day, -30), 10, 20)
		request = _request(make, organisations, 30 + months_ago, template, day, received)
		request.start_review()
		request.decline(
			DECLINE_REASON,
			"Op die dag is helaas niemand van ons vrij. Stuur gerust een nieuwe aanvraag met een andere datum.",
		)
		_backdate("Expert Request", request.name, received)
	return made


def _keep_parties(make: _Maker, request, organisations: list[str]) -> None:
	"""The contact (and, rarely, organisation) that accepting a request made."""
	request.reload()
	for name in (request.organisation, request.contact):
		if name and name not in organisations:
			doctype = "Commissioning Organisation" if name == request.organisation else "Contact"
			if [doctype, name] not in make.records:
				make.records.append([doctype, name])


def _open_requests(make: _Maker, organisations: list[str]) -> None:
	"""What came in lately: new, in review, waiting for an answer, one accepted (a draft)."""
	states = ("New", "New", "New", "In Review", "In Review", "Needs Info", "Needs Info", "Accepted")
	for index, state in enumerate(states):
		template = REQUESTS[(index + 3) % len(REQUESTS)]
		day = _weekday(add_days(today(), 18 + index * 6))
		received = _at(_weekday(add_days(today(), -(1 + index * 2)), forward=False), 9 + index, 5 * index)
		request = _request(make, organisations, 50 + index, template, day, received)
		if state != "New":
			request.start_review()
		if state == "Needs Info":
			first = ORGANISATIONS[template[1]][3][0]
			request.ask_for_info(NEEDS_INFO[index % len(NEEDS_INFO)].format(first=first))
		if state == "Accepted":
			make.records.append(["Assignment", request.accept()])
			_keep_parties(make, request, organisations)
		_backdate("Expert Request", request.name, received)


def _free_day(members: list, part: str, after) -> date:
	"""The first day from ``after`` on the weekday most active members keep free for ``part``:
	a coordinator plans with the people who can come."""
	free = {
		day: sum(
			1
			for m in members
			if m.status == "Active"
			and any(s.weekday == day and s.part_of_day == part for s in m.availability)
		)
		for day in WEEKDAYS
	}
	best = WEEKDAYS.index(max(WEEKDAYS, key=lambda day: free[day]))
	day = getdate(after)
	return day + timedelta(days=(best - day.weekday()) % 7)


def _coming_work(make: _Maker, organisations: list[str], members: list) -> None:
	"""Coming work in each state; members are invited and answer through the app's own flow,
	so only those its rules let in are asked."""
	demo_members = {m.name for m in members}
	plan = (
		("Open", REQUESTS[0], ("Invited", "Declined", "Accepted")),
		("Open", REQUESTS[5], ("Invited", "Invited")),
		("Staffed", REQUESTS[2], ("Accepted", "Accepted", "Declined")),
		("Confirmed", REQUESTS[6], ("Accepted", "Invited")),
		("Cancelled", REQUESTS[1], ("Invited",)),
	)
	for index, (status, template, answers) in enumerate(plan):
		kind, org_index, title, description, audience, part, _experts = template
		needed = (
			sum(1 for answer in answers if answer == "Accepted") if status in ("Staffed", "Confirmed") else 2
		)
		day = _free_day(members, part, add_days(today(), 12 + index * 9))
		place = _place(ORGANISATIONS[org_index][2])
		start, end = HOURS[part]
		doc = make.insert(
			{
				"doctype": "Assignment",
				"title": title,
				"assignment_type": kind,
				"organisation": organisations[org_index],
				"contact": frappe.db.get_value(
					"Dynamic Link",
					{
						"parenttype": "Contact",
						"link_doctype": "Commissioning Organisation",
						"link_name": organisations[org_index],
					},
					"parent",
				),
				"description": description,
				"audience": audience,
				"experts_needed": max(needed, 1),
				"location_type": "On site",
				"address": f"{place[4][0]} {3 + index}",
				"postcode": place[1],
				"municipality": place[0],
				"latitude": place[2],
				"longitude": place[3],
				"billing_mode": "Per hour",
				"agreed_rate": 45,
				"sessions": [{"session_date": day, "start_time": start, "end_time": end}],
			}
		)
		_backdate("Assignment", doc.name, _at(add_days(today(), -(4 + index * 3)), 14))
		eligible = [
			row["member"]
			for row in assignment_flow.rank(doc, limit=40)
			if row["eligible"] and row["member"] in demo_members
		]
		chosen = eligible[: len(answers)]
		if chosen:
			assignment_flow.invite(doc.name, chosen)
		for member, answer in zip(chosen, answers, strict=False):
			invitation = frappe.db.get_value("Assignment Expert", {"assignment": doc.name, "member": member})
			make.records.append(["Assignment Expert", invitation])
			if answer in ("Accepted", "Declined"):
				assignment_flow.answer(
					invitation, answer, "Die dag werk ik." if answer == "Declined" else None
				)
		doc.reload()
		if status == "Confirmed" and doc.status == asg.STAFFED:
			doc.change_status(asg.CONFIRMED)
		if status == "Cancelled":
			doc.cancel_assignment("De studiedag werd uitgesteld naar het voorjaar.")


def _payouts(make: _Maker, assignments: list) -> None:
	"""A paid payout up to three months ago and a draft for the months after."""
	paid_until = getdate(add_months(today(), -3))
	first = getdate(add_months(today(), -15))
	paid = make.insert({"doctype": "Allowance Payout", "from_date": first, "to_date": paid_until})
	demo_members = [name for doctype, name in make.records if doctype == "Expert by Experience"]
	others = frappe.get_all(
		"Hour Log",
		filters={
			"docstatus": 1,
			"session_date": ("between", (first, paid_until)),
			"payout": ("is", "not set"),
			"member": ("not in", demo_members),
		},
		limit=1,
	)
	# A payout pays every approved log of its period: on a site with members of its own the
	# demo leaves its payout a draft rather than pay (and, on remove, unpay) theirs.
	if paid.log_count and not others:
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


CONTACT_JOB = "frappe.core.doctype.user.user.create_contact"


def _wait_for_frappes_contacts(timeout: float = 120) -> None:
	"""Frappe makes a Contact for each new user in the background. Removing the users before
	those jobs ran would leave Contacts behind (or errors, the user being gone): wait for them."""
	from frappe.utils.background_jobs import get_jobs

	deadline = monotonic() + timeout
	while CONTACT_JOB in get_jobs(site=frappe.local.site).get(frappe.local.site, []):
		if monotonic() > deadline:
			frappe.throw(
				"Frappe is still making contacts for the demo's users; nothing was removed. Run remove again later."
			)
		sleep(1)


def remove() -> dict:
	"""Delete exactly what ``create`` made (and what refers only to it); nothing else."""
	records = registry()
	if not records:
		print("No demo on this site.")
		return {}
	names = [name for _doctype, name in records]
	emails = [name for doctype, name in records if doctype == "User"]
	if emails:
		_wait_for_frappes_contacts()
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
	by_doctype: dict[str, list[str]] = {}
	for doctype, name in records:
		by_doctype.setdefault(doctype, []).append(name)
	for doctype, made in by_doctype.items():  # another DocType's record may carry the same name
		for table, field, kind in (
			("Comment", "reference_name", "reference_doctype"),
			("Version", "docname", "ref_doctype"),
			("Notification Log", "document_name", "document_type"),
		):
			frappe.db.delete(table, {field: ("in", made), kind: doctype})
	_forget_mails(names)
	if emails:
		# Contacts Frappe makes for new users in the background, where a worker ran.
		for contact in frappe.get_all("Contact", filters={"email_id": ("in", emails)}, pluck="name"):
			for table in ("Contact Email", "Contact Phone", "Dynamic Link"):
				frappe.db.delete(table, {"parent": contact})
			frappe.db.delete("Contact", {"name": contact})
	frappe.db.set_global(REGISTRY, None)
	_put_back_the_site()
	frappe.db.commit()
	frappe.clear_cache()
	summary = _summary(records)
	print(f"Demo forum removed: {summary}")
	return summary
