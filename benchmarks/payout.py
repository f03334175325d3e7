"""An allowance payout on a real site: 1,000 members and 50,000 approved hour logs.

Run with the bench's Python from the bench's sites folder:

    cd frappe-bench/sites && ../env/bin/python /path/to/lef_members/benchmarks/payout.py SITE [MEMBERS] [LOGS]

It inserts synthetic members (Belgian flat rate) and approved hour logs for 2024 (bulk, in one
transaction), times a payout's draft computation and its submission (as drafted: the inputs
are verified by their fingerprint and the draft's lines stand; and again after one more log
was approved, so the submission computes everything again under its locks), counts the
database queries of the computation at two sizes to show they do not grow with the number
of logs, and measures the floor in the same run: the time to bulk-insert as many payout lines
as the payout wrote (the least any payout that stores its lines must spend). It prints the
figures and the ratio to the floor, and rolls everything back.

Target (issue 11): the draft and the submission each under 3 s and within 3 times the floor;
queries constant. The figures depend on the machine: no test asserts them.
"""

import random
import sys
import time
from datetime import date, timedelta


def main(site: str, members: int, logs: int) -> None:
	import frappe

	frappe.init(site=site)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		run(members, logs)
	finally:
		frappe.db.rollback()
		frappe.destroy()


def insert(members: int, logs: int, start: date, seed: int = 5) -> None:
	import frappe
	from frappe.utils import now_datetime

	rng = random.Random(seed)
	now = now_datetime()
	stamp = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	tag = frappe.generate_hash(length=6)
	names = [f"BENCH-{tag}-{i:05d}" for i in range(members)]
	frappe.db.bulk_insert(
		"Expert by Experience",
		[
			"name",
			"first_name",
			"last_name",
			"full_name",
			"email",
			"status",
			"allowance_regime",
			"iban",
			*stamp,
		],
		[
			(
				n,
				"Bench",
				n,
				f"Bench {n}",
				f"{n.lower()}@example.org",
				"Active",
				"BE volunteer flat rate",
				"NL91ABNA0417164300",
				*stamp.values(),
			)
			for n in names
		],
	)
	rows = []
	modes = ["Car", "Bicycle", "Public transport", "On foot", None]
	for i in range(logs):
		member = names[i % members]
		day = start + timedelta(days=(i // members) % 300)
		mode = rng.choice(modes)
		km = rng.choice([0, 12, 35, 80]) if mode in ("Car", "Bicycle") else 0
		rows.append(
			(
				f"LEF-HRS-BENCH-{tag}-{i:06d}",
				member,
				f"BENCH-ASG-{tag}",
				day,
				2,
				1,
				0.5,
				0.25,
				3.75,
				mode,
				km,
				4.2 if mode == "Public transport" else 0,
				0,
				"/private/files/ticket.pdf" if mode == "Public transport" else None,
				1,
				"Approved",
				*stamp.values(),
			)
		)
	frappe.db.bulk_insert(
		"Hour Log",
		[
			"name",
			"member",
			"assignment",
			"session_date",
			"execution_hours",
			"preparation_hours",
			"travel_hours",
			"debrief_hours",
			"total_hours",
			"transport_mode",
			"kilometres",
			"ticket_amount",
			"other_costs",
			"receipt",
			"docstatus",
			"status",
			*stamp,
		],
		rows,
	)


def count_queries(fn):
	import frappe

	calls = []
	original = frappe.db.sql

	def counting(*args, **kwargs):
		calls.append(1)
		return original(*args, **kwargs)

	frappe.db.sql = counting
	try:
		fn()
	finally:
		frappe.db.sql = original
	return len(calls)


def run(members: int, logs: int) -> None:
	import frappe

	from lef_members.lef_hours import payouts

	start = date(2024, 1, 2)
	# Queries at two sizes (compute only), on their own small data sets.
	insert(20, 200, date(2024, 1, 2), seed=1)
	# Warm the process as a server that has served a request is warm (DocType meta, the
	# modules a payout imports, the translations its statements are written in): a small
	# draft and its submission, rolled back.
	warm = frappe.get_doc({"doctype": "Allowance Payout", "from_date": "2024-01-01", "to_date": "2024-12-31"})
	warm.insert()
	warm.submit()
	frappe.db.rollback()
	insert(20, 200, date(2024, 1, 2), seed=1)
	small = count_queries(lambda: payouts.compute_period(date(2024, 1, 1), date(2024, 12, 31)))
	frappe.db.rollback()
	insert(20, 2000, date(2024, 1, 2), seed=2)
	large = count_queries(lambda: payouts.compute_period(date(2024, 1, 1), date(2024, 12, 31)))
	frappe.db.rollback()

	t0 = time.perf_counter()
	insert(members, logs, start)
	t1 = time.perf_counter()
	payout = frappe.get_doc(
		{"doctype": "Allowance Payout", "from_date": "2024-01-01", "to_date": "2024-12-31"}
	)
	payout.insert()
	t2 = time.perf_counter()
	frappe.db.savepoint("bench_draft")
	submit_queries = count_queries(payout.submit)
	t3 = time.perf_counter()
	paid = frappe.db.count("Hour Log", {"payout": payout.name})
	lines = frappe.db.count("Allowance Payout Line", {"payout": payout.name})
	paid_total, held_total, computed = payout.paid_total, payout.held_total, payout.member_count

	# The same submission after one more log was approved since the draft: computed again.
	frappe.db.rollback(save_point="bench_draft")
	insert(1, 1, start, seed=3)
	payout = frappe.get_doc("Allowance Payout", payout.name)
	t4 = time.perf_counter()
	changed_queries = count_queries(payout.submit)
	t5 = time.perf_counter()

	# The floor: bulk-insert the same number of payout lines, nothing else.
	frappe.db.rollback(save_point="bench_draft")
	floor = measure_floor(lines)
	draft, submit, changed = t2 - t1, t3 - t2, t5 - t4
	print(f"members {members}, approved logs {logs}")
	print(f"insert test data      {t1 - t0:7.2f} s")
	print(f"draft (fingerprint, compute, write)             {draft:7.2f} s")
	print(f"submit as drafted (lock, verify, mark paid)     {submit:7.2f} s, {submit_queries} queries")
	print(
		f"submit after a change (lock, compute again, write, mark paid) {changed:7.2f} s, {changed_queries} queries"
	)
	print(f"logs paid {paid}, payout lines {lines}, members computed {computed}")
	print(f"paid {paid_total:,.2f}, held {held_total:,.2f}")
	print(f"compute queries: 200 logs -> {small}, 2,000 logs -> {large} (constant: {small == large})")
	print(f"floor: bulk insert of {lines} payout lines  {floor:7.2f} s")
	for label, seconds in (
		("draft", draft),
		("submission as drafted", submit),
		("submission after a change", changed),
	):
		ratio = seconds / floor if floor else float("inf")
		met = seconds < 3 and ratio <= 3
		print(
			f"target under 3 s and within 3 x the floor for the {label}: "
			f"{'met' if met else 'NOT met'} ({seconds:.2f} s, {ratio:.2f} x the floor)"
		)


def measure_floor(count: int) -> float:
	"""Seconds to bulk-insert ``count`` payout lines the way a payout writes them."""
	import frappe
	from frappe.utils import now

	from lef_members.lef_hours.doctype.allowance_payout.allowance_payout import LINE_COLUMNS
	from lef_members.utilities.database import bulk_insert

	stamp = now()
	constants = {
		"creation": stamp,
		"modified": stamp,
		"owner": "Administrator",
		"modified_by": "Administrator",
		"docstatus": 0,
		"payout": "BENCH-FLOOR",
	}
	day = date(2024, 3, 5)
	rows = [
		(
			f"BENCH-FLOOR-{i:06d}",
			f"BENCH-M-{i % 1000:05d}",
			"Bench member",
			day,
			"Flat rate",
			"Volunteer flat rate",
			f"LEF-HRS-BENCH-{i:06d}",
			1,
			41.48,
			41.48,
			41.48,
			0,
			"allowance",
			0,
			"",
		)
		for i in range(count)
	]
	frappe.db.savepoint("bench_floor")
	t0 = time.perf_counter()
	bulk_insert("Allowance Payout Line", LINE_COLUMNS, rows, constants)
	elapsed = time.perf_counter() - t0
	frappe.db.rollback(save_point="bench_floor")
	return elapsed


if __name__ == "__main__":
	site = sys.argv[1] if len(sys.argv) > 1 else "lef5.localhost"
	members = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
	logs = int(sys.argv[3]) if len(sys.argv) > 3 else 50000
	main(site, members, logs)
