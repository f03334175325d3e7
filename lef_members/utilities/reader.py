"""For the person reading: the domain's sentences, amounts, quantities, dates and times in the
reader's language (the request's, unless one is given), as that reader writes them
(domain/formats.py). Also the Jinja methods the portal's pages and the mails use:
``lef_money``, ``lef_number``, ``lef_date``, ``lef_time``, ``lef_km``."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from lef_members.domain import formats


def for_reader(lang: str | None = None):
	"""Frappe's ``_`` for one reader, carrying the reader's language as ``.lang``: the domain's
	sentences then write their amounts and dates as the reader does and their words with a
	context where one is needed."""
	lang = lang or frappe.local.lang

	def translate(text: str, context: str | None = None) -> str:
		return _(text, lang=lang, context=context)

	translate.lang = lang
	return translate


def lef_money(value, lang: str | None = None) -> str:
	return formats.format_money(value or 0, lang or frappe.local.lang)


def lef_number(value, lang: str | None = None) -> str:
	return formats.format_number(value or 0, lang or frappe.local.lang)


def lef_date(value, lang: str | None = None) -> str:
	return formats.format_date(getdate(value), lang or frappe.local.lang) if value else ""


def lef_time(value) -> str:
	return formats.format_time(value) if value not in (None, "") else ""


def lef_km(value, lang: str | None = None) -> str:
	lang = lang or frappe.local.lang
	return _("{0} km", lang=lang).format(formats.format_number(round(value or 0), lang))
