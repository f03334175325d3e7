"""Load what matching needs about members, in a fixed number of queries.

Whatever the number of members, :func:`load_candidates` runs one query for the members,
one per child table (themes, audiences declined, skills, languages, availability, periods
away), one for the settings' default rest days, one for the
sessions they accepted elsewhere, one for their certificates, and three for the allowance
room left this year (regimes, their ceiling rows, what was paid): the "Find experts" call
does not slow down query by query as the forum grows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import frappe
from frappe.utils import add_months, cint, get_datetime, getdate

from lef_members.domain import assignments as asg
from lef_members.domain import pace
from lef_members.domain.availability import Absence, Availability, Slot
from lef_members.domain.matching import AssignmentNeed, Candidate
from lef_members.domain.members import ACTIVE, PAUSED
from lef_members.domain.schedule import Session

MEMBER_FIELDS = (
	"name",
	"full_name",
	"status",
	"paused_until",
	"care_network",
	"postcode",
	"latitude",
	"longitude",
	"max_travel_km",
	"max_assignments_per_month",
	"benefit_status",
	"doctor_permission_date",
	"unemployment_declaration_date",
	"ocmw_informed_date",
	"prefers_online",
	"allowance_regime",
	"rest_days_after_heavy",
)
# Above this many members, child rows are read for all members at once instead of an IN list.
IN_LIST_LIMIT = 200


def as_time(value) -> time:
	"""Frappe returns Time fields as timedelta (MariaDB) or str; make a time of it."""
	if isinstance(value, time):
		return value
	if isinstance(value, timedelta):
		return (datetime.min + value).time()
	return get_datetime(f"2000-01-01 {value}").time()


def session_of(day, start, end) -> Session:
	day = getdate(day)
	return Session(datetime.combine(day, as_time(start)), datetime.combine(day, as_time(end)))


def assignment_sessions(doc) -> list[Session]:
	return [
		session_of(row.session_date, row.start_time, row.end_time)
		for row in doc.sessions
		if row.session_date and row.start_time and row.end_time
	]


def need_for(doc) -> AssignmentNeed:
	"""What an Assignment asks of a member."""
	required_skills, required_courses = (), ()
	if doc.assignment_type:
		required_skills = frappe.get_all(
			"Assignment Type Skill",
			filters={"parent": doc.assignment_type, "parenttype": "Assignment Type"},
			pluck="skill",
		)
		required_courses = _required_courses(doc.assignment_type)
	return AssignmentNeed(
		sessions=tuple(assignment_sessions(doc)),
		wished_themes=frozenset(row.experience_theme for row in doc.wished_themes),
		required_skills=frozenset(required_skills),
		wished_skills=frozenset(row.skill for row in doc.wished_skills),
		languages=frozenset([doc.language]) if doc.language else frozenset(),
		online=doc.location_type == "Online",
		postcode=doc.postcode or None,
		latitude=doc.latitude or None,
		longitude=doc.longitude or None,
		care_network=doc.care_network or None,
		required_courses=frozenset(required_courses),
		expected_allowance=(
			Decimal(str(doc.expected_allowance_per_member))
			if doc.get("expected_allowance_per_member")
			else None
		),
		assignment_type=doc.assignment_type,
		target_group=doc.target_group or None,
	)


_FIELD_SEP, _ROW_SEP = "\x1f", "\x1e"


def _child_rows(doctype: str, fields: list[str], names: list[str] | None) -> dict[str, list]:
	"""Each member's rows of a child table, as ``frappe._dict`` rows, in one query.

	The rows come back folded into one text per member (GROUP_CONCAT): for 2,000 members
	that is 2,000 rows to read instead of 10,000, which is most of the time spent here.
	"""
	columns = ", ".join(f"coalesce(`{f}`, '')" for f in fields)
	condition = ""
	values: dict = {"parenttype": "Expert by Experience"}
	if names is not None and len(names) <= IN_LIST_LIMIT:
		condition = "and parent in %(names)s"
		values["names"] = tuple(names) or ("",)
	rows = frappe.db.sql(
		f"""select parent, group_concat(concat_ws(%(fs)s, {columns}) order by idx separator %(rs)s)
		from `tab{doctype}` where parenttype=%(parenttype)s {condition} group by parent""",
		{**values, "fs": _FIELD_SEP, "rs": _ROW_SEP},
	)
	out = {}
	for parent, folded in rows:
		out[parent] = [
			frappe._dict(zip(fields, row.split(_FIELD_SEP), strict=True))
			for row in (folded or "").split(_ROW_SEP)
			if row
		]
	return out


def _accepted_sessions(exclude_assignment: str | None, names: list[str] | None) -> dict[str, list]:
	"""Sessions of assignments each member accepted (not cancelled), with the assignment name."""
	expert = frappe.qb.DocType("Assignment Expert")
	assignment = frappe.qb.DocType("Assignment")
	session = frappe.qb.DocType("Assignment Session")
	query = (
		frappe.qb.from_(expert)
		.join(assignment)
		.on(assignment.name == expert.assignment)
		.join(session)
		.on((session.parent == assignment.name) & (session.parenttype == "Assignment"))
		.select(
			expert.member,
			expert.assignment,
			session.session_date,
			session.start_time,
			session.end_time,
			assignment.emotionally_heavy,
		)
		.where(expert.status == asg.ACCEPTED)
		.where(assignment.status != asg.CANCELLED)
	)
	if exclude_assignment:
		query = query.where(expert.assignment != exclude_assignment)
	if names is not None and len(names) <= IN_LIST_LIMIT:
		query = query.where(expert.member.isin(names or [""]))
	rows = defaultdict(list)
	for row in query.run(as_dict=True):
		rows[row.member].append(row)
	return rows


def _certificates(names: list[str] | None) -> dict[str, dict[str, date | None]]:
	"""course -> latest expiry (None: forever) of each member's passed trainings, in one query."""
	from lef_members.training import certificates_for_matching

	return certificates_for_matching(names if names is not None and len(names) <= IN_LIST_LIMIT else None)


def _required_courses(assignment_type: str) -> list[str]:
	"""The courses the type lists and those declaring they qualify for it (training rules)."""
	from lef_members.domain.training import required_courses
	from lef_members.training import courses_listed_by_type, load_catalogue

	return required_courses(
		assignment_type,
		courses_listed_by_type(assignment_type),
		load_catalogue(include_disabled=False).values(),
	)


def load_candidates(
	today: date,
	names: Iterable[str] | None = None,
	exclude_assignment: str | None = None,
	rotation_months: int = 6,
) -> list[Candidate]:
	"""Candidates for matching: Active and Paused members (a pause may end before the work)."""
	names = list(names) if names is not None else None
	# A member who withdrew consent from the portal is asked for no new work (domain.privacy).
	filters = {"status": ("in", (ACTIVE, PAUSED)), "consent_withdrawn_on": ("is", "not set")}
	if names is not None:
		filters["name"] = ("in", names or [""])
	members = frappe.get_all("Expert by Experience", filters=filters, fields=list(MEMBER_FIELDS))
	if not members:
		return []
	# Child rows are folded per member; make room for long ones (a constant, one statement).
	frappe.db.sql("set session group_concat_max_len = 1048576")
	themes = _child_rows(
		"Expert Theme", ["experience_theme", "may_be_named", "willingness", "not_now_until"], names
	)
	declined = _child_rows("Expert Declined Audience", ["target_group"], names)
	default_rest = cint(frappe.db.get_single_value("LEF Settings", "default_rest_days_after_heavy"))
	skills = _child_rows("Expert by Experience Skill", ["skill"], names)
	languages = _child_rows("Expert by Experience Language", ["language"], names)
	slots = _child_rows("Expert Availability Slot", ["weekday", "part_of_day"], names)
	absences = _child_rows("Expert Absence", ["from_date", "to_date", "reason"], names)
	accepted = _accepted_sessions(exclude_assignment, names)
	certificates = _certificates(names)
	rotation_start = getdate(add_months(today, -rotation_months))
	# The allowance room left this year: the regimes (two queries) and what was paid (one).
	from lef_members.payouts import room_for_members

	room = room_for_members(members, getdate(today))

	candidates = []
	for m in members:
		own_themes = themes.get(m.name, ())
		heavy_days = [getdate(r.session_date) for r in accepted.get(m.name, ()) if r.emotionally_heavy]
		sessions = [session_of(r.session_date, r.start_time, r.end_time) for r in accepted.get(m.name, ())]
		per_month: dict[str, set[str]] = defaultdict(set)
		recent: set[str] = set()
		last_on = None
		for row in accepted.get(m.name, ()):
			day = getdate(row.session_date)
			per_month[f"{day.year:04d}-{day.month:02d}"].add(row.assignment)
			if rotation_start <= day <= today:
				recent.add(row.assignment)
			if day <= today and (last_on is None or day > last_on):
				last_on = day
		candidates.append(
			Candidate(
				member_id=m.name,
				name=m.full_name or m.name,
				availability=Availability(
					status=m.status,
					slots=frozenset(Slot(r.weekday, r.part_of_day) for r in slots.get(m.name, ())),
					paused_until=getdate(m.paused_until) if m.paused_until else None,
					absences=tuple(
						Absence(getdate(r.from_date), getdate(r.to_date), r.reason or "")
						for r in absences.get(m.name, ())
					),
				),
				themes={r.experience_theme: r.may_be_named == "1" for r in own_themes},
				skills=frozenset(r.skill for r in skills.get(m.name, ())),
				languages=frozenset(r.language for r in languages.get(m.name, ())),
				care_network=m.care_network or None,
				postcode=m.postcode or None,
				latitude=m.latitude or None,
				longitude=m.longitude or None,
				max_travel_km=m.max_travel_km,
				monthly_limit=m.max_assignments_per_month or None,
				assignments_per_month={month: len(items) for month, items in per_month.items()},
				accepted_sessions=tuple(sessions),
				certificates=certificates.get(m.name, {}),
				benefit_status=m.benefit_status or "None",
				doctor_permission_date=getdate(m.doctor_permission_date)
				if m.doctor_permission_date
				else None,
				ocmw_informed_date=getdate(m.ocmw_informed_date) if m.ocmw_informed_date else None,
				unemployment_declaration_date=(
					getdate(m.unemployment_declaration_date) if m.unemployment_declaration_date else None
				),
				allowance_room=room.get(m.name),
				last_assignment_on=last_on,
				recent_assignments=len(recent),
				prefers_online=bool(m.prefers_online),
				closed_themes=pace.closed_themes(
					(
						pace.ThemeWillingness(
							r.experience_theme,
							r.willingness,
							getdate(r.not_now_until) if r.not_now_until else None,
						)
						for r in own_themes
					),
					today,
				),
				declined_audiences=frozenset(r.target_group for r in declined.get(m.name, ())),
				rest_windows=pace.rest_windows(
					heavy_days, pace.rest_days(m.rest_days_after_heavy, default_rest)
				)
				if heavy_days
				else (),
			)
		)
	return candidates
