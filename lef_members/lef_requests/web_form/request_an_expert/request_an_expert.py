"""The public form "Request an expert by experience" (/request-an-expert), for organisations.

Frappe renders it in the visitor's language (the ``_lang`` parameter, the
``preferred_language`` cookie or the browser's Accept-Language, then the site's
language): everything shown is translated, Dutch included. The form offers only what an
organisation needs to choose from (the kinds of assignment in use, a few languages):
nothing about the forum's members is on the page or in any reply.
"""

import json
import re
from functools import cache
from pathlib import Path

import frappe
from frappe import _
from frappe.utils import escape_html

# The languages an assignment can be asked in, by Language record (shown by their own names).
ASSIGNMENT_LANGUAGES = ("nl", "fr", "en", "de")


def get_context(context):
	# The page's <title> and meta title, like its heading, in the visitor's language.
	context.title = _(context.title)
	if context.get("doc"):
		context.doc.meta_title = context.title
	context.introduction_text = "<p>{}</p><p>{}</p>".format(
		escape_html(
			_(
				"Are you looking for someone who can tell from their own experience what recovery means? Tell us what you need, and we will look for experts by experience who fit."
			)
		),
		escape_html(_("Fields marked with * are required. We use your data only to handle your request.")),
	) + frappe.render_template("lef_members/templates/includes/lef_accessible.html", {})
	fields = {field.fieldname: field for field in context.web_form_doc.web_form_fields}
	# Frappe sends the form's words to the page without their context; a word another app
	# translates differently ("Contact Person") would take that app's wording. Send ours.
	doctype = context.web_form_doc.doc_type
	for field in fields.values():
		if field.label:
			field.label = _(field.label, context=doctype)
	if "assignment_type" in fields:
		fields["assignment_type"].options = json.dumps(assignment_type_options())
	if "language" in fields:
		fields["language"].options = json.dumps(language_options())
	# The date table's columns with their DocType as context ("Start" is "Début", not "Démarrer").
	child = fields["dates"].options if "dates" in fields else None
	for column in (fields["dates"].get("fields") or []) if "dates" in fields else []:
		column["label"] = _(column.get("label"), context=child)
	context.introduction_text += page_messages_tag()
	return context


_SCRIPT_STRING = re.compile(r'__\("((?:[^"\\]|\\.)*)"')


def frappe_words() -> dict[str, str]:
	"""Frappe's own words on this page that it does not send to a web form (the date table's),
	in this app's words: Frappe's catalogues lack some ("Add Row" in French), and a context keeps
	ours from changing the desk's."""
	return {
		"Add Row": _("Add Row", context="Request an Expert"),
		"No Data": _("No Data", context="Request an Expert"),
		"Delete": _("Delete", context="Request an Expert"),
		"Now": _("Now", context="Request an Expert"),
		"Today": _("Today", context="Request an Expert"),
	}


@cache
def script_words() -> frozenset[str]:
	"""The words this form's script translates (read from it once per process)."""
	script = Path(__file__).with_suffix(".js").read_text(encoding="utf-8")
	return frozenset(json.loads(f'"{text}"') for text in _SCRIPT_STRING.findall(script))


def page_messages() -> dict[str, str]:
	"""The words the page's scripts show (this form's script and Frappe's date table), in the
	visitor's language: Frappe sends a web form only its labels and options."""
	messages = {word: _(word) for word in script_words()}
	messages.update(frappe_words())
	return {word: text for word, text in messages.items() if text != word}


def page_messages_tag() -> str:
	"""``page_messages`` as a JSON block the form's script adds to Frappe's messages."""
	data = json.dumps(page_messages(), ensure_ascii=False).replace("<", "\\u003c")
	return f'<script type="application/json" id="lef-form-messages">{data}</script>'


def assignment_type_options() -> list[dict]:
	"""The kinds of assignment in use, labelled in the visitor's language, in alphabetical order."""
	names = frappe.get_all("Assignment Type", filters={"disabled": 0}, pluck="name")
	options = [{"value": name, "label": _(name)} for name in names]
	return sorted(options, key=lambda option: option["label"].casefold())


def language_options() -> list[dict]:
	rows = frappe.get_all(
		"Language",
		filters={"name": ("in", ASSIGNMENT_LANGUAGES), "enabled": 1},
		fields=["name", "language_name"],
	)
	order = {code: index for index, code in enumerate(ASSIGNMENT_LANGUAGES)}
	rows.sort(key=lambda row: order[row.name])
	return [{"value": row.name, "label": row.language_name or row.name} for row in rows]
