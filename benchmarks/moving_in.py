"""Moving a forum in: the dry run and the import of a realistic workbook, timed on a site.

Run with the bench's Python from the bench's sites folder:

    cd frappe-bench/sites && ../env/bin/python /path/to/lef_members/benchmarks/moving_in.py SITE [MEMBERS ORGS PAST]

It builds a workbook from the app's Dutch template (150 members, 60 organisations with a contact
each, 50 certificates and 300 past assignments by default, as a forum writes them), times the
dry run and the import (everything stored in one transaction), prints how many rows were judged
and how many records were made, then rolls the import back: the site keeps nothing. No mail is
queued by either (it prints the count). Figures depend on the machine: no test asserts them.
"""

from __future__ import annotations

import sys
import time


def main(site: str, members: int, organisations: int, past_work: int) -> None:
	import frappe

	frappe.init(site=site)
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.local.lang = "nl"
	try:
		run(members, organisations, past_work)
	finally:
		frappe.db.rollback()
		frappe.destroy()


def run(members: int, organisations: int, past_work: int) -> None:
	import frappe

	from lef_members.lef_moving_in import moving_in
	from lef_members.tests.workbooks import build

	content = build(members, organisations, past_work, tag="bench")
	mails = frappe.db.count("Email Queue")

	started = time.perf_counter()
	result, _problems = moving_in.judge(content, "bench.xlsx")
	dry = time.perf_counter() - started
	judged = len(result.rows)
	passed = judged - len(result.refused)

	started = time.perf_counter()
	result, _problems = moving_in.judge(content, "bench.xlsx")
	made = moving_in.store(result)
	stored = time.perf_counter() - started

	print(
		f"workbook: {members} members, {organisations} organisations and contacts, {past_work} past assignments"
	)
	print(f"dry run: {judged} rows judged ({passed} pass) in {dry:.2f} s")
	print(f"import:  {sum(made.values())} records made ({made}) in {stored:.2f} s, dry run included")
	print(f"mails queued: {frappe.db.count('Email Queue') - mails}")


if __name__ == "__main__":
	args = [int(a) for a in sys.argv[2:5]]
	main(sys.argv[1], *(args + [150, 60, 300][len(args) :]))
