"""Allowances on a site: load what :mod:`lef_members.domain.allowances` needs in a fixed
number of queries, compute per member, and store the result.

- :func:`load_regimes` turns Allowance Regime records (and their dated ceiling rows) into
  domain regimes;
- :func:`year_to_date` reads what members were already paid per calendar year, from the
  lines of submitted payouts;
- :func:`compute_period` computes a payout for a period: every approved, unpaid hour log,
  per member, through the domain;
- :func:`room_for_members` is what matching and the portal ask: the allowance room left.

Whatever the number of members and logs, a payout reads the logs in one query, the amounts
already paid in one, what was received elsewhere in one, the members in one and the regimes
in four; its lines are written with a bulk insert. :func:`fingerprint` digests the same
inputs in a fixed number of queries (the database hashes the logs), so a payout submitted as it was drafted is not computed twice. A member whose computation the domain refuses (no ceiling row for a date,
no agreed fee) is listed with the reason and their logs stay unpaid: nothing is guessed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import getdate

from lef_members.domain import allowances as money
from lef_members.domain.errors import DomainError
from lef_members.domain.legal_figures import CEILING_FIGURES
from lef_members.utilities.reader import for_reader

# The Allowance Regime's kind (a Select in the desk) and the domain's legal frame.
KINDS = money.BY_LABEL
KM_RATE_FIELDS = ("parent", "valid_from", "valid_to", "vehicle", "rate", "basis", "source")
# The amounts of a ceiling row (the row's flag "combinable" is read apart).
FIGURES = tuple(figure for figure in CEILING_FIGURES if figure != "flat_and_real_combinable")

ZERO = Decimal(0)


_DECIMALS: dict = {}


def dec(value) -> Decimal:
	"""An exact Decimal from a number the database returned (floats through their shortest text)."""
	if value is None or value == "":
		return ZERO
	# The same few numbers come back thousands of times (hours, kilometres, tickets): convert once.
	# Keyed by type too, so 1, 1.0 and True never share an entry.
	key = (type(value), value)
	found = _DECIMALS.get(key)
	if found is None:
		found = Decimal(str(value))
		if len(_DECIMALS) < 10_000:
			_DECIMALS[key] = found
	return found


def _figure(value) -> Decimal | None:
	"""A ceiling figure: 0 (what an empty number field holds) means "not entered"."""
	amount = dec(value)
	return amount if amount else None


# --------------------------------------------------------------------------- regimes


def ceiling_row(row) -> money.CeilingRow:
	return money.CeilingRow(
		valid_from=getdate(row.get("valid_from")),
		valid_to=getdate(row.get("valid_to")),
		max_per_day=_figure(row.get("max_per_day")),
		max_per_year=_figure(row.get("max_per_year")),
		max_km_per_year=_figure(row.get("max_km_per_year")),
		hourly_max_21_plus=_figure(row.get("hourly_max_21_plus")),
		hourly_max_under_21=_figure(row.get("hourly_max_under_21")),
		max_per_month=_figure(row.get("max_per_month")),
		flat_and_real_combinable=bool(row.get("flat_and_real_combinable")),
		source=row.get("source") or "",
	)


def km_rate(row) -> money.KmRate:
	return money.KmRate(
		valid_from=getdate(row.get("valid_from")),
		valid_to=getdate(row.get("valid_to")),
		mode=row.get("vehicle"),
		rate=dec(row.get("rate")),
		basis=row.get("basis") or money.PERIOD_RATE,
		source=row.get("source") or "",
	)


def regime_of(
	doc, rows: Iterable | None = None, km_rates: Iterable | None = None, years: Iterable | None = None
) -> money.Regime:
	"""A domain regime from an Allowance Regime (a document, or a dict with its rows given apart)."""
	rows = doc.get("ceilings") if rows is None else rows
	km_rates = doc.get("km_rates") if km_rates is None else km_rates
	years = [row.get("year") for row in doc.get("yearly_rate_years") or ()] if years is None else years
	return money.Regime(
		name=doc.get("name") or doc.get("regime_name"),
		kind=KINDS.get(doc.get("regime_kind"), doc.get("regime_kind")),
		rows=tuple(ceiling_row(row) for row in rows or ()),
		flat_rate_per_day=_figure(doc.get("flat_rate_per_day")),
		hourly_rate=_figure(doc.get("hourly_rate")),
		km_rates=tuple(km_rate(row) for row in km_rates or ()),
		yearly_rate_years=frozenset(int(year) for year in years or () if year),
	)


def missing_figures(regime: money.Regime) -> list[tuple[date, str]]:
	"""Rows that lack a figure their kind always needs: (valid_from, fieldname)."""
	return [
		(row.valid_from, figure)
		for row in regime.rows
		for figure in money.kind(regime.kind).required_figures
		if getattr(row, figure) is None
	]


def load_regimes(names: Iterable[str] | None = None) -> dict[str, money.Regime]:
	"""Regimes by name with their ceiling rows, kilometre rates and yearly-rate years, in four
	queries whatever the number of regimes."""
	filters = {"name": ("in", list(names) or [""])} if names is not None else {}
	regimes = frappe.get_all(
		"Allowance Regime",
		filters=filters,
		fields=["name", "regime_kind", "flat_rate_per_day", "hourly_rate"],
	)
	parents = {"parenttype": "Allowance Regime", "parent": ("in", [r.name for r in regimes] or [""])}
	rows, rates, years = defaultdict(list), defaultdict(list), defaultdict(list)
	for row in frappe.get_all(
		"Allowance Ceiling",
		filters=parents,
		fields=["parent", "valid_from", "valid_to", "flat_and_real_combinable", "source", *FIGURES],
		order_by="valid_from asc",
	):
		rows[row.parent].append(row)
	for row in frappe.get_all(
		"Allowance Kilometre Rate", filters=parents, fields=list(KM_RATE_FIELDS), order_by="valid_from asc"
	):
		rates[row.parent].append(row)
	for row in frappe.get_all("Allowance Yearly Rate Year", filters=parents, fields=["parent", "year"]):
		years[row.parent].append(row.year)
	return {
		r.name: regime_of(r, rows.get(r.name, ()), rates.get(r.name, ()), years.get(r.name, ()))
		for r in regimes
	}


# ------------------------------------------------------------------------ members


MEMBER_MONEY_FIELDS = (
	"name",
	"full_name",
	"date_of_birth",
	"allowance_regime",
	"agreed_flat_rate_per_day",
	"agreed_hourly_rate",
	"fee_basis",
	"fee_rate",
	"invoice_reference",
	"iban",
	"account_holder",
	"email",
	"user",
	"preferred_language",
)


def load_members(names: Iterable[str]) -> dict[str, frappe._dict]:
	names = list(names)
	if not names:
		return {}
	rows = frappe.get_all(
		"Expert by Experience", filters={"name": ("in", names)}, fields=list(MEMBER_MONEY_FIELDS)
	)
	return {row.name: row for row in rows}


def member_facts(row) -> money.MemberMoneyFacts:
	return money.MemberMoneyFacts(
		member=row.name,
		member_name=row.full_name or row.name,
		birth_date=getdate(row.date_of_birth) if row.date_of_birth else None,
		flat_rate_per_day=_figure(row.agreed_flat_rate_per_day),
		hourly_rate=_figure(row.agreed_hourly_rate),
		fee_basis=row.fee_basis or None,
		fee_rate=_figure(row.fee_rate),
		invoice_reference=row.invoice_reference or None,
	)


# -------------------------------------------------------------------- year to date


def year_to_date(
	members: Iterable[str] | None, years: Iterable[int], lock: bool = False
) -> dict[tuple[str, int], money.YearToDate]:
	"""What each member was paid per calendar year by submitted payouts, and received from
	other organisations (Allowance Received Elsewhere), in two queries.

	``lock``: a locking read (the latest committed amounts, not the transaction's snapshot),
	for a payout being submitted.
	"""
	years = sorted(set(years))
	if not years:
		return {}
	members = list(members) if members is not None else None
	condition = ""
	values: dict = {"start": date(years[0], 1, 1), "end": date(years[-1], 12, 31)}
	if members is not None:
		if not members:
			return {}
		condition = "and line.member in %(members)s"
		values["members"] = tuple(members)
	rows = frappe.db.sql(
		f"""select line.member, line.day, line.counts_toward, line.regime_kind,
			sum(line.paid) as paid, sum(line.km_counted) as km
		from `tabAllowance Payout Line` line
		join `tabAllowance Payout` payout on payout.name = line.payout
		where payout.docstatus = 1 and line.day between %(start)s and %(end)s {condition}
		group by line.member, line.day, line.counts_toward, line.regime_kind
		{"lock in share mode" if lock else ""}""",
		values,
		as_dict=True,
	)
	acc: dict[tuple[str, int], dict] = {}
	for row in rows:
		day = getdate(row.day)
		if day.year not in years:
			continue
		item = acc.setdefault((row.member, day.year), _empty_year())
		paid = dec(row.paid)
		if paid > 0 and row.regime_kind:
			item["systems"].add(KINDS.get(row.regime_kind, row.regime_kind))
		if row.counts_toward == "allowance":
			item["allowance"] += paid
			item["by_month"][day.month] += paid
			if paid > 0:
				item["days"].add(day)
		elif row.counts_toward == "transport":
			item["transport"] += paid
		item["km"] += dec(row.km)
	for key, other in elsewhere(members, years).items():
		item = acc.setdefault(key, _empty_year())
		item.update(other)
	return {
		key: money.YearToDate(
			year=key[1],
			systems=frozenset(item["systems"]),
			allowance_paid=item["allowance"],
			allowance_by_month=dict(item["by_month"]),
			allowance_days=frozenset(item["days"]),
			km_used=item["km"],
			transport_paid=item["transport"],
			elsewhere_amount=item["elsewhere_amount"],
			elsewhere_km=item["elsewhere_km"],
			elsewhere_days=item["elsewhere_days"],
		)
		for key, item in acc.items()
	}


def _empty_year() -> dict:
	return {
		"systems": set(),
		"allowance": ZERO,
		"by_month": defaultdict(Decimal),
		"days": set(),
		"km": ZERO,
		"transport": ZERO,
		"elsewhere_amount": ZERO,
		"elsewhere_km": ZERO,
		"elsewhere_days": 0,
	}


def elsewhere(members: list[str] | None, years: Iterable[int]) -> dict[tuple[str, int], dict]:
	"""What members received from other organisations per calendar year, in one query."""
	if members is not None and not members:
		return {}
	Elsewhere = frappe.qb.DocType("Allowance Received Elsewhere")
	query = (
		frappe.qb.from_(Elsewhere)
		.select(
			Elsewhere.member,
			Elsewhere.year,
			Sum(Elsewhere.amount).as_("amount"),
			Sum(Elsewhere.kilometres).as_("km"),
			Sum(Elsewhere.days).as_("days"),
		)
		.where(Elsewhere.year.isin(list(years)))
		.groupby(Elsewhere.member, Elsewhere.year)
	)
	if members is not None:
		query = query.where(Elsewhere.member.isin(list(members)))
	return {
		(row.member, int(row.year)): {
			"elsewhere_amount": dec(row.amount),
			"elsewhere_km": dec(row.km),
			"elsewhere_days": int(row.days or 0),
		}
		for row in query.run(as_dict=True)
	}


# ------------------------------------------------------------------------ room left


def room_for_members(members: Iterable[frappe._dict], on: date) -> dict[str, Decimal | None]:
	"""The allowance room left on ``on`` per member (``None``: no ceiling or figures missing).

	``members`` carry ``name`` and ``allowance_regime``. Two queries for the regimes, one for
	the amounts paid this year, whatever the number of members.
	"""
	members = [m for m in members if m.get("allowance_regime")]
	# The same queries however many members have a regime (none included).
	regimes = load_regimes({m.allowance_regime for m in members})
	paid = year_to_date(None if len(members) > 200 else [m.name for m in members] or [""], [on.year])
	room: dict[str, Decimal | None] = {}
	for m in members:
		regime = regimes.get(m.allowance_regime)
		if regime is None:
			continue
		try:
			room[m.name] = money.allowance_room(
				regime, paid.get((m.name, on.year)) or money.YearToDate(year=on.year), on
			)
		except DomainError:
			# No ceilings entered for this year yet: matching cannot judge the room.
			room[m.name] = None
	return room


def room_left_for(member, on: date) -> tuple[list[money.RoomLeft], str | None]:
	"""The member's room under each yearly (and monthly) ceiling, for the portal; with a
	message instead when the figures for the year are missing."""
	if not member.allowance_regime:
		return [], None
	regime = load_regimes([member.allowance_regime]).get(member.allowance_regime)
	if regime is None:
		return [], None
	paid = year_to_date([member.name], [on.year]).get((member.name, on.year))
	try:
		return list(money.room_left_this_year(regime, paid or money.YearToDate(year=on.year), on)), None
	except DomainError as error:
		return [], error.render(for_reader())


# ------------------------------------------------------------------------- payouts


LOG_FIELDS = (
	"name",
	"member",
	"session_date",
	"total_hours",
	"kilometres",
	"transport_mode",
	"ticket_amount",
	"other_costs",
	"receipt",
	"transporting_people",
	"paid_parts",
)

# The logs a payout for a period reads: approved, not yet settled, of the period; and those of
# earlier periods that still wait for a legal figure (parts of them paid, the rest waiting).
# Logs moved in with the forum's history were paid before the app.
_UNSETTLED = """docstatus = 1 and ifnull(payout, '') = '' and moved_in = 0 and (
	session_date between %(from)s and %(to)s
	or (session_date < %(from)s and (ifnull(waiting_parts, '') != '' or ifnull(paid_parts, '') != ''))
)"""


# Each member's logs come back as one text (fields split by the unit separator, logs by the
# record separator): a payout reads 50,000 logs, and the driver decodes 1,000 rows of text far
# faster than 50,000 rows of ten typed values. The receipt is read as "has one" (0 or 1).
_FIELD_SEP, _LOG_SEP = "\x1f", "\x1e"
_LOG_TEXT = "concat_ws(char(31), {})".format(
	", ".join(
		"(ifnull(`receipt`, '') != '')" if f == "receipt" else f"ifnull(`{f}`, '')"
		for f in LOG_FIELDS
		if f != "member"
	)
)


def approved_unpaid_logs(
	from_date: date, to_date: date, lock: bool = False, members: Iterable[str] | None = None
) -> list[tuple]:
	"""Approved hour logs of the period that no payout paid yet, as tuples in the order of
	:data:`LOG_FIELDS`, by member, day and name (``lock``: lock them; ``members``: only theirs).
	Dates come back as dates, numbers as their decimal text, the receipt and the transport
	flag as 0 or 1."""
	values: dict = {"from": from_date, "to": to_date}
	condition = ""
	if members is not None:
		values["members"] = tuple(members) or ("",)
		condition = "and member in %(members)s"
	frappe.db.sql("set session group_concat_max_len = 1073741824")
	rows = frappe.db.sql(
		f"""select member, group_concat({_LOG_TEXT} order by session_date, name separator '{_LOG_SEP}')
		from `tabHour Log`
		where {_UNSETTLED}
		{condition}
		group by member order by member
		{"for update" if lock else ""}""",
		values,
	)
	days: dict[str, date] = {}
	logs = []
	for member, text in rows:
		for log in text.split(_LOG_SEP):
			name, day, hours, km, mode, ticket, other, receipt, transporting, paid = log.split(_FIELD_SEP)
			when = days.get(day)
			if when is None:
				when = days[day] = date.fromisoformat(day)
			logs.append(
				(
					name,
					member,
					when,
					hours,
					km,
					mode,
					ticket,
					other,
					receipt == "1",
					transporting == "1",
					paid,
				)
			)
	return logs


def parts_paid(text: str | None) -> dict[str, str]:
	"""A log's ``paid_parts``: {part: the payout that paid it} while the log waits for a figure."""
	if not text:
		return {}
	try:
		value = json.loads(text)
	except ValueError:
		return {}
	return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def log_line(row, period_start: date | None = None) -> money.LogLine:
	"""A log (a tuple in the order of :data:`LOG_FIELDS`) as the domain reads it: only its parts
	that no payout paid yet, marked carried when it comes from before the period."""
	name, _member, day, hours, km, mode, ticket, other, receipt, transporting, *rest = row
	day = day if type(day) is date else getdate(day)
	paid = parts_paid(rest[0] if rest else None)
	return money.LogLine(
		log=name,
		day=day,
		hours=dec(hours),
		km=dec(km),
		transport_mode=mode or None,
		ticket_amount=dec(ticket),
		other_costs=dec(other),
		has_receipt=bool(receipt),
		transporting_people=bool(transporting),
		parts=money.ALL_PARTS - set(paid) if paid else money.ALL_PARTS,
		carried=bool(period_start and day < period_start),
	)


@dataclass
class MemberResult:
	member: frappe._dict
	regime: str | None
	regime_kind: str | None
	logs: list[str]
	due: money.Due | None = None
	error: str | None = None


@dataclass
class PeriodResult:
	members: list[MemberResult] = field(default_factory=list)

	@property
	def paid_logs(self) -> list[str]:
		return [log for item in self.members if item.due is not None for log in item.logs]


def compute_period(
	from_date: date, to_date: date, lock: bool = False, members: Iterable[str] | None = None
) -> PeriodResult:
	"""Every approved, unpaid log of the period (``members``: of those members only), computed
	per member through the domain."""
	logs = approved_unpaid_logs(from_date, to_date, lock=lock, members=members)
	by_member: dict[str, list] = defaultdict(list)
	for row in logs:
		by_member[row[1]].append(row)
	members = load_members(by_member)
	regime_names = {m.allowance_regime for m in members.values() if m.allowance_regime}
	regimes = load_regimes(regime_names)
	kinds = dict(
		frappe.get_all(
			"Allowance Regime",
			filters={"name": ("in", list(regime_names) or [""])},
			fields=["name", "regime_kind"],
			as_list=True,
		)
	)
	first_year = min([getdate(from_date).year, *(row[2].year for row in logs)])
	years = range(first_year, getdate(to_date).year + 1)
	paid = year_to_date(list(by_member), years, lock=lock)
	result = PeriodResult()
	for name in sorted(by_member):
		member = members.get(name) or frappe._dict(name=name, full_name=name)
		item = MemberResult(
			member=member,
			regime=member.allowance_regime,
			regime_kind=kinds.get(member.allowance_regime),
			logs=[row[0] for row in by_member[name]],
		)
		result.members.append(item)
		regime = regimes.get(member.allowance_regime) if member.allowance_regime else None
		if regime is None:
			item.error = _("{0} has no allowance regime: enter it on the member first.").format(
				member.full_name or name
			)
			continue
		try:
			item.due = money.compute_due(
				member_facts(member),
				regime,
				[log_line(row, getdate(from_date)) for row in by_member[name]],
				already_paid=[paid[(name, year)] for year in years if (name, year) in paid],
				period=(getdate(from_date), getdate(to_date)),
			)
		except DomainError as error:
			item.error = error.render(for_reader())
	return result


# A log's content as text, hashed by the database: every column the computation reads.
_LOG_DIGEST = "md5(concat_ws('|', {}))".format(", ".join(f"ifnull(`{f}`, '')" for f in LOG_FIELDS))


@dataclass(frozen=True)
class Inputs:
	"""A digest of what a payout is computed from: ``shared`` (the period and the regimes),
	one digest per member (their logs, money facts, amounts already paid and received
	elsewhere), and ``fingerprint``, the two together."""

	shared: str
	members: dict[str, str]

	@property
	def fingerprint(self) -> str:
		text = (
			self.shared + "|" + "|".join(f"{name}={digest}" for name, digest in sorted(self.members.items()))
		)
		return self.shared[:32] + ":" + hashlib.sha256(text.encode()).hexdigest()[:32]

	def changed_members(self, fingerprint: str | None, members: dict[str, str]) -> set[str] | None:
		"""The members whose inputs differ from a draft's (``None``: the shared inputs differ,
		so everyone must be computed again)."""
		if not fingerprint or fingerprint.split(":", 1)[0] != self.shared[:32]:
			return None
		return {
			name for name in set(self.members) | set(members) if self.members.get(name) != members.get(name)
		}


def _digest(value) -> str:
	return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def inputs(from_date: date, to_date: date, lock: bool = False) -> Inputs:
	"""A digest of everything :func:`compute_period` reads for the period: the approved, unpaid
	logs (each one's content), the members' money facts, their regimes with all ceiling rows
	and kilometre rates, the submitted payouts the year-to-date amounts come from, and the
	allowances received elsewhere; per member where the input is the member's own.

	Two equal fingerprints mean the computation gives the same result, so a draft computed
	earlier can be submitted as it stands; where only some members' digests differ, only those
	members are computed again. A fixed number of queries whatever the number of logs: the
	database hashes the logs and returns one row per member. ``lock``: the same locking reads
	as ``compute_period(lock=True)`` (the logs ``FOR UPDATE``, the amounts paid in share mode).
	"""
	from_date, to_date = getdate(from_date), getdate(to_date)
	logs = frappe.db.sql(
		f"""select member, count(*),
			cast(sum(cast(conv(substr({_LOG_DIGEST}, 1, 15), 16, 10) as unsigned)) as char),
			cast(bit_xor(cast(conv(substr({_LOG_DIGEST}, 17, 16), 16, 10) as unsigned)) as char),
			min(session_date)
		from `tabHour Log`
		where {_UNSETTLED}
		group by member order by member
		{"for update" if lock else ""}""",
		{"from": from_date, "to": to_date},
	)
	names = [row[0] for row in logs]
	# Logs carried from an earlier year (waiting for a figure) read that year's amounts paid too.
	first_year = min([from_date.year, *(getdate(row[4]).year for row in logs if row[4])])
	members = load_members(names)
	regimes = load_regimes({m.allowance_regime for m in members.values() if m.allowance_regime})
	paid = {}
	if names:
		paid = {
			row[0]: tuple(row[1:])
			for row in frappe.db.sql(
				f"""select line.member, count(*), cast(sum(line.paid) as char), cast(sum(line.km_counted) as char),
					group_concat(distinct line.payout order by line.payout separator ',')
				from `tabAllowance Payout Line` line
				join `tabAllowance Payout` payout on payout.name = line.payout
				where payout.docstatus = 1 and line.day between %(start)s and %(end)s and line.member in %(members)s
				group by line.member order by line.member
				{"lock in share mode" if lock else ""}""",
				{
					"start": date(first_year, 1, 1),
					"end": date(to_date.year, 12, 31),
					"members": tuple(names),
				},
			)
		}
	years = range(first_year, to_date.year + 1)
	other = elsewhere(names, years) if names else {}
	shared = _digest((from_date.isoformat(), to_date.isoformat(), sorted(regimes.items())))
	digests = {}
	for row in logs:
		name = row[0]
		member = members.get(name)
		facts = tuple(str(member.get(f)) for f in MEMBER_MONEY_FIELDS) if member else (name,)
		digests[name] = _digest(
			(tuple(row), facts, paid.get(name), [other.get((name, year)) for year in years])
		)
	return Inputs(shared, digests)


def fingerprint(from_date: date, to_date: date, lock: bool = False) -> str:
	"""The digest of all of a period's inputs (see :func:`inputs`)."""
	return inputs(from_date, to_date, lock=lock).fingerprint


def km_counted(line: money.DueLine) -> Decimal:
	"""Kilometres a line counts against the yearly limit beside the flat rate."""
	return money.km_counted(line)


def render_notes(notes: Iterable[money.Note], translate=_) -> str:
	return "\n".join(note.render(translate) for note in notes)


def print_language(print_format: str, lang: str | None = None):
	"""A translator into the language a document is printed in (``lang``, the reader's own, else
	the print format's language, else the user's): texts stored for a printed document are
	written in it, so the printed page is in one language."""
	lang = lang or frappe.db.get_value("Print Format", print_format, "default_print_language") or None
	done: dict[str, str] = {}  # a payout renders the same few templates thousands of times

	def translate(text: str) -> str:
		found = done.get(text)
		if found is None:
			found = done[text] = _(text, lang=lang)
		return found

	# The reasons' amounts and dates are written as this reader writes them (domain/formats.py).
	translate.lang = lang or frappe.local.lang
	return translate
