"""Each kind of allowance regime is described once (domain/allowances/kinds.py)."""

import json
from pathlib import Path

from lef_members.domain import allowances as money


def test_every_kind_of_regime_is_described_once():
	assert sorted(kind.key for kind in money.KINDS) == sorted(money.REGIME_KINDS)
	assert len(money.BY_LABEL) == len(money.KINDS)


def test_the_kinds_with_a_yearly_ceiling_need_their_figures_and_say_so_in_words():
	for kind in money.KINDS:
		if kind.needs_ceilings:
			assert kind.figure_words, kind.key
			assert kind.official_texts, kind.key
	assert money.kind(money.BE_FLAT_RATE).year_ceiling
	assert money.kind(money.NL_VOLUNTEER).year_ceiling
	assert not money.kind(money.FREELANCE).year_ceiling


def test_the_belgian_kinds_price_kilometres_at_the_states_rate():
	assert {kind.key for kind in money.KINDS if kind.km_rate} == set(money.BELGIAN_SYSTEMS)


def test_an_unknown_kind_needs_nothing_and_pays_at_no_rate():
	unknown = money.kind("Something else")
	assert (unknown.needs_ceilings, unknown.km_rate, unknown.required_figures) == (False, False, ())


def test_the_stored_labels_name_the_domains_kinds():
	assert money.BY_LABEL["Volunteer flat rate"] == money.BE_FLAT_RATE
	assert money.BY_LABEL["None"] == money.NO_PAY


def test_the_desk_offers_exactly_the_kinds_described():
	doctype = Path(__file__).resolve().parents[2] / (
		"lef_members/lef_hours/doctype/allowance_regime/allowance_regime.json"
	)
	field = next(f for f in json.loads(doctype.read_text())["fields"] if f["fieldname"] == "regime_kind")
	assert field["options"].split("\n") == [kind.label for kind in money.KINDS]
