"""Signed one-click links: accepting or declining an invitation, an organisation's
evaluation, a member's calendar feed.

A token reads ``v1.<payload>.<signature>``: the payload is URL-safe base64 of a small
JSON object (purpose, subject, expiry, nonce) and the signature is HMAC-SHA256 over
``v1.<payload>`` with the site's secret. The payload is signed, not encrypted: anyone
holding the link can read it, so the subject is a record name (``LEF-ASG-2025-00012-3``),
never a name, an e-mail address or anything about health.

Protocol for the caller (the framework's side):

1. Making a link: choose a fresh nonce (:func:`new_nonce`), store it on the record the link
   acts on (for example the invitation row), and send ``make_token(...)`` in the link.
2. Using a link: :func:`read_token` first (it refuses tampered, malformed, wrong-purpose
   and expired tokens), then load the record named by ``claims.subject``. A record that
   does not exist is refused with the same :class:`InvalidToken` as a forged token, so a
   link never tells whether a member or invitation exists.
3. Single use: :func:`check_not_used` with the record's stored nonce and its "used" flag
   (or a set of used nonces). Perform the action and mark the nonce used in the same
   transaction, with a conditional update (``... where nonce = %s and used = 0``) whose
   row count says whether this request was the one that used it: two clicks at once
   then act once.
4. Links meant to be reused (the calendar feed) skip step 3; resetting the feed stores a
   new nonce, and :func:`check_not_used` with ``current_nonce`` refuses the old links.

Times: ``expires_at`` and ``now`` must come from the same clock (Frappe: both naive
system time from ``now_datetime()``, or both aware). Expiry is kept to the second; a
token is valid strictly before ``expires_at``.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from lef_members.domain.errors import DomainError, _

VERSION = "v1"
MAX_TOKEN_LENGTH = 512
MIN_SECRET_BYTES = 32

PURPOSE_INVITATION = "invitation"
PURPOSE_EVALUATION = "evaluation"
PURPOSE_DEBRIEF = "debrief"
PURPOSE_CALENDAR = "calendar"
PURPOSE_REQUEST = "request"  # the organisation's page of its request

_PURPOSE_RE = re.compile(r"[a-z][a-z0-9_-]{0,39}")
_NONCE_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
_SUBJECT_MAX = 140
_TOKEN_RE = re.compile(r"[A-Za-z0-9_.-]+")


class InvalidToken(DomainError):
	"""The link is not valid: forged, damaged, meant for something else, or already used.

	The message is the same whatever the reason, and never says whether a member exists.
	"""

	def __init__(self, template: str | None = None) -> None:
		super().__init__(template or _("This link is not valid. Ask the forum for a new one."), field="token")


class ExpiredToken(InvalidToken):
	"""The link was genuine but its time is up."""

	def __init__(self) -> None:
		super().__init__(_("This link has expired. Ask the forum for a new one."))


class UsedToken(InvalidToken):
	"""The link was genuine but has been used already (or replaced by a newer one)."""

	def __init__(self) -> None:
		super().__init__(_("This link has already been used."))


@dataclass(frozen=True)
class TokenClaims:
	"""What a genuine token says: what it is for, which record, until when, and its nonce."""

	purpose: str
	subject: str
	expires_at: int  # seconds since the epoch on the caller's clock
	nonce: str


def new_nonce() -> str:
	"""A fresh random nonce (22 URL-safe characters, 128 bits)."""
	return secrets.token_urlsafe(16)


def _epoch(moment: datetime) -> int:
	"""Whole seconds since 1970 on the caller's clock (aware times are taken in UTC)."""
	if moment.tzinfo is not None:
		moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
	return calendar.timegm(moment.timetuple())


def _b64encode(raw: bytes) -> str:
	return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
	return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, message: str) -> bytes:
	return hmac.new(secret, message.encode("ascii"), hashlib.sha256).digest()


def _check_secret(secret: bytes) -> None:
	if not isinstance(secret, bytes | bytearray) or len(secret) < MIN_SECRET_BYTES:
		# A configuration mistake, not a visitor's: never shown to one.
		raise ValueError(f"The signing secret must be at least {MIN_SECRET_BYTES} bytes.")


def make_token(secret: bytes, purpose: str, subject: str, expires_at: datetime, nonce: str) -> str:
	"""A signed token for a one-click link: for ``purpose``, acting on ``subject``, until ``expires_at``."""
	_check_secret(secret)
	if not isinstance(purpose, str) or not _PURPOSE_RE.fullmatch(purpose):
		raise ValueError("The purpose must be a short lowercase word.")
	if not isinstance(subject, str) or not subject or len(subject) > _SUBJECT_MAX:
		raise ValueError(f"The subject must be a record name of 1 to {_SUBJECT_MAX} characters.")
	if not isinstance(nonce, str) or not _NONCE_RE.fullmatch(nonce):
		raise ValueError("The nonce must be 8 to 64 URL-safe characters; use new_nonce().")
	claims = {"p": purpose, "s": subject, "e": _epoch(expires_at), "n": nonce}
	payload = _b64encode(json.dumps(claims, separators=(",", ":"), ensure_ascii=True).encode("ascii"))
	signed = f"{VERSION}.{payload}"
	token = f"{signed}.{_b64encode(_sign(bytes(secret), signed))}"
	if len(token) > MAX_TOKEN_LENGTH:
		raise ValueError("The token would be too long for a link; use a shorter subject.")
	return token


def read_token(secret: bytes | Sequence[bytes], token: str, purpose: str, now: datetime) -> TokenClaims:
	"""The claims of a genuine, unexpired token for ``purpose``; raises otherwise.

	``secret`` may be a list (the current secret first, then older ones still honoured
	while links signed with them run out). Raises :class:`ExpiredToken` for a genuine
	token whose time is up, :class:`InvalidToken` for anything else.
	"""
	secrets_to_try = [secret] if isinstance(secret, bytes | bytearray) else list(secret)
	for key in secrets_to_try:
		_check_secret(key)
	# Refuse oversized or odd input before decoding anything.
	if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_LENGTH or not _TOKEN_RE.fullmatch(token):
		raise InvalidToken()
	parts = token.split(".")
	if len(parts) != 3 or parts[0] != VERSION or not parts[1] or not parts[2]:
		raise InvalidToken()
	signed = f"{parts[0]}.{parts[1]}"
	# Compare the signature as text: base64 has several spellings of the same bytes, and a
	# changed character must never pass.
	if not any(
		hmac.compare_digest(_b64encode(_sign(bytes(key), signed)), parts[2]) for key in secrets_to_try
	):
		raise InvalidToken()
	try:
		claims = json.loads(_b64decode(parts[1]).decode("ascii"))
	except (binascii.Error, ValueError, UnicodeDecodeError):
		raise InvalidToken()
	if (
		not isinstance(claims, dict)
		or not isinstance(claims.get("p"), str)
		or not isinstance(claims.get("s"), str)
		or not isinstance(claims.get("n"), str)
		or not isinstance(claims.get("e"), int)
		or isinstance(claims.get("e"), bool)
	):
		raise InvalidToken()
	if not hmac.compare_digest(claims["p"].encode(), purpose.encode()):
		raise InvalidToken()
	if _epoch(now) >= claims["e"]:
		raise ExpiredToken()
	return TokenClaims(purpose=claims["p"], subject=claims["s"], expires_at=claims["e"], nonce=claims["n"])


def check_not_used(
	claims: TokenClaims,
	used: bool | int | str | Container[str] = False,
	current_nonce: str | None = None,
) -> None:
	"""Refuse a link used before, or replaced by a newer one.

	``used``: the record's "link used" flag (a Check field's 0 or 1 works too), the nonce
	last used, or a collection of nonces already used.
	``current_nonce``: the nonce stored on the record now; a link carrying another nonce
	(an older invitation mail, a calendar feed that was reset) is refused.
	"""
	if current_nonce is not None and not hmac.compare_digest(claims.nonce.encode(), current_nonce.encode()):
		raise UsedToken()
	if isinstance(used, bool | int):
		if used:
			raise UsedToken()
	elif isinstance(used, str):  # one used nonce, not a collection of letters
		if hmac.compare_digest(claims.nonce.encode(), used.encode()):
			raise UsedToken()
	elif claims.nonce in used:
		raise UsedToken()
