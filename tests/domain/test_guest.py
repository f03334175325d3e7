"""Guest input before it reaches a form: the envelope, the address counted, the limits."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lef_members.domain.errors import DomainError
from lef_members.domain.guest import (
	EnvelopeError,
	Limits,
	check_envelope,
	client_address,
	email_key,
	organisation_key,
	over_limit,
	parse_networks,
)

ROOT = Path(__file__).parents[2]
CORPUS = json.loads((ROOT / "lef_members/tests/web_form_corpus.json").read_text("utf-8"))
FORM = json.loads(
	(ROOT / "lef_members/lef_requests/web_form/request_an_expert/request_an_expert.json").read_text("utf-8")
)
FIELDS = [
	f["fieldname"] for f in FORM["web_form_fields"] if f["fieldtype"] not in ("Section Break", "Column Break")
]
TABLES = {"dates": ("session_date", "start_time", "end_time")}
SCALARS = (str, int, float, bool, type(None))


@pytest.mark.parametrize("case", CORPUS, ids=[case["why"] for case in CORPUS])
def test_the_corpus_is_refused_or_cleaned_to_scalars(case):
	"""Every entry either gets an EnvelopeError with a message, or comes out as an object of
	the form's fields with one value each and table rows of single values: the shape Frappe's
	web form can copy without failing."""
	try:
		clean = check_envelope(case["data"], FIELDS, TABLES)
	except EnvelopeError as error:
		assert error.render() and error.field
		return
	assert set(clean) <= set(FIELDS)
	for key, value in clean.items():
		if key in TABLES:
			assert isinstance(value, list)
			assert all(isinstance(row, dict) and set(row) <= set(TABLES[key]) for row in value)
			assert all(isinstance(item, SCALARS) for row in value for item in row.values())
		else:
			assert isinstance(value, SCALARS)


@pytest.mark.parametrize(
	"data",
	["", "null", "[]", "[1]", "42", '"x"', "{", b"\xff\xfe", None, 42, ["a"]],
)
def test_anything_but_a_json_object_is_refused_with_one_message(data):
	with pytest.raises(EnvelopeError, match="could not be read"):
		check_envelope(data, FIELDS, TABLES)


@pytest.mark.parametrize(
	"dates", ["2027-03-02", {"session_date": "2027-03-02"}, [1, 2], [["x"]], [{"start_time": []}]]
)
def test_a_table_that_is_not_rows_of_values_is_refused_naming_it(dates):
	with pytest.raises(EnvelopeError) as error:
		check_envelope({"title": "x", "dates": dates}, FIELDS, TABLES)
	assert error.value.field == "dates"


def test_unknown_keys_and_row_bookkeeping_are_dropped():
	clean = check_envelope(
		{
			"title": "Talk",
			"status": "Accepted",
			"coordinator": "Administrator",
			"dates": [
				{
					"session_date": "2027-03-02",
					"idx": 1,
					"__islocal": 1,
					"doctype": "Expert Request Date",
					"x": 1,
				}
			],
		},
		FIELDS,
		TABLES,
	)
	assert clean == {"title": "Talk", "dates": [{"session_date": "2027-03-02"}]}


def test_editing_a_sent_request_is_refused():
	with pytest.raises(EnvelopeError, match="cannot be changed"):
		check_envelope({"name": "LEF-REQ-2026-00001", "title": "x"}, FIELDS, TABLES)


def test_size_limit():
	with pytest.raises(EnvelopeError, match="too large"):
		check_envelope(json.dumps({"description": "x" * 300_000}), FIELDS, TABLES)


@settings(max_examples=300, deadline=None)
@given(
	st.recursive(
		st.none() | st.booleans() | st.integers() | st.text(max_size=20),
		lambda inner: (
			st.lists(inner, max_size=4)
			| st.dictionaries(st.sampled_from(["title", "dates", "email", "name", "x"]), inner, max_size=4)
		),
		max_leaves=12,
	)
)
def test_property_any_json_is_refused_or_clean(value):
	try:
		clean = check_envelope(json.dumps(value), FIELDS, TABLES)
	except EnvelopeError:
		return
	assert all(isinstance(v, SCALARS) for k, v in clean.items() if k != "dates")
	assert all(isinstance(item, SCALARS) for row in clean.get("dates", []) for item in row.values())


# ------------------------------------------------------------------------ addresses

PROXY = parse_networks("127.0.0.1, 10.0.0.0/8")


def test_without_a_trusted_proxy_the_header_is_ignored():
	assert client_address("203.0.113.9", "1.2.3.4", []) == "203.0.113.9"
	assert client_address("203.0.113.9", "1.2.3.4", PROXY) == "203.0.113.9"  # not from the proxy


def test_behind_the_proxy_the_address_it_saw_counts_not_what_the_client_wrote():
	# The client wrote "1.2.3.4"; nginx appended the address it saw, 198.51.100.7.
	assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.7", PROXY) == "198.51.100.7"
	# Two trusted hops: the right-most untrusted one.
	assert client_address("127.0.0.1", "9.9.9.9, 198.51.100.7, 10.1.2.3", PROXY) == "198.51.100.7"
	# Changing what the client writes changes nothing.
	assert client_address("127.0.0.1", "5.6.7.8, 198.51.100.7", PROXY) == "198.51.100.7"


def test_odd_headers():
	assert client_address("127.0.0.1", "", PROXY) == "127.0.0.1"
	assert client_address("127.0.0.1", "garbage", PROXY) == "unknown"
	assert client_address("127.0.0.1", "[2001:db8::1]:443", PROXY) == "2001:db8::1"
	assert client_address("127.0.0.1", "198.51.100.7:5555", PROXY) == "198.51.100.7"


def test_a_trusted_proxy_setting_that_is_not_an_address_is_named():
	with pytest.raises(DomainError, match="nginx is not an IP address"):
		parse_networks("127.0.0.1\nnginx")
	assert parse_networks("") == []
	assert parse_networks("::1") == [ipaddress.ip_network("::1")]


# ---------------------------------------------------------------------------- limits


def test_the_first_limit_reached_is_named_and_zero_means_none():
	limits = Limits(address=10, email=5, organisation=10, site=100)
	assert over_limit({"address": 3, "email": 4}, limits) is None
	assert over_limit({"address": 3, "email": 5}, limits) == "email"
	assert over_limit({"address": 10, "email": 5}, limits) == "address"
	assert over_limit({"site": 100}, limits) == "site"
	assert over_limit({"email": 99}, Limits(email=0)) is None


def test_one_key_per_organisation_and_address():
	assert organisation_key("Zorgnet  Kempen vzw", None) == organisation_key("zorgnet-kempen VZW", "")
	assert organisation_key("A", "BE 0403.170.701") == organisation_key("B", "0403170701")
	assert organisation_key("", "") == ""
	assert email_key(" Info@Example.ORG ") == "info@example.org"
