"""What is left this year under each yearly ceiling, and the alerts at 80 % and 100 %."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import groupby, pairwise

from lef_members.domain.allowances.regimes import (
	needed_figure,
	row_for,
	transport_cap,
)
from lef_members.domain.allowances.types import (
	BE_FLAT_RATE,
	BE_REAL_COSTS,
	BELGIAN_SYSTEMS,
	MONTH_ALLOWANCE,
	NL_VOLUNTEER,
	NO_PAY,
	YEAR_ALLOWANCE,
	YEAR_KM,
	YEAR_TRANSPORT,
	ZERO,
	CeilingRow,
	MissingCeilingError,
	Regime,
	RoomLeft,
	YearToDate,
)
from lef_members.domain.errors import DomainError, _
from lef_members.domain.formats import sentence
from lef_members.domain.hours import CAR, KM_MODES, TRANSPORT_MODES


def room_under_ceilings(regime: Regime, row: CeilingRow, ytd: YearToDate, on: date) -> list[RoomLeft]:
	items: list[RoomLeft] = []

	def add(
		ceiling: str, limit: Decimal, used: Decimal, month: int | None = None, elsewhere: Decimal = ZERO
	) -> None:
		used += elsewhere
		items.append(RoomLeft(on.year, ceiling, limit, used, max(limit - used, ZERO), month, elsewhere))

	if regime.kind in (BE_FLAT_RATE, NL_VOLUNTEER):
		add(
			YEAR_ALLOWANCE,
			needed_figure(regime, row, on, "max_per_year"),
			ytd.allowance_paid,
			elsewhere=ytd.elsewhere_amount,
		)
	if regime.kind == NL_VOLUNTEER:
		month_max = needed_figure(regime, row, on, "max_per_month")
		add(MONTH_ALLOWANCE, month_max, ytd.allowance_by_month.get(on.month, ZERO), on.month)
	if regime.kind == BE_FLAT_RATE and row.max_km_per_year is not None:
		add(YEAR_KM, row.max_km_per_year, ytd.km_used, elsewhere=ytd.elsewhere_km)
		try:
			cap = transport_cap(regime, row, on)
		except MissingCeilingError:
			cap = None  # no car rate for that day yet: no amount to show
		if cap is not None:
			add(YEAR_TRANSPORT, cap, ytd.transport_paid)
	return items


def room_left_this_year(regime: Regime, already_paid: YearToDate, on: date) -> tuple[RoomLeft, ...]:
	"""The room under each yearly (and, Dutch, monthly) ceiling on ``on``, for the portal.

	Regimes without ceilings (real costs, freelance, none) have no room to show: empty.
	"""
	if regime.kind not in (BE_FLAT_RATE, NL_VOLUNTEER):
		return ()
	if already_paid.year != on.year:
		raise DomainError(
			_("The amounts paid are for {paid_year}, not for {year}."),
			field="already_paid",
			paid_year=already_paid.year,
			year=on.year,
		)
	return tuple(room_under_ceilings(regime, row_for(regime, on), already_paid, on))


def allowance_room(regime: Regime, already_paid: YearToDate, on: date) -> Decimal | None:
	"""How much allowance can still be paid on ``on`` (year and month), ``None`` if unlimited.

	For matching: a member with no room is not proposed.
	"""
	if regime.kind == NO_PAY:
		return ZERO
	if regime.kind in BELGIAN_SYSTEMS:
		other = BE_REAL_COSTS if regime.kind == BE_FLAT_RATE else BE_FLAT_RATE
		if other in already_paid.systems:
			return ZERO
	items = [
		item
		for item in room_left_this_year(regime, already_paid, on)
		if item.ceiling in (YEAR_ALLOWANCE, MONTH_ALLOWANCE)
	]
	return min((item.left for item in items), default=None)
