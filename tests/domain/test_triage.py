"""Triage of requests: the status path, what an accepted request becomes, small helpers."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lef_members.domain import triage as t
from lef_members.domain.errors import TransitionError
from lef_members.domain.requests import ON_SITE, ONLINE, RequestedDate

# --- the status path ---------------------------------------------------------------------

ALLOWED = [
	(t.NEW, t.IN_REVIEW),
	(t.NEW, t.ACCEPTED),
	(t.IN_REVIEW, t.NEEDS_INFO),
	(t.NEEDS_INFO, t.IN_REVIEW),
	(t.NEEDS_INFO, t.ACCEPTED),
	(t.IN_REVIEW, t.DECLINED),
	(t.DECLINED, t.IN_REVIEW),
]
REFUSED = [
	(t.ACCEPTED, t.IN_REVIEW),
	(t.ACCEPTED, t.DECLINED),
	(t.DECLINED, t.ACCEPTED),
	(t.IN_REVIEW, t.NEW),
	(t.NEEDS_INFO, t.NEW),
]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_steps_on_the_path_are_allowed(old, new):
	t.check_status_change(old, new, message="Hoeveel deelnemers?", reason="Other")


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_steps_off_the_path_are_refused_with_the_next_steps(old, new):
	with pytest.raises(TransitionError) as info:
		t.check_status_change(old, new, message="x", reason="Other")
	assert info.value.field == "status"
	if old == t.ACCEPTED:
		assert "no longer change" in str(info.value)
	else:
		assert "the next step is" in str(info.value)


def test_an_unknown_status_is_refused():
	with pytest.raises(TransitionError):
		t.check_status_change(t.NEW, "Lost")


def test_declining_needs_a_reason():
	with pytest.raises(TransitionError) as info:
		t.check_status_change(t.IN_REVIEW, t.DECLINED, message="Sorry", reason="  ")
	assert info.value.field == "decline_reason"


def test_asking_for_information_needs_the_question():
	with pytest.raises(TransitionError) as info:
		t.check_status_change(t.IN_REVIEW, t.NEEDS_INFO, message="")
	assert info.value.field == "message_to_requester"


def test_a_message_has_a_sane_length():
	with pytest.raises(TransitionError):
		t.check_status_change(t.IN_REVIEW, t.NEEDS_INFO, message="?" * (t.MAX_MESSAGE_LENGTH + 1))


@given(st.sampled_from(t.STATUSES), st.sampled_from(t.STATUSES))
def test_every_move_is_either_on_the_path_or_refused(old, new):
	try:
		t.check_status_change(old, new, message="Vraag", reason="Other")
	except TransitionError:
		assert new != old and new not in t.allowed_next(old)
	else:
		assert new == old or new in t.allowed_next(old)


def test_accepted_is_final_and_reachable_from_every_open_status():
	assert t.allowed_next(t.ACCEPTED) == frozenset()
	for status in (t.NEW, t.IN_REVIEW, t.NEEDS_INFO):
		assert t.ACCEPTED in t.allowed_next(status)


# --- from request to assignment ------------------------------------------------------------

TALK = t.AssignmentTypeDefaults(
	name="Recovery story", billing_mode="Per hour", default_rate=75, default_experts_needed=2
)


def accepted(**changes) -> t.AcceptedRequest:
	values = {
		"name": "LEF-REQ-2026-00001",
		"title": "Herstelverhaal",
		"assignment_type": "Recovery story",
		"description": "Een getuigenis.",
		"audience": "Verpleegkundigen",
		"language": "nl",
		"location_type": ON_SITE,
		"address": "Kerkstraat 1",
		"postcode": "3500",
		"city": "Hasselt",
		"number_of_experts": 3,
		"dates": (
			RequestedDate(date(2026, 5, 2), time(13, 0), time(15, 0)),
			RequestedDate(date(2026, 4, 1), time(9, 30), time(11, 0)),
		),
		"wished_themes": ("Addiction", "Psychosis", "Addiction"),
	}
	values.update(changes)
	return t.AcceptedRequest(**values)


def test_an_accepted_request_becomes_a_draft_assignment_with_everything_it_asked():
	values = t.assignment_values(accepted(), TALK, organisation="ORG", contact="C-1", coordinator="co@lef")
	assert values["status"] == "Draft"
	assert values["expert_request"] == "LEF-REQ-2026-00001"
	assert (values["organisation"], values["contact"], values["coordinator"]) == ("ORG", "C-1", "co@lef")
	assert values["experts_needed"] == 3
	assert (values["billing_mode"], values["agreed_rate"]) == ("Per hour", 75)
	assert (values["address"], values["postcode"], values["municipality"]) == (
		"Kerkstraat 1",
		"3500",
		"Hasselt",
	)
	assert values["sessions"] == [
		{"session_date": date(2026, 4, 1), "start_time": "09:30:00", "end_time": "11:00:00"},
		{"session_date": date(2026, 5, 2), "start_time": "13:00:00", "end_time": "15:00:00"},
	]
	assert values["wished_themes"] == [{"experience_theme": "Addiction"}, {"experience_theme": "Psychosis"}]


def test_online_work_keeps_no_address_and_the_type_sets_the_number_when_none_was_asked():
	values = t.assignment_values(accepted(location_type=ONLINE, number_of_experts=0, dates=()), TALK)
	assert (values["address"], values["postcode"], values["municipality"]) == ("", "", "")
	assert values["experts_needed"] == 2
	assert values["sessions"] == []


def test_a_long_audience_is_shortened_for_the_assignment():
	values = t.assignment_values(accepted(audience="Verpleegkundigen en artsen " * 20), TALK)
	assert len(values["audience"]) <= t.ASSIGNMENT_AUDIENCE_MAX
	assert values["audience"].endswith("…")


@pytest.mark.parametrize(
	("text", "expected"),
	[
		("kort", "kort"),
		("een  twee\ndrie", "een twee drie"),
		("woord " * 40, None),
	],
)
def test_shorten(text, expected):
	short = t.shorten(text, 30)
	assert len(short) <= 30
	if expected is not None:
		assert short == expected
	else:
		assert short.endswith("…") and not short.endswith(" …")


@pytest.mark.parametrize(
	("name", "expected"),
	[
		("An Peeters", ("An", "Peeters")),
		("  Jan Van den Broeck ", ("Jan", "Van den Broeck")),
		("Madonna", ("Madonna", "")),
		("", ("", "")),
	],
)
def test_split_person_name(name, expected):
	assert t.split_person_name(name) == expected


THEMES = {
	"Addiction": ["Verslaving"],
	"Eating disorder": ["Eetstoornis"],
	"Psychosis": ["Psychose"],
	"Self-harm": ["Zelfbeschadiging"],
}


@pytest.mark.parametrize(
	("text", "expected"),
	[
		("Iets over VERSLAVING en een eetstoornis.", ["Addiction", "Eating disorder"]),
		("psychosis, self-harm", ["Psychosis", "Self-harm"]),
		("Psychosegevoelig", []),  # whole words only
		("", []),
	],
)
def test_themes_are_suggested_from_whole_words_in_any_language(text, expected):
	assert t.suggest_themes(text, THEMES) == expected


def test_a_repeat_is_the_same_address_and_title():
	first = t.Submission("an@anker.be", "Herstelverhaal voor ons team")
	assert t.is_repeat(t.Submission("AN@anker.be ", "herstelverhaal voor ons team!"), [first])
	assert not t.is_repeat(t.Submission("an@anker.be", "Een andere vraag"), [first])
	assert not t.is_repeat(t.Submission("bo@anker.be", "Herstelverhaal voor ons team"), [first])
	assert not t.is_repeat(t.Submission("", ""), [t.Submission("", "")])


@pytest.mark.parametrize(
	("today", "months", "expected"),
	[
		(date(2026, 3, 31), 24, date(2024, 3, 31)),
		(date(2026, 3, 31), 1, date(2026, 2, 28)),
		(date(2026, 1, 15), 3, date(2025, 10, 15)),
		(date(2024, 2, 29), 12, date(2023, 2, 28)),
		(date(2026, 3, 31), 0, None),
	],
)
def test_retention_cutoff(today, months, expected):
	assert t.retention_cutoff(today, months) == expected


@pytest.mark.parametrize(
	("values", "fields"),
	[
		((1, 2, "Per session", 100), []),
		((0, 2, "Per session", 0), ["default_experts_needed"]),
		((11, 2, "Per session", 0), ["default_experts_needed"]),
		((1, 0, "Per hour", 0), ["default_duration_hours"]),
		((1, 25, "Per hour", 0), ["default_duration_hours"]),
		((1, 2, "Flat", -5), ["default_rate"]),
		((1, 2, "Free", 10), ["default_rate"]),
		((1, 2, "Free", 0), []),
	],
)
def test_assignment_type_defaults(values, fields):
	assert [p.field for p in t.assignment_type_problems(*values)] == fields
