"""Billing an organisation by the agreed rate, on hand-computed cases."""

from datetime import date
from decimal import Decimal as D

import pytest

from lef_members.domain.billing import FLAT, FREE, PER_HOUR, PER_SESSION, WorkDone, compute_bill
from lef_members.domain.errors import DomainError

WORK = [
	WorkDone("EXP-1", date(2024, 3, 5), D("2.5"), D("42")),
	WorkDone("EXP-2", date(2024, 3, 5), D("3"), D("17.5")),
	WorkDone("EXP-1", date(2024, 3, 12), D("2.25"), D("42")),
]


def test_per_session_bills_each_member_at_each_session():
	bill = compute_bill(PER_SESSION, D("150"), WORK, "Herstelverhaal")
	assert [(i.quantity, i.amount) for i in bill.items] == [(D(3), D("450.00"))]
	assert bill.total == D("450.00")


def test_per_hour_bills_the_hours_and_rounds_each_item_once():
	bill = compute_bill(PER_HOUR, D("45.333"), WORK, "Co-teaching")
	# 7.75 h x 45.333 = 351.33075 -> 351.33
	assert bill.items[0].quantity == D("7.75")
	assert bill.total == D("351.33")


def test_flat_and_free():
	assert compute_bill(FLAT, D("600"), [], "Adviesraad").total == D("600.00")
	free = compute_bill(FREE, None, [], "Adviesraad")
	assert free.total == D(0) and free.items[0].render() == "Adviesraad: free of charge"


def test_travel_where_agreed_at_the_forum_rate():
	bill = compute_bill(PER_SESSION, D("100"), WORK, "Talk", travel_billed=True, km_rate=D("0.4269"))
	travel = bill.items[1]
	# 101.5 km x 0.4269 = 43.33035 -> 43.33
	assert (travel.quantity, travel.amount) == (D("101.5"), D("43.33"))
	assert bill.total == D("343.33")


def test_travel_needs_a_rate_and_the_rate_must_be_entered():
	with pytest.raises(DomainError, match="per km"):
		compute_bill(PER_SESSION, D("100"), WORK, "Talk", travel_billed=True, km_rate=None)
	with pytest.raises(DomainError, match="rate agreed"):
		compute_bill(PER_HOUR, None, WORK, "Talk")
	with pytest.raises(DomainError, match="No approved hour logs"):
		compute_bill(PER_SESSION, D("100"), [], "Talk")
