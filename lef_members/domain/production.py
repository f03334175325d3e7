"""What a site that runs the forum should have, and how to fix what it lacks.

Plain facts in (read by ``lef_members/guest/production.py``), one verdict per item out, each
with why it matters and how to fix it. Nothing here changes a setting: the forum decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lef_members.domain.errors import _

BACKUP_MAX_AGE = timedelta(days=2)


@dataclass(frozen=True)
class SiteFacts:
	error_traceback_for_guests: bool
	outgoing_email_account: bool
	host_name: str | None
	scheduler_enabled: bool
	wkhtmltopdf: bool
	last_backup: datetime | None
	now: datetime
	# Staff roles that read health data (permission level 1 of members) and do not ask for a
	# second factor at login, or all of them when the site's two-factor login is off.
	health_roles_without_two_factor: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
	key: str
	label: str
	ok: bool
	why: str
	fix: str
	# Values for the placeholders of ``fix``, filled in after it is translated.
	params: dict = field(default_factory=dict)


def checks(facts: SiteFacts) -> list[Check]:
	backup_ok = facts.last_backup is not None and facts.now - facts.last_backup <= BACKUP_MAX_AGE
	host = (facts.host_name or "").strip()
	return [
		Check(
			"error_traceback",
			_("Error details hidden from visitors"),
			not facts.error_traceback_for_guests,
			_("Visitors who send bad input would see the server's file paths and code."),
			_("System Settings: untick 'Allow error traceback'."),
		),
		Check(
			"email",
			_("An outgoing e-mail account"),
			facts.outgoing_email_account,
			_("Confirmations, invitations and reminders are queued but never sent."),
			_("Email Account: add one with 'Enable Outgoing' and 'Default Outgoing' ticked."),
		),
		Check(
			"host_name",
			_("A host name for links and PDFs"),
			host.startswith(("http://", "https://")),
			_("Links in e-mails and the PDF statements need the site's public address."),
			_("Run: bench --site SITE set-config host_name https://members.example.org"),
		),
		Check(
			"scheduler",
			_("The scheduler is on"),
			facts.scheduler_enabled,
			_("Reminders, the end of pauses, retention and the yearly figures check run daily."),
			_("Run: bench --site SITE enable-scheduler (and keep the bench's workers running)."),
		),
		Check(
			"wkhtmltopdf",
			_("wkhtmltopdf is installed"),
			facts.wkhtmltopdf,
			_("Statements, certificates and billing statements are made as PDF with it."),
			_("Install wkhtmltopdf 0.12.6 (with patched Qt) on the server."),
		),
		Check(
			"two_factor",
			_("Two-factor login for staff who read health data"),
			not facts.health_roles_without_two_factor,
			_("A stolen password of a coordinator would open every member's themes and notes."),
			_(
				"System Settings: tick 'Enable Two Factor Auth'; then on each Role that reads health data"
				" ({roles}) tick 'Two Factor Authentication'."
			),
			{"roles": ", ".join(facts.health_roles_without_two_factor)},
		),
		Check(
			"backups",
			_("A backup in the last two days"),
			backup_ok,
			_("Members' records and the payouts cannot be restored without one."),
			_("Run bench --site SITE backup from cron, or turn on the scheduler's backups."),
		),
	]
