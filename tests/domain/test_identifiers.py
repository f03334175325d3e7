"""IBAN, postcode, e-mail and phone checks: what a member or an organisation types."""

import pytest

from lef_members.domain.errors import InvalidValueError
from lef_members.domain.identifiers import (
	format_iban,
	is_valid_iban,
	normalize_email,
	normalize_iban,
	normalize_phone,
	normalize_postcode,
	postcode_number,
)


@pytest.mark.parametrize(
	"typed,stored",
	[
		("BE71 0961 2345 6769", "BE71096123456769"),
		("be71096123456769", "BE71096123456769"),
		(" NL91 ABNA 0417 1643 00 ", "NL91ABNA0417164300"),
		("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
	],
)
def test_valid_ibans_are_stored_compact(typed, stored):
	assert normalize_iban(typed) == stored
	assert is_valid_iban(typed)


@pytest.mark.parametrize(
	"typed,words",
	[
		("BE71 0961 2345 6768", "check digits"),  # one digit off
		("BE71 0961 2345 676", "has 15 characters; an IBAN from Belgium has 16"),
		("XX68 5390 0754 7034", "country code"),
		("BE68 5390 0754 7034", "bank code or account number"),  # check digits fine, no such bank
		("BE71-0961-2345-<67>", "country code"),
		("", "Enter an IBAN"),
	],
)
def test_invalid_ibans_say_what_is_wrong(typed, words):
	with pytest.raises(InvalidValueError) as caught:
		normalize_iban(typed)
	assert words in str(caught.value)
	assert caught.value.field == "iban"
	assert not is_valid_iban(typed)


def test_iban_is_shown_in_groups_of_four():
	assert format_iban("BE71096123456769") == "BE71 0961 2345 6769"
	assert format_iban("") == ""


@pytest.mark.parametrize(
	"country,typed,stored",
	[
		("BE", "3500", "3500"),
		("BE", " 1000 ", "1000"),
		("BE", "B-3500", "3500"),
		("NL", "1234ab", "1234 AB"),
		("NL", "6211  LK", "6211 LK"),
		("DE", "52062", "52062"),
		(None, "l-1234", "L-1234"),
	],
)
def test_postcodes_are_stored_in_the_country_form(country, typed, stored):
	assert normalize_postcode(typed, country) == stored


@pytest.mark.parametrize(
	"country,typed",
	[
		("BE", "999"),
		("BE", "0999"),
		("BE", "35000"),
		("BE", "35a0"),
		("NL", "0123 AB"),
		("NL", "1234 SS"),  # never issued
		("NL", "1234"),
		("FR", "<script>"),
		("FR", "12345678901"),
		("BE", ""),
	],
)
def test_wrong_postcodes_are_refused(country, typed):
	with pytest.raises(InvalidValueError) as caught:
		normalize_postcode(typed, country)
	assert caught.value.field == "postcode"


def test_postcode_number_for_ranges():
	assert postcode_number("3500") == 3500
	assert postcode_number("1234 AB") == 1234
	assert postcode_number("L-1234") is None


@pytest.mark.parametrize(
	"typed,stored",
	[
		("An.Peeters@Example.ORG", "an.peeters@example.org"),
		("  info@lef-limburg.be ", "info@lef-limburg.be"),
		("a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"),
	],
)
def test_emails_are_trimmed_and_lowercased(typed, stored):
	assert normalize_email(typed) == stored


@pytest.mark.parametrize(
	"typed",
	[
		"",
		"no-at-sign",
		"two@@example.org",
		"space in@example.org",
		"x@localhost",
		"x@-bad.org",
		"x@" + "a" * 140 + ".org",
		"<a@b.be>",
	],
)
def test_wrong_emails_are_refused(typed):
	with pytest.raises(InvalidValueError) as caught:
		normalize_email(typed)
	assert caught.value.field == "email"


@pytest.mark.parametrize(
	"typed", ["+32 11 22 33 44", "011/22.33.44", "0470 12 34 56", "(011) 223344", "+31 6 1234 5678"]
)
def test_dialable_phone_numbers_are_accepted(typed):
	assert normalize_phone(typed)


@pytest.mark.parametrize(
	"typed", ["", "1234", "+32 11 22 33 44 55 66 77 88", "call me", "011 22 33 44 ext 5", "++3211223344"]
)
def test_undialable_phone_numbers_are_refused(typed):
	with pytest.raises(InvalidValueError):
		normalize_phone(typed)
