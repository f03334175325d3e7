"""Finance is told ahead when a regime in use lacks next year's legal figures.

From a day in December set in LEF Settings (``figures_reminder_days`` before 1 January; 0
turns it off), a daily job checks every regime that a member who has not left is paid
under. Where one lacks the ceiling row or kilometre rate for 1 January of next year, every
LEF Finance user gets one notification (once a year, whatever the number of runs), naming
the figures to enter and the official texts to check. The LEF workspace counts the regimes
that lack them (:func:`regimes_missing_figures`). Nothing is guessed: a payout pays what
today's figures price and holds the rest, naming the figure, and :func:`notify_waiting` tells
finance which ones to enter, each with the one form that enters a figure for any period
(:func:`enter_figure`).
"""

from __future__ import annotations

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import cint, get_url_to_form, getdate, today

from lef_members.domain.legal_figures import KM_RATE_WORDS, MissingYear, missing_for_year
from lef_members.lef_hours import payouts
from lef_members.utilities.notify import finance_users


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
	"""One line of the reminder: the regime, the figures to enter and the texts to read; the link
	opens the one form that enters a figure, filled in for the first one missing."""
	figures = ", ".join(_(figure) for figure in item.figures)
	texts = "; ".join(_(text) for text in item.texts)
	first = "km_rate" if item.figures and item.figures[0] == KM_RATE_WORDS else "rows"
	link = enter_figure_url(item.regime, first, "Car" if first == "km_rate" else None, f"{item.year}-01-01")
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


# --------------------------------------------------------------- entering a figure


@frappe.whitelist(methods=["POST"])
def enter_figure(
	regime: str,
	figure: str,
	valid_from: str,
	valid_to: str,
	source: str = "",
	rate: float | str | None = None,
	vehicles: str | list | None = None,
	basis: str = "Period",
	max_per_day: float | str | None = None,
	max_per_year: float | str | None = None,
	max_per_month: float | str | None = None,
	max_km_per_year: float | str | None = None,
) -> dict:
	"""Finance enters one legal figure for a period of any length (a month, a quarter, a year):
	a kilometre rate for one or more vehicles, or a year's ceilings. The regime's own checks
	refuse overlaps and negative amounts; nothing else is saved then."""
	doc = frappe.get_doc("Allowance Regime", str(regime or "")[:140])
	doc.check_permission("write")
	start, end = getdate(valid_from), getdate(valid_to)
	if not start or not end or end < start:
		frappe.throw(
			_("Enter the first and the last day the figure is valid, the last not before the first.")
		)
	if not (source or "").strip():
		frappe.throw(_("Enter the source of the figure (the circular, the page you read it on)."))
	if figure == "km_rate":
		chosen = (
			frappe.parse_json(vehicles)
			if isinstance(vehicles, str) and vehicles.startswith("[")
			else vehicles
		)
		chosen = [chosen] if isinstance(chosen, str) else list(chosen or [])
		if not chosen or not rate or float(rate) <= 0:
			frappe.throw(_("Enter the rate per kilometre and the vehicles it is for."))
		for vehicle in chosen:
			doc.append(
				"km_rates",
				{
					"valid_from": start,
					"valid_to": end,
					"vehicle": vehicle,
					"rate": float(rate),
					"basis": basis or "Period",
					"source": source.strip(),
				},
			)
	elif figure == "rows":
		doc.append(
			"ceilings",
			{
				"valid_from": start,
				"valid_to": end,
				"max_per_day": float(max_per_day or 0),
				"max_per_year": float(max_per_year or 0),
				"max_per_month": float(max_per_month or 0),
				"max_km_per_year": float(max_km_per_year or 0),
				"flat_and_real_combinable": 1,
				"source": source.strip(),
			},
		)
	else:
		frappe.throw(_("Choose a kilometre rate or a year's ceilings."))
	doc.save()
	return {"message": _("Entered. The next payout pays what waited for this figure.")}


def enter_figure_url(regime: str, figure: str, vehicle: str | None, day: str) -> str:
	"""The regime's form with the dialog to enter the figure a reminder names, filled in."""
	from urllib.parse import urlencode

	query = {"enter_figure": figure, "from": day}
	if vehicle:
		query["vehicle"] = vehicle
	return get_url_to_form("Allowance Regime", regime) + "?" + urlencode(query)


def notify_waiting(payout: str, waiting: list[dict]) -> int:
	"""Tell finance, once per payout, which figures hold parts of it back, each with the form to
	enter it. Returns the number of figures named."""
	figures: dict[tuple, dict] = {}
	for item in waiting:
		key = (
			item["regime"],
			item["figure"],
			item.get("mode"),
			item["year"] if item["figure"] != "km_rate" else item["day"][:7],
		)
		entry = figures.setdefault(key, {**item, "parts": 0})
		entry["parts"] += 1
		entry["day"] = min(entry["day"], item["day"])
	if not figures:
		return 0

	lines = []
	for entry in sorted(figures.values(), key=lambda e: (e["regime"], e["figure"], e["day"])):
		if entry["figure"] == "km_rate":
			what = _("the kilometre rate for {0} from {1}").format(
				_(entry.get("mode") or "Car"), entry["day"]
			)
		else:
			what = _("the figures for {0}").format(entry["year"])
		url = enter_figure_url(entry["regime"], entry["figure"], entry.get("mode"), entry["day"])
		lines.append(
			_("{0}: enter {1} ({2} parts of hour logs wait for it).").format(
				f'<a href="{url}">{frappe.utils.escape_html(entry["regime"])}</a>', what, entry["parts"]
			)
		)
	subject = _("Payout {0}: parts wait for {1} legal figures").format(payout, len(figures))
	for user in finance_users():
		log = frappe.new_doc("Notification Log")
		log.update(
			{
				"subject": subject,
				"email_content": "<br>".join(lines),
				"for_user": user,
				"type": "Alert",
				"document_type": "Allowance Payout",
				"document_name": payout,
				"from_user": "Administrator",
			}
		)
		log.insert(ignore_permissions=True)
	return len(figures)
