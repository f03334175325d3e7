"""The written permission matrix (``lef_members/permissions_matrix.json``) and its page.

Plain Python, no framework: ``python -m lef_members.setup.permissions_doc`` writes
``docs/permissions.md`` from the matrix. The matrix is the statement of who may do what; two
tests hold the app to it: ``tests/metadata/test_permissions_matrix.py`` against the DocType and
report JSON, and ``lef_members/tests/test_permission_matrix.py`` against a site's effective
permissions.
"""

import json
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
MATRIX = APP / "permissions_matrix.json"
PAGE = APP.parent / "docs" / "permissions.md"

# Every right a DocPerm row can grant, in the order the page shows them.
RIGHTS = (
	"read",
	"write",
	"create",
	"submit",
	"cancel",
	"amend",
	"delete",
	"export",
	"import",
	"report",
	"print",
	"email",
	"share",
)
ROLES = ("System Manager", "LEF Coordinator", "LEF Finance", "LEF Member", "LEF Organisation", "Guest")
SHORT = {
	"read": "R",
	"write": "W",
	"create": "C",
	"submit": "S",
	"cancel": "X",
	"amend": "A",
	"delete": "D",
	"export": "E",
	"import": "I",
	"report": "Rp",
	"print": "P",
	"email": "M",
	"share": "Sh",
}


def load_matrix(path: Path = MATRIX) -> dict:
	return json.loads(path.read_text(encoding="utf-8"))


def rows_from_doctype(doctype: dict) -> dict[str, dict[str, list[str]]]:
	"""{role: {permlevel: [rights]}} from a DocType JSON's permission rows."""
	result: dict[str, dict[str, list[str]]] = {}
	for row in doctype.get("permissions") or []:
		rights = [right for right in RIGHTS if row.get(right)]
		level = str(row.get("permlevel") or 0)
		if row.get("if_owner"):
			level += " (owner)"
		result.setdefault(row["role"], {}).setdefault(level, [])
		result[row["role"]][level] = sorted(set(result[row["role"]][level]) | set(rights), key=RIGHTS.index)
	return result


def render(matrix: dict) -> str:
	lines = [
		"# Permission matrix",
		"",
		"Generated from `lef_members/permissions_matrix.json` by",
		"`python -m lef_members.setup.permissions_doc`; do not edit by hand. Two tests hold the app to",
		"it: `tests/metadata/test_permissions_matrix.py` compares it with every DocType's and report's",
		"JSON (no site needed), `lef_members/tests/test_permission_matrix.py` with the effective",
		"permissions of a user holding only that role on an installed site.",
		"",
		"Rights: " + ", ".join(f"{SHORT[r]} = {r}" for r in RIGHTS) + ".",
		"A role not listed for a DocType has no right on it at any level.",
		"",
		"## Rules that the table cannot show",
		"",
	]
	lines += [f"- {rule}" for rule in matrix["rules"]]
	lines += ["", "## Permission levels", ""]
	for doctype, levels in matrix["levels"].items():
		for level, text in levels.items():
			lines.append(f"- **{doctype}**, level {level}: {text}")
	lines += ["", "## DocTypes", "", "| DocType | Role | Level | Rights |", "|---|---|---|---|"]
	for doctype, roles in matrix["doctypes"].items():
		if not roles:
			lines.append(f"| {doctype} | (nobody in the desk) | | |")
		for role, levels in roles.items():
			for level, rights in levels.items():
				lines.append(f"| {doctype} | {role} | {level} | {' '.join(SHORT[r] for r in rights)} |")
	lines += ["", "## Child tables", ""]
	lines.append(
		"Child tables have no rights of their own: they follow their parent. "
		+ ", ".join(f"`{name}`" for name in matrix["child_tables"])
		+ "."
	)
	lines += ["", "## Reports", "", "| Report | Based on | Roles |", "|---|---|---|"]
	for report, spec in matrix["reports"].items():
		lines.append(f"| {report} | {spec['ref_doctype']} | {', '.join(spec['roles'])} |")
	lines += ["", "## Members and Guest", ""]
	lines += [f"- {rule}" for rule in matrix["portal"]]
	return "\n".join(lines) + "\n"


def main() -> None:
	PAGE.parent.mkdir(exist_ok=True)
	PAGE.write_text(render(load_matrix()), encoding="utf-8")


if __name__ == "__main__":
	main()
