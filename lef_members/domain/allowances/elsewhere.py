"""Allowances a member received from other organisations, as the member declares them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import groupby, pairwise

from lef_members.domain.errors import DomainError, _
from lef_members.domain.formats import sentence
from lef_members.domain.hours import CAR, KM_MODES, TRANSPORT_MODES

# ------------------------------------------------------------ received elsewhere


def check_elsewhere(year: int | None, today: date, days: int, amount: Decimal, km: Decimal) -> None:
	"""An allowance received from another organisation: a year that has begun, days that fit
	in it, amounts that are not negative, and something received."""
	if not year or year < 2000 or year > today.year:
		raise DomainError(
			_("Enter the calendar year in which the allowance was received (at most {year})."),
			field="year",
			year=today.year,
		)
	if days < 0 or amount < 0 or km < 0:
		raise DomainError(_("Days, amount and kilometres cannot be negative."), field="amount")
	if days > 366:
		raise DomainError(_("A year has at most 366 days."), field="days")
	if not (days or amount or km):
		raise DomainError(_("Enter the days, the amount or the kilometres received."), field="amount")
