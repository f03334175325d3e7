"""Numbers and dates in the reader's language, and the payout's sentences built with them: what a
member reads on their statement in Dutch, French and English (the catalogues' own words)."""

from datetime import date, time, timedelta
from decimal import Decimal as D

import pytest

from lef_members.domain import allowances as money
from lef_members.domain import formats, matching
from lef_members.domain.formats import format_date, format_money, format_number, format_time, format_value
from tests.i18n import LOCALE, read_po, with_context

NBSP = "\u202f"


@pytest.mark.parametrize(
	("value", "nl", "fr", "en"),
	[
		(D("1760.83"), "1.760,83", f"1{NBSP}760,83", "1,760.83"),
		(D("2000.000000000"), "2.000", f"2{NBSP}000", "2,000"),  # a limit, computed exactly
		(D("861.0800000000000"), "861,08", "861,08", "861.08"),
		(D("50.000000000"), "50", "50", "50"),
		(D("1700.0"), "1.700", f"1{NBSP}700", "1,700"),
		(D("220.0"), "220", "220", "220"),
		(D("12.5"), "12,50", "12,50", "12.50"),
		(D("0.4326"), "0,4326", "0,4326", "0.4326"),
		(D("-8.52"), "-8,52", "-8,52", "-8.52"),
	],
)
def test_numbers_as_each_reader_writes_them(value, nl, fr, en):
	assert (format_number(value, "nl"), format_number(value, "fr"), format_number(value, "en")) == (
		nl,
		fr,
		en,
	)
	assert format_number(value, "nl-BE") == nl
	assert format_number(value, "fr-BE") == fr


def test_dates_as_each_reader_writes_them():
	day = date(2026, 11, 13)
	assert (format_date(day, "nl"), format_date(day, "fr"), format_date(day, "en")) == (
		"13-11-2026",
		"13/11/2026",
		"13/11/2026",
	)


def test_text_counts_and_years_are_left_alone():
	assert format_value(2026, "nl") == 2026
	assert format_value("LEF-HRS-2026-00001", "nl") == "LEF-HRS-2026-00001"
	assert format_value(True, "nl") is True


CATALOGUES = {"nl": read_po(LOCALE / "nl.po"), "fr": read_po(LOCALE / "fr.po")}


def in_language(lang):
	"""The app's catalogue of ``lang`` as the site's ``_`` reads it: with a context first, then
	without."""
	catalogue = CATALOGUES.get(lang, {})

	def translate(text, context=None):
		return (context and catalogue.get(with_context(text, context))) or catalogue.get(text) or text

	translate.lang = lang
	return translate


def held_km_note() -> money.Note:
	# 2,000 km a year beside the flat rate; 50 of a log's kilometres are held (computed exactly).
	logs = [
		money.LogLine("L1", date(2026, 2, 10), D("2"), km=D("1970"), transport_mode="Car"),
		money.LogLine("L2", date(2026, 3, 3), D("2"), km=D("80"), transport_mode="Car"),
	]
	from tests.domain.shipped import shipped

	due = money.compute_due(money.MemberMoneyFacts("M"), shipped("BE volunteer flat rate"), logs)
	(note,) = [n for line in due.lines for n in line.reasons if n.code == "km_max"]
	return note


@pytest.mark.parametrize(
	("lang", "expected"),
	[
		(
			"nl",
			"Naast de forfaitaire vergoeding worden hoogstens 2.000 km per jaar betaald; 50 km worden tegengehouden voor 2026.",
		),
		("fr", f"Au plus 2{NBSP}000 km par an sont payés en plus du forfait ; 50 km sont retenus pour 2026."),
		("en", "At most 2,000 km a year are paid beside the flat rate; 50 km are held for 2026."),
	],
)
def test_the_statements_sentence_in_three_languages(lang, expected):
	assert held_km_note().render(in_language(lang)) == expected


def test_the_year_maximum_counting_what_came_from_elsewhere_reads_as_money():
	note = money.Note(
		"year_max",
		"The maximum of {limit} per year is reached for {year}, counting {elsewhere} received from other organisations; the rest is held.",
		{"limit": D("1760.830000"), "year": 2026, "elsewhere": D("1700.0")},
	)
	assert note.render(in_language("nl")) == (
		"Het maximum van 1.760,83 per jaar is bereikt voor 2026, met 1.700 van andere organisaties "
		"meegeteld; de rest wordt vastgehouden."
	)
	# Without a language (a log, a test of the rules), the values stay as computed.
	assert "1760.830000" in note.render()


# A match's reasons ("Find Experts"), in the coordinator's language: amounts as money, dates as
# they write them, parts of the day and master data (skills, courses) in their words.


def _room_reason(room: str):

	return matching.Reason(
		"allowance room left this year: EUR {amount}",
		{"amount": matching.format_amount(D(room))},
		matching.INFO,
	)


@pytest.mark.parametrize(
	("lang", "expected"),
	[
		("nl", "resterende ruimte voor vergoedingen dit jaar: € 1.672,79"),
		("fr", f"marge d'indemnités restante cette année : 1{NBSP}672,79 €"),
		("en", "allowance room left this year: EUR 1,672.79"),
	],
)
def test_a_match_reason_writes_money_as_the_reader_does(lang, expected):
	assert _room_reason("1672.790000").render(in_language(lang)) == expected
	# Whole amounts without cents.
	assert _room_reason("310").render(in_language(lang)).endswith(("310", "310 €"))


def test_without_a_reader_the_reason_keeps_the_computed_values():
	assert _room_reason("1672.79").render() == "allowance room left this year: EUR 1672.79"


@pytest.mark.parametrize(
	("lang", "expected"),
	[
		("nl", "niet beschikbaar op maandag voormiddag"),
		("fr", "pas disponible le lundi matin"),
	],
)
def test_an_availability_reason_names_the_part_of_the_day_in_the_readers_words(lang, expected):
	from datetime import datetime

	from lef_members.domain import availability

	member = availability.Availability("Active", frozenset({availability.Slot("Tuesday", "Morning")}))
	verdict = availability.check_available(member, datetime(2026, 11, 16, 9), datetime(2026, 11, 16, 11))
	assert not verdict.available
	assert verdict.render(in_language(lang)) == expected


def test_skills_courses_and_dates_of_match_reasons_in_dutch():
	from lef_members.domain import matching

	skill = matching.Reason(
		"has skill {skill}", {"skill": "Telling a recovery story"}, matching.PLUS, ("skill",)
	)
	assert skill.render(in_language("nl")) == "heeft de vaardigheid Herstelverhaal vertellen"
	resting = matching.Reason(
		"resting after heavy work until {date}", {"date": date(2026, 11, 13)}, matching.EXCLUDED
	)
	assert resting.render(in_language("nl")) == "rust na zwaar werk tot 13-11-2026"
	assert resting.render(in_language("fr")) == "au repos après un travail lourd jusqu'au 13/11/2026"


@pytest.mark.parametrize(
	("lang", "expected"),
	[("nl-BE", "€\u00a01.760,83"), ("fr", f"1{NBSP}760,83\u00a0€"), ("en", "€1,760.83")],
)
def test_an_amount_is_written_as_money_in_the_readers_language(lang, expected):
	assert format_money(D("1760.830000000"), lang) == expected


def test_money_is_always_to_the_cent():
	assert format_money(D("4.5"), "nl") == "€\u00a04,50"
	assert format_money(0, "nl") == "€\u00a00,00"
	assert format_money(D("-12"), "fr") == "-12,00\u00a0€"


@pytest.mark.parametrize(
	"value",
	[timedelta(hours=14), time(14, 0), "14:00:00", "14:00"],
)
def test_a_time_of_day_has_no_seconds(value):
	assert format_time(value) == "14:00"


def test_an_early_time_keeps_its_leading_zero():
	assert format_time(timedelta(hours=9, minutes=5)) == "09:05"
	assert format_time("9:05:00") == "09:05"


@pytest.mark.parametrize(
	"lang, march, may",
	[
		("nl", "mrt 2026", "mei 2026"),
		("nl-BE", "mrt 2026", "mei 2026"),
		("fr", "mars 2026", "mai 2026"),
		("en", "Mar 2026", "May 2026"),
	],
)
def test_a_month_on_a_chart_is_named_in_the_readers_words(lang, march, may):
	assert formats.format_month(date(2026, 3, 14), lang) == march
	assert formats.format_month(date(2026, 5, 1), lang) == may


def test_every_month_has_its_own_name_in_each_language():
	for lang in ("nl", "fr", "en"):
		names = {formats.format_month(date(2026, month, 1), lang) for month in range(1, 13)}
		assert len(names) == 12, lang


@pytest.mark.parametrize(
	"lang, expected", [("nl", "0 van 4 opdrachten in dec 2026"), ("fr", "0 sur 4 missions en déc. 2026")]
)
def test_a_match_reason_names_the_month_in_the_readers_words(lang, expected):
	reason = matching.Reason(
		"{count} of {limit} assignments in {month}",
		{"count": 0, "limit": 4, "month": "2026-12"},
		matching.INFO,
	)
	assert reason.render(in_language(lang)) == expected


def test_a_sentence_names_a_regime_in_the_readers_words():
	error = money.MissingCeilingError(
		"Regime '{regime}' has no kilometre rate for {mode} on {day}: enter it first.",
		regime="BE volunteer flat rate",
		year=2026,
		figure="km_rate",
		mode="Car",
		day=date(2026, 4, 7),
	)
	text = error.render(in_language("nl"))
	assert "BE forfaitaire vrijwilligersvergoeding" in text
	assert "07-04-2026" in text


def test_a_waiting_note_on_the_statement_names_the_regime_in_the_readers_words():
	note = money.Note(
		"km_rate",
		"Regime '{regime}' has no kilometre rate for {mode} on {day}: enter it first.",
		{"regime": "BE volunteer flat rate", "mode": "Auto", "day": date(2026, 4, 7)},
	)
	assert note.render(in_language("nl")) == (
		"Regime 'BE forfaitaire vrijwilligersvergoeding' heeft geen kilometervergoeding voor Auto op "
		"07-04-2026: vul die eerst in."
	)
