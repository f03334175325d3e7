"""Moving in from spreadsheets: values as people write them, headers in three languages, and a
dry run over a messy workbook (wrong IBANs, repeated e-mails, Dutch postcodes without a country,
unknown themes, empty required cells, 200 rows)."""

from datetime import date
from decimal import Decimal

import pytest

from lef_members.domain.availability import Slot
from lef_members.domain.errors import InvalidValueError
from lef_members.domain.moving_in import sheets, values
from lef_members.domain.moving_in.plan import CREATE, RECORDED_BEFORE, REFUSED, UNCHANGED, UPDATE, Known, plan

TODAY = date(2026, 12, 7)

CHOICES = {
	sheets.MEMBER_STATUS: {
		"Active": {"Actief", "Actif"},
		"Paused": {"Gepauzeerd", "En pause"},
		"Left": {"Vertrokken", "Parti"},
		"Candidate": {"Kandidaat", "Candidat"},
	},
	sheets.THEMES: {"Psychosis": {"Psychose"}, "Addiction": {"Verslaving", "Assuétude"}},
	sheets.SKILLS: {"Recovery story": {"Herstelverhaal"}},
	sheets.LANGUAGES: {"nl": {"Nederlands", "Dutch"}, "fr": {"Frans", "Français", "French"}},
	sheets.REGIMES: {"BE volunteer flat rate": {"BE forfaitaire vrijwilligersvergoeding"}},
	sheets.MOBILITY: {"Own car": {"Eigen wagen", "Voiture"}},
	sheets.COUNTRIES: {"BE": {"België", "Belgique", "Belgium"}, "NL": {"Nederland", "Pays-Bas"}},
	sheets.ORGANISATION_TYPES: {"Care network": {"Zorgnetwerk"}},
	sheets.COURSES: {"Basic training": {"Basisopleiding"}},
	sheets.ASSIGNMENT_TYPES: {"Recovery story": {"Herstelverhaal"}},
}


def known(**kwargs) -> Known:
	return Known(today=TODAY, choices=CHOICES, **kwargs)


def member(n: int = 1, **cells) -> dict:
	return {"first_name": f"Naam{n}", "last_name": "Peeters", "email": f"lid{n}@example.org", **cells}


# --- Values --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"written, day",
	[
		("3/2/2025", date(2025, 2, 3)),
		("03-02-2025", date(2025, 2, 3)),
		("3.2.25", date(2025, 2, 3)),
		("3 februari 2025", date(2025, 2, 3)),
		("1er mars 2024", date(2024, 3, 1)),
		("2025-02-03", date(2025, 2, 3)),
		("2025-02-03 00:00:00", date(2025, 2, 3)),
		(45000, date(2023, 3, 15)),  # a spreadsheet's own date
		(date(2025, 2, 3), date(2025, 2, 3)),
	],
)
def test_dates_as_belgians_and_the_dutch_write_them(written, day):
	assert values.read_date(written, "joined_on") == day


@pytest.mark.parametrize("written", ["31/02/2025", "morgen", "2025/13/01", "12"])
def test_what_is_no_date_is_refused_with_the_value(written):
	with pytest.raises(InvalidValueError) as caught:
		values.read_date(written, "joined_on")
	assert str(written) in str(caught.value)


@pytest.mark.parametrize(
	"written, amount",
	[
		("2,5", "2.5"),
		("1.234,50", "1234.50"),
		("1,234.50", "1234.50"),
		("€ 12,50", "12.50"),
		("12.50 EUR", "12.50"),
		(3, "3"),
	],
)
def test_amounts_in_either_notation(written, amount):
	assert values.read_number(written, "paid_this_year") == Decimal(amount)


def test_hours_as_a_number_or_hours_and_minutes():
	assert values.read_hours("2u30", "hours") == Decimal("2.50")
	assert values.read_hours("1h15", "hours") == Decimal("1.25")
	assert values.read_hours("3,5", "hours") == Decimal("3.5")
	with pytest.raises(InvalidValueError):
		values.read_hours("30", "hours")


@pytest.mark.parametrize(
	"written, language, slots, kept",
	[
		("ma vm", "nl", {("Monday", "Morning")}, False),
		("maandag voormiddag", "nl", {("Monday", "Morning")}, False),
		(
			"di-do namiddag",
			"nl",
			{("Tuesday", "Afternoon"), ("Wednesday", "Afternoon"), ("Thursday", "Afternoon")},
			False,
		),
		("ma en do voormiddag, enkel online", "nl", {("Monday", "Morning"), ("Thursday", "Morning")}, True),
		("voormiddag: ma, di", "nl", {("Monday", "Morning"), ("Tuesday", "Morning")}, False),
		("'s avonds: wo", "nl", {("Wednesday", "Evening")}, False),
		("lundi matin et jeudi après-midi", "fr", {("Monday", "Morning"), ("Thursday", "Afternoon")}, False),
		("di matin", "fr", {("Sunday", "Morning")}, False),  # French "di" is Sunday
		("Monday and Thursday morning", "en", {("Monday", "Morning"), ("Thursday", "Morning")}, False),
		("vrijdag", "nl", {("Friday", "Morning"), ("Friday", "Afternoon"), ("Friday", "Evening")}, False),
	],
)
def test_availability_from_common_spellings(written, language, slots, kept):
	found, note = values.read_availability(written, language)
	assert found == {Slot(*s) for s in slots}
	assert (note == written) is kept


def test_availability_nobody_can_read_is_kept_whole_for_the_member():
	assert values.read_availability("flexibel, bellen", "nl") == (frozenset(), "flexibel, bellen")
	assert values.read_availability("", "nl") == (frozenset(), "")


def test_choices_in_any_language_and_several_in_one_cell():
	themes = CHOICES[sheets.THEMES]
	assert [
		values.read_choice(t, themes, "Themes", "themes") for t in values.split_many("Psychose; Verslaving")
	] == [
		"Psychosis",
		"Addiction",
	]
	assert values.read_choice("  assuetude ", themes, "Themes", "themes") == "Addiction"  # accents, case
	assert values.split_many("a, b / c\nd;a") == ["a", "b", "c", "d"]
	with pytest.raises(InvalidValueError) as caught:
		values.read_choice("Angst", themes, "Themes", "themes")
	assert "Angst" in str(caught.value)


def test_yes_and_no_in_three_languages():
	assert values.read_bool("Ja", "x") and values.read_bool("oui", "x") and values.read_bool("X", "x")
	assert not values.read_bool("neen", "x") and not values.read_bool("", "x")
	with pytest.raises(InvalidValueError):
		values.read_bool("misschien", "x")


def test_a_dutch_postcode_without_a_country_is_dutch():
	assert values.country_of_postcode("1234 ab") == "NL"
	assert values.country_of_postcode("3500") == "BE"
	assert values.country_of_postcode("3500", default="NL") == "NL"


# --- Headers -------------------------------------------------------------------------------------


SPELLINGS = {"first_name": ["Voornaam", "Prénom"], "last_name": ["Achternaam", "Nom"], "email": ["E-mail"]}


def test_headers_in_dutch_french_or_english_and_the_forums_own():
	dutch = sheets.map_headers(sheets.MEMBERS, ["Voornaam *", "achternaam", "E-MAIL", "Opmerking"], SPELLINGS)
	assert list(dutch.columns.values()) == ["first_name", "last_name", "email"]
	assert dutch.unknown == ["Opmerking"] and dutch.missing == []
	french = sheets.map_headers(sheets.MEMBERS, ["Prénom", "Nom", "Email"], SPELLINGS)
	assert french.missing == []
	own = sheets.map_headers(
		sheets.MEMBERS,
		["Naam", "Familienaam", "Mail", "Intern"],
		SPELLINGS,
		{"Naam": "first_name", "Familienaam": "last_name", "Mail": "email", "Intern": ""},
	)
	assert own.missing == [] and own.unknown == []


def test_a_missing_required_column_and_a_column_given_twice_are_named():
	found = sheets.map_headers(sheets.MEMBERS, ["Voornaam", "First Name", "Email"], SPELLINGS)
	assert found.missing == ["last_name"]
	assert found.repeated == ["first_name"]


def test_rows_of_skips_empty_rows_and_keeps_sheet_row_numbers():
	header_map = sheets.map_headers(sheets.MEMBERS, ["First Name", "Last Name", "Email"], {})
	rows = sheets.rows_of(
		header_map, [["A", "B", "a@example.org"], [None, "", " "], ["C", "D", "c@example.org"]]
	)
	assert [n for n, _ in rows] == [2, 4]


# --- The dry run ---------------------------------------------------------------------------------


def test_an_active_member_without_consent_comes_in_with_consent_recorded_before_the_app():
	result = plan({"members": [(2, member(status="Actief", themes="Psychose; Verslaving"))]}, known())
	row = result.rows[0]
	assert row.action == CREATE, row.problems
	assert row.values["status"] == "Active"
	assert row.values["consent_version"] == RECORDED_BEFORE and row.values["consent_date"] == TODAY
	assert row.values["themes"] == ["Psychosis", "Addiction"]
	assert row.values["joined_on"] == TODAY
	assert any("recorded before the app" in str(n) for n in row.notes)


def test_a_consent_on_paper_keeps_its_date_and_version():
	row = plan({"members": [(2, member(consent_date="1/9/2021", consent_version="2021-v2"))]}, known()).rows[
		0
	]
	assert (row.values["consent_date"], row.values["consent_version"]) == (date(2021, 9, 1), "2021-v2")


def test_a_pause_with_or_without_an_end_date():
	result = plan(
		{
			"members": [
				(2, member(1, status="Gepauzeerd")),
				(3, member(2, status="Gepauzeerd", paused_until="1/3/2027")),
				(4, member(3, status="Gepauzeerd", paused_until="1/3/2020")),
			]
		},
		known(),
	)
	until_notice, dated, over = result.rows
	assert until_notice.action == CREATE and "paused_until" not in until_notice.values
	assert any("until further notice" in str(n) for n in until_notice.notes)
	assert dated.values["paused_until"] == date(2027, 3, 1)
	assert over.action == REFUSED


def test_a_member_who_left_needs_the_day_they_left():
	result = plan(
		{
			"members": [
				(2, member(status="Vertrokken")),
				(3, member(2, status="Vertrokken", left_on="1/1/2024")),
			]
		},
		known(),
	)
	assert [r.action for r in result.rows] == [REFUSED, CREATE]
	assert result.rows[0].problems[0].field == "left_on"


def test_a_messy_members_sheet_is_judged_row_by_row():
	rows = [
		(2, member(1, iban="BE71 0961 2345 6769", postcode="3500")),
		(3, member(2, iban="BE71 0961 2345 6768")),  # wrong check digits
		(4, member(3, email="lid1@example.org")),  # the e-mail of row 2
		(5, member(4, postcode="1234 ab")),  # Dutch, no country
		(6, member(5, themes="Psychose; Angst")),  # Angst is new
		(7, member(6, first_name="")),  # empty required cell
		(8, member(7, skills="Dansen")),  # skills cannot be created
		(9, member(8, availability="ma en do voormiddag, enkel online")),
		(10, member(9, postcode="12345")),  # no Belgian postcode
		(11, member(10, email="geen-adres")),
		(12, member(11, status="Kapitein")),
	]
	result = plan({"members": rows}, known())
	by_row = {r.number: r for r in result.rows}
	assert by_row[2].action == CREATE and by_row[2].values["iban"] == "BE71096123456769"
	assert by_row[2].values["account_holder"] == "Naam1 Peeters"
	assert by_row[3].action == REFUSED and by_row[3].problems[0].field == "iban"
	assert by_row[4].action == REFUSED and "earlier row" in str(by_row[4].problems[0])
	assert by_row[5].values["postcode"] == "1234 AB" and by_row[5].values["country"] == "NL"
	assert by_row[6].action == CREATE and by_row[6].values["themes"] == ["Psychosis", "Angst"]
	assert result.to_create == {sheets.THEMES: ["Angst"]}
	assert by_row[7].action == REFUSED and by_row[7].problems[0].field == "first_name"
	assert by_row[8].action == REFUSED and "Dansen" in str(by_row[8].problems[0])
	assert by_row[9].values["availability"] == [("Monday", "Morning"), ("Thursday", "Morning")]
	assert by_row[9].values["availability_note"] == "ma en do voormiddag, enkel online"
	assert by_row[10].action == REFUSED and by_row[10].problems[0].field == "postcode"
	assert by_row[11].action == REFUSED and by_row[11].problems[0].field == "email"
	assert by_row[12].action == REFUSED and "Kapitein" in str(by_row[12].problems[0])
	assert result.counts()["members"] == {CREATE: 4, REFUSED: 7}


def test_every_problem_of_a_row_is_listed_not_only_the_first():
	row = plan({"members": [(2, member(email="x", iban="NL00", joined_on="gisteren"))]}, known()).rows[0]
	assert {p.field for p in row.problems} == {"email", "iban", "joined_on"}


def test_importing_again_updates_what_changed_and_never_duplicates():
	site = known(
		members={
			"lid1@example.org": {
				"first_name": "Naam1",
				"last_name": "Peeters",
				"phone": "011 11 11 11",
				"status": "Active",
			}
		}
	)
	again = plan({"members": [(2, member(1)), (3, member(1, email="lid2@example.org"))]}, site)
	assert [r.action for r in again.rows] == [UNCHANGED, CREATE]
	changed = plan({"members": [(2, member(1, last_name="Janssens", status="Vertrokken"))]}, site).rows[0]
	assert changed.action == UPDATE and changed.changes == ["last_name"]
	assert any("status stays" in str(n) for n in changed.notes)  # the lifecycle is not bypassed


def test_organisations_contacts_certificates_and_past_work_refer_to_each_other():
	workbook = {
		"members": [(2, member(1)), (3, member(2))],
		"organisations": [
			(
				2,
				{
					"organisation_name": "Zorgnet Limburg",
					"organisation_type": "Zorgnetwerk",
					"enterprise_number": "0403.170.701",
				},
			),
			(3, {"organisation_name": "Zorgnet Limburg vzw"}),  # the same, by name
			(4, {"organisation_name": "Kliniek", "enterprise_number": "0403.170.702"}),  # check digits
		],
		"contacts": [
			(2, {"organisation": "Zorgnet Limburg", "first_name": "Jan", "email": "jan@zorgnet.example.org"}),
			(3, {"organisation": "Onbekend", "first_name": "Els", "email": "els@example.org"}),
		],
		"certificates": [
			(2, {"member_email": "lid1@example.org", "course": "Basisopleiding", "passed_on": "15/3/2022"}),
			(
				3,
				{"member_email": "niemand@example.org", "course": "Basisopleiding", "passed_on": "15/3/2022"},
			),
		],
		"past_work": [
			(
				2,
				{
					"organisation": "Zorgnet Limburg",
					"assignment_type": "Herstelverhaal",
					"date": "12/3/2026",
					"experts": "lid1@example.org; lid2@example.org",
					"hours": "2u30",
				},
			),
			(
				3,
				{
					"organisation": "Zorgnet Limburg",
					"assignment_type": "Herstelverhaal",
					"date": "12/3/2027",
					"experts": "lid1@example.org",
				},
			),
			(
				4,
				{
					"organisation": "Zorgnet Limburg",
					"assignment_type": "Herstelverhaal",
					"date": "12/3/2026",
					"experts": "vreemd@example.org",
				},
			),
		],
	}
	result = plan(workbook, known())
	actions = {(r.sheet, r.number): r.action for r in result.rows}
	assert actions[("organisations", 2)] == CREATE
	assert actions[("organisations", 3)] == REFUSED  # "vzw" is a legal form: the same name
	assert actions[("organisations", 4)] == REFUSED
	assert actions[("contacts", 2)] == CREATE and actions[("contacts", 3)] == REFUSED
	assert actions[("certificates", 2)] == CREATE and actions[("certificates", 3)] == REFUSED
	work = result.of("past_work")
	assert work[0].action == CREATE
	assert work[0].values["experts"] == ["lid1@example.org", "lid2@example.org"]
	assert work[0].values["hours"] == Decimal("2.50")
	assert work[0].values["title"] == "Recovery story – Zorgnet Limburg"
	assert work[1].action == REFUSED and "future" in str(work[1].problems[0])
	assert work[2].action == REFUSED and "vreemd@example.org" in str(work[2].problems[0])


def test_past_work_and_certificates_already_moved_in_are_left_alone():
	site = known(
		members={"lid1@example.org": {"status": "Active"}},
		organisations={"Zorgnet Limburg": {"organisation_name": "Zorgnet Limburg"}},
		past_work={
			("Zorgnet Limburg", "Recovery story", date(2026, 3, 12), "Recovery story – Zorgnet Limburg")
		},
		certificates={("lid1@example.org", "Basic training", date(2022, 3, 15))},
	)
	result = plan(
		{
			"past_work": [
				(
					2,
					{
						"organisation": "Zorgnet Limburg",
						"assignment_type": "Herstelverhaal",
						"date": "12/3/2026",
						"experts": "lid1@example.org",
					},
				)
			],
			"certificates": [
				(
					2,
					{
						"member_email": "lid1@example.org",
						"course": "Basisopleiding",
						"passed_on": "15/3/2022",
					},
				)
			],
		},
		site,
	)
	assert [r.action for r in result.rows] == [UNCHANGED, UNCHANGED]


def test_two_hundred_rows_are_judged_each_on_its_own():
	rows = [
		(n + 2, member(n, iban="BE71 0961 2345 6769" if n % 10 else "BE00 0000 0000 0000"))
		for n in range(200)
	]
	result = plan({"members": rows}, known())
	assert result.counts()["members"] == {CREATE: 180, REFUSED: 20}
	assert all(r.problems[0].field == "iban" for r in result.refused)


def test_a_sheet_beyond_the_limit_is_refused_whole():
	rows = [(n + 2, member(n)) for n in range(5001)]
	result = plan({"members": rows}, known())
	assert result.rows == [] and result.sheet_problems["members"]


# --- Found in the second read ---------------------------------------------------------------


def test_what_a_row_adds_to_an_existing_member_is_an_update_never_an_overwrite():
	site = known(
		members={
			"lid1@example.org": {
				"first_name": "Naam1",
				"last_name": "Peeters",
				"status": "Active",
				"themes": ["Psychosis"],
				"iban": "BE71096123456769",
				"account_holder": "Vzw De Brug",
			}
		}
	)
	row = plan(
		{"members": [(2, member(1, themes="Psychose; Verslaving", iban="BE71 0961 2345 6769"))]}, site
	).rows[0]
	assert row.action == UPDATE and row.changes == ["themes"]
	assert "account_holder" not in row.values  # the holder on record stays
	same = plan({"members": [(2, member(1, themes="Psychose"))]}, site).rows[0]
	assert same.action == UNCHANGED
	paid = plan({"members": [(2, member(1, paid_this_year="120"))]}, site).rows[0]
	assert paid.action == UPDATE and paid.changes == ["paid_this_year"]


def test_an_organisation_with_the_same_name_and_another_enterprise_number_is_not_taken_for_it():
	site = known(
		organisations={
			"Kliniek Zon": {"organisation_name": "Kliniek Zon", "enterprise_number": "BE0403170701"}
		}
	)
	row = plan(
		{"organisations": [(2, {"organisation_name": "Kliniek Zon", "enterprise_number": "0203.201.340"})]},
		site,
	).rows[0]
	assert row.action == REFUSED and "another enterprise number" in str(row.problems[0])
	same = plan(
		{
			"organisations": [
				(2, {"organisation_name": "Kliniek Zon vzw", "enterprise_number": "0403.170.701"})
			]
		},
		site,
	).rows[0]
	assert same.existing == "Kliniek Zon"


def test_nothing_paid_records_nothing_and_days_stay_within_a_year():
	row = plan({"members": [(2, member(paid_this_year="0", days_paid_this_year="0"))]}, known()).rows[0]
	assert row.action == CREATE and "paid_this_year" not in row.values
	assert (
		plan({"members": [(2, member(paid_this_year="10", days_paid_this_year="400"))]}, known())
		.rows[0]
		.action
		== REFUSED
	)


def test_the_same_certificate_or_work_twice_in_a_workbook_is_refused_the_second_time():
	work = {
		"organisation": "Zorgnet",
		"assignment_type": "Herstelverhaal",
		"date": "12/3/2026",
		"experts": "lid1@example.org",
	}
	cert = {"member_email": "lid1@example.org", "course": "Basisopleiding", "passed_on": "15/3/2022"}
	result = plan(
		{
			"members": [(2, member(1))],
			"organisations": [(2, {"organisation_name": "Zorgnet"})],
			"certificates": [(2, cert), (3, dict(cert))],
			"past_work": [(2, work), (3, dict(work))],
		},
		known(),
	)
	assert [r.action for r in result.of("certificates")] == [CREATE, REFUSED]
	assert [r.action for r in result.of("past_work")] == [CREATE, REFUSED]


def test_huge_numbers_and_unusable_theme_names_are_refused_not_run():
	with pytest.raises(InvalidValueError):
		values.read_number("1e10000000", "max_travel_km")
	with pytest.raises(InvalidValueError):
		values.read_number("12345678901", "max_travel_km")
	with pytest.raises(InvalidValueError):
		values.read_hours("99u", "hours")
	row = plan({"members": [(2, member(themes="<script>x</script>"))]}, known()).rows[0]
	assert row.action == REFUSED and row.problems[0].field == "themes"
