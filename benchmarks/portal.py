"""The member's portal home (/lef) against Frappe's own /me, side by side on one site.

Run with the bench's Python from the bench's sites folder:

    cd frappe-bench/sites && ../env/bin/python /path/to/lef_members/benchmarks/portal.py SITE [GETS]

It makes a member with a long history (200 done assignments, hour logs, two invitations, work
to come), then asks for /lef and /me GETS times each (40 by default), alternating, as that
member through Frappe's WSGI app in this process (no network); it prints the median and p95 of
each and the ratio of the p95s, and the number of database queries each /lef page runs for a
member with 2 and with 200 done assignments. Then it removes everything it made. Target (issue
15): /lef within 1.3 times /me at p95; the query counts the same for both members. The figures
depend on the machine: no test asserts them.
"""

from __future__ import annotations

import statistics
import sys
import time


def main(site: str, gets: int) -> None:
	import frappe
	from frappe.utils import now_datetime

	from lef_members.tests import remove_created_since

	frappe.init(site=site)
	frappe.connect()
	frappe.set_user("Administrator")
	started = now_datetime()
	try:
		run(site, gets)
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		remove_created_since(started)
		frappe.db.commit()
		frappe.destroy()


def member_with_history(done: int):
	import frappe
	from frappe.utils import add_days, today

	from lef_members.tests.factories import (
		create_accepted_assignment,
		create_active_member,
		create_hour_log,
	)

	member = create_active_member(first_name=f"Bench{done}")
	for n in range(done):
		day = add_days(today(), -(n * 3 + 2))
		assignment = create_accepted_assignment(member, [day])
		create_hour_log(member, assignment, day)
		assignment.db_set("status", "Completed")
	create_accepted_assignment(member, [add_days(today(), 9)])
	frappe.db.commit()
	return member


def queries_of(member) -> dict[str, int]:
	"""How many statements each /lef page's context runs, caches warm as in a real visit."""
	from unittest.mock import patch

	import frappe

	from lef_members.www.lef import hours, index, invitations, overview, profile, trainings

	counts = {}
	frappe.set_user(member.user)
	# No web session in a script: the pages' CSRF token is not what is measured.
	csrf = patch("frappe.sessions.get_csrf_token", return_value="bench")
	csrf.start()
	try:
		for route, page in (
			("/lef", index),
			("/lef/invitations", invitations),
			("/lef/hours", hours),
			("/lef/trainings", trainings),
			("/lef/profile", profile),
			("/lef/overview", overview),
		):
			page.get_context(frappe._dict())
			count = [0]
			original = frappe.db.sql

			def sql(*args, _original=original, _count=count, **kwargs):
				_count[0] += 1
				return _original(*args, **kwargs)

			with patch.object(frappe.db, "sql", sql):
				page.get_context(frappe._dict())
			counts[route] = count[0]
	finally:
		csrf.stop()
		frappe.set_user("Administrator")
	return counts


def run(site: str, gets: int) -> None:
	from unittest.mock import patch

	import frappe
	from frappe.utils import get_test_client

	from lef_members.tests.http import token_headers

	few = member_with_history(2)
	many = member_with_history(200)
	headers = token_headers(many.user)
	frappe.db.commit()
	counts_few, counts_many = queries_of(few), queries_of(many)
	timings = {"/lef": [], "/me": []}
	with patch("frappe.app.get_site_name", return_value=site):
		client = get_test_client(use_cookies=False)
		for index in range(gets + 2):  # the first rounds warm both pages up and are not counted
			for path in ("/lef", "/me"):
				start = time.perf_counter()
				response = client.get(path, headers=headers)
				elapsed = time.perf_counter() - start
				if response.status_code != 200:
					raise SystemExit(
						f"{path}: {response.status_code} {response.get_data(as_text=True)[:300]}"
					)
				if index >= 2:
					timings[path].append(elapsed)

	def p95(values: list[float]) -> float:
		return statistics.quantiles(values, n=20)[-1]

	done = frappe.db.count("Assignment Expert", {"member": many.name, "status": "Accepted"})
	print(
		f"member with {done} accepted assignments (200 done, 1 to come); {len(timings['/lef'])} gets of each page timed"
	)
	for path in ("/lef", "/me"):
		print(
			f"{path:<5} median {statistics.median(timings[path]) * 1000:6.1f} ms   p95 {p95(timings[path]) * 1000:6.1f} ms"
		)
	ratio = p95(timings["/lef"]) / p95(timings["/me"])
	print(f"p95 ratio {ratio:.2f} (target within 1.3: {'met' if ratio <= 1.3 else 'NOT met'})")
	for route in counts_few:
		same = "same" if counts_few[route] == counts_many[route] else "GROWS"
		print(
			f"queries {route:<17} 2 done: {counts_few[route]:3d}   200 done: {counts_many[route]:3d}   {same}"
		)


if __name__ == "__main__":
	main(sys.argv[1] if len(sys.argv) > 1 else "lef.localhost", int(sys.argv[2]) if len(sys.argv) > 2 else 40)
