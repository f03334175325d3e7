"""The allowance regimes as the app ships them (``master_data/allowance_regime.json``), read as
the domain reads them: shared by the tests of the legal figures and of what waits for one."""

from __future__ import annotations

import json
from pathlib import Path

from lef_members.domain import allowances as money

SHIPPED = json.loads(
	(Path(__file__).parents[2] / "lef_members/setup/master_data/allowance_regime.json").read_text("utf-8")
)
KINDS = {
	"Volunteer flat rate": money.BE_FLAT_RATE,
	"Volunteer real costs": money.BE_REAL_COSTS,
	"Volunteer allowance": money.NL_VOLUNTEER,
	"Freelance fee": money.FREELANCE,
	"None": money.NO_PAY,
}


def shipped(name: str, yearly_rate_years=()) -> money.Regime:
	record = next(r for r in SHIPPED if r["regime_name"] == name)
	return money.regime_from_dict(
		{
			"regime_name": name,
			"kind": KINDS[record["regime_kind"]],
			"rows": record["ceilings"],
			"km_rates": record["km_rates"],
			"yearly_rate_years": yearly_rate_years,
		}
	)
