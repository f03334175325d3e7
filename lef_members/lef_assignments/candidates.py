"""Load what matching needs about members, in a fixed number of queries.

Whatever the number of members, :func:`load_candidates` runs one query for the members with
their matching profile (their child rows as one text, see ``domain.profile``; one more query
reads the child tables of members who have none yet), one for the settings' default rest days,
one for the sessions they accepted elsewhere, two for their certificates, and three for the
allowance room left this year (regimes, their ceiling rows, what was paid): the "Find experts"
call does not slow down query by query as the forum grows."""

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
from lef_members.domain.profile import MatchingProfile, decode_profile
from lef_members.domain.schedule import Session
from lef_members.domain.training import PASSED, latest_expiry, required_courses
from lef_members.lef_assignments.work import accepted_work
from lef_members.lef_hours.payouts import room_for_members
from lef_members.lef_training.training_path import courses_listed_by_type, load_catalogue

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

# The member's child tables matching reads, folded into the members query: key -> (DocType, fields).
CHILDREN = {
	"themes": ("Expert Theme", ("experience_theme", "may_be_named", "willingness", "not_now_until")),
	"declined": ("Expert Declined Audience", ("target_group",)),
	"skills": ("Expert by Experience Skill", ("skill",)),
	"languages": ("Expert by Experience Language", ("language",)),
	"slots": ("Expert Availability Slot", ("weekday", "part_of_day")),
	"absences": ("Expert Absence", ("from_date", "to_date", "reason")),
}


def _folded(doctype: str, fields: tuple[str, ...]) -> str:
	"""A correlated subquery: the member's rows of a child table folded into one text."""
	columns = ", ".join(f"coalesce(c.`{f}`, '')" for f in fields)
	return f"""(select group_concat(concat_ws(%(fs)s, {columns}) order by c.idx separator %(rs)s)
		from `tab{doctype}` c where c.parent = m.name and c.parenttype = 'Expert by Experience')"""


def _unfold(folded: str | None) -> list[list[str]]:
	return [row.split(_FIELD_SEP) for row in folded.split(_ROW_SEP) if row] if folded else []


def _members(names: list[str] | None) -> list[dict]:
	"""The candidates' own fields and matching profile (domain.profile), in one query; the child
	rows of the members who have no profile yet (written on save, and by a patch), in one more.

	Each member's child rows come as their profile: one text column on the member's own row,
	so 2,000 members are 2,000 rows to read instead of some 15,000.
	"""
	values: dict = {"statuses": (ACTIVE, PAUSED)}
	condition = ""
	if names is not None:
		condition = "and m.name in %(names)s"
		values["names"] = tuple(names) or ("",)
	columns = ", ".join(f"m.`{f}`" for f in MEMBER_FIELDS)
	# A member who withdrew consent from the portal is asked for no new work (domain.privacy).
	members = frappe.db.sql(
		f"""select {columns}, m.matching_profile from `tabExpert by Experience` m
		where m.status in %(statuses)s and m.consent_withdrawn_on is null {condition}""",
		values,
		as_dict=True,
	)
	missing = []
	for m in members:
		m["profile"] = decode_profile(m.pop("matching_profile"))
		if m["profile"] is None:
			missing.append(m)
	if missing:
		rows = {r["name"]: r for r in _children_of([m["name"] for m in missing])}
		for m in missing:
			r = rows.get(m["name"], {})
			m["profile"] = MatchingProfile(
				slots=frozenset(Slot(day, part) for day, part in _unfold(r.get("slots"))),
				skills=frozenset(row[0] for row in _unfold(r.get("skills"))),
				languages=frozenset(row[0] for row in _unfold(r.get("languages"))),
				themes=tuple(
					(theme, named == "1", willing, date.fromisoformat(until) if until else None)
					for theme, named, willing, until in _unfold(r.get("themes"))
				),
				absences=tuple(
					Absence(date.fromisoformat(start), date.fromisoformat(end), reason)
					for start, end, reason in _unfold(r.get("absences"))
				),
				declined=frozenset(row[0] for row in _unfold(r.get("declined"))),
			)
	return members


def _children_of(names: list[str]) -> list[dict]:
	"""The child rows of these members, folded per table, in one query (and one statement to
	make room for long folded rows)."""
	frappe.db.sql("set session group_concat_max_len = 1048576")
	children = ", ".join(
		f"{_folded(doctype, fields)} as `{key}`" for key, (doctype, fields) in CHILDREN.items()
	)
	return frappe.db.sql(
		f"select m.name, {children} from `tabExpert by Experience` m where m.name in %(names)s",
		{"fs": _FIELD_SEP, "rs": _ROW_SEP, "names": tuple(names)},
		as_dict=True,
	)


def _certificates(names: list[str] | None) -> dict[str, dict[str, date | None]]:
	"""course -> latest expiry (None: never) of each member's passed trainings, in two queries.

	Intervision is counted apart and gives no certificate.
	"""
	values: dict = {
		"passed": PASSED,
		"intervision": tuple(frappe.get_all("Training Course", filters={"is_intervision": 1}, pluck="name"))
		or ("",),
	}
	condition = ""
	if names is not None and len(names) <= IN_LIST_LIMIT:
		condition = "and member in %(names)s"
		values["names"] = tuple(names) or ("",)
	pairs: dict[str, list] = defaultdict(list)
	for member, course, expiry in frappe.db.sql(
		f"""select member, course, certificate_expiry from `tabTraining Enrollment`
		where result = %(passed)s and completion_date is not null and course not in %(intervision)s {condition}""",
		values,
	):
		pairs[member].append((course, expiry or None))
	return {member: latest_expiry(own) for member, own in pairs.items()}


def _accepted_sessions(exclude_assignment: str | None, names: list[str] | None) -> dict[str, list]:
	"""Sessions of assignments each member accepted (not cancelled), with the assignment name."""
	query, expert, assignment, session = accepted_work()
	query = query.select(
		expert.member,
		expert.assignment,
		session.session_date,
		session.start_time,
		session.end_time,
		assignment.emotionally_heavy,
	)
	if exclude_assignment:
		query = query.where(expert.assignment != exclude_assignment)
	if names is not None and len(names) <= IN_LIST_LIMIT:
		query = query.where(expert.member.isin(names or [""]))
	rows = defaultdict(list)
	for row in query.run(as_dict=True):
		rows[row.member].append(row)
	return rows


def _required_courses(assignment_type: str) -> list[str]:
	"""The courses the type lists and those declaring they qualify for it (training rules)."""
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
	members = _members(names)
	if not members:
		return []
	default_rest = cint(frappe.db.get_single_value("LEF Settings", "default_rest_days_after_heavy"))
	accepted = _accepted_sessions(exclude_assignment, names)
	rotation_start = getdate(add_months(today, -rotation_months))
	# The allowance room left this year: the regimes (two queries) and what was paid (one).
	room = room_for_members([frappe._dict(m) for m in members if m["allowance_regime"]], getdate(today))

	certificates = _certificates(names)
	candidates = []
	for m in members:
		name = m["name"]
		profile = m["profile"]
		mine = accepted.get(name, ())
		heavy_days = [getdate(r.session_date) for r in mine if r.emotionally_heavy]
		per_month: dict[str, set[str]] = defaultdict(set)
		recent: set[str] = set()
		last_on = None
		for row in mine:
			day = getdate(row.session_date)
			per_month[f"{day.year:04d}-{day.month:02d}"].add(row.assignment)
			if rotation_start <= day <= today:
				recent.add(row.assignment)
			if day <= today and (last_on is None or day > last_on):
				last_on = day
		candidates.append(
			Candidate(
				member_id=name,
				name=m["full_name"] or name,
				availability=Availability(
					status=m["status"],
					slots=profile.slots,
					paused_until=m["paused_until"] or None,
					absences=profile.absences,
				),
				themes={theme: named for theme, named, _w, _u in profile.themes},
				skills=profile.skills,
				languages=profile.languages,
				care_network=m["care_network"] or None,
				postcode=m["postcode"] or None,
				latitude=m["latitude"] or None,
				longitude=m["longitude"] or None,
				max_travel_km=m["max_travel_km"],
				monthly_limit=m["max_assignments_per_month"] or None,
				assignments_per_month={month: len(items) for month, items in per_month.items()},
				accepted_sessions=tuple(session_of(r.session_date, r.start_time, r.end_time) for r in mine),
				certificates=certificates.get(name, {}),
				benefit_status=m["benefit_status"] or "None",
				doctor_permission_date=m["doctor_permission_date"] or None,
				ocmw_informed_date=m["ocmw_informed_date"] or None,
				unemployment_declaration_date=m["unemployment_declaration_date"] or None,
				allowance_room=room.get(name),
				last_assignment_on=last_on,
				recent_assignments=len(recent),
				prefers_online=bool(m["prefers_online"]),
				closed_themes=_closed_themes(profile.themes),
				not_now_until=_not_now_until(profile.themes),
				declined_audiences=profile.declined,
				rest_windows=pace.rest_windows(
					heavy_days, pace.rest_days(m["rest_days_after_heavy"], default_rest)
				)
				if heavy_days
				else (),
			)
		)
	return candidates


def _closed_themes(themes) -> frozenset[str]:
	"""The member's themes closed for any work: "No", and "Not now" without a date. A "Not now"
	with a date is closed only for work that starts by that date (``_not_now_until``)."""
	if all(willingness in ("", None, pace.WILLING_YES) for _t, _n, willingness, _u in themes):
		return frozenset()
	return frozenset(
		theme
		for theme, _named, willingness, until in themes
		if willingness == pace.WILLING_NO or (willingness == pace.WILLING_NOT_NOW and not until)
	)


def _not_now_until(themes) -> dict[str, date]:
	return {
		theme: getdate(until)
		for theme, _named, willingness, until in themes
		if willingness == pace.WILLING_NOT_NOW and until
	}
