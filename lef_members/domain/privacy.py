"""Privacy rules: consent withdrawal, and when personal data of a member who left goes.

Plain values in, plain values out; the framework's edge (``lef_members.lef_members.privacy``) reads and
writes the records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from lef_members.domain.errors import _
from lef_members.domain.members import ACTIVE, CANDIDATE, IN_TRAINING, INTAKE, LEFT, PAUSED
from lef_members.domain.triage import retention_cutoff

# Fields of a member that are personal (identity, contact, health, money) and go when the member
# is anonymised. Their hour logs, invitations, enrolments and payouts stay, under a placeholder name.
MEMBER_PERSONAL_FIELDS = (
	"last_name",
	"email",
	"phone",
	"date_of_birth",
	"address_line",
	"postcode",
	"municipality",
	"iban",
	"account_holder",
	"invoice_reference",
	"benefit_status",
	"doctor_permission_date",
	"unemployment_declaration_date",
	"c45b_term_ends",
	"ocmw_informed_date",
	"leaving_reason",
	"confidential_notes",
	"calendar_nonce",
	# The member's own pace, and the copy of their child rows matching reads (health themes).
	"rest_days_after_heavy",
	"last_intervision_on",
	"intervision_invited_on",
	"matching_profile",
)
# Tables that describe the person (health themes, availability, absences with reasons).
MEMBER_PERSONAL_TABLES = (
	"themes",
	"skills",
	"target_groups",
	"languages",
	"availability",
	"absences",
	"declined_audiences",
)
ANONYMOUS_NAME = "Anonymised member"
# Numbers that cannot be empty in the database: set to zero.
MEMBER_ZEROED_FIELDS = ("latitude", "longitude")


@dataclass(frozen=True)
class Withdrawal:
	"""What withdrawing consent means for a member in ``status``."""

	record: bool  # store the date of withdrawal
	coordinator_must_act: bool  # pause or end the membership: no new work without consent
	suggested_status: str | None
	message: str  # for the member, untranslated


def withdraw_consent(status: str, consent_date: date | None, already_withdrawn: date | None) -> Withdrawal:
	"""The rule: a member may always withdraw; it is recorded once, and while the member could
	still be asked for work (candidate to paused) the coordinator must pause or end the
	membership. Money records stay (the law keeps them); nothing else is processed for new work.
	"""
	if already_withdrawn:
		return Withdrawal(
			False, False, None, _("You withdrew your consent before. A coordinator contacts you.")
		)
	if status == LEFT:
		return Withdrawal(
			True, False, None, _("Your consent is withdrawn. Your membership had already ended.")
		)
	suggested = LEFT if status in (CANDIDATE, INTAKE) else PAUSED if status in (ACTIVE, IN_TRAINING) else None
	if status == PAUSED:
		suggested = LEFT
	return Withdrawal(
		True,
		True,
		suggested,
		_(
			"Your consent is withdrawn. You get no new invitations; a coordinator contacts you about "
			"ending or pausing your membership."
		),
	)


def may_be_invited(consent_withdrawn_on: date | None) -> bool:
	"""A member who withdrew consent is asked for no new work."""
	return consent_withdrawn_on is None


def themes_to_name(
	themes: Iterable[tuple[str, bool]],
	wished: Iterable[str] = (),
	consent_withdrawn_on: date | None = None,
) -> list[str]:
	"""The experience themes of a member that an organisation may read (health data, GDPR art. 9).

	``themes`` holds (theme, may_be_named) of the member. Only themes the member lets the forum
	name, only while the member consents, and, when the assignment wished for themes, only those
	among them. Each once, in the member's order.
	"""
	if consent_withdrawn_on:
		return []
	wished = set(wished)
	named: list[str] = []
	for name, may_be_named in themes:
		if may_be_named and (not wished or name in wished) and name not in named:
			named.append(name)
	return named


def members_due_for_anonymising(today: date, months: int, members: list[dict]) -> list[str]:
	"""Names of members who left before the retention cutoff and are not anonymised yet.

	``members`` holds dicts with ``name``, ``status``, ``left_on`` and ``anonymised_on``.
	A member without a leaving date is never picked: we cannot tell how long ago they left.
	"""
	cutoff = retention_cutoff(today, months)
	if cutoff is None:
		return []
	return [
		m["name"]
		for m in members
		if m.get("status") == LEFT
		and m.get("left_on")
		and m["left_on"] < cutoff
		and not m.get("anonymised_on")
	]
