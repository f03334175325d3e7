"""Fair matching: which members fit an assignment, and why.

For one assignment the coordinator gets every candidate member with a score and the
reasons behind it, in words they can read ("has theme psychosis, may be named",
"available on Tuesday Morning", "2 of 4 assignments in 2025-03", "12 km away",
"allowance room left this year: EUR 310").

Hard rules exclude a member, and say why when asked: not Active, paused or away on a
session date, not available on a session's weekday and part of day, already accepted an
overlapping session, monthly limit reached, a required training missing or its certificate
expired on the session date, on a benefit without the recorded permission, the yearly
allowance ceiling would be exceeded, farther away than the member wants to travel, and the
member's own pace (domain.pace): an audience they said no to, wished themes they are not to
be asked on now, rest after heavy work.

Soft rules rank the others: theme and skill fit, language, distance or region, fair
rotation (members who had little work recently go first) and the member's own
preferences. The weights come from the settings (:meth:`Weights.from_dict`), not from code.

Everything the rules need is handed in as plain values; nothing is read here. Reasons keep
an English template (marked with :func:`_`) and its values apart; the caller translates
and renders them (:meth:`Reason.render`) only for what is shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from lef_members.domain import formats
from lef_members.domain.availability import (
	PARTS_OF_DAY,
	WEEKDAYS,
	Availability,
	Slot,
	Verdict,
	check_available,
	parts_of_day,
)
from lef_members.domain.errors import DomainError, InvalidValueError, _
from lef_members.domain.members import ACTIVE, BENEFIT_NONE, PAUSED, MemberFacts, benefit_warnings
from lef_members.domain.pace import resting_on

Session = tuple[datetime, datetime]

PLUS = "plus"
MINUS = "minus"
INFO = "info"
EXCLUDED = "excluded"
REASON_KINDS = (PLUS, MINUS, INFO, EXCLUDED)

EARTH_RADIUS_KM = 6371.0088
# Postcodes that share their first digits lie in the same area (Belgian and Dutch postcodes).
POSTCODE_AREA_DIGITS = 2


class Reason(NamedTuple):
	"""One reason for (or against) a member, as an untranslated template and its values.

	``kind`` is ``plus`` (counts for), ``minus`` (counts against), ``info`` (worth knowing)
	or ``excluded`` (a hard rule that keeps the member out). ``translate_params`` names the
	values that are words of the app (a weekday, a status) and are translated with it; a
	list value is shown comma-separated.
	"""

	template: str
	params: Mapping[str, object]
	kind: str
	translate_params: tuple[str, ...] = ()

	def render(self, translate: Callable[..., str] | None = None) -> str:
		"""In the reader's words: ``translate`` may carry the reader's language (``.lang``)."""
		return formats.sentence(self.template, self.params, translate or _, self.translate_params)


# The values of availability verdicts that are words of the app.
_VERDICT_WORDS = ("weekday", "parts", "status")


def _verdict_reason(verdict: Verdict, kind: str) -> Reason:
	return Reason(verdict.reason, verdict.params, kind, _VERDICT_WORDS)


def _hashable(params: Mapping[str, object]) -> tuple:
	return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())


class Ranked:
	"""One candidate in the ranked list: eligible or not, the score, the reasons and the exclusions.

	The reasons are put into words only when read (most of a long list is never shown).
	Read it; do not change it.
	"""

	__slots__ = ("_candidate", "_reasons", "_source", "candidate_id", "eligible", "exclusions", "score")

	def __init__(
		self,
		candidate_id: str,
		eligible: bool,
		score: float,
		exclusions: list[Reason],
		source: tuple[_Plan, Candidate, float | None],
	) -> None:
		self.candidate_id = candidate_id
		self.eligible = eligible
		self.score = score
		self.exclusions = exclusions
		self._source: tuple[_Plan, Candidate, float | None] | None = source
		self._candidate = source[1]
		self._reasons: list[Reason] | None = None

	@property
	def reasons(self) -> list[Reason]:
		"""What counts for and against the member, and what is worth knowing, in order."""
		if self._reasons is None:
			plan, candidate, km = self._source  # type: ignore[misc]
			reasons: list[Reason] = []
			_soft(plan, candidate, km, reasons)
			self._reasons, self._source = reasons, None
		return self._reasons

	def __repr__(self) -> str:
		return (
			f"Ranked({self.candidate_id!r}, eligible={self.eligible}, score={self.score}, "
			f"exclusions={len(self.exclusions)})"
		)


@dataclass(frozen=True)
class AssignmentNeed:
	"""What an assignment asks of a member, for matching."""

	sessions: Sequence[Session]
	wished_themes: Collection[str] = frozenset()
	required_skills: Collection[str] = frozenset()
	wished_skills: Collection[str] = frozenset()
	languages: Collection[str] = frozenset()
	online: bool = False
	postcode: str | None = None
	latitude: float | None = None
	longitude: float | None = None
	care_network: str | None = None
	required_courses: Collection[str] = frozenset()
	# What one member is expected to earn on this assignment (all sessions), for the ceiling.
	expected_allowance: Decimal | None = None
	assignment_type: str | None = None
	target_group: str | None = None


@dataclass(slots=True)
class Candidate:
	"""What matching needs to know about one member, loaded by the caller in one go.

	Treat it as read-only. (Not a frozen dataclass: the loader builds one per member for every
	ranking, and a frozen dataclass's ``__init__`` costs four times as much.)

	``accepted_sessions`` and ``assignments_per_month`` must leave out the assignment being
	matched (otherwise a member clashes with it and counts it against their own limit).
	"""

	member_id: str
	name: str
	availability: Availability
	themes: Mapping[str, bool] = field(default_factory=dict)  # theme -> may be named
	skills: Collection[str] = frozenset()
	languages: Collection[str] = frozenset()
	care_network: str | None = None
	postcode: str | None = None
	latitude: float | None = None
	longitude: float | None = None
	max_travel_km: float | None = None
	monthly_limit: int | None = None
	assignments_per_month: Mapping[str, int] = field(default_factory=dict)  # "YYYY-MM" -> accepted
	accepted_sessions: Sequence[Session] = ()
	# Handed unchanged to ``qualify``; for :func:`default_qualify`: course -> expiry (None: forever).
	certificates: Any = field(default_factory=dict)
	benefit_status: str | None = BENEFIT_NONE
	doctor_permission_date: date | None = None
	unemployment_declaration_date: date | None = None
	ocmw_informed_date: date | None = None
	allowance_room: Decimal | None = None  # left this year; None when the regime has no ceiling
	last_assignment_on: date | None = None
	recent_assignments: int = 0  # in the last ``Weights.rotation_months`` months
	preferred_assignment_types: Collection[str] = frozenset()
	preferred_target_groups: Collection[str] = frozenset()
	prefers_online: bool = False
	# The member's own pace (domain.pace): themes they are not to be asked on now ("No", or a
	# "Not now" in force), audiences (target groups) they said no to, and their rest windows
	# after heavy work. ``themes`` may hold the closed themes too: they never count for the member.
	closed_themes: Collection[str] = frozenset()
	# Themes on "Not now" up to and including a date: closed for work that starts on or before
	# it, open for work after it (the member said "not until the 26th", not "not today").
	not_now_until: Mapping[str, date] = field(default_factory=dict)
	declined_audiences: Collection[str] = frozenset()
	rest_windows: Sequence[tuple[date, date]] = ()

	@property
	def status(self) -> str:
		return self.availability.status


@dataclass(frozen=True)
class Weights:
	"""How much each soft rule counts. Each part scores 0..1 and is multiplied by its weight."""

	theme: float = 3.0
	skill: float = 2.0
	language: float = 2.0
	distance: float = 1.5
	region: float = 1.0
	rotation: float = 2.0
	preferences: float = 1.0
	# Closer is better up to this distance; from here on the distance part scores 0.
	distance_horizon_km: float = 50.0
	# The period the caller counts ``Candidate.recent_assignments`` over (shown in the reason).
	rotation_months: int = 6

	@classmethod
	def from_dict(cls, values: Mapping[str, object], prefix: str = "") -> Weights:
		"""Weights from the settings: ``prefix + field name`` -> number. Empty keeps the default."""
		given: dict[str, object] = {}
		for f in fields(cls):
			value = values.get(prefix + f.name)
			if value is None or value == "":
				continue
			try:
				number = float(value)  # type: ignore[arg-type]
			except (TypeError, ValueError):
				raise InvalidValueError(
					_("The matching weight {name} must be a number, not {value}."),
					field=prefix + f.name,
					name=f.name,
					value=value,
				)
			if not math.isfinite(number) or number < 0:
				raise InvalidValueError(
					_("The matching weight {name} must be zero or more."), field=prefix + f.name, name=f.name
				)
			given[f.name] = int(number) if f.name == "rotation_months" else number
		if given.get("distance_horizon_km", 1) <= 0:
			raise InvalidValueError(
				_("The matching weight {name} must be more than zero."),
				field=prefix + "distance_horizon_km",
				name="distance_horizon_km",
			)
		return cls(**given)  # type: ignore[arg-type]


Unmet = tuple[str, date | None]  # (course, expiry date of the certificate, None when there is none)
# qualify(required courses, the candidate's certificates, on_date) -> what is not met on that date,
# each as an ``Unmet`` or as a reason of its own (an object with ``template`` and ``params``).
Qualify = Callable[[Collection[str], Any, date], Iterable[object]]


def default_qualify(
	required_courses: Collection[str], certificates: Mapping[str, date | None], on_date: date
) -> list[Unmet]:
	"""The required courses a member is not qualified for on ``on_date``.

	A certificate is valid while ``on_date`` is before its expiry date; no expiry date
	means it never expires. Returns ``(course, None)`` when there is no certificate and
	``(course, expiry)`` when it has expired by then, in the order of ``required_courses``.
	"""
	unmet: list[Unmet] = []
	for course in required_courses:
		if course not in certificates:
			unmet.append((course, None))
			continue
		expiry = certificates[course]
		if expiry is not None and on_date >= expiry:
			unmet.append((course, expiry))
	return unmet


_RAD = math.pi / 180
_MISSING = object()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
	"""Great-circle distance (haversine) in km."""
	return _haversine(lat1 * _RAD, math.cos(lat1 * _RAD), lon1 * _RAD, lat2, lon2)


def _haversine(
	p1: float,
	cos_p1: float,
	l1: float,
	lat2: float,
	lon2: float,
	_sin=math.sin,
	_cos=math.cos,
	_asin=math.asin,
	_sqrt=math.sqrt,
) -> float:
	"""Haversine from a point given in radians (with its cosine) to one in degrees.

	(The math functions are bound as defaults: this runs once per member in a ranking.)
	"""
	p2 = lat2 * _RAD
	x = _sin((p2 - p1) / 2)
	y = _sin((lon2 * _RAD - l1) / 2)
	a = x * x + cos_p1 * _cos(p2) * y * y
	return 2 * EARTH_RADIUS_KM * _asin(_sqrt(a) if a < 1.0 else 1.0)


def format_amount(amount: Decimal) -> Decimal:
	"""To the cent, without cents for a whole amount: EUR 310, EUR 310.50 (a Decimal, written
	for the reader when the reason is rendered)."""
	amount = amount.quantize(Decimal("0.01"))
	return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


# Reasons that are the same for every candidate are made once.
_R_THEME_UNNAMED = Reason(_("has a wished theme (not to be named)"), {}, PLUS)
_R_NO_THEME = Reason(_("has none of the wished themes"), {}, MINUS)
_R_ONLINE = Reason(_("online, no travel"), {}, INFO)
_R_DISTANCE_UNKNOWN = Reason(_("distance unknown"), {}, INFO)
_R_PREFERS_ONLINE = Reason(_("prefers online work"), {}, PLUS)
_R_PREFERS_ONLINE_NOT = Reason(_("prefers online work, this is on site"), {}, MINUS)
_R_NO_ASSIGNMENT_YET = Reason(_("no assignment yet"), {}, PLUS)
# The member's own pace: the coordinator reads that, never why (domain.pace).
_R_THEME_CLOSED = Reason(_("not available for this theme"), {}, EXCLUDED)
_R_SOME_THEME_CLOSED = Reason(_("not available for one of the wished themes"), {}, INFO)
_R_AUDIENCE_DECLINED = Reason(_("not for this audience"), {}, EXCLUDED)


class _Plan:
	"""Everything about the assignment that is the same for every candidate, worked out once."""

	__slots__ = (
		"allowance_share",
		"available_reasons",
		"care_network",
		"cos_lat",
		"first_day",
		"languages",
		"languages_sorted",
		"last_day",
		"lat",
		"lon",
		"month_keys",
		"needed_slots",
		"online",
		"postcode_area",
		"prefer_pair",
		"required_courses",
		"required_skills",
		"session_days",
		"sessions",
		"skill_total",
		"skill_unit",
		"target_group",
		"theme_unit",
		"weights",
		"window_end",
		"window_start",
		"wished_skills",
		"wished_themes",
	)

	def __init__(self, need: AssignmentNeed, weights: Weights, today: date) -> None:
		if not need.sessions:
			raise DomainError(
				_("An assignment needs at least one session to match members."), field="sessions"
			)
		self.sessions = sorted(need.sessions)
		self.weights = weights
		everywhere = Availability(ACTIVE, frozenset(Slot(d, p) for d in WEEKDAYS for p in PARTS_OF_DAY))
		needed: set[Slot] = set()
		reasons: dict[tuple, Reason] = {}
		for start, end in self.sessions:
			# check_available also refuses sessions that end before they start or span two days.
			verdict = check_available(everywhere, start, end)
			reasons.setdefault(_hashable(verdict.params), _verdict_reason(verdict, PLUS))
			day = start.date()
			end_time = time.max if end.time() == time(0, 0) and end.date() > day else end.time()
			weekday = WEEKDAYS[day.weekday()]
			needed.update(Slot(weekday, part) for part in parts_of_day(start.time(), end_time))
		self.available_reasons = tuple(reasons.values())
		self.needed_slots = frozenset(needed)
		self.session_days = sorted({start.date() for start, _end in self.sessions})
		self.first_day, self.last_day = self.session_days[0], self.session_days[-1]
		self.window_start = self.sessions[0][0]
		self.window_end = max(end for _start, end in self.sessions)
		self.month_keys = sorted({f"{d.year:04d}-{d.month:02d}" for d in self.session_days})
		self.wished_themes = frozenset(need.wished_themes)
		self.required_skills = frozenset(need.required_skills)
		self.wished_skills = frozenset(need.wished_skills) - self.required_skills
		# A required skill counts twice as much as a wished one.
		self.skill_total = 2 * len(self.required_skills) + len(self.wished_skills)
		# What one fitting theme or skill point adds to the score.
		self.theme_unit = weights.theme / len(self.wished_themes) if self.wished_themes else 0.0
		self.skill_unit = weights.skill / self.skill_total if self.skill_total else 0.0
		self.languages = frozenset(need.languages)
		self.languages_sorted = sorted(self.languages)
		self.required_courses = tuple(sorted(set(need.required_courses)))
		self.online = need.online
		has_point = need.latitude is not None and need.longitude is not None
		# The assignment's place in radians, for the haversine; None when online or unknown.
		self.lat = need.latitude * _RAD if has_point and not need.online else None  # type: ignore[operator]
		self.lon = need.longitude * _RAD if has_point and not need.online else None  # type: ignore[operator]
		self.cos_lat = math.cos(self.lat) if self.lat is not None else 1.0
		self.care_network = need.care_network or None
		postcode = (need.postcode or "").strip()
		self.postcode_area = (
			postcode[:POSTCODE_AREA_DIGITS] if len(postcode) >= POSTCODE_AREA_DIGITS else None
		)
		self.prefer_pair = (need.assignment_type, need.target_group)
		self.target_group = need.target_group or None
		# The ceiling is per calendar year: only the sessions in this year use this year's room.
		self.allowance_share: Decimal | None = None
		if need.expected_allowance is not None and need.expected_allowance > 0:
			this_year = sum(1 for start, _end in self.sessions if start.year == today.year)
			if this_year:
				self.allowance_share = need.expected_allowance * this_year / len(self.sessions)


def _back_from_pause(plan: _Plan, av: Availability) -> bool:
	return av.status == PAUSED and av.paused_until is not None and av.paused_until < plan.first_day


def _away(plan: _Plan, av: Availability) -> bool:
	"""Away on one of the session dates."""
	for absence in av.absences:
		if absence.from_date <= plan.last_day and absence.to_date >= plan.first_day:
			if any(absence.from_date <= day <= absence.to_date for day in plan.session_days):
				return True
	return False


def _why_not_available(plan: _Plan, av: Availability) -> list[Reason]:
	"""Why the member cannot work on the sessions, in :func:`check_available`'s words, without repeats."""
	found: dict[tuple, Reason] = {}
	for start, end in plan.sessions:
		verdict = check_available(av, start, end)
		if not verdict.available:
			found.setdefault((verdict.reason, *_hashable(verdict.params)), _verdict_reason(verdict, EXCLUDED))
	return list(found.values())


def _unmet_reason(item: object, on_date: date) -> Reason:
	"""A course the member is not qualified for, as ``qualify`` gave it: ``(course, expiry)`` or
	a reason of its own (anything with ``template`` and ``params``).
	"""
	if isinstance(item, tuple):
		course, expiry = item
		if expiry is None:
			return Reason(
				_("has not completed the required training {course}"),
				{"course": course},
				EXCLUDED,
				("course",),
			)
		return Reason(
			_("the certificate for {course} expires on {expiry}, not valid on {date}"),
			{"course": course, "expiry": expiry, "date": on_date},
			EXCLUDED,
			("course",),
		)
	words = tuple(getattr(item, "translate_params", ()))
	return Reason(item.template, dict(item.params), EXCLUDED, words)  # type: ignore[attr-defined]


def _clock(moment: datetime) -> str:
	return moment.strftime("%H:%M")


def _evaluate(
	plan: _Plan, c: Candidate, qualify: Qualify, explain: bool
) -> tuple[list[Reason] | None, float | None]:
	"""The hard rules, in order.

	Returns the exclusions ([] when none) and the distance in km when both places are known.
	Without ``explain`` it stops at the first rule that fails and returns ``None`` for the
	exclusions, building no reason at all (the member is left out anyway).
	"""
	out: list[Reason] = []
	# Active (or back from a pause), not away, and free on every session's weekday and part of
	# day: decided with sets what check_available decides per session (the tests hold them equal).
	av = c.availability
	if not (
		(av.status == ACTIVE or _back_from_pause(plan, av))
		and plan.needed_slots <= av.slots
		and not (av.absences and _away(plan, av))
	):
		if not explain:
			return None, None
		out.extend(_why_not_available(plan, c.availability))

	# Already accepted a session that overlaps (touching end to start is fine).
	for a_start, a_end in c.accepted_sessions:
		if a_start < plan.window_end and a_end > plan.window_start:
			for start, end in plan.sessions:
				if a_start < end and start < a_end:
					if not explain:
						return None, None
					out.append(
						Reason(
							_("already accepted a session on {date} from {start} to {end}"),
							{
								"date": a_start.date(),
								"start": _clock(a_start),
								"end": _clock(a_end),
							},
							EXCLUDED,
						)
					)
					break

	# The member's own limit of assignments per month.
	limit = c.monthly_limit
	if limit is not None:
		per_month = c.assignments_per_month
		for key in plan.month_keys:
			count = per_month.get(key, 0)
			if count >= limit:
				if not explain:
					return None, None
				out.append(
					Reason(
						_("monthly limit reached: {count} of {limit} assignments in {month}"),
						{"count": count, "limit": limit, "month": key},
						EXCLUDED,
					)
				)

	# Required training, with a certificate valid on every session date: a certificate counts
	# from one date up to another, so holding on the first and the last day is enough.
	if plan.required_courses and qualify is default_qualify and not explain:
		# The common case, decided in one pass: a certificate counts up to its expiry date, so
		# holding on the last day means holding on every day before it.
		certificates, last_day = c.certificates, plan.last_day
		for course in plan.required_courses:
			expiry = certificates.get(course, _MISSING)
			if expiry is _MISSING or (expiry is not None and last_day >= expiry):
				return None, None
	elif plan.required_courses:
		unmet = [
			(item, plan.first_day) for item in qualify(plan.required_courses, c.certificates, plan.first_day)
		]
		if plan.last_day != plan.first_day:
			unmet.extend(
				(item, plan.last_day)
				for item in qualify(plan.required_courses, c.certificates, plan.last_day)
			)
		if unmet:
			if not explain:
				return None, None
			seen: set = set()
			for item, on_date in unmet:
				reason = _unmet_reason(item, on_date)
				key = (reason.template, *_hashable({k: v for k, v in reason.params.items() if k != "date"}))
				if key not in seen:
					seen.add(key)
					out.append(reason)

	# The member's own pace: an audience they said no to, a wished theme they are not to be
	# asked on now (when none of their other wished themes is open), their rest after heavy work.
	if c.declined_audiences and plan.target_group in c.declined_audiences:
		if not explain:
			return None, None
		out.append(_R_AUDIENCE_DECLINED)
	if (c.closed_themes or c.not_now_until) and plan.wished_themes and _only_closed_themes(plan, c):
		if not explain:
			return None, None
		out.append(_R_THEME_CLOSED)
	if c.rest_windows:
		window = resting_on(c.rest_windows, plan.session_days)
		if window is not None:
			if not explain:
				return None, None
			out.append(Reason(_("resting after heavy work until {date}"), {"date": window[1]}, EXCLUDED))

	# On a benefit that needs a recorded permission or declaration.
	if c.benefit_status and c.benefit_status != BENEFIT_NONE:
		facts = MemberFacts(
			status=c.availability.status,
			benefit_status=c.benefit_status,
			doctor_permission_date=c.doctor_permission_date,
			unemployment_declaration_date=c.unemployment_declaration_date,
			ocmw_informed_date=c.ocmw_informed_date,
		)
		warnings = benefit_warnings(facts, on=plan.sessions[0][0].date())
		if warnings and not explain:
			return None, None
		for warning in warnings:
			out.append(
				Reason(warning.template, warning.params, EXCLUDED, getattr(warning, "translate_params", ()))
			)

	# The yearly allowance ceiling.
	share = plan.allowance_share
	if share is not None and c.allowance_room is not None and share > c.allowance_room:
		if not explain:
			return None, None
		out.append(
			Reason(
				_(
					"the yearly allowance ceiling would be exceeded: EUR {room} left this year, "
					"this assignment about EUR {amount}"
				),
				{"room": format_amount(max(c.allowance_room, Decimal(0))), "amount": format_amount(share)},
				EXCLUDED,
			)
		)

	# Farther than the member wants to travel.
	km = None
	if plan.lat is not None and c.latitude is not None and c.longitude is not None:
		km = _haversine(plan.lat, plan.cos_lat, plan.lon, c.latitude, c.longitude)
		if c.max_travel_km is not None and km > c.max_travel_km:
			if not explain:
				return None, None
			out.append(
				Reason(
					_("{km} km away, farther than the {max} km they travel"),
					# Whole km, unless rounding would hide that it is farther (10.4 against 10).
					{
						"km": round(km) if round(km) > c.max_travel_km else round(km, 1),
						"max": _number(c.max_travel_km),
					},
					EXCLUDED,
				)
			)
	return out, km


def closed_for(plan: _Plan, c: Candidate) -> Collection[str]:
	"""The member's themes closed for this work: "No", "Not now" without a date, and a "Not now"
	that lasts until the first session day or later."""
	if not c.not_now_until:
		return c.closed_themes
	first = plan.first_day
	return frozenset(c.closed_themes).union(
		theme for theme, until in c.not_now_until.items() if until >= first
	)


def _only_closed_themes(plan: _Plan, c: Candidate) -> bool:
	"""The member has wished themes, and every one of them is closed for this work."""
	closed = closed_for(plan, c)
	has = plan.wished_themes.intersection(c.themes).union(plan.wished_themes.intersection(closed))
	return bool(has) and has <= frozenset(closed)


def _number(value: float) -> object:
	return int(value) if float(value).is_integer() else value


def _round6(score: float) -> float:
	"""The score to six decimals (scores are never negative), so equal fits compare equal
	whatever the order of the sums. Cheaper than ``round(score, 6)``, which ranking calls per member."""
	return int(score * 1e6 + 0.5) / 1e6


def _score(plan: _Plan, c: Candidate, km: float | None) -> float:
	"""The score :func:`_soft` gives, without building any reason (ranking calls this for every
	member; a test holds the two equal). Kept lean: no branch for reasons, locals bound once."""
	w = plan.weights
	score = 0.0
	wished = plan.wished_themes
	if wished:
		themes, closed = c.themes, closed_for(plan, c)
		fit = 0
		for theme in wished:
			if theme in themes and not (closed and theme in closed):
				fit += 1
		score += plan.theme_unit * fit
	if plan.skill_total:
		skills = c.skills
		fit = 0
		for skill in plan.required_skills:
			if skill in skills:
				fit += 2
		for skill in plan.wished_skills:
			if skill in skills:
				fit += 1
		score += plan.skill_unit * fit
	if plan.languages and not plan.languages.isdisjoint(c.languages):
		score += w.language
	if plan.online:
		pass
	elif km is not None:
		nearness = 1.0 - km / w.distance_horizon_km
		if nearness > 0:
			score += w.distance * nearness
	elif plan.care_network and c.care_network == plan.care_network:
		score += w.region
	elif plan.postcode_area and c.postcode and c.postcode.strip().startswith(plan.postcode_area):
		score += w.region / 2
	recent = c.recent_assignments
	score += w.rotation / (1 + recent if recent > 0 else 1)
	assignment_type, target_group = plan.prefer_pair
	hits = 0
	if assignment_type and assignment_type in c.preferred_assignment_types:
		hits += 1
	if target_group and target_group in c.preferred_target_groups:
		hits += 1
	if c.prefers_online and plan.online:
		hits += 1
	if hits:
		score += w.preferences * hits / 3
	return int(score * 1e6 + 0.5) / 1e6


def _soft(plan: _Plan, c: Candidate, km: float | None, reasons: list[Reason] | None) -> float:
	"""The soft rules: the weighted score, and its reasons appended to ``reasons`` when given.

	Ranking calls this without a list (no reason is built for members nobody looks at);
	:attr:`Ranked.reasons` calls it again with one, so score and reasons never disagree.
	"""
	w = plan.weights
	score = 0.0
	if reasons is not None:
		reasons.extend(plan.available_reasons)

	if plan.wished_themes:
		themes = c.themes
		closed = closed_for(plan, c)
		fit = 0
		for theme in plan.wished_themes:
			if theme in themes and not (closed and theme in closed):
				fit += 1
		score += plan.theme_unit * fit
		if reasons is not None:
			_theme_reasons(plan, themes, closed, reasons)

	if plan.skill_total:
		skills = c.skills
		fit = 0
		for skill in plan.required_skills:
			if skill in skills:
				fit += 2
		for skill in plan.wished_skills:
			if skill in skills:
				fit += 1
		score += plan.skill_unit * fit
		if reasons is not None:
			has = plan.required_skills.union(plan.wished_skills).intersection(skills)
			for skill in sorted(has):
				reasons.append(Reason(_("has skill {skill}"), {"skill": skill}, PLUS, ("skill",)))
			for skill in sorted(plan.required_skills - has):
				reasons.append(
					Reason(_("lacks the required skill {skill}"), {"skill": skill}, MINUS, ("skill",))
				)

	if plan.languages:
		speaks = not plan.languages.isdisjoint(c.languages)
		if speaks:
			score += w.language
		if reasons is not None:
			if speaks:
				spoken = sorted(plan.languages.intersection(c.languages))
				reasons.append(Reason(_("speaks {language}"), {"language": spoken}, PLUS))
			else:
				reasons.append(
					Reason(_("does not speak {language}"), {"language": plan.languages_sorted}, MINUS)
				)

	if plan.online:
		if reasons is not None:
			reasons.append(_R_ONLINE)
	elif km is not None:
		nearness = 1.0 - km / w.distance_horizon_km
		if nearness > 0:
			score += w.distance * nearness
		if reasons is not None:
			reasons.append(Reason(_("{km} km away"), {"km": round(km)}, INFO))
	elif plan.care_network and c.care_network == plan.care_network:
		score += w.region
		if reasons is not None:
			reasons.append(Reason(_("same care network: {network}"), {"network": c.care_network}, PLUS))
	elif plan.postcode_area and c.postcode and c.postcode.strip().startswith(plan.postcode_area):
		score += w.region / 2
		if reasons is not None:
			reasons.append(Reason(_("same postcode area ({area}..)"), {"area": plan.postcode_area}, PLUS))
	elif reasons is not None:
		reasons.append(_R_DISTANCE_UNKNOWN)

	# Fair rotation: fewer recent assignments first.
	recent = c.recent_assignments
	score += w.rotation / (1 + recent if recent > 0 else 1)

	# The member's own preferences: each one that fits counts a third.
	hits = 0
	assignment_type, target_group = plan.prefer_pair
	if assignment_type and assignment_type in c.preferred_assignment_types:
		hits += 1
	if target_group and target_group in c.preferred_target_groups:
		hits += 1
	if c.prefers_online and plan.online:
		hits += 1
	if hits:
		score += w.preferences * hits / 3

	if reasons is not None:
		_info_reasons(plan, c, reasons)
	return _round6(score)


def _theme_reasons(
	plan: _Plan, themes: Mapping[str, bool], closed: Collection[str], reasons: list[Reason]
) -> None:
	"""The wished themes the member has and is open for, named only where the member allows it."""
	matched = sorted(t for t in plan.wished_themes.intersection(themes) if t not in closed)
	if matched and closed and not plan.wished_themes.isdisjoint(closed):
		reasons.append(_R_SOME_THEME_CLOSED)
	if not matched:
		reasons.append(_R_NO_THEME)
		return
	for theme in matched:
		if themes[theme]:
			reasons.append(Reason(_("has theme {theme}, may be named"), {"theme": theme}, PLUS, ("theme",)))
	if not all(themes[theme] for theme in matched):
		reasons.append(_R_THEME_UNNAMED)


def _info_reasons(plan: _Plan, c: Candidate, reasons: list[Reason]) -> None:
	"""Rotation, load, allowance room and preferences, in words."""
	recent = c.recent_assignments
	if c.last_assignment_on is None:
		reasons.append(_R_NO_ASSIGNMENT_YET)
	else:
		template = {
			0: _("no assignment in the last {months} months, the last on {date}"),
			1: _("1 assignment in the last {months} months, on {date}"),
		}.get(recent, _("{count} assignments in the last {months} months, the last on {date}"))
		reasons.append(
			Reason(
				template,
				{"count": recent, "months": plan.weights.rotation_months, "date": c.last_assignment_on},
				PLUS if recent == 0 else INFO,
			)
		)

	# Load, shown for the busiest month of the assignment.
	if c.monthly_limit is not None:
		per_month = c.assignments_per_month
		month = max(plan.month_keys, key=lambda key: per_month.get(key, 0))
		reasons.append(
			Reason(
				_("{count} of {limit} assignments in {month}"),
				{"count": per_month.get(month, 0), "limit": c.monthly_limit, "month": month},
				INFO,
			)
		)

	if c.allowance_room is not None:
		reasons.append(
			Reason(
				_("allowance room left this year: EUR {amount}"),
				{"amount": format_amount(max(c.allowance_room, Decimal(0)))},
				INFO,
			)
		)

	assignment_type, target_group = plan.prefer_pair
	if assignment_type and assignment_type in c.preferred_assignment_types:
		reasons.append(Reason(_("likes to do {type}"), {"type": assignment_type}, PLUS, ("type",)))
	if target_group and target_group in c.preferred_target_groups:
		reasons.append(Reason(_("likes to work with {group}"), {"group": target_group}, PLUS, ("group",)))
	if c.prefers_online:
		reasons.append(_R_PREFERS_ONLINE if plan.online else _R_PREFERS_ONLINE_NOT)


def match(
	need: AssignmentNeed,
	candidates: Iterable[Candidate],
	weights: Weights | None,
	today: date,
	qualify: Qualify = default_qualify,
	include_excluded: bool = False,
) -> list[Ranked]:
	"""Rank the candidates for this assignment, best first, each with a score and reasons.

	Members a hard rule keeps out are left out, unless ``include_excluded``: then they come
	after the eligible ones, each with every rule that keeps them out. Equal scores go to
	the member with fewer recent assignments, then the one whose last assignment is older,
	then by name and id, so the order never depends on the order of ``candidates``.

	``qualify(required_courses, candidate.certificates, on_date)`` returns what the member is
	not qualified for on that date (asked for the first and the last session date): each item
	``(course, expiry or None)`` or a reason with ``template`` and ``params``.
	"""
	plan = _Plan(need, weights or Weights(), today)
	eligible: list[Ranked] = []
	excluded: list[Ranked] = []
	for c in candidates:
		exclusions, km = _evaluate(plan, c, qualify, include_excluded)
		if exclusions is None:
			continue
		row = Ranked(c.member_id, not exclusions, _score(plan, c, km), exclusions, (plan, c, km))
		(excluded if exclusions else eligible).append(row)
	_sort(eligible)
	if excluded:
		_sort(excluded)
		eligible.extend(excluded)
	return eligible


_by_score = attrgetter("score")


def _tie_key(row: Ranked) -> tuple:
	c = row._candidate
	return (c.recent_assignments, c.last_assignment_on or date.min, c.name, c.member_id)


def _sort(rows: list[Ranked]) -> None:
	"""Best score first; equal scores by fewer recent assignments, older last assignment, name, id.

	Sorted on the score alone (in C), then only the runs of equal scores by the rest: the same
	order as sorting on the whole key, for a fraction of the cost. Both sorts are stable, so
	rows equal in everything keep the order they came in.
	"""
	rows.sort(key=_by_score, reverse=True)
	start, count = 0, len(rows)
	while start < count:
		score, end = rows[start].score, start + 1
		while end < count and rows[end].score == score:
			end += 1
		if end - start > 1:
			rows[start:end] = sorted(rows[start:end], key=_tie_key)
		start = end


def check_hard_rules(
	need: AssignmentNeed, candidate: Candidate, today: date, qualify: Qualify = default_qualify
) -> list[Reason]:
	"""Every hard rule that keeps this member out of this assignment ([] when none does).

	For re-checking a member when they accept an invitation.
	"""
	return _evaluate(_Plan(need, Weights(), today), candidate, qualify, True)[0] or []
