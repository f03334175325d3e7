"""Anonymising a member removes every child table of theirs and every field that copies one."""

import json
from pathlib import Path

from lef_members.domain.privacy import MEMBER_PERSONAL_FIELDS, MEMBER_PERSONAL_TABLES

MEMBER = (
	Path(__file__).resolve().parents[2]
	/ "lef_members/lef_members/doctype/expert_by_experience/expert_by_experience.json"
)
FIELDS = {f["fieldname"]: f for f in json.loads(MEMBER.read_text(encoding="utf-8"))["fields"]}


def test_every_child_table_of_the_member_is_removed_on_anonymisation():
	tables = {name for name, f in FIELDS.items() if f["fieldtype"] in ("Table", "Table MultiSelect")}
	assert tables == set(MEMBER_PERSONAL_TABLES)


def test_the_matching_profile_and_the_members_pace_are_personal():
	for field in (
		"matching_profile",
		"rest_days_after_heavy",
		"last_intervision_on",
		"intervision_invited_on",
	):
		assert field in FIELDS
		assert field in MEMBER_PERSONAL_FIELDS, field
