"""What a guest sends before it reaches a form: the envelope, the address it came from, and
how many requests that address, e-mail address or organisation already sent.

- :func:`check_envelope`: Frappe's web form endpoint takes ``data`` as JSON text and copies
  the form's fields onto a new record; text that is not JSON, a JSON list or ``null``, or a
  table field that is a string, an object or a list of numbers makes it fail with a server
  error before any check runs. This checks the shape first and returns the clean object:
  only the form's own fields, scalar values, table rows as objects of scalar values.
- :func:`client_address`: the address to count. ``X-Forwarded-For`` is written by whoever
  sends the request; only what the forum's own proxies appended can be believed. The
  address is the right-most entry not sent by a trusted proxy (the one the first trusted
  proxy saw), or the connection's address when it does not come from a trusted proxy.
- :func:`over_limit`: which of the hourly limits (per address, e-mail address,
  organisation, the whole site) a new request would exceed.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lef_members.domain.errors import DomainError, _

MAX_ENVELOPE_BYTES = 200_000  # a full request with 50 dates is about 10 kB
MAX_TABLE_ROWS = 50
# Keys Frappe's web form script adds to each table row; harmless, never copied as values.
ROW_BOOKKEEPING = frozenset(
	{"name", "idx", "doctype", "parent", "parentfield", "parenttype", "docstatus", "__islocal", "__unsaved"}
)
SCALARS = (str, int, float, bool, type(None))


class EnvelopeError(DomainError):
	"""The form's data is not a JSON object of the form's fields."""


def check_envelope(
	data: object,
	fields: Iterable[str],
	tables: Mapping[str, Iterable[str]] | None = None,
	max_bytes: int = MAX_ENVELOPE_BYTES,
) -> dict:
	"""The web form's ``data`` as a clean object, or :class:`EnvelopeError`.

	``fields``: the form's field names; ``tables``: for each table field, its row's field
	names. Keys that are not the form's are dropped (Frappe would ignore them too); ``name``
	(editing an existing record) is refused.
	"""
	tables = {key: frozenset(value) for key, value in (tables or {}).items()}
	if isinstance(data, bytes | bytearray):
		try:
			data = data.decode("utf-8")
		except UnicodeDecodeError:
			raise EnvelopeError(_("The form could not be read. Fill it in again and send it."), field="data")
	if isinstance(data, str):
		if len(data.encode("utf-8", "surrogatepass")) > max_bytes:
			raise EnvelopeError(_("The form is too large to send. Shorten the longest texts."), field="data")
		try:
			data = json.loads(data)
		except ValueError:
			raise EnvelopeError(_("The form could not be read. Fill it in again and send it."), field="data")
	if not isinstance(data, dict):
		raise EnvelopeError(_("The form could not be read. Fill it in again and send it."), field="data")
	if data.get("name"):
		raise EnvelopeError(_("A request that was sent cannot be changed through the form."), field="name")
	clean: dict = {}
	for fieldname in fields:
		if fieldname not in data:
			continue
		value = data[fieldname]
		if fieldname in tables:
			clean[fieldname] = _rows(fieldname, value, tables[fieldname])
		elif isinstance(value, SCALARS):
			clean[fieldname] = value
		else:
			raise EnvelopeError(
				_("The field {label} holds a list or a group of values where one value belongs."),
				field=fieldname,
				label=fieldname,
			)
	return clean


def _rows(fieldname: str, value: object, row_fields: frozenset[str]) -> list[dict]:
	if value in (None, ""):
		return []
	if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
		raise EnvelopeError(_("The rows of {label} could not be read."), field=fieldname, label=fieldname)
	if len(value) > MAX_TABLE_ROWS:
		raise EnvelopeError(
			_("{label} has more than {max} rows."), field=fieldname, label=fieldname, max=MAX_TABLE_ROWS
		)
	rows = []
	for row in value:
		clean = {}
		for key, item in row.items():
			if key in ROW_BOOKKEEPING:
				continue
			if key not in row_fields:
				continue
			if not isinstance(item, SCALARS):
				raise EnvelopeError(
					_("The rows of {label} could not be read."), field=fieldname, label=fieldname
				)
			clean[key] = item
		rows.append(clean)
	return rows


# ------------------------------------------------------------------------ addresses

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str | None) -> list[Network]:
	"""Trusted proxies from a setting: addresses or networks, one per line or comma-separated.
	An entry that is not an address is refused, naming it."""
	networks = []
	for entry in (text or "").replace(",", "\n").split():
		try:
			networks.append(ipaddress.ip_network(entry.strip(), strict=False))
		except ValueError:
			raise DomainError(
				_("{entry} is not an IP address or network."), field="trusted_proxies", entry=entry
			)
	return networks


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
	text = text.strip().strip('"')
	if text.startswith("[") and "]" in text:  # [IPv6]:port
		text = text[1 : text.index("]")]
	elif text.count(":") == 1:  # IPv4:port
		text = text.split(":", 1)[0]
	try:
		return ipaddress.ip_address(text)
	except ValueError:
		return None


def client_address(remote_addr: str | None, forwarded_for: str | None, trusted: Iterable[Network]) -> str:
	"""The address a request is counted under (see the module's docstring)."""
	trusted = list(trusted)

	def is_trusted(address) -> bool:
		return address is not None and any(address in network for network in trusted)

	remote = _address(remote_addr or "")
	if not is_trusted(remote) or not forwarded_for:
		return str(remote) if remote is not None else (remote_addr or "unknown")
	hops = [_address(part) for part in forwarded_for.split(",")]
	for hop in reversed(hops):
		if hop is None:
			return "unknown"  # a malformed entry a trusted proxy passed on: count it as one
		if not is_trusted(hop):
			return str(hop)
	return str(remote)


# ---------------------------------------------------------------------------- limits

PER_ADDRESS = "address"
PER_EMAIL = "email"
PER_ORGANISATION = "organisation"
PER_SITE = "site"
LIMIT_KINDS = (PER_ADDRESS, PER_EMAIL, PER_ORGANISATION, PER_SITE)


@dataclass(frozen=True)
class Limits:
	"""Requests allowed per hour; 0 means no limit of that kind."""

	address: int = 10
	email: int = 5
	organisation: int = 10
	site: int = 100


def over_limit(counts: Mapping[str, int], limits: Limits) -> str | None:
	"""The first kind of limit that one more request would exceed, or ``None``.

	``counts``: the requests already counted this hour, per kind."""
	for kind in LIMIT_KINDS:
		limit = getattr(limits, kind)
		if limit and counts.get(kind, 0) >= limit:
			return kind
	return None


def organisation_key(name: str | None, enterprise_number: str | None) -> str:
	"""One key per organisation however its name is typed: the enterprise number when given,
	else the name folded (case, spaces, punctuation)."""
	digits = "".join(ch for ch in str(enterprise_number or "") if ch.isdigit())
	if len(digits) >= 9:
		return "no:" + digits
	folded = "".join(ch for ch in str(name or "").casefold() if ch.isalnum())
	return "name:" + folded if folded else ""


def email_key(email: str | None) -> str:
	return str(email or "").strip().casefold()
