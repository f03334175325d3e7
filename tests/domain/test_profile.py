"""The matching profile round-trips the member's child rows and refuses what it cannot read."""

from datetime import date

from lef_members.domain.availability import Absence, Slot
from lef_members.domain.profile import decode_profile, encode_profile


def test_a_profile_reads_back_what_was_written():
	text = encode_profile(
		slots=[("Tuesday", "Morning"), ("Monday", "Evening")],
		skills=["co-teaching", "recovery story", ""],
		languages=["Dutch"],
		themes=[("Psychosis", 1, "Yes", None), ("Addiction", 0, "Not now", date(2026, 12, 31))],
		absences=[(date(2026, 12, 20), "2026-12-27", "holiday"), (None, None, "")],
		declined=["Press and media"],
	)
	profile = decode_profile(text)
	assert profile.slots == {Slot("Tuesday", "Morning"), Slot("Monday", "Evening")}
	assert profile.skills == {"co-teaching", "recovery story"}
	assert profile.languages == {"Dutch"}
	assert profile.themes == (
		("Psychosis", True, "Yes", None),
		("Addiction", False, "Not now", date(2026, 12, 31)),
	)
	assert profile.absences == (Absence(date(2026, 12, 20), date(2026, 12, 27), "holiday"),)
	assert profile.declined == {"Press and media"}


def test_a_missing_broken_or_other_version_profile_reads_as_none():
	for text in (None, "", "not json", "[]", '{"v": 0}', '{"v": 1, "slots": [["Tuesday"]]}', '{"v": 1}'):
		assert decode_profile(text) is None, text
	good = encode_profile([], [], [], [], [], [])
	assert decode_profile(good) is not None
