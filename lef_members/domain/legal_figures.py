"""The legal figures as shipped data: which shipped rows a site still lacks, which rows
finance made its own, which figures a regime still needs for a year.

Ceilings and kilometre rates change every year (every quarter, for the Belgian kilometre
rate). The app ships the published figures as dated rows with their source; finance adds
the next ones. Three rules keep both sides safe:

- **A shipped row never overwrites finance's work.** A shipped row is added only where no
  row of the site covers any day of its period (for kilometre rates: no row of the same
  vehicle and basis).
- **A row the app shipped and nobody edited may be corrected** by a later release: each
  shipped row carries a digest of its figures; while the row's figures still give that
  digest, the row is the app's and takes the corrected figures of the same period. Once
  edited, it is finance's own and is left alone.
- **Nothing is guessed.** A year without rows stays without rows; :func:`missing_for_year`
  names what finance must enter, and the official texts to check.

Plain values in and out: rows are mappings of field name to value, as the DocType stores
them (dates as ``date`` or ISO text, numbers as numbers or text).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lef_members.domain import allowances as money
from lef_members.domain.errors import _

# The figures of a ceiling row and of a kilometre rate row, as the DocTypes name them.
CEILING_FIGURES = (
	"max_per_day",
	"max_per_month",
	"max_per_year",
	"hourly_max_21_plus",
	"hourly_max_under_21",
	"max_km_per_year",
	"flat_and_real_combinable",
)
KM_RATE_FIGURES = ("vehicle", "basis", "rate")
LEGACY_KM_FIELDS = {
	"Car": "km_rate_car",
	"Motorbike": "km_rate_motorbike",
	"Moped": "km_rate_moped",
	"Bicycle": "km_rate_bicycle",
}


def _day(value: object) -> date:
	return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _number(value: object) -> str:
	"""A figure as canonical text: 41.48, 41.480 and "41.48" are one figure; empty and 0 are none."""
	if value in (None, ""):
		return ""
	if isinstance(value, str) and not value.replace(".", "", 1).replace("-", "", 1).isdigit():
		return value  # a word (vehicle, basis)
	number = Decimal(str(value)).normalize()
	return "" if number == 0 else format(number, "f")


def digest(row: Mapping[str, object], figures: Iterable[str]) -> str:
	"""A short digest of a row's period and figures: equal digests, equal figures."""
	parts = [_day(row["valid_from"]).isoformat(), _day(row["valid_to"]).isoformat()]
	parts += [f"{name}={_number(row.get(name))}" for name in figures]
	return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def overlaps(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
	return _day(a["valid_from"]) <= _day(b["valid_to"]) and _day(b["valid_from"]) <= _day(a["valid_to"])


@dataclass(frozen=True)
class Merge:
	"""What shipping brings to one table of a regime: rows to add, and rows to correct
	(the index of the site's row, and the shipped row whose figures it takes)."""

	add: tuple[Mapping[str, object], ...] = ()
	correct: tuple[tuple[int, Mapping[str, object]], ...] = ()


def merge_shipped(
	existing: Iterable[Mapping[str, object]],
	shipped: Iterable[Mapping[str, object]],
	figures: Iterable[str],
	same_series: tuple[str, ...] = (),
) -> Merge:
	"""The shipped rows a site lacks, and the app's own unedited rows to correct.

	``same_series``: the fields that make rows comparable (kilometre rates: vehicle and
	basis); rows of other series never overlap. A site row that overlaps a shipped row is
	kept as it is, unless it carries a ``shipped_digest`` that its figures still match
	(nobody edited it) and the shipped row has the same period: then it takes the shipped
	figures. Shipped rows that overlap no site row are added, with their digest.
	"""
	figures = tuple(figures)
	existing = list(existing)
	add: list[Mapping[str, object]] = []
	correct: list[tuple[int, Mapping[str, object]]] = []
	for row in shipped:
		row = {**row, "shipped_digest": digest(row, figures)}
		series = tuple(row.get(name) for name in same_series)
		clashing = [
			(index, site_row)
			for index, site_row in enumerate(existing)
			if tuple(site_row.get(name) for name in same_series) == series and overlaps(site_row, row)
		]
		if not clashing:
			add.append(row)
			continue
		if len(clashing) == 1:
			index, site_row = clashing[0]
			unedited = site_row.get("shipped_digest") and site_row["shipped_digest"] == digest(
				site_row, figures
			)
			same_period = _day(site_row["valid_from"]) == _day(row["valid_from"]) and _day(
				site_row["valid_to"]
			) == _day(row["valid_to"])
			if unedited and same_period and site_row["shipped_digest"] != row["shipped_digest"]:
				correct.append((index, row))
	return Merge(tuple(add), tuple(correct))


def legacy_km_rates(
	ceiling_row: Mapping[str, object], superseded: Iterable[Mapping[str, object]] = ()
) -> list[dict[str, object]]:
	"""Kilometre rates that a ceiling row of an earlier version held in its own fields.

	Each rate becomes a kilometre rate row with the ceiling row's period (basis Period), so
	nothing is lost. ``superseded``: the ceiling rows as earlier versions of the app shipped
	them (period and ``km_rate_*`` fields); a vehicle whose rate is still exactly the one
	shipped for that period was the app's own figure, which the shipped quarterly rows
	replace, so it gives no row. A rate finance changed is finance's and is kept.
	"""
	start, end = _day(ceiling_row["valid_from"]), _day(ceiling_row["valid_to"])
	shipped_before = [
		old for old in superseded if _day(old["valid_from"]) == start and _day(old["valid_to"]) == end
	]
	rows = []
	for mode, field in LEGACY_KM_FIELDS.items():
		rate = ceiling_row.get(field)
		if not _number(rate):
			continue
		if any(_number(old.get(field)) == _number(rate) for old in shipped_before):
			continue
		rows.append(
			{
				"valid_from": start.isoformat(),
				"valid_to": end.isoformat(),
				"vehicle": mode,
				"rate": rate,
				"basis": money.PERIOD_RATE,
				"source": str(ceiling_row.get("source") or ""),
			}
		)
	return rows


# ----------------------------------------------------------- what a year still needs

# What a regime needs for a year, by kind (allowances/kinds.py): a ceiling row, a car rate.
KM_RATE_WORDS = _("the kilometre rate by car, motorbike or moped from 1 January (and by bicycle)")


@dataclass(frozen=True)
class MissingYear:
	"""A regime that lacks figures for ``year``: what to enter and what to read."""

	regime: str
	year: int
	figures: tuple[str, ...]
	texts: tuple[str, ...]


def missing_for_year(regime: money.Regime, year: int) -> MissingYear | None:
	"""What ``regime`` still lacks to pay on 1 January of ``year``, or ``None``.

	A ceiling regime needs a ceiling row covering that day; a Belgian regime also needs a
	car kilometre rate valid that day (on the basis chosen for that year).
	"""
	first = date(year, 1, 1)
	figures: list[str] = []
	if money.kind(regime.kind).needs_ceilings and not any(row.covers(first) for row in regime.rows):
		figures += money.kind(regime.kind).figure_words
	if money.kind(regime.kind).km_rate:
		try:
			money.km_rate_on(regime, first, money.CAR)
		except money.MissingCeilingError:
			figures.append(KM_RATE_WORDS)
	if not figures:
		return None
	return MissingYear(regime.name, year, tuple(figures), money.kind(regime.kind).official_texts)


def figures_until(regime: money.Regime) -> date | None:
	"""The last day up to which the regime has every figure its kind needs, counted from the
	first day it has any (``None``: no figures, or a kind that needs none)."""
	spans: list[list[tuple[date, date]]] = []
	if money.kind(regime.kind).needs_ceilings:
		spans.append([(row.valid_from, row.valid_to) for row in regime.rows])
	if money.kind(regime.kind).km_rate:
		car = [rate for rate in regime.km_rates if rate.mode == money.CAR]
		spans.append([(rate.valid_from, rate.valid_to) for rate in car if rate.basis == money.PERIOD_RATE])
	if not spans or not all(spans):
		return None
	ends = [_covered_until(periods) for periods in spans]
	return min(ends)


def _covered_until(periods: list[tuple[date, date]]) -> date:
	"""The end of the unbroken run of periods from the latest gap on (the last covered day)."""
	periods = sorted(periods)
	end = periods[0][1]
	for start, stop in periods[1:]:
		if start.toordinal() > end.toordinal() + 1:
			end = stop  # a gap: the run that counts is the later one
		else:
			end = max(end, stop)
	return end
