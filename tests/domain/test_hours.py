"""Checking an hour log before it is saved, and finding sessions still without a log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from lef_members.domain.errors import DomainError
from lef_members.domain.hours import (
	CANCELLED,
	DRAFT,
	SUBMITTED,
	ExistingLog,
	HourLogInput,
	MissingLog,
	Session,
	hour_log_problems,
	missing_logs,
	validate_hour_log,
)

TODAY = date(2024, 3, 15)
ACCEPTED = {"ASG-1": date(2024, 3, 1), "ASG-2": None}


def entry(**values) -> HourLogInput:
	base = {
		"member": "EXP-1",
		"assignment": "ASG-1",
		"session_date": date(2024, 3, 10),
		"execution_hours": "2",
	}
	return HourLogInput(**{**base, **values})


def fields(problems):
	return [problem.field for problem in problems]


VALID = [
	("plain execution", {}),
	(
		"all four activities in quarters",
		dict(preparation_hours="0.75", travel_hours="1.25", debrief_hours="0.5"),
	),
	("exactly 16 hours", dict(execution_hours="16")),
	("today", dict(session_date=TODAY)),
	("the first session itself", dict(session_date=date(2024, 3, 1))),
	("assignment with no known first session", dict(assignment="ASG-2", session_date=date(2023, 1, 1))),
	("car 2,000 km", dict(kilometres="2000", transport_mode="Car")),
	("bicycle", dict(kilometres="12.5", transport_mode="Bicycle")),
	("moped and motorbike", dict(kilometres="30", transport_mode="Moped")),
	(
		"public transport with ticket and receipt",
		dict(transport_mode="Public transport", ticket_amount="7.40", has_receipt=True),
	),
	("public transport without a ticket (a pass)", dict(transport_mode="Public transport")),
	("on foot", dict(transport_mode="On foot")),
	("other costs with receipt", dict(other_costs="12.99", has_receipt=True)),
	("floats from a form", dict(execution_hours=1.5, kilometres=10.0, transport_mode="Car")),
]


@pytest.mark.parametrize("values", [case[1] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_logs(values):
	assert hour_log_problems(entry(**values), TODAY, ACCEPTED) == []


REFUSED = [
	("not an accepted assignment", dict(assignment="ASG-9"), "assignment", "assignment you accepted"),
	("in the future", dict(session_date=date(2024, 3, 16)), "session_date", "is in the future"),
	(
		"before the first session",
		dict(session_date=date(2024, 2, 29)),
		"session_date",
		"before the assignment's first session on 2024-03-01",
	),
	(
		"negative hours",
		dict(preparation_hours="-0.25"),
		"preparation_hours",
		"Preparation hours cannot be negative.",
	),
	("not quarter hours", dict(travel_hours="0.3"), "travel_hours", "Log travel time in quarter hours"),
	("nothing logged", dict(execution_hours="0"), "execution_hours", "at least a quarter hour"),
	(
		"more than a day holds",
		dict(execution_hours="12", preparation_hours="4.25"),
		"execution_hours",
		"16.25 hours is more than a day can hold",
	),
	("not a number", dict(debrief_hours="two"), "debrief_hours", "two is not a number."),
	("km above 2,000", dict(kilometres="2000.1", transport_mode="Car"), "kilometres", "between 0 and 2000"),
	("negative km", dict(kilometres="-1", transport_mode="Car"), "kilometres", "between 0 and 2000"),
	("km without a mode", dict(kilometres="10"), "transport_mode", "Choose how you travelled"),
	("km on foot", dict(kilometres="3", transport_mode="On foot"), "kilometres", "not for On foot"),
	(
		"km by public transport",
		dict(kilometres="30", transport_mode="Public transport"),
		"kilometres",
		"not for Public transport",
	),
	("unknown mode", dict(transport_mode="Horse"), "transport_mode", "Unknown transport mode Horse."),
	(
		"ticket by car",
		dict(transport_mode="Car", kilometres="5", ticket_amount="3.00", has_receipt=True),
		"ticket_amount",
		"only for public transport",
	),
	(
		"ticket without receipt",
		dict(transport_mode="Public transport", ticket_amount="3.00"),
		"receipt",
		"Attach the receipt",
	),
	("other costs without receipt", dict(other_costs="5"), "receipt", "Attach the receipt"),
	("negative costs", dict(other_costs="-5", has_receipt=True), "other_costs", "cannot be negative"),
	("fractions of a cent", dict(other_costs="5.001", has_receipt=True), "other_costs", "euro and cents"),
]


@pytest.mark.parametrize(
	"values, field, message", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED]
)
def test_refused_logs_say_why(values, field, message):
	problems = hour_log_problems(entry(**values), TODAY, ACCEPTED)
	assert fields(problems) == [field]
	assert message in str(problems[0])
	with pytest.raises(DomainError):
		validate_hour_log(entry(**values), TODAY, ACCEPTED)


def test_every_problem_is_listed_not_only_the_first():
	problems = hour_log_problems(
		entry(assignment="ASG-9", session_date=date(2024, 4, 1), other_costs="4"), TODAY, ACCEPTED
	)
	assert fields(problems) == ["assignment", "session_date", "receipt"]


def test_the_day_limit_counts_the_members_other_logs_that_day():
	other = ExistingLog("HRS-1", "EXP-1", "ASG-2", date(2024, 3, 10), SUBMITTED, D("10"))
	cancelled = ExistingLog("HRS-0", "EXP-1", "ASG-2", date(2024, 3, 10), CANCELLED, D("10"))
	# 10 + 6 = 16: fits; 10 + 6.25: does not; a cancelled log does not count.
	assert hour_log_problems(entry(execution_hours="6"), TODAY, ACCEPTED, [other, cancelled]) == []
	problems = hour_log_problems(entry(execution_hours="6.25"), TODAY, ACCEPTED, [other])
	assert "With your other logs of 2024-03-10 (10 hours)" in str(problems[0])
	# The limit is a parameter.
	assert fields(
		hour_log_problems(entry(execution_hours="6"), TODAY, ACCEPTED, [other], max_hours_per_day=12)
	) == ["execution_hours"]


def test_one_log_per_session():
	draft = ExistingLog("HRS-1", "EXP-1", "ASG-1", date(2024, 3, 10), DRAFT, D("2"))
	problems = hour_log_problems(entry(), TODAY, ACCEPTED, [draft])
	assert "You already logged this session (HRS-1)" in str(problems[0])
	# Saving the same log again is not a second log.
	assert hour_log_problems(entry(name="HRS-1"), TODAY, ACCEPTED, [draft]) == []
	# Another session date or another assignment is fine.
	assert hour_log_problems(entry(session_date=date(2024, 3, 11)), TODAY, ACCEPTED, [draft]) == []


def test_a_cancelled_log_is_corrected_by_amending_it():
	cancelled = ExistingLog("HRS-1", "EXP-1", "ASG-1", date(2024, 3, 10), CANCELLED, D("2"))
	assert hour_log_problems(entry(amended_from="HRS-1"), TODAY, ACCEPTED, [cancelled]) == []
	problems = hour_log_problems(entry(), TODAY, ACCEPTED, [cancelled])
	assert "Your log HRS-1 for this session was cancelled: amend it" in str(problems[0])
	approved = ExistingLog("HRS-2", "EXP-1", "ASG-1", date(2024, 3, 10), SUBMITTED, D("2"))
	problems = hour_log_problems(entry(amended_from="HRS-2"), TODAY, ACCEPTED, [approved])
	assert "Only a cancelled log can be amended; HRS-2 is not cancelled." in [str(p) for p in problems]


def test_an_amendment_does_not_count_its_cancelled_original_for_the_day_limit():
	cancelled = ExistingLog("HRS-1", "EXP-1", "ASG-1", date(2024, 3, 10), CANCELLED, D("16"))
	assert (
		hour_log_problems(entry(amended_from="HRS-1", execution_hours="16"), TODAY, ACCEPTED, [cancelled])
		== []
	)


SESSIONS = [
	Session("EXP-1", "ASG-1", date(2024, 3, 10)),  # 5 days ago, no log
	Session("EXP-1", "ASG-1", date(2024, 3, 12)),  # 3 days ago, no log
	Session("EXP-1", "ASG-1", date(2024, 3, 13)),  # 2 days ago: within the grace period
	Session("EXP-2", "ASG-1", date(2024, 3, 10)),  # logged (draft)
	Session("EXP-2", "ASG-1", date(2024, 3, 11)),  # only a cancelled log
	Session("EXP-3", "ASG-2", date(2024, 3, 20)),  # not yet held
]
LOGS = [
	ExistingLog("HRS-1", "EXP-2", "ASG-1", date(2024, 3, 10), DRAFT),
	ExistingLog("HRS-2", "EXP-2", "ASG-1", date(2024, 3, 11), CANCELLED),
]


@pytest.mark.parametrize(
	"grace, expected",
	[
		(
			3,
			[
				("EXP-1", date(2024, 3, 10), 5),
				("EXP-1", date(2024, 3, 12), 3),
				("EXP-2", date(2024, 3, 11), 4),
			],
		),
		(5, [("EXP-1", date(2024, 3, 10), 5)]),
		(6, []),
	],
)
def test_missing_logs_after_the_grace_days(grace, expected):
	found = missing_logs(SESSIONS, LOGS, TODAY, grace)
	assert [(item.member, item.session_date, item.days_since_session) for item in found] == expected
	assert all(isinstance(item, MissingLog) for item in found)


def test_a_session_today_is_not_over_yet():
	assert missing_logs([Session("EXP-1", "ASG-1", TODAY)], [], TODAY, 0) == []
	assert len(missing_logs([Session("EXP-1", "ASG-1", date(2024, 3, 14))], [], TODAY, 0)) == 1
	with pytest.raises(DomainError):
		missing_logs([], [], TODAY, -1)
