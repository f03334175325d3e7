"""What the v16 line of Frappe refuses, caught in CI before it reaches a v16 site.

- SQL functions in the ``fields`` of ``get_all``/``get_list``/``get_value`` (``"count(name) as n"``):
  v16 takes fields as names only; aggregates go through the query builder.
- Calls by GET from our JavaScript and pages to endpoints that take POST only: Frappe's own
  ``frappe.client`` methods (v16 makes those that change something POST-only) and ours declared
  ``methods=["POST"]``.
- The old test base class (``FrappeTestCase``) anywhere but ``compat.py``: v16 moves tests to
  ``IntegrationTestCase``.
- The database driver's own objects (``frappe.db._conn``) anywhere but ``compat.py``: 15.41 uses
  PyMySQL, v16 mysqlclient, and their ``escape_string`` return str and bytes.
- A global of our bundles used from another file: v16 wraps each bundle, so a top-level name no
  longer leaks to ``window`` unless the bundle puts it there.

The checks read the source (``ast`` and text), without the framework.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "lef_members"
QUERY_CALLS = {"get_all", "get_list", "get_value", "get_values", "get_single_value", "get_cached_value"}
SQL_FUNCTION = re.compile(r"\w+\s*\(")


def python_files():
	return sorted(p for p in APP.rglob("*.py") if "__pycache__" not in p.parts)


def script_files():
	return sorted(
		p
		for p in APP.rglob("*")
		if p.suffix in (".js", ".html") and "node_modules" not in p.parts and "dist" not in p.parts
	)


def _strings(node) -> list[str]:
	if isinstance(node, ast.Constant) and isinstance(node.value, str):
		return [node.value]
	if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
		return [s for item in node.elts for s in _strings(item)]
	return []


def sql_functions_in_fields(source: str, filename: str = "<source>") -> list[str]:
	"""Each query call whose fields hold an SQL function, as "file:line: field"."""
	found = []
	for node in ast.walk(ast.parse(source)):
		if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
			continue
		if node.func.attr not in QUERY_CALLS:
			continue
		fields = [kw.value for kw in node.keywords if kw.arg in ("fields", "fieldname", "pluck")]
		position = 1 if node.func.attr == "get_single_value" else 2  # (doctype, [filters,] field)
		if len(node.args) > position:
			fields.append(node.args[position])
		for field in fields:
			for text in _strings(field):
				if SQL_FUNCTION.search(text):
					found.append(f"{filename}:{node.lineno}: {text!r}")
	return found


def test_no_sql_function_in_the_fields_of_a_query():
	found = [
		hit
		for path in python_files()
		for hit in sql_functions_in_fields(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
	]
	assert not found, "v16 refuses SQL functions in fields; use frappe.qb (Count, Sum, ...):\n" + "\n".join(
		found
	)


def test_the_sql_function_guard_catches_what_v16_refuses():
	bad = 'frappe.get_all("X", fields=["status", "count(name) as n"])\nfrappe.db.get_value("X", "a", "sum(amount)")\n'
	good = 'frappe.get_all("X", fields=["status", "name"], pluck="name")\nfrappe.db.get_value("X", "a", ["total"])\n'
	assert len(sql_functions_in_fields(bad)) == 2
	assert sql_functions_in_fields(good) == []


def post_only_methods() -> set[str]:
	"""Our whitelisted methods that take POST only."""
	found = set()
	for path in python_files():
		module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if not isinstance(node, ast.FunctionDef):
				continue
			for decorator in node.decorator_list:
				if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "whitelist":
					for kw in decorator.keywords:
						if kw.arg == "methods" and _strings(kw.value) == ["POST"]:
							found.add(f"{module}.{node.name}")
	return found


GET_CALL = re.compile(
	r"""(?:href=["']|fetch\(\s*[`"']|frappe\.xcall\(\s*["'](?=[^"']+["']\s*,[^)]*["']GET["']))/?(?:api/method/)?([a-zA-Z_][\w.]+\.[\w]+)"""
)
TYPE_GET = re.compile(r"""method:\s*[`"']([\w.${}]+)[`"'][^{}]*?type:\s*["']GET["']""", re.S)


def get_calls(text: str) -> list[str]:
	"""Methods a page or script reaches by GET: a link, a plain fetch, or frappe.call with type GET."""
	found = []
	for match in re.finditer(r"""(?:href=["']|fetch\(\s*[`"'])/api/method/([\w.]+)""", text):
		start = match.end()
		# fetch(url, {method: "POST"}) is a POST
		if text[match.start() : match.start() + 6] == "fetch(" and re.match(
			r"""[^)]*method:\s*["']POST["']""", text[start : start + 400], re.S
		):
			continue
		found.append(match.group(1))
	found += TYPE_GET.findall(text)
	return found


def test_nothing_reaches_a_post_only_endpoint_by_get():
	post_only = post_only_methods()
	wrong = []
	for path in script_files():
		for method in get_calls(path.read_text(encoding="utf-8")):
			if method.startswith("frappe.client.") or method in post_only:
				wrong.append(f"{path.relative_to(ROOT)}: {method}")
	assert not wrong, "v16 takes these by POST only:\n" + "\n".join(wrong)


def test_the_get_guard_sees_links_fetches_and_get_calls():
	page = (
		'<a href="/api/method/lef_members.api.hours.statement?x=1">pdf</a>'
		'fetch("/api/method/frappe.client.set_value?x=1");'
		'fetch("/api/method/lef_members.api.portal.save_profile", {method: "POST", body});'
		'frappe.call({method: "frappe.client.delete", type: "GET", args: {}});'
	)
	assert get_calls(page) == [
		"lef_members.api.hours.statement",
		"frappe.client.set_value",
		"frappe.client.delete",
	]
	assert "lef_members.lef_moving_in.moving_in.dry_run" in post_only_methods()


def test_the_old_test_base_class_is_named_only_in_compat():
	named = [
		str(p.relative_to(ROOT))
		for p in python_files()
		if "FrappeTestCase" in p.read_text(encoding="utf-8") and p.name != "compat.py"
	]
	assert not named, f"import the base class through lef_members.compat: {named}"


DRIVER_CONNECTION = re.compile(r"\bdb\._conn\b")


def driver_uses(text: str) -> list[str]:
	return [line.strip() for line in text.splitlines() if DRIVER_CONNECTION.search(line)]


def test_the_database_driver_is_reached_only_in_compat():
	named = [
		f"{p.relative_to(ROOT)}: {line}"
		for p in python_files()
		if p.name != "compat.py"
		for line in driver_uses(p.read_text(encoding="utf-8"))
	]
	assert not named, f"reach the driver through lef_members.compat: {named}"


def test_the_driver_guard_sees_the_connection():
	assert driver_uses("escape = frappe.db._conn.escape_string\nx = frappe.db._cursor") == [
		"escape = frappe.db._conn.escape_string"
	]
	assert driver_uses("frappe.db.connection") == []


TOP_LEVEL = re.compile(r"^(?:function\s+(\w+)|(?:const|let|var)\s+(\w+)\s*=)", re.M)


def test_our_bundles_leak_no_global_another_file_relies_on():
	bundles = sorted((APP / "public" / "js").glob("*.bundle.js"))
	assert bundles, "no bundle found: the check would check nothing"
	others = [p for p in script_files() if p not in bundles]
	leaks = []
	for bundle in bundles:
		text = bundle.read_text(encoding="utf-8")
		for match in TOP_LEVEL.finditer(text):
			name = match.group(1) or match.group(2)
			if f"window.{name}" in text:
				continue  # put on window on purpose
			for other in others:
				if re.search(rf"(?<![\w.$]){re.escape(name)}\s*\(", other.read_text(encoding="utf-8")):
					leaks.append(f"{bundle.name}: {name} used by {other.relative_to(ROOT)}")
	assert not leaks, "v16 wraps bundles; attach these to window:\n" + "\n".join(leaks)
