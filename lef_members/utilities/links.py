"""Signed links on this site: making them, and reading them back.

The rules (format, expiry, tamper and replay checks) live in ``domain/tokens.py``; this
module only holds the site's secret and builds the URLs. The secret is derived from the
site's encryption key, so links stop working when that key changes and never leave the
site's own configuration.
"""

import hashlib
from datetime import datetime

import frappe
from frappe.utils import add_to_date, get_url, now_datetime
from frappe.utils.password import get_encryption_key

from lef_members.domain import tokens


def secret() -> bytes:
	return hashlib.sha256(b"lef_members signed links:" + get_encryption_key().encode()).digest()


def make(purpose: str, subject: str, nonce: str, days: int) -> str:
	expires_at = add_to_date(now_datetime(), days=days)
	return tokens.make_token(secret(), purpose, subject, expires_at, nonce)


def url(path: str, token: str, **params) -> str:
	"""The full address, for mails and feeds read outside the site."""
	return get_url(relative(path, token, **params))


def relative(path: str, token: str, **params) -> str:
	"""The address from the site's root, for links on the site's own pages: they then follow
	the address the page was opened at (a proxy's, another port), not ``host_name``."""
	query = "&".join([f"token={token}", *(f"{key}={value}" for key, value in params.items())])
	return f"{path}?{query}"


def read(purpose: str, token: str, now: datetime | None = None) -> tokens.TokenClaims:
	"""The claims of a valid token; raises ``tokens.InvalidToken`` (generic message) otherwise."""
	return tokens.read_token(secret(), str(token or ""), purpose, now or now_datetime())
