"""The workbook a forum moves in with: its sheets, their columns, and headers mapped to them.

Each column has one English label (translated at the framework's edge); the site hands
:func:`map_headers` every spelling it accepts for a column (its label in Dutch, French and
English, and a forum's own mapping), so a sheet in any of the three languages, or with the
forum's own headers mapped once, is read the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lef_members.domain.errors import _
from lef_members.domain.moving_in.values import fold

# Kinds of cell (how values.py reads them).
TEXT, EMAIL, PHONE, DATE, NUMBER, HOURS, AMOUNT = (
	"text",
	"email",
	"phone",
	"date",
	"number",
	"hours",
	"amount",
)
CHOICE, MANY, AVAILABILITY, IBAN, POSTCODE, ENTERPRISE, EMAILS = (
	"choice",
	"many",
	"availability",
	"iban",
	"postcode",
	"enterprise",
	"emails",
)

# The choice lists the site gives (stored value -> spellings).
MEMBER_STATUS, EXPERIENCE_KIND, MOBILITY, THEMES, SKILLS, LANGUAGES = (
	"member_status",
	"experience_kind",
	"mobility",
	"themes",
	"skills",
	"languages",
)
REGIMES, COUNTRIES, ORGANISATION_TYPES, COURSES, ASSIGNMENT_TYPES = (
	"regimes",
	"countries",
	"organisation_types",
	"courses",
	"assignment_types",
)


@dataclass(frozen=True)
class Column:
	key: str
	label: str  # English; translated by the site (with ``context`` where the word is shared)
	kind: str = TEXT
	required: bool = False
	choices: str | None = None
	# An example value: one for every language, or one per language code.
	example: str | Mapping[str, str] = ""
	help: str = ""
	context: str | None = None

	def example_in(self, language: str) -> str:
		if isinstance(self.example, str):
			return self.example
		return self.example.get(language) or self.example.get("en", "")


@dataclass(frozen=True)
class Sheet:
	key: str
	label: str
	columns: tuple[Column, ...]
	help: str = ""
	context: str | None = None

	def column(self, key: str) -> Column:
		return next(c for c in self.columns if c.key == key)


MEMBERS = Sheet(
	"members",
	_("Members", context="lef_members"),
	context="lef_members",
	columns=(
		Column("first_name", _("First Name"), required=True, example="Sofie"),
		Column(
			"last_name",
			_("Last Name", context="lef_members"),
			required=True,
			example="Peeters",
			context="lef_members",
		),
		Column(
			"email",
			_("Email", context="lef_members"),
			EMAIL,
			required=True,
			example="sofie.peeters@example.org",
			context="lef_members",
		),
		Column("phone", _("Phone"), PHONE, example="0470 12 34 56"),
		Column(
			"status",
			_("Status"),
			CHOICE,
			choices=MEMBER_STATUS,
			example="Active",
			help=_("Empty: Active."),
		),
		Column(
			"paused_until",
			_("Paused Until"),
			DATE,
			help=_("For a paused member: empty means until further notice."),
		),
		Column("joined_on", _("Joined On"), DATE, example="2021-09-01"),
		Column("left_on", _("Left On"), DATE),
		Column(
			"consent_date",
			_("Consent Date"),
			DATE,
			example="2021-09-01",
			help=_("Empty for an active member: recorded before the app, on the day of the import."),
		),
		Column("consent_version", _("Consent Version"), example="2021"),
		Column(
			"experience_kind", _("Experience Kind"), CHOICE, choices=EXPERIENCE_KIND, example="Own experience"
		),
		Column("themes", _("Themes"), MANY, choices=THEMES, example="Psychosis; Addiction"),
		Column("skills", _("Skills"), MANY, choices=SKILLS),
		Column("languages", _("Languages"), MANY, choices=LANGUAGES, example="nl; fr"),
		Column("address_line", _("Address"), example="Kerkstraat 12"),
		Column("postcode", _("Postcode"), POSTCODE, example="3500"),
		Column("municipality", _("Municipality"), example="Hasselt"),
		Column("country", _("Country"), CHOICE, choices=COUNTRIES),
		Column("mobility", _("Mobility"), CHOICE, choices=MOBILITY, example="Own car"),
		Column("max_travel_km", _("Max Travel (km)"), NUMBER, example="30"),
		Column(
			"availability",
			_("Availability"),
			AVAILABILITY,
			example={
				"nl": "ma en do voormiddag",
				"fr": "lundi et jeudi matin",
				"en": "Monday and Thursday morning",
			},
			help=_("As you write it; what cannot be read is kept as a note for the member."),
		),
		Column("allowance_regime", _("Allowance Regime"), CHOICE, choices=REGIMES),
		Column("iban", _("IBAN"), IBAN, example="BE71 0961 2345 6769"),
		Column("account_holder", _("Account Holder")),
		Column(
			"paid_this_year",
			_("Allowances Paid This Year"),
			AMOUNT,
			example="250",
			help=_("What the forum paid the member this calendar year before moving in."),
		),
		Column("days_paid_this_year", _("Days Paid This Year"), NUMBER, example="10"),
	),
)

ORGANISATIONS = Sheet(
	"organisations",
	_("Organisations"),
	(
		Column("organisation_name", _("Organisation Name"), required=True, example="Zorgcentrum De Linde"),
		Column(
			"organisation_type",
			_("Organisation Type"),
			CHOICE,
			choices=ORGANISATION_TYPES,
			example="Hospital or psychiatric centre",
		),
		Column("enterprise_number", _("Enterprise Number"), ENTERPRISE, example="0403.170.701"),
		Column(
			"email",
			_("Email", context="lef_members"),
			EMAIL,
			example="info@delinde.example.org",
			context="lef_members",
		),
		Column("phone", _("Phone"), PHONE),
		Column("website", _("Website", context="lef_members"), context="lef_members"),
	),
)

CONTACTS = Sheet(
	"contacts",
	_("Contact Persons"),
	(
		Column("organisation", _("Organisation"), required=True, example="Zorgcentrum De Linde"),
		Column("first_name", _("First Name"), required=True, example="Jan"),
		Column("last_name", _("Last Name", context="lef_members"), example="Claes", context="lef_members"),
		Column(
			"email",
			_("Email", context="lef_members"),
			EMAIL,
			required=True,
			example="jan.claes@delinde.example.org",
			context="lef_members",
		),
		Column("phone", _("Phone"), PHONE),
	),
)

CERTIFICATES = Sheet(
	"certificates",
	_("Certificates"),
	(
		Column("member_email", _("Member Email"), EMAIL, required=True, example="sofie.peeters@example.org"),
		Column("course", _("Course"), CHOICE, required=True, choices=COURSES),
		Column("passed_on", _("Passed On"), DATE, required=True, example="2022-03-15"),
		Column("valid_until", _("Valid Until"), DATE),
	),
)

PAST_WORK = Sheet(
	"past_work",
	_("Past Assignments"),
	(
		Column("organisation", _("Organisation"), required=True, example="Zorgcentrum De Linde"),
		Column("assignment_type", _("Assignment Type"), CHOICE, required=True, choices=ASSIGNMENT_TYPES),
		Column("date", _("Date"), DATE, required=True, example="2026-03-12"),
		Column("title", _("Title"), example="Recovery story for nursing students"),
		Column("experts", _("Experts (e-mail)"), EMAILS, required=True, example="sofie.peeters@example.org"),
		Column("hours", _("Hours per Expert"), HOURS, example="3"),
		Column("kilometres", _("Kilometres per Expert"), NUMBER),
	),
	help=_(
		"Work done before moving in: it counts in fair rotation and the reports, sends no mail and bills nothing."
	),
)

SHEETS = (MEMBERS, ORGANISATIONS, CONTACTS, CERTIFICATES, PAST_WORK)
BY_KEY = {sheet.key: sheet for sheet in SHEETS}


@dataclass
class HeaderMap:
	"""Which column of a sheet each header is, and what could not be placed."""

	columns: dict[int, str] = field(default_factory=dict)  # position -> column key
	unknown: list[str] = field(default_factory=list)  # headers matching no column
	missing: list[str] = field(default_factory=list)  # required column keys without a header
	repeated: list[str] = field(default_factory=list)  # column keys given by two headers


def map_headers(
	sheet: Sheet,
	headers: Iterable[object],
	spellings: Mapping[str, Iterable[str]],
	mapping: Mapping[str, str] | None = None,
) -> HeaderMap:
	"""Place each header of a sheet. ``spellings`` maps a column key to the headers accepted for
	it (its label in each language); ``mapping`` is the forum's own (header -> column key, or
	"" to skip a column). Headers are compared without case, accents or a trailing ``*``."""
	accepted: dict[str, str] = {}
	for column in sheet.columns:
		for spelling in (column.key, column.label, *spellings.get(column.key, ())):
			accepted.setdefault(fold(spelling).rstrip(" *"), column.key)
	own = {fold(h).rstrip(" *"): key for h, key in (mapping or {}).items()}
	result = HeaderMap()
	for position, header in enumerate(headers):
		name = fold(header).rstrip(" *")
		if not name:
			continue
		key = own.get(name, accepted.get(name))
		if key == "" or (key is None and name in own):
			continue  # the forum chose to leave this column out
		if key is None or key not in {c.key for c in sheet.columns}:
			result.unknown.append(str(header).strip())
		elif key in result.columns.values():
			result.repeated.append(key)
		else:
			result.columns[position] = key
	placed = set(result.columns.values())
	result.missing = [c.key for c in sheet.columns if c.required and c.key not in placed]
	return result


def rows_of(
	header_map: HeaderMap, rows: Iterable[Iterable[object]], first_row: int = 2
) -> list[tuple[int, dict[str, object]]]:
	"""The data rows as (row number in the sheet, {column key: cell}); empty rows left out."""
	found = []
	for number, row in enumerate(rows, start=first_row):
		cells = list(row)
		values = {key: cells[i] for i, key in header_map.columns.items() if i < len(cells)}
		if any(v not in (None, "") and str(v).strip() for v in values.values()):
			found.append((number, values))
	return found
