"""'Find experts' on a real site: rank 2,000 members for one assignment.

Run with the bench's Python from the bench's sites folder:

    cd frappe-bench/sites && ../env/bin/python /path/to/lef_members/benchmarks/site_matching.py SITE [MEMBERS]

It inserts synthetic members (bulk, in one transaction), times the ranking call a coordinator
makes from the Assignment form, counts its database queries at two sizes to show that the
count does not grow with the number of members, prints the figures and rolls everything back.
Targets (issue 4): under 300 ms for 2,000 members; the query count independent of members.
"""

import random
import statistics
import sys
import time


def main(site: str, members: int) -> None:
	import frappe

	frappe.init(site=site)
	frappe.connect()
	try:
		run(members)
	finally:
		frappe.db.rollback()
		frappe.destroy()


def insert_members(count: int, seed: int) -> None:
	import frappe
	from frappe.utils import now_datetime, today

	rng = random.Random(seed)
	themes = frappe.get_all("Experience Theme", pluck="name")
	skills = frappe.get_all("Expert Skill", pluck="name")
	now = now_datetime()
	stamp = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	tag = frappe.generate_hash(length=6)
	members, theme_rows, skill_rows, slot_rows = [], [], [], []
	for i in range(count):
		name = f"BENCH-{tag}-{i:05d}"
		members.append(
			{
				**stamp,
				"name": name,
				"first_name": "Bench",
				"last_name": f"{i:05d}",
				"full_name": f"Bench {i:05d}",
				"email": f"bench-{tag}-{i}@example.org",
				"status": "Active",
				"max_assignments_per_month": rng.randint(1, 6),
				"max_travel_km": rng.choice((10, 30, 60, 100)),
				"latitude": 50.9 + rng.random() * 0.4,
				"longitude": 5.2 + rng.random() * 0.6,
				"benefit_status": "None",
				"consent_date": today(),
				"consent_version": "1",
				"joined_on": today(),
				"experience_kind": "Own experience",
			}
		)
		for j, theme in enumerate(rng.sample(themes, k=min(2, len(themes)))):
			theme_rows.append(
				{
					**stamp,
					"name": f"{name}-t{j}",
					"parent": name,
					"parenttype": "Expert by Experience",
					"parentfield": "themes",
					"idx": j + 1,
					"experience_theme": theme,
					"may_be_named": rng.randint(0, 1),
				}
			)
		for j, skill in enumerate(rng.sample(skills, k=min(2, len(skills)))):
			skill_rows.append(
				{
					**stamp,
					"name": f"{name}-s{j}",
					"parent": name,
					"parenttype": "Expert by Experience",
					"parentfield": "skills",
					"idx": j + 1,
					"skill": skill,
				}
			)
		for j, (day, part) in enumerate(
			rng.sample(
				[
					(d, p)
					for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
					for p in ("Morning", "Afternoon", "Evening")
				],
				k=5,
			)
		):
			slot_rows.append(
				{
					**stamp,
					"name": f"{name}-a{j}",
					"parent": name,
					"parenttype": "Expert by Experience",
					"parentfield": "availability",
					"idx": j + 1,
					"weekday": day,
					"part_of_day": part,
				}
			)
	for doctype, rows in (
		("Expert by Experience", members),
		("Expert Theme", theme_rows),
		("Expert by Experience Skill", skill_rows),
		("Expert Availability Slot", slot_rows),
	):
		fields = list(rows[0])
		frappe.db.bulk_insert(doctype, fields, [tuple(r[f] for f in fields) for r in rows])


def run(members: int) -> None:
	import frappe
	from frappe.utils import add_days, getdate, today

	from lef_members import assignment_flow

	type_name = frappe.get_all("Assignment Type", pluck="name", limit=1)[0]
	start = getdate(add_days(today(), 7))
	tuesday = add_days(start, (1 - start.weekday()) % 7)
	assignment = frappe.get_doc(
		{
			"doctype": "Assignment",
			"title": "Benchmark",
			"assignment_type": type_name,
			"experts_needed": 2,
			"location_type": "On site",
			"latitude": 50.93,
			"longitude": 5.34,
			"wished_themes": [
				{"experience_theme": t} for t in frappe.get_all("Experience Theme", pluck="name", limit=2)
			],
			"sessions": [{"session_date": tuesday, "start_time": "09:00:00", "end_time": "11:00:00"}],
		}
	).insert(ignore_permissions=True)

	def measure(label: str) -> tuple[float, int]:
		calls = []
		original = frappe.db.sql

		def counting(*args, **kwargs):
			calls.append(1)
			return original(*args, **kwargs)

		times = []
		for run_index in range(5):
			calls.clear()
			frappe.db.sql = counting
			began = time.perf_counter()
			ranked = assignment_flow.rank(assignment)
			times.append((time.perf_counter() - began) * 1000)
			frappe.db.sql = original
			if run_index == 0:
				eligible = len(ranked)
		count = frappe.db.count("Expert by Experience", {"status": "Active"})
		print(
			f"{label}: {count} active members, {eligible} shown; "
			f"best {min(times):.0f} ms, median {statistics.median(times):.0f} ms; {len(calls)} queries"
		)
		return min(times), len(calls)

	insert_members(members // 10, seed=1)
	_small_time, small_queries = measure("small")
	insert_members(members - members // 10, seed=2)
	best, queries = measure("full")
	print(f"target: under 300 ms for 2,000 members -> {'met' if best < 300 else 'NOT met'}")
	print(
		f"queries: {small_queries} at the small size, {queries} at the full size -> {'constant' if small_queries == queries else 'GROWING'}"
	)


if __name__ == "__main__":
	main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
