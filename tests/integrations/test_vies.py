"""Reading the EU VIES service's answers: valid, invalid, or unreachable, never an exception."""

from __future__ import annotations

import pytest

from lef_members.integrations import vies


@pytest.mark.parametrize(
	("number", "expected"),
	[
		("0403.170.701", ("BE", "0403170701")),
		("BE 0403 170 701", ("BE", "0403170701")),
		("NL004495445B01", ("NL", "004495445B01")),
		("GR094259216", ("EL", "094259216")),
	],
)
def test_split_vat(number, expected):
	assert vies.split_vat(number) == expected


ANSWERS = [
	(
		"valid with name",
		200,
		{"isValid": True, "userError": "VALID", "name": "VZW X", "address": "Straat 1"},
		vies.VALID,
	),
	("older field name", 200, {"valid": True, "name": "---", "address": "---"}, vies.VALID),
	("not registered", 200, {"isValid": False, "userError": "INVALID"}, vies.INVALID),
	("member state down", 200, {"isValid": False, "userError": "MS_UNAVAILABLE"}, vies.UNREACHABLE),
	("too many requests", 200, {"isValid": False, "userError": "MS_MAX_CONCURRENT_REQ"}, vies.UNREACHABLE),
	("server error", 500, {"error": "x"}, vies.UNREACHABLE),
	("not json", 200, None, vies.UNREACHABLE),
	("odd answer", 200, {"userError": "SOMETHING_NEW"}, vies.UNREACHABLE),
]


@pytest.mark.parametrize(
	("status_code", "payload", "expected"), [a[1:] for a in ANSWERS], ids=[a[0] for a in ANSWERS]
)
def test_interpret(status_code, payload, expected):
	result = vies.interpret(status_code, payload)
	assert result.status == expected
	assert result.message


def test_undisclosed_name_and_address_are_left_empty():
	result = vies.interpret(200, {"isValid": True, "name": "---", "address": " --- "})
	assert (result.name, result.address) == ("", "")
	named = vies.interpret(
		200, {"isValid": True, "name": "  VZW  HET ANKER ", "address": "Kerkstraat 1\n3500 Hasselt"}
	)
	assert (named.name, named.address) == ("VZW HET ANKER", "Kerkstraat 1 3500 Hasselt")
