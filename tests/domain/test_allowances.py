"""The allowance engine on hand-computed cases, then on random ones (hypothesis).

Figures are those of docs/legal-figures.md (shipped as fixtures); where a case needs other
figures (a mid-year change) the test says so and builds its own rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lef_members.domain.allowances import (
	BE_FLAT_RATE,
	BE_REAL_COSTS,
	FEE,
	FLAT_RATE,
	FREELANCE,
	KILOMETRES,
	MONTH_ALLOWANCE,
	NL_VOLUNTEER,
	NO_PAY,
	NOT_PAID,
	PER_HOUR,
	PER_SESSION,
	REAL_COSTS,
	TICKETS,
	VOLUNTEER_ALLOWANCE,
	YEAR_ALLOWANCE,
	YEAR_KM,
	YEAR_TRANSPORT,
	AllowanceSystemError,
	CeilingRow,
	KmRate,
	LogLine,
	MemberMoneyFacts,
	MissingCeilingError,
	Regime,
	RegisterRow,
	YearToDate,
	allowance_room,
	compute_due,
	flat_rate_day_register,
	km_counted,
	present_in_cents,
	regime_from_dict,
	register_entries,
	room_left_this_year,
	validate_regime,
)
from lef_members.domain.errors import DomainError

# The older tests below price kilometres of 2024 at one rate for the whole year (their own
# figures, as the app shipped them before the quarterly rows); the shipped quarterly rates
# are tested in tests/domain/test_legal_figures.py.
KM_2024 = {"Car": "0.4269", "Motorbike": "0.4269", "Moped": "0.4269", "Bicycle": "0.35"}


def km_rates(valid_from: str, valid_to: str, rates: dict[str, str]) -> list[dict]:
	"""Kilometre rate rows, one per vehicle, for one period."""
	return [
		{"valid_from": valid_from, "valid_to": valid_to, "vehicle": mode, "rate": rate}
		for mode, rate in rates.items()
	]


# The rows of docs/legal-figures.md, in the shape of the fixtures (amounts as text).
FIGURES = {
	"BE volunteer flat rate": {
		"regime_name": "BE volunteer flat rate",
		"km_rates": km_rates("2024-01-01", "2024-12-31", KM_2024),
		"kind": BE_FLAT_RATE,
		"rows": [
			{
				"valid_from": "2023-01-01",
				"valid_to": "2023-12-31",
				"max_per_day": "40.67",
				"max_per_year": "1626.77",
				"max_km_per_year": "2000",
				"flat_and_real_combinable": 1,
				"source": "genk.be/kostenvergoedingen; participate-autisme.be",
			},
			{
				"valid_from": "2024-01-01",
				"valid_to": "2024-12-31",
				"max_per_day": "41.48",
				"max_per_year": "1659.29",
				"max_km_per_year": "2000",
				"flat_and_real_combinable": 1,
				"source": "vlaanderenvrijwilligt.be; securex.be",
			},
		],
	},
	"BE volunteer flat rate (higher ceiling)": {
		"regime_name": "BE volunteer flat rate (higher ceiling)",
		"km_rates": km_rates("2024-01-01", "2024-12-31", KM_2024),
		"kind": BE_FLAT_RATE,
		"rows": [
			{
				"valid_from": "2024-01-01",
				"valid_to": "2024-12-31",
				"max_per_day": "41.48",
				"max_per_year": "3047.43",
				"max_km_per_year": "2000",
				"source": "securex.be",
			}
		],
	},
	"BE volunteer real costs": {
		"regime_name": "BE volunteer real costs",
		"km_rates": km_rates("2024-01-01", "2024-12-31", KM_2024),
		"kind": BE_REAL_COSTS,
		"rows": [
			{
				"valid_from": "2024-01-01",
				"valid_to": "2024-12-31",
				"source": "securex.be",
			}
		],
	},
	"NL vrijwilligersvergoeding": {
		"regime_name": "NL vrijwilligersvergoeding",
		"kind": NL_VOLUNTEER,
		"rows": [
			{
				"valid_from": "2023-01-01",
				"valid_to": "2023-12-31",
				"max_per_year": "1900",
				"hourly_max_21_plus": "5.00",
				"hourly_max_under_21": "2.75",
				"max_per_month": "190",
				"source": "belastingdienst.nl",
			},
			{
				"valid_from": "2024-01-01",
				"valid_to": "2024-12-31",
				"max_per_year": "2100",
				"hourly_max_21_plus": "5.50",
				"hourly_max_under_21": "3.25",
				"max_per_month": "210",
				"source": "belastingdienst.nl",
			},
			{
				"valid_from": "2025-01-01",
				"valid_to": "2025-12-31",
				"max_per_year": "2100",
				"hourly_max_21_plus": "5.60",
				"hourly_max_under_21": "3.30",
				"max_per_month": "210",
				"source": "vrijwilligersdossier.nl",
			},
		],
	},
	"Freelance fee": {"regime_name": "Freelance fee", "kind": FREELANCE, "rows": []},
	"None": {"regime_name": "None", "kind": NO_PAY, "rows": []},
}
REGIMES = {name: regime_from_dict(data) for name, data in FIGURES.items()}
BE_FLAT = REGIMES["BE volunteer flat rate"]
BE_HIGHER = REGIMES["BE volunteer flat rate (higher ceiling)"]
BE_REAL = REGIMES["BE volunteer real costs"]
NL = REGIMES["NL vrijwilligersvergoeding"]

AN = MemberMoneyFacts("EXP-0001", "An Peeters", birth_date=date(1980, 5, 1))
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))


def log(name: str, day: date, hours="2", **values) -> LogLine:
	amounts = {
		key: D(str(value)) for key, value in values.items() if key in ("km", "ticket_amount", "other_costs")
	}
	rest = {key: value for key, value in values.items() if key not in amounts}
	return LogLine(name, day, D(str(hours)), **amounts, **rest)


def lines_of(due):
	return [(line.day, line.kind, line.paid, line.held) for line in due.lines]


def codes(line):
	return [note.code for note in line.reasons]


# --------------------------------------------------------------- the table of cases


@dataclass
class Case:
	name: str
	regime: Regime
	logs: list[LogLine]
	expected: list[tuple]  # (day, kind, paid, held, [reason codes])
	paid: str
	held: str
	member: MemberMoneyFacts = AN
	already: list[YearToDate] = field(default_factory=list)
	period: tuple[date, date] = Y2024


D_0304 = date(2024, 3, 4)

CASES = [
	# Agreed EUR 50 a day > legal EUR 41.48: paid 41.48, held 50 - 41.48 = 8.52.
	Case(
		"agreed amount above the 2024 day maximum",
		BE_FLAT,
		[log("L1", D_0304)],
		[(D_0304, FLAT_RATE, "41.48", "8.52", ["day_max"])],
		"41.48",
		"8.52",
		member=MemberMoneyFacts("EXP-0001", "An Peeters", flat_rate_per_day=D("50")),
	),
	# No amount agreed: the day maximum, 41.48.
	Case(
		"no agreed amount pays the day maximum",
		BE_FLAT,
		[log("L1", D_0304)],
		[(D_0304, FLAT_RATE, "41.48", "0.00", [])],
		"41.48",
		"0.00",
	),
	# Agreed 25 a day, two sessions on one day: one day, one flat rate of 25.
	Case(
		"two sessions on one day are one flat-rate day",
		BE_FLAT,
		[log("L1", D_0304), log("L2", D_0304, hours="1.5")],
		[(D_0304, FLAT_RATE, "25.00", "0.00", [])],
		"25.00",
		"0.00",
		member=MemberMoneyFacts("EXP-0001", "An Peeters", flat_rate_per_day=D("25")),
	),
	# Day already paid in an earlier payout (another assignment): 41.48 held.
	Case(
		"a day already paid counts once",
		BE_FLAT,
		[log("L1", D_0304)],
		[(D_0304, FLAT_RATE, "0.00", "41.48", ["day_already_paid"])],
		"0.00",
		"41.48",
		already=[YearToDate(2024, allowance_paid=D("41.48"), allowance_days=frozenset({D_0304}))],
	),
	# Year ceiling: already 1,640.00 paid; room 1,659.29 - 1,640.00 = 19.29; held 41.48 - 19.29 = 22.19.
	Case(
		"year ceiling 1,659.29 cuts the day",
		BE_FLAT,
		[log("L1", D_0304), log("L2", D_0304 + timedelta(days=1))],
		[
			(D_0304, FLAT_RATE, "19.29", "22.19", ["year_max"]),
			(D_0304 + timedelta(days=1), FLAT_RATE, "0.00", "41.48", ["year_max"]),
		],
		"19.29",
		"63.67",  # 22.19 + 41.48
		already=[YearToDate(2024, allowance_paid=D("1640.00"))],
	),
	# Year boundary in one period, each day with its own year's row and counters:
	# 2023 already 1,600.00 -> room 1,626.77 - 1,600 = 26.77: 30 Dec pays 26.77 (held 40.67 - 26.77
	# = 13.90), 31 Dec pays 0 (held 40.67); 2024 starts afresh: 2 x 41.48 = 82.96.
	# Paid 26.77 + 82.96 = 109.73; held 13.90 + 40.67 = 54.57.
	Case(
		"2023/2024 year boundary",
		BE_FLAT,
		[
			log("L1", date(2023, 12, 30)),
			log("L2", date(2023, 12, 31)),
			log("L3", date(2024, 1, 1)),
			log("L4", date(2024, 1, 2)),
		],
		[
			(date(2023, 12, 30), FLAT_RATE, "26.77", "13.90", ["year_max"]),
			(date(2023, 12, 31), FLAT_RATE, "0.00", "40.67", ["year_max"]),
			(date(2024, 1, 1), FLAT_RATE, "41.48", "0.00", []),
			(date(2024, 1, 2), FLAT_RATE, "41.48", "0.00", []),
		],
		"109.73",
		"54.57",
		already=[YearToDate(2023, allowance_paid=D("1600.00"))],
		period=(date(2023, 12, 1), date(2024, 1, 31)),
	),
	# Kilometres beside the flat rate, 2024: car 100 km x 0.4269 = 42.69; bicycle 20 km x 0.35 = 7.00.
	Case(
		"kilometres by car and bicycle beside the flat rate",
		BE_FLAT,
		[
			log("L1", D_0304, km=100, transport_mode="Car"),
			log("L2", date(2024, 3, 5), km=20, transport_mode="Bicycle"),
		],
		[
			(D_0304, FLAT_RATE, "41.48", "0.00", []),
			(D_0304, KILOMETRES, "42.69", "0.00", []),
			(date(2024, 3, 5), FLAT_RATE, "41.48", "0.00", []),
			(date(2024, 3, 5), KILOMETRES, "7.00", "0.00", []),
		],
		"132.65",  # 41.48 + 42.69 + 41.48 + 7.00
		"0.00",
	),
	# 2,000 km a year: 1,950 used, 80 km logged -> 50 km paid: 50 x 0.4269 = 21.345, 30 km held:
	# 30 x 0.4269 = 12.807. Rounded once: paid 21.35 (21.345 half up), held 12.81.
	Case(
		"the 2,000 km limit beside the flat rate",
		BE_FLAT,
		[log("L1", D_0304, km=80, transport_mode="Car")],
		[
			(D_0304, FLAT_RATE, "41.48", "0.00", []),
			(D_0304, KILOMETRES, "21.35", "12.81", ["km_max"]),
		],
		"62.83",  # 41.48 + 21.345 = 62.825 -> 62.83
		"12.81",
		already=[YearToDate(2024, km_used=D("1950"), transport_paid=D("800.00"))],
	),
	# Transport amount: at most 2,000 x 0.4269 = 853.80 a year; 850.00 paid, ticket 10.00 ->
	# 3.80 paid, 6.20 held. A ticket without receipt is held; other costs never beside the flat rate.
	Case(
		"tickets: transport amount limit, receipt, other costs held",
		BE_FLAT,
		[
			log("L1", D_0304, transport_mode="Public transport", ticket_amount="10.00", has_receipt=True),
			log("L2", date(2024, 3, 5), transport_mode="Public transport", ticket_amount="4.20"),
			log("L3", date(2024, 3, 6), other_costs="15.00", has_receipt=True),
		],
		[
			(D_0304, FLAT_RATE, "41.48", "0.00", []),
			(D_0304, TICKETS, "3.80", "6.20", ["transport_max"]),
			(date(2024, 3, 5), FLAT_RATE, "41.48", "0.00", []),
			(date(2024, 3, 5), TICKETS, "0.00", "4.20", ["no_receipt"]),
			(date(2024, 3, 6), FLAT_RATE, "41.48", "0.00", []),
			(date(2024, 3, 6), REAL_COSTS, "0.00", "15.00", ["not_with_flat_rate"]),
		],
		"128.24",  # 3 x 41.48 + 3.80
		"25.40",  # 6.20 + 4.20 + 15.00
		already=[YearToDate(2024, km_used=D("500"), transport_paid=D("850.00"))],
	),
	# Transporting people: the km limit does not apply (2,000 km already used): 50 x 0.4269 = 21.345.
	Case(
		"transporting people is outside the km limit",
		BE_FLAT,
		[log("L1", D_0304, km=50, transport_mode="Car", transporting_people=True)],
		[(D_0304, FLAT_RATE, "41.48", "0.00", []), (D_0304, KILOMETRES, "21.35", "0.00", [])],
		"62.83",  # 41.48 + 21.345 = 62.825 -> 62.83
		"0.00",
		already=[YearToDate(2024, km_used=D("2000"), transport_paid=D("853.80"))],
	),
	# Higher category: its own yearly ceiling 3,047.43: 1,659.29 already paid is no limit here.
	Case(
		"higher ceiling category",
		BE_HIGHER,
		[log("L1", D_0304)],
		[(D_0304, FLAT_RATE, "41.48", "0.00", [])],
		"41.48",
		"0.00",
		already=[YearToDate(2024, allowance_paid=D("1659.29"))],
	),
	# Real costs, no ceiling: 5,000 km x 0.4269 = 2,134.50; ticket 12.40; other 25.00; no receipt held.
	Case(
		"Belgian real costs have no ceiling",
		BE_REAL,
		[
			log("L1", D_0304, km=5000, transport_mode="Car"),
			log(
				"L2",
				date(2024, 3, 5),
				transport_mode="Public transport",
				ticket_amount="12.40",
				has_receipt=True,
			),
			log("L3", date(2024, 3, 6), other_costs="25.00", has_receipt=True),
			log("L4", date(2024, 3, 7), other_costs="9.99"),
		],
		[
			(D_0304, KILOMETRES, "2134.50", "0.00", []),
			(date(2024, 3, 5), TICKETS, "12.40", "0.00", []),
			(date(2024, 3, 6), REAL_COSTS, "25.00", "0.00", []),
			(date(2024, 3, 7), REAL_COSTS, "0.00", "9.99", ["no_receipt"]),
		],
		"2171.90",  # 2,134.50 + 12.40 + 25.00
		"9.99",
	),
	# NL 2024, EUR 5.50 an hour agreed, 16 h sessions = 88.00 each. March: 88 + 88 = 176, then room
	# 210 - 176 = 34.00 (held 54.00). April has its own 210: no averaging, 88.00.
	Case(
		"NL per month EUR 210, no averaging",
		NL,
		[
			log("L1", date(2024, 3, 5), hours="16"),
			log("L2", date(2024, 3, 12), hours="16"),
			log("L3", date(2024, 3, 19), hours="16"),
			log("L4", date(2024, 4, 2), hours="16"),
		],
		[
			(date(2024, 3, 5), VOLUNTEER_ALLOWANCE, "88.00", "0.00", []),
			(date(2024, 3, 12), VOLUNTEER_ALLOWANCE, "88.00", "0.00", []),
			(date(2024, 3, 19), VOLUNTEER_ALLOWANCE, "34.00", "54.00", ["month_max"]),
			(date(2024, 4, 2), VOLUNTEER_ALLOWANCE, "88.00", "0.00", []),
		],
		"298.00",
		"54.00",
		member=MemberMoneyFacts("EXP-0002", "Bram", birth_date=date(1990, 1, 1), hourly_rate=D("5.50")),
	),
	# NL year EUR 2,100: 2,050 paid Jan-Oct (205 a month); November 88.00 -> room 50.00, held 38.00.
	Case(
		"NL per year EUR 2,100",
		NL,
		[log("L1", date(2024, 11, 5), hours="16")],
		[(date(2024, 11, 5), VOLUNTEER_ALLOWANCE, "50.00", "38.00", ["year_max"])],
		"50.00",
		"38.00",
		member=MemberMoneyFacts("EXP-0002", "Bram", birth_date=date(1990, 1, 1), hourly_rate=D("5.50")),
		already=[
			YearToDate(
				2024, allowance_paid=D("2050"), allowance_by_month={month: D("205") for month in range(1, 11)}
			)
		],
	),
	# Hourly maximum by age on the session date. Agreed 6.00/h, 10 h: claimed 60.00.
	# Born 10 March 2003: on 9 March 2024 aged 20 -> 10 x 3.25 = 32.50 (held 27.50);
	# on 10 March 2024 aged 21 -> 10 x 5.50 = 55.00 (held 5.00).
	Case(
		"NL hourly maximum: under 21 the day before the 21st birthday, 21+ on it",
		NL,
		[log("L1", date(2024, 3, 9), hours="10"), log("L2", date(2024, 3, 10), hours="10")],
		[
			(date(2024, 3, 9), VOLUNTEER_ALLOWANCE, "32.50", "27.50", ["hour_max"]),
			(date(2024, 3, 10), VOLUNTEER_ALLOWANCE, "55.00", "5.00", ["hour_max"]),
		],
		"87.50",
		"32.50",
		member=MemberMoneyFacts("EXP-0003", "Cas", birth_date=date(2003, 3, 10), hourly_rate=D("6.00")),
	),
	# NL without an hourly amount: EUR 30 a day (regime amount); only month and year limits.
	# 8 days in May: 7 x 30 = 210.00 paid, the 8th held (30.00).
	Case(
		"NL amount per day: only the month and year limits",
		Regime(NL.name, NL.kind, NL.rows, flat_rate_per_day=D("30")),
		[log(f"L{i}", date(2024, 5, i)) for i in range(1, 9)],
		[(date(2024, 5, i), VOLUNTEER_ALLOWANCE, "30.00", "0.00", []) for i in range(1, 8)]
		+ [(date(2024, 5, 8), VOLUNTEER_ALLOWANCE, "0.00", "30.00", ["month_max"])],
		"210.00",
		"30.00",
	),
	# Freelance: 2.5 h x 45.00 = 112.50; no ceiling; a ticket with receipt 8.60.
	Case(
		"freelance per hour",
		REGIMES["Freelance fee"],
		[
			log(
				"L1",
				D_0304,
				hours="2.5",
				transport_mode="Public transport",
				ticket_amount="8.60",
				has_receipt=True,
			)
		],
		[(D_0304, FEE, "112.50", "0.00", []), (D_0304, TICKETS, "8.60", "0.00", [])],
		"121.10",
		"0.00",
		member=MemberMoneyFacts(
			"EXP-0004", "Dina", fee_basis=PER_HOUR, fee_rate=D("45.00"), invoice_reference="F-2024-007"
		),
	),
	# Freelance per session: 2 sessions x 150.00 = 300.00, well above any volunteer ceiling.
	Case(
		"freelance per session",
		REGIMES["Freelance fee"],
		[log("L1", D_0304, sessions=2)],
		[(D_0304, FEE, "300.00", "0.00", [])],
		"300.00",
		"0.00",
		member=MemberMoneyFacts(
			"EXP-0004", "Dina", fee_basis=PER_SESSION, fee_rate=D("150.00"), invoice_reference="F-2024-008"
		),
	),
	# None: nothing is paid, and nothing is claimed either; the line says why.
	Case(
		"regime None pays nothing",
		REGIMES["None"],
		[log("L1", D_0304, km=30, transport_mode="Car")],
		[(D_0304, NOT_PAID, "0.00", "0.00", ["not_paid"])],
		"0.00",
		"0.00",
	),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_table_of_cases(case: Case):
	due = compute_due(case.member, case.regime, case.logs, case.already, case.period)
	got = [(line.day, line.kind, line.paid, line.held, codes(line)) for line in due.lines]
	expected = [(day, kind, D(paid), D(held), reasons) for day, kind, paid, held, reasons in case.expected]
	assert got == expected
	assert due.paid_total == D(case.paid)
	assert due.held_total == D(case.held)
	assert due.claimed_total == due.paid_total + due.held_total
	assert sum((line.paid for line in due.lines), D(0)) == due.paid_total
	assert all(line.claimed == line.paid + line.held for line in due.lines)


# ---------------------------------------------------------- several payouts, one year


def test_year_ceiling_reached_across_several_payouts_with_the_80_percent_warning():
	# Payout 1: 20 days x 41.48 = 829.60 (50 % of 1,659.29: no warning).
	# Payout 2: 20 more days = 1,659.20 in all (>= 80 % = 1,327.43: warned, newly reached).
	# Payout 3: one day: room 1,659.29 - 1,659.20 = 0.09 paid, 41.39 held; still warned, not newly.
	# Payout 4: nothing left: 41.48 held.
	january = [log(f"J{i}", date(2024, 1, i)) for i in range(1, 21)]
	february = [log(f"F{i}", date(2024, 2, i)) for i in range(1, 21)]
	first = compute_due(AN, BE_FLAT, january, [], (date(2024, 1, 1), date(2024, 1, 31)))
	assert first.paid_total == D("829.60")
	assert not [w for w in first.warnings if w.code == "ceiling_80"]
	assert first.room_left[0].ceiling == YEAR_ALLOWANCE and first.room_left[0].left == D("829.69")

	second = compute_due(
		AN, BE_FLAT, february, [first.year_to_date(2024)], (date(2024, 2, 1), date(2024, 2, 29))
	)
	assert second.paid_total == D("829.60")
	assert second.year_to_date(2024).allowance_paid == D("1659.20")
	(alert,) = [w for w in second.warnings if w.code == "ceiling_80"]
	assert alert.params["newly_reached"] is True
	assert alert.render() == "An Peeters has used 1659.20 of the maximum of 1659.29 per year for 2024 (99 %)."

	third = compute_due(
		AN,
		BE_FLAT,
		[log("M1", date(2024, 3, 1))],
		[second.year_to_date(2024)],
		(date(2024, 3, 1), date(2024, 3, 31)),
	)
	assert lines_of(third) == [(date(2024, 3, 1), FLAT_RATE, D("0.09"), D("41.39"))]
	assert [w.params["newly_reached"] for w in third.warnings if w.code == "ceiling_80"] == [False]

	fourth = compute_due(
		AN,
		BE_FLAT,
		[log("M2", date(2024, 3, 4))],
		[third.year_to_date(2024)],
		(date(2024, 3, 1), date(2024, 3, 31)),
	)
	assert lines_of(fourth) == [(date(2024, 3, 4), FLAT_RATE, D("0.00"), D("41.48"))]
	assert fourth.year_to_date(2024).allowance_paid == D("1659.29")
	assert fourth.room_left[0].left == D("0.00")


def test_the_reason_for_a_cut_is_spelled_out():
	due = compute_due(
		AN, BE_FLAT, [log("L1", D_0304)], [YearToDate(2024, allowance_paid=D("1659.29"))], Y2024
	)
	assert due.lines[0].reasons[0].render() == (
		"The maximum of 1659.29 per year is reached for 2024; the rest is held."
	)


# ----------------------------------------------------------- a mid-year change of figures


def mid_year_regime(first_year_max: str, second_year_max: str) -> Regime:
	"""Test figures (not legal ones): two rows in 2024, changing on 1 July."""
	return Regime(
		"Test flat rate",
		BE_FLAT_RATE,
		(
			CeilingRow(date(2024, 1, 1), date(2024, 6, 30), D("40"), D(first_year_max), source="test"),
			CeilingRow(date(2024, 7, 1), date(2024, 12, 31), D("45"), D(second_year_max), source="test"),
		),
	)


def test_mid_year_change_each_day_uses_its_own_row():
	# Day maximum 40 until 30 June, 45 from 1 July; year maximum 100, then 120 (over the whole year).
	# 28, 29 June: 40 + 40 = 80. 30 June: room 100 - 80 = 20 -> 20 paid, 20 held.
	# 1 July: day 45, room 120 - 100 = 20 -> 20 paid, 25 held. 2 July: room 0 -> 45 held.
	regime = mid_year_regime("100", "120")
	days = [date(2024, 6, 28), date(2024, 6, 29), date(2024, 6, 30), date(2024, 7, 1), date(2024, 7, 2)]
	due = compute_due(AN, regime, [log(f"L{i}", day) for i, day in enumerate(days)], [], Y2024)
	assert [(line.paid, line.held) for line in due.lines] == [
		(D("40.00"), D("0.00")),
		(D("40.00"), D("0.00")),
		(D("20.00"), D("20.00")),
		(D("20.00"), D("25.00")),
		(D("0.00"), D("45.00")),
	]
	assert due.paid_total == D("120.00")
	assert due.held_total == D("90.00")
	# The room is measured against the row valid at the end of the period (120).
	assert [(room.limit, room.left) for room in due.room_left] == [(D("120"), D("0.00"))]


def test_a_lower_year_maximum_mid_year_holds_everything_above_it():
	# 110 already paid under the first row (year maximum 120); from 1 July the year maximum is 100.
	regime = mid_year_regime("120", "100")
	due = compute_due(
		AN, regime, [log("L1", date(2024, 7, 1))], [YearToDate(2024, allowance_paid=D("110"))], Y2024
	)
	assert lines_of(due) == [(date(2024, 7, 1), FLAT_RATE, D("0.00"), D("45.00"))]


# ------------------------------------------------------------------ missing figures


def waiting_of(due):
	return [(w.log, w.part, w.figure, w.reason.render()) for w in due.waiting]


def test_no_row_for_the_date_holds_the_day_and_names_the_regime_and_the_year():
	due = compute_due(AN, BE_FLAT, [log("L1", date(2025, 1, 6))], [], (date(2025, 1, 1), date(2025, 1, 31)))
	assert due.lines == ()
	assert due.paid_total == D("0.00")
	(waiting,) = due.waiting
	assert (waiting.log, waiting.part, waiting.figure, waiting.year, waiting.regime) == (
		"L1",
		"allowance",
		"rows",
		2025,
		"BE volunteer flat rate",
	)
	assert waiting.reason.render().startswith(
		"No ceilings for 2025 in regime 'BE volunteer flat rate': enter them first"
	)


def test_nl_2026_is_not_guessed():
	member = MemberMoneyFacts("EXP-0002", "Bram", birth_date=date(1990, 1, 1), hourly_rate=D("5"))
	due = compute_due(member, NL, [log("L1", date(2026, 2, 2))], [], (date(2026, 1, 1), date(2026, 12, 31)))
	assert due.paid_total == D("0.00")
	assert [w[3][:54] for w in waiting_of(due)] == [
		"No ceilings for 2026 in regime 'NL vrijwilligersvergoedi"[:54]
	]


def test_a_missing_kilometre_rate_holds_only_the_kilometres():
	# docs/legal-figures.md gives no 2023 kilometre rate: the 2023 day is paid (EUR 40.67), its 10 km wait.
	due = compute_due(
		AN,
		BE_FLAT,
		[log("L1", date(2023, 5, 2), km=10, transport_mode="Bicycle")],
		[],
		(date(2023, 5, 1), date(2023, 5, 31)),
	)
	assert lines_of(due) == [(date(2023, 5, 2), FLAT_RATE, D("40.67"), D("0.00"))]
	assert waiting_of(due) == [
		(
			"L1",
			"km",
			"km_rate",
			"Regime 'BE volunteer flat rate' has no kilometre rate for Bicycle on 2023-05-02: enter it first.",
		)
	]
	assert due.waiting[0].km == D("10") and due.waiting[0].mode == "Bicycle"
	assert due.after[0].km_used == D("0")  # waiting kilometres use up nothing


def test_a_row_without_a_needed_figure_holds_the_allowance():
	regime = Regime(
		"Half entered", BE_FLAT_RATE, (CeilingRow(date(2024, 1, 1), date(2024, 12, 31), D("41.48")),)
	)
	due = compute_due(AN, regime, [log("L1", D_0304)], [], Y2024)
	assert due.paid_total == D("0.00")
	assert [(w.part, w.figure) for w in due.waiting] == [("allowance", "max_per_year")]
	assert (
		due.waiting[0].reason.render()
		== "Regime 'Half entered' has no maximum per year for 2024: enter it first."
	)


def test_nl_kilometres_need_a_rate_entered_by_the_organisation():
	# 2 h x EUR 5 = EUR 10 paid; the 12 km wait for the organisation's rate.
	member = MemberMoneyFacts("EXP-0002", "Bram", birth_date=date(1990, 1, 1), hourly_rate=D("5"))
	due = compute_due(member, NL, [log("L1", D_0304, km=12, transport_mode="Car")], [], Y2024)
	assert due.paid_total == D("10.00")
	assert [(w.part, w.figure, w.km) for w in due.waiting] == [("km", "km_rate", D("12"))]
	assert "no kilometre rate for Car on 2024-03-04" in due.waiting[0].reason.render()


def test_nl_hourly_amount_needs_a_birth_date():
	member = MemberMoneyFacts("EXP-0002", "Bram", hourly_rate=D("5"))
	with pytest.raises(DomainError, match="Enter the birth date of Bram"):
		compute_due(member, NL, [log("L1", D_0304)], [], Y2024)


def test_freelance_without_an_agreed_fee_is_refused_and_a_missing_invoice_is_warned():
	with pytest.raises(DomainError, match="Enter the agreed fee of An Peeters"):
		compute_due(AN, REGIMES["Freelance fee"], [log("L1", D_0304)], [], Y2024)
	member = MemberMoneyFacts("EXP-0004", "Dina", fee_basis=PER_HOUR, fee_rate=D("40"))
	due = compute_due(member, REGIMES["Freelance fee"], [log("L1", D_0304)], [], Y2024)
	assert [w.code for w in due.warnings] == ["no_invoice"]


# ------------------------------------------------------------ one system per year


def test_flat_rate_refused_after_real_costs_in_the_same_year():
	already = [YearToDate(2024, systems=frozenset({BE_REAL_COSTS}))]
	with pytest.raises(AllowanceSystemError, match="already received real-cost allowances in 2024"):
		compute_due(AN, BE_FLAT, [log("L1", D_0304)], already, Y2024)


def test_real_costs_refused_after_the_flat_rate_in_the_same_year():
	first = compute_due(AN, BE_FLAT, [log("L1", D_0304)], [], Y2024)
	with pytest.raises(AllowanceSystemError, match="already received the flat rate in 2024"):
		compute_due(
			AN, BE_REAL, [log("L2", date(2024, 3, 5), other_costs="5", has_receipt=True)], first.after, Y2024
		)


def test_another_system_last_year_does_not_matter():
	already = [YearToDate(2023, systems=frozenset({BE_REAL_COSTS}))]
	due = compute_due(AN, BE_FLAT, [log("L1", D_0304)], already, Y2024)
	assert due.paid_total == D("41.48")
	assert BE_FLAT_RATE in due.year_to_date(2024).systems


# ------------------------------------------------------------------------ inputs


def test_a_log_outside_the_period_or_twice_is_refused():
	with pytest.raises(DomainError, match="outside the period"):
		compute_due(AN, BE_FLAT, [log("L1", date(2024, 4, 1))], [], (date(2024, 3, 1), date(2024, 3, 31)))
	with pytest.raises(DomainError, match="in the payout twice"):
		compute_due(AN, BE_FLAT, [log("L1", D_0304), log("L1", D_0304)], [], Y2024)


def test_overlapping_rows_are_refused():
	rows = (
		CeilingRow(date(2024, 1, 1), date(2024, 7, 1), D("40"), D("100")),
		CeilingRow(date(2024, 7, 1), date(2024, 12, 31), D("45"), D("120")),
	)
	with pytest.raises(DomainError, match="overlap on 2024-07-01"):
		validate_regime(Regime("Overlap", BE_FLAT_RATE, rows))


# ------------------------------------------------------------------------ cents


def test_rounded_once_at_the_end_not_per_line():
	# Three 1 km car rides on three days, beside real costs: 3 x 0.4269 = 1.2807 -> 1.28.
	# Rounding each line first would pay 3 x 0.43 = 1.29. The lines show 0.43 + 0.43 + 0.42.
	logs = [log(f"L{i}", date(2024, 3, i), km=1, transport_mode="Car") for i in (1, 2, 3)]
	due = compute_due(AN, BE_REAL, logs, [], Y2024)
	assert due.paid_total == D("1.28")
	assert [line.paid for line in due.lines] == [D("0.43"), D("0.43"), D("0.42")]
	assert [line.exact_paid for line in due.lines] == [D("0.4269")] * 3


def test_half_a_cent_is_rounded_up():
	# 0.4269 x 5 km = 2.1345 -> 2.13 ; 0.4269 x 15 km = 6.4035 -> 6.40 (sum 8.5380 -> 8.54).
	assert present_in_cents([((1,), D("0.005"))]) == ([D("0.01")], D("0.01"))
	assert present_in_cents([((1,), D("2.1345")), ((2,), D("6.4035"))]) == ([D("2.14"), D("6.40")], D("8.54"))


def test_shown_groups_never_exceed_a_whole_cent_ceiling():
	# Month exactly at a 210.00 cap split over three lines (70.004 + 70.004 + 69.992), a line of
	# another month with a bigger remainder: the month still shows 210.00, not 210.01.
	entries = [
		((2024, 0, 3, 1, 0), D("70.004")),
		((2024, 0, 3, 2, 1), D("70.004")),
		((2024, 0, 3, 3, 2), D("69.992")),
		((2024, 0, 4, 1, 3), D("10.0049")),
	]
	shown, total = present_in_cents(entries)
	assert total == D("220.00")
	assert sum(shown[:3]) == D("210.00")
	assert sum(shown) == total


# ------------------------------------------------------------------ room and register


def test_room_left_this_year_for_the_portal():
	# 1,659.29 - 1,000.00 = 659.29; 2,000 - 500 km = 1,500 km; 853.80 - 213.45 = 640.35.
	ytd = YearToDate(2024, allowance_paid=D("1000.00"), km_used=D("500"), transport_paid=D("213.45"))
	room = {item.ceiling: item.left for item in room_left_this_year(BE_FLAT, ytd, date(2024, 6, 1))}
	assert room == {YEAR_ALLOWANCE: D("659.29"), YEAR_KM: D("1500"), YEAR_TRANSPORT: D("640.35")}
	assert allowance_room(BE_FLAT, ytd, date(2024, 6, 1)) == D("659.29")
	assert (
		allowance_room(BE_FLAT, YearToDate(2024, systems=frozenset({BE_REAL_COSTS})), date(2024, 6, 1)) == 0
	)
	assert room_left_this_year(BE_REAL, YearToDate(2024), date(2024, 6, 1)) == ()
	assert allowance_room(BE_REAL, YearToDate(2024), date(2024, 6, 1)) is None


def test_nl_room_is_the_smaller_of_month_and_year():
	# Year: 2,100 - 2,000 = 100; June: 210 - 150 = 60 -> 60 can still be paid in June.
	ytd = YearToDate(2024, allowance_paid=D("2000"), allowance_by_month={6: D("150")})
	room = {item.ceiling: item.left for item in room_left_this_year(NL, ytd, date(2024, 6, 10))}
	assert room == {YEAR_ALLOWANCE: D("100"), MONTH_ALLOWANCE: D("60")}
	assert allowance_room(NL, ytd, date(2024, 6, 10)) == D("60")


def test_named_yearly_list_of_flat_rate_days():
	first = compute_due(
		AN, BE_FLAT, [log("L1", date(2024, 12, 30))], [YearToDate(2024, allowance_paid=D("1650"))], Y2024
	)
	# 9.29 paid on 30 December (the rest held); the held day of 31 December is not on the list.
	second = compute_due(AN, BE_FLAT, [log("L2", date(2024, 12, 31))], [first.year_to_date(2024)], Y2024)
	other = [
		RegisterRow("EXP-0000", date(2024, 2, 1), D("41.48")),
		("EXP-0000", date(2023, 2, 1), D("40.67")),
	]
	register = flat_rate_day_register(2024, [*register_entries(first), *register_entries(second), *other])
	assert register == [
		RegisterRow("EXP-0000", date(2024, 2, 1), D("41.48")),
		RegisterRow("EXP-0001", date(2024, 12, 30), D("9.29")),
	]


# ------------------------------------------------------------------ properties

DAYS_2024 = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31))
MONEY = st.decimals(min_value=0, max_value=80, places=2)


@st.composite
def log_lines(draw, max_logs: int = 25):
	count = draw(st.integers(min_value=1, max_value=max_logs))
	logs = []
	for index in range(count):
		mode = draw(st.sampled_from([None, "Car", "Bicycle", "Public transport"]))
		km = draw(st.decimals(min_value=0, max_value=600, places=1)) if mode in ("Car", "Bicycle") else D(0)
		logs.append(
			LogLine(
				log=f"L{index:03d}",
				day=draw(DAYS_2024),
				hours=draw(st.decimals(min_value=0, max_value=16, places=2)).quantize(D("0.25")),
				km=km,
				transport_mode=mode,
				ticket_amount=draw(MONEY) if mode == "Public transport" else D(0),
				other_costs=draw(st.sampled_from([D(0), draw(MONEY)])),
				has_receipt=draw(st.booleans()),
			)
		)
	return logs


@st.composite
def year_to_date(draw, year_max: D, month_max: D | None = None):
	paid_months = {}
	if month_max is not None:
		for month in draw(st.sets(st.integers(1, 12), max_size=6)):
			paid_months[month] = draw(st.decimals(min_value=0, max_value=month_max, places=2))
		total = sum(paid_months.values(), D(0))
		if total > year_max:
			paid_months = {}
			total = D(0)
		# Months outside the ones drawn may have been paid too: the year can be near its limit.
		total = draw(st.decimals(min_value=total, max_value=year_max, places=2))
	else:
		total = draw(st.decimals(min_value=0, max_value=year_max, places=2))
	return YearToDate(
		2024,
		allowance_paid=total,
		allowance_by_month=paid_months,
		km_used=draw(st.decimals(min_value=0, max_value=2000, places=1)),
		transport_paid=draw(st.decimals(min_value=0, max_value=D("853.80"), places=2)),
	)


def assert_books_balance(due, logs):
	for line in due.lines:
		assert line.paid >= 0 and line.held >= 0 and line.claimed >= 0
		assert line.claimed == line.paid + line.held
		assert line.exact_paid >= 0 and line.exact_held >= 0
		assert abs(line.paid - line.exact_paid) < D("0.01") and abs(line.held - line.exact_held) < D("0.01")
	assert sum((line.paid for line in due.lines), D(0)) == due.paid_total
	assert sum((line.held for line in due.lines), D(0)) == due.held_total
	assert due.claimed_total == due.paid_total + due.held_total
	# Nothing dropped: every log with something to claim is on a line.
	on_lines = {name for line in due.lines for name in line.logs}
	assert {
		log.log for log in logs if log.hours > 0 or log.km > 0 or log.ticket_amount > 0 or log.other_costs > 0
	} <= on_lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs=log_lines(), ytd=year_to_date(D("1659.29")), agreed=st.none() | MONEY, seed=st.integers())
def test_property_be_flat_rate_never_pays_above_a_ceiling(logs, ytd, agreed, seed):
	member = MemberMoneyFacts("EXP-0001", flat_rate_per_day=agreed)
	due = compute_due(member, BE_FLAT, logs, [ytd], Y2024)
	assert_books_balance(due, logs)
	flat = [line for line in due.lines if line.kind == FLAT_RATE]
	assert all(line.paid <= D("41.48") for line in flat)
	assert ytd.allowance_paid + sum((line.paid for line in flat), D(0)) <= D("1659.29")
	assert len({line.day for line in flat}) == len(flat)  # a day counts once
	after = due.year_to_date(2024)
	assert after.km_used <= max(D(2000), ytd.km_used)
	# What the lines store as kilometres used is what the next payout must start from.
	assert ytd.km_used + sum((km_counted(line) for line in due.lines), D(0)) == after.km_used
	transport = sum((line.paid for line in due.lines if line.counts_toward == "transport"), D(0))
	assert ytd.transport_paid + transport <= D("853.80")
	assert all(line.paid == 0 for line in due.lines if line.kind == REAL_COSTS)

	shuffled = list(logs)
	random.Random(seed).shuffle(shuffled)
	again = compute_due(member, BE_FLAT, shuffled, [ytd], Y2024)
	assert (again.paid_total, again.held_total, again.totals) == (due.paid_total, due.held_total, due.totals)
	assert again.lines == due.lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
	logs=log_lines(),
	ytd=year_to_date(D("2100"), D("210")),
	hourly=st.decimals(min_value=0, max_value=12, places=2),
	birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2010, 12, 31)),
	seed=st.integers(),
)
def test_property_nl_never_pays_above_hour_month_or_year(logs, ytd, hourly, birth, seed):
	regime = Regime(
		NL.name,
		NL.kind,
		NL.rows,
		km_rates=tuple(
			KmRate(date(2023, 1, 1), date(2025, 12, 31), mode, rate)
			for mode, rate in (("Car", D("0.23")), ("Bicycle", D("0.10")))
		),
	)
	member = MemberMoneyFacts("EXP-0002", birth_date=birth, hourly_rate=hourly)
	due = compute_due(member, regime, logs, [ytd], Y2024)
	assert_books_balance(due, logs)
	allowance = [line for line in due.lines if line.kind == VOLUNTEER_ALLOWANCE]
	for line in allowance:
		adult = (
			line.day.year - birth.year - ((line.day.month, line.day.day) < (birth.month, birth.day))
		) >= 21
		assert line.exact_paid <= line.quantity * (D("5.50") if adult else D("3.25"))
	for month in range(1, 13):
		shown = sum((line.paid for line in allowance if line.day.month == month), D(0))
		assert ytd.allowance_by_month.get(month, D(0)) + shown <= D("210") or shown == 0
	assert ytd.allowance_paid + sum((line.paid for line in allowance), D(0)) <= D("2100")

	shuffled = list(logs)
	random.Random(seed).shuffle(shuffled)
	assert compute_due(member, regime, shuffled, [ytd], Y2024).lines == due.lines


@settings(max_examples=100, deadline=None)
@given(amounts=st.lists(st.decimals(min_value=0, max_value=500, places=4), min_size=1, max_size=40))
def test_property_presented_cents_add_up_to_the_total_rounded_half_up(amounts):
	entries = [((index % 3, index % 5, index), amount) for index, amount in enumerate(amounts)]
	shown, total = present_in_cents(entries)
	assert total == sum(amounts, D(0)).quantize(D("0.01"), rounding="ROUND_HALF_UP")
	assert sum(shown, D(0)) == total
	assert all(
		abs(value - amount) < D("0.01") and value >= 0 for value, amount in zip(shown, amounts, strict=True)
	)
