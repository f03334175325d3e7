"""What an organisation owes for an assignment, by the rate agreed with it.

- **Per session**: each session each member who took part (an approved hour log is one
  member at one session) at the agreed rate.
- **Per hour**: the hours the members worked for the organisation (preparation, execution
  and debrief of the approved logs; travel time is billed as travel, not as hours).
- **Flat**: the agreed amount once.
- **Free**: nothing (the statement still says so).
- **Travel**, where agreed: the kilometres of the approved logs at the forum's rate per km.

Money is exact (``Decimal``); each item is rounded to the cent once (half up), and the
total is the sum of the items as shown. Plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from lef_members.domain.errors import DomainError, _

PER_SESSION = "Per session"
PER_HOUR = "Per hour"
FLAT = "Flat"
FREE = "Free"
BILLING_MODES = (PER_SESSION, PER_HOUR, FLAT, FREE)
ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class WorkDone:
	"""One approved hour log of the assignment."""

	member: str
	session_date: object
	billable_hours: Decimal
	km: Decimal = ZERO


@dataclass(frozen=True)
class BillItem:
	description: str
	params: dict
	quantity: Decimal
	rate: Decimal
	amount: Decimal

	def render(self, translate=None) -> str:
		template = translate(self.description) if translate else self.description
		return template.format(**self.params)


@dataclass(frozen=True)
class Bill:
	items: tuple[BillItem, ...]
	total: Decimal


def compute_bill(
	mode: str,
	rate: Decimal | None,
	work: Iterable[WorkDone],
	title: str,
	travel_billed: bool = False,
	km_rate: Decimal | None = None,
) -> Bill:
	"""The items the organisation is billed for."""
	if mode not in BILLING_MODES:
		raise DomainError(_("Choose how the assignment is billed."), field="billing_mode")
	work = list(work)
	rate = rate if rate is not None else ZERO
	if rate < 0:
		raise DomainError(_("The agreed rate cannot be negative."), field="agreed_rate")
	if mode != FREE and not rate:
		raise DomainError(
			_("Enter the rate agreed with the organisation for {title}."), field="agreed_rate", title=title
		)
	if mode in (PER_SESSION, PER_HOUR) and not work:
		raise DomainError(
			_("No approved hour logs for {title} yet: approve them before billing."),
			field="assignment",
			title=title,
		)
	items: list[BillItem] = []
	if mode == PER_SESSION:
		quantity = Decimal(len(work))
		items.append(
			BillItem(
				_("{title}: sessions per member"), {"title": title}, quantity, rate, _money(quantity * rate)
			)
		)
	elif mode == PER_HOUR:
		quantity = sum((item.billable_hours for item in work), ZERO)
		items.append(BillItem(_("{title}: hours"), {"title": title}, quantity, rate, _money(quantity * rate)))
	elif mode == FLAT:
		items.append(BillItem(_("{title}: agreed amount"), {"title": title}, Decimal(1), rate, _money(rate)))
	else:
		items.append(BillItem(_("{title}: free of charge"), {"title": title}, Decimal(1), ZERO, ZERO))
	if travel_billed:
		km = sum((item.km for item in work), ZERO)
		if km > 0:
			if not km_rate:
				raise DomainError(
					_("Enter the rate per km billed to organisations in LEF Settings."),
					field="travel_rate_per_km",
				)
			items.append(BillItem(_("Travel: kilometres"), {}, km, km_rate, _money(km * km_rate)))
	return Bill(tuple(items), sum((item.amount for item in items), ZERO))


def _money(value: Decimal) -> Decimal:
	return value.quantize(CENT, rounding=ROUND_HALF_UP)
