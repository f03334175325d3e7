"""The computation: what each log of a period claims, capped by the regime's figures and the
year so far, rounded once per member (:func:`compute_due`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import groupby, pairwise

from lef_members.domain.allowances.regimes import (
	_km_rate,
	age_on,
	needed_figure,
	row_for,
	transport_cap,
	validate_regime,
)
from lef_members.domain.allowances.room import (
	room_under_ceilings,
)
from lef_members.domain.allowances.types import (
	ALERT_SHARE,
	ALLOWANCE_PART,
	BE_FLAT_RATE,
	BE_REAL_COSTS,
	BELGIAN_SYSTEMS,
	CENT,
	COSTS_PART,
	FEE,
	FLAT_RATE,
	FREELANCE,
	KILOMETRES,
	KM_PART,
	NL_VOLUNTEER,
	NO_PAY,
	NOT_PAID,
	PARTS,
	PER_HOUR,
	PER_SESSION,
	REAL_COSTS,
	TICKETS,
	TICKETS_PART,
	VOLUNTEER_ALLOWANCE,
	YEAR_ALLOWANCE,
	YEAR_KM,
	YEAR_TRANSPORT,
	ZERO,
	AllowanceSystemError,
	CeilingRow,
	Due,
	DueLine,
	KindTotal,
	LogLine,
	MemberMoneyFacts,
	MissingCeilingError,
	Note,
	Regime,
	RoomLeft,
	Waiting,
	YearToDate,
	cents,
)
from lef_members.domain.errors import DomainError, _
from lef_members.domain.formats import sentence
from lef_members.domain.hours import CAR, KM_MODES, TRANSPORT_MODES

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
				day_max = needed_figure(self.regime, row, day, "max_per_day")
				year_max = needed_figure(self.regime, row, day, "max_per_year")
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
			month_max = needed_figure(self.regime, row, day, "max_per_month")
			year_max = needed_figure(self.regime, row, day, "max_per_year")
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
					hourly_max = needed_figure(self.regime, row, day, figure)
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
	if all(entry[1] == cents(entry[1], ROUND_FLOOR) for entry in entries):
		# All in whole cents already: the group's share can only be their exact sum.
		for entry in entries:
			out[entry[2]] = entry[1]
		return
	groups: dict[object, list[tuple[tuple, Decimal, int]]] = {}
	for entry in sorted(entries, key=lambda entry: entry[0][level]):
		groups.setdefault(entry[0][level], []).append(entry)
	exact = {key: sum((entry[1] for entry in group), ZERO) for key, group in groups.items()}
	floors = {key: cents(value, ROUND_FLOOR) for key, value in exact.items()}
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
	total = cents(sum((amount for _key, amount in lines), ZERO), ROUND_HALF_UP)
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
			items = room_under_ceilings(regime, row, ytd, as_of)
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
