"""The workspace's charts, in the reader's language.

Frappe's "Group By" and "Count" charts label their bars with stored values and English month
abbreviations ("WRAP session", "Nov 2026") and name their legend after the chart. These
sources count the same records through ``frappe.get_list`` (so a user sees only what they may
read) and label them as the reader reads them: an assignment type as its translation, a month
as "nov 2026" or "nov. 2026" (domain/periods.py). Counting happens in Python: a forum has hundreds of requests a
year, and no SQL function is needed in ``fields`` (which Frappe 16 refuses).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today
from frappe.utils.dateutils import get_from_date_from_timespan

from lef_members.domain import formats, periods

# What each chart counts: the DocType, the records left out, the legend's words.
COUNTED = {
	"Assignment": {
		"filters": [["status", "!=", "Cancelled"]],
		"legend": lambda: _("Assignments", context="lef_members"),
	},
	"Expert Request": {"filters": [], "legend": lambda: _("Requests", context="lef_members")},
}


def by_type(doctype: str) -> dict:
	"""How many records per assignment type, most first, each type named in the reader's words."""
	counted = COUNTED[doctype]
	types = frappe.get_list(
		doctype,
		filters=[*counted["filters"], ["assignment_type", "is", "set"]],
		pluck="assignment_type",
		limit_page_length=0,
		order_by="creation asc",
	)
	counts = Counter(types).most_common()
	return {
		"labels": [_(name) for name, _count in counts],
		"datasets": [{"name": counted["legend"](), "values": [n for _name, n in counts]}],
	}


def over_time(
	doctype: str,
	timespan: str | None = None,
	time_interval: str | None = None,
	from_date=None,
	to_date=None,
) -> dict:
	"""How many records came in per period over the chart's time span (Frappe's "Last Year",
	"Last Quarter", ..., or a chosen date range), a period without any shown as 0."""
	counted = COUNTED[doctype]
	grain = time_interval if time_interval in periods.GRAINS else "Monthly"
	last = getdate(to_date) if timespan == "Select Date Range" and to_date else getdate(today())
	if timespan == "Select Date Range" and from_date:
		first = getdate(from_date)
	else:
		first = getdate(get_from_date_from_timespan(last, timespan or "Last Year"))
	slots = periods.between(first, last, grain)
	if not slots:  # a chosen range that ends before it starts
		return {"labels": [], "datasets": [{"name": counted["legend"](), "values": []}]}
	created = frappe.get_list(
		doctype,
		filters=[
			*counted["filters"],
			["creation", ">=", slots[0]],
			["creation", "<", add_days(last, 1)],
		],
		pluck="creation",
		limit_page_length=0,
		order_by="creation asc",
	)
	counts = Counter(periods.start_of(getdate(moment), grain) for moment in created)
	return {
		"labels": [periods.name(slot, grain, frappe.local.lang) for slot in slots],
		"datasets": [{"name": counted["legend"](), "values": [counts.get(slot, 0) for slot in slots]}],
	}


def compact_months(starts: list[date]) -> list[str]:
	"""Months on a narrow chart's axis, in the reader's words (domain/periods.py)."""
	return periods.compact_month_names(starts, frappe.local.lang)


def month_label(value: date) -> str:
	"""A month on a report's chart or column, in the reader's words."""
	return formats.format_month(value, frappe.local.lang)


# The Dashboard Chart Sources' entries (see dashboard_chart_source/*/*.js). Frappe passes the
# chart's name, filters and, for a chart over time, its time span and interval.


@frappe.whitelist()
def assignments_by_type(**kwargs) -> dict:
	return by_type("Assignment")


@frappe.whitelist()
def requests_by_type(**kwargs) -> dict:
	return by_type("Expert Request")


@frappe.whitelist()
def assignments_per_month(timespan=None, time_interval=None, from_date=None, to_date=None, **kwargs):
	return over_time("Assignment", timespan, time_interval, from_date, to_date)


@frappe.whitelist()
def requests_per_month(timespan=None, time_interval=None, from_date=None, to_date=None, **kwargs):
	return over_time("Expert Request", timespan, time_interval, from_date, to_date)
