# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""An allowance payout for a period: every approved, unpaid hour log, computed per member
through the domain, with what the ceilings held back and why.

The lines and the member statements are records of their own (Allowance Payout Line,
Allowance Payout Member), written with multi-row inserts: a payout over 50,000 logs runs
a fixed number of queries. A draft shows the computation; cancelling releases the logs.

Submitting checks, under locks, that nothing the draft was computed from has changed: the
draft stores a fingerprint of its inputs (the logs and their content, the members' money
facts, the regimes and ceilings, the payouts the year-to-date amounts come from; see
:func:`lef_members.lef_hours.payouts.inputs`), shared and per member. When the fingerprint taken
under the locks is the draft's, the draft's lines are what a new computation would give and
are paid as they stand; when only some members' inputs changed (a log approved since the
draft), those members are computed again under the locks and their lines replaced; when the
shared inputs changed (the period's regimes), the whole payout is computed again. Either way
the logs are then marked paid.

Two payouts submitted at the same moment never pay a log twice: submissions are serialised
(a lock on one row every submission takes first), the logs are read with ``FOR UPDATE`` and
the amounts already paid with a locking read, so the second submission sees what the first
committed; the logs are then marked with a conditional update that must touch every one.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import frappe
from frappe import _, _lt
from frappe.model.document import Document
from frappe.utils import getdate

from lef_members.domain import allowances as money
from lef_members.domain.formats import format_date
from lef_members.integrations.erpnext.journal import before_payout_cancel, make_journal_entry
from lef_members.lef_hours import next_year_figures, payouts
from lef_members.lef_hours.payout_files import make_sepa_file
from lef_members.utilities import database, notify
from lef_members.utilities.reader import for_reader

if TYPE_CHECKING:
	from collections.abc import Iterable


class PayoutError(frappe.ValidationError):
	"""A payout that cannot be submitted as it stands (nothing to pay, a log paid meanwhile)."""


class AllowancePayout(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.
	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		ceiling_alerts: DF.LongText | None
		claimed_total: DF.Currency
		execution_date: DF.Date | None
		fingerprint: DF.Data | None
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

	def compute(
		self,
		lock: bool = False,
		save: bool = False,
		members: set[str] | None = None,
		inputs: payouts.Inputs | None = None,
	) -> payouts.PeriodResult:
		"""Compute the payout (``members``: only theirs, the other members' lines stand)."""
		from_date, to_date = getdate(self.from_date), getdate(self.to_date)
		# Taken first: under ``lock`` the locks it takes keep its inputs as they are until commit;
		# without, it reads the same snapshot of the transaction as the computation.
		inputs = inputs or payouts.inputs(from_date, to_date, lock=lock)
		self.fingerprint = inputs.fingerprint
		result = payouts.compute_period(from_date, to_date, lock=lock, members=members)
		self._write(result, inputs.members, only=members)
		if save:
			self.flags.computing = True
			self.db_update()
			self.flags.computing = False
			self.notify_update()
		return result

	# The draft's own results: read from the database at submission, never from the request.
	COMPUTED = (
		"fingerprint",
		"ceiling_alerts",
		"member_count",
		"log_count",
		"claimed_total",
		"paid_total",
		"held_total",
		"problems",
	)

	def before_submit(self) -> None:
		# Serialise payout submissions: each takes this one row lock first (released at commit).
		frappe.db.sql("select name from `tabDocType` where name='Allowance Payout' for update")
		drafted = frappe.db.get_value(
			"Allowance Payout", self.name, list(self.COMPUTED), as_dict=True, for_update=True
		)
		now = payouts.inputs(getdate(self.from_date), getdate(self.to_date), lock=True)
		if drafted and drafted.fingerprint == now.fingerprint:
			# Nothing the draft read has changed: its lines stand.
			self.update({field: drafted[field] for field in self.COMPUTED})
			return self._check_something_to_pay()
		changed = None
		if drafted:
			stored = dict(
				frappe.get_all(
					"Allowance Payout Member",
					filters={"payout": self.name},
					fields=["member", "inputs_digest"],
					as_list=True,
				)
			)
			changed = now.changed_members(drafted.fingerprint, stored)
			if changed is not None:
				# The other members' rows, totals and alerts are the draft's, as stored.
				self.update({field: drafted[field] for field in self.COMPUTED})
		# Only the members whose inputs changed are computed again; everyone when the shared
		# inputs (the period's regimes) changed.
		self.compute(lock=True, members=changed, inputs=now)
		self._check_something_to_pay()

	def _check_something_to_pay(self) -> None:
		if not self.log_count:
			frappe.throw(
				_("Nothing to pay: no approved, unpaid hour log in this period could be computed."),
				PayoutError,
			)
		if not self.claimed_total and frappe.db.exists(
			"Allowance Payout Member", {"payout": self.name, "waiting_data": ("is", "set")}
		):
			frappe.throw(
				_(
					"Nothing to pay yet: what the logs of this period claim waits for legal figures. Enter them first (each member's row says which)."
				),
				PayoutError,
			)

	def on_submit(self) -> None:
		self._settle_logs()
		self.send_ceiling_alerts()
		waiting = [item for items in self._waiting_by_log().values() for item in items]
		if waiting:
			next_year_figures.notify_waiting(self.name, waiting)
		# With ERPNext and the option in LEF Settings: a draft Journal Entry of the payout.
		make_journal_entry(self)

	def _settle_logs(self) -> None:
		"""Mark what this payout paid. A log with nothing waiting is settled (``payout``); a log
		with parts that wait for a figure keeps them waiting, with the parts paid now recorded
		(``paid_parts``), so the first payout after the figure is entered pays those parts only.
		Under the locks taken before, these are exactly the logs the lines were computed from."""
		values = {"payout": self.name, "from": getdate(self.from_date), "to": getdate(self.to_date)}
		rows = frappe.db.sql(
			f"""select name, paid_parts from `tabHour Log`
			where {payouts._UNSETTLED} and member in (
				select member from `tabAllowance Payout Member`
				where payout = %(payout)s and ifnull(error, '') = ''
			) for update""",
			values,
		)
		if len(rows) != self.log_count:
			frappe.throw(
				_("Some logs were paid by another payout in the meantime. Nothing was paid: submit again."),
				PayoutError,
			)
		waiting = self._waiting_by_log()
		plain = [name for name, paid in rows if not paid and name not in waiting]
		if plain:
			frappe.db.sql(
				"update `tabHour Log` set payout = %(payout)s where name in %(names)s and ifnull(payout, '') = ''",
				{"payout": self.name, "names": tuple(plain)},
			)
			if database.rows_changed() != len(plain):
				frappe.throw(
					_(
						"Some logs were paid by another payout in the meantime. Nothing was paid: submit again."
					),
					PayoutError,
				)
		lang = frappe.db.get_default("lang")
		for name, paid_text in rows:
			if not paid_text and name not in waiting:
				continue
			paid = payouts.parts_paid(paid_text)
			waits = waiting.get(name, [])
			waiting_parts = {w["part"] for w in waits}
			for part in money.ALL_PARTS - set(paid) - waiting_parts:
				paid[part] = self.name
			done = not waiting_parts
			frappe.db.set_value(
				"Hour Log",
				name,
				{
					"payout": self.name if done else None,
					"paid_parts": json.dumps(paid, sort_keys=True),
					"waiting_parts": ",".join(sorted(waiting_parts)),
					"waiting_reasons": json.dumps(waits) if waits else None,
					"waiting_for": "\n".join(_(w["template"], lang=lang).format(**w["params"]) for w in waits)
					or None,
				},
				update_modified=False,
			)

	def _waiting_by_log(self) -> dict[str, list[dict]]:
		waiting: dict[str, list[dict]] = {}
		for data in frappe.get_all(
			"Allowance Payout Member",
			filters={"payout": self.name, "error": ("in", ["", None]), "waiting_data": ("is", "set")},
			pluck="waiting_data",
		):
			for item in json.loads(data or "[]"):
				waiting.setdefault(item["log"], []).append(item)
		return waiting

	def before_cancel(self) -> None:
		frappe.db.sql("select name from `tabDocType` where name='Allowance Payout' for update")

		before_payout_cancel(self)

	def on_cancel(self) -> None:
		"""Release what this payout paid: its settled logs, and the parts it paid of logs that wait."""
		rows = frappe.db.sql(
			"""select name, payout, paid_parts from `tabHour Log`
			where payout = %(payout)s or paid_parts like %(quoted)s for update""",
			{"payout": self.name, "quoted": f'%"{self.name}"%'},
		)
		for name, payout, _paid in rows:
			if payout and payout != self.name:
				frappe.throw(
					_(
						"Cancel payout {0} first: it paid the rest of hour log {1}, part of which this payout paid."
					).format(payout, name),
					PayoutError,
				)
		frappe.db.sql("update `tabHour Log` set payout=NULL where payout=%s", (self.name,))
		for name, _payout, paid_text in rows:
			paid = payouts.parts_paid(paid_text)
			kept = {part: by for part, by in paid.items() if by != self.name}
			if kept != paid:
				frappe.db.set_value(
					"Hour Log",
					name,
					"paid_parts",
					json.dumps(kept, sort_keys=True) if kept else None,
					update_modified=False,
				)

	def on_trash(self) -> None:
		for doctype in ("Allowance Payout Line", "Allowance Payout Member"):
			frappe.db.delete(doctype, {"payout": self.name})

	def onload(self) -> None:
		self.set_onload("summary", self.summary())

	# --------------------------------------------------------------------- writing
	def _write(
		self, result: payouts.PeriodResult, digests: dict[str, str], only: set[str] | None = None
	) -> None:
		"""Store the lines and member statements of ``result``: all of them, or (``only``) those of
		these members, the other members' rows left as they are."""
		scope = {"payout": self.name}
		if only is not None:
			scope["member"] = ("in", list(only) or [""])
		frappe.db.delete("Allowance Payout Line", scope)
		frappe.db.delete("Allowance Payout Member", scope)
		now = frappe.utils.now()
		user = frappe.session.user
		meta = {"creation": now, "modified": now, "owner": user, "modified_by": user, "docstatus": 0}
		member_rows, line_rows, problems, alerts = [], [], [], []
		# Lines are numbered per write; a partial write numbers its own under a tag of its own.
		prefix = self.name if only is None else f"{self.name}-{frappe.generate_hash(length=6)}"
		# Reasons, warnings and room left are printed on the member's statement: in the member's
		# language (the statement is printed in it too), else the print format's.
		translators: dict = {}
		claimed = paid = held = Decimal(0)
		log_count = 0
		for item in result.members:
			member = item.member
			lang = member.get("preferred_language") or None
			translate = translators.get(lang)
			if translate is None:
				translate = translators[lang] = payouts.print_language("Allowance Statement", lang)
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
						(
							f"{prefix}-{len(line_rows) + 1:06d}",
							member.name,
							member.full_name,
							line.day,
							line.kind,
							item.regime_kind,
							", ".join(line.logs),
							line.quantity or 0,
							line.rate or 0,
							line.claimed,
							line.paid,
							line.held,
							line.counts_toward,
							money.km_counted(line),
							payouts.render_notes(line.reasons, translate) if line.reasons else "",
						)
					)
				for note in due.warnings:
					if note.code == "ceiling_80" and note.params.get("newly_reached"):
						alerts.append((member.name, note.template, _plain(note.params)))
			member_rows.append(
				{
					"name": frappe.generate_hash(length=12),
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
					"room_left": _room_text(due, translate) if due else "",
					"warnings": payouts.render_notes(due.warnings, translate) if due else "",
					"error": item.error or "",
					"inputs_digest": digests.get(member.name, ""),
					"waiting": waiting_text(due.waiting, translate) if due else "",
					"waiting_data": json.dumps(waiting_data(due.waiting)) if due and due.waiting else None,
				}
			)
		constants = {**meta, "payout": self.name}
		if member_rows:
			database.bulk_insert(
				"Allowance Payout Member",
				list(member_rows[0]),
				[tuple(row.values()) for row in member_rows],
				constants,
			)
		database.bulk_insert("Allowance Payout Line", LINE_COLUMNS, line_rows, constants)
		if only is not None:
			return self._totals_after_partial(only, alerts)
		self.member_count = sum(1 for item in result.members if item.due is not None)
		self.log_count = log_count
		self.claimed_total = float(claimed)
		self.paid_total = float(paid)
		self.held_total = float(held)
		self.problems = "\n".join(problems) or None
		self.ceiling_alerts = json.dumps(alerts) if alerts else None

	def _totals_after_partial(self, only: set[str], alerts: list) -> None:
		"""The payout's totals, problems and alerts once some members were computed again: from
		all its member rows, in two queries."""
		totals = frappe.db.sql(
			"""select coalesce(sum(ifnull(error, '') = ''), 0),
				coalesce(sum(case when ifnull(error, '') = '' then log_count else 0 end), 0),
				coalesce(sum(claimed), 0), coalesce(sum(paid), 0), coalesce(sum(held), 0)
			from `tabAllowance Payout Member` where payout = %s""",
			(self.name,),
		)[0]
		self.member_count, self.log_count = int(totals[0]), int(totals[1])
		self.claimed_total, self.paid_total, self.held_total = (float(value) for value in totals[2:])
		problems = frappe.db.sql(
			"""select member_name, member, error from `tabAllowance Payout Member`
			where payout = %s and ifnull(error, '') != '' order by member""",
			(self.name,),
		)
		self.problems = (
			"\n".join(_("{0}: {1}").format(name or member, error) for name, member, error in problems) or None
		)
		kept = [alert for alert in json.loads(self.ceiling_alerts or "[]") if alert[0] not in only]
		self.ceiling_alerts = json.dumps(kept + alerts) if kept or alerts else None

	def summary(self, limit: int = 200) -> list[dict]:
		return frappe.get_all(
			"Allowance Payout Member",
			filters={"payout": self.name},
			fields=["name", "member", "member_name", "claimed", "paid", "held", "error", "transfer_status"],
			order_by="member_name asc",
			limit=limit,
		)

	# ------------------------------------------------------------------- warnings
	def send_ceiling_alerts(self) -> None:
		"""Tell finance (one mail per payout) and each member (in the background) the first time
		80 % of a yearly ceiling is used: the alerts of the computation being paid."""

		alerts = [
			(member, money.Note("ceiling_80", template, params))
			for member, template, params in json.loads(self.ceiling_alerts or "[]")
		]
		if not alerts:
			return
		notify.send(
			notify.finance_users(),
			SUBJECT_CEILING_DIGEST,
			"ceiling_alert",
			{
				"message": "\n".join(note.render(for_reader()) for _member, note in alerts),
				"payout": self.name,
				"url": "",
			},
			reference_doctype="Allowance Payout",
			reference_name=self.name,
		)
		frappe.enqueue(
			"lef_members.lef_hours.doctype.allowance_payout.allowance_payout.alert_members",
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

		return make_sepa_file(self)


ELSEWHERE_NOTE = _lt("(counting {0} received from other organisations)")
SUBJECT_CEILING = _lt("Allowance ceiling: you have used 80 % this year")
SUBJECT_CEILING_DIGEST = _lt("Allowance ceilings: members at 80 % after payout {payout}")


def alert_members(payout: str, alerts: list) -> None:
	"""Background job: each member's own mail, in their language."""
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
			message = money.Note("ceiling_80", template, params).render(for_reader())
		notify.send(
			contact.email,
			SUBJECT_CEILING,
			"ceiling_alert",
			{"message": message, "url": frappe.utils.get_url("/lef/hours")},
			lang=contact.preferred_language,
			reference_doctype="Allowance Payout",
			reference_name=payout,
		)


LINE_COLUMNS = (
	"name",
	"member",
	"member_name",
	"day",
	"kind",
	"regime_kind",
	"hour_logs",
	"quantity",
	"rate",
	"claimed",
	"paid",
	"held",
	"counts_toward",
	"km_counted",
	"reasons",
)


def waiting_data(waiting) -> list[dict]:
	"""What waits, as stored on the member's statement and then on each log: the reason's English
	template and its values, so each reader gets it in their own language."""
	return [
		{
			"log": item.log,
			"day": item.day.isoformat(),
			"part": item.part,
			"figure": item.figure,
			"regime": item.regime,
			"year": item.year,
			"mode": item.mode,
			"km": str(item.km),
			"template": item.reason.template,
			"params": _plain(item.reason.params),
		}
		for item in waiting
	]


def waiting_text(waiting, translate) -> str:
	"""One line per part that waits, in the statement's language."""
	return "\n".join(
		translate(money.WAITING_LINE).format(
			part=translate(money.PART_LABELS[item.part]),
			log=item.log,
			day=format_date(item.day, getattr(translate, "lang", None)),
			reason=money.Note(
				item.reason.code,
				item.reason.template,
				{**item.reason.params, **({"mode": translate(item.mode)} if item.mode else {})},
			).render(translate),
		)
		for item in waiting
	)


def _plain(params) -> dict:
	"""A note's values as JSON keeps them, rendering to the same text (amounts and dates as text)."""
	return {key: str(value) if isinstance(value, Decimal | date) else value for key, value in params.items()}


ROOM_LABELS = {
	money.YEAR_ALLOWANCE: _lt("allowance {year}: {left} left of {limit}"),
	money.MONTH_ALLOWANCE: _lt("allowance {month}/{year}: {left} left of {limit}"),
	money.YEAR_KM: _lt("kilometres {year}: {left} km left of {limit} km"),
	money.YEAR_TRANSPORT: _lt("transport {year}: {left} left of {limit}"),
}


def _room_text(due: money.Due, translate=_) -> str:
	"""The room left under each ceiling, one line each; amounts in euro, kilometres whole."""

	def figure(value: Decimal, ceiling: str) -> str:
		if ceiling == money.YEAR_KM:
			return frappe.utils.fmt_money(value, 0, None, "#.###")
		return frappe.utils.fmt_money(value, 2, "EUR", "#.###,##")

	def line(item: money.RoomLeft) -> str:
		text = translate(ROOM_LABELS[item.ceiling].msg).format(
			year=item.year,
			month=item.month,
			left=figure(item.left, item.ceiling),
			limit=figure(item.limit, item.ceiling),
		)
		if item.elsewhere:
			text += " " + translate(ELSEWHERE_NOTE.msg).format(figure(item.elsewhere, item.ceiling))
		return text

	return "\n".join(line(item) for item in due.room_left)
