"""The dry run: what moving a workbook in would make, update, leave alone or refuse, per row.

:func:`plan` reads every row of every sheet through the columns' kinds (values.py), checks it
against the rules a record of that kind keeps (members.py's lifecycle, identifiers, the
enterprise number) and against the rest of the workbook and the site (``Known``): a contact's
organisation, a certificate's member, the experts of past work. Nothing is stored here; the
site stores the rows that passed when the forum says go, in the order of the sheets.

A member already on the site (same e-mail) or an organisation (same enterprise number, or
name) is updated with what the row says and the record lacks or holds differently; an empty
cell never erases. Past work and certificates already there are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lef_members.domain import identifiers, members
from lef_members.domain.errors import DomainError, InvalidValueError, _
from lef_members.domain.moving_in import sheets, values
from lef_members.domain.organisations import (
	enterprise_number_key,
	normalize_enterprise_number,
	normalize_name,
)

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
# The column that names a row to a person, per sheet.
KEY_COLUMNS = {
	"members": "email",
	"organisations": "organisation_name",
	"contacts": "email",
	"certificates": "member_email",
	"past_work": "title",
}
# The consent of a member the forum recorded on paper before the app: shown as such.
RECORDED_BEFORE = "Recorded before the app"
# How many rows a workbook may hold per sheet (a forum's whole history fits many times over).
MAX_ROWS = 5000
MAX_DAYS_A_YEAR = 366
# What a new value of the site's own lists may be (a theme's name).
MAX_NAME_LENGTH = 140
# Columns whose values add to what a member holds (a theme, a skill), or fill what is empty.
ADDED = ("themes", "skills", "languages")
FILLED = ("availability", "availability_note", "paid_this_year", "days_paid_this_year")


@dataclass
class Known:
	"""What the site holds, as the rules need it."""

	today: date
	language: str = "nl"
	default_country: str = "BE"
	# e-mail -> the member's stored values (keys of the members sheet)
	members: dict[str, dict] = field(default_factory=dict)
	# organisation name -> its stored values; found by enterprise number key or folded name
	organisations: dict[str, dict] = field(default_factory=dict)
	contacts: dict[str, dict] = field(default_factory=dict)  # e-mail -> stored values
	certificates: set[tuple[str, str, date]] = field(default_factory=set)  # (email, course, passed)
	past_work: set[tuple[str, str, date, str]] = field(default_factory=set)  # (org, type, date, title)
	# choice list -> stored value -> accepted spellings
	choices: dict[str, dict[str, set[str]]] = field(default_factory=dict)
	# lists whose unknown values are offered to create (themes)
	creatable: frozenset[str] = frozenset({sheets.THEMES})

	def organisation_named(self, name: str, enterprise_number: str = "") -> str | None:
		key = enterprise_number_key(enterprise_number) if enterprise_number else ""
		folded = normalize_name(name)
		for stored, row in self.organisations.items():
			if key and enterprise_number_key(row.get("enterprise_number")) == key:
				return stored
		for stored, row in self.organisations.items():
			if normalize_name(stored) == folded:
				theirs = enterprise_number_key(row.get("enterprise_number"))
				if key and theirs and theirs != key:
					return None  # the same name, another organisation
				return stored
		return None

	def name_taken(self, name: str) -> str | None:
		"""An organisation on the site with this name, whatever its enterprise number."""
		folded = normalize_name(name)
		return next((stored for stored in self.organisations if normalize_name(stored) == folded), None)


@dataclass
class Row:
	sheet: str
	number: int
	key: str  # what names the row to a person: an e-mail, an organisation's name
	action: str = CREATE
	values: dict = field(default_factory=dict)
	problems: list[DomainError] = field(default_factory=list)
	notes: list[DomainError] = field(default_factory=list)
	changes: list[str] = field(default_factory=list)  # column keys an update changes
	existing: str | None = None  # the record an update or "unchanged" row is
	identity: tuple | None = None  # what makes two rows of certificates or past work the same


@dataclass
class Plan:
	rows: list[Row] = field(default_factory=list)
	# choice list -> values to create (a theme the site does not know yet)
	to_create: dict[str, list[str]] = field(default_factory=dict)
	# sheet problems (headers): sheet key -> messages
	sheet_problems: dict[str, list[DomainError]] = field(default_factory=dict)
	# headers of a sheet that no column took (the forum may map them): sheet key -> headers
	unread_columns: dict[str, list[str]] = field(default_factory=dict)

	def of(self, sheet: str, *actions: str) -> list[Row]:
		return [r for r in self.rows if r.sheet == sheet and (not actions or r.action in actions)]

	def counts(self) -> dict[str, dict[str, int]]:
		found: dict[str, Counter] = {s.key: Counter() for s in sheets.SHEETS}
		for row in self.rows:
			found[row.sheet][row.action] += 1
		return {sheet: dict(counter) for sheet, counter in found.items()}

	@property
	def refused(self) -> list[Row]:
		return [r for r in self.rows if r.action == REFUSED]


def plan(workbook: Mapping[str, list[tuple[int, dict]]], known: Known) -> Plan:
	"""Every row of the workbook (sheet key -> [(row number, {column key: cell})]) judged."""
	result = Plan()
	for sheet in sheets.SHEETS:
		rows = workbook.get(sheet.key) or []
		if len(rows) > MAX_ROWS:
			result.sheet_problems.setdefault(sheet.key, []).append(
				InvalidValueError(
					_("The sheet holds {count} rows; at most {max} can be moved in at once."),
					count=len(rows),
					max=MAX_ROWS,
				)
			)
			continue
		check = _CHECKS[sheet.key]
		for number, cells in rows:
			# Named as the sheet names it until the checks read it (a refused row too).
			key = values.text(cells.get(KEY_COLUMNS[sheet.key]))
			row = Row(sheet.key, number, key=key.lower() if "email" in KEY_COLUMNS[sheet.key] else key)
			row.values = _read_cells(sheet, cells, row, known, result)
			if not row.problems:
				check(row, known, result)
			if row.problems:
				row.action = REFUSED
			result.rows.append(row)
	return result


def _read_cells(sheet: sheets.Sheet, cells: Mapping, row: Row, known: Known, result: Plan) -> dict:
	read = {}
	for column in sheet.columns:
		raw = cells.get(column.key)
		if raw is None or values.text(raw) == "":
			if column.required:
				row.problems.append(
					InvalidValueError(
						_("{column} is empty."),
						field=column.key,
						translate_params=("column",),
						column=column.label,
					)
				)
			continue
		try:
			read[column.key] = _read(column, raw, known, result, row)
		except InvalidValueError as error:
			error.field = column.key
			row.problems.append(error)
	return read


def _read(column: sheets.Column, raw: object, known: Known, result: Plan, row: Row) -> object:
	kind = column.kind
	if kind == sheets.TEXT:
		return values.text(raw)
	if kind == sheets.EMAIL:
		return identifiers.normalize_email(values.text(raw))
	if kind == sheets.EMAILS:
		return [identifiers.normalize_email(v) for v in values.split_many(raw)]
	if kind == sheets.PHONE:
		return identifiers.normalize_phone(values.text(raw))
	if kind == sheets.DATE:
		return values.read_date(raw, column.key)
	if kind in (sheets.NUMBER, sheets.AMOUNT):
		number = values.read_number(raw, column.key)
		if number < 0:
			raise InvalidValueError(_("{value} cannot be below zero."), value=values.text(raw))
		return number
	if kind == sheets.HOURS:
		return values.read_hours(raw, column.key)
	if kind == sheets.IBAN:
		return identifiers.normalize_iban(values.text(raw))
	if kind == sheets.ENTERPRISE:
		return normalize_enterprise_number(values.text(raw))
	if kind == sheets.POSTCODE:
		return values.text(raw)  # checked with the country, once the row is read
	if kind == sheets.AVAILABILITY:
		return values.read_availability(raw, known.language)
	choices = known.choices.get(column.choices or "", {})
	if kind == sheets.CHOICE:
		return values.read_choice(raw, choices, column.label, column.key)
	if kind == sheets.MANY:
		found = []
		for item in values.split_many(raw):
			try:
				found.append(values.read_choice(item, choices, column.label, column.key))
			except InvalidValueError:
				if column.choices not in known.creatable:
					raise
				if len(item) > MAX_NAME_LENGTH or re.search(r"[<>]", item):
					raise InvalidValueError(
						_("{value} cannot be the name of a theme: at most {max} characters, without < or >."),
						value=item[:60],
						max=MAX_NAME_LENGTH,
					)
				new = result.to_create.setdefault(column.choices, [])
				if values.fold(item) not in {values.fold(v) for v in new}:
					new.append(item)
				row.notes.append(DomainError(_("{value} is a new theme: it will be added."), value=item))
				found.append(item)
		return found
	raise ValueError(f"unknown kind {kind}")


# --- Members ------------------------------------------------------------------------------------


def _check_member(row: Row, known: Known, result: Plan) -> None:
	v = row.values
	row.key = v["email"]
	if row.key in {r.key for r in result.of("members") if r.action != REFUSED}:
		row.problems.append(
			InvalidValueError(_("{email} is on an earlier row already."), field="email", email=row.key)
		)
		return
	_member_address(row, known)
	availability = v.pop("availability", None)
	if availability is not None:
		slots, note = availability
		v["availability"] = sorted(slots, key=lambda s: (values.WEEKDAYS.index(s[0]), s[1]))
		if note:
			v["availability_note"] = note
			row.notes.append(
				DomainError(
					_("Availability kept as a note for the member to fill in: {text}"),
					field="availability",
					text=note,
				)
			)
	existing = known.members.get(row.key)
	if "iban" in v and not (existing or {}).get("account_holder"):
		v.setdefault("account_holder", f"{v['first_name']} {v['last_name']}")
	if "days_paid_this_year" in v and "paid_this_year" not in v:
		row.problems.append(
			InvalidValueError(_("Give the amount paid this year beside the days."), field="paid_this_year")
		)
	if v.get("days_paid_this_year", 0) > MAX_DAYS_A_YEAR:
		row.problems.append(
			InvalidValueError(
				_("{value} days cannot be right for one year."),
				field="days_paid_this_year",
				value=v["days_paid_this_year"],
			)
		)
	if not v.get("paid_this_year") and not v.get("days_paid_this_year"):
		v.pop("paid_this_year", None)  # nothing paid: nothing to record
		v.pop("days_paid_this_year", None)
	if existing is not None:
		_compare(row, existing, ignore=("status",))
		if v.get("status") and v["status"] != existing.get("status"):
			row.notes.append(
				DomainError(
					_("The status stays {status}: change it on the member's record."),
					field="status",
					translate_params=("status",),
					status=existing.get("status"),
				)
			)
		return
	_member_lifecycle(row, known)


def _member_address(row: Row, known: Known) -> None:
	v = row.values
	if "postcode" not in v:
		return
	country = v.get("country") or values.country_of_postcode(v["postcode"], known.default_country)
	try:
		v["postcode"] = identifiers.normalize_postcode(v["postcode"], country)
	except InvalidValueError as error:
		row.problems.append(error)
		return
	v.setdefault("country", country)


def _member_lifecycle(row: Row, known: Known) -> None:
	v = row.values
	v.setdefault("status", members.ACTIVE)
	status = v["status"]
	if status in (members.ACTIVE, members.PAUSED):
		if "consent_date" not in v and "consent_version" not in v:
			v["consent_date"] = known.today
			v["consent_version"] = RECORDED_BEFORE
			row.notes.append(
				DomainError(
					_("Consent recorded before the app: the date of the import is kept as its date."),
					field="consent_date",
				)
			)
		elif "consent_date" not in v:
			v["consent_date"] = known.today
		elif "consent_version" not in v:
			v["consent_version"] = RECORDED_BEFORE
	if status == members.PAUSED and not v.get("paused_until"):
		row.notes.append(DomainError(_("Paused until further notice."), field="paused_until"))
	if status == members.LEFT and not v.get("left_on"):
		row.problems.append(InvalidValueError(_("Enter the date the member left."), field="left_on"))
		return
	facts = members.MemberFacts(
		status=status,
		email=v.get("email"),
		paused_until=v.get("paused_until"),
		consent_date=v.get("consent_date"),
		consent_version=v.get("consent_version"),
		joined_on=v.get("joined_on"),
		left_on=v.get("left_on"),
		max_travel_km=int(v["max_travel_km"]) if "max_travel_km" in v else None,
	)
	try:
		change = members.initial_status(facts, known.today)
		members.validate_member(facts, known.today)
	except DomainError as error:
		row.problems.append(error)
		return
	v.update({k: val for k, val in change.updates.items() if val is not None and k not in v})


# --- Organisations and their contacts -----------------------------------------------------------


def _check_organisation(row: Row, known: Known, result: Plan) -> None:
	v = row.values
	row.key = v["organisation_name"]
	number = v.get("enterprise_number", "")
	for earlier in result.of("organisations"):
		if earlier.action == REFUSED:
			continue
		same_number = number and enterprise_number_key(
			earlier.values.get("enterprise_number")
		) == enterprise_number_key(number)
		if same_number or normalize_name(earlier.key) == normalize_name(row.key):
			row.problems.append(
				InvalidValueError(
					_("{name} is on row {row} already."),
					field="organisation_name",
					name=row.key,
					row=earlier.number,
				)
			)
			return
	existing = known.organisation_named(row.key, number)
	if existing:
		row.existing = existing
		_compare(row, known.organisations[existing], ignore=("organisation_name",))
	elif known.name_taken(row.key):
		row.problems.append(
			InvalidValueError(
				_("{name} is on the site already, with another enterprise number: check which is right."),
				field="enterprise_number",
				name=known.name_taken(row.key),
			)
		)


def _organisation_of(name: str, known: Known, result: Plan) -> str | None:
	"""The organisation a name points at: one of the workbook's rows, or one on the site."""
	for row in result.of("organisations", CREATE, UPDATE, UNCHANGED):
		if normalize_name(row.key) == normalize_name(name):
			return row.existing or row.key
	return known.organisation_named(name)


def _place_organisation(row: Row, known: Known, result: Plan) -> str | None:
	"""The row's organisation, from the workbook or the site; a problem on the row if neither."""
	organisation = _organisation_of(row.values["organisation"], known, result)
	if organisation is None:
		row.problems.append(
			InvalidValueError(
				_("{name} is neither on the Organisations sheet nor on the site."),
				field="organisation",
				name=row.values["organisation"],
			)
		)
		return None
	row.values["organisation"] = organisation
	return organisation


def _check_contact(row: Row, known: Known, result: Plan) -> None:
	v = row.values
	row.key = v["email"]
	organisation = _place_organisation(row, known, result)
	if organisation is None:
		return
	if row.key in {r.key for r in result.of("contacts") if r.action != REFUSED}:
		row.problems.append(
			InvalidValueError(_("{email} is on an earlier row already."), field="email", email=row.key)
		)
		return
	existing = known.contacts.get(row.key)
	if existing is not None:
		row.existing = row.key
		_compare(row, existing)


# --- Certificates and past work -----------------------------------------------------------------


def _member_exists(email: str, known: Known, result: Plan) -> bool:
	return email in known.members or email in {r.key for r in result.of("members", CREATE, UPDATE, UNCHANGED)}


def _check_certificate(row: Row, known: Known, result: Plan) -> None:
	v = row.values
	row.key = v["member_email"]
	if not _member_exists(row.key, known, result):
		row.problems.append(
			InvalidValueError(
				_("{email} is neither on the Members sheet nor a member on the site."),
				field="member_email",
				email=row.key,
			)
		)
	if v["passed_on"] > known.today:
		row.problems.append(
			InvalidValueError(
				_("The date {date} is in the future."), field="passed_on", date=v["passed_on"].isoformat()
			)
		)
	if v.get("valid_until") and v["valid_until"] < v["passed_on"]:
		row.problems.append(
			InvalidValueError(_("A certificate cannot end before it was earned."), field="valid_until")
		)
	same = (row.key, v["course"], v["passed_on"])
	earlier = next((r for r in result.of("certificates") if r.action != REFUSED and r.identity == same), None)
	if earlier:
		row.problems.append(
			InvalidValueError(
				_("The same certificate is on row {row} already."), field="course", row=earlier.number
			)
		)
	row.identity = same
	if not row.problems and same in known.certificates:
		row.action = UNCHANGED


def _check_past_work(row: Row, known: Known, result: Plan) -> None:
	v = row.values
	organisation = _place_organisation(row, known, result)
	if organisation is None:
		return
	v.setdefault("title", f"{v['assignment_type']} – {organisation}")
	row.key = v["title"]
	if v["date"] > known.today:
		row.problems.append(
			InvalidValueError(
				_("{date} is in the future: only work already done moves in."),
				field="date",
				date=v["date"].isoformat(),
			)
		)
	unknown = [e for e in v["experts"] if not _member_exists(e, known, result)]
	if unknown:
		row.problems.append(
			InvalidValueError(
				_("Not a member: {emails}. Add them to the Members sheet first."),
				field="experts",
				emails=unknown,
			)
		)
	if len(set(v["experts"])) != len(v["experts"]):
		v["experts"] = list(dict.fromkeys(v["experts"]))
	v.setdefault("hours", Decimal(0))
	same = (organisation, v["assignment_type"], v["date"], v["title"])
	earlier = next((r for r in result.of("past_work") if r.action != REFUSED and r.identity == same), None)
	if earlier:
		row.problems.append(
			InvalidValueError(_("The same work is on row {row} already."), field="title", row=earlier.number)
		)
	row.identity = same
	if not row.problems and same in known.past_work:
		row.action = UNCHANGED


def _compare(row: Row, stored: Mapping, ignore: tuple[str, ...] = ()) -> None:
	"""An existing record: which of the row's non-empty values differ from what it holds."""
	row.existing = row.existing or row.key
	for key, value in row.values.items():
		if key in ignore:
			continue
		if key in ADDED:
			if set(map(str, value)) - set(map(str, stored.get(key) or ())):
				row.changes.append(key)
		elif key in FILLED:
			if value and not stored.get(key):
				row.changes.append(key)
			elif key in ("paid_this_year", "days_paid_this_year") and _comparable(value) != _comparable(
				stored.get(key)
			):
				row.changes.append(key)
		elif key in stored and _comparable(value) != _comparable(stored.get(key)):
			row.changes.append(key)
	row.action = UPDATE if row.changes else UNCHANGED


def _comparable(value: object) -> object:
	if isinstance(value, Decimal):
		return float(value)
	if isinstance(value, (list, tuple, set, frozenset)):
		return sorted(str(v) for v in value)
	if isinstance(value, str):
		return value.strip()
	return value


_CHECKS = {
	"members": _check_member,
	"organisations": _check_organisation,
	"contacts": _check_contact,
	"certificates": _check_certificate,
	"past_work": _check_past_work,
}
