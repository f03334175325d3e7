"""The named list of flat-rate days per calendar year the law asks the forum to keep."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import groupby, pairwise

from lef_members.domain.allowances.types import (
	FLAT_RATE,
	ZERO,
	Due,
	RegisterRow,
)
from lef_members.domain.errors import DomainError, _
from lef_members.domain.formats import sentence
from lef_members.domain.hours import CAR, KM_MODES, TRANSPORT_MODES

# ------------------------------------------------------------------ named day list


def register_entries(due: Due) -> list[RegisterRow]:
	"""The flat-rate days a payout paid, for the named yearly list."""
	return [
		RegisterRow(due.member, line.day, line.paid)
		for line in due.lines
		if line.kind == FLAT_RATE and line.paid > 0
	]


def flat_rate_day_register(
	year: int, entries: Iterable[RegisterRow | tuple[str, date, Decimal]]
) -> list[RegisterRow]:
	"""The named list for ``year``: member, day of each flat-rate allowance, amount.

	Entries from all payouts of the year (see :func:`register_entries`); a day paid in
	parts over two payouts is one row with the sum. Sorted by member, then day.
	"""
	sums: dict[tuple[str, date], Decimal] = defaultdict(lambda: ZERO)
	for entry in entries:
		member, day, amount = (
			(entry.member, entry.day, entry.amount) if isinstance(entry, RegisterRow) else entry
		)
		if day.year == year and amount:
			sums[(member, day)] += amount
	return [RegisterRow(member, day, amount) for (member, day), amount in sorted(sums.items()) if amount]
