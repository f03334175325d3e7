"""Ship the legal figures (ceilings, kilometre rates) of ``master_data/allowance_regime.json``
to a site, on install and on every migrate, without touching what finance entered or edited.

The rules are in :mod:`lef_members.domain.legal_figures`; this module reads the site's rows,
asks the domain what to add or correct, and saves each regime once.
"""

from __future__ import annotations

import json
from pathlib import Path

import frappe

from lef_members.domain.legal_figures import (
	CEILING_FIGURES,
	KM_RATE_FIGURES,
	LEGACY_KM_FIELDS,
	digest,
	legacy_km_rates,
	merge_shipped,
	overlaps,
)

MASTER_DATA = Path(__file__).parent / "master_data"

# Ceiling rows as versions 0.x shipped them, with their kilometre rates in the row: a row
# still holding exactly these rates held the app's figure (EUR 0.4269 for all of 2024, which
# was the rate of January to March only); the quarterly rows shipped now replace it.
SUPERSEDED_CEILINGS = (
	{
		"valid_from": "2024-01-01",
		"valid_to": "2024-12-31",
		"km_rate_car": 0.4269,
		"km_rate_motorbike": 0.4269,
		"km_rate_moped": 0.4269,
		"km_rate_bicycle": 0.35,
	},
)


def shipped_regimes() -> list[dict]:
	return json.loads((MASTER_DATA / "allowance_regime.json").read_text(encoding="utf-8"))


def with_digests(record: dict) -> dict:
	"""A shipped regime with the digest of each row's figures (for a new site's seeding)."""
	record = dict(record)
	record["ceilings"] = [
		{**row, "shipped_digest": digest(row, CEILING_FIGURES)} for row in record.get("ceilings") or ()
	]
	record["km_rates"] = [
		{**row, "shipped_digest": digest(row, KM_RATE_FIGURES)} for row in record.get("km_rates") or ()
	]
	return record


def ship_legal_figures() -> dict[str, int]:
	"""Add the shipped rows each shipped regime on the site lacks, and correct the app's own
	unedited rows; returns the number of rows added or corrected per regime."""
	done: dict[str, int] = {}
	for record in shipped_regimes():
		name = record["regime_name"]
		if not frappe.db.exists("Allowance Regime", name):
			continue  # the seeding inserts it, rows included
		regime = frappe.get_doc("Allowance Regime", name)
		changed = _merge(regime, "ceilings", record.get("ceilings") or (), CEILING_FIGURES, ())
		changed += _merge(
			regime, "km_rates", record.get("km_rates") or (), KM_RATE_FIGURES, ("vehicle", "basis")
		)
		if changed:
			regime.flags.ignore_permissions = True
			regime.save()
			done[name] = changed
	return done


def _merge(regime, table: str, shipped, figures, series) -> int:
	existing = [row.as_dict() for row in regime.get(table)]
	merge = merge_shipped(existing, shipped, figures, series)
	rows = regime.get(table)
	for index, row in merge.correct:
		rows[index].update({key: value for key, value in row.items() if key != "doctype"})
	for row in merge.add:
		regime.append(table, row)
	return len(merge.add) + len(merge.correct)


def move_legacy_km_rates() -> dict[str, int]:
	"""Kilometre rates that ceiling rows held in their own columns (versions 0.x) become
	kilometre rate rows of their regime; nothing is lost. Frappe keeps a removed field's
	column, so the values are still in the table; a site that never had them has nothing
	to move."""
	columns = [
		field for field in LEGACY_KM_FIELDS.values() if frappe.db.has_column("Allowance Ceiling", field)
	]
	if not columns:
		return {}
	rows = frappe.db.sql(
		"""select parent, valid_from, valid_to, source, {}
		from `tabAllowance Ceiling` where parenttype = 'Allowance Regime'""".format(
			", ".join(f"`{column}`" for column in columns)
		),
		as_dict=True,
	)
	by_regime: dict[str, list[dict]] = {}
	for row in rows:
		for rate in legacy_km_rates(row, SUPERSEDED_CEILINGS):
			by_regime.setdefault(row.parent, []).append(rate)
	moved: dict[str, int] = {}
	for name, rates in by_regime.items():
		regime = frappe.get_doc("Allowance Regime", name)
		added = 0
		for rate in rates:
			clash = any(
				(row.vehicle, row.basis) == (rate["vehicle"], rate["basis"]) and overlaps(row.as_dict(), rate)
				for row in regime.km_rates
			)
			if not clash:
				regime.append("km_rates", rate)
				added += 1
		if added:
			regime.flags.ignore_permissions = True
			regime.save()
			moved[name] = added
	return moved
