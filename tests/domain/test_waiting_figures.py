"""A missing legal figure holds only what it prices: the rest of the payout is paid, and the first
payout after finance enters the figure pays what waited, and only it.

The cases are computed by hand in the comments from docs/legal-figures.md; where a figure is not published yet (the car rate after March 2026, the
2027 ceilings), the test enters one of its own, as finance would, and says so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lef_members.domain import allowances as money
from lef_members.domain.allowances import (
	ALL_PARTS,
	ALLOWANCE_PART,
	COSTS_PART,
	FLAT_RATE,
	KILOMETRES,
	KM_PART,
	TICKETS_PART,
	CeilingRow,
	Due,
	KmRate,
	LogLine,
	MemberMoneyFacts,
	compute_due,
	km_counted,
)
from tests.domain.shipped import shipped

BE = shipped("BE volunteer flat rate")
AN = MemberMoneyFacts("EXP-0001", "An Peeters")
MAY_2026 = (date(2026, 5, 1), date(2026, 5, 31))
JUNE_2026 = (date(2026, 6, 1), date(2026, 6, 30))

# Not published when the figures were gathered: a rate finance enters for May 2026 alone (the
# State indexes the second quarter month by month). The test's own figure.
MAY_CAR_RATE = KmRate(
	date(2026, 5, 1), date(2026, 5, 31), "Car", D("0.4400"), source="entered by finance (test)"
)


def with_rates(regime: money.Regime, *rates: KmRate) -> money.Regime:
	return replace(regime, km_rates=(*regime.km_rates, *rates))


def log(name: str, day: date, hours="2", km="0", mode=None, **values) -> LogLine:
	return LogLine(name, day, D(str(hours)), km=D(str(km)), transport_mode=mode, **values)


def carried(logs: list[LogLine], due: Due) -> list[LogLine]:
	"""The logs of ``due`` that still wait, as the next payout reads them: only their waiting parts."""
	out = []
	for item in logs:
		left = item.parts - due.paid_parts(item)
		if left:
			out.append(replace(item, parts=frozenset(left), carried=True))
	return out


def lines(due: Due):
	return [(line.day, line.kind, line.paid, line.held) for line in due.lines]


# --------------------------------------------------------------------------- by hand


def test_a_belgian_day_is_paid_and_its_kilometres_wait_for_the_rate():
	# 2026-05-05: 2 h and 40 km by car; 2026-05-12: 2 h, no kilometres. No car rate after
	# 31 March 2026 is shipped. Each day: the 2026 maximum EUR 44.02; 2 x 44.02 = EUR 88.04.
	logs = [log("L1", date(2026, 5, 5), km=40, mode="Car"), log("L2", date(2026, 5, 12))]
	due = compute_due(AN, BE, logs, [], MAY_2026)
	assert lines(due) == [
		(date(2026, 5, 5), FLAT_RATE, D("44.02"), D("0.00")),
		(date(2026, 5, 12), FLAT_RATE, D("44.02"), D("0.00")),
	]
	assert due.paid_total == D("88.04")
	assert due.held_total == D("0.00")
	(waiting,) = due.waiting
	assert (waiting.log, waiting.part, waiting.figure, waiting.mode, waiting.km) == (
		"L1",
		KM_PART,
		"km_rate",
		"Car",
		D("40"),
	)
	assert waiting.reason.render() == (
		"Regime 'BE volunteer flat rate' has no kilometre rate for Car on 2026-05-05: enter it first."
	)
	assert due.paid_parts(logs[0]) == {ALLOWANCE_PART, TICKETS_PART, COSTS_PART}
	assert due.paid_parts(logs[1]) == ALL_PARTS
	assert due.after[0].km_used == D("0")
	assert due.after[0].allowance_days == {date(2026, 5, 5), date(2026, 5, 12)}


def test_the_next_payout_after_the_rate_pays_exactly_the_kilometres_that_waited():
	logs = [log("L1", date(2026, 5, 5), km=40, mode="Car"), log("L2", date(2026, 5, 12))]
	first = compute_due(AN, BE, logs, [], MAY_2026)
	# Finance enters EUR 0.4400 for May. The June payout has no June logs of the member; it pays
	# the 40 waiting km: 40 x 0.4400 = EUR 17.60, and not the day again.
	second = compute_due(AN, with_rates(BE, MAY_CAR_RATE), carried(logs, first), first.after, JUNE_2026)
	assert lines(second) == [(date(2026, 5, 5), KILOMETRES, D("17.60"), D("0.00"))]
	assert second.paid_total == D("17.60")
	assert second.waiting == ()
	assert second.after[0].km_used == D("40")
	assert second.after[0].allowance_paid == D("88.04")  # the days, from the first payout only
	# A third payout finds nothing left: nothing is paid twice.
	assert carried(carried(logs, first), second) == []


def test_while_the_rate_is_missing_a_later_payout_pays_nothing_and_still_holds_them():
	logs = [log("L1", date(2026, 5, 5), km=40, mode="Car")]
	first = compute_due(AN, BE, logs, [], MAY_2026)
	again = compute_due(AN, BE, carried(logs, first), first.after, JUNE_2026)
	assert again.lines == ()
	assert [(w.log, w.part) for w in again.waiting] == [("L1", KM_PART)]


def test_the_2000_km_limit_counts_both_payouts():
	# Payout 1 (Jan-May 2026): 1,970 km on 10 February at the Q1 rate 0.4326 = EUR 852.222,
	# shown 852.22; 40 km on 5 May wait. km used after: 1,970.
	logs = [
		log("L1", date(2026, 2, 10), km=1970, mode="Car"),
		log("L2", date(2026, 5, 5), km=40, mode="Car"),
	]
	first = compute_due(AN, BE, logs, [], (date(2026, 1, 1), date(2026, 5, 31)))
	assert lines(first)[1] == (date(2026, 2, 10), KILOMETRES, D("852.22"), D("0.00"))
	assert first.after[0].km_used == D("1970")
	# Payout 2, once May's rate is in: 2,000 - 1,970 = 30 km paid, 30 x 0.4400 = EUR 13.20;
	# 10 km held for the limit, 10 x 0.4400 = EUR 4.40. Transport in 2026: 852.22 + 13.20 =
	# 865.42, under 2,000 x 0.4400 = 880.00.
	second = compute_due(AN, with_rates(BE, MAY_CAR_RATE), carried(logs, first), first.after, JUNE_2026)
	assert lines(second) == [(date(2026, 5, 5), KILOMETRES, D("13.20"), D("4.40"))]
	assert [note.code for note in second.lines[0].reasons] == ["km_max"]
	assert km_counted(second.lines[0]) == D("30")
	assert second.after[0].km_used == D("2000")
	assert second.after[0].transport_paid == D("865.42")


def test_a_year_without_ceilings_waits_beside_a_year_with_them():
	# 28 December 2026 is paid at the 2026 maximum, EUR 44.02; 4 January 2027 waits: no 2027 row.
	logs = [log("L1", date(2026, 12, 28)), log("L2", date(2027, 1, 4))]
	first = compute_due(AN, BE, logs, [], (date(2026, 12, 1), date(2027, 1, 31)))
	assert lines(first) == [(date(2026, 12, 28), FLAT_RATE, D("44.02"), D("0.00"))]
	assert [(w.log, w.part, w.figure, w.year) for w in first.waiting] == [
		("L2", ALLOWANCE_PART, "rows", 2027)
	]
	# Finance enters 2027 (the test's own figures: EUR 45.00 a day, 1,800.00 a year, 2,000 km).
	row_2027 = CeilingRow(
		date(2027, 1, 1), date(2027, 12, 31), D("45.00"), D("1800.00"), D("2000"), source="test"
	)
	regime = replace(BE, rows=(*BE.rows, row_2027))
	second = compute_due(AN, regime, carried(logs, first), first.after, (date(2027, 2, 1), date(2027, 2, 28)))
	assert lines(second) == [(date(2027, 1, 4), FLAT_RATE, D("45.00"), D("0.00"))]
	assert second.year_to_date(2027).allowance_paid == D("45.00")
	assert second.year_to_date(2026).allowance_paid == D("44.02")


def test_tickets_beside_the_flat_rate_wait_with_the_car_rate_they_are_capped_by():
	# All transport beside the flat rate is at most 2,000 x the car rate: without May's car rate
	# the cap is unknown, so a May ticket waits too; the day is paid.
	logs = [log("L1", date(2026, 5, 5), mode="Public transport", ticket_amount=D("6.40"), has_receipt=True)]
	due = compute_due(AN, BE, logs, [], MAY_2026)
	assert lines(due) == [(date(2026, 5, 5), FLAT_RATE, D("44.02"), D("0.00"))]
	assert [(w.part, w.figure, w.mode) for w in due.waiting] == [(TICKETS_PART, "km_rate", "Car")]
	second = compute_due(AN, with_rates(BE, MAY_CAR_RATE), carried(logs, due), due.after, JUNE_2026)
	assert [(line.kind, line.paid) for line in second.lines] == [(money.TICKETS, D("6.40"))]


def test_real_costs_pay_tickets_and_hold_only_the_kilometres():
	regime = shipped("BE volunteer real costs")
	logs = [
		log("L1", date(2026, 5, 5), km=20, mode="Car", ticket_amount=D("3.20"), has_receipt=True),
	]
	due = compute_due(AN, regime, logs, [], MAY_2026)
	assert [(line.kind, line.paid) for line in due.lines] == [(money.TICKETS, D("3.20"))]
	assert [(w.part, w.km) for w in due.waiting] == [(KM_PART, D("20"))]


def test_a_carried_log_may_come_before_the_period_but_no_other_log_may():
	import pytest

	from lef_members.domain.errors import DomainError

	with pytest.raises(DomainError, match="outside the period"):
		compute_due(AN, BE, [log("L1", date(2026, 5, 5))], [], JUNE_2026)
	with pytest.raises(DomainError, match="outside the period"):
		compute_due(AN, BE, [replace(log("L1", date(2026, 7, 5)), carried=True)], [], JUNE_2026)


# ------------------------------------------------------------------------- properties

# Rates finance may enter for April to December 2026, month by month.
MONTHS_2026 = [(date(2026, m, 1), date(2026, m + 1, 1) if m < 12 else date(2027, 1, 1)) for m in range(4, 13)]


@st.composite
def year_of_logs(draw):
	count = draw(st.integers(min_value=1, max_value=30))
	logs = []
	for index in range(count):
		day = date(2026, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
		mode = draw(st.sampled_from([None, "Car", "Bicycle", "Public transport"]))
		km = draw(st.integers(0, 500)) if mode in ("Car", "Bicycle") else 0
		ticket = draw(st.integers(0, 3000)) / 100 if mode == "Public transport" else 0
		logs.append(
			LogLine(
				f"L{index:02d}",
				day,
				D(draw(st.sampled_from(["0", "1.5", "2", "3"]))),
				km=D(km),
				transport_mode=mode,
				ticket_amount=D(str(ticket)),
				other_costs=D(draw(st.sampled_from(["0", "0", "4.50"]))),
				has_receipt=draw(st.booleans()),
			)
		)
	return logs


@st.composite
def rates_entered(draw):
	return tuple(
		KmRate(
			start, date.fromordinal(end.toordinal() - 1), "Car", D(draw(st.integers(4000, 4700))) / D(10000)
		)
		for start, end in MONTHS_2026
	)


def settled(logs: list[LogLine], due: Due) -> set[tuple[str, str]]:
	"""(log, part) pairs the payout settled, counting only parts that hold something."""
	return {
		(item.log, part)
		for item in logs
		for part in due.paid_parts(item)
		if money._has(item, part, money.BE_FLAT_RATE)
	}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs=year_of_logs(), rates=rates_entered(), agreed=st.none() | st.sampled_from([D("30"), D("50")]))
def test_paid_and_waiting_add_up_to_what_was_claimed_over_two_payouts(logs, rates, agreed):
	member = MemberMoneyFacts("M", "M", flat_rate_per_day=agreed)
	year = (date(2026, 1, 1), date(2026, 12, 31))
	first = compute_due(member, BE, logs, [], year)
	later = carried(logs, first)
	full = with_rates(BE, *rates)
	second = compute_due(member, full, later, first.after, (date(2027, 1, 1), date(2027, 1, 31)))

	# Nothing waits once the figures are in; nothing is settled twice; nothing is lost.
	assert second.waiting == ()
	with_content = {(i.log, p) for i in logs for p in ALL_PARTS if money._has(i, p, money.BE_FLAT_RATE)}
	one, two = settled(logs, first), settled(later, second)
	assert not one & two
	assert one | two == with_content
	# What waited never shows in the first payout's lines.
	waited = {(w.log, w.part) for w in first.waiting}
	part_of = {FLAT_RATE: ALLOWANCE_PART, KILOMETRES: KM_PART, money.TICKETS: TICKETS_PART}
	for line in first.lines:
		for name in line.logs:
			assert (name, part_of.get(line.kind, COSTS_PART)) not in waited
	# Every line: paid + held = claimed; no ceiling exceeded across both payouts.
	for due in (first, second):
		for line in due.lines:
			assert line.paid + line.held == line.claimed
			assert line.paid >= 0 and line.held >= 0
	days = [
		line.day for due in (first, second) for line in due.lines if line.kind == FLAT_RATE and line.paid > 0
	]
	assert len(days) == len(set(days))
	after = second.year_to_date(2026)
	assert after.allowance_paid <= D("1760.83")
	assert after.km_used <= D("2000")
	top_rate = max([D("0.4326"), *(r.rate for r in rates)])
	assert after.transport_paid <= D("2000") * top_rate
	assert sum(km_counted(line) for due in (first, second) for line in due.lines) == after.km_used

	# The same logs in one payout with every figure known settle the same days and kilometres.
	oracle = compute_due(member, full, logs, [], year)
	assert oracle.year_to_date(2026).allowance_paid == after.allowance_paid
	assert oracle.year_to_date(2026).km_used == after.km_used
