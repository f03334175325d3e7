"""What a member's work changed: the assignments they did, with the feedback organisations
chose to share, per year, for the portal and as a PDF for their own portfolio.

Every query is set-based and filtered on the one member: the pages do not grow query by query
with a member's history.
"""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder.functions import Min, Sum
from frappe.utils import flt, getdate

from lef_members.domain import assignments as asg
from lef_members.domain import pace
from lef_members.lef_assignments.work import accepted_work

DONE_STATUSES = (asg.COMPLETED, asg.CLOSED)


def done_assignments(member: str, year: int | None = None, since=None) -> list[pace.DoneAssignment]:
	"""The member's done assignments (first day in ``year``, or from ``since``), in four queries."""
	query, expert, assignment, session = accepted_work(DONE_STATUSES)
	query = (
		query.select(
			assignment.name,
			assignment.title,
			assignment.evaluation_shared,
			assignment.evaluation_rating,
			assignment.evaluation_comment,
			Min(session.session_date).as_("first_day"),
		)
		.where(expert.member == member)
		.groupby(assignment.name)
	)
	rows = query.run(as_dict=True)
	rows = [
		r
		for r in rows
		if (year is None or getdate(r.first_day).year == year)
		and (since is None or getdate(r.first_day) >= since)
	]
	if not rows:
		return []
	names = [r.name for r in rows]
	log = frappe.qb.DocType("Hour Log")
	hours = dict(
		frappe.qb.from_(log)
		.select(log.assignment, Sum(log.total_hours))
		.where(log.member == member)
		.where(log.assignment.isin(names))
		.where(log.docstatus == 1)
		.groupby(log.assignment)
		.run()
	)
	own_themes = set(
		frappe.get_all(
			"Expert Theme",
			filters={"parenttype": "Expert by Experience", "parent": member},
			pluck="experience_theme",
		)
	)
	wished: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Assignment Theme",
		filters={"parenttype": "Assignment", "parent": ("in", names)},
		fields=["parent", "experience_theme"],
	):
		wished.setdefault(row.parent, []).append(row.experience_theme)
	done = []
	for r in rows:
		# The rating is stored as a fraction of five stars.
		rating, comment = pace.shared_feedback(
			bool(r.evaluation_shared), round(flt(r.evaluation_rating) * 5), r.evaluation_comment
		)
		done.append(
			pace.DoneAssignment(
				assignment=r.name,
				title=r.title or r.name,
				first_day=getdate(r.first_day),
				hours=Decimal(str(flt(hours.get(r.name), 2))),
				themes=pace.spoken_themes(dict.fromkeys(own_themes), wished.get(r.name, ())),
				rating=rating,
				comment=comment,
			)
		)
	return sorted(done, key=lambda d: (d.first_day, d.assignment))


def year_context(member, year: int) -> frappe._dict:
	"""What the yearly overview page and its PDF show."""
	overview = pace.year_overview(year, done_assignments(member.name, year=year))
	return frappe._dict(
		member_name=member.full_name,
		year=year,
		overview=overview,
		rows=[
			{
				"title": a.title,
				"date": frappe.format(a.first_day, {"fieldtype": "Date"}),
				"hours": frappe.format(a.hours, {"fieldtype": "Float", "precision": 2}),
				"themes": ", ".join(_(t) for t in a.themes),
				"rating": a.rating,
				"comment": a.comment,
			}
			for a in overview.assignments
		],
		themes=[(_(theme), count) for theme, count in overview.themes],
		hours=frappe.format(overview.hours, {"fieldtype": "Float", "precision": 2}),
	)


def years_of(member: str) -> list[int]:
	"""The years a member has done assignments in, newest first (one query)."""
	query, expert, _assignment, session = accepted_work(DONE_STATUSES)
	rows = query.select(session.session_date).distinct().where(expert.member == member).run()
	return sorted({getdate(day).year for (day,) in rows}, reverse=True)


FIRST_YEAR = 2000


def year_from(value, default: int) -> int:
	"""The year asked for in a URL, or a clear refusal (a 4xx) for anything else."""
	if value in (None, ""):
		return default
	text = str(value).strip()
	if not text.isdigit() or not FIRST_YEAR <= int(text) <= default + 1:
		frappe.throw(
			_("Choose a year from {0} to {1}.").format(FIRST_YEAR, default + 1), frappe.ValidationError
		)
	return int(text)


def year_pdf(member, year: int) -> bytes:
	"""The yearly overview as a PDF, in the member's language."""
	from frappe.translate import print_language
	from frappe.utils.pdf import get_pdf

	with print_language(member.preferred_language or None):
		context = year_context(member, year)
		body = frappe.render_template("lef_members/templates/includes/year_overview.html", context)
		html = frappe.render_template(
			"lef_members/templates/includes/pdf_page.html",
			{"title": _("{0}: my year {1}").format(member.full_name, year), "body": body},
		)
	return get_pdf(html)
