"""Finding the organisation we already know before creating a new one: never a duplicate."""

from __future__ import annotations

import pytest

from lef_members.domain.errors import InvalidValueError
from lef_members.domain.organisations import (
	PUBLIC_MAIL_DOMAINS,
	RULE_EMAIL_DOMAIN,
	RULE_ENTERPRISE_NUMBER,
	RULE_NAME,
	OrgFacts,
	email_domain,
	enterprise_number_key,
	find_existing_organisation,
	normalize_enterprise_number,
	normalize_name,
)

EXISTING = [
	OrgFacts(
		key="ORG-1", name="Vzw Het Anker", enterprise_number="BE0403170701", email_domains=("hetanker.be",)
	),
	OrgFacts(key="ORG-2", name="UZ Leuven", email_domains=("info@uzleuven.be", "https://www.uzleuven.be/nl")),
	OrgFacts(key="ORG-3", name="Zorg & Welzijn B.V.", email_domains=("gmail.com",)),
	OrgFacts(key="ORG-4", name="CAW Limburg", enterprise_number="0456.789.012"),  # stored unchecked
	OrgFacts(key="ORG-5", name="Stad Gent", enterprise_number="NL004495445B01"),
	OrgFacts(key="ORG-6", name="Psychiatrisch Ziekenhuis Sint-Jan", email_domains=("telenet.be",)),
]


MATCHES = [
	(
		"same Belgian enterprise number, other notation",
		OrgFacts(name="Anything", enterprise_number="0403.170.701"),
		"ORG-1",
		RULE_ENTERPRISE_NUMBER,
	),
	(
		"same number written with BE and spaces",
		OrgFacts(name="x", enterprise_number="be 0403 170 701"),
		"ORG-1",
		RULE_ENTERPRISE_NUMBER,
	),
	(
		"same number stored before it was checked",
		OrgFacts(name="x", enterprise_number="BE 0456789012"),
		"ORG-4",
		RULE_ENTERPRISE_NUMBER,
	),
	(
		"same foreign VAT number",
		OrgFacts(name="x", enterprise_number="nl 004495445 b01"),
		"ORG-5",
		RULE_ENTERPRISE_NUMBER,
	),
	(
		"number beats a name that matches another",
		OrgFacts(name="UZ Leuven", enterprise_number="0403170701"),
		"ORG-1",
		RULE_ENTERPRISE_NUMBER,
	),
	(
		"same e-mail domain",
		OrgFacts(name="Universitair Ziekenhuis", email_domains=("an@uzleuven.be",)),
		"ORG-2",
		RULE_EMAIL_DOMAIN,
	),
	("domain in capitals", OrgFacts(name="x", email_domains=("AN@UZLEUVEN.BE",)), "ORG-2", RULE_EMAIL_DOMAIN),
	(
		"domain beats a name that matches another",
		OrgFacts(name="CAW Limburg", email_domains=("x@hetanker.be",)),
		"ORG-1",
		RULE_EMAIL_DOMAIN,
	),
	("same name with another legal form notation", OrgFacts(name="Het Anker v.z.w."), "ORG-1", RULE_NAME),
	("same name in capitals without legal form", OrgFacts(name="HET ANKER"), "ORG-1", RULE_NAME),
	("ampersand and en are the same", OrgFacts(name="Zorg en Welzijn bv"), "ORG-3", RULE_NAME),
	(
		"accents and punctuation ignored",
		OrgFacts(name="Psychiatrisch Ziekenhuis Sint Jan"),
		"ORG-6",
		RULE_NAME,
	),
	("accents ignored", OrgFacts(name="Cáw Limbürg"), "ORG-4", RULE_NAME),
	(
		"name with a public mail address still matches by name",
		OrgFacts(name="uz leuven", email_domains=("uz@gmail.com",)),
		"ORG-2",
		RULE_NAME,
	),
]


@pytest.mark.parametrize(
	("candidate", "key", "rule"), [(c, k, r) for _n, c, k, r in MATCHES], ids=[n for n, *_ in MATCHES]
)
def test_an_existing_organisation_is_found(candidate, key, rule):
	match = find_existing_organisation(candidate, EXISTING)
	assert match is not None
	assert (match.key, match.rule) == (key, rule)
	assert match.render()


NO_MATCHES = [
	("a new organisation", OrgFacts(name="Huis van het Kind", email_domains=("info@huisvanhetkind.be",))),
	("sharing gmail.com says nothing", OrgFacts(name="Other Org", email_domains=("someone@gmail.com",))),
	("sharing telenet.be says nothing", OrgFacts(name="Other Org", email_domains=("a@telenet.be",))),
	("a name that is only a legal form", OrgFacts(name="vzw")),
	("an empty candidate", OrgFacts(name="")),
	(
		"a different enterprise number rules out the same name",
		OrgFacts(name="Het Anker", enterprise_number="0202.239.951"),
	),
	(
		"a different enterprise number rules out the same domain",
		OrgFacts(name="x", enterprise_number="0202.239.951", email_domains=("a@hetanker.be",)),
	),
	("a name that only contains the other", OrgFacts(name="Het Anker Limburg")),
	("a subdomain is another domain", OrgFacts(name="x", email_domains=("a@student.uzleuven.be",))),
]


@pytest.mark.parametrize("candidate", [c for _n, c in NO_MATCHES], ids=[n for n, _c in NO_MATCHES])
def test_no_match_means_a_new_organisation(candidate):
	assert find_existing_organisation(candidate, EXISTING) is None


def test_nothing_existing_matches_nothing():
	assert find_existing_organisation(OrgFacts(name="Het Anker"), []) is None


def test_a_candidate_number_is_fine_when_the_existing_one_has_none():
	match = find_existing_organisation(OrgFacts(name="UZ Leuven", enterprise_number="0202.239.951"), EXISTING)
	assert (match.key, match.rule) == ("ORG-2", RULE_NAME)


def test_the_reason_says_which_rule_matched_and_on_what():
	match = find_existing_organisation(OrgFacts(name="x", email_domains=("a@uzleuven.be",)), EXISTING)
	assert match.render() == "Same e-mail domain uzleuven.be."
	match = find_existing_organisation(OrgFacts(name="x", enterprise_number="0403170701"), EXISTING)
	assert match.render() == "Same enterprise or VAT number BE0403170701."
	match = find_existing_organisation(OrgFacts(name="het anker"), EXISTING)
	assert match.render() == "Same name as Vzw Het Anker."
	dutch = {"Same name as {name}.": "Zelfde naam als {name}."}
	assert match.render(dutch.get) == "Zelfde naam als Vzw Het Anker."


def test_duplicates_already_there_are_shown_and_the_same_name_preferred():
	existing = [
		OrgFacts(key="A", name="AZ Groeninge campus Kennedylaan", email_domains=("azgroeninge.be",)),
		OrgFacts(key="B", name="AZ Groeninge", email_domains=("azgroeninge.be",)),
		OrgFacts(key="C", name="AZ Groeninge vzw", email_domains=("azgroeninge.be",)),
	]
	match = find_existing_organisation(
		OrgFacts(name="AZ Groeninge", email_domains=("x@azgroeninge.be",)), existing
	)
	assert match.key == "B"
	assert match.rule == RULE_EMAIL_DOMAIN
	assert match.others == ("A", "C")


@pytest.mark.parametrize(
	("name", "normal"),
	[
		("Vzw De Okkernoot", "deokkernoot"),
		("De Okkernoot v.z.w.", "deokkernoot"),
		("DE OKKERNOOT VZW.", "deokkernoot"),
		("De Okkernoot, vereniging zonder winstoogmerk", "deokkernoot"),
		("Similes asbl", "similes"),
		("Zorg & Welzijn B.V.", "zorgwelzijn"),
		("Zorg en Welzijn NV", "zorgwelzijn"),
		("Zorg+Welzijn cvba", "zorgwelzijn"),
		("Sint-Jan's Zorg", "sintjanszorg"),
		("Coöperatieve vennootschap Ons Huis", "onshuis"),
		("Zorg\u200bnet", "zorgnet"),
		("B.V.", ""),
		("", ""),
	],
)
def test_names_are_compared_without_case_accents_punctuation_and_legal_forms(name, normal):
	assert normalize_name(name) == normal


@pytest.mark.parametrize(
	("value", "domain"),
	[
		("an@UZLeuven.be", "uzleuven.be"),
		("uzleuven.be", "uzleuven.be"),
		("https://www.uzleuven.be/nl/contact", "uzleuven.be"),
		("www.uzleuven.be.", "uzleuven.be"),
		("", ""),
		(None, ""),
	],
)
def test_email_domain(value, domain):
	assert email_domain(value) == domain


def test_the_public_providers_list_holds_the_usual_ones():
	for domain in (
		"gmail.com",
		"hotmail.com",
		"outlook.com",
		"telenet.be",
		"skynet.be",
		"proximus.be",
		"yahoo.com",
		"icloud.com",
		"live.be",
	):
		assert domain in PUBLIC_MAIL_DOMAINS


@pytest.mark.parametrize(
	("value", "normal"),
	[
		("0403.170.701", "BE0403170701"),
		("BE0403170701", "BE0403170701"),
		("BE 0403 170 701", "BE0403170701"),
		("403.170.701", "BE0403170701"),
		("NL004495445B01", "NL004495445B01"),
		("de 136695976", "DE136695976"),
		("GR094259216", "EL094259216"),
	],
)
def test_enterprise_numbers_are_normalised(value, normal):
	assert normalize_enterprise_number(value) == normal


@pytest.mark.parametrize(
	"value",
	["", "0403.170.702", "BE123", "US123456789", "0403<script>", "1" * 100, "NL004495446B01", "XX0403170701"],
)
def test_bad_enterprise_numbers_are_refused(value):
	with pytest.raises(InvalidValueError) as info:
		normalize_enterprise_number(value)
	assert info.value.field == "enterprise_number"
	assert len(info.value.render()) < 300


def test_a_wrong_check_digit_is_named_as_such():
	with pytest.raises(InvalidValueError) as info:
		normalize_enterprise_number("0403.170.702")
	assert "check digits" in info.value.render()


def test_enterprise_number_key_never_raises():
	assert enterprise_number_key("0403.170.701") == "BE0403170701"
	assert enterprise_number_key("be-0456.789.012") == "BE0456789012"
	assert enterprise_number_key(None) == ""
	assert enterprise_number_key("") == ""


# --- a name for a new organisation ----------------------------------------------------------


def test_free_name_keeps_the_name_when_it_is_free():
	from lef_members.domain.organisations import free_name

	assert free_name("  De  Brug ", lambda name: False) == "De Brug"


def test_free_name_adds_the_enterprise_number_when_the_name_is_taken():
	from lef_members.domain.organisations import free_name

	taken = {"de brug"}
	name = free_name("De Brug", lambda n: n.lower() in taken, "0403.170.701")
	assert name == "De Brug (BE0403170701)"


def test_free_name_counts_on_when_number_and_name_are_taken():
	from lef_members.domain.organisations import free_name

	taken = {"de brug", "de brug (2)"}
	assert free_name("De Brug", lambda n: n.lower() in taken) == "De Brug (3)"


def test_free_name_stays_within_the_field_length():
	from lef_members.domain.organisations import ORGANISATION_NAME_MAX_LENGTH, free_name

	long_name = "Zorg " * 40
	name = free_name(
		long_name, lambda n: n == long_name.strip()[:ORGANISATION_NAME_MAX_LENGTH], "NL004495445B01"
	)
	assert len(name) <= ORGANISATION_NAME_MAX_LENGTH
	assert name.endswith("(NL004495445B01)")


def test_free_name_gives_up_with_a_message_rather_than_loop():
	from lef_members.domain.organisations import free_name

	with pytest.raises(InvalidValueError) as info:
		free_name("De Brug", lambda n: True)
	assert info.value.field == "organisation_name"
