"""Checks and normal forms for the identifiers members and organisations give us.

IBANs go through python-stdnum (official check digits per country); postcodes
follow each country's own format; e-mail and phone get the checks a form needs
(the address must be able to receive mail; the number must be dialable).
"""

from __future__ import annotations

import re

from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from lef_members.domain.errors import InvalidValueError, _

EMAIL_MAX_LENGTH = 140
_IBAN_DB = numdb.get("iban")
_EMAIL_RE = re.compile(
	r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_PHONE_ALLOWED_RE = re.compile(r"^\+?[0-9 ./()\-]+$")


def normalize_iban(value: str) -> str:
	"""Return the IBAN in its compact form (``BE71096123456769``) or raise.

	The checks run from the outside in, so the message says what is wrong in words a
	member understands: the country code, the length for that country, the check
	digits, and the country's own account-number rules (a Belgian bank code, ...).
	"""
	compact = stdnum_iban.compact(value or "")
	if not compact:
		raise InvalidValueError(_("Enter an IBAN."), field="iban")
	shown = stdnum_iban.format(compact)
	spec = _IBAN_DB.info(compact)[0][1] if re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", compact) else {}
	if not spec:
		raise InvalidValueError(
			_(
				"IBAN {iban} is not valid: it does not start with a known country code or has characters that do not belong in an IBAN."
			),
			field="iban",
			iban=shown,
		)
	expected = 4 + sum(int(n) for n in re.findall(r"(\d+)!?[nac]", spec.get("bban", "")))
	if expected > 4 and len(compact) != expected:
		raise InvalidValueError(
			_("IBAN {iban} has {length} characters; an IBAN from {country} has {expected}."),
			field="iban",
			translate_params=("country",),
			iban=shown,
			length=len(compact),
			country=spec.get("country", compact[:2]),
			expected=expected,
		)
	try:
		return stdnum_iban.validate(compact)
	except InvalidChecksum:
		raise InvalidValueError(
			_("IBAN {iban} is not valid: the check digits do not match. Check for a typing error."),
			field="iban",
			iban=shown,
		)
	except (InvalidFormat, InvalidComponent, InvalidLength):
		raise InvalidValueError(
			_("IBAN {iban} is not valid: the bank code or account number does not exist in {country}."),
			field="iban",
			translate_params=("country",),
			iban=shown,
			country=spec.get("country", compact[:2]),
		)


def format_iban(value: str) -> str:
	"""The IBAN in groups of four, as people read and type it."""
	return stdnum_iban.format(value) if value else ""


def is_valid_iban(value: str | None) -> bool:
	if not value:
		return False
	try:
		normalize_iban(value)
	except InvalidValueError:
		return False
	return True


def normalize_postcode(value: str, country_code: str | None = "BE") -> str:
	"""Return the postcode in the country's usual form or raise.

	Belgium: four digits, 1000-9999. The Netherlands: four digits (not starting with
	0) and two letters, written ``1234 AB`` (SA, SD and SS are never issued). Other
	countries: letters, digits, spaces and dashes, at most ten characters.
	"""
	raw = (value or "").strip()
	if not raw:
		raise InvalidValueError(_("Enter a postcode."), field="postcode")
	country = (country_code or "").strip().upper()
	if country == "BE":
		digits = raw.upper().removeprefix("B-").removeprefix("B")
		if not re.fullmatch(r"[1-9][0-9]{3}", digits):
			raise InvalidValueError(
				_("{postcode} is not a Belgian postcode: it has four digits, from 1000 to 9999."),
				field="postcode",
				postcode=raw,
			)
		return digits
	if country == "NL":
		compact = re.sub(r"\s+", "", raw).upper()
		match = re.fullmatch(r"([1-9][0-9]{3})([A-Z]{2})", compact)
		if not match or match.group(2) in {"SA", "SD", "SS"}:
			raise InvalidValueError(
				_("{postcode} is not a Dutch postcode: it has four digits and two letters, like 1234 AB."),
				field="postcode",
				postcode=raw,
			)
		return f"{match.group(1)} {match.group(2)}"
	compact = re.sub(r"\s+", " ", raw).upper()
	if len(compact) > 10 or not re.fullmatch(r"[A-Z0-9][A-Z0-9 \-]*", compact):
		raise InvalidValueError(
			_("{postcode} does not look like a postcode."), field="postcode", postcode=raw
		)
	return compact


def postcode_number(postcode: str) -> int | None:
	"""The numeric part of a postcode (``3500`` for ``3500`` or ``3511 AB``), for range lookups."""
	match = re.match(r"\s*(\d{4})", postcode or "")
	return int(match.group(1)) if match else None


def normalize_email(value: str) -> str:
	"""Trim and lowercase an e-mail address, or raise when it cannot receive mail."""
	email = (value or "").strip()
	if not email:
		raise InvalidValueError(_("Enter an e-mail address."), field="email")
	if len(email) > EMAIL_MAX_LENGTH or not _EMAIL_RE.fullmatch(email):
		raise InvalidValueError(
			_("{email} is not a valid e-mail address."), field="email", email=email[:EMAIL_MAX_LENGTH]
		)
	local, _at, domain = email.rpartition("@")
	return f"{local}@{domain.lower()}".lower()


def normalize_phone(value: str) -> str:
	"""Return the phone number with single spaces, or raise when it cannot be dialled.

	Accepts international (+32 ...) and national (011 ...) forms with spaces, dots,
	slashes, dashes and brackets; needs 8 to 15 digits.
	"""
	phone = (value or "").strip()
	if not phone:
		raise InvalidValueError(_("Enter a phone number."), field="phone")
	digits = re.sub(r"\D", "", phone)
	if not _PHONE_ALLOWED_RE.fullmatch(phone) or not 8 <= len(digits) <= 15:
		raise InvalidValueError(
			_("{phone} is not a valid phone number: use 8 to 15 digits, optionally starting with +."),
			field="phone",
			phone=phone[:40],
		)
	return re.sub(r"\s+", " ", phone)
