"""The public request form's checks: what an organisation may send, and what it may not."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lef_members.domain import requests as requests_module
from lef_members.domain.errors import DomainError
from lef_members.domain.requests import (
	MAX_DATES,
	MAX_LENGTHS,
	ON_SITE,
	ONLINE,
	CleanRequest,
	RequestedDate,
	RequestErrors,
	SpamSuspected,
	check_request,
	clean_text,
)

TODAY = date(2025, 3, 10)
DROP = object()  # marks a key to leave out of the submitted form


def form(**changes: object) -> dict[str, object]:
	"""A complete, valid submission; keyword arguments replace (or with DROP remove) fields."""
	data: dict[str, object] = {
		"organisation_name": "Vzw Het Anker",
		"enterprise_number": "",
		"contact_person": "An Peeters",
		"email": "an.peeters@hetanker.be",
		"phone": "011 22 33 44",
		"assignment_type": "Testimony",
		"title": "Herstelverhaal voor ons team",
		"description": "Een getuigenis over herstel voor twintig verpleegkundigen.",
		"audience": "Nurses",
		"themes": "psychosis, recovery",
		"language": "Dutch",
		"location_type": ON_SITE,
		"address": "Kerkstraat 1",
		"postcode": "3500",
		"city": "Hasselt",
		"dates": [{"date": "2025-04-15", "start_time": "13:30", "end_time": "16:00"}],
		"number_of_experts": 2,
		"fee_expectation": "Usual fee",
		"heard_from": "A colleague",
		"consent": 1,
		"website": "",
	}
	for key, value in changes.items():
		if value is DROP:
			data.pop(key, None)
		else:
			data[key] = value
	return data


def refused(data: object, today: date = TODAY) -> RequestErrors:
	with pytest.raises(RequestErrors) as info:
		check_request(data, today)
	return info.value


def row(day: str, start: str = "10:00", end: str = "12:00") -> dict[str, str]:
	return {"date": day, "start_time": start, "end_time": end}


# --- the table ---------------------------------------------------------------------------

GOOD = [
	("complete on-site request", {}, {"location_type": ON_SITE, "postcode": "3500", "number_of_experts": 2}),
	(
		"online needs no address, and a given one is not kept",
		{"location_type": "Online", "address": "Kerkstraat 1", "postcode": DROP},
		{"location_type": ONLINE, "address": "", "postcode": ""},
	),
	("location type in other spellings", {"location_type": "on_site"}, {"location_type": ON_SITE}),
	(
		"Belgian enterprise number with dots",
		{"enterprise_number": "0403.170.701"},
		{"enterprise_number": "BE0403170701"},
	),
	(
		"Belgian number with BE and spaces",
		{"enterprise_number": "be 0403 170 701"},
		{"enterprise_number": "BE0403170701"},
	),
	(
		"old nine-digit enterprise number",
		{"enterprise_number": "403170701"},
		{"enterprise_number": "BE0403170701"},
	),
	("Dutch VAT number", {"enterprise_number": "NL004495445B01"}, {"enterprise_number": "NL004495445B01"}),
	(
		"Greek VAT written GR becomes EL",
		{"enterprise_number": "GR094259216"},
		{"enterprise_number": "EL094259216"},
	),
	("phone is optional", {"phone": DROP}, {"phone": ""}),
	("international phone", {"phone": "+32 (0)11 22.33.44"}, {"phone": "+32 (0)11 22.33.44"}),
	("phone given as a number", {"phone": 3211223344}, {"phone": "3211223344"}),
	("e-mail lowercased", {"email": "  An.Peeters@HetAnker.BE "}, {"email": "an.peeters@hetanker.be"}),
	("experts as text", {"number_of_experts": " 3 "}, {"number_of_experts": 3}),
	("one expert", {"number_of_experts": 1}, {"number_of_experts": 1}),
	("ten experts", {"number_of_experts": "10"}, {"number_of_experts": 10}),
	("consent as a checkbox string", {"consent": "on"}, {"consent": True}),
	("consent as true", {"consent": True}, {"consent": True}),
	("a date today is not in the past", {"dates": [row("2025-03-10")]}, {}),
	("a date exactly two years ahead", {"dates": [row("2027-03-10")]}, {}),
	(
		"times with seconds, as Frappe sends them",
		{"dates": [row("2025-04-15", "09:00:00", "12:30:00.000000")]},
		{"dates": (RequestedDate(date(2025, 4, 15), time(9, 0), time(12, 30)),)},
	),
	(
		"times as time and timedelta values",
		{"dates": [{"date": date(2025, 4, 15), "start_time": time(9), "end_time": timedelta(hours=11)}]},
		{"dates": (RequestedDate(date(2025, 4, 15), time(9, 0), time(11, 0)),)},
	),
	(
		"dates come back in order",
		{"dates": [row("2025-05-02"), row("2025-04-01", "14:00", "15:00"), row("2025-04-01")]},
		{
			"dates": (
				RequestedDate(date(2025, 4, 1), time(10), time(12)),
				RequestedDate(date(2025, 4, 1), time(14), time(15)),
				RequestedDate(date(2025, 5, 2), time(10), time(12)),
			)
		},
	),
	(
		"two sessions touching end to start on one day",
		{"dates": [row("2025-04-01", "10:00", "12:00"), row("2025-04-01", "12:00", "13:00")]},
		{},
	),
	("fifty dates", {"dates": [row((TODAY + timedelta(days=i)).isoformat()) for i in range(MAX_DATES)]}, {}),
	(
		"flexible period instead of dates",
		{"dates": [], "flexible": 1, "period_from": "2025-09-01", "period_to": "2025-12-31"},
		{"flexible": True, "period_from": date(2025, 9, 1), "period_to": date(2025, 12, 31), "dates": ()},
	),
	(
		"a period without dates counts as flexible",
		{"dates": DROP, "period_from": "2025-09-01", "period_to": "2025-09-01"},
		{"flexible": True, "period_from": date(2025, 9, 1)},
	),
	(
		"Dutch postcode with country NL",
		{"postcode": "1234ab", "country": "nl"},
		{"postcode": "1234 AB", "country": "NL"},
	),
	("description at its limit", {"description": "x" * 5000}, {}),
	("organisation name at its limit", {"organisation_name": "o" * 140}, {}),
	(
		"unknown and system keys are ignored",
		{
			"name": "LEF-REQ-0001",
			"owner": "Administrator",
			"docstatus": 1,
			"status": "Accepted",
			"is_admin": True,
		},
		{},
	),
	(
		"optional fields may be missing",
		{"audience": DROP, "themes": None, "fee_expectation": DROP},
		{"themes": ""},
	),
	(
		"assignment type accepted from the list",
		{"assignment_type": "Co-teaching"},
		{"assignment_type": "Co-teaching"},
	),
]


@pytest.mark.parametrize(
	("changes", "expected"), [(c, e) for _n, c, e in GOOD], ids=[n for n, _c, _e in GOOD]
)
def test_good_requests_pass_with_clean_values(changes, expected):
	clean = check_request(form(**changes), TODAY)
	assert isinstance(clean, CleanRequest)
	for key, value in expected.items():
		assert getattr(clean, key) == value


BAD = [
	("organisation name missing", {"organisation_name": DROP}, ["organisation_name"]),
	("organisation name only spaces", {"organisation_name": "   \t "}, ["organisation_name"]),
	(
		"organisation name only markup",
		{"organisation_name": "<b></b><script>x</script>"},
		["organisation_name"],
	),
	("organisation name one too long", {"organisation_name": "o" * 141}, ["organisation_name"]),
	("contact person missing", {"contact_person": ""}, ["contact_person"]),
	("e-mail missing", {"email": DROP}, ["email"]),
	("e-mail without domain", {"email": "an.peeters@"}, ["email"]),
	("e-mail with a space", {"email": "an peeters@hetanker.be"}, ["email"]),
	("two e-mail addresses", {"email": "a@hetanker.be, b@hetanker.be"}, ["email"]),
	("phone with letters", {"phone": "call me maybe"}, ["phone"]),
	("phone too short", {"phone": "1234"}, ["phone"]),
	(
		"enterprise number with a wrong check digit",
		{"enterprise_number": "0403.170.702"},
		["enterprise_number"],
	),
	("enterprise number from outside the EU", {"enterprise_number": "US123456789"}, ["enterprise_number"]),
	("enterprise number with odd characters", {"enterprise_number": "0403;170;701"}, ["enterprise_number"]),
	("assignment type missing", {"assignment_type": None}, ["assignment_type"]),
	("title missing", {"title": ""}, ["title"]),
	("title one too long", {"title": "t" * 141}, ["title"]),
	("description missing", {"description": DROP}, ["description"]),
	("description one too long", {"description": "d" * 5001}, ["description"]),
	("audience too long", {"audience": "a" * 501}, ["audience"]),
	("location type missing", {"location_type": DROP}, ["location_type"]),
	("location type unknown", {"location_type": "On Mars"}, ["location_type"]),
	("on site without an address", {"address": ""}, ["address"]),
	("on site without a postcode", {"postcode": DROP}, ["postcode"]),
	("Belgian postcode of two digits", {"postcode": "35"}, ["postcode"]),
	("country not a two-letter code", {"country": "Belgium"}, ["country"]),
	("no dates and no period", {"dates": []}, ["dates"]),
	("a date in the past", {"dates": [row("2025-03-09")]}, ["dates"]),
	("a date more than two years ahead", {"dates": [row("2027-03-11")]}, ["dates"]),
	("end before start", {"dates": [row("2025-04-15", "16:00", "13:30")]}, ["dates"]),
	("end equal to start", {"dates": [row("2025-04-15", "13:30", "13:30")]}, ["dates"]),
	("a day that does not exist", {"dates": [row("2025-02-30")]}, ["dates"]),
	("a date in the wrong notation", {"dates": [row("15/04/2025")]}, ["dates"]),
	("a time that does not exist", {"dates": [row("2025-04-15", "24:00", "25:00")]}, ["dates"]),
	("a date row without times", {"dates": [{"date": "2025-04-15"}]}, ["dates"]),
	("too many dates", {"dates": [row("2025-04-15")] * (MAX_DATES + 1)}, ["dates"]),
	(
		"overlapping dates",
		{"dates": [row("2025-04-15", "09:00", "12:00"), row("2025-04-15", "11:00", "13:00")]},
		["dates"],
	),
	(
		"a date inside a long one",
		{
			"dates": [
				row("2025-04-15", "09:00", "17:00"),
				row("2025-04-15", "10:00", "11:00"),
				row("2025-04-15", "12:00", "13:00"),
			]
		},
		["dates"],
	),
	("flexible without a period", {"dates": [], "flexible": True}, ["period_from", "period_to"]),
	(
		"period ending before it starts",
		{"dates": [], "period_from": "2025-06-01", "period_to": "2025-05-01"},
		["period_to"],
	),
	(
		"period starting in the past",
		{"dates": [], "period_from": "2025-03-01", "period_to": "2025-05-01"},
		["period_from"],
	),
	(
		"period ending after two years",
		{"dates": [], "period_from": "2025-06-01", "period_to": "2027-03-11"},
		["period_to"],
	),
	("period with only a start", {"dates": [], "period_from": "2025-06-01"}, ["period_to"]),
	(
		"a faulty date is not replaced by a stray period",
		{"dates": [row("2025-03-01")], "period_from": "2025-06-01", "period_to": "2025-07-01"},
		["dates"],
	),
	(
		"country not a code, with a Dutch postcode",
		{"country": "Nederland", "postcode": "1234 AB"},
		["country"],
	),
	("no experts", {"number_of_experts": 0}, ["number_of_experts"]),
	("eleven experts", {"number_of_experts": 11}, ["number_of_experts"]),
	("negative experts", {"number_of_experts": "-1"}, ["number_of_experts"]),
	("a fraction of an expert", {"number_of_experts": "2.5"}, ["number_of_experts"]),
	("experts as a float", {"number_of_experts": 2.0}, ["number_of_experts"]),
	("experts as a boolean", {"number_of_experts": True}, ["number_of_experts"]),
	("experts missing", {"number_of_experts": DROP}, ["number_of_experts"]),
	("experts as a word", {"number_of_experts": "two"}, ["number_of_experts"]),
	("experts as a number of 5000 digits", {"number_of_experts": "9" * 5000}, ["number_of_experts"]),
	("experts in full-width digits", {"number_of_experts": "２"}, ["number_of_experts"]),
	("consent missing", {"consent": DROP}, ["consent"]),
	("consent refused", {"consent": 0}, ["consent"]),
	("consent as the word no", {"consent": "no"}, ["consent"]),
	("consent as a list", {"consent": [1]}, ["consent"]),
]


@pytest.mark.parametrize(("changes", "fields"), [(c, f) for _n, c, f in BAD], ids=[n for n, _c, _f in BAD])
def test_bad_requests_name_exactly_the_fields_at_fault(changes, fields):
	errors = refused(form(**changes))
	assert errors.fields == fields
	for err in errors.errors:
		assert isinstance(err, DomainError)
		assert err.render()  # every message renders with its own values


def test_an_empty_form_lists_every_required_field_at_once():
	errors = refused({})
	assert errors.fields == [
		"organisation_name",
		"contact_person",
		"email",
		"assignment_type",
		"title",
		"description",
		"location_type",
		"dates",
		"number_of_experts",
		"consent",
	]


def test_errors_grouped_per_field_for_the_form():
	errors = refused(form(title="", dates=[row("2025-03-01"), row("2025-04-15", "12:00", "10:00")]))
	grouped = errors.by_field()
	assert len(grouped["title"]) == 1
	assert [e.params["row"] for e in grouped["dates"]] == [1, 2]
	assert "Date 2: the end time 10:00 must be after the start time 12:00." in [
		e.render() for e in grouped["dates"]
	]


def test_the_kinds_of_assignment_can_be_limited_to_the_list():
	data = form(assignment_type="Something we do not offer")
	with pytest.raises(RequestErrors) as info:
		check_request(data, TODAY, assignment_types={"Testimony", "Co-teaching"})
	assert info.value.fields == ["assignment_type"]
	assert check_request(form(), TODAY, assignment_types={"Testimony"}).assignment_type == "Testimony"


def test_the_two_year_limit_on_29_february():
	leap = date(2028, 2, 29)
	assert check_request(form(dates=[row("2030-02-28")]), leap).dates[0].day == date(2030, 2, 28)
	assert refused(form(dates=[row("2030-03-01")]), leap).fields == ["dates"]


def test_too_long_message_tells_the_limit_and_the_length():
	err = refused(form(title="t" * 150)).errors[0]
	assert err.params == {"max": 140, "length": 150}


# --- HTML and script ---------------------------------------------------------------------

XSS_PAYLOADS = [
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"<img src=x onerror=alert(1)",
	"<svg/onload=alert(1)>",
	'"><script>alert(document.cookie)</script>',
	"<scr<script>ipt>alert(1)</script>",
	"<<script>script>alert(1)<</script>/script>",
	"&lt;script&gt;alert(1)&lt;/script&gt;",
	"&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
	"&#60;script&#62;alert(1)&#60;/script&#62;",
	'<a href="javascript:alert(1)">click</a>',
	"<iframe src=//evil.example></iframe>",
	"<style>body{display:none}</style>",
	"<!--<script>alert(1)//-->",
	"<sc\u200bript>alert(1)</script>",
	"<b onmouseover=alert(1)>x</b>",
	"<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markup_is_never_stored(payload):
	clean = check_request(form(title="Vorming " + payload, description="Intro " + payload), TODAY)
	for value in (clean.title, clean.description):
		assert not re.search(r"<[A-Za-z/!?]", value)
		assert "<script" not in value.lower()


def test_html_becomes_readable_plain_text():
	clean = check_request(
		form(
			organisation_name="<b>Zorg &amp; Welzijn</b>",
			description="<p>Eerste alinea.</p><script>steal()</script><p>Tweede<br>regel.</p>",
			title="Sessie voor &lt; 20 mensen <3",
		),
		TODAY,
	)
	assert clean.organisation_name == "Zorg & Welzijn"
	assert clean.description == "Eerste alinea.\n\nTweede\nregel."
	assert clean.title == "Sessie voor < 20 mensen <3"


def test_script_and_style_content_is_dropped_not_kept_as_text():
	clean = check_request(
		form(description="Hallo<script>var secret = 1;</script><style>p{}</style> daar"), TODAY
	)
	assert clean.description == "Hallo daar"


def test_the_length_limit_counts_the_clean_text():
	# 5000 letters wrapped in markup fit: the markup is not stored.
	clean = check_request(form(description="<p>" + "x" * 5000 + "</p>"), TODAY)
	assert len(clean.description) == 5000


# --- unicode -------------------------------------------------------------------------------

INVISIBLE = [
	"\u202e",
	"\u202d",
	"\u2066",
	"\u2069",
	"\u200e",
	"\u200f",
	"\u200b",
	"\u2060",
	"\ufeff",
	"\u00ad",
]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_and_direction_characters_are_removed(char):
	clean = check_request(form(organisation_name=f"Het{char} Anker{char}", contact_person=f"An{char}"), TODAY)
	assert clean.organisation_name == "Het Anker"
	assert clean.contact_person == "An"


def test_right_to_left_override_cannot_disguise_a_name():
	clean = check_request(form(title="invoice\u202efdp.exe"), TODAY)
	assert clean.title == "invoicefdp.exe"


def test_control_characters_and_lone_surrogates_are_removed():
	clean = check_request(
		form(title="Her\x00st\x07el\ud800 verhaal\x1b[31m", contact_person="An\tPeeters"), TODAY
	)
	assert clean.title == "Herstel verhaal[31m"
	assert clean.contact_person == "An Peeters"
	clean.title.encode("utf-8")  # storable as UTF-8


def test_combining_characters_are_composed_and_limited():
	clean = check_request(form(contact_person="Rene\u0301 Dupont", title="Z" + "\u0336" * 50 + "org"), TODAY)
	assert clean.contact_person == "René Dupont"
	assert unicodedata.is_normalized("NFC", clean.contact_person)
	assert clean.title == "Z" + "\u0336" * 4 + "org"


def test_emoji_are_kept_whole():
	text = "Herstel 🌱 met 👩\u200d⚕️ en 👨\u200d👩\u200d👧 🇧🇪"
	clean = check_request(form(title=text), TODAY)
	assert clean.title == text


def test_a_zero_width_joiner_between_letters_is_removed():
	assert check_request(form(contact_person="A\u200dn"), TODAY).contact_person == "An"


def test_whitespace_is_normalised():
	clean = check_request(
		form(
			organisation_name="  Het\u00a0\u00a0Anker \u2028 vzw ",
			description="Regel een   \r\n\r\n\r\n\r\n   regel\u2029twee  ",
		),
		TODAY,
	)
	assert clean.organisation_name == "Het Anker vzw"
	assert clean.description == "Regel een\n\nregel\ntwee"


# --- SQL-like strings, huge payloads, far dates, wrong types -------------------------------


@pytest.mark.parametrize(
	"text",
	[
		"Robert'); DROP TABLE `tabExpert Request`;--",
		"1' OR '1'='1",
		'" OR ""="',
		"%' UNION SELECT password FROM __Auth --",
		"{{ frappe.db.sql('select 1') }}",
		"${7*7} {0} {name} %s",
	],
)
def test_sql_and_template_like_text_is_stored_as_plain_text(text):
	clean = check_request(form(title=text, description=text), TODAY)
	assert clean.title == text
	assert clean.description == text


def test_a_huge_text_is_refused_before_it_is_parsed(monkeypatch):
	"""The length is checked on the raw text: the HTML parser never sees it (the time it would
	take is measured in benchmarks/, not here)."""
	fed = []
	original = requests_module._TextExtractor.feed
	monkeypatch.setattr(
		requests_module._TextExtractor,
		"feed",
		lambda self, text: (fed.append(len(text)), original(self, text))[1],
	)
	errors = refused(form(description="<b>" * 250_000))
	assert errors.fields == ["description"]
	assert errors.errors[0].params["length"] == 750_000
	assert 750_000 not in fed
	# The parser is there and does run for a text of a sane length (so the check above can fail).
	check_request(form(description="<b>Twenty</b> nurses"), TODAY)
	assert len("<b>Twenty</b> nurses") in fed


def test_a_huge_list_of_dates_is_refused_by_its_size():
	errors = refused(form(dates=[row("2025-04-15")] * 100_000))
	assert errors.fields == ["dates"]
	assert len(errors.errors) == 1


def test_thousands_of_unknown_fields_are_ignored():
	data = form(**{f"extra_{i}": "x" * 100 for i in range(5000)})
	assert check_request(data, TODAY).title == "Herstelverhaal voor ons team"


def test_huge_identifiers_are_refused_with_a_short_echo():
	errors = refused(
		form(email="a" * 100_000 + "@x.be", enterprise_number="1" * 100_000, phone="1" * 100_000)
	)
	assert errors.fields == ["enterprise_number", "email", "phone"]
	for err in errors.errors:
		assert len(err.render()) < 400


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "0000-01-01", "10000-01-01", "2025-13-01"])
def test_far_and_impossible_dates_are_refused(day):
	assert refused(form(dates=[row(day)])).fields == ["dates"]


@pytest.mark.parametrize(
	("changes", "field"),
	[
		({"organisation_name": ["Het", "Anker"]}, "organisation_name"),
		({"title": {"nl": "Titel"}}, "title"),
		({"description": b"bytes"}, "description"),
		({"email": ["a@b.be"]}, "email"),
		({"phone": {"x": 1}}, "phone"),
		({"enterprise_number": ["0403170701"]}, "enterprise_number"),
		({"location_type": 1}, "location_type"),
		({"dates": "2025-04-15"}, "dates"),
		({"dates": {"date": "2025-04-15"}}, "dates"),
		({"dates": ["2025-04-15"]}, "dates"),
		({"dates": [row("2025-04-15", 10, 12)]}, "dates"),
		({"number_of_experts": [2]}, "number_of_experts"),
		({"number_of_experts": None}, "number_of_experts"),
		({"title": True}, "title"),
		({"postcode": ["3500"]}, "postcode"),
		({"country": 32}, "country"),
	],
)
def test_wrong_types_give_a_clear_field_error(changes, field):
	errors = refused(form(**changes))
	assert errors.fields == [field]


def test_numbers_where_text_is_expected_are_taken_as_text():
	clean = check_request(form(title=2025, postcode=3500, fee_expectation=150.5), TODAY)
	assert (clean.title, clean.postcode, clean.fee_expectation) == ("2025", "3500", "150.5")


@pytest.mark.parametrize("data", [None, [], "organisation_name=x", 42, [("title", "x")]])
def test_a_submission_that_is_not_a_form_is_refused(data):
	errors = refused(data)
	assert len(errors.errors) == 1


# --- honeypot ----------------------------------------------------------------------------


@pytest.mark.parametrize("bait", ["http://spam.example", "x", 1, ["x"]])
def test_a_filled_honeypot_is_spam_whatever_the_rest(bait):
	for data in (form(website=bait), {"website": bait}):
		with pytest.raises(SpamSuspected) as info:
			check_request(data, TODAY)
		message = info.value.render().lower()
		assert "website" not in message and "honeypot" not in message and "spam" not in message
		assert info.value.field is None


def test_spam_is_not_a_form_error_so_the_caller_can_tell_them_apart():
	assert not issubclass(SpamSuspected, RequestErrors)
	assert not issubclass(RequestErrors, SpamSuspected)


@pytest.mark.parametrize("empty", ["", "   ", None, False, 0])
def test_an_empty_honeypot_is_fine(empty):
	assert isinstance(check_request(form(website=empty), TODAY), CleanRequest)


# --- properties ----------------------------------------------------------------------------

_FIELDS = [
	"organisation_name",
	"enterprise_number",
	"contact_person",
	"email",
	"phone",
	"assignment_type",
	"title",
	"description",
	"audience",
	"themes",
	"language",
	"location_type",
	"address",
	"postcode",
	"city",
	"country",
	"dates",
	"flexible",
	"period_from",
	"period_to",
	"number_of_experts",
	"fee_expectation",
	"heard_from",
	"consent",
	"website",
]
_scalars = st.one_of(
	st.text(),
	st.none(),
	st.booleans(),
	st.integers(),
	st.floats(),
	st.dates().map(str),
	st.times().map(str),
	st.dates(),
	st.datetimes(),
	st.times(),
	st.binary(max_size=10),
)
_values = st.one_of(
	_scalars,
	st.lists(_scalars, max_size=3),
	st.lists(st.dictionaries(st.sampled_from(["date", "start_time", "end_time", "x"]), _scalars), max_size=4),
	st.dictionaries(st.text(max_size=5), _scalars, max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(
	st.dictionaries(st.one_of(st.sampled_from(_FIELDS), st.text(max_size=10)), _values, max_size=20),
	st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)
def test_any_submission_is_either_a_clean_request_or_a_clear_refusal(data, today):
	try:
		result = check_request(data, today)
	except RequestErrors as errors:
		assert errors.errors
		for err in errors.errors:
			assert isinstance(err, DomainError)
			err.render()
	except SpamSuspected:
		bait = data.get("website")
		assert bait.strip() if isinstance(bait, str) else bait
	else:
		assert isinstance(result, CleanRequest)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_FIELDS), st.text(), max_size=25))
def test_any_text_only_submission_never_crashes(data):
	try:
		check_request(data, TODAY)
	except (RequestErrors, SpamSuspected):
		pass


@settings(max_examples=500, deadline=None)
@given(st.text(), st.booleans())
def test_clean_text_leaves_nothing_invisible_or_tag_like(text, multiline):
	clean = clean_text(text, multiline)
	assert not re.search(r"<[A-Za-z/!?]", clean)
	assert clean == clean.strip()
	for ch in clean:
		category = unicodedata.category(ch)
		assert category not in ("Cc", "Cs", "Co") or ch == "\n"
		assert category != "Cf" or ch == "\u200d"
	if not multiline:
		assert "\n" not in clean
	clean.encode("utf-8")


def test_a_clean_request_is_plain_values():
	clean = check_request(form(), TODAY)
	assert isinstance(clean.dates[0].day, date) and not isinstance(clean.dates[0].day, datetime)
	assert clean.consent is True


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_FIELDS), _values)
def test_one_odd_field_in_a_good_form_is_accepted_cleanly_or_refused_on_that_field(key, value):
	try:
		clean = check_request(form(**{key: value}), TODAY)
	except RequestErrors as errors:
		# Only the changed field, or a field that depends on it, can be at fault.
		depends = {"country": {"postcode"}, "flexible": {"period_from", "period_to"}}
		assert set(errors.fields) <= {key} | depends.get(key, set())
	except SpamSuspected:
		assert key == "website"
	else:
		assert isinstance(clean, CleanRequest)


def test_a_date_row_left_untouched_is_dropped_not_refused():
	# A table adds a row when Tab leaves its last cell, with the current time as start and end:
	# nothing a person typed, so nothing to refuse.
	untouched = [
		{"date": "", "start_time": "17:21:00", "end_time": "17:21:00"},
		{"date": "", "start_time": "17:53:08", "end_time": "17:53:09"},
		{},
		{"date": None},
	]
	clean = check_request(form(dates=[row("2025-04-15"), *untouched]), TODAY)
	assert [d.day for d in clean.dates] == [date(2025, 4, 15)]
	# A row with something typed in it is still checked.
	assert refused(
		form(dates=[row("2025-04-15"), {"date": "", "start_time": "10:00", "end_time": "12:00"}])
	).fields == ["dates"]
