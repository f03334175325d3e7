"""The figures the app ships (``master_data/allowance_regime.json``), checked against
docs/legal-figures.md, and the payouts they give, computed by hand.

Every expected amount below is worked out in the comment beside it from the tables of
docs/legal-figures.md; the regimes are read from the shipped file, not built by the test.
"""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lef_members.domain import allowances as money
from lef_members.domain.allowances import (
	FLAT_RATE,
	KILOMETRES,
	TICKETS,
	VOLUNTEER_ALLOWANCE,
	YEAR_ALLOWANCE,
	YEAR_KM,
	KmRate,
	LogLine,
	MemberMoneyFacts,
	MissingCeilingError,
	YearToDate,
	compute_due,
	km_rate_on,
	room_left_this_year,
)
from lef_members.domain.errors import DomainError
from lef_members.domain.legal_figures import (
	CEILING_FIGURES,
	KM_RATE_FIGURES,
	digest,
	figures_until,
	legacy_km_rates,
	merge_shipped,
	missing_for_year,
)
from tests.domain.shipped import KINDS, SHIPPED, shipped

BE = "BE volunteer flat rate"
BE_HIGH = "BE volunteer flat rate (higher category)"
BE_REAL = "BE volunteer real costs"
NL = "NL vrijwilligersvergoeding"


def log(name: str, day: date, hours="2", **values) -> LogLine:
	amounts = {key: D(str(value)) for key, value in values.items() if key in ("km", "ticket_amount")}
	rest = {key: value for key, value in values.items() if key not in amounts}
	return LogLine(name, day, D(str(hours)), **amounts, **rest)


def paid(due, kind: str) -> D:
	return sum((line.paid for line in due.lines if line.kind == kind), D(0))


def held(due, kind: str) -> D:
	return sum((line.held for line in due.lines if line.kind == kind), D(0))


# ------------------------------------------------------------ the shipped figures


@pytest.mark.parametrize(
	("name", "year", "day", "year_max"),
	[
		(BE, 2023, "40.67", "1626.77"),
		(BE, 2024, "41.48", "1659.29"),
		(BE, 2025, "42.31", "1692.51"),
		(BE, 2026, "44.02", "1760.83"),
		(BE_HIGH, 2023, "40.67", "2987.70"),
		(BE_HIGH, 2024, "41.48", "3047.43"),
		(BE_HIGH, 2025, "42.31", "3108.44"),
		(BE_HIGH, 2026, "44.02", "3233.91"),
	],
)
def test_belgian_ceilings_are_those_of_allowances_md(name, year, day, year_max):
	row = money.row_for(shipped(name), date(year, 6, 1))
	assert (row.max_per_day, row.max_per_year, row.max_km_per_year) == (D(day), D(year_max), D(2000))
	assert row.source  # every row says where its figures come from


@pytest.mark.parametrize(
	("year", "hour", "young", "month", "year_max"),
	[
		(2023, "5.00", "2.75", "190", "1900"),
		(2024, "5.50", "3.25", "210", "2100"),
		(2025, "5.60", "3.30", "210", "2100"),
		(2026, "5.75", "3.40", "220", "2200"),
	],
)
def test_dutch_ceilings_are_those_of_allowances_md(year, hour, young, month, year_max):
	row = money.row_for(shipped(NL), date(year, 3, 1))
	assert (row.hourly_max_21_plus, row.hourly_max_under_21, row.max_per_month, row.max_per_year) == (
		D(hour),
		D(young),
		D(month),
		D(year_max),
	)


QUARTERS = [
	("2024-01-01", "2024-03-31", "0.4269"),
	("2024-04-01", "2024-06-30", "0.4265"),
	("2024-07-01", "2024-09-30", "0.4297"),
	("2024-10-01", "2024-12-31", "0.4293"),
	("2025-01-01", "2025-03-31", "0.4290"),
	("2025-04-01", "2025-06-30", "0.4320"),
	("2025-07-01", "2025-09-30", "0.4309"),
	("2025-10-01", "2025-12-31", "0.4312"),
	("2026-01-01", "2026-03-31", "0.4326"),
]


@pytest.mark.parametrize("name", [BE, BE_HIGH, BE_REAL])
@pytest.mark.parametrize("vehicle", ["Car", "Motorbike", "Moped"])
def test_quarterly_kilometre_rates_first_and_last_day_of_each_quarter(name, vehicle):
	regime = shipped(name)
	for start, end, rate in QUARTERS:
		for day in (date.fromisoformat(start), date.fromisoformat(end)):
			assert km_rate_on(regime, day, vehicle).rate == D(rate), (vehicle, day)


def test_kilometre_rates_not_published_are_not_guessed():
	regime = shipped(BE)
	with pytest.raises(MissingCeilingError, match=r"no kilometre rate for Car on 2026-04-01"):
		km_rate_on(regime, date(2026, 4, 1), "Car")
	with pytest.raises(MissingCeilingError, match=r"no kilometre rate for Car on 2023-12-31"):
		km_rate_on(regime, date(2023, 12, 31), "Car")
	# Bicycle (docs/legal-figures.md): EUR 0.35 in 2024, EUR 0.36 in 2025 (droitsquotidiens.be), EUR 0.37
	# in 2026; 2027 not published.
	assert km_rate_on(regime, date(2024, 8, 1), "Bicycle").rate == D("0.35")
	assert km_rate_on(regime, date(2025, 5, 5), "Bicycle").rate == D("0.36")
	assert km_rate_on(regime, date(2025, 12, 31), "Bicycle").rate == D("0.36")
	assert km_rate_on(regime, date(2026, 8, 1), "Bicycle").rate == D("0.37")
	with pytest.raises(MissingCeilingError, match=r"no kilometre rate for Bicycle on 2027-01-04"):
		km_rate_on(regime, date(2027, 1, 4), "Bicycle")


def test_the_2025_bicycle_rate_is_shipped_with_its_source():
	for name in (BE, BE_HIGH, BE_REAL):
		rows = [
			r
			for r in next(x for x in SHIPPED if x["regime_name"] == name)["km_rates"]
			if r["vehicle"] == "Bicycle" and r["valid_from"] == "2025-01-01"
		]
		assert len(rows) == 1, name
		assert (rows[0]["valid_to"], D(str(rows[0]["rate"]))) == ("2025-12-31", D("0.36"))
		assert "droitsquotidiens.be" in rows[0]["source"]


def test_a_2025_bike_ride_beside_the_flat_rate():
	# 2025-05-05: the day at the 2025 maximum EUR 42.31; 25 km x EUR 0.36 = EUR 9.00; total 51.31.
	due = compute_due(
		MemberMoneyFacts("M1"), shipped(BE), [log("L1", date(2025, 5, 5), km=25, transport_mode="Bicycle")]
	)
	assert [(line.kind, line.paid) for line in due.lines] == [
		(FLAT_RATE, D("42.31")),
		(KILOMETRES, D("9.00")),
	]
	assert due.paid_total == D("51.31")
	assert due.waiting == ()


@pytest.mark.parametrize(
	("day", "rate"),
	[
		(date(2024, 3, 1), "0.4280"),  # 2023-07-01 to 2024-06-30
		(date(2024, 6, 30), "0.4280"),
		(date(2024, 7, 1), "0.4415"),  # 2024-07-01 to 2025-06-30
		(date(2025, 6, 30), "0.4415"),
		(date(2025, 7, 1), "0.4449"),  # 2025-07-01 to 2026-06-30
		(date(2026, 6, 30), "0.4449"),
	],
)
def test_the_yearly_rate_when_chosen_for_the_year(day, rate):
	regime = shipped(BE, yearly_rate_years=[day.year])
	assert km_rate_on(regime, day, "Car").rate == D(rate)
	# The bicycle has one rate a year only: it applies whatever was chosen.
	if day.year != 2025:
		assert km_rate_on(regime, day, "Bicycle").rate == D("0.35" if day.year == 2024 else "0.37")


def test_yearly_rate_chosen_but_not_entered_is_named():
	regime = shipped(BE, yearly_rate_years=[2026])
	with pytest.raises(MissingCeilingError, match=r"no yearly kilometre rate for Car on 2026-07-01"):
		km_rate_on(regime, date(2026, 7, 1), "Car")


def test_the_sources_of_every_shipped_row():
	for record in SHIPPED:
		for row in record["ceilings"] + record["km_rates"]:
			assert row["source"].strip(), (record["regime_name"], row["valid_from"])


# --------------------------------------------------------------- payouts by hand


def test_a_2024_log_in_may_is_priced_at_0_4265():
	# 100 km by car on 2024-05-14 (second quarter): 100 x 0.4265 = EUR 42.65.
	due = compute_due(
		MemberMoneyFacts("M1"), shipped(BE), [log("L1", date(2024, 5, 14), km=100, transport_mode="Car")]
	)
	[line] = [line for line in due.lines if line.kind == KILOMETRES]
	assert (line.rate, line.paid) == (D("0.4265"), D("42.65"))


def test_kilometres_across_a_quarter_boundary():
	# 2025-03-31 (Q1, 0.4290) 150 km = 64.35; 2025-04-01 (Q2, 0.4320) 150 km = 64.80.
	logs = [
		log("L1", date(2025, 3, 31), km=150, transport_mode="Car"),
		log("L2", date(2025, 4, 1), km=150, transport_mode="Motorbike"),
	]
	due = compute_due(MemberMoneyFacts("M1"), shipped(BE), logs)
	km = [(line.day, line.rate, line.paid) for line in due.lines if line.kind == KILOMETRES]
	assert km == [(date(2025, 3, 31), D("0.4290"), D("64.35")), (date(2025, 4, 1), D("0.4320"), D("64.80"))]
	# Two days of flat rate at the 2025 day maximum: 2 x 42.31 = 84.62.
	assert paid(due, FLAT_RATE) == D("84.62")
	assert due.paid_total == D("213.77")


def test_kilometres_with_the_yearly_rate_for_the_whole_year():
	# Yearly rate chosen for 2025: March at 0.4415 (2024-07 to 2025-06), August at 0.4449.
	# 100 km each: 44.15 + 44.49 = 88.64, though the quarterly rates were 0.4290 and 0.4309.
	logs = [
		log("L1", date(2025, 3, 10), hours=0, km=100, transport_mode="Car"),
		log("L2", date(2025, 8, 10), hours=0, km=100, transport_mode="Car"),
	]
	due = compute_due(MemberMoneyFacts("M1"), shipped(BE, yearly_rate_years=[2025]), logs)
	assert [line.rate for line in due.lines] == [D("0.4415"), D("0.4449")]
	assert due.paid_total == D("88.64")
	# The same logs without the choice: 42.90 + 43.09 = 85.99.
	assert compute_due(MemberMoneyFacts("M1"), shipped(BE), logs).paid_total == D("85.99")


def test_the_2000_km_cap_at_mixed_rates():
	# 2025, car: 1,200 km in February (0.4290) = 514.80; 1,000 km in May (0.4320): 800 km
	# left under 2,000 = 345.60 paid, 200 km (86.40) held. The transport cap in May is
	# 2,000 x 0.4320 (the highest rate applied so far) = 864.00, above 860.40: no cut.
	# A ticket of EUR 10 in August (0.4309 then, 0.4320 still the highest): 864.00 - 860.40
	# = 3.60 paid, 6.40 held.
	logs = [
		log("L1", date(2025, 2, 10), hours=0, km=1200, transport_mode="Car"),
		log("L2", date(2025, 5, 12), hours=0, km=1000, transport_mode="Car"),
		log(
			"L3",
			date(2025, 8, 20),
			hours=0,
			ticket_amount=10,
			transport_mode="Public transport",
			has_receipt=True,
		),
	]
	due = compute_due(MemberMoneyFacts("M1"), shipped(BE), logs)
	assert [(line.kind, line.paid, line.held) for line in due.lines] == [
		(KILOMETRES, D("514.80"), D("0")),
		(KILOMETRES, D("345.60"), D("86.40")),
		(TICKETS, D("3.60"), D("6.40")),
	]
	after = due.year_to_date(2025)
	assert (after.km_used, after.transport_paid) == (D(2000), D("864.00"))


def test_a_belgian_payout_over_new_year_2025_2026():
	# Already paid in 2025: 1,680.00 of 1,692.51, so 12.51 room. 2025-12-29: 12.51 paid,
	# 42.31 - 12.51 = 29.80 held. 2026-01-05: the 2026 day maximum 44.02, fresh year.
	logs = [log("L1", date(2025, 12, 29)), log("L2", date(2026, 1, 5))]
	ytd = YearToDate(2025, systems=frozenset({money.BE_FLAT_RATE}), allowance_paid=D("1680.00"))
	due = compute_due(
		MemberMoneyFacts("M1"), shipped(BE), logs, [ytd], (date(2025, 12, 1), date(2026, 1, 31))
	)
	assert [(line.day, line.paid, line.held) for line in due.lines] == [
		(date(2025, 12, 29), D("12.51"), D("29.80")),
		(date(2026, 1, 5), D("44.02"), D("0")),
	]
	assert due.paid_total == D("56.53")
	assert due.year_to_date(2025).allowance_paid == D("1692.51")


def test_a_belgian_2026_payout_pays_to_the_cent_what_the_figures_allow():
	# 2026: 40 days at the day maximum 44.02 would be 1,760.80, within 1,760.83.
	# With 41 days: 1,760.83 - 1,760.80 = 0.03 on the 41st day, 43.99 held.
	days = [date(2026, 1, 5) + (date(2026, 1, 6) - date(2026, 1, 5)) * offset for offset in range(41)]
	logs = [log(f"L{index:02d}", day) for index, day in enumerate(days)]
	due = compute_due(MemberMoneyFacts("M1"), shipped(BE), logs)
	assert due.paid_total == D("1760.83")
	assert due.lines[-1].paid == D("0.03") and due.lines[-1].held == D("43.99")
	assert due.held_total == D("43.99")


def test_a_member_with_allowances_elsewhere():
	# 2026: EUR 1,700.00 and 1,900 km received from another organisation. Room: 1,760.83 -
	# 1,700.00 = 60.83: day one 44.02, day two 16.81 (27.21 held). Kilometres: 100 km left
	# of 2,000; 300 km by car in February at 0.4326: 100 km paid (43.26), 200 km held (86.52).
	ytd = YearToDate(2026, elsewhere_amount=D("1700.00"), elsewhere_km=D(1900), elsewhere_days=40)
	logs = [
		log("L1", date(2026, 2, 2)),
		log("L2", date(2026, 2, 3), km=300, transport_mode="Car"),
	]
	due = compute_due(MemberMoneyFacts("M1"), shipped(BE), logs, [ytd])
	flat = [(line.paid, line.held) for line in due.lines if line.kind == FLAT_RATE]
	assert flat == [(D("44.02"), D("0")), (D("16.81"), D("27.21"))]
	assert (paid(due, KILOMETRES), held(due, KILOMETRES)) == (D("43.26"), D("86.52"))
	year_line = next(line for line in due.lines if line.held and line.kind == FLAT_RATE)
	assert "received from other organisations" in year_line.reasons[-1].render()
	# Room shown apart: used 1,760.83 of which 1,700.00 elsewhere.
	room = {item.ceiling: item for item in due.room_left}
	assert (room[YEAR_ALLOWANCE].used, room[YEAR_ALLOWANCE].elsewhere, room[YEAR_ALLOWANCE].left) == (
		D("1760.83"),
		D("1700.00"),
		D("0"),
	)
	assert (room[YEAR_KM].used, room[YEAR_KM].elsewhere) == (D(2000), D(1900))
	# The counters handed to the next payout keep the forum's part apart from elsewhere.
	after = due.year_to_date(2026)
	assert (after.allowance_paid, after.elsewhere_amount) == (D("60.83"), D("1700.00"))


def test_allowances_elsewhere_raise_the_80_percent_warning():
	# 1,400.00 elsewhere + one day 44.02 = 1,444.02, 82 % of 1,760.83: warned, newly.
	ytd = YearToDate(2026, elsewhere_amount=D("1400.00"))
	due = compute_due(MemberMoneyFacts("M1", "An"), shipped(BE), [log("L1", date(2026, 3, 2))], [ytd])
	[warning] = [note for note in due.warnings if note.code == "ceiling_80"]
	assert warning.params["percent"] == D(82) and warning.params["newly_reached"] is True


def test_room_left_counts_what_was_received_elsewhere():
	room = room_left_this_year(
		shipped(BE), YearToDate(2026, allowance_paid=D(100), elsewhere_amount=D(500)), date(2026, 6, 1)
	)
	year = next(item for item in room if item.ceiling == YEAR_ALLOWANCE)
	assert (year.used, year.left, year.elsewhere) == (D(600), D("1160.83"), D(500))
	assert money.allowance_room(
		shipped(BE), YearToDate(2026, elsewhere_amount=D(500)), date(2026, 6, 1)
	) == D("1260.83")


def test_dutch_2026_month_ceiling():
	# Agreed EUR 6.00 an hour, above the 2026 maximum of 5.75: 40 h in March at 5.75 = 230.00,
	# the month maximum is 220.00: 220.00 paid, 10.00 held (the cut above 5.75 is held too:
	# 40 x 0.25 = 10.00). Claimed 240.00.
	member = MemberMoneyFacts("M2", birth_date=date(1980, 1, 1), hourly_rate=D("6.00"))
	logs = [log(f"L{day}", date(2026, 3, day), hours=8) for day in (2, 3, 4, 5, 6)]
	due = compute_due(member, shipped(NL), logs)
	assert (paid(due, VOLUNTEER_ALLOWANCE), held(due, VOLUNTEER_ALLOWANCE)) == (D("220.00"), D("20.00"))


def test_dutch_2026_year_ceiling():
	# Already 2,150.00 paid in 2026 (none in November): 50.00 room in the year. 10 h in
	# November at 5.75 = 57.50: 50.00 paid, 7.50 held.
	member = MemberMoneyFacts("M2", birth_date=date(1980, 1, 1), hourly_rate=D("5.75"))
	ytd = YearToDate(2026, allowance_paid=D("2150.00"), allowance_by_month={m: D(215) for m in range(1, 11)})
	due = compute_due(member, shipped(NL), [log("L1", date(2026, 11, 3), hours=10)], [ytd])
	assert (due.paid_total, due.held_total) == (D("50.00"), D("7.50"))


def test_under_21_in_2026():
	# Born 2006-05-01: 19 on 2026-03-02; 4 h at the under-21 maximum 3.40 = 13.60.
	member = MemberMoneyFacts("M3", birth_date=date(2006, 5, 1), hourly_rate=D("5.00"))
	due = compute_due(member, shipped(NL), [log("L1", date(2026, 3, 2), hours=4)])
	assert due.paid_total == D("13.60")


def test_2027_is_not_guessed():
	due = compute_due(MemberMoneyFacts("M1"), shipped(BE), [log("L1", date(2027, 1, 4))])
	assert due.paid_total == D("0.00")
	assert [w.reason.render() for w in due.waiting] == [
		"No ceilings for 2027 in regime 'BE volunteer flat rate': enter them first (no row covers 2027-01-04)."
	]
	member = MemberMoneyFacts("M2", birth_date=date(1980, 1, 1), hourly_rate=D("5"))
	due = compute_due(member, shipped(NL), [log("L1", date(2027, 2, 1))])
	assert due.paid_total == D("0.00")
	assert (
		due.waiting[0]
		.reason.render()
		.startswith("No ceilings for 2027 in regime 'NL vrijwilligersvergoeding'")
	)


# ---------------------------------------------------------- what next year needs


def test_next_year_figures_are_named_with_the_texts_to_check():
	missing = missing_for_year(shipped(BE), 2027)
	assert missing is not None and missing.year == 2027
	assert "the maximum per day" in missing.figures and any("kilometre rate" in f for f in missing.figures)
	assert any("3 July 2005" in text for text in missing.texts)
	assert missing_for_year(shipped(BE), 2026) is None
	assert missing_for_year(shipped(NL), 2026) is None
	nl = missing_for_year(shipped(NL), 2027)
	assert nl and not any("kilometre" in f for f in nl.figures)
	real = missing_for_year(shipped(BE_REAL), 2027)
	assert real and real.figures == (missing.figures[-1],)  # real costs need only the rate
	assert missing_for_year(shipped("Freelance fee"), 2027) is None


def test_figures_until_is_the_earlier_of_ceilings_and_rates():
	assert figures_until(shipped(BE)) == date(2026, 3, 31)  # quarterly rates end first
	assert figures_until(shipped(NL)) == date(2026, 12, 31)
	assert figures_until(shipped("None")) is None


# ---------------------------------------------------- shipping without overwriting


def test_shipping_adds_only_rows_for_periods_the_site_lacks():
	shipped_rows = [
		{"valid_from": "2025-01-01", "valid_to": "2025-12-31", "max_per_day": 42.31},
		{"valid_from": "2026-01-01", "valid_to": "2026-12-31", "max_per_day": 44.02},
	]
	# Finance entered 2026 by hand (another figure): kept; 2025 is added with its digest.
	site = [{"valid_from": date(2026, 1, 1), "valid_to": date(2026, 12, 31), "max_per_day": 44.0}]
	merge = merge_shipped(site, shipped_rows, CEILING_FIGURES)
	assert [row["valid_from"] for row in merge.add] == ["2025-01-01"]
	assert merge.add[0]["shipped_digest"] == digest(shipped_rows[0], CEILING_FIGURES)
	assert merge.correct == ()
	# Run again on the result: nothing more.
	again = merge_shipped([*site, *merge.add], shipped_rows, CEILING_FIGURES)
	assert (again.add, again.correct) == ((), ())


def test_an_unedited_shipped_row_takes_a_correction_an_edited_one_does_not():
	old = {"valid_from": "2026-01-01", "valid_to": "2026-12-31", "max_per_day": 44.0}
	fixed = {**old, "max_per_day": 44.02}
	unedited = {**old, "shipped_digest": digest(old, CEILING_FIGURES)}
	merge = merge_shipped([unedited], [fixed], CEILING_FIGURES)
	assert merge.correct and merge.correct[0][0] == 0 and merge.correct[0][1]["max_per_day"] == 44.02
	edited = {**unedited, "max_per_day": 45.0}  # finance changed it: finance's own now
	assert merge_shipped([edited], [fixed], CEILING_FIGURES).correct == ()


def test_kilometre_rates_compare_per_vehicle_and_basis():
	site = [
		{
			"valid_from": "2026-01-01",
			"valid_to": "2026-03-31",
			"vehicle": "Car",
			"basis": "Period",
			"rate": 0.43,
		}
	]
	shipped_rows = [
		{
			"valid_from": "2026-01-01",
			"valid_to": "2026-03-31",
			"vehicle": "Car",
			"basis": "Period",
			"rate": 0.4326,
		},
		{
			"valid_from": "2026-01-01",
			"valid_to": "2026-03-31",
			"vehicle": "Moped",
			"basis": "Period",
			"rate": 0.4326,
		},
		{
			"valid_from": "2025-07-01",
			"valid_to": "2026-06-30",
			"vehicle": "Car",
			"basis": "Yearly",
			"rate": 0.4449,
		},
	]
	merge = merge_shipped(site, shipped_rows, KM_RATE_FIGURES, ("vehicle", "basis"))
	assert [(row["vehicle"], row["basis"]) for row in merge.add] == [("Moped", "Period"), ("Car", "Yearly")]


def test_legacy_kilometre_fields_become_rows_unless_they_were_the_old_shipped_figure():
	superseded = [
		{
			"valid_from": "2024-01-01",
			"valid_to": "2024-12-31",
			"km_rate_car": 0.4269,
			"km_rate_motorbike": 0.4269,
			"km_rate_moped": 0.4269,
			"km_rate_bicycle": 0.35,
		}
	]
	assert legacy_km_rates({**superseded[0], "source": "x"}, superseded) == []
	finance = {
		"valid_from": date(2024, 1, 1),
		"valid_to": date(2024, 12, 31),
		"km_rate_car": 0.43,
		"km_rate_bicycle": 0,
	}
	assert legacy_km_rates(finance, superseded) == [
		{
			"valid_from": "2024-01-01",
			"valid_to": "2024-12-31",
			"vehicle": "Car",
			"rate": 0.43,
			"basis": "Period",
			"source": "",
		}
	]
	assert legacy_km_rates({"valid_from": "2023-01-01", "valid_to": "2023-12-31"}) == []
	# Finance changed the car rate only: the car rate is theirs, the others were the app's.
	edited = {**superseded[0], "km_rate_car": 0.4301}
	assert [(row["vehicle"], row["rate"]) for row in legacy_km_rates(edited, superseded)] == [("Car", 0.4301)]


def test_overlapping_kilometre_rates_are_refused():
	regime = money.Regime(
		"R",
		money.BE_REAL_COSTS,
		km_rates=(
			KmRate(date(2026, 1, 1), date(2026, 3, 31), "Car", D("0.43")),
			KmRate(date(2026, 3, 1), date(2026, 6, 30), "Car", D("0.44")),
		),
	)
	with pytest.raises(DomainError, match="Two kilometre rates of regime 'R' for Car overlap on 2026-03-01"):
		money.validate_regime(regime)
	# A yearly rate over the same days is another basis: allowed.
	money.validate_regime(
		money.Regime(
			"R",
			money.BE_REAL_COSTS,
			km_rates=(
				KmRate(date(2026, 1, 1), date(2026, 3, 31), "Car", D("0.43")),
				KmRate(date(2025, 7, 1), date(2026, 6, 30), "Car", D("0.44"), money.YEARLY_RATE),
			),
		)
	)
	with pytest.raises(DomainError, match="which earns none"):
		money.validate_regime(
			money.Regime(
				"R",
				money.BE_REAL_COSTS,
				km_rates=(KmRate(date(2026, 1, 1), date(2026, 3, 31), "On foot", D(1)),),
			)
		)


# ------------------------------------------------------------------- properties

DAYS_2025 = st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def logs_2025(draw):
	logs = []
	for index in range(draw(st.integers(min_value=1, max_value=25))):
		mode = draw(st.sampled_from([None, "Car", "Moped", "Public transport"]))
		logs.append(
			LogLine(
				log=f"L{index:03d}",
				day=draw(DAYS_2025),
				hours=draw(st.sampled_from([D(0), D(2), D("3.5")])),
				km=draw(st.decimals(min_value=0, max_value=900, places=1))
				if mode in ("Car", "Moped")
				else D(0),
				transport_mode=mode,
				ticket_amount=draw(st.decimals(min_value=0, max_value=60, places=2))
				if mode == "Public transport"
				else D(0),
				has_receipt=True,
			)
		)
	return logs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
	logs=logs_2025(),
	forum=st.decimals(min_value=0, max_value=D("1692.51"), places=2),
	other=st.decimals(min_value=0, max_value=D("2000"), places=2),
	other_km=st.decimals(min_value=0, max_value=2500, places=1),
	yearly=st.booleans(),
	seed=st.integers(),
)
def test_property_paid_never_over_a_ceiling_with_quarterly_rates_and_elsewhere(
	logs, forum, other, other_km, yearly, seed
):
	regime = shipped(BE, yearly_rate_years=[2025] if yearly else [])
	ytd = YearToDate(2025, allowance_paid=forum, elsewhere_amount=other, elsewhere_km=other_km)
	due = compute_due(MemberMoneyFacts("M1"), regime, logs, [ytd], (date(2025, 1, 1), date(2025, 12, 31)))
	for line in due.lines:
		assert line.claimed == line.paid + line.held and line.paid >= 0 and line.held >= 0
	assert due.claimed_total == due.paid_total + due.held_total
	flat = [line for line in due.lines if line.kind == FLAT_RATE]
	assert all(line.paid <= D("42.31") for line in flat)
	total = forum + sum((line.paid for line in flat), D(0))
	assert total + other <= D("1692.51") or sum((line.paid for line in flat), D(0)) == 0
	km_paid = sum((money.km_counted(line) for line in due.lines), D(0))
	assert km_paid + other_km <= D(2000) or km_paid == 0
	# Each kilometre line is priced at the rate valid on its day, on the chosen basis.
	for line in due.lines:
		if line.kind == KILOMETRES and line.rate is not None:
			assert line.rate == km_rate_on(regime, line.day, "Car").rate
	transport = sum((line.paid for line in due.lines if line.counts_toward == "transport"), D(0))
	assert transport <= D(2000) * (D("0.4449") if yearly else D("0.4320"))
	shuffled = list(logs)
	random.Random(seed).shuffle(shuffled)
	again = compute_due(
		MemberMoneyFacts("M1"), regime, shuffled, [ytd], (date(2025, 1, 1), date(2025, 12, 31))
	)
	assert again.lines == due.lines
