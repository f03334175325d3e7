"""The words, inputs and outputs of the allowance rules: regime kinds, line kinds, the
parts of a log that may wait, the dated rows of a regime, a member's facts, what is due."""

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

ZERO = Decimal(0)
CENT = Decimal("0.01")
ALERT_SHARE = Decimal("0.8")  # finance and the member are told at 80 % of a yearly ceiling

# Regime kinds (the legal frame).
BE_FLAT_RATE = "BE volunteer flat rate"
BE_REAL_COSTS = "BE volunteer real costs"
NL_VOLUNTEER = "NL volunteer allowance"
FREELANCE = "Freelance fee"
NO_PAY = "None"
REGIME_KINDS = (BE_FLAT_RATE, BE_REAL_COSTS, NL_VOLUNTEER, FREELANCE, NO_PAY)
BELGIAN_SYSTEMS = (BE_FLAT_RATE, BE_REAL_COSTS)

# Freelance fee basis.
PER_HOUR = "Per hour"
PER_SESSION = "Per session"

# Line kinds on a payout.
FLAT_RATE = "Flat rate"
VOLUNTEER_ALLOWANCE = "Volunteer allowance"
KILOMETRES = "Kilometres"
TICKETS = "Public transport"
REAL_COSTS = "Real costs"
FEE = "Fee"
NOT_PAID = "Not paid"
LINE_KINDS = (FLAT_RATE, VOLUNTEER_ALLOWANCE, KILOMETRES, TICKETS, REAL_COSTS, FEE, NOT_PAID)

# Ceilings reported in room left and alerts.
# The parts of a log that are paid on their own: the allowance or fee for the work, its
# kilometres, its tickets and its other costs. A part whose legal figure is missing waits for it
# (:class:`Waiting`) while the other parts are paid; the next payout pays only what still waits.
ALLOWANCE_PART = "allowance"
KM_PART = "km"
TICKETS_PART = "tickets"
COSTS_PART = "costs"
PARTS = (ALLOWANCE_PART, KM_PART, TICKETS_PART, COSTS_PART)
ALL_PARTS = frozenset(PARTS)
PART_LABELS = {
	ALLOWANCE_PART: _("The allowance"),
	KM_PART: _("The kilometres"),
	TICKETS_PART: _("The tickets"),
	COSTS_PART: _("The other costs"),
}
# One line of what waits, on the statement: "The kilometres of log X (5-5-2026): <reason>".
WAITING_LINE = _("{part} of log {log} ({day}): {reason}")

YEAR_ALLOWANCE = "allowance_per_year"
MONTH_ALLOWANCE = "allowance_per_month"
YEAR_KM = "km_per_year"
YEAR_TRANSPORT = "transport_per_year"


class MissingCeilingError(DomainError):
	"""No row covers the date, or the row lacks a figure: finance must enter it first."""

	def __init__(self, template: str, regime: str, year: int, figure: str, **params: object) -> None:
		self.regime = regime
		self.year = year
		self.figure = figure
		super().__init__(template, field=figure, regime=regime, year=year, **params)


class AllowanceSystemError(DomainError):
	"""A second Belgian system in one calendar year (flat rate and real costs)."""


# ---------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class CeilingRow:
	"""The legal figures of a regime for one validity period (both days included).

	``None`` means "does not apply" (no such ceiling in this regime).
	``flat_and_real_combinable``: whether real costs may be paid on top of the allowance
	(Belgium: transport only). Kilometre rates are rows of their own (:class:`KmRate`).
	"""

	valid_from: date
	valid_to: date
	max_per_day: Decimal | None = None
	max_per_year: Decimal | None = None
	max_km_per_year: Decimal | None = None
	hourly_max_21_plus: Decimal | None = None
	hourly_max_under_21: Decimal | None = None
	max_per_month: Decimal | None = None
	flat_and_real_combinable: bool = True
	source: str = ""

	def covers(self, day: date) -> bool:
		return self.valid_from <= day <= self.valid_to


# The basis of a kilometre rate: the rate of its period (the Belgian quarter), or the
# yearly rate (1 July - 30 June) that the forum may choose for a whole calendar year.
PERIOD_RATE = "Period"
YEARLY_RATE = "Yearly"
RATE_BASES = (PERIOD_RATE, YEARLY_RATE)


@dataclass(frozen=True)
class KmRate:
	"""A kilometre rate for one vehicle, valid from ``valid_from`` to ``valid_to`` (both included)."""

	valid_from: date
	valid_to: date
	mode: str
	rate: Decimal
	basis: str = PERIOD_RATE
	source: str = ""

	def covers(self, day: date) -> bool:
		return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True)
class Regime:
	"""An allowance regime: its kind and its dated rows.

	``flat_rate_per_day``: the forum's amount per day of work (Belgian flat rate; Dutch
	allowance where no hourly amount is agreed). For the Belgian flat rate, ``None`` means
	the legal maximum per day of the row valid that day. ``hourly_rate``: the Dutch hourly
	amount agreed for everyone in this regime (a member's own agreement overrides both).
	``km_rates``: the dated kilometre rates; ``yearly_rate_years``: the calendar years for
	which the forum chose the yearly kilometre rate instead of the period's.
	"""

	name: str
	kind: str
	rows: tuple[CeilingRow, ...] = ()
	flat_rate_per_day: Decimal | None = None
	hourly_rate: Decimal | None = None
	km_rates: tuple[KmRate, ...] = ()
	yearly_rate_years: frozenset[int] = frozenset()


@dataclass(frozen=True)
class MemberMoneyFacts:
	"""The member's own agreement: amounts agreed with this member override the regime's."""

	member: str
	member_name: str = ""
	birth_date: date | None = None
	flat_rate_per_day: Decimal | None = None
	hourly_rate: Decimal | None = None
	fee_basis: str | None = None  # Per hour / Per session (Freelance fee)
	fee_rate: Decimal | None = None
	invoice_reference: str | None = None


@dataclass(frozen=True)
class LogLine:
	"""An approved hour log, reduced to what money needs.

	``hours``: the hours the agreement pays (usually the log's total). ``has_receipt``
	covers the ticket and the other costs. ``transporting_people``: the work itself is
	transporting people (the Belgian kilometre limit does not apply).
	"""

	log: str
	day: date
	hours: Decimal = ZERO
	km: Decimal = ZERO
	transport_mode: str | None = None
	ticket_amount: Decimal = ZERO
	other_costs: Decimal = ZERO
	has_receipt: bool = False
	sessions: int = 1
	transporting_people: bool = False
	# The parts still to pay (an earlier payout paid the others while this log waited for a
	# figure), and whether the log comes from before the payout's period for that reason.
	parts: frozenset[str] = ALL_PARTS
	carried: bool = False


@dataclass(frozen=True)
class YearToDate:
	"""What the member was already paid in one calendar year, before this payout.

	``systems``: the regime kinds paid under this year (for the one-system rule).
	``allowance_paid``: flat rate (Belgium) or volunteer allowance (Netherlands), the year's
	total; ``allowance_by_month``: the same per month (1-12). ``allowance_days``: days that
	already had their per-day amount. ``km_used``: kilometres counted against the yearly
	limit beside the flat rate; ``transport_paid``: kilometres and tickets paid beside it.
	All of these are the forum's own payouts. ``elsewhere_amount``, ``elsewhere_km`` and
	``elsewhere_days``: what the member received from other organisations that year (the
	ceilings count per volunteer across all organisations); they use up the yearly
	allowance and kilometres and are kept apart.
	"""

	year: int
	systems: frozenset[str] = frozenset()
	allowance_paid: Decimal = ZERO
	allowance_by_month: Mapping[int, Decimal] = field(default_factory=dict)
	allowance_days: frozenset[date] = frozenset()
	km_used: Decimal = ZERO
	transport_paid: Decimal = ZERO
	elsewhere_amount: Decimal = ZERO
	elsewhere_km: Decimal = ZERO
	elsewhere_days: int = 0


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Note:
	"""A reason or warning: an English template (marked for translation) and its values."""

	code: str
	template: str
	params: Mapping[str, object] = field(default_factory=dict)

	def render(self, translate=None, lang: str | None = None) -> str:
		"""The sentence; with ``lang`` its amounts, quantities and dates as that reader writes them
		(``translate`` may carry its language as ``translate.lang``)."""
		return sentence(self.template, self.params, translate, lang=lang)


@dataclass(frozen=True)
class DueLine:
	"""One line of the payout, in cents. ``exact_paid``/``exact_held`` are before rounding."""

	day: date
	kind: str
	logs: tuple[str, ...]
	quantity: Decimal | None
	rate: Decimal | None
	claimed: Decimal
	paid: Decimal
	held: Decimal
	reasons: tuple[Note, ...]
	exact_paid: Decimal
	exact_held: Decimal
	# The yearly limit the paid amount counts toward: "allowance", "transport" or "" (none).
	counts_toward: str = ""


@dataclass(frozen=True)
class Waiting:
	"""A part of a log that waits for a legal figure finance has not entered yet.

	``figure`` names it (``rows`` for a year without ceilings, ``max_per_day``, ``km_rate``...);
	``mode`` is the vehicle of a missing kilometre rate; ``km`` the kilometres that wait.
	Nothing of it is paid, held or counted against a ceiling: the first payout after the figure
	is entered pays it, and only it.
	"""

	log: str
	day: date
	part: str
	figure: str
	regime: str
	year: int
	reason: Note
	mode: str | None = None
	km: Decimal = ZERO


@dataclass(frozen=True)
class KindTotal:
	claimed: Decimal = ZERO
	paid: Decimal = ZERO
	held: Decimal = ZERO


@dataclass(frozen=True)
class RoomLeft:
	"""Room under one ceiling: ``limit - used``, never below zero. Kilometres for YEAR_KM.

	``used`` counts everything; ``elsewhere`` is the part of it received from other organisations.
	"""

	year: int
	ceiling: str
	limit: Decimal
	used: Decimal
	left: Decimal
	month: int | None = None
	elsewhere: Decimal = ZERO


@dataclass(frozen=True)
class Due:
	member: str
	regime: str
	kind: str
	period: tuple[date, date]
	lines: tuple[DueLine, ...]
	totals: Mapping[str, KindTotal]
	claimed_total: Decimal
	paid_total: Decimal
	held_total: Decimal
	room_left: tuple[RoomLeft, ...]
	warnings: tuple[Note, ...]
	after: tuple[YearToDate, ...]
	invoice_reference: str | None = None
	waiting: tuple[Waiting, ...] = ()

	def paid_parts(self, log: LogLine) -> frozenset[str]:
		"""The parts of ``log`` this payout settles (paid or held for good): all but those waiting."""
		return log.parts - {w.part for w in self.waiting if w.log == log.log}

	def year_to_date(self, year: int) -> YearToDate:
		"""The counters after this payout, to hand to the next one."""
		for ytd in self.after:
			if ytd.year == year:
				return ytd
		return YearToDate(year=year)


@dataclass(frozen=True)
class RegisterRow:
	"""A line of the named yearly list of flat-rate days: member, day, amount."""

	member: str
	day: date
	amount: Decimal


def cents(value: Decimal, rounding: str) -> Decimal:
	return value.quantize(CENT, rounding=rounding)
