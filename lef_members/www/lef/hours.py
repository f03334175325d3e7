"""Portal page: the member's hour logs, the room left under their allowance ceilings and their
allowance statements (/lef/hours)."""

import json

import frappe
from frappe import _, _lt
from frappe.utils import getdate, today

from lef_members.api.portal import get_my_member
from lef_members.domain import allowances as money
from lef_members.lef_hours import hour_logs, payouts
from lef_members.utilities import reader

no_cache = 1

ROOM_LABELS = {
	money.YEAR_ALLOWANCE: _lt("Allowance this year"),
	money.MONTH_ALLOWANCE: _lt("Allowance this month"),
	money.YEAR_KM: _lt("Kilometres beside the flat rate this year"),
	money.YEAR_TRANSPORT: _lt("Transport beside the flat rate this year"),
}


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("You need to be logged in to access this page"), frappe.PermissionError)
	member = get_my_member()
	on = getdate(today())
	context.title = _("My Hours")
	context.logs = frappe.get_all(
		"Hour Log",
		filters={"member": member.name},
		fields=[
			"name",
			"assignment",
			"assignment_title",
			"session_date",
			"status",
			"docstatus",
			"preparation_hours",
			"execution_hours",
			"travel_hours",
			"debrief_hours",
			"total_hours",
			"transport_mode",
			"kilometres",
			"ticket_amount",
			"other_costs",
			"receipt",
			"remarks",
			"sent_back_reason",
			"payout",
			"moved_in",
			"waiting_parts",
			"waiting_reasons",
		],
		order_by="session_date desc, creation desc",
	)
	for log in context.logs:
		log.editable = log.docstatus == 0 and log.status in hour_logs.MEMBER_EDITABLE
		log.receipt_name = (log.receipt or "").rsplit("/", 1)[-1]
		log.waiting_text = waiting_text(log.waiting_reasons) if log.waiting_parts else ""
		log.pop("waiting_reasons", None)
		log.session_date = str(log.session_date)
	accepted = hour_logs.accepted_assignments(member.name)
	context.assignments = []
	if accepted:
		titles = dict(
			frappe.get_all(
				"Assignment", filters={"name": ("in", list(accepted))}, fields=["name", "title"], as_list=True
			)
		)
		dates = frappe.get_all(
			"Assignment Session",
			filters={
				"parenttype": "Assignment",
				"parent": ("in", list(accepted)),
				"session_date": ("<=", on),
			},
			fields=["parent", "session_date"],
			order_by="session_date desc",
		)
		by_assignment = {}
		for row in dates:
			by_assignment.setdefault(row.parent, []).append(str(row.session_date))
		context.assignments = [
			{"name": name, "title": titles.get(name) or name, "dates": by_assignment.get(name, [])}
			for name in accepted
		]
	context.room, context.room_problem = room_rows(member, on)
	context.statements = frappe.db.sql(
		"""select m.name, m.payout, m.paid, m.held, p.from_date, p.to_date
		from `tabAllowance Payout Member` m join `tabAllowance Payout` p on p.name = m.payout
		where m.member = %s and p.docstatus = 1 order by p.to_date desc""",
		(member.name,),
		as_dict=True,
	)
	context.elsewhere = frappe.get_all(
		"Allowance Received Elsewhere",
		filters={"member": member.name, "year": (">=", on.year - 1)},
		fields=["name", "year", "organisation", "days", "amount", "kilometres", "note", "recorded_by_member"],
		order_by="year desc, creation desc",
	)
	context.this_year = on.year
	context.transport_modes = ["", "Car", "Motorbike", "Moped", "Bicycle", "Public transport", "On foot"]
	context.today = str(on)
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context


def room_rows(member, on) -> tuple[list[dict], str | None]:
	"""The room left under each ceiling, formatted for a portal page (also the portal home's)."""
	room, room_problem = payouts.room_left_for(member, on)
	rows = [
		{
			"label": str(ROOM_LABELS.get(item.ceiling, item.ceiling)),
			"left": reader.lef_km(item.left)
			if item.ceiling == money.YEAR_KM
			else reader.lef_money(item.left),
			"limit": reader.lef_km(item.limit)
			if item.ceiling == money.YEAR_KM
			else reader.lef_money(item.limit),
			"share": int(item.used * 100 / item.limit) if item.limit else 0,
			"elsewhere": (
				reader.lef_km(item.elsewhere)
				if item.ceiling == money.YEAR_KM
				else reader.lef_money(item.elsewhere)
			)
			if item.elsewhere
			else None,
		}
		for item in room
	]
	return rows, room_problem


def waiting_text(reasons: str | None) -> str:
	"""What of a log is still to come, in the member's words: which parts, and which figure the forum
	waits for (the law's amounts for a year, or the kilometre rate for a vehicle)."""
	try:
		items = json.loads(reasons or "[]")
	except ValueError:
		items = []
	parts = sorted({item["part"] for item in items}, key=money.PARTS.index)
	figures = []
	for item in items:
		if item.get("figure") == "km_rate":
			text = _("the kilometre rate for {0}").format(_(item.get("mode") or "Car"))
		else:
			text = _("the amounts set by law for {0}").format(item.get("year"))
		if text not in figures:
			figures.append(text)
	if not parts:
		return ""
	return _("Paid in part. Still to come: {0}. The forum is waiting for {1}.").format(
		", ".join(_(money.PART_LABELS[part]).lower() for part in parts), ", ".join(figures)
	)
