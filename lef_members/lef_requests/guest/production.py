"""The production check shown in LEF Settings and counted on the LEF workspace.

Reads the site's facts (System Settings, e-mail accounts, site config, scheduler, the
wkhtmltopdf binary, the newest backup file) and hands them to ``domain/production.py``.
No setting is changed here: the check says what is missing and how to fix it.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime

import frappe
import requests
from frappe import _

from lef_members.domain.production import SiteFacts, checks


def _last_backup() -> datetime | None:
	folder = frappe.get_site_path("private", "backups")
	try:
		names = [name for name in os.listdir(folder) if name.endswith((".sql.gz", ".sql"))]
	except OSError:
		return None
	if not names:
		return None
	newest = max(os.path.getmtime(os.path.join(folder, name)) for name in names)
	return datetime.fromtimestamp(newest)


def site_facts() -> SiteFacts:
	from frappe.email.doctype.email_account.email_account import EmailAccount
	from frappe.utils.scheduler import is_scheduler_disabled

	try:
		outgoing = bool(EmailAccount.find_outgoing())
	except Exception:
		outgoing = False
	return SiteFacts(
		error_traceback_for_guests=bool(
			frappe.db.get_single_value("System Settings", "allow_error_traceback")
		),
		outgoing_email_account=outgoing,
		host_name=frappe.conf.get("host_name"),
		scheduler_enabled=not is_scheduler_disabled(verbose=False),
		wkhtmltopdf=shutil.which("wkhtmltopdf") is not None,
		last_backup=_last_backup(),
		now=datetime.now(),
		health_roles_without_two_factor=health_roles_without_two_factor(),
		host_answers=host_answers(frappe.conf.get("host_name")),
		scheduler_last_run=_scheduler_last_run(),
		workers=_workers(),
	)


HOST_ANSWER_SECONDS = 3
HOST_ANSWER_CACHED_SECONDS = 600


def host_answers(host: str | None) -> bool | None:
	"""Does the site answer at ``host`` when the server asks it (Frappe's ping)? The answer is
	kept ten minutes: the workspace counts the checks on every visit. None without a host."""
	if not host or not host.strip().startswith(("http://", "https://")):
		return None
	key = f"lef_host_answers:{host}"
	known = frappe.cache.get_value(key)
	if known is not None:
		return bool(known)
	try:
		response = requests.get(host.strip().rstrip("/") + "/api/method/ping", timeout=HOST_ANSWER_SECONDS)
		answers = response.status_code == 200 and response.json().get("message") == "pong"
	except (requests.RequestException, ValueError):
		answers = False
	frappe.cache.set_value(key, int(answers), expires_in_sec=HOST_ANSWER_CACHED_SECONDS)
	return answers


def _scheduler_last_run() -> datetime | None:
	"""When the scheduler process last queued one of the site's scheduled jobs."""
	last = frappe.get_all(
		"Scheduled Job Type",
		filters={"last_execution": ("is", "set")},
		fields=["last_execution"],
		order_by="last_execution desc",
		limit=1,
	)
	return last[0].last_execution if last else None


def _workers() -> int:
	from frappe.utils.background_jobs import get_workers

	try:
		return len(get_workers())
	except Exception:  # Redis is down: no worker can run either
		return 0


def health_roles_without_two_factor() -> tuple[str, ...]:
	"""Desk roles that read members' health data (level 1) with no second factor asked at login."""
	# Frappe reads Custom DocPerm instead of DocPerm once a DocType's permissions were customised.
	table = (
		"Custom DocPerm"
		if frappe.db.exists("Custom DocPerm", {"parent": "Expert by Experience"})
		else "DocPerm"
	)
	readers = set(
		frappe.get_all(
			table, filters={"parent": "Expert by Experience", "permlevel": 1, "read": 1}, pluck="role"
		)
	)
	readers.discard("Administrator")
	if not readers:
		return ()
	if not frappe.db.get_single_value("System Settings", "enable_two_factor_auth"):
		return tuple(sorted(readers))
	with_factor = set(
		frappe.get_all("Role", filters={"name": ("in", list(readers)), "two_factor_auth": 1}, pluck="name")
	)
	return tuple(sorted(readers - with_factor))


def _staff_only() -> None:
	"""Those who may read LEF Settings (System Manager, coordinators)."""
	if not frappe.has_permission("LEF Settings", "read"):
		frappe.throw(_("Only the forum's staff see the production check."), frappe.PermissionError)


@frappe.whitelist()
def production_checks() -> list[dict]:
	"""Each item: label, ok, why and how to fix, in the user's language."""
	_staff_only()
	return [
		{
			"key": item.key,
			"label": _(item.label),
			"ok": item.ok,
			"why": _(item.why),
			"fix": _(item.fix).format(**item.params),
		}
		for item in checks(site_facts())
	]


@frappe.whitelist()
def production_checks_failing(filters=None) -> dict:
	"""For the workspace's number card: how many production checks fail."""
	_staff_only()
	return {"value": sum(1 for item in checks(site_facts()) if not item.ok), "fieldtype": "Int"}
