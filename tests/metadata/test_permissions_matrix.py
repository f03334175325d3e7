"""The written permission matrix is what the DocType and report JSON grant, and its page is current.

``lef_members/permissions_matrix.json`` is the statement; ``docs/permissions.md`` is rendered
from it. A permission row added, dropped or widened in a DocType without the matrix (or the
other way round) fails here, before any site is involved.
"""

import json
from pathlib import Path

import pytest

from lef_members.setup.permissions_doc import PAGE, RIGHTS, load_matrix, render, rows_from_doctype
from tests.metadata.checker import read_modules

APP_ROOT = Path(__file__).resolve().parents[2]
MODULES = read_modules(APP_ROOT, [])


def _json_files(kind: str) -> dict[str, dict]:
	found = {}
	for path in sorted(p for folder in MODULES.values() for p in (folder / kind).glob("*/*.json")):
		data = json.loads(path.read_text(encoding="utf-8"))
		if data.get("doctype") in ("DocType", "Report") and data.get("name"):
			found[data["name"]] = data
	return found


DOCTYPES = _json_files("doctype")
REPORTS = _json_files("report")
MATRIX = load_matrix()
PARENTS = sorted(name for name, data in DOCTYPES.items() if not data.get("istable"))


def test_every_doctype_is_in_the_matrix_once():
	assert sorted(MATRIX["doctypes"]) == PARENTS
	assert sorted(MATRIX["child_tables"]) == sorted(n for n, d in DOCTYPES.items() if d.get("istable"))


@pytest.mark.parametrize("doctype", PARENTS)
def test_doctype_permissions_match_the_matrix(doctype):
	assert rows_from_doctype(DOCTYPES[doctype]) == MATRIX["doctypes"][doctype]


@pytest.mark.parametrize("doctype", sorted(n for n, d in DOCTYPES.items() if d.get("istable")))
def test_child_tables_grant_nothing_of_their_own(doctype):
	assert not DOCTYPES[doctype].get("permissions")


def test_members_and_guest_have_no_desk_right_anywhere():
	for doctype, roles in MATRIX["doctypes"].items():
		assert "LEF Member" not in roles, doctype
		assert "Guest" not in roles, doctype
		assert "All" not in roles, doctype


def test_finance_never_reads_health_data():
	for doctype, roles in MATRIX["doctypes"].items():
		assert "1" not in roles.get("LEF Finance", {}), doctype
	member = DOCTYPES["Expert by Experience"]
	level = {f["fieldname"]: f.get("permlevel", 0) for f in member["fields"]}
	for field in (
		"themes",
		"benefit_status",
		"confidential_notes",
		"leaving_reason",
		"doctor_permission_date",
	):
		assert level[field] == 1, field
	invitation = {f["fieldname"]: f.get("permlevel", 0) for f in DOCTYPES["Assignment Expert"]["fields"]}
	for field in ("match_reasons", "decline_reason", "wellbeing", "debrief_notes"):
		assert invitation[field] == 1, field


def test_every_right_in_the_matrix_is_known():
	for roles in MATRIX["doctypes"].values():
		for levels in roles.values():
			for rights in levels.values():
				assert set(rights) <= set(RIGHTS)


def test_reports_match_the_matrix():
	assert sorted(MATRIX["reports"]) == sorted(REPORTS)
	for name, data in REPORTS.items():
		assert MATRIX["reports"][name]["ref_doctype"] == data["ref_doctype"]
		assert MATRIX["reports"][name]["roles"] == sorted(r["role"] for r in data.get("roles") or [])
		assert "LEF Member" not in MATRIX["reports"][name]["roles"]
		assert "Guest" not in MATRIX["reports"][name]["roles"]


def test_a_report_is_only_for_roles_that_read_its_doctype():
	for name, spec in MATRIX["reports"].items():
		readers = {
			role
			for role, levels in MATRIX["doctypes"][spec["ref_doctype"]].items()
			if "read" in levels.get("0", [])
		}
		assert set(spec["roles"]) <= readers, name


def test_the_page_is_rendered_from_the_matrix():
	assert PAGE.read_text(encoding="utf-8") == render(MATRIX), (
		"run: python -m lef_members.setup.permissions_doc"
	)
