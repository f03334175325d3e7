"""A regime's legal figures: its rows checked, the row and kilometre rate valid on a day, the
cap on transport, and a regime read from its stored form (fixtures, the site)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import groupby, pairwise

from lef_members.domain.allowances.types import (
	PERIOD_RATE,
	RATE_BASES,
	REGIME_KINDS,
	YEARLY_RATE,
	CeilingRow,
	KmRate,
	MissingCeilingError,
	Regime,
	cents,
)
from lef_members.domain.errors import DomainError, _
from lef_members.domain.formats import sentence
from lef_members.domain.hours import CAR, KM_MODES, TRANSPORT_MODES

# ------------------------------------------------------------------- regime checks


def validate_regime(regime: Regime) -> None:
	"""Rows are well formed and do not overlap; figures are not negative."""
	if regime.kind not in REGIME_KINDS:
		raise DomainError(
			_("Unknown kind of allowance regime {kind}."), field="kind", kind=regime.kind, regime=regime.name
		)
	rows = sorted(regime.rows, key=lambda row: row.valid_from)
	for row in rows:
		if row.valid_to < row.valid_from:
			raise DomainError(
				_("A row of regime '{regime}' ends on {valid_to}, before it starts on {valid_from}."),
				field="valid_to",
				regime=regime.name,
				valid_from=row.valid_from,
				valid_to=row.valid_to,
			)
		figures = [
			row.max_per_day,
			row.max_per_year,
			row.max_km_per_year,
			row.hourly_max_21_plus,
			row.hourly_max_under_21,
			row.max_per_month,
		]
		if any(value is not None and value < 0 for value in figures):
			raise DomainError(
				_("The row of regime '{regime}' from {valid_from} has a negative figure."),
				field="rows",
				regime=regime.name,
				valid_from=row.valid_from,
			)
	for before, after in pairwise(rows):
		if after.valid_from <= before.valid_to:
			raise DomainError(
				_("Two rows of regime '{regime}' overlap on {day}: each date needs exactly one row."),
				field="rows",
				regime=regime.name,
				day=after.valid_from,
			)
	validate_km_rates(regime)


def validate_km_rates(regime: Regime) -> None:
	"""Kilometre rates: a vehicle that earns one, a basis, not negative, not running backwards,
	and for one vehicle and basis never two rates on one day."""
	for rate in regime.km_rates:
		if rate.mode not in KM_MODES:
			raise DomainError(
				_("Regime '{regime}' has a kilometre rate for {mode}, which earns none."),
				field="km_rates",
				regime=regime.name,
				mode=rate.mode,
			)
		if rate.basis not in RATE_BASES:
			raise DomainError(
				_("Unknown basis {basis} of a kilometre rate in regime '{regime}'."),
				field="km_rates",
				regime=regime.name,
				basis=rate.basis,
			)
		if rate.valid_to < rate.valid_from:
			raise DomainError(
				_(
					"A kilometre rate of regime '{regime}' ends on {valid_to}, before it starts on {valid_from}."
				),
				field="km_rates",
				regime=regime.name,
				valid_from=rate.valid_from,
				valid_to=rate.valid_to,
			)
		if rate.rate < 0:
			raise DomainError(
				_("The kilometre rate of regime '{regime}' from {valid_from} is negative."),
				field="km_rates",
				regime=regime.name,
				valid_from=rate.valid_from,
			)
	key = lambda rate: (rate.mode, rate.basis, rate.valid_from)  # noqa: E731
	for before, after in pairwise(sorted(regime.km_rates, key=key)):
		if (before.mode, before.basis) == (after.mode, after.basis) and after.valid_from <= before.valid_to:
			raise DomainError(
				_(
					"Two kilometre rates of regime '{regime}' for {mode} overlap on {day}: each date needs exactly one rate."
				),
				field="km_rates",
				regime=regime.name,
				mode=after.mode,
				day=after.valid_from,
			)


def row_for(regime: Regime, day: date) -> CeilingRow:
	"""The row valid on ``day``, or :class:`MissingCeilingError`."""
	matches = [row for row in regime.rows if row.covers(day)]
	if not matches:
		raise MissingCeilingError(
			_("No ceilings for {year} in regime '{regime}': enter them first (no row covers {day})."),
			regime=regime.name,
			year=day.year,
			figure="rows",
			day=day,
		)
	if len(matches) > 1:
		raise DomainError(
			_("Two rows of regime '{regime}' overlap on {day}: each date needs exactly one row."),
			field="rows",
			regime=regime.name,
			day=day,
		)
	return matches[0]


_FIGURE_MISSING = {
	"max_per_day": _("Regime '{regime}' has no maximum per day for {year}: enter it first."),
	"max_per_year": _("Regime '{regime}' has no maximum per year for {year}: enter it first."),
	"max_per_month": _("Regime '{regime}' has no maximum per month for {year}: enter it first."),
	"hourly_max_21_plus": _(
		"Regime '{regime}' has no maximum per hour for members aged 21 or over for {year}: enter it first."
	),
	"hourly_max_under_21": _(
		"Regime '{regime}' has no maximum per hour for members under 21 for {year}: enter it first."
	),
}


def needed_figure(regime: Regime, row: CeilingRow, day: date, figure: str) -> Decimal:
	value = getattr(row, figure)
	if value is None:
		raise MissingCeilingError(_FIGURE_MISSING[figure], regime=regime.name, year=day.year, figure=figure)
	return value


# Kilometre rates and transport caps looked up per regime, day and vehicle: a payout asks
# the same few hundred days for thousands of logs. Keyed by the regime object (a frozen
# value), kept for the last few regimes only.
_LOOKUPS: dict[int, tuple[Regime, dict]] = {}
_LOOKUPS_KEPT = 16


def _memo(regime: Regime) -> dict:
	entry = _LOOKUPS.get(id(regime))
	if entry is None or entry[0] is not regime:
		if len(_LOOKUPS) >= _LOOKUPS_KEPT:
			_LOOKUPS.clear()
		entry = _LOOKUPS[id(regime)] = (regime, {})
	return entry[1]


def rate_basis(regime: Regime, year: int, mode: str) -> str:
	"""The basis of the kilometre rate for ``mode`` in ``year``: the yearly rate where the forum
	chose it for that year and the vehicle has yearly rates; otherwise the period's rate."""
	wanted = YEARLY_RATE if year in regime.yearly_rate_years else PERIOD_RATE
	bases = {rate.basis for rate in regime.km_rates if rate.mode == mode}
	if wanted not in bases and len(bases) == 1:
		return next(iter(bases))  # one basis only (the bicycle's yearly figure): it applies
	return wanted


def km_rate_on(regime: Regime, day: date, mode: str) -> KmRate:
	"""The kilometre rate for ``mode`` valid on ``day`` (on the basis chosen for its year), or
	:class:`MissingCeilingError` naming it."""
	memo = _memo(regime)
	found = memo.get((day, mode))
	if found is None:
		found = memo[(day, mode)] = _find_km_rate(regime, day, mode)
	return found


def _find_km_rate(regime: Regime, day: date, mode: str) -> KmRate:
	basis = rate_basis(regime, day.year, mode)
	matches = [
		rate for rate in regime.km_rates if rate.mode == mode and rate.basis == basis and rate.covers(day)
	]
	if len(matches) == 1:
		return matches[0]
	if matches:
		raise DomainError(
			_(
				"Two kilometre rates of regime '{regime}' for {mode} overlap on {day}: each date needs exactly one rate."
			),
			field="km_rates",
			regime=regime.name,
			mode=mode,
			day=day,
		)
	if basis == YEARLY_RATE:
		raise MissingCeilingError(
			_(
				"Regime '{regime}' has no yearly kilometre rate for {mode} on {day} (the yearly rate was chosen for {year}): enter it first."
			),
			regime=regime.name,
			year=day.year,
			figure="km_rate",
			mode=mode,
			day=day,
		)
	raise MissingCeilingError(
		_("Regime '{regime}' has no kilometre rate for {mode} on {day}: enter it first."),
		regime=regime.name,
		year=day.year,
		figure="km_rate",
		mode=mode,
		day=day,
	)


def _km_rate(regime: Regime, row: CeilingRow | None, day: date, mode: str) -> Decimal:
	return km_rate_on(regime, day, mode).rate


def transport_cap(regime: Regime, row: CeilingRow, day: date) -> Decimal | None:
	"""All transport beside the flat rate in a year: at most the yearly kilometres x the car rate.

	The rate is the highest car rate applied in the year up to ``day`` (the rate valid on
	``day`` included, which must exist): kilometres paid at each day's own rate never add
	up to more than that, so the cap never cuts kilometres within the yearly limit when
	the rate changes in the middle of the year; tickets share what the kilometres leave.
	In cents, rounded down (2,000 x EUR 0.4326 = EUR 865.20), so never above the law.
	"""
	if row.max_km_per_year is None:
		return None
	memo = _memo(regime)
	key = ("cap", day, row.max_km_per_year)
	cap = memo.get(key)
	if cap is None:
		cap = memo[key] = _transport_cap(regime, row.max_km_per_year, day)
	return cap


def _transport_cap(regime: Regime, max_km: Decimal, day: date) -> Decimal:
	rate = km_rate_on(regime, day, CAR).rate
	basis = rate_basis(regime, day.year, CAR)
	start = date(day.year, 1, 1)
	for other in regime.km_rates:
		if other.mode == CAR and other.basis == basis and other.valid_from <= day and other.valid_to >= start:
			rate = max(rate, other.rate)
	return cents(max_km * rate, ROUND_FLOOR)


def age_on(birth_date: date, day: date) -> int:
	"""Completed years on ``day`` (born 29 February: a year older on 1 March in other years)."""
	return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# -------------------------------------------------------------------- fixtures in


def _decimal_or_none(value: object) -> Decimal | None:
	if value is None or value == "":
		return None
	return Decimal(str(value))


def row_from_dict(data: Mapping[str, object]) -> CeilingRow:
	"""A row from plain data (fixtures, a DocType row): amounts as text, dates as ISO text."""

	def day(value: object) -> date:
		return value if isinstance(value, date) else date.fromisoformat(str(value))

	return CeilingRow(
		valid_from=day(data["valid_from"]),
		valid_to=day(data["valid_to"]),
		max_per_day=_decimal_or_none(data.get("max_per_day")),
		max_per_year=_decimal_or_none(data.get("max_per_year")),
		max_km_per_year=_decimal_or_none(data.get("max_km_per_year")),
		hourly_max_21_plus=_decimal_or_none(data.get("hourly_max_21_plus")),
		hourly_max_under_21=_decimal_or_none(data.get("hourly_max_under_21")),
		max_per_month=_decimal_or_none(data.get("max_per_month")),
		flat_and_real_combinable=bool(data.get("flat_and_real_combinable", True)),
		source=str(data.get("source") or ""),
	)


def _day(value: object) -> date:
	return value if isinstance(value, date) else date.fromisoformat(str(value))


def km_rate_from_dict(data: Mapping[str, object]) -> KmRate:
	"""A kilometre rate from plain data: ``valid_from``, ``valid_to``, ``vehicle`` (or ``mode``),
	``rate`` as text, ``basis`` (Period or Yearly) and ``source``."""
	return KmRate(
		valid_from=_day(data["valid_from"]),
		valid_to=_day(data["valid_to"]),
		mode=str(data.get("vehicle") or data.get("mode")),
		rate=Decimal(str(data["rate"])),
		basis=str(data.get("basis") or PERIOD_RATE),
		source=str(data.get("source") or ""),
	)


def regime_from_dict(data: Mapping[str, object]) -> Regime:
	regime = Regime(
		name=str(data["regime_name"]),
		kind=str(data["kind"]),
		rows=tuple(row_from_dict(row) for row in data.get("rows") or ()),
		flat_rate_per_day=_decimal_or_none(data.get("flat_rate_per_day")),
		hourly_rate=_decimal_or_none(data.get("hourly_rate")),
		km_rates=tuple(km_rate_from_dict(rate) for rate in data.get("km_rates") or ()),
		yearly_rate_years=frozenset(int(year) for year in data.get("yearly_rate_years") or ()),
	)
	validate_regime(regime)
	return regime
