"""How fast matching ranks members for one assignment.

Run: ``python benchmarks/matching.py [members] [runs]``. Builds synthetic members with a fixed
seed and times :func:`lef_members.domain.matching.match` in the domain. It prints figures
and the target; it asserts nothing (a benchmark, not a test).

Target (issue 4): 10,000 members ranked for one assignment in under 50 ms.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time as clock
import tracemalloc
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lef_members.domain.availability import PARTS_OF_DAY, WEEKDAYS, Absence, Availability, Slot
from lef_members.domain.matching import AssignmentNeed, Candidate, Weights, match
from lef_members.domain.members import (
	ACTIVE,
	BENEFIT_NONE,
	BENEFIT_SICKNESS,
	BENEFIT_UNEMPLOYMENT,
	CANDIDATE,
	IN_TRAINING,
	LEFT,
	PAUSED,
)

# TODO(issue 4): the on-site half of this benchmark (2,000 members through the "Find experts"
# call on the Assignment, target under 300 ms and a query count that does not grow with the
# number of members) needs a Frappe site; add it here once that call exists, run through
# `bench --site SITE execute`, counting queries with frappe.db's query log.

TARGET_MS = 50.0
SEED = 20250401
TODAY = date(2025, 4, 1)
THEMES = [
	"psychosis",
	"depression",
	"addiction",
	"eating disorder",
	"trauma",
	"forensic care",
	"bipolar disorder",
	"anxiety",
	"personality disorder",
	"suicidality",
	"autism",
	"burnout",
]
SKILLS = [
	"recovery story",
	"co-teaching",
	"policy advice",
	"WRAP facilitation",
	"buddy work",
	"interview",
	"user research",
	"board member",
	"writing",
	"training design",
]
LANGUAGES = ["Dutch", "English", "French", "German", "Arabic", "Turkish"]
NETWORKS = ["Noolim", "Reling", "Ligant", "NZGI"]
TYPES = ["Testimony", "Co-teaching", "Advisory board", "Policy advice", "User research"]
GROUPS = ["Students", "Care workers", "Police", "Teachers", "General public"]
ALL_SLOTS = [Slot(day, part) for day in WEEKDAYS for part in PARTS_OF_DAY]


def synthetic_members(count: int, seed: int = SEED) -> list[Candidate]:
	rnd = random.Random(seed)
	members = []
	for i in range(count):
		roll = rnd.random()
		if roll < 0.82:
			status, paused_until = ACTIVE, None
		elif roll < 0.90:
			status, paused_until = PAUSED, TODAY + timedelta(days=rnd.randint(-20, 60))
		else:
			status, paused_until = rnd.choice([CANDIDATE, IN_TRAINING, LEFT]), None
		absences = ()
		if rnd.random() < 0.1:
			start = TODAY + timedelta(days=rnd.randint(0, 60))
			absences = (Absence(start, start + timedelta(days=rnd.randint(0, 14))),)
		availability = Availability(
			status, frozenset(rnd.sample(ALL_SLOTS, rnd.randint(5, 16))), paused_until, absences
		)
		lat = 50.93 + rnd.uniform(-0.35, 0.35) if rnd.random() < 0.9 else None
		lon = 5.33 + rnd.uniform(-0.45, 0.45) if lat is not None else None
		accepted = []
		for _n in range(rnd.randint(0, 5)):
			day = TODAY + timedelta(days=rnd.randint(0, 60))
			start = datetime(day.year, day.month, day.day, rnd.choice([9, 10, 13, 14, 19]))
			accepted.append((start, start + timedelta(hours=rnd.choice([1, 2, 3]))))
		benefit_roll = rnd.random()
		benefit = (
			BENEFIT_SICKNESS
			if benefit_roll < 0.2
			else BENEFIT_UNEMPLOYMENT
			if benefit_roll < 0.3
			else BENEFIT_NONE
		)
		certificates: dict[str, date | None] = {}
		if rnd.random() < 0.85:
			certificates["Basic training"] = rnd.choice(
				[None, TODAY + timedelta(days=rnd.randint(-100, 700))]
			)
		if rnd.random() < 0.4:
			certificates["Telling your recovery story"] = None
		last = TODAY - timedelta(days=rnd.randint(1, 400)) if rnd.random() < 0.8 else None
		members.append(
			Candidate(
				member_id=f"LEF-MEM-{i:05d}",
				name=f"Member {rnd.randint(0, 99999):05d}",
				availability=availability,
				themes={theme: rnd.random() < 0.5 for theme in rnd.sample(THEMES, rnd.randint(1, 3))},
				skills=frozenset(rnd.sample(SKILLS, rnd.randint(1, 4))),
				languages=frozenset(["Dutch", *rnd.sample(LANGUAGES[1:], rnd.randint(0, 2))]),
				care_network=rnd.choice(NETWORKS),
				postcode=str(rnd.randint(3500, 3990)),
				latitude=lat,
				longitude=lon,
				max_travel_km=rnd.choice([None, 15, 25, 40, 60, 100]),
				monthly_limit=rnd.choice([None, 2, 3, 4, 6, 8]),
				assignments_per_month={"2025-04": rnd.randint(0, 4), "2025-05": rnd.randint(0, 3)},
				accepted_sessions=tuple(accepted),
				certificates=certificates,
				benefit_status=benefit,
				doctor_permission_date=TODAY - timedelta(days=200)
				if benefit == BENEFIT_SICKNESS and rnd.random() < 0.8
				else None,
				unemployment_declaration_date=TODAY - timedelta(days=90)
				if benefit == BENEFIT_UNEMPLOYMENT and rnd.random() < 0.8
				else None,
				allowance_room=rnd.choice([None, Decimal(rnd.randint(0, 2000))]),
				last_assignment_on=last,
				recent_assignments=rnd.randint(0, 6) if last else 0,
				preferred_assignment_types=frozenset(rnd.sample(TYPES, rnd.randint(0, 2))),
				preferred_target_groups=frozenset(rnd.sample(GROUPS, rnd.randint(0, 2))),
				prefers_online=rnd.random() < 0.2,
			)
		)
	return members


def sample_need() -> AssignmentNeed:
	"""A testimony for students in Hasselt on a Tuesday morning."""
	start = datetime(2025, 4, 15, 9, 30)
	return AssignmentNeed(
		sessions=[(start, start + timedelta(hours=2))],
		wished_themes=frozenset({"psychosis", "addiction"}),
		required_skills=frozenset({"recovery story"}),
		wished_skills=frozenset({"co-teaching", "interview"}),
		languages=frozenset({"Dutch"}),
		postcode="3500",
		latitude=50.9307,
		longitude=5.3325,
		care_network="Noolim",
		required_courses=frozenset({"Basic training"}),
		expected_allowance=Decimal("40.00"),
		assignment_type="Testimony",
		target_group="Students",
	)


def everyone_free(members: list[Candidate]) -> list[Candidate]:
	"""The worst case: the same members, all active, free all week, nothing against them."""
	free = Availability(ACTIVE, frozenset(ALL_SLOTS))
	return [
		replace(
			m,
			availability=free,
			accepted_sessions=(),
			monthly_limit=None,
			benefit_status=BENEFIT_NONE,
			allowance_room=None,
			max_travel_km=None,
			certificates={"Basic training": None},
		)
		for m in members
	]


def online_need() -> AssignmentNeed:
	"""An online advisory board in two months, no training required: most members are eligible."""
	first = datetime(2025, 4, 22, 19, 0)
	return AssignmentNeed(
		sessions=[
			(first, first + timedelta(hours=2)),
			(first + timedelta(days=28), first + timedelta(days=28, hours=2)),
		],
		wished_themes=frozenset({"depression"}),
		wished_skills=frozenset({"board member", "policy advice"}),
		languages=frozenset({"Dutch", "English"}),
		online=True,
		assignment_type="Advisory board",
	)


def time_runs(func, runs: int) -> list[float]:
	timings = []
	for _run in range(runs):
		gc.collect()
		started = clock.perf_counter()
		func()
		timings.append((clock.perf_counter() - started) * 1000)
	return timings


def main() -> None:
	count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
	runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
	members = synthetic_members(count)
	need = sample_need()
	weights = Weights()

	def ranked():
		return match(need, members, weights, TODAY)

	def everyone():
		return match(need, members, weights, TODAY, include_excluded=True)

	result = ranked()
	print(f"matching {count:,} synthetic members (seed {SEED}) for one assignment, {runs} runs")
	print(f"on site, Tuesday morning: eligible {len(result):,}, excluded {count - len(result):,}")
	online = online_need()
	online_eligible = len(match(online, members, weights, TODAY))
	print(f"online, two evenings:     eligible {online_eligible:,}, excluded {count - online_eligible:,}")
	free = everyone_free(members)
	scenarios = (
		("on site, ranked list", ranked, True),
		("online, ranked list", lambda: match(online, members, weights, TODAY), True),
		("worst case, all eligible", lambda: match(need, free, weights, TODAY), True),
		("on site, with excluded + why", everyone, False),
	)
	for label, func, targeted in scenarios:
		timings = time_runs(func, runs)
		verdict = (
			f"target < {TARGET_MS:.0f} ms: {'met' if statistics.median(timings) < TARGET_MS else 'NOT met'}"
			if targeted
			else "no target (asked for on demand)"
		)
		print(
			f"{label:<30} best {min(timings):7.1f} ms   median {statistics.median(timings):7.1f} ms   {verdict}"
		)

	top = result[:50]
	started = clock.perf_counter()
	for row in top:
		[reason.render() for reason in row.reasons]
	print(f"rendering the reasons of the top 50: {(clock.perf_counter() - started) * 1000:.2f} ms")

	tracemalloc.start()
	ranked()
	_current, peak = tracemalloc.get_traced_memory()
	tracemalloc.stop()
	print(f"peak memory during one ranking: {peak / 1024 / 1024:.1f} MiB")
	if result:
		best = result[0]
		print(f"best candidate {best.candidate_id}, score {best.score}:")
		for reason in best.reasons:
			print(f"  [{reason.kind}] {reason.render()}")


if __name__ == "__main__":
	main()
