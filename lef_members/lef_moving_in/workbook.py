"""The workbook on a site: reading a forum's file into rows, and the template it can fill in.

A sheet is recognised by its name in Dutch, French or English (``Leden``, ``Membres``,
``Members``); a CSV file is one sheet, the members unless told otherwise. The template has a
sheet per kind of record with its headers and an example row in the chosen language, and a
first sheet that explains each column.
"""

import csv
import io
import itertools

import frappe
from frappe import _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lef_members.domain.moving_in import sheets
from lef_members.domain.moving_in.values import fold
from lef_members.utilities.notify import language

LANGUAGES = ("nl", "fr", "en")
MAX_BYTES = 10 * 1024 * 1024
# Cells a workbook may hold in all (a forum's whole history, many times over).
MAX_CELLS = 400_000
MAX_ROWS = 5002  # the header, 5,000 rows and one more to say there were too many
MAX_COLUMNS = 100


class WorkbookError(frappe.ValidationError):
	pass


def label(item) -> str:
	"""A sheet's or column's label in the reader's language."""
	return _(item.label, context=item.context) if item.context else _(item.label)


def in_languages(text: str, context: str | None = None) -> list[str]:
	"""``text`` as each of the three languages writes it."""
	found = []
	for lang in LANGUAGES:
		with language(lang):
			found.append(_(text, context=context) if context else _(text))
	return found


def read(content: bytes, filename: str, sheet: str | None = None) -> dict[str, tuple[list, list]]:
	"""{sheet key: (headers, rows)} of an .xlsx workbook or a .csv file; sheets it does not know
	are named in the result under "" (headers only), for the dry run to say so."""
	if len(content) > MAX_BYTES:
		frappe.throw(_("The file is larger than 10 MB."), WorkbookError)
	name = (filename or "").lower()
	if name.endswith(".csv"):
		try:
			rows = list(itertools.islice(csv.reader(io.StringIO(_decode(content))), MAX_ROWS))
		except csv.Error:
			frappe.throw(_("The file cannot be read as a CSV file."), WorkbookError)
		return {sheet or sheets.MEMBERS.key: _split([row[:MAX_COLUMNS] for row in rows])}
	if not name.endswith((".xlsx", ".xlsm")):
		frappe.throw(_("Give an .xlsx workbook or a .csv file."), WorkbookError)
	try:
		book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
	except Exception:
		frappe.throw(_("The file cannot be read as a workbook."), WorkbookError)
	titles = sheet_titles()
	read_me = {fold(t) for t in in_languages("Read Me")}
	found: dict[str, tuple[list, list]] = {}
	cells = 0
	for ws in book.worksheets:
		key = titles.get(fold(ws.title))
		rows = []
		try:
			# Bounded as it reads: a sheet may declare a million empty rows and columns.
			for row in ws.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS, values_only=True):
				rows.append(list(row))
				cells += len(row)
				if cells > MAX_CELLS:
					frappe.throw(
						_("The workbook holds more cells than can be moved in at once."), WorkbookError
					)
		except WorkbookError:
			raise
		except Exception:
			frappe.throw(_("Sheet {0} cannot be read.").format(ws.title), WorkbookError)
		if key and key in found:
			found.setdefault("", ([], []))[1].append(ws.title)
		elif key:
			found[key] = _split(rows)
		elif key is None and fold(ws.title) not in read_me:
			found.setdefault("", ([], []))[0].append(ws.title)
	return found


def _decode(content: bytes) -> str:
	for encoding in ("utf-8-sig", "cp1252"):
		try:
			return content.decode(encoding)
		except UnicodeDecodeError:
			continue
	frappe.throw(_("The file cannot be read as text."), WorkbookError)


def _split(rows: list[list]) -> tuple[list, list]:
	while rows and not any(c not in (None, "") for c in rows[0]):
		rows = rows[1:]
	return (rows[0], rows[1:]) if rows else ([], [])


def sheet_titles() -> dict[str, str]:
	"""A sheet's folded name in any language -> its key."""
	titles = {}
	for sheet in sheets.SHEETS:
		for title in (sheet.key, *in_languages(sheet.label, sheet.context)):
			titles[fold(title)] = sheet.key
	return titles


def _read_me_title() -> str:
	return _("Read Me")


def template(lang: str) -> bytes:
	"""The workbook to fill in, in ``lang``: a sheet per kind of record, headers (required ones
	marked *), an example row, and a first sheet explaining the columns."""
	with language(lang):
		book = Workbook()
		read_me = book.active
		read_me.title = _read_me_title()[:31]
		read_me.append([_("Sheet"), _("Column"), _("Required"), _("How to fill it in")])
		for cell in read_me[1]:
			cell.font = Font(bold=True)
		for sheet in sheets.SHEETS:
			ws = book.create_sheet(label(sheet)[:31])
			ws.append([label(c) + (" *" if c.required else "") for c in sheet.columns])
			for cell in ws[1]:
				cell.font = Font(bold=True)
			ws.append([example(c, lang) or site_example(c) for c in sheet.columns])
			for i, column in enumerate(sheet.columns, start=1):
				ws.column_dimensions[get_column_letter(i)].width = max(14, len(label(column)) + 4)
				read_me.append(
					[
						label(sheet),
						label(column),
						_("Yes") if column.required else "",
						_(column.help) if column.help else _kind_help(column),
					]
				)
		read_me.column_dimensions["A"].width = 22
		read_me.column_dimensions["B"].width = 28
		read_me.column_dimensions["D"].width = 90
		out = io.BytesIO()
		book.save(out)
		return out.getvalue()


def example(column: sheets.Column, lang: str) -> str:
	value = column.example_in(lang)
	if not value:
		return ""
	if column.kind in (sheets.CHOICE, sheets.MANY) and column.choices not in (sheets.LANGUAGES,):
		return "; ".join(_(v.strip()) for v in value.split(";"))
	if column.kind == sheets.DATE:
		year, month, day = value.split("-")
		return f"{int(day)}/{int(month)}/{year}"
	return value


def site_example(column: sheets.Column) -> str:
	"""For a column whose values are the site's own records (a course, an assignment type), the
	first of them, in the reader's words."""
	doctype = {sheets.COURSES: "Training Course", sheets.ASSIGNMENT_TYPES: "Assignment Type"}.get(
		column.choices or ""
	)
	if not doctype:
		return ""
	first = frappe.get_all(doctype, filters={"disabled": 0}, pluck="name", order_by="name", limit=1)
	return _(first[0]) if first else ""


def _kind_help(column: sheets.Column) -> str:
	return {
		sheets.DATE: _("A date, such as 31/12/2025."),
		sheets.MANY: _("One or more, separated by a semicolon."),
		sheets.CHOICE: _("One of the values the desk shows, in Dutch, French or English."),
		sheets.EMAILS: _("One or more e-mail addresses of members, separated by a semicolon."),
		sheets.HOURS: _("Hours, such as 2,5 or 2u30."),
		sheets.AMOUNT: _("An amount in euro, such as 125,50."),
	}.get(column.kind, "")
