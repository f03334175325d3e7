"""Figures for the forum's reports and dashboard: how evenly work is spread over members, and how
long an organisation waits between asking and being staffed. Plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


def gini(counts: Iterable[int | float | Decimal]) -> float:
	"""The Gini coefficient of a spread of work: 0 when every member had the same number of
	assignments, towards 1 when one member had all of it.

	Members with no work count (pass a 0 for them): leaving them out would hide unfairness.
	An empty list or nobody with any work gives 0 (nothing was spread unevenly).
	Computed from the sorted values: G = sum((2i - n - 1) * x_i) / (n * sum(x)), i from 1.
	"""
	values = sorted(float(v) for v in counts)
	if any(v < 0 for v in values):
		raise ValueError("counts cannot be negative")
	n, total = len(values), sum(values)
	if n == 0 or total == 0:
		return 0.0
	weighted = sum((2 * i - n - 1) * v for i, v in enumerate(values, start=1))
	return round(weighted / (n * total), 4)


@dataclass(frozen=True)
class Spread:
	members: int
	assignments: int
	mean: float
	most: int
	without_work: int
	gini: float


def spread(counts: dict[str, int]) -> Spread:
	"""Summary of assignments per member (every active member in ``counts``, 0 for none)."""
	values = list(counts.values())
	total = sum(values)
	return Spread(
		members=len(values),
		assignments=total,
		mean=round(total / len(values), 2) if values else 0.0,
		most=max(values, default=0),
		without_work=sum(1 for v in values if v == 0),
		gini=gini(values),
	)


def staffed_at(needed: int, accepted_on: Iterable[datetime | None]) -> datetime | None:
	"""When an assignment became staffed: the moment the ``needed``-th member accepted.

	None while fewer accepted than needed (or nobody is needed).
	"""
	moments = sorted(m for m in accepted_on if m is not None)
	if needed <= 0 or len(moments) < needed:
		return None
	return moments[needed - 1]


def hours_between(start: datetime | None, end: datetime | None) -> float | None:
	"""Hours from ``start`` to ``end``, rounded to one decimal; None when either is unknown or the
	end comes before the start (a record edited by hand)."""
	if start is None or end is None or end < start:
		return None
	return round((end - start).total_seconds() / 3600, 1)


def median(values: Sequence[float]) -> float | None:
	ordered = sorted(values)
	if not ordered:
		return None
	middle = len(ordered) // 2
	if len(ordered) % 2:
		return ordered[middle]
	return round((ordered[middle - 1] + ordered[middle]) / 2, 1)
