# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""An allowance payout for a period: every approved, unpaid hour log, computed per member
through the domain, with what the ceilings held back and why.

The lines and the member statements are records of their own (Allowance Payout Line,
Allowance Payout Member), written with one bulk insert each: a payout over 50,000 logs runs
a fixed number of queries. A draft shows the computation; submitting computes again under
locks and marks the logs paid; cancelling releases them.

Two payouts submitted at the same moment never pay a log twice: submissions are serialised
(a lock on one row every submission takes first), the logs are read with ``FOR UPDATE`` and
the amounts already paid with a locking read, so the second submission sees what the first
committed; the logs are then marked with a conditional update that must touch every one.
"""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _, _lt
from frappe.model.document import Document
from frappe.utils import getdate

from lef_members import payouts
from lef_members.domain import allowances as money

CHUNK = 5000


class PayoutError(frappe.ValidationError):
	"""A payout that cannot be submitted as it stands (nothing to pay, a log paid meanwhile)."""


class AllowancePayout(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		claimed_total: DF.Currency
		execution_date: DF.Date | None
		from_date: DF.Date
		held_total: DF.Currency
		log_count: DF.Int
		member_count: DF.Int
		naming_series: DF.Literal["LEF-PAY-.YYYY.-.#####"]
		paid_total: DF.Currency
		posting_date: DF.Date
		problems: DF.Text | None
		sepa_count: DF.Int
		sepa_file: DF.Attach | None
		sepa_skipped: DF.Text | None
		sepa_total: DF.Currency
		summary_html: DF.HTML | None
		to_date: DF.Date
	# end: auto-generated types

	def validate(self) -> None:
		if getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(_("The period ends before it starts."), PayoutError)

	def on_update(self) -> None:
		# A draft shows its computation: computed on every save (and with "Recompute").
		if self.docstatus == 0 and not self.flags.computing:
			self.compute(save=True)

	@frappe.whitelist()
	def recompute(self) -> None:
		"""Compute the draft again (after logs were approved or figures entered)."""
		self.check_permission("write")
		if self.docstatus != 0:
			frappe.throw(_("Only a draft payout is computed again."), PayoutError)
		self.compute(save=True)

	def compute(self, lock: bool = False, save: bool = False) -> payouts.PeriodResult:
		result = payouts.compute_period(getdate(self.from_date), getdate(self.to_date), lock=lock)
		self._write(result)
		if save:
			self.flags.computing = True
			self.db_update()
			self.flags.computing = False
			self.notify_update()
		return result

	def before_submit(self) -> None:
		# Serialise payout submissions: each takes this one row lock first (released at commit).
		frappe.db.sql("select name from `tabDocType` where name='Allowance Payout' for update")
		self.flags.result = self.compute(lock=True)
		if not self.flags.result.paid_logs:
			frappe.throw(
				_("Nothing to pay: no approved, unpaid hour log in this period could be computed."),
				PayoutError,
			)

	def on_submit(self) -> None:
		logs = self.flags.result.paid_logs
		marked = 0
		for start in range(0, len(logs), CHUNK):
			chunk = logs[start : start + CHUNK]
			frappe.db.sql(
				"""update `tabHour Log` set payout=%s
				where name in %s and docstatus=1 and ifnull(payout, '')=''""",
				(self.name, tuple(chunk)),
			)
			marked += frappe.db._cursor.rowcount
		if marked != len(logs):
			frappe.throw(
				_("Some logs were paid by another payout in the meantime. Nothing was paid: submit again."),
				PayoutError,
			)
		self.send_ceiling_alerts(self.flags.result)

	def before_cancel(self) -> None:
		frappe.db.sql("select name from `tabDocType` where name='Allowance Payout' for update")

	def on_cancel(self) -> None:
		frappe.db.sql("update `tabHour Log` set payout=NULL where payout=%s", (self.name,))

	def on_trash(self) -> None:
		for doctype in ("Allowance Payout Line", "Allowance Payout Member"):
			frappe.db.delete(doctype, {"payout": self.name})

	def onload(self) -> None:
		self.set_onload("summary", self.summary())

	# --------------------------------------------------------------------- writing

	def _write(self, result: payouts.PeriodResult) -> None:
		frappe.db.delete("Allowance Payout Line", {"payout": self.name})
		frappe.db.delete("Allowance Payout Member", {"payout": self.name})
		now = frappe.utils.now()
		user = frappe.session.user
		meta = {"creation": now, "modified": now, "owner": user, "modified_by": user, "docstatus": 0}
		member_rows, line_rows, problems = [], [], []
		claimed = paid = held = Decimal(0)
		log_count = 0
		for item in result.members:
			member = item.member
			due = item.due
			if due is None:
				problems.append(_("{0}: {1}").format(member.full_name or member.name, item.error or ""))
			else:
				claimed += due.claimed_total
				paid += due.paid_total
				held += due.held_total
				log_count += len(item.logs)
				for line in due.lines:
					line_rows.append(
						{
							**meta,
							"name": frappe.generate_hash(length=12),
							"payout": self.name,
							"member": member.name,
							"member_name": member.full_name,
							"day": line.day,
							"kind": line.kind,
							"regime_kind": item.regime_kind,
							"hour_logs": ", ".join(line.logs),
							"quantity": line.quantity or 0,
							"rate": line.rate or 0,
							"claimed": line.claimed,
							"paid": line.paid,
							"held": line.held,
							"counts_toward": line.counts_toward,
							"km_counted": money.km_counted(line),
							"reasons": payouts.render_notes(line.reasons),
						}
					)
			member_rows.append(
				{
					**meta,
					"name": frappe.generate_hash(length=12),
					"payout": self.name,
					"member": member.name,
					"member_name": member.full_name,
					"regime": item.regime,
					"regime_kind": item.regime_kind,
					"invoice_reference": member.invoice_reference,
					"log_count": len(item.logs),
					"claimed": due.claimed_total if due else 0,
					"paid": due.paid_total if due else 0,
					"held": due.held_total if due else 0,
					"iban": member.iban,
					"account_holder": member.account_holder or member.full_name,
					"room_left": _room_text(due) if due else "",
					"warnings": payouts.render_notes(due.warnings) if due else "",
					"error": item.error or "",
				}
			)
		for doctype, rows in (("Allowance Payout Member", member_rows), ("Allowance Payout Line", line_rows)):
			_bulk_insert(doctype, rows)
		self.member_count = sum(1 for item in result.members if item.due is not None)
		self.log_count = log_count
		self.claimed_total = float(claimed)
		self.paid_total = float(paid)
		self.held_total = float(held)
		self.problems = "\n".join(problems) or None

	def summary(self, limit: int = 200) -> list[dict]:
		return frappe.get_all(
			"Allowance Payout Member",
			filters={"payout": self.name},
			fields=["name", "member", "member_name", "claimed", "paid", "held", "error", "transfer_status"],
			order_by="member_name asc",
			limit=limit,
		)

	# ------------------------------------------------------------------- warnings

	def send_ceiling_alerts(self, result: payouts.PeriodResult) -> None:
		"""Tell finance (one mail per payout) and each member (in the background) the first time
		80 % of a yearly ceiling is used."""
		from lef_members import notify

		alerts = []
		for item in result.members:
			if item.due is None:
				continue
			for note in item.due.warnings:
				if note.code == "ceiling_80" and note.params.get("newly_reached"):
					alerts.append((item.member.name, note))
		if not alerts:
			return
		notify.send(
			finance_users(),
			SUBJECT_CEILING_DIGEST,
			"ceiling_alert",
			{
				"message": "\n".join(note.render(_) for _member, note in alerts),
				"payout": self.name,
				"url": "",
			},
			reference_doctype="Allowance Payout",
			reference_name=self.name,
		)
		frappe.enqueue(
			"lef_members.lef_members.doctype.allowance_payout.allowance_payout.alert_members",
			queue="long",
			enqueue_after_commit=True,
			payout=self.name,
			alerts=[(member, note.template, dict(note.params)) for member, note in alerts],
		)

	# ------------------------------------------------------------------------ SEPA

	@frappe.whitelist()
	def make_sepa_file(self) -> dict:
		"""The pain.001 credit-transfer file for every member with a valid IBAN."""
		self.check_permission("write")
		from lef_members.payout_files import make_sepa_file

		return make_sepa_file(self)


SUBJECT_CEILING = _lt("Allowance ceiling: you have used 80 % this year")
SUBJECT_CEILING_DIGEST = _lt("Allowance ceilings: members at 80 % after payout {payout}")


def alert_members(payout: str, alerts: list) -> None:
	"""Background job: each member's own mail, in their language."""
	from lef_members import notify

	contacts = {
		row.name: row
		for row in frappe.get_all(
			"Expert by Experience",
			filters={"name": ("in", [member for member, _t, _p in alerts] or [""])},
			fields=["name", "email", "preferred_language"],
		)
	}
	for member, template, params in alerts:
		contact = contacts.get(member)
		if not contact or not contact.email:
			continue
		with notify.language(contact.preferred_language):
			message = money.Note("ceiling_80", template, params).render(_)
		notify.send(
			contact.email,
			SUBJECT_CEILING,
			"ceiling_alert",
			{"message": message, "url": frappe.utils.get_url("/lef/hours")},
			lang=contact.preferred_language,
			reference_doctype="Allowance Payout",
			reference_name=payout,
		)


def _bulk_insert(doctype: str, rows: list[dict]) -> None:
	"""Insert many rows in a few statements (the driver packs them into multi-row INSERTs)."""
	if not rows:
		return
	fields = list(rows[0])
	columns = ", ".join(f"`{field}`" for field in fields)
	placeholders = ", ".join(["%s"] * len(fields))
	values = [
		tuple(str(v) if isinstance(v, Decimal) else v for v in (row[f] for f in fields)) for row in rows
	]
	frappe.db.sql("select 1")  # make sure the connection and transaction are open
	cursor = frappe.db._cursor
	for start in range(0, len(values), CHUNK):
		cursor.executemany(
			f"insert into `tab{doctype}` ({columns}) values ({placeholders})", values[start : start + CHUNK]
		)


def finance_users() -> list[str]:
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return list(
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.role == "LEF Finance")
		.where(has_role.parenttype == "User")
		.where(user.enabled == 1)
		.run(pluck=True)
	)


def _room_text(due: money.Due) -> str:
	labels = {
		money.YEAR_ALLOWANCE: _("allowance {year}: {left} left of {limit}"),
		money.MONTH_ALLOWANCE: _("allowance {month}/{year}: {left} left of {limit}"),
		money.YEAR_KM: _("kilometres {year}: {left} km left of {limit} km"),
		money.YEAR_TRANSPORT: _("transport {year}: {left} left of {limit}"),
	}
	return "\n".join(
		labels[item.ceiling].format(year=item.year, month=item.month, left=item.left, limit=item.limit)
		for item in due.room_left
	)
