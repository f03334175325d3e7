"""Tests that can fail: patterns that make a test pass whatever the code does stay out of both
suites (the framework-free one in ``tests/`` and the site one in ``lef_members/``).

- ``assert <a count> >= 0`` (or ``assertGreaterEqual(count, 0)``): a count is never negative;
- a wall clock in a test (``time.perf_counter``, ``time.time``, ``time.monotonic``): speed is
  measured in ``benchmarks/``, a timed assertion flakes on a loaded machine and proves nothing;
- ``mock.patch`` of ``get_pdf`` in any test: a test of a PDF that fakes it tests its own fake
  (the site tests render real PDFs with wkhtmltopdf and read them back with pdftotext);
- a test module importing from another ``test_`` module: shared helpers live in helper modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST_FILES = sorted(
	p
	for p in (*ROOT.joinpath("tests").rglob("test_*.py"), *ROOT.joinpath("lef_members").rglob("test_*.py"))
	if "__pycache__" not in p.parts
)
COUNT_CALLS = {"len", "count", "sum", "get_count"}
CLOCKS = {"perf_counter", "perf_counter_ns", "time", "monotonic", "monotonic_ns", "process_time"}


def _name(node: ast.AST) -> str:
	if isinstance(node, ast.Name):
		return node.id
	if isinstance(node, ast.Attribute):
		return node.attr
	return ""


def _is_count(node: ast.AST) -> bool:
	return isinstance(node, ast.Call) and _name(node.func) in COUNT_CALLS


def _is_zero(node: ast.AST) -> bool:
	return isinstance(node, ast.Constant) and node.value == 0


def count_never_negative(tree: ast.AST) -> list[int]:
	"""Lines asserting that a count is at least 0."""
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Compare) and len(node.ops) == 1:
			left, op, right = node.left, node.ops[0], node.comparators[0]
			if (isinstance(op, ast.GtE) and _is_count(left) and _is_zero(right)) or (
				isinstance(op, ast.LtE) and _is_zero(left) and _is_count(right)
			):
				found.append(node.lineno)
		if isinstance(node, ast.Call) and _name(node.func) == "assertGreaterEqual" and len(node.args) >= 2:
			if _is_zero(node.args[1]) and (
				_is_count(node.args[0]) or isinstance(node.args[0], ast.Subscript)
			):
				found.append(node.lineno)
	return found


def wall_clocks(tree: ast.AST) -> list[int]:
	"""Lines reading a wall clock from the time module."""
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CLOCKS:
			owner = node.func.value
			if isinstance(owner, ast.Name) and owner.id in ("time", "clock", "_time"):
				found.append(node.lineno)
		if isinstance(node, ast.ImportFrom) and node.module == "time":
			if any(alias.name in CLOCKS for alias in node.names):
				found.append(node.lineno)
	return found


def fake_pdfs(tree: ast.AST) -> list[int]:
	"""Lines patching get_pdf (``patch("...get_pdf")``, ``patch.object(pdf, "get_pdf")``)."""
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Call) and _name(node.func) in ("patch", "object"):
			if "get_pdf" in ast.unparse(node):
				found.append(node.lineno)
	return found


def imports_from_test_modules(tree: ast.AST) -> list[int]:
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.ImportFrom) and node.module:
			if node.module.split(".")[-1].startswith("test_"):
				found.append(node.lineno)
		if isinstance(node, ast.Import):
			if any(alias.name.split(".")[-1].startswith("test_") for alias in node.names):
				found.append(node.lineno)
	return found


CHECKS = {
	"a count asserted to be at least 0": count_never_negative,
	"a wall clock in a test (measure speed in benchmarks/)": wall_clocks,
	"get_pdf patched (render the real PDF)": fake_pdfs,
	"an import from another test module (use a helper module)": imports_from_test_modules,
}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_no_test_that_cannot_fail(check):
	offences = []
	for path in TEST_FILES:
		tree = ast.parse(path.read_text(encoding="utf-8"))
		offences += [f"{path.relative_to(ROOT)}:{line}" for line in CHECKS[check](tree)]
	assert not offences, f"{check}:\n" + "\n".join(offences)


# --- the checks find what they look for ------------------------------------------------------------

CAUGHT = {
	count_never_negative: [
		"assert len(rows) >= 0",
		"self.assertGreaterEqual(frappe.db.count('X'), 0)",
		"self.assertGreaterEqual(result['value'], 0)",
		"assert 0 <= len(rows)",
	],
	wall_clocks: [
		"import time\nstarted = time.perf_counter()",
		"from time import monotonic",
		"import time as clock\nclock.time()",
	],
	fake_pdfs: [
		"def test_the_pdf_is_made():\n\twith patch('frappe.utils.pdf.get_pdf', fake):\n\t\tpass",
		"with patch.object(frappe.utils.pdf, 'get_pdf', fake):\n\tpass",
	],
	imports_from_test_modules: [
		"from lef_members.tests.test_hours_security import _cleanup",
		"from tests.domain.test_legal_figures import shipped",
		"import lef_members.tests.test_browser",
	],
}
PASSED = {
	count_never_negative: [
		"assert line.paid >= 0",
		"assert len(rows) >= 1",
		"self.assertEqual(len(rows), 0)",
	],
	wall_clocks: ["from datetime import time", "value = time(9, 0)"],
	fake_pdfs: [
		"with patch('frappe.sendmail', fake):\n\tpass",
		"text = pdf_text(frappe.get_print(d, n, f, as_pdf=True))",
	],
	imports_from_test_modules: ["from lef_members.tests.factories import create_member"],
}


@pytest.mark.parametrize(("check", "source"), [(c, s) for c, sources in CAUGHT.items() for s in sources])
def test_each_check_catches_its_pattern(check, source):
	assert check(ast.parse(source))


@pytest.mark.parametrize(("check", "source"), [(c, s) for c, sources in PASSED.items() for s in sources])
def test_each_check_leaves_sound_tests_alone(check, source):
	assert not check(ast.parse(source))
