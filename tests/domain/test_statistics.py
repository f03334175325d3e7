"""The spread of work over members and the time from request to staffed, on hand-computed cases."""

from datetime import datetime

import pytest

from lef_members.domain.statistics import gini, hours_between, median, spread, staffed_at


def test_equal_work_is_perfectly_fair():
	assert gini([3, 3, 3, 3]) == 0.0


def test_one_member_with_all_work_approaches_one():
	# n=4, sorted (0,0,0,8): (2*4-4-1)*8 / (4*8) = 24/32
	assert gini([0, 8, 0, 0]) == 0.75


def test_hand_computed_uneven_spread():
	# sorted (1,2,3,4), total 10: (-3*1 -1*2 +1*3 +3*4) / (4*10) = 10/40
	assert gini([4, 1, 3, 2]) == 0.25


def test_members_without_work_make_the_spread_less_fair():
	assert gini([2, 2, 0, 0]) > gini([2, 2])


def test_no_members_or_no_work_is_not_unfair():
	assert gini([]) == 0.0
	assert gini([0, 0, 0]) == 0.0


def test_negative_counts_are_refused():
	with pytest.raises(ValueError):
		gini([1, -1])


def test_spread_summarises_members_without_work():
	summary = spread({"A": 4, "B": 0, "C": 2, "D": 0})
	assert (summary.members, summary.assignments, summary.most, summary.without_work) == (4, 6, 4, 2)
	assert summary.mean == 1.5
	assert summary.gini == gini([4, 0, 2, 0])


def test_staffed_when_the_last_needed_member_accepted():
	first, second, third = datetime(2024, 3, 1, 9), datetime(2024, 3, 2, 10), datetime(2024, 3, 4, 8)
	assert staffed_at(2, [third, first, None, second]) == second
	assert staffed_at(3, [first, second]) is None
	assert staffed_at(0, [first]) is None


def test_hours_between_ignores_unknown_or_reversed_moments():
	assert hours_between(datetime(2024, 3, 1, 9), datetime(2024, 3, 2, 21, 30)) == 36.5
	assert hours_between(None, datetime(2024, 3, 1)) is None
	assert hours_between(datetime(2024, 3, 2), datetime(2024, 3, 1)) is None


def test_median_of_odd_and_even_lists():
	assert median([5.0, 1.0, 3.0]) == 3.0
	assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
	assert median([]) is None
