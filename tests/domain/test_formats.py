"""Numbers and dates in the reader's language, and the payout's sentences built with them: what a
member reads on their statement in Dutch, French and English (the catalogues' own words)."""

from datetime import date
from decimal import Decimal as D

import pytest

from lef_members.domain import allowances as money
from lef_members.domain.formats import format_date, format_number, format_value
from tests.i18n import LOCALE, read_po

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
	catalogue = CATALOGUES.get(lang, {})

	def translate(text):
		return catalogue.get(text) or text

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
