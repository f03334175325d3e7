"""Every user-facing string has its Dutch translation, and translation calls are well formed."""

import ast
import re
import string

import pytest

from tests.i18n import (
	APP,
	LOCALE,
	SHARED_WORDS,
	collect,
	js_strings,
	python_strings,
	read_po,
	template_strings,
	with_context,
)

STRINGS = collect()
NL = read_po(LOCALE / "nl.po")
FR = read_po(LOCALE / "fr.po")
CATALOGUES = {"nl": NL, "fr": FR}


def placeholders(text: str) -> list[str]:
	return sorted(name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_string_has_its_translation(language):
	"""Dutch and French (Flanders, Brussels, Wallonia): every string, none left out."""
	catalogue = CATALOGUES[language]
	missing = sorted(s for s in STRINGS if not catalogue.get(s))
	assert not missing, f"Untranslated strings (add them to locale/{language}.po):\n" + "\n".join(missing)


@pytest.mark.parametrize("language", sorted(CATALOGUES))
@pytest.mark.parametrize("source", sorted(s for s in STRINGS if "{" in s))
def test_translation_keeps_the_placeholders(source, language):
	translated = CATALOGUES[language].get(source)
	if translated:
		assert placeholders(translated) == placeholders(source), (source, translated)


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_no_translation_is_left_over(language):
	"""A string the app no longer has is removed from the catalogue too."""
	assert not sorted(set(CATALOGUES[language]) - set(STRINGS) - {""})


def test_main_pot_is_up_to_date():
	pot = read_po(LOCALE / "main.pot")
	assert set(pot) == set(STRINGS), "Run `python -m tests.i18n` to refresh locale/main.pot"


def _python_files():
	return [p for p in APP.rglob("*.py") if "__pycache__" not in p.parts]


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(APP)))
def test_translation_calls_take_a_literal(path):
	"""`_()` gets one literal string: no f-string, concatenation or .format inside it,
	and never `frappe.throw(_("...")).format(...)` (the format would never run)."""
	tree = ast.parse(path.read_text(encoding="utf-8"))
	problems = []
	for node in ast.walk(tree):
		if (
			isinstance(node, ast.Call)
			and isinstance(node.func, ast.Name)
			and node.func.id in ("_", "_lt", "__")
		):
			if not node.args:
				continue
			arg = node.args[0]
			if isinstance(arg, ast.JoinedStr | ast.BinOp) or (
				isinstance(arg, ast.Call)
				and isinstance(arg.func, ast.Attribute)
				and arg.func.attr == "format"
			):
				problems.append(f"line {node.lineno}: _() around a built string")
		if (
			isinstance(node, ast.Call)
			and isinstance(node.func, ast.Attribute)
			and node.func.attr == "format"
			and isinstance(node.func.value, ast.Call)
			and isinstance(node.func.value.func, ast.Attribute)
			and node.func.value.func.attr in ("throw", "msgprint")
		):
			problems.append(f"line {node.lineno}: .format() applied to frappe.{node.func.value.func.attr}()")
	assert not problems, problems


def test_python_extractor_reads_literals_only(tmp_path):
	sample = tmp_path / "sample.py"
	sample.write_text('from x import _\n_("Hello {name}")\n_(variable)\n', encoding="utf-8")
	assert python_strings(sample) == {"Hello {name}"}


def test_po_reader_round_trips_escapes(tmp_path):
	from tests.i18n import write_po

	path = tmp_path / "x.po"
	entries = {'Say "hi"\nnow': 'Zeg "hallo"\nnu', "back\\slash": "terug\\streep"}
	write_po(path, entries)
	assert read_po(path) == entries
	assert re.search(r'msgid "Say \\"hi\\"\\nnow"', path.read_text(encoding="utf-8"))


# --- words other apps translate differently --------------------------------------------

# where Frappe itself looks a string up without a context: DocType names, workspace
# labels, role names, shipped records' names
BARE_SOURCES = ("workspace/", "setup/master_data", "fixtures/")


def test_shared_words_are_never_looked_up_without_a_context_in_code():
	"""A word like "Done" or "Left" means ours only with a context; a bare `_("Done")` would take
	whichever app was installed last (ERPNext's "Afgerond", Frappe's "Links")."""
	bare = {
		word: sorted(
			src for src in STRINGS[word] if not src.endswith(".json") and not src.endswith(BARE_SOURCES)
		)
		for word in SHARED_WORDS
		if word in STRINGS
	}
	bare = {word: sources for word, sources in bare.items() if sources}
	assert not bare, f'Give these a context (context="lef_members" or the DocType): {bare}'


def test_shared_words_are_in_use():
	"""The list holds no word the app no longer has."""
	used = {key.split("\x04")[-1] for key in STRINGS}
	assert not sorted(SHARED_WORDS - used)


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_shared_words_carry_no_bare_translation_of_ours(language):
	"""Without a context our "Left" = "Vertrokken" would also rename Frappe's text alignment."""
	bare = sorted(w for w in SHARED_WORDS if w in CATALOGUES[language] and w not in STRINGS)
	assert not bare


def test_labels_of_shared_words_are_collected_with_their_doctype():
	assert with_context("Left", "Expert by Experience") in STRINGS
	assert with_context("Done", "lef_members") in STRINGS
	assert "Left" not in STRINGS


def test_extractors_read_the_context(tmp_path):
	py = tmp_path / "a.py"
	py.write_text('_("Done", context="Training")\n_("Plain")\n', encoding="utf-8")
	html = tmp_path / "a.html"
	html.write_text('{{ _(\'Left\', context="Member") }} {{ _("Plain") }}', encoding="utf-8")
	js = tmp_path / "a.js"
	js.write_text(
		'__("Score", null, "Assignment"); __("Hi {0}", [name], "Greeting"); __("Plain")', encoding="utf-8"
	)
	assert python_strings(py) == {"Training\x04Done", "Plain"}
	assert template_strings(html) == {"Member\x04Left", "Plain"}
	assert js_strings(js) == {"Assignment\x04Score", "Greeting\x04Hi {0}", "Plain"}


def test_po_reader_round_trips_contexts(tmp_path):
	from tests.i18n import write_po

	path = tmp_path / "x.po"
	entries = {"Done": "Afgerond", with_context("Done", "Training Enrollment"): "Gevolgd", "Left": "Links"}
	write_po(path, entries)
	text = path.read_text(encoding="utf-8")
	assert 'msgctxt "Training Enrollment"\nmsgid "Done"\nmsgstr "Gevolgd"' in text
	assert read_po(path) == entries
