# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from lef_members.domain.allowances import validate_regime
from lef_members.domain.errors import DomainError
from lef_members.domain.legal_figures import figures_until
from lef_members.exceptions import throw_domain_error
from lef_members.lef_hours import payouts


class AllowanceRegimeError(frappe.ValidationError):
	"""Ceiling rows that overlap, run backwards or lack a figure their kind always needs."""


class AllowanceRegime(Document):
	def validate(self) -> None:
		for table, key in (
			("ceilings", lambda row: str(row.valid_from)),
			("km_rates", lambda row: (row.vehicle or "", row.basis or "", str(row.valid_from))),
			("yearly_rate_years", lambda row: row.year or 0),
		):
			rows = self.get(table)
			rows.sort(key=key)
			for index, row in enumerate(rows, start=1):
				row.idx = index
		years = [row.year for row in self.yearly_rate_years]
		if len(years) != len(set(years)):
			frappe.throw(_("Each year at the yearly kilometre rate is listed once."), AllowanceRegimeError)
		regime = payouts.regime_of(self)
		try:
			validate_regime(regime)
		except DomainError as error:
			throw_domain_error(error, AllowanceRegimeError)
		missing = payouts.missing_figures(regime)
		if missing:
			valid_from, fieldname = missing[0]
			frappe.throw(
				_("The row from {0} needs {1}: this kind of regime always has it.").format(
					frappe.utils.formatdate(valid_from),
					_(frappe.get_meta("Allowance Ceiling").get_label(fieldname)),
				),
				AllowanceRegimeError,
			)
		self.figures_until = figures_until(regime)
