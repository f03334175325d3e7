"""The kinds of allowance regime, each described once.

A regime kind says what it is called where it is stored (the Allowance Regime's "Kind", a
Select in the desk), which figures of a ceiling row it cannot do without, whether it prices
kilometres at the State's rate, what finance enters for a new year (in words) and which
official texts to read first. The payout, the check for next year's figures and the reports
read these facts here; how a kind pays is the calculator's (``calculator.py``), which a new
kind also teaches. A test checks that every kind of ``REGIME_KINDS`` is described.
"""

from __future__ import annotations

from dataclasses import dataclass

from lef_members.domain.allowances.types import (
	BE_FLAT_RATE,
	BE_REAL_COSTS,
	FREELANCE,
	NL_VOLUNTEER,
	NO_PAY,
)
from lef_members.domain.errors import _

BELGIAN_VOLUNTEER_LAW = _("Law of 3 July 2005 on the rights of volunteers, art. 10")
BOSA_CIRCULARS = _("BOSA kilometre circulars (royal decree of 13 July 2017, art. 74 and 76)")


@dataclass(frozen=True)
class RegimeKind:
	key: str
	label: str  # as stored on an Allowance Regime
	required_figures: tuple[str, ...] = ()  # a ceiling row without one of these cannot pay
	km_rate: bool = False  # kilometres priced at the State's rate for the vehicle
	figure_words: tuple[str, ...] = ()  # what finance enters for a new year, in words
	official_texts: tuple[str, ...] = ()

	@property
	def needs_ceilings(self) -> bool:
		return bool(self.required_figures)

	@property
	def year_ceiling(self) -> bool:
		"""A yearly maximum counted over every organisation the member works for."""
		return "max_per_year" in self.required_figures


KINDS = (
	RegimeKind(
		BE_FLAT_RATE,
		"Volunteer flat rate",
		required_figures=("max_per_day", "max_per_year", "max_km_per_year"),
		km_rate=True,
		figure_words=(
			_("the maximum per day"),
			_("the maximum per year"),
			_("the kilometres per year beside the allowance (2,000)"),
		),
		official_texts=(
			BELGIAN_VOLUNTEER_LAW,
			_("Royal decree of 20 December 2018 (higher ceiling)"),
			_("RSZ/ONSS administrative instructions 'Volunteers'"),
			BOSA_CIRCULARS,
		),
	),
	RegimeKind(
		BE_REAL_COSTS,
		"Volunteer real costs",
		km_rate=True,
		official_texts=(BELGIAN_VOLUNTEER_LAW, BOSA_CIRCULARS),
	),
	RegimeKind(
		NL_VOLUNTEER,
		"Volunteer allowance",
		required_figures=("max_per_month", "max_per_year"),
		figure_words=(
			_("the maximum per hour (21 or over, and under 21)"),
			_("the maximum per month"),
			_("the maximum per year"),
		),
		official_texts=(
			_("Belastingdienst: vrijwilligersvergoeding (amounts for the year)"),
			_("The State Secretary's letter on the indexed amounts (tabelcorrectiefactor)"),
		),
	),
	RegimeKind(FREELANCE, "Freelance fee"),
	RegimeKind(NO_PAY, "None"),
)
BY_KEY = {kind.key: kind for kind in KINDS}
BY_LABEL = {kind.label: kind.key for kind in KINDS}


def kind(key: str) -> RegimeKind:
	"""The kind named ``key`` (the domain's name); an unknown one pays nothing and needs nothing."""
	return BY_KEY.get(key) or RegimeKind(key, key)
