"""The README's layout tree is true: what it names exists, and every part of the package is in it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lef_members"
# Files every Python package or Frappe app has, which a tree for newcomers leaves out.
UNLISTED = {"__init__.py", "__pycache__"}


def tree() -> list[tuple[str, str]]:
	"""(names, description) for each line of the tree under lef_members/ in the README."""
	readme = (ROOT / "README.md").read_text(encoding="utf-8")
	block = re.search(r"## Layout\n.*?```\n(.*?)```", readme, re.S).group(1)
	entries, inside = [], False
	for line in block.splitlines():
		if line.startswith("lef_members/"):
			inside = True
			continue
		if not line.startswith("  "):
			inside = False
		if inside and line.startswith("  ") and not line.startswith("   "):
			names, _, description = line.strip().partition("  ")
			entries.append((names, description.strip()))
		elif inside and entries:
			entries[-1] = (entries[-1][0], entries[-1][1] + " " + line.strip())
	return entries


def listed_names() -> dict[str, str]:
	"""{name as in the package: its description}; "tests/ (on a site)" gives "tests"."""
	names = {}
	for group, description in tree():
		for name in re.split(r",\s*", group):
			names[re.sub(r"\s*\(.*\)$", "", name).rstrip("/")] = description
	return names


def test_the_tree_names_only_what_exists():
	missing = [name for name in listed_names() if not (PACKAGE / name).exists()]
	assert not missing, f"README layout names what the package lacks: {missing}"


def test_every_part_of_the_package_is_in_the_tree():
	names = listed_names()
	unlisted = sorted(p.name for p in PACKAGE.iterdir() if p.name not in UNLISTED and p.name not in names)
	assert not unlisted, f"README layout leaves out: {unlisted}"


def test_the_files_a_module_line_names_are_in_that_module():
	"""privacy.py under lef_members/, payouts.py under lef_hours/: where the tree says."""
	wrong = []
	for name, description in listed_names().items():
		for mentioned in re.findall(r"\b([a-z_]+(?:\.py|/))", description):
			if mentioned.endswith("/") and mentioned[:-1] in {"docs", "tests"}:
				continue
			if not (PACKAGE / name / mentioned.rstrip("/")).exists():
				wrong.append(f"{name}/{mentioned}")
	assert not wrong, f"README layout places these where they are not: {wrong}"


def test_every_module_of_modules_txt_is_in_the_tree():
	modules = (PACKAGE / "modules.txt").read_text(encoding="utf-8").split("\n")
	folders = {m.strip().lower().replace(" ", "_") for m in modules if m.strip()}
	assert folders <= set(listed_names())
