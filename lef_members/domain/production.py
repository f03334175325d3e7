"""What a site that runs the forum should have, and how to fix what it lacks.

Plain facts in (read by ``lef_members/lef_requests/guest/production.py``), one verdict per item out, each
with why it matters and how to fix it. Nothing here changes a setting: the forum decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lef_members.domain.errors import _

BACKUP_MAX_AGE = timedelta(days=2)
# The scheduler queues its most frequent jobs every few minutes: an hour without a run means no
# scheduler process is running, whatever the site's setting says.
SCHEDULER_MAX_SILENCE = timedelta(hours=1)


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
	# Did the site answer at its host_name, asked from the server (None: not asked)?
	host_answers: bool | None = None
	# When the scheduler last queued a job, and how many background workers are running.
	scheduler_last_run: datetime | None = None
	workers: int = 0


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
	scheduler_runs = (
		facts.scheduler_enabled
		and facts.scheduler_last_run is not None
		and facts.now - facts.scheduler_last_run <= SCHEDULER_MAX_SILENCE
		and facts.workers > 0
	)
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
			host.startswith(("http://", "https://")) and facts.host_answers is not False,
			_(
				"Links in e-mails and the PDF statements need the site's public address, reachable from the server."
			),
			_(
				"Run: bench --site SITE set-config host_name https://members.example.org, with the"
				" site's own public address; the server must reach it (its name resolves there and"
				" the web server answers)."
			),
		),
		Check(
			"scheduler",
			_("The scheduler runs"),
			scheduler_runs,
			_("Reminders, the end of pauses, retention and the yearly figures check run daily."),
			_(
				"Run: bench --site SITE enable-scheduler, and keep the bench's scheduler and workers"
				" running (bench start, or supervisor on a production server)."
			),
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
