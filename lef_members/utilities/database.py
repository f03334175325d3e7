"""Database plumbing the app's services share, in one place: many rows written at once, and how
many rows a statement changed. Both reach below Frappe's ``frappe.db.sql`` (which neither
renders literals quickly nor returns a row count); nothing else in the app does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import frappe

from lef_members.compat import sql_string_escaper

ROWS_PER_INSERT = 2000


def bulk_insert(doctype: str, columns: Iterable[str], rows: list[tuple], constants: dict) -> None:
	"""Insert many rows as multi-row INSERT statements, the values rendered as SQL literals here.

	Tens of thousands of lines: the driver's generic escaping (several calls per value)
	costs as much as the database's work, so each value is rendered by a direct test of its
	type, and the columns that are the same on every row (``constants``) once for all rows.
	"""
	if not rows:
		return
	literal = _literal_renderer()
	names = ", ".join(f"`{column}`" for column in (*columns, *constants))
	fixed = "".join(", " + literal(value) for value in constants.values()) + ")"
	frappe.db.sql("select 1")  # make sure the connection and transaction are open
	cursor = frappe.db._cursor
	for start in range(0, len(rows), ROWS_PER_INSERT):
		values = ",".join(
			"(" + ", ".join(map(literal, row)) + fixed for row in rows[start : start + ROWS_PER_INSERT]
		)
		cursor.execute(f"insert into `tab{doctype}` ({names}) values {values}")


def _literal_renderer():
	escape_string = sql_string_escaper()  # the connection's own, whichever driver Frappe uses
	# Most values repeat (the member on each of their lines, the kinds, the amounts, the reasons):
	# each distinct one is rendered once.
	rendered: dict = {}

	def literal(value) -> str:
		key = (type(value), value)
		found = rendered.get(key)
		if found is None:
			found = render(value)
			if len(rendered) < 200_000:
				rendered[key] = found
		return found

	def render(value) -> str:
		kind = type(value)
		if kind is str:
			return "'" + escape_string(value) + "'"
		if value is None:
			return "NULL"
		if kind is Decimal:
			return format(value, "f")  # never in exponent notation
		if kind is int or kind is float:
			return repr(value)
		if kind is bool:
			return "1" if value else "0"
		if kind is date:
			return "'" + value.isoformat() + "'"
		return frappe.db.escape(str(value))

	return literal


def rows_changed() -> int:
	"""How many rows the last statement on this connection changed (an UPDATE that must change
	exactly the rows it was given, under locks, or the work is undone)."""
	return frappe.db._cursor.rowcount
