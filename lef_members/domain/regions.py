"""Care networks and the postcodes they cover.

A care network (Noolim, Reling, Ligant, Netwerk Zorg voor Geïnterneerden in Limburg)
covers postcode ranges. Networks may overlap (an adult and a youth network cover the
same towns), so a postcode can belong to several; one network's own ranges may not
overlap each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from lef_members.domain.errors import DomainError, _
from lef_members.domain.identifiers import postcode_number


@dataclass(frozen=True)
class PostcodeRange:
	network: str
	from_postcode: int
	to_postcode: int


def validate_ranges(ranges: Iterable[PostcodeRange]) -> None:
	"""One network's ranges: from <= to, four digits, and no two overlapping."""
	ordered = sorted(ranges, key=lambda r: (r.from_postcode, r.to_postcode))
	for r in ordered:
		if not (1000 <= r.from_postcode <= 9999 and 1000 <= r.to_postcode <= 9999):
			raise DomainError(
				_("Postcode ranges use four-digit postcodes (1000 to 9999)."), field="postcode_ranges"
			)
		if r.to_postcode < r.from_postcode:
			raise DomainError(
				_("The range {start}-{end} ends before it starts."),
				field="postcode_ranges",
				start=r.from_postcode,
				end=r.to_postcode,
			)
	for previous, current in pairwise(ordered):
		if current.from_postcode <= previous.to_postcode:
			raise DomainError(
				_("The ranges {a} and {b} overlap."),
				field="postcode_ranges",
				a=f"{previous.from_postcode}-{previous.to_postcode}",
				b=f"{current.from_postcode}-{current.to_postcode}",
			)


def networks_for_postcode(postcode: str, ranges: Iterable[PostcodeRange]) -> list[str]:
	"""Every network whose ranges hold this postcode, in name order, without repeats."""
	number = postcode_number(postcode)
	if number is None:
		return []
	return sorted({r.network for r in ranges if r.from_postcode <= number <= r.to_postcode})
