"""What the forum owes a member for a period, within the law.

The legal figures (ceilings, kilometre rates) are data: an allowance regime with dated
rows. The row valid on a session's date applies; where no row covers a date, or a row
lacks a figure the computation needs, :class:`MissingCeilingError` says which figure
finance must enter. Nothing is guessed.

The rules, in the forum's words:

- **Belgian volunteer flat rate.** A fixed amount per day of work (the forum's agreed
  amount; when none is agreed, the legal maximum per day). Never more than the legal
  maximum per day, nor, over the calendar year, than the legal maximum per year. A day
  counts once, however many sessions it holds. Beside the flat rate only real *transport*
  costs may be paid: kilometres at the civil servants' rate for the vehicle, at most
  2,000 km a year, and public-transport tickets; all transport together at most
  2,000 x the car rate a year (law of 3 July 2005, art. 10: "openbaar vervoer, de eigen
  wagen of fiets"). The kilometre limit does not apply when the work is transporting
  people. Other real costs are not paid beside the flat rate: they are held.
- **Belgian volunteer real costs.** Proved costs, no ceiling: tickets and other costs
  with a receipt, kilometres at the rate of the row.
- One Belgian system per member per calendar year: a member who already got real-cost
  allowances this year cannot get the flat rate, and the other way round.
- A regime of its own for the higher flat-rate category (its own yearly maximum).
- **Dutch vrijwilligersvergoeding.** Where an hourly amount was agreed, at most the legal
  maximum per hour (21 or over, or under 21 by the birth date on the session date); in any
  case at most the maximum per month (capped per month, never averaged over the year) and
  per year. Specified real costs with proof come on top.
- **Freelance fee.** The agreed rate per hour or per session; no ceiling; the member's
  invoice reference is kept. Costs with proof and kilometres at the row's rate are paid.
- **None.** Nothing is paid.

**Kilometre rates** are dated rows of their own, per vehicle (:class:`KmRate`), apart
from the yearly ceiling rows: the Belgian State's rate changes every quarter. A log's
kilometres are priced at the rate valid on its date. For a calendar year the forum may
choose the yearly rate instead (1 July to 30 June); then every day of that year uses the
yearly rate valid on it. A vehicle whose rate has one basis only (the bicycle, a rate per
calendar year) uses its rows whatever was chosen.

**Across all organisations.** Ceilings count per volunteer over every organisation: what a
member received elsewhere in a calendar year (:class:`YearToDate` ``elsewhere_*``) uses up
the yearly allowance and the yearly kilometres like the forum's own payouts, and is shown
apart from them.

What a ceiling cuts off is never dropped: each line shows what was claimed, what is paid
and what is held, with the reasons. ``paid + held == claimed`` on every line.

Money is exact (``Decimal``) throughout and rounded once, at the end of the member's
payout: see :func:`compute_due` for the rounding rule.
"""

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


def _need(regime: Regime, row: CeilingRow, day: date, figure: str) -> Decimal:
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
	return _cents(max_km * rate, ROUND_FLOOR)


def age_on(birth_date: date, day: date) -> int:
	"""Completed years on ``day`` (born 29 February: a year older on 1 March in other years)."""
	return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# ------------------------------------------------------------------ the computation


@dataclass
class _Counter:
	"""A year's running totals (exact), starting from what was already paid."""

	year: int
	systems: set[str]
	allowance: Decimal
	by_month: dict[int, Decimal]
	days: set[date]
	km: Decimal
	transport: Decimal
	elsewhere_amount: Decimal = ZERO
	elsewhere_km: Decimal = ZERO
	elsewhere_days: int = 0

	@classmethod
	def start(cls, ytd: YearToDate) -> _Counter:
		return cls(
			year=ytd.year,
			systems=set(ytd.systems),
			allowance=ytd.allowance_paid,
			by_month=defaultdict(lambda: ZERO, ytd.allowance_by_month),
			days=set(ytd.allowance_days),
			km=ytd.km_used,
			transport=ytd.transport_paid,
			elsewhere_amount=ytd.elsewhere_amount,
			elsewhere_km=ytd.elsewhere_km,
			elsewhere_days=ytd.elsewhere_days,
		)


@dataclass
class _Line:
	day: date
	kind: str
	logs: tuple[str, ...]
	quantity: Decimal | None
	rate: Decimal | None
	claimed: Decimal
	paid: Decimal
	reasons: list[Note]
	# Which yearly limit the paid amount counts toward: "allowance", "transport" or "".
	counts_toward: str = ""


def _first(*values: Decimal | None) -> Decimal | None:
	"""The first amount that was entered (zero counts as entered)."""
	return next((value for value in values if value is not None), None)


def _cut(line: _Line, limit: Decimal, note: Note) -> None:
	"""Pay no more than ``limit``; the rest is held with the reason."""
	limit = max(limit, ZERO)
	if line.paid > limit:
		line.paid = limit
		line.reasons.append(note)


def _hold_all(line: _Line, note: Note) -> None:
	line.paid = ZERO
	line.reasons.append(note)


def _has(log: LogLine, part: str, kind: str) -> bool:
	"""Does ``log`` hold something to pay under ``part``?"""
	if part == ALLOWANCE_PART:
		return kind != NO_PAY and (log.hours > 0 or (kind == FREELANCE and log.sessions > 0))
	if part == KM_PART:
		return log.km > 0
	if part == TICKETS_PART:
		return log.ticket_amount > 0
	return log.other_costs > 0


class _Calculator:
	def __init__(self, member: MemberMoneyFacts, regime: Regime, counters: dict[int, _Counter]):
		self.member = member
		self.regime = regime
		self.counters = counters
		self.lines: list[_Line] = []
		self.warnings: list[Note] = []
		self.waiting: list[Waiting] = []
		self.rows: dict[int, CeilingRow] = {}  # the last row used per year

	def counter(self, day: date) -> _Counter:
		if day.year not in self.counters:
			self.counters[day.year] = _Counter.start(YearToDate(year=day.year))
		return self.counters[day.year]

	def row(self, day: date) -> CeilingRow:
		row = row_for(self.regime, day)
		self.rows[day.year] = row
		return row

	def add(self, line: _Line) -> _Line:
		self.lines.append(line)
		return line

	# -- parts that wait for a figure

	def wait(self, logs: Iterable[LogLine], part: str, error: MissingCeilingError) -> None:
		"""``part`` of each log waits for the figure ``error`` names; nothing of it is counted."""
		for log in logs:
			self.waiting.append(
				Waiting(
					log=log.log,
					day=log.day,
					part=part,
					figure=error.figure,
					regime=self.regime.name,
					year=error.year,
					reason=Note("waiting_for_figure", error.template, dict(error.params)),
					mode=error.params.get("mode"),
					km=log.km if part == KM_PART else ZERO,
				)
			)

	def wait_all(self, logs: list[LogLine], error: MissingCeilingError) -> None:
		"""The day has no figures at all (a year without ceilings): every part with something in it waits."""
		for log in logs:
			for part in PARTS:
				if part in log.parts and _has(log, part, self.regime.kind):
					self.wait([log], part, error)

	def transport_or_wait(
		self, day: date, log: LogLine, row: CeilingRow | None, counter: _Counter, capped: bool
	) -> None:
		"""The log's kilometres, then its tickets: each paid, or waiting for its own figure."""
		for part, pay in ((KM_PART, self.kilometres), (TICKETS_PART, self.tickets)):
			if part not in log.parts:
				continue
			try:
				pay(day, log, row, counter, capped)
			except MissingCeilingError as error:
				self.wait([log], part, error)

	# -- the day, per kind of regime

	def day(self, day: date, logs: list[LogLine]) -> None:
		kind = self.regime.kind
		if kind == BE_FLAT_RATE:
			self.be_flat_rate(day, logs)
		elif kind == BE_REAL_COSTS:
			self.real_costs(day, logs)
		elif kind == NL_VOLUNTEER:
			self.nl_volunteer(day, logs)
		elif kind == FREELANCE:
			self.freelance(day, logs)
		else:
			for log in logs:
				if ALLOWANCE_PART not in log.parts:
					continue
				self.add(
					_Line(
						day,
						NOT_PAID,
						(log.log,),
						None,
						None,
						ZERO,
						ZERO,
						[
							Note(
								"not_paid",
								_("Regime '{regime}': nothing is paid through the forum."),
								{"regime": self.regime.name},
							)
						],
					)
				)

	def be_flat_rate(self, day: date, logs: list[LogLine]) -> None:
		try:
			row = self.row(day)
		except MissingCeilingError as error:
			self.wait_all(logs, error)
			return
		counter = self.counter(day)
		worked = [log for log in logs if log.hours > 0 and ALLOWANCE_PART in log.parts]
		if worked:
			try:
				day_max = _need(self.regime, row, day, "max_per_day")
				year_max = _need(self.regime, row, day, "max_per_year")
			except MissingCeilingError as error:
				self.wait(worked, ALLOWANCE_PART, error)
			else:
				agreed = _first(self.member.flat_rate_per_day, self.regime.flat_rate_per_day, day_max)
				line = self.add(
					_Line(
						day,
						FLAT_RATE,
						tuple(log.log for log in worked),
						Decimal(1),
						agreed,
						agreed,
						agreed,
						[],
						"allowance",
					)
				)
				self.per_day_allowance(line, counter, day_max, None, year_max)
		for log in logs:
			self.transport_or_wait(day, log, row, counter, capped=True)
			if log.other_costs > 0 and COSTS_PART in log.parts:
				self.add(
					_Line(
						day,
						REAL_COSTS,
						(log.log,),
						None,
						None,
						log.other_costs,
						ZERO,
						[
							Note(
								"not_with_flat_rate",
								_(
									"Other real costs are not paid beside the flat rate: only transport may be combined with it."
								),
							)
						],
					)
				)

	def per_day_allowance(
		self,
		line: _Line,
		counter: _Counter,
		day_max: Decimal | None,
		month_max: Decimal | None,
		year_max: Decimal | None,
	) -> None:
		"""One amount per day: once per day, then the day, month and year maxima."""
		day = line.day
		if day in counter.days:
			_hold_all(
				line,
				Note(
					"day_already_paid",
					_("The allowance for {day} was already paid in an earlier payout: a day counts once."),
					{"day": day},
				),
			)
			return
		if day_max is not None:
			_cut(
				line,
				day_max,
				Note(
					"day_max",
					_("The agreed {agreed} per day is above the legal maximum of {limit} per day in {year}."),
					{"agreed": line.claimed, "limit": day_max, "year": day.year},
				),
			)
		self.month_and_year(line, counter, month_max, year_max)
		if line.paid > 0:
			counter.days.add(day)

	def month_and_year(
		self, line: _Line, counter: _Counter, month_max: Decimal | None, year_max: Decimal | None
	) -> None:
		day = line.day
		if month_max is not None:
			_cut(
				line,
				month_max - counter.by_month[day.month],
				Note(
					"month_max",
					_("The maximum of {limit} per month is reached for {month}/{year}; the rest is held."),
					{"limit": month_max, "month": day.month, "year": day.year},
				),
			)
		if year_max is not None:
			if counter.elsewhere_amount:
				note = Note(
					"year_max",
					_(
						"The maximum of {limit} per year is reached for {year}, counting {elsewhere} received from other organisations; the rest is held."
					),
					{"limit": year_max, "year": day.year, "elsewhere": counter.elsewhere_amount},
				)
			else:
				note = Note(
					"year_max",
					_("The maximum of {limit} per year is reached for {year}; the rest is held."),
					{"limit": year_max, "year": day.year},
				)
			_cut(line, year_max - counter.allowance - counter.elsewhere_amount, note)
		counter.allowance += line.paid
		counter.by_month[day.month] += line.paid

	def _capped_row(self, day: date, row: CeilingRow | None) -> CeilingRow:
		"""Beside the flat rate: the day's row, with the yearly transport cap looked up first (it
		needs the day's car rate), so a missing figure leaves nothing counted."""
		row = row or self.row(day)
		if row.flat_and_real_combinable:
			transport_cap(self.regime, row, day)
		return row

	def kilometres(
		self, day: date, log: LogLine, row: CeilingRow | None, counter: _Counter, capped: bool
	) -> None:
		"""The log's kilometres. ``capped``: beside the Belgian flat rate (km and amount limits)."""
		if log.km <= 0:
			return
		if (log.transport_mode or "") not in KM_MODES:
			self.add(_Line(day, KILOMETRES, (log.log,), log.km, None, ZERO, ZERO, []))
			self.warnings.append(
				Note(
					"km_without_vehicle",
					_(
						"Log {log} has kilometres without a car, motorbike, moped or bicycle: they earn nothing."
					),
					{"log": log.log},
				)
			)
			return
		rate = _km_rate(self.regime, row, day, log.transport_mode)
		if capped:
			row = self._capped_row(day, row)
		amount = log.km * rate
		line = self.add(_Line(day, KILOMETRES, (log.log,), log.km, rate, amount, amount, []))
		if capped:
			self.capped_km(line, log, row, counter)

	def tickets(
		self, day: date, log: LogLine, row: CeilingRow | None, counter: _Counter, capped: bool
	) -> None:
		"""The log's public-transport tickets, with a receipt; beside the flat rate within the cap."""
		if log.ticket_amount <= 0:
			return
		if capped:
			row = self._capped_row(day, row)
		ticket = log.ticket_amount
		line = self.add(_Line(day, TICKETS, (log.log,), None, None, ticket, ticket, []))
		if self.receipt(line, log) and capped:
			if row.flat_and_real_combinable:
				self.transport_amount(line, row, counter)
			else:
				_hold_all(line, self.not_combinable(day))

	def capped_km(self, line: _Line, log: LogLine, row: CeilingRow, counter: _Counter) -> None:
		"""Beside the flat rate: at most the yearly kilometres, then the yearly transport amount.

		When the work itself is transporting people, neither limit applies (and the
		kilometres do not use up the limit for other work).
		"""
		day = line.day
		if not row.flat_and_real_combinable:
			_hold_all(line, self.not_combinable(day))
			return
		if log.transporting_people:
			return
		km_paid = log.km
		if row.max_km_per_year is not None:
			km_room = max(row.max_km_per_year - counter.km - counter.elsewhere_km, ZERO)
			if km_paid > km_room:
				km_paid = km_room
				_cut(
					line,
					km_paid * line.rate,
					Note(
						"km_max",
						_(
							"At most {limit} km a year are paid beside the flat rate; {km} km are held for {year}."
						),
						{"limit": row.max_km_per_year, "km": log.km - km_paid, "year": day.year},
					),
				)
		counter.km += km_paid
		self.transport_amount(line, row, counter)

	def transport_amount(self, line: _Line, row: CeilingRow, counter: _Counter) -> None:
		line.counts_toward = "transport"
		cap = transport_cap(self.regime, row, line.day)
		if cap is not None:
			_cut(
				line,
				cap - counter.transport,
				Note(
					"transport_max",
					_(
						"Transport beside the flat rate is at most {limit} a year; the rest is held for {year}."
					),
					{"limit": cap, "year": line.day.year},
				),
			)
		counter.transport += line.paid

	def not_combinable(self, day: date) -> Note:
		return Note(
			"not_combinable",
			_("Regime '{regime}' does not combine real costs with the allowance in {year}."),
			{"regime": self.regime.name, "year": day.year},
		)

	def receipt(self, line: _Line, log: LogLine) -> bool:
		if log.has_receipt:
			return True
		_hold_all(
			line,
			Note("no_receipt", _("No receipt for log {log}: costs are paid with proof."), {"log": log.log}),
		)
		return False

	def real_costs(self, day: date, logs: list[LogLine], combinable: bool = True) -> None:
		"""Proved costs without a ceiling: kilometres at the row's rate, tickets, other costs.

		``combinable`` False (a Dutch row that does not allow costs on top): all held.
		"""
		first = len(self.lines)
		for log in logs:
			self.transport_or_wait(day, log, None, self.counter(day), capped=False)
			if log.other_costs > 0 and COSTS_PART in log.parts:
				costs = log.other_costs
				line = self.add(_Line(day, REAL_COSTS, (log.log,), None, None, costs, costs, []))
				self.receipt(line, log)
		if not combinable:
			for line in self.lines[first:]:
				if line.paid > 0:
					_hold_all(line, self.not_combinable(day))

	def nl_volunteer(self, day: date, logs: list[LogLine]) -> None:
		try:
			row = self.row(day)
		except MissingCeilingError as error:
			self.wait_all(logs, error)
			return
		counter = self.counter(day)
		worked = [log for log in logs if log.hours > 0 and ALLOWANCE_PART in log.parts]
		try:
			month_max = _need(self.regime, row, day, "max_per_month")
			year_max = _need(self.regime, row, day, "max_per_year")
		except MissingCeilingError as error:
			self.wait(worked, ALLOWANCE_PART, error)
			worked = []
		hourly = _first(self.member.hourly_rate, self.regime.hourly_rate)
		if hourly is not None:
			for log in worked:
				if self.member.birth_date is None:
					raise DomainError(
						_(
							"Enter the birth date of {member}: the maximum per hour depends on whether they are 21 or over."
						),
						field="birth_date",
						member=self.member.member_name or self.member.member,
					)
				adult = age_on(self.member.birth_date, day) >= 21
				figure = "hourly_max_21_plus" if adult else "hourly_max_under_21"
				try:
					hourly_max = _need(self.regime, row, day, figure)
				except MissingCeilingError as error:
					self.wait([log], ALLOWANCE_PART, error)
					continue
				claimed = log.hours * hourly
				line = self.add(
					_Line(
						day,
						VOLUNTEER_ALLOWANCE,
						(log.log,),
						log.hours,
						hourly,
						claimed,
						claimed,
						[],
						"allowance",
					)
				)
				_cut(
					line,
					log.hours * hourly_max,
					Note(
						"hour_max",
						_(
							"The agreed {agreed} per hour is above the legal maximum of {limit} per hour in {year}."
						)
						if adult
						else _(
							"The agreed {agreed} per hour is above the legal maximum of {limit} per hour for members under 21 in {year}."
						),
						{"agreed": hourly, "limit": hourly_max, "year": day.year},
					),
				)
				self.month_and_year(line, counter, month_max, year_max)
		elif worked:
			agreed = _first(self.member.flat_rate_per_day, self.regime.flat_rate_per_day)
			if agreed is None:
				raise DomainError(
					_("Regime '{regime}' needs an agreed amount per hour or per day: enter it first."),
					field="flat_rate_per_day",
					regime=self.regime.name,
				)
			line = self.add(
				_Line(
					day,
					VOLUNTEER_ALLOWANCE,
					tuple(log.log for log in worked),
					Decimal(1),
					agreed,
					agreed,
					agreed,
					[],
					"allowance",
				)
			)
			self.per_day_allowance(line, counter, row.max_per_day, month_max, year_max)
		self.real_costs(day, logs, combinable=row.flat_and_real_combinable)

	def freelance(self, day: date, logs: list[LogLine]) -> None:
		basis, rate = self.member.fee_basis, self.member.fee_rate
		if basis not in (PER_HOUR, PER_SESSION) or rate is None:
			raise DomainError(
				_("Enter the agreed fee of {member}: a rate per hour or per session."),
				field="fee_rate",
				member=self.member.member_name or self.member.member,
			)
		for log in logs:
			quantity = log.hours if basis == PER_HOUR else Decimal(log.sessions)
			if quantity > 0 and ALLOWANCE_PART in log.parts:
				self.add(_Line(day, FEE, (log.log,), quantity, rate, quantity * rate, quantity * rate, []))
		self.real_costs(day, logs)


def _check_logs(logs: list[LogLine], period: tuple[date, date]) -> None:
	start, end = period
	if end < start:
		raise DomainError(
			_("The period ends on {end}, before it starts on {start}."), field="to_date", start=start, end=end
		)
	seen: set[str] = set()
	for log in logs:
		if log.log in seen:
			raise DomainError(_("Log {log} is in the payout twice."), field="logs", log=log.log)
		seen.add(log.log)
		if not (start <= log.day <= end or (log.carried and log.day < start)):
			raise DomainError(
				_("Log {log} of {day} is outside the period {start} - {end}."),
				field="logs",
				log=log.log,
				day=log.day,
				start=start,
				end=end,
			)
		amounts = (log.hours, log.km, log.ticket_amount, log.other_costs, Decimal(log.sessions))
		if any(value < 0 for value in amounts):
			raise DomainError(_("Log {log} has a negative number."), field="logs", log=log.log)
		if log.transport_mode and log.transport_mode not in TRANSPORT_MODES:
			raise DomainError(
				_("Unknown transport mode {mode}."), field="transport_mode", mode=log.transport_mode
			)


def _one_system(member: MemberMoneyFacts, regime: Regime, counters: dict[int, _Counter], years: set[int]):
	if regime.kind not in BELGIAN_SYSTEMS:
		return
	other = BE_REAL_COSTS if regime.kind == BE_FLAT_RATE else BE_FLAT_RATE
	for year in sorted(years):
		if year in counters and other in counters[year].systems:
			who = member.member_name or member.member
			if regime.kind == BE_FLAT_RATE:
				raise AllowanceSystemError(
					_(
						"{member} already received real-cost allowances in {year}: the flat rate cannot be paid in the same year (one system per volunteer per calendar year)."
					),
					field="regime",
					member=who,
					year=year,
				)
			raise AllowanceSystemError(
				_(
					"{member} already received the flat rate in {year}: real costs cannot be paid in the same year (one system per volunteer per calendar year)."
				),
				field="regime",
				member=who,
				year=year,
			)


def _cents(value: Decimal, rounding: str) -> Decimal:
	return value.quantize(CENT, rounding=rounding)


def _allocate(
	entries: list[tuple[tuple, Decimal, int]], target: Decimal, level: int, out: dict[int, Decimal]
):
	"""Share ``target`` (in cents) over the entries, group by group down their key path.

	At each level every group gets its exact sum rounded down to the cent, and the cents
	still missing go one by one to the groups with the largest remainders (ties: the
	earlier group). So each group ends within a cent of its exact sum, and never above a
	whole-cent ceiling that its exact sum respects.
	"""
	if len(entries) == 1:
		# A group of one line: the line is the group.
		out[entries[0][2]] = target
		return
	if all(entry[1] == _cents(entry[1], ROUND_FLOOR) for entry in entries):
		# All in whole cents already: the group's share can only be their exact sum.
		for entry in entries:
			out[entry[2]] = entry[1]
		return
	groups: dict[object, list[tuple[tuple, Decimal, int]]] = {}
	for entry in sorted(entries, key=lambda entry: entry[0][level]):
		groups.setdefault(entry[0][level], []).append(entry)
	exact = {key: sum((entry[1] for entry in group), ZERO) for key, group in groups.items()}
	floors = {key: _cents(value, ROUND_FLOOR) for key, value in exact.items()}
	missing = int((target - sum(floors.values(), ZERO)) / CENT)
	order = sorted(groups, key=lambda key: -(exact[key] - floors[key]))  # stable: earlier keys first
	assert 0 <= missing <= len(order), "rounding invariant"
	for position, key in enumerate(order):
		share = floors[key] + (CENT if position < missing else ZERO)
		_allocate(groups[key], share, level + 1, out)


def present_in_cents(lines: list[tuple[tuple, Decimal]]) -> tuple[list[Decimal], Decimal]:
	"""Round once: the total (half up), then shared down to the lines. See :func:`compute_due`."""
	if not lines:
		return [], ZERO
	total = _cents(sum((amount for _key, amount in lines), ZERO), ROUND_HALF_UP)
	out: dict[int, Decimal] = {}
	_allocate([(key, amount, index) for index, (key, amount) in enumerate(lines)], total, 0, out)
	return [out[index] for index in range(len(lines))], total


_CLASS_ORDER = {"allowance": 0, "transport": 1, "": 2}


def compute_due(
	member: MemberMoneyFacts,
	regime: Regime,
	logs: Iterable[LogLine],
	already_paid: Iterable[YearToDate] = (),
	period: tuple[date, date] | None = None,
) -> Due:
	"""What is due to ``member`` for ``period`` from their approved, unpaid logs.

	``already_paid``: one :class:`YearToDate` per calendar year the period touches (a year
	left out means nothing was paid yet). Each day uses the row valid on that day and the
	counters of its own year, so a period over New Year and a change of figures in the
	middle of a year come out right.

	**Rounding, once.** Every amount is computed exactly. The member's total paid is the
	exact sum rounded half up to the cent (``ROUND_HALF_UP``); that is the one rounding.
	The lines are then shown in cents by sharing that total out along year, kind of
	ceiling (allowance, transport, other), month, day and line: each group gets its exact
	amount rounded down plus, while cents are missing, one cent for the largest remainders.
	So the lines add up to the total exactly, each line is within a cent of its exact
	amount, and no year, month or day shows more than a ceiling (ceilings are whole
	cents). Held amounts are shown the same way; a line's claimed amount is paid + held.
	"""
	logs = sorted(logs, key=lambda log: (log.day, log.log))
	if period is None:
		if not logs:
			raise DomainError(_("Choose the period of the payout."), field="from_date")
		period = (logs[0].day, logs[-1].day)
	_check_logs(logs, period)
	validate_regime(regime)

	counters: dict[int, _Counter] = {}
	for ytd in already_paid:
		if ytd.year in counters:
			raise DomainError(
				_("The amounts already paid in {year} were given twice."), field="already_paid", year=ytd.year
			)
		counters[ytd.year] = _Counter.start(ytd)
	before = {year: _Counter.start(_snapshot(counter)) for year, counter in counters.items()}
	years = {log.day.year for log in logs}
	_one_system(member, regime, counters, years)

	calc = _Calculator(member, regime, counters)
	for day, day_logs in groupby(logs, key=lambda log: log.day):
		calc.day(day, list(day_logs))

	# Round once, at the end.
	keys = [
		(line.day.year, _CLASS_ORDER[line.counts_toward], line.day.month, line.day, index)
		for index, line in enumerate(calc.lines)
	]
	paid, paid_total = present_in_cents(
		[(key, line.paid) for key, line in zip(keys, calc.lines, strict=True)]
	)
	held, held_total = present_in_cents(
		[(key, line.claimed - line.paid) for key, line in zip(keys, calc.lines, strict=True)]
	)
	lines = tuple(
		DueLine(
			day=line.day,
			kind=line.kind,
			logs=line.logs,
			quantity=line.quantity,
			rate=line.rate,
			claimed=line_paid + line_held,
			paid=line_paid,
			held=line_held,
			reasons=tuple(line.reasons),
			exact_paid=line.paid,
			exact_held=line.claimed - line.paid,
			counts_toward=line.counts_toward,
		)
		for line, line_paid, line_held in zip(calc.lines, paid, held, strict=True)
	)
	totals: dict[str, KindTotal] = {}
	for line in lines:
		total = totals.get(line.kind, KindTotal())
		totals[line.kind] = KindTotal(
			total.claimed + line.claimed, total.paid + line.paid, total.held + line.held
		)

	after = _after(regime, lines, counters, before, years)
	room, warnings = _room_and_alerts(member, regime, calc, after, before, period)
	warnings = calc.warnings + warnings
	if regime.kind == FREELANCE and lines and not member.invoice_reference:
		warnings.append(
			Note(
				"no_invoice",
				_("Freelance fee: enter the invoice reference of {member} before paying."),
				{"member": member.member_name or member.member},
			)
		)
	return Due(
		member=member.member,
		regime=regime.name,
		kind=regime.kind,
		period=period,
		lines=lines,
		totals=totals,
		claimed_total=paid_total + held_total,
		paid_total=paid_total,
		held_total=held_total,
		room_left=tuple(room),
		warnings=tuple(warnings),
		after=tuple(after[year] for year in sorted(after)),
		invoice_reference=member.invoice_reference,
		waiting=tuple(calc.waiting),
	)


def _snapshot(counter: _Counter) -> YearToDate:
	return YearToDate(
		year=counter.year,
		systems=frozenset(counter.systems),
		allowance_paid=counter.allowance,
		allowance_by_month={month: value for month, value in counter.by_month.items() if value},
		allowance_days=frozenset(counter.days),
		km_used=counter.km,
		transport_paid=counter.transport,
		elsewhere_amount=counter.elsewhere_amount,
		elsewhere_km=counter.elsewhere_km,
		elsewhere_days=counter.elsewhere_days,
	)


def _after(
	regime: Regime,
	lines: tuple[DueLine, ...],
	counters: dict[int, _Counter],
	before: dict[int, _Counter],
	years: set[int],
) -> dict[int, YearToDate]:
	"""The counters after this payout, from the amounts as shown (in cents)."""
	after: dict[int, YearToDate] = {}
	for year in set(counters) | years:
		start = before.get(year) or _Counter.start(YearToDate(year=year))
		year_lines = [line for line in lines if line.day.year == year]
		allowance = [line for line in year_lines if line.counts_toward == "allowance"]
		by_month = defaultdict(lambda: ZERO, start.by_month)
		for line in allowance:
			by_month[line.day.month] += line.paid
		capped_transport = sum((line.paid for line in year_lines if line.counts_toward == "transport"), ZERO)
		systems = set(start.systems)
		if any(line.paid > 0 for line in year_lines):
			systems.add(regime.kind)
		counter = counters.get(year)
		after[year] = YearToDate(
			year=year,
			systems=frozenset(systems),
			allowance_paid=start.allowance + sum((line.paid for line in allowance), ZERO),
			allowance_by_month={month: value for month, value in sorted(by_month.items()) if value},
			allowance_days=frozenset(counter.days) if counter else frozenset(),
			km_used=counter.km if counter else ZERO,
			transport_paid=start.transport + capped_transport,
			elsewhere_amount=start.elsewhere_amount,
			elsewhere_km=start.elsewhere_km,
			elsewhere_days=start.elsewhere_days,
		)
	return after


def _room_and_alerts(
	member: MemberMoneyFacts,
	regime: Regime,
	calc: _Calculator,
	after: dict[int, YearToDate],
	before: dict[int, _Counter],
	period: tuple[date, date],
) -> tuple[list[RoomLeft], list[Note]]:
	room: list[RoomLeft] = []
	alerts: list[Note] = []
	for year in sorted(calc.rows):
		as_of = min(period[1], date(year, 12, 31))
		matches = [row for row in regime.rows if row.covers(as_of)]
		row = matches[0] if len(matches) == 1 else calc.rows[year]
		ytd = after[year]
		start = before.get(year)
		start_ytd = _snapshot(start) if start else YearToDate(year=year)
		try:
			items = _room(regime, row, ytd, as_of)
		except MissingCeilingError:
			continue  # the year's ceiling is not entered: what waits for it is listed apart
		for item in items:
			room.append(item)
			if item.month is not None or not item.limit:
				continue
			used_before = {
				YEAR_ALLOWANCE: start_ytd.allowance_paid + start_ytd.elsewhere_amount,
				YEAR_KM: start_ytd.km_used + start_ytd.elsewhere_km,
				YEAR_TRANSPORT: start_ytd.transport_paid,
			}[item.ceiling]
			if item.used >= ALERT_SHARE * item.limit:
				alerts.append(_alert(member, item, newly=used_before < ALERT_SHARE * item.limit))
	return room, alerts


_ALERTS = {
	YEAR_ALLOWANCE: _(
		"{member} has used {used} of the maximum of {limit} per year for {year} ({percent} %)."
	),
	YEAR_KM: _(
		"{member} has used {used} of the {limit} km a year allowed beside the flat rate for {year} ({percent} %)."
	),
	YEAR_TRANSPORT: _(
		"{member} has used {used} of the {limit} a year for transport beside the flat rate for {year} ({percent} %)."
	),
}


def _alert(member: MemberMoneyFacts, item: RoomLeft, newly: bool) -> Note:
	percent = (item.used * 100 / item.limit).quantize(Decimal(1), rounding=ROUND_FLOOR)
	return Note(
		"ceiling_80",
		_ALERTS[item.ceiling],
		{
			"member": member.member_name or member.member,
			"used": item.used,
			"limit": item.limit,
			"year": item.year,
			"percent": percent,
			"ceiling": item.ceiling,
			"newly_reached": newly,
		},
	)


def _room(regime: Regime, row: CeilingRow, ytd: YearToDate, on: date) -> list[RoomLeft]:
	items: list[RoomLeft] = []

	def add(
		ceiling: str, limit: Decimal, used: Decimal, month: int | None = None, elsewhere: Decimal = ZERO
	) -> None:
		used += elsewhere
		items.append(RoomLeft(on.year, ceiling, limit, used, max(limit - used, ZERO), month, elsewhere))

	if regime.kind in (BE_FLAT_RATE, NL_VOLUNTEER):
		add(
			YEAR_ALLOWANCE,
			_need(regime, row, on, "max_per_year"),
			ytd.allowance_paid,
			elsewhere=ytd.elsewhere_amount,
		)
	if regime.kind == NL_VOLUNTEER:
		month_max = _need(regime, row, on, "max_per_month")
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
	return tuple(_room(regime, row_for(regime, on), already_paid, on))


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


# ------------------------------------------------------------- what a line uses up


def km_counted(line: DueLine) -> Decimal:
	"""Kilometres a line counts against the yearly kilometre limit beside the flat rate.

	A kilometre line beside the Belgian flat rate counts its kilometres less those held for
	the limit; kilometres of other lines (real costs, transporting people, not combinable)
	count nothing. Stored per line, so the next payout knows the kilometres already used.
	"""
	if line.kind != KILOMETRES or line.counts_toward != "transport" or line.quantity is None:
		return ZERO
	held = sum(
		(Decimal(str(note.params.get("km", 0))) for note in line.reasons if note.code == "km_max"), ZERO
	)
	return line.quantity - held


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
