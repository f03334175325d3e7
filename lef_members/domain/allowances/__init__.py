"""What the forum owes a member for a period, within the law.

The legal figures (ceilings, kilometre rates) are data: an allowance regime with dated
rows. The row valid on a session's date applies; where no row covers a date, or a row
lacks a figure the computation needs, :class:`MissingCeilingError` says which figure
finance must enter. Nothing is guessed.

The rules, in the forum's words:

- **Belgian volunteer flat rate.** A fixed amount per day of work (the forum's agreed
  amount; when none is agreed, the legal maximum per day). Never more than the legal
  maximum per day, nor, over the calendar year, than the legal maximum per year. A day
  counts once, however many sessions it holds. Beside the flat rate only real *transport*
  costs may be paid: kilometres at the civil servants' rate for the vehicle, at most
  2,000 km a year, and public-transport tickets; all transport together at most
  2,000 x the car rate a year (law of 3 July 2005, art. 10: "openbaar vervoer, de eigen
  wagen of fiets"). The kilometre limit does not apply when the work is transporting
  people. Other real costs are not paid beside the flat rate: they are held.
- **Belgian volunteer real costs.** Proved costs, no ceiling: tickets and other costs
  with a receipt, kilometres at the rate of the row.
- One Belgian system per member per calendar year: a member who already got real-cost
  allowances this year cannot get the flat rate, and the other way round.
- A regime of its own for the higher flat-rate category (its own yearly maximum).
- **Dutch vrijwilligersvergoeding.** Where an hourly amount was agreed, at most the legal
  maximum per hour (21 or over, or under 21 by the birth date on the session date); in any
  case at most the maximum per month (capped per month, never averaged over the year) and
  per year. Specified real costs with proof come on top.
- **Freelance fee.** The agreed rate per hour or per session; no ceiling; the member's
  invoice reference is kept. Costs with proof and kilometres at the row's rate are paid.
- **None.** Nothing is paid.

**Kilometre rates** are dated rows of their own, per vehicle (:class:`KmRate`), apart
from the yearly ceiling rows: the Belgian State's rate changes every quarter. A log's
kilometres are priced at the rate valid on its date. For a calendar year the forum may
choose the yearly rate instead (1 July to 30 June); then every day of that year uses the
yearly rate valid on it. A vehicle whose rate has one basis only (the bicycle, a rate per
calendar year) uses its rows whatever was chosen.

**Across all organisations.** Ceilings count per volunteer over every organisation: what a
member received elsewhere in a calendar year (:class:`YearToDate` ``elsewhere_*``) uses up
the yearly allowance and the yearly kilometres like the forum's own payouts, and is shown
apart from them.

What a ceiling cuts off is never dropped: each line shows what was claimed, what is paid
and what is held, with the reasons. ``paid + held == claimed`` on every line.

Money is exact (``Decimal``) throughout and rounded once, at the end of the member's
payout: see :func:`compute_due` for the rounding rule.
"""

# The package keeps one name for everything it offers: ``from lef_members.domain import allowances
# as money`` reads ``money.compute_due``, ``money.Regime``, ... wherever they live.
from lef_members.domain.allowances.calculator import (
	_has,
	compute_due,
	km_counted,
	present_in_cents,
)
from lef_members.domain.allowances.elsewhere import (
	check_elsewhere,
)
from lef_members.domain.allowances.kinds import BY_KEY, BY_LABEL, KINDS, RegimeKind, kind
from lef_members.domain.allowances.regimes import (
	age_on,
	km_rate_from_dict,
	km_rate_on,
	needed_figure,
	rate_basis,
	regime_from_dict,
	row_for,
	row_from_dict,
	transport_cap,
	validate_km_rates,
	validate_regime,
)
from lef_members.domain.allowances.register import (
	flat_rate_day_register,
	register_entries,
)
from lef_members.domain.allowances.room import (
	allowance_room,
	room_left_this_year,
	room_under_ceilings,
)
from lef_members.domain.allowances.types import (
	ALERT_SHARE,
	ALL_PARTS,
	ALLOWANCE_PART,
	BE_FLAT_RATE,
	BE_REAL_COSTS,
	BELGIAN_SYSTEMS,
	CENT,
	COSTS_PART,
	FEE,
	FLAT_RATE,
	FREELANCE,
	KILOMETRES,
	KM_PART,
	LINE_KINDS,
	MONTH_ALLOWANCE,
	NL_VOLUNTEER,
	NO_PAY,
	NOT_PAID,
	PART_LABELS,
	PARTS,
	PER_HOUR,
	PER_SESSION,
	PERIOD_RATE,
	RATE_BASES,
	REAL_COSTS,
	REGIME_KINDS,
	TICKETS,
	TICKETS_PART,
	VOLUNTEER_ALLOWANCE,
	WAITING_LINE,
	YEAR_ALLOWANCE,
	YEAR_KM,
	YEAR_TRANSPORT,
	YEARLY_RATE,
	ZERO,
	AllowanceSystemError,
	CeilingRow,
	Due,
	DueLine,
	KindTotal,
	KmRate,
	LogLine,
	MemberMoneyFacts,
	MissingCeilingError,
	Note,
	Regime,
	RegisterRow,
	RoomLeft,
	Waiting,
	YearToDate,
	cents,
)
from lef_members.domain.errors import DomainError
from lef_members.domain.hours import CAR, KM_MODES, TRANSPORT_MODES

__all__ = [
	"ALERT_SHARE",
	"ALLOWANCE_PART",
	"ALL_PARTS",
	"BELGIAN_SYSTEMS",
	"BE_FLAT_RATE",
	"BE_REAL_COSTS",
	"BY_KEY",
	"BY_LABEL",
	"CAR",
	"CENT",
	"COSTS_PART",
	"FEE",
	"FLAT_RATE",
	"FREELANCE",
	"KILOMETRES",
	"KINDS",
	"KM_MODES",
	"KM_PART",
	"LINE_KINDS",
	"MONTH_ALLOWANCE",
	"NL_VOLUNTEER",
	"NOT_PAID",
	"NO_PAY",
	"PARTS",
	"PART_LABELS",
	"PERIOD_RATE",
	"PER_HOUR",
	"PER_SESSION",
	"RATE_BASES",
	"REAL_COSTS",
	"REGIME_KINDS",
	"TICKETS",
	"TICKETS_PART",
	"TRANSPORT_MODES",
	"VOLUNTEER_ALLOWANCE",
	"WAITING_LINE",
	"YEARLY_RATE",
	"YEAR_ALLOWANCE",
	"YEAR_KM",
	"YEAR_TRANSPORT",
	"ZERO",
	"AllowanceSystemError",
	"CeilingRow",
	"DomainError",
	"Due",
	"DueLine",
	"KindTotal",
	"KmRate",
	"LogLine",
	"MemberMoneyFacts",
	"MissingCeilingError",
	"Note",
	"Regime",
	"RegimeKind",
	"RegisterRow",
	"RoomLeft",
	"Waiting",
	"YearToDate",
	"_has",
	"age_on",
	"allowance_room",
	"cents",
	"check_elsewhere",
	"compute_due",
	"flat_rate_day_register",
	"kind",
	"km_counted",
	"km_rate_from_dict",
	"km_rate_on",
	"needed_figure",
	"present_in_cents",
	"rate_basis",
	"regime_from_dict",
	"register_entries",
	"room_left_this_year",
	"room_under_ceilings",
	"row_for",
	"row_from_dict",
	"transport_cap",
	"validate_km_rates",
	"validate_regime",
]
