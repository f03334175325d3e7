"""The app's own imports: at the top of each module, in an order with no circle.

An import inside a function hides a circle (two modules that need each other) or costs a
reader the map of what a module uses. Where one cannot be avoided, a comment on its line says
why. The graph is read from the source (``ast``), so it holds without the framework.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lef_members"


def _is_test(path: Path) -> bool:
	return "tests" in path.relative_to(PACKAGE).parts or path.name.startswith("test_")


def _modules() -> dict[str, Path]:
	found = {}
	for path in PACKAGE.rglob("*.py"):
		if "node_modules" in path.parts or _is_test(path):
			continue
		name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
		found[name.removesuffix(".__init__")] = path
	return found


MODULES = _modules()


def _target(name: str) -> str | None:
	"""The module an imported name lives in (``a.b.c`` may be the attribute ``c`` of ``a.b``)."""
	while name and name not in MODULES:
		name = name.rpartition(".")[0]
	return name or None


def _imports(path: Path):
	"""(module imported, line, inside a function, the source line) for each import of ours."""
	tree = ast.parse(path.read_text(encoding="utf-8"))
	lines = path.read_text(encoding="utf-8").splitlines()

	def visit(node, in_function):
		for child in ast.iter_child_nodes(node):
			if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
				names = [f"{child.module}.{alias.name}" for alias in child.names]
			elif isinstance(child, ast.Import):
				names = [alias.name for alias in child.names]
			else:
				names = []
			for name in names:
				if name.startswith("lef_members"):
					yield _target(name), child.lineno, in_function, lines[child.lineno - 1]
			yield from visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

	yield from visit(tree, False)


def _graph() -> dict[str, set[str]]:
	graph = {}
	for name, path in MODULES.items():
		graph[name] = {
			target
			for target, _line, inner, _text in _imports(path)
			if target and target != name and not inner
		}
	return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""Strongly connected groups of more than one module (Tarjan)."""
	index: dict[str, int] = {}
	low: dict[str, int] = {}
	stack: list[str] = []
	on_stack: set[str] = set()
	found: list[list[str]] = []

	def strong(node: str) -> None:
		index[node] = low[node] = len(index)
		stack.append(node)
		on_stack.add(node)
		for other in graph.get(node, ()):
			if other not in index:
				strong(other)
				low[node] = min(low[node], low[other])
			elif other in on_stack:
				low[node] = min(low[node], index[other])
		if low[node] == index[node]:
			group = []
			while True:
				other = stack.pop()
				on_stack.discard(other)
				group.append(other)
				if other == node:
					break
			if len(group) > 1:
				found.append(sorted(group))

	for node in sorted(graph):
		if node not in index:
			strong(node)
	return found


def test_the_modules_of_the_app_import_each_other_without_a_circle():
	assert _circles(_graph()) == []


def test_an_import_of_ours_inside_a_function_says_why():
	hidden = [
		f"{path.relative_to(ROOT)}:{line}"
		for path in MODULES.values()
		for _target_name, line, inner, text in _imports(path)
		if inner and "#" not in text
	]
	assert hidden == []


def test_the_checker_sees_a_circle():
	assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
	assert _circles({"a": {"b"}, "b": set()}) == []


def test_the_checker_knows_the_apps_modules():
	assert "lef_members.domain.allowances" in MODULES
	assert _target("lef_members.domain.formats.format_money") == "lef_members.domain.formats"


def test_database_plumbing_below_frappe_lives_in_one_helper():
	"""Only ``lef_members/utilities/database.py`` reaches Frappe's private cursor and connection,
	and ``lef_members/compat.py`` the connection's escaping (which differs by driver)."""
	reaching = [
		str(path.relative_to(ROOT))
		for name, path in MODULES.items()
		if name not in ("lef_members.utilities.database", "lef_members.compat")
		and any(word in path.read_text(encoding="utf-8") for word in ("db._cursor", "db._conn"))
	]
	assert reaching == []
