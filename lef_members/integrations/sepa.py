"""The SEPA credit-transfer file (pain.001.001.03) for an allowance payout, through sepaxml.

pain.001.001.03 is what Belgian and Dutch banks accept for uploads and what sepaxml
writes by default. Every line with a valid IBAN and a positive amount in whole cents
goes into the file; every other line comes back in ``skipped`` with the reason, so
finance sees it and pays it another way. Nothing is dropped silently, nothing guessed:
an amount with fractions of a cent is skipped, not rounded. The file is validated
against the XML schema sepaxml ships before it is returned.

No framework here: plain values in, bytes out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sepaxml import SepaTransfer

from lef_members.domain.errors import InvalidValueError, _
from lef_members.domain.identifiers import is_valid_iban, normalize_iban

SCHEMA = "pain.001.001.03"
CENT = Decimal("0.01")
# BIC of the schema: bank (4 letters), country (2 letters), location (2), optional branch (3).
_BIC_RE = re.compile(r"^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$")
# End-to-end id: 1-35 characters of the SEPA Latin set, not starting or ending with "/"
# and without "//" (EPC implementation guidelines).
_E2E_RE = re.compile(r"^[A-Za-z0-9+?.,:()' -]([A-Za-z0-9/+?.,:()' -]{0,33}[A-Za-z0-9+?.,:()' -])?$")


@dataclass(frozen=True)
class TransferLine:
	"""One payment to a member. ``amount`` in euro, exactly in cents."""

	member: str
	name: str
	iban: str | None
	amount: Decimal
	end_to_end_id: str
	remittance: str


@dataclass(frozen=True)
class SkippedLine:
	line: TransferLine
	template: str
	params: dict[str, object] = field(default_factory=dict)

	def render(self, translate=None) -> str:
		template = translate(self.template) if translate else self.template
		return template.format(**self.params)


@dataclass(frozen=True)
class SepaFile:
	"""The file (``None`` when no line could go in), what is in it and what was left out."""

	xml: bytes | None
	message_id: str | None
	included: tuple[TransferLine, ...]
	skipped: tuple[SkippedLine, ...]
	control_sum: Decimal
	count: int


def to_cents(amount: Decimal) -> int:
	"""Euro to integer cents, exactly (sepaxml wants integers); fractions of a cent refuse."""
	cents = Decimal(amount) * 100
	if cents != cents.to_integral_value():
		raise InvalidValueError(
			_("{amount} is not an amount in euro and cents."), field="amount", amount=amount
		)
	return int(cents)


def _skip_reason(line: TransferLine, seen_ids: set[str]) -> SkippedLine | None:
	who = line.name or line.member
	if not is_valid_iban(line.iban):
		if not line.iban:
			return SkippedLine(
				line, _("{member} has no IBAN: pay by another way or enter it."), {"member": who}
			)
		return SkippedLine(
			line,
			_("The IBAN {iban} of {member} is not valid: check it before paying."),
			{"member": who, "iban": line.iban},
		)
	if not (line.name or "").strip():
		return SkippedLine(line, _("Member {member} has no name for the transfer."), {"member": line.member})
	try:
		cents = to_cents(line.amount)
	except InvalidValueError:
		return SkippedLine(
			line,
			_("The amount {amount} for {member} is not in euro and cents."),
			{"member": who, "amount": line.amount},
		)
	if cents <= 0:
		return SkippedLine(
			line,
			_("Nothing to transfer to {member} (amount {amount})."),
			{"member": who, "amount": line.amount},
		)
	if not _E2E_RE.match(line.end_to_end_id or "") or "//" in line.end_to_end_id:
		return SkippedLine(
			line,
			_(
				"The payment reference {reference} of {member} is not usable in a SEPA file (at most 35 letters, digits or / - ? : ( ) . , ' +)."
			),
			{"member": who, "reference": line.end_to_end_id},
		)
	if line.end_to_end_id in seen_ids:
		return SkippedLine(
			line,
			_("The payment reference {reference} of {member} is already used in this file."),
			{"member": who, "reference": line.end_to_end_id},
		)
	return None


def build_credit_transfer(
	debtor_name: str,
	debtor_iban: str,
	lines: Iterable[TransferLine],
	execution_date: date,
	debtor_bic: str | None = None,
	currency: str = "EUR",
) -> SepaFile:
	"""A pain.001 file paying every usable line; the others are returned as skipped.

	Raises :class:`InvalidValueError` when the forum's own account (IBAN, BIC, name) is
	wrong: then no file can be made at all.
	"""
	if not (debtor_name or "").strip():
		raise InvalidValueError(_("Enter the forum's name for the transfer file."), field="debtor_name")
	debtor_iban = normalize_iban(debtor_iban)
	config: dict[str, object] = {
		"name": debtor_name.strip(),
		"IBAN": debtor_iban,
		"batch": True,
		"currency": currency,
	}
	if debtor_bic:
		bic = debtor_bic.replace(" ", "").upper()
		if not _BIC_RE.match(bic):
			raise InvalidValueError(_("BIC {bic} is not valid."), field="debtor_bic", bic=debtor_bic)
		config["BIC"] = bic

	included: list[TransferLine] = []
	skipped: list[SkippedLine] = []
	seen_ids: set[str] = set()
	for line in lines:
		reason = _skip_reason(line, seen_ids)
		if reason:
			skipped.append(reason)
			continue
		seen_ids.add(line.end_to_end_id)
		included.append(line)

	total = sum((Decimal(line.amount) for line in included), Decimal(0))
	if not included:
		return SepaFile(None, None, (), tuple(skipped), total, 0)

	transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
	for line in included:
		transfer.add_payment(
			{
				"name": line.name.strip(),
				"IBAN": normalize_iban(line.iban),
				"amount": to_cents(line.amount),
				"execution_date": execution_date,
				"description": (line.remittance or line.end_to_end_id).strip(),
				"endtoend_id": line.end_to_end_id,
			}
		)
	xml = transfer.export(validate=True)
	return SepaFile(xml, transfer.msg_id, tuple(included), tuple(skipped), total, len(included))
