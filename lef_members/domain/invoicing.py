"""The books beside the forum's own records: a billing statement's invoice and a payout's journal
entry, equal to them to the cent, and kept in step with them.

The accounting app (ERPNext) rounds a line's rate to its currency's two decimals and computes
the amount from it. A statement line such as 30 km at EUR 0.4269 (EUR 12.81) would become
30 x 0.43 = EUR 12.90 there. :func:`invoice_lines` hands over a quantity and rate whose product
is the statement's amount to the cent, or else the amount itself as one unit with the quantity
and rate named in the description.

:func:`on_statement_cancel` says what happens to the invoice when its statement is cancelled, and
:func:`invoice_state` how the statement names the invoice's state. Nothing here reads a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from lef_members.domain.errors import DomainError, _

CENT = Decimal("0.01")


def cents(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StatementLine:
	description: str
	quantity: Decimal
	rate: Decimal
	amount: Decimal


@dataclass(frozen=True)
class InvoiceLine:
	description: str
	qty: Decimal
	rate: Decimal  # two decimals: what the invoice keeps
	amount: Decimal


def _plain(value: Decimal) -> str:
	text = format(value.normalize(), "f")
	return text


def invoice_lines(lines: Iterable[StatementLine], fallback: str = "") -> list[InvoiceLine]:
	"""The invoice's lines for a statement's: each amount kept to the cent.

	A line whose rate has at most two decimals is handed over as it is. Otherwise, when the
	rate rounded to the cent still gives the amount, that rate is used; when it does not, the
	line becomes one unit at the amount, the description naming the quantity and the rate.
	Lines of zero are left out; a statement of zero gets one line of zero (``fallback``).
	"""
	result = []
	for line in lines:
		amount = cents(line.amount)
		if not amount:
			continue
		quantity = Decimal(str(line.quantity or 0))
		rate = Decimal(str(line.rate or 0))
		rounded = rate.quantize(CENT, rounding=ROUND_HALF_UP)
		if quantity and (quantity * rounded).quantize(CENT, rounding=ROUND_HALF_UP) == amount:
			result.append(InvoiceLine(line.description, quantity, rounded, amount))
		else:
			described = f"{line.description} ({_plain(quantity)} x {_plain(rate)})"
			result.append(InvoiceLine(described, Decimal(1), amount, amount))
	if not result:
		result.append(InvoiceLine(fallback, Decimal(1), Decimal(0), Decimal(0)))
	return result


def net_total(lines: Sequence[InvoiceLine]) -> Decimal:
	return sum(((line.qty * line.rate).quantize(CENT, rounding=ROUND_HALF_UP) for line in lines), Decimal(0))


# --- the invoice's state, and cancelling the statement ------------------------------------------

NO_INVOICE = ""
DRAFT = "Draft"
SUBMITTED = "Submitted"
PARTLY_PAID = "Partly Paid"
PAID = "Paid"
CANCELLED = "Cancelled"
FAILED = "Failed"
STATES = (NO_INVOICE, DRAFT, SUBMITTED, PARTLY_PAID, PAID, CANCELLED, FAILED)

DELETE = "delete"
CANCEL = "cancel"
NOTHING = "nothing"


def invoice_state(docstatus: int | None, grand_total, outstanding) -> str:
	"""The state the statement shows of its invoice."""
	if docstatus is None:
		return NO_INVOICE
	if docstatus == 0:
		return DRAFT
	if docstatus == 2:
		return CANCELLED
	total, due = cents(grand_total), cents(outstanding)
	if due <= 0 and total > 0:
		return PAID
	if due < total:
		return PARTLY_PAID
	return SUBMITTED


def on_statement_cancel(state: str, invoice: str = "") -> str:
	"""What cancelling a statement does to its invoice: delete a draft, cancel a submitted one
	nobody paid, and refuse while a payment stands against it (raises :class:`DomainError`)."""
	if state == DRAFT:
		return DELETE
	if state == SUBMITTED:
		return CANCEL
	if state in (PAID, PARTLY_PAID):
		raise DomainError(
			_(
				"Sales Invoice {invoice} has a payment against it. Cancel the payment in ERPNext first; then cancel this statement."
			),
			field="sales_invoice",
			invoice=invoice,
		)
	return NOTHING


# --- a payout in the books -------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalLine:
	account: str
	debit: Decimal
	credit: Decimal
	regime: str = ""


def payout_journal_lines(
	amounts: Iterable[tuple[str, object]],
	expense_accounts: Mapping[str, str | None],
	credit_account: str | None,
) -> list[JournalLine]:
	"""One debit line per regime (its volunteer-allowance expense account) and one credit line
	(the bank or payable account), equal to the payout's amounts to the cent.

	``amounts`` are (regime, amount) pairs, one per member paid. Raises :class:`DomainError`
	naming what is missing: a regime without an expense account, or no account to credit.
	"""
	if not credit_account:
		raise DomainError(
			_("Choose the account the payouts are paid from in LEF Settings."), field="payout_credit_account"
		)
	per_regime: dict[str, Decimal] = {}
	for regime, amount in amounts:
		per_regime[regime] = per_regime.get(regime, Decimal(0)) + cents(amount)
	missing = sorted(
		regime for regime, total in per_regime.items() if total and not expense_accounts.get(regime)
	)
	if missing:
		raise DomainError(
			_("Give the allowance regime {regimes} an expense account first."),
			field="expense_account",
			regimes=missing,
		)
	lines = [
		JournalLine(expense_accounts[regime], total, Decimal(0), regime)
		for regime, total in sorted(per_regime.items())
		if total
	]
	total = sum((line.debit for line in lines), Decimal(0))
	if total:
		lines.append(JournalLine(credit_account, Decimal(0), total))
	return lines
