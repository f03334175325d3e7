"""Hourly limits on the public request form that a header cannot dodge.

Frappe's own limit on its web form endpoint counts per ``X-Forwarded-For`` as the client
wrote it, so a client that writes a new address on every post is never stopped. These
limits count per address as the forum's own proxy saw it (LEF Settings "Trusted Proxies";
see README), per e-mail address and organisation given in the form, and for the whole site:
a forum gets a handful of requests a day, so a hundred in an hour is abuse or a script.
Counters live in the site's Redis cache, one per hour; the address counts every post, the
others count the requests that were stored.
"""

from __future__ import annotations

import frappe
import redis
from frappe import _, _lt
from frappe.utils import cint, now_datetime

from lef_members.domain.guest import (
	PER_ADDRESS,
	PER_EMAIL,
	PER_ORGANISATION,
	PER_SITE,
	Limits,
	client_address,
	email_key,
	organisation_key,
	over_limit,
	parse_networks,
)

HOUR = 60 * 60
SETTINGS = {
	PER_ADDRESS: "request_limit_per_address",
	PER_EMAIL: "request_limit_per_email",
	PER_ORGANISATION: "request_limit_per_organisation",
	PER_SITE: "request_limit_per_site",
}


def settings_limits(settings=None) -> Limits:
	settings = settings or frappe.get_cached_doc("LEF Settings")
	defaults = Limits()
	values = {}
	for kind, field in SETTINGS.items():
		value = settings.get(field)
		values[kind] = cint(value) if value is not None else getattr(defaults, kind)
	return Limits(**values)


def request_address(settings=None) -> str:
	request = getattr(frappe.local, "request", None)
	if request is None:
		return "local"
	settings = settings or frappe.get_cached_doc("LEF Settings")
	try:
		trusted = parse_networks(settings.trusted_proxies)
	except Exception:
		trusted = []  # a malformed setting is refused on save; never trust a header because of it
	return client_address(request.remote_addr, request.headers.get("X-Forwarded-For"), trusted)


def _key(kind: str, value: str) -> str:
	return f"lef_guest_count:{kind}:{value}:{now_datetime():%Y%m%d%H}"


def _counts(keys: dict[str, str]) -> dict[str, int]:
	"""The counters of ``keys`` (kind -> key), in one round trip."""
	kinds = list(keys)
	values = frappe.cache.mget([frappe.cache.make_key(keys[kind]) for kind in kinds])
	return {kind: cint(value or 0) for kind, value in zip(kinds, values, strict=True)}


def _incr(*keys: str) -> None:
	"""Count one more under each key (atomically), each kept for the hour, in one round trip."""
	names = [frappe.cache.make_key(key) for key in keys]
	pipe = frappe.cache.pipeline()
	for name in names:
		pipe.incr(name)
		pipe.expire(name, HOUR)
	try:
		pipe.execute()
	except redis.exceptions.ResponseError:
		# A key that holds something else than a count: start it again rather than fail the post.
		frappe.cache.delete(*names)
		pipe = frappe.cache.pipeline()
		for name in names:
			pipe.incr(name)
			pipe.expire(name, HOUR)
		pipe.execute()


MESSAGES = {
	PER_ADDRESS: _lt("Many requests were sent from your connection in the last hour."),
	PER_EMAIL: _lt("Many requests were sent with this e-mail address in the last hour."),
	PER_ORGANISATION: _lt("Many requests were sent for this organisation in the last hour."),
	PER_SITE: _lt("The forum received many requests in the last hour."),
}


def check_and_count(clean: dict) -> dict[str, str]:
	"""Refuse with 429 when one more request would exceed a limit; count the post under its
	address. Returns the keys to count once the request is stored."""
	settings = frappe.get_cached_doc("LEF Settings")  # one cache read, not a query per figure
	keys = {
		PER_ADDRESS: _key(PER_ADDRESS, request_address(settings)),
		PER_SITE: _key(PER_SITE, "all"),
	}
	email = email_key(clean.get("email"))
	if email:
		keys[PER_EMAIL] = _key(PER_EMAIL, email)
	organisation = organisation_key(clean.get("organisation_name"), clean.get("enterprise_number"))
	if organisation:
		keys[PER_ORGANISATION] = _key(PER_ORGANISATION, organisation)
	counts = _counts(keys)
	reached = over_limit(counts, settings_limits(settings))
	if reached:
		frappe.throw(
			str(MESSAGES[reached])
			+ " "
			+ _("Please try again in an hour, or mail or call the forum: we gladly help."),
			frappe.TooManyRequestsError,
			title=_("Not sent"),
		)
	_incr(keys[PER_ADDRESS])
	return {kind: key for kind, key in keys.items() if kind != PER_ADDRESS}


def count_stored(keys: dict[str, str]) -> None:
	if keys:
		_incr(*keys.values())
