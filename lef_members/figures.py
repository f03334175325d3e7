"""Finance is told ahead when a regime in use lacks next year's legal figures.

From a day in December set in LEF Settings (``figures_reminder_days`` before 1 January; 0
turns it off), a daily job checks every regime that a member who has not left is paid
under. Where one lacks the ceiling row or kilometre rate for 1 January of next year, every
LEF Finance user gets one notification (once a year, whatever the number of runs), naming
the figures to enter and the official texts to check. The LEF workspace counts the regimes
that lack them (:func:`regimes_missing_figures`). Computing a payout for a year without
figures stays refused, naming the figure: nothing is guessed.
"""

from __future__ import annotations

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import cint, get_url_to_form, getdate, today

from lef_members import payouts
from lef_members.domain.legal_figures import MissingYear, missing_for_year


def regimes_in_use() -> list[str]:
	"""Regimes (not disabled) that a member who has not left is paid under, in one query."""
	Member = frappe.qb.DocType("Expert by Experience")
	Regime = frappe.qb.DocType("Allowance Regime")
	rows = (
		frappe.qb.from_(Member)
		.join(Regime)
		.on(Regime.name == Member.allowance_regime)
		.select(Member.allowance_regime)
		.distinct()
		.where((Member.status != "Left") & (Regime.disabled == 0))
		.run()
	)
	return sorted(row[0] for row in rows)


def reminder_year(on: date) -> int | None:
	"""The year to remind of on ``on``: next year, from the set number of days before it."""
	days = cint(frappe.db.get_single_value("LEF Settings", "figures_reminder_days"))
	if days <= 0:
		return None
	next_year = on.year + 1
	return next_year if on >= date(next_year, 1, 1) - timedelta(days=days) else None


def missing_figures(year: int, names: list[str] | None = None) -> list[MissingYear]:
	names = regimes_in_use() if names is None else names
	regimes = payouts.load_regimes(names)
	missing = [missing_for_year(regimes[name], year) for name in sorted(regimes)]
	return [item for item in missing if item]


def describe(item: MissingYear) -> str:
	figures = ", ".join(_(figure) for figure in item.figures)
	texts = "; ".join(_(text) for text in item.texts)
	link = get_url_to_form("Allowance Regime", item.regime)
	text = _("{0}: enter {1} for {2}.").format(
		f'<a href="{link}">{frappe.utils.escape_html(item.regime)}</a>', figures, item.year
	)
	if texts:
		text += " " + _("Check: {0}.").format(texts)
	return text


def remind_next_year_figures(on: date | None = None) -> list[str]:
	"""The daily job: one notification per finance user and year. Returns the regimes named."""
	on = getdate(on or today())
	year = reminder_year(on)
	if year is None or cint(frappe.db.get_single_value("LEF Settings", "figures_reminded_for")) >= year:
		return []
	missing = missing_figures(year)
	if not missing:
		return []
	from lef_members.lef_members.doctype.allowance_payout.allowance_payout import finance_users

	users = finance_users()
	subject = _("Legal figures for {0} are missing in {1} allowance regimes").format(year, len(missing))
	body = "<br>".join(describe(item) for item in missing)
	for user in users:
		log = frappe.new_doc("Notification Log")
		log.update(
			{
				"subject": subject,
				"email_content": body,
				"for_user": user,
				"type": "Alert",
				"document_type": "Allowance Regime",
				"document_name": missing[0].regime,
				"from_user": "Administrator",
			}
		)
		log.insert(ignore_permissions=True)
	frappe.db.set_single_value("LEF Settings", "figures_reminded_for", year)
	return [item.regime for item in missing]


@frappe.whitelist()
def regimes_missing_figures(filters=None) -> dict:
	"""For the workspace's number card: regimes in use that lack this year's figures, or
	next year's once the reminder period has begun."""
	frappe.has_permission("Allowance Regime", "read", throw=True)
	on = getdate(today())
	names = regimes_in_use()
	missing = {item.regime for item in missing_figures(on.year, names)}
	year = reminder_year(on)
	if year:
		missing |= {item.regime for item in missing_figures(year, names)}
	return {"value": len(missing), "fieldtype": "Int"}
