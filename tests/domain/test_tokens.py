"""Signed one-click links: they work for their purpose, until they expire, once."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lef_members.domain.tokens import (
	MAX_TOKEN_LENGTH,
	PURPOSE_CALENDAR,
	PURPOSE_EVALUATION,
	PURPOSE_INVITATION,
	ExpiredToken,
	InvalidToken,
	TokenClaims,
	UsedToken,
	check_not_used,
	make_token,
	new_nonce,
	read_token,
)

SECRET = b"s" * 32
OTHER_SECRET = b"o" * 32
NOW = datetime(2025, 4, 1, 12, 0, 0)
EXPIRES = datetime(2025, 4, 8, 12, 0, 0)
NONCE = "nonce-0123456789abcdef"


def token(**changes) -> str:
	args = {
		"secret": SECRET,
		"purpose": PURPOSE_INVITATION,
		"subject": "LEF-ASG-2025-00012-3",
		"expires_at": EXPIRES,
		"nonce": NONCE,
		**changes,
	}
	return make_token(**args)


def test_round_trip():
	claims = read_token(SECRET, token(), PURPOSE_INVITATION, NOW)
	assert claims == TokenClaims(
		purpose=PURPOSE_INVITATION,
		subject="LEF-ASG-2025-00012-3",
		expires_at=int(EXPIRES.replace(tzinfo=timezone.utc).timestamp()),
		nonce=NONCE,
	)


def test_a_token_fits_in_a_link_as_is():
	value = token(subject="x" * 140, nonce="n" * 64)
	assert len(value) <= MAX_TOKEN_LENGTH
	assert set(value) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_subjects_with_any_characters_survive():
	claims = read_token(SECRET, token(subject="Anaïs / 42 ✓"), PURPOSE_INVITATION, NOW)
	assert claims.subject == "Anaïs / 42 ✓"


@pytest.mark.parametrize(
	("now", "valid"),
	[
		(EXPIRES - timedelta(seconds=1), True),
		(EXPIRES, False),
		(EXPIRES + timedelta(seconds=1), False),
		(EXPIRES + timedelta(days=400), False),
	],
)
def test_expiry_boundary(now, valid):
	if valid:
		assert read_token(SECRET, token(), PURPOSE_INVITATION, now).nonce == NONCE
	else:
		with pytest.raises(ExpiredToken):
			read_token(SECRET, token(), PURPOSE_INVITATION, now)


def test_aware_times_compare_in_utc():
	brussels = timezone(timedelta(hours=2))
	value = token(expires_at=datetime(2025, 4, 8, 14, 0, tzinfo=brussels))  # 12:00 UTC
	assert read_token(
		SECRET, value, PURPOSE_INVITATION, datetime(2025, 4, 8, 11, 59, 59, tzinfo=timezone.utc)
	)
	with pytest.raises(ExpiredToken):
		read_token(SECRET, value, PURPOSE_INVITATION, datetime(2025, 4, 8, 12, 0, tzinfo=timezone.utc))


def test_an_expired_token_is_also_an_invalid_one_for_callers_that_do_not_care():
	assert issubclass(ExpiredToken, InvalidToken)
	assert issubclass(UsedToken, InvalidToken)


def test_wrong_purpose_is_refused():
	with pytest.raises(InvalidToken) as info:
		read_token(SECRET, token(purpose=PURPOSE_EVALUATION), PURPOSE_INVITATION, NOW)
	assert not isinstance(info.value, ExpiredToken)


def test_wrong_purpose_is_refused_even_when_expired():
	with pytest.raises(InvalidToken) as info:
		read_token(SECRET, token(purpose=PURPOSE_CALENDAR), PURPOSE_INVITATION, EXPIRES + timedelta(days=1))
	assert type(info.value) is InvalidToken


def test_another_secret_is_refused():
	with pytest.raises(InvalidToken):
		read_token(OTHER_SECRET, token(), PURPOSE_INVITATION, NOW)


def test_old_secrets_can_still_be_honoured_during_a_rotation():
	old = token(secret=OTHER_SECRET)
	assert read_token([SECRET, OTHER_SECRET], old, PURPOSE_INVITATION, NOW).nonce == NONCE
	with pytest.raises(InvalidToken):
		read_token([SECRET], old, PURPOSE_INVITATION, NOW)


def _forged_payload(**claims_changes) -> str:
	"""A token whose payload was rewritten (another subject, later expiry) but keeps the old signature."""
	version, payload, signature = token().split(".")
	claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
	claims.update(claims_changes)
	forged = (
		base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).rstrip(b"=").decode()
	)
	return f"{version}.{forged}.{signature}"


@pytest.mark.parametrize(
	"changes",
	[
		{"s": "LEF-ASG-2025-00099-1"},
		{"e": 4102444800},
		{"p": PURPOSE_INVITATION, "n": "other-nonce-123"},
		{"x": 1},
	],
)
def test_a_rewritten_payload_is_refused(changes):
	with pytest.raises(InvalidToken):
		read_token(SECRET, _forged_payload(**changes), PURPOSE_INVITATION, NOW)


def test_changing_any_single_character_is_refused():
	value = token()
	alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for position, char in enumerate(value):
		if char == ".":
			continue
		for replacement in {
			alphabet[(alphabet.index(char) + 1) % 64],
			alphabet[(alphabet.index(char) + 2) % 64],
		}:
			tampered = value[:position] + replacement + value[position + 1 :]
			with pytest.raises(InvalidToken):
				read_token(SECRET, tampered, PURPOSE_INVITATION, NOW)


def test_a_signature_from_another_token_is_refused():
	one = token(subject="LEF-ASG-1")
	two = token(subject="LEF-ASG-2")
	swapped = ".".join(one.split(".")[:2] + two.split(".")[2:])
	with pytest.raises(InvalidToken):
		read_token(SECRET, swapped, PURPOSE_INVITATION, NOW)


@pytest.mark.parametrize(
	"garbage",
	[
		"",
		"v1",
		"v1..",
		"v1.abc",
		"v1.abc.def.ghi",
		"v2.abc.def",
		"....",
		"not a token",
		"v1.%%%.%%%",
		"v1.YWJj.!!!",
		"v1.\u202e.x",
		"v1.abc.def\x00",
		"<script>alert(1)</script>",
		"' OR 1=1 --",
	],
)
def test_garbage_is_refused_as_invalid(garbage):
	with pytest.raises(InvalidToken) as info:
		read_token(SECRET, garbage, PURPOSE_INVITATION, NOW)
	assert type(info.value) is InvalidToken


def test_truncated_tokens_are_refused():
	value = token()
	for length in range(len(value)):
		with pytest.raises(InvalidToken):
			read_token(SECRET, value[:length], PURPOSE_INVITATION, NOW)


def test_a_signed_payload_that_is_not_our_json_is_refused():
	import hashlib
	import hmac

	for raw in (
		b"not json",
		b"[1,2,3]",
		b'{"p":"invitation","s":"x","e":"soon","n":"abcdefgh"}',
		b"\xff\xfe",
	):
		payload = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
		signed = f"v1.{payload}"
		signature = base64.urlsafe_b64encode(
			hmac.new(SECRET, signed.encode(), hashlib.sha256).digest()
		).rstrip(b"=")
		with pytest.raises(InvalidToken):
			read_token(SECRET, f"{signed}.{signature.decode()}", PURPOSE_INVITATION, NOW)


@pytest.mark.parametrize("length", [MAX_TOKEN_LENGTH + 1, 100_000, 10_000_000])
def test_very_long_tokens_are_refused_before_decoding(length):
	with pytest.raises(InvalidToken):
		read_token(SECRET, "v1." + "A" * length, PURPOSE_INVITATION, NOW)


@pytest.mark.parametrize("value", [None, 42, b"v1.abc.def", ["v1"]])
def test_tokens_of_the_wrong_type_are_refused(value):
	with pytest.raises(InvalidToken):
		read_token(SECRET, value, PURPOSE_INVITATION, NOW)


def test_messages_do_not_tell_whether_anyone_exists():
	messages = set()
	for bad in ("garbage", token(purpose=PURPOSE_EVALUATION), _forged_payload(s="LEF-ASG-0")):
		with pytest.raises(InvalidToken) as info:
			read_token(SECRET, bad, PURPOSE_INVITATION, NOW)
		messages.add(info.value.render())
	assert messages == {"This link is not valid. Ask the forum for a new one."}


# --- single use --------------------------------------------------------------------------


def test_replay_is_refused_through_the_used_flag():
	claims = read_token(SECRET, token(), PURPOSE_INVITATION, NOW)
	check_not_used(claims, used=False, current_nonce=NONCE)  # first click: the caller acts, marks it used
	again = read_token(SECRET, token(), PURPOSE_INVITATION, NOW)
	with pytest.raises(UsedToken):
		check_not_used(again, used=True, current_nonce=NONCE)


def test_replay_is_refused_through_a_set_of_used_nonces():
	used: set[str] = set()
	claims = read_token(SECRET, token(), PURPOSE_INVITATION, NOW)
	check_not_used(claims, used)
	used.add(claims.nonce)
	with pytest.raises(UsedToken):
		check_not_used(read_token(SECRET, token(), PURPOSE_INVITATION, NOW), used)
	other = read_token(SECRET, token(nonce=new_nonce()), PURPOSE_INVITATION, NOW)
	check_not_used(other, used)


def test_a_check_field_and_a_single_stored_nonce_work_as_the_used_mark():
	claims = read_token(SECRET, token(), PURPOSE_INVITATION, NOW)
	check_not_used(claims, 0)
	check_not_used(claims, "")
	check_not_used(claims, NONCE[:5])  # not a substring test
	with pytest.raises(UsedToken):
		check_not_used(claims, 1)
	with pytest.raises(UsedToken):
		check_not_used(claims, NONCE)


def test_a_link_replaced_by_a_newer_one_is_refused():
	claims = read_token(SECRET, token(purpose=PURPOSE_CALENDAR), PURPOSE_CALENDAR, NOW)
	check_not_used(claims, current_nonce=NONCE)
	with pytest.raises(UsedToken):
		check_not_used(claims, current_nonce=new_nonce())  # the member reset the calendar link


def test_new_nonces_differ_and_are_accepted():
	nonces = {new_nonce() for _ in range(100)}
	assert len(nonces) == 100
	for nonce in list(nonces)[:5]:
		assert read_token(SECRET, token(nonce=nonce), PURPOSE_INVITATION, NOW).nonce == nonce


# --- making tokens -------------------------------------------------------------------------


@pytest.mark.parametrize(
	"changes",
	[
		{"secret": b"short"},
		{"secret": "a text secret of more than 32 chars"},
		{"purpose": ""},
		{"purpose": "Invitation!"},
		{"subject": ""},
		{"subject": "x" * 141},
		{"nonce": "short"},
		{"nonce": "has spaces in it"},
	],
)
def test_making_a_token_with_bad_parts_is_a_programming_error(changes):
	with pytest.raises(ValueError):
		token(**changes)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=700))
def test_any_text_is_refused_as_invalid_and_nothing_else(text):
	with pytest.raises(InvalidToken):
		read_token(SECRET, text, PURPOSE_INVITATION, NOW)
