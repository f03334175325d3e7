"""Check a VAT number against the EU's VIES service, without ever blocking anything.

VIES answers whether a VAT number is registered for intra-EU trade, with the name and
address the member state publishes. It is often slow or down (each member state's
register is asked live), so a call has a short timeout and every failure becomes an
"Unreachable" result that the coordinator sees; nothing waits for VIES or depends on it.

Framework-free: :func:`interpret` reads VIES's JSON answer, :func:`check_vat` makes the
call (``requests`` is imported when a call is made; Frappe ships it).
"""

from __future__ import annotations

from dataclasses import dataclass

from lef_members.domain.errors import _
from lef_members.domain.organisations import enterprise_number_key

VIES_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api/ms/{country}/vat/{number}"
# Seconds to connect and to wait for the answer: a coordinator is waiting on the button.
TIMEOUT = (3.05, 6)

VALID = "Valid"
INVALID = "Invalid"
UNREACHABLE = "Unreachable"

# VIES "userError" codes that mean "ask again later", not "this number is wrong".
_BUSY = frozenset(
	{
		"MS_UNAVAILABLE",
		"MS_MAX_CONCURRENT_REQ",
		"GLOBAL_MAX_CONCURRENT_REQ",
		"SERVICE_UNAVAILABLE",
		"TIMEOUT",
		"SERVER_BUSY",
		"IP_BLOCKED",
		"VAT_BLOCKED",
	}
)
# What a member state shows when it does not disclose the name or address.
_UNDISCLOSED = frozenset({"", "---", "n/a"})


@dataclass(frozen=True)
class ViesResult:
	status: str
	message: str
	name: str = ""
	address: str = ""


def split_vat(number: str) -> tuple[str, str]:
	"""Country code and number as VIES wants them: ("BE", "0403170701")."""
	compact = enterprise_number_key(number)
	return compact[:2], compact[2:]


def interpret(status_code: int, payload: object) -> ViesResult:
	"""The result of one VIES answer (HTTP status and parsed JSON body)."""
	if status_code != 200 or not isinstance(payload, dict):
		return ViesResult(UNREACHABLE, _("The VIES service did not answer. Try again later."))
	error = str(payload.get("userError") or "").upper()
	if error in _BUSY:
		return ViesResult(
			UNREACHABLE,
			_("The VIES service is busy or the member state's register is down. Try again later."),
		)
	valid = payload.get("isValid", payload.get("valid"))
	if valid is True:
		return ViesResult(
			VALID,
			_("VIES confirms that this VAT number is valid."),
			name=_disclosed(payload.get("name")),
			address=_disclosed(payload.get("address")),
		)
	if valid is False or error in ("INVALID", "INVALID_INPUT"):
		return ViesResult(
			INVALID,
			_(
				"VIES does not know this VAT number. Many non-profit organisations are not registered for VAT: that alone is no reason to doubt the request."
			),
		)
	return ViesResult(
		UNREACHABLE, _("The VIES service gave an answer that could not be read. Try again later.")
	)


def _disclosed(value: object) -> str:
	text = " ".join(str(value or "").split())
	return "" if text.lower() in _UNDISCLOSED else text


def check_vat(number: str, timeout=TIMEOUT) -> ViesResult:
	"""Ask VIES about a VAT number (in any form :func:`enterprise_number_key` reads)."""
	import requests

	country, digits = split_vat(number)
	if len(country) != 2 or not digits:
		return ViesResult(INVALID, _("Enter a VAT number with its country code first."))
	try:
		response = requests.get(
			VIES_URL.format(country=country, number=digits),
			headers={"Accept": "application/json"},
			timeout=timeout,
		)
		payload = response.json() if response.content else None
	except (requests.RequestException, ValueError):
		return ViesResult(UNREACHABLE, _("The VIES service could not be reached. Try again later."))
	return interpret(response.status_code, payload)
