"""The invoice equals the statement to the cent; the invoice follows the statement; payouts in the books."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lef_members.domain import invoicing as inv
from lef_members.domain.errors import DomainError

D = Decimal


def line(quantity, rate, description="Line"):
	amount = (D(str(quantity)) * D(str(rate))).quantize(inv.CENT, rounding=ROUND_HALF_UP)
	return inv.StatementLine(description, D(str(quantity)), D(str(rate)), amount)


def test_the_issues_statement_of_312_81_is_invoiced_at_312_81():
	statement = [line(1, 150, "Session"), line(30, "0.4269", "Travel 30 km"), line(1, 150, "Session")]
	assert sum(s.amount for s in statement) == D("312.81")
	lines = inv.invoice_lines(statement)
	assert inv.net_total(lines) == D("312.81")
	travel = lines[1]
	assert (travel.qty, travel.rate, travel.amount) == (D(1), D("12.81"), D("12.81"))
	assert travel.description == "Travel 30 km (30 x 0.4269)"
	assert (lines[0].qty, lines[0].rate) == (D(1), D(150))


def test_a_rate_of_two_decimals_is_handed_over_as_it_is():
	lines = inv.invoice_lines([line("2.5", "45.50", "Hours")])
	assert [(x.qty, x.rate, x.amount) for x in lines] == [(D("2.5"), D("45.50"), D("113.75"))]


def test_a_rate_whose_rounding_still_gives_the_amount_keeps_its_quantity():
	kept = inv.invoice_lines([line(1, "12.814", "Travel")])[0]
	assert (kept.description, kept.qty, kept.rate, kept.amount) == ("Travel", D(1), D("12.81"), D("12.81"))
	# 10 x 0.43 would be 4.30: the amount 4.25 is carried as one unit, the description says why.
	carried = inv.invoice_lines([inv.StatementLine("Travel", D(10), D("0.4250"), D("4.25"))])[0]
	assert (carried.qty, carried.rate, carried.amount) == (D(1), D("4.25"), D("4.25"))
	assert carried.description == "Travel (10 x 0.425)"


def test_zero_lines_are_left_out_and_a_free_statement_gets_one_line_of_zero():
	lines = inv.invoice_lines([line(3, 0, "Free session")], fallback="Free talk")
	assert [(x.description, x.qty, x.rate) for x in lines] == [("Free talk", D(1), D(0))]
	lines = inv.invoice_lines([line(1, 0), line(1, 20)])
	assert len(lines) == 1


@given(
	st.lists(
		st.tuples(
			st.decimals(min_value=D("0.001"), max_value=D(500), places=3),
			st.decimals(min_value=D(0), max_value=D(2000), places=4),
		),
		min_size=1,
		max_size=12,
	)
)
def test_any_statement_is_invoiced_to_the_cent(rows):
	statement = [line(q, r) for q, r in rows]
	lines = inv.invoice_lines(statement)
	expected = sum((s.amount for s in statement), D(0))
	assert inv.net_total(lines) == expected
	for x in lines:
		assert x.rate == x.rate.quantize(inv.CENT), "the invoice keeps two decimals"
		assert (x.qty * x.rate).quantize(inv.CENT, rounding=ROUND_HALF_UP) == x.amount


@pytest.mark.parametrize(
	("docstatus", "grand_total", "outstanding", "state"),
	[
		(None, 0, 0, inv.NO_INVOICE),
		(0, 100, 100, inv.DRAFT),
		(1, 100, 100, inv.SUBMITTED),
		(1, 100, 40, inv.PARTLY_PAID),
		(1, 100, 0, inv.PAID),
		(1, "312.81", "0.004", inv.PAID),
		(2, 100, 100, inv.CANCELLED),
		(1, 0, 0, inv.SUBMITTED),
	],
)
def test_the_invoice_state_the_statement_shows(docstatus, grand_total, outstanding, state):
	assert inv.invoice_state(docstatus, grand_total, outstanding) == state


def test_cancelling_a_statement_deletes_a_draft_cancels_an_unpaid_and_refuses_a_paid_invoice():
	assert inv.on_statement_cancel(inv.DRAFT) == inv.DELETE
	assert inv.on_statement_cancel(inv.SUBMITTED) == inv.CANCEL
	for nothing in (inv.NO_INVOICE, inv.CANCELLED, inv.FAILED):
		assert inv.on_statement_cancel(nothing) == inv.NOTHING
	for paid in (inv.PAID, inv.PARTLY_PAID):
		with pytest.raises(DomainError, match="ACC-SINV-2026-00001 has a payment"):
			inv.on_statement_cancel(paid, "ACC-SINV-2026-00001")


def test_a_payout_is_debited_per_regime_and_credited_once_to_the_cent():
	lines = inv.payout_journal_lines(
		[("BE flat", "41.62"), ("BE flat", "0.005"), ("NL", "100"), ("BE flat", "10")],
		{"BE flat": "6130 - Volunteer allowances", "NL": "6131 - Vrijwilligersvergoeding"},
		"5500 - Bank",
	)
	assert [(x.account, x.debit, x.credit) for x in lines] == [
		("6130 - Volunteer allowances", D("51.63"), D(0)),
		("6131 - Vrijwilligersvergoeding", D(100), D(0)),
		("5500 - Bank", D(0), D("151.63")),
	]
	assert sum(x.debit for x in lines) == sum(x.credit for x in lines)


def test_a_payout_needs_its_accounts():
	with pytest.raises(DomainError, match="NL") as raised:
		inv.payout_journal_lines([("BE flat", 10), ("NL", 5)], {"BE flat": "6130"}, "5500")
	assert raised.value.field == "expense_account"
	with pytest.raises(DomainError) as raised:
		inv.payout_journal_lines([("BE flat", 10)], {"BE flat": "6130"}, None)
	assert raised.value.field == "payout_credit_account"
	# A regime that pays nothing needs no account; a payout of nothing has no lines.
	assert inv.payout_journal_lines([("NL", 0)], {}, "5500") == []
