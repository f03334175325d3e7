"""The production check: each item's verdict from plain facts."""

from datetime import datetime, timedelta

from lef_members.domain.production import SiteFacts, checks

NOW = datetime(2026, 12, 7, 9, 0)


def facts(**changes) -> SiteFacts:
	values = {
		"error_traceback_for_guests": False,
		"outgoing_email_account": True,
		"host_name": "https://members.example.org",
		"scheduler_enabled": True,
		"wkhtmltopdf": True,
		"last_backup": NOW - timedelta(hours=5),
		"now": NOW,
		"health_roles_without_two_factor": (),
		"host_answers": True,
		"scheduler_last_run": NOW - timedelta(minutes=3),
		"workers": 1,
	}
	values.update(changes)
	return SiteFacts(**values)


def verdicts(site: SiteFacts) -> dict[str, bool]:
	return {item.key: item.ok for item in checks(site)}


def test_a_site_in_order_passes_every_item():
	assert all(verdicts(facts()).values())
	assert set(verdicts(facts())) == {
		"error_traceback",
		"email",
		"host_name",
		"scheduler",
		"wkhtmltopdf",
		"two_factor",
		"backups",
	}


def test_staff_roles_reading_health_data_without_a_second_factor_fail_and_are_named():
	site = facts(health_roles_without_two_factor=("LEF Coordinator", "System Manager"))
	item = next(i for i in checks(site) if i.key == "two_factor")
	assert not item.ok
	assert item.params == {"roles": "LEF Coordinator, System Manager"}
	assert "{roles}" in item.fix
	assert item.fix.format(**item.params).endswith(
		"(LEF Coordinator, System Manager) tick 'Two Factor Authentication'."
	)


def test_only_the_two_factor_item_fails_for_it():
	failing = [
		k for k, ok in verdicts(facts(health_roles_without_two_factor=("LEF Coordinator",))).items() if not ok
	]
	assert failing == ["two_factor"]


def test_a_backup_older_than_two_days_fails():
	assert not verdicts(facts(last_backup=NOW - timedelta(days=2, minutes=1)))["backups"]
	assert verdicts(facts(last_backup=NOW - timedelta(days=2)))["backups"]
	assert not verdicts(facts(last_backup=None))["backups"]


def test_a_host_name_needs_its_scheme():
	assert not verdicts(facts(host_name="members.example.org"))["host_name"]
	assert not verdicts(facts(host_name=None))["host_name"]


def test_a_host_name_the_server_cannot_reach_fails():
	assert not verdicts(facts(host_answers=False))["host_name"]
	assert verdicts(facts(host_answers=None))["host_name"]  # not asked (no request to ask from)


def test_the_scheduler_must_have_run_lately_with_a_worker_not_only_be_switched_on():
	assert not verdicts(facts(scheduler_last_run=None))["scheduler"]
	assert not verdicts(facts(scheduler_last_run=NOW - timedelta(hours=1, minutes=1)))["scheduler"]
	assert verdicts(facts(scheduler_last_run=NOW - timedelta(hours=1)))["scheduler"]
	assert not verdicts(facts(workers=0))["scheduler"]
	assert not verdicts(facts(scheduler_enabled=False))["scheduler"]
