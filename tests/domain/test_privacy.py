from datetime import date

from lef_members.domain import privacy
from lef_members.domain.members import ACTIVE, CANDIDATE, LEFT, PAUSED


def test_withdrawing_is_recorded_once_and_the_coordinator_acts():
	first = privacy.withdraw_consent(ACTIVE, date(2024, 1, 1), None)
	assert first.record and first.coordinator_must_act and first.suggested_status == PAUSED
	again = privacy.withdraw_consent(ACTIVE, date(2024, 1, 1), date(2024, 5, 1))
	assert not again.record and not again.coordinator_must_act


def test_candidates_and_paused_members_are_suggested_to_leave():
	assert privacy.withdraw_consent(CANDIDATE, None, None).suggested_status == LEFT
	assert privacy.withdraw_consent(PAUSED, date(2024, 1, 1), None).suggested_status == LEFT


def test_a_member_who_left_is_recorded_without_action():
	result = privacy.withdraw_consent(LEFT, date(2024, 1, 1), None)
	assert result.record and not result.coordinator_must_act


def test_no_invitations_after_withdrawal():
	assert privacy.may_be_invited(None)
	assert not privacy.may_be_invited(date(2024, 1, 1))


def test_only_members_who_left_before_the_cutoff_are_anonymised():
	members = [
		{"name": "old", "status": LEFT, "left_on": date(2021, 1, 1), "anonymised_on": None},
		{"name": "done", "status": LEFT, "left_on": date(2021, 1, 1), "anonymised_on": date(2023, 1, 1)},
		{"name": "recent", "status": LEFT, "left_on": date(2024, 5, 1), "anonymised_on": None},
		{"name": "active", "status": ACTIVE, "left_on": date(2020, 1, 1), "anonymised_on": None},
		{"name": "no-date", "status": LEFT, "left_on": None, "anonymised_on": None},
	]
	assert privacy.members_due_for_anonymising(date(2024, 6, 1), 24, members) == ["old"]
	assert privacy.members_due_for_anonymising(date(2024, 6, 1), 0, members) == []


def test_an_organisation_reads_only_themes_the_member_lets_us_name():
	themes = [("Psychosis", True), ("Addiction", False), ("Trauma", True), ("Psychosis", True)]
	assert privacy.themes_to_name(themes) == ["Psychosis", "Trauma"]
	assert privacy.themes_to_name(themes, wished=["Trauma", "Addiction"]) == ["Trauma"]
	assert privacy.themes_to_name(themes, wished=["Addiction"]) == []


def test_no_theme_is_named_once_consent_is_withdrawn():
	assert privacy.themes_to_name([("Psychosis", True)], consent_withdrawn_on=date(2024, 5, 1)) == []
