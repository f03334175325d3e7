"""Collect every user-facing string of the app, and read/write gettext catalogues.

Framework-free: used by tests/test_translations.py to check that locale/nl.po
translates everything, and as a tool to refresh locale/main.pot:

    python -m tests.i18n            # rewrite lef_members/locale/main.pot

Sources: ``_("...")`` and ``_lt("...")`` in Python, ``{{ _("...") }}`` in Jinja templates, ``__("...")`` in
JavaScript, and in the JSON metadata: DocType names, labels, descriptions, Select
options, web form and report titles, role names, workspace labels, and the names of
shipped master records whose DocType is translated.

Words other apps translate differently (``lef_members/locale/shared_words.txt``:
"Done", "Left", "Certificate", ...) carry a translation context, so our meaning holds
whichever app is installed last and theirs is left alone. Frappe looks labels and Select
options up with their DocType as context; our own code passes one (``_("Done",
context="Training Enrollment")``). A contextual entry is keyed ``context + "\\x04" + msgid``,
as gettext stores it.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

from tests.metadata.checker import read_modules

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "lef_members"
LOCALE = APP / "locale"

_JINJA_RE = re.compile(
	r"""(?<![\w.])_\(\s*(?P<q>["'])(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*"""
	r"""(?:,\s*context\s*=\s*(?P<cq>["'])(?P<c>(?:\\.|(?!(?P=cq)).)*)(?P=cq)\s*)?[,)]""",
	re.S,
)
_JS_RE = re.compile(
	r"""(?<![\w.])__\(\s*(?P<q>["'`])(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*"""
	r"""(?:,\s*(?:null|\[[^\]]*\])\s*,\s*(?P<cq>["'`])(?P<c>(?:\\.|(?!(?P=cq)).)*)(?P=cq)\s*)?[,)]""",
	re.S,
)
DOCFIELD_TEXT = ("label", "description")
CONTEXT_SEPARATOR = "\x04"


def _read_shared_words() -> frozenset[str]:
	path = LOCALE / "shared_words.txt"
	if not path.exists():
		return frozenset()
	lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
	return frozenset(line for line in lines if line and not line.startswith("#"))


SHARED_WORDS = _read_shared_words()


def with_context(msgid: str, context: str | None) -> str:
	"""The catalogue key of a string looked up with a context (gettext's own encoding)."""
	return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid


def split_key(key: str) -> tuple[str | None, str]:
	"""(context, msgid) of a catalogue key."""
	if CONTEXT_SEPARATOR in key:
		context, msgid = key.split(CONTEXT_SEPARATOR, 1)
		return context, msgid
	return None, key


def python_strings(path: Path) -> set[str]:
	found = set()
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	for node in ast.walk(tree):
		if (
			isinstance(node, ast.Call)
			and isinstance(node.func, ast.Name)
			and node.func.id in ("_", "_lt")
			and node.args
			and isinstance(node.args[0], ast.Constant)
			and isinstance(node.args[0].value, str)
		):
			context = next(
				(
					kw.value.value
					for kw in node.keywords
					if kw.arg == "context"
					and isinstance(kw.value, ast.Constant)
					and isinstance(kw.value.value, str)
				),
				None,
			)
			found.add(with_context(node.args[0].value, context))
	return found


def _unescape(text: str) -> str:
	return re.sub(r"\\(.)", r"\1", text)


def _matches(regex: re.Pattern, path: Path) -> set[str]:
	return {
		with_context(_unescape(m.group("s")), _unescape(m.group("c")) if m.group("c") else None)
		for m in regex.finditer(path.read_text(encoding="utf-8"))
	}


def template_strings(path: Path) -> set[str]:
	return _matches(_JINJA_RE, path)


def js_strings(path: Path) -> set[str]:
	return _matches(_JS_RE, path)


def _in_doctype(text: str, doctype: str) -> str:
	"""Frappe looks a DocType's labels and options up with the DocType as context."""
	return with_context(text, doctype) if text in SHARED_WORDS else text


def doctype_strings(doc: dict) -> set[str]:
	doctype = doc.get("name", "")
	found = {doctype}
	if doc.get("description"):
		found.add(doc["description"])
	for field in doc.get("fields", []):
		for key in DOCFIELD_TEXT:
			if field.get(key):
				found.add(_in_doctype(field[key], doctype))
		if (
			field.get("fieldtype") == "Select"
			and field.get("options")
			and field.get("fieldname") != "naming_series"
		):
			found.update(
				_in_doctype(option, doctype) for option in field["options"].split("\n") if option.strip()
			)
	return found


def json_strings(path: Path) -> set[str]:
	doc = json.loads(path.read_text(encoding="utf-8"))
	found: set[str] = set()
	if isinstance(doc, dict):
		kind = doc.get("doctype")
		if kind == "DocType":
			found |= doctype_strings(doc)
		elif kind == "Web Form":
			for key in ("title", "introduction_text", "success_title", "success_message", "button_label"):
				if doc.get(key):
					found.add(doc[key])
			# the web form's fields are looked up with the form's DocType as context
			doctype = doc.get("doc_type", "")
			for field in doc.get("web_form_fields", []):
				for key in ("label", "description"):
					if field.get(key):
						found.add(_in_doctype(field[key], doctype))
				if field.get("fieldtype") == "Select" and field.get("options"):
					found.update(_in_doctype(o, doctype) for o in field["options"].split("\n") if o.strip())
		elif kind in (
			"Report",
			"Workspace",
			"Number Card",
			"Dashboard Chart",
			"Print Format",
			"Notification",
		):
			for key in ("name", "label", "title", "subject"):
				if doc.get(key):
					found.add(doc[key])
			for link in doc.get("links", []) + doc.get("shortcuts", []):
				if link.get("label"):
					found.add(link["label"])
				if link.get("format"):
					found.add(link["format"])
			if kind == "Workspace":
				found |= workspace_header_strings(doc.get("content"))
	elif isinstance(doc, list):
		for record in doc:
			if record.get("doctype") == "Role":
				found.add(record["role_name"])
	return {s for s in found if s}


def workspace_header_strings(content) -> set[str]:
	"""The text of a workspace's header blocks (Frappe translates it without its markup)."""
	try:
		blocks = json.loads(content or "[]")
	except ValueError:
		return set()
	found = set()
	for block in blocks if isinstance(blocks, list) else []:
		if isinstance(block, dict) and block.get("type") == "header":
			text = re.sub(r"<[^>]+>", "", (block.get("data") or {}).get("text") or "").strip()
			if text:
				found.add(text.replace("&amp;", "&"))
	return found


def master_data_strings() -> set[str]:
	"""Names of shipped records of translated DocTypes (themes, skills, ...)."""
	found: set[str] = set()
	translated = set()
	for path in sorted(
		p for folder in read_modules(ROOT, []).values() for p in (folder / "doctype").glob("*/*.json")
	):
		doc = json.loads(path.read_text(encoding="utf-8"))
		if doc.get("translated_doctype"):
			translated.add(doc["name"])
	for path in (APP / "setup" / "master_data").glob("*.json"):
		for record in json.loads(path.read_text(encoding="utf-8")):
			if record.get("doctype") in translated:
				key = next(v for k, v in record.items() if k.endswith("_name"))
				found.add(key)
				if key in SHARED_WORDS:
					found.add(with_context(key, record["doctype"]))
	return found


def collect() -> dict[str, set[str]]:
	"""Every translatable string, mapped to the files it comes from."""
	strings: dict[str, set[str]] = {}

	def add(items: set[str], source: Path) -> None:
		for item in items:
			strings.setdefault(item, set()).add(str(source.relative_to(ROOT)))

	for path in APP.rglob("*"):
		if "__pycache__" in path.parts or not path.is_file():
			continue
		if (
			path.suffix == ".py"
			and "tests" not in path.relative_to(APP).parts
			and not path.name.startswith("test_")
		):
			add(python_strings(path), path)
		elif path.suffix == ".html":
			add(template_strings(path), path)
		elif path.suffix == ".js":
			add(js_strings(path), path)
		elif path.suffix == ".json" and "master_data" not in path.parts:
			add(json_strings(path), path)
	for item in master_data_strings():
		strings.setdefault(item, set()).add("lef_members/setup/master_data")
	return strings


# --- gettext catalogues ---------------------------------------------------------


def _po_quote(text: str) -> str:
	return (
		'"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
	)


def _po_unquote(text: str) -> str:
	body = text.strip()[1:-1]
	out, i = [], 0
	while i < len(body):
		ch = body[i]
		if ch == "\\" and i + 1 < len(body):
			nxt = body[i + 1]
			out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, nxt))
			i += 2
		else:
			out.append(ch)
			i += 1
	return "".join(out)


def read_po(path: Path) -> dict[str, str]:
	"""key -> msgstr of a .po file; a key is the msgid, or ``msgctxt + "\\x04" + msgid`` (no plurals)."""
	entries: dict[str, str] = {}
	context = msgid = msgstr = None
	current = None

	def keep() -> None:
		if msgid is not None:
			entries[with_context(msgid, context)] = msgstr or ""

	for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
		line = line.strip()
		if line.startswith("msgctxt "):
			keep()
			context, msgid, msgstr, current = _po_unquote(line[8:]), None, None, "ctxt"
		elif line.startswith("msgid "):
			if msgid is not None:
				keep()
				context = None
			msgid, msgstr, current = _po_unquote(line[6:]), None, "id"
		elif line.startswith("msgstr "):
			msgstr, current = _po_unquote(line[7:]), "str"
		elif line.startswith('"') and current:
			if current == "ctxt":
				context = (context or "") + _po_unquote(line)
			elif current == "id":
				msgid = (msgid or "") + _po_unquote(line)
			else:
				msgstr = (msgstr or "") + _po_unquote(line)
		elif not line or line.startswith("#"):
			current = None if not line else current
	keep()
	entries.pop("", None)
	return entries


def write_po(
	path: Path, entries: dict[str, str], sources: dict[str, set[str]] | None = None, language: str = ""
) -> None:
	header = [
		"# Translations of lef_members.",
		"# This file is distributed under the same license as the lef_members app.",
		'msgid ""',
		'msgstr ""',
		'"Project-Id-Version: lef_members\\n"',
		'"Report-Msgid-Bugs-To: dev@lef-members.invalid\\n"',
		f'"Language: {language}\\n"' if language else '"Language: \\n"',
		'"MIME-Version: 1.0\\n"',
		'"Content-Type: text/plain; charset=utf-8\\n"',
		'"Content-Transfer-Encoding: 8bit\\n"',
		"",
	]

	def order(key: str) -> tuple:
		context, msgid = split_key(key)
		return (msgid.lower(), msgid, context or "")

	body = []
	for key in sorted(entries, key=order):
		context, msgid = split_key(key)
		if sources and key in sources:
			body.append("#: " + " ".join(sorted(sources[key])))
		if context:
			body.append("msgctxt " + _po_quote(context))
		body.append("msgid " + _po_quote(msgid))
		body.append("msgstr " + _po_quote(entries[key]))
		body.append("")
	path.write_text("\n".join(header + body), encoding="utf-8")


def main(argv: list[str]) -> int:
	strings = collect()
	write_po(LOCALE / "main.pot", {s: "" for s in strings}, strings)
	print(f"main.pot: {len(strings)} strings")
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
