"""Care networks and the postcodes they cover."""

import pytest

from lef_members.domain.errors import DomainError
from lef_members.domain.regions import PostcodeRange, networks_for_postcode, validate_ranges

RANGES = [
	PostcodeRange("Reling", 3500, 3512),
	PostcodeRange("Noolim", 3600, 3690),
	PostcodeRange("Ligant", 3500, 3999),  # a youth network over the whole province
]


@pytest.mark.parametrize(
	"postcode,networks",
	[
		("3500", ["Ligant", "Reling"]),
		("3512", ["Ligant", "Reling"]),
		("3513", ["Ligant"]),
		("3600", ["Ligant", "Noolim"]),
		("1000", []),
		("", []),
		("1234 AB", []),
	],
)
def test_networks_for_postcode(postcode, networks):
	assert networks_for_postcode(postcode, RANGES) == networks


def test_ranges_of_one_network_may_not_overlap():
	validate_ranges([PostcodeRange("A", 3500, 3510), PostcodeRange("A", 3511, 3520)])
	with pytest.raises(DomainError) as caught:
		validate_ranges([PostcodeRange("A", 3500, 3510), PostcodeRange("A", 3510, 3520)])
	assert "3500-3510" in str(caught.value) and "3510-3520" in str(caught.value)


@pytest.mark.parametrize("start,end", [(3510, 3500), (999, 1200), (9000, 10000)])
def test_bad_ranges_are_refused(start, end):
	with pytest.raises(DomainError):
		validate_ranges([PostcodeRange("A", start, end)])
