"""A post to the public request form against a bare Frappe web form, side by side on one site.

Run with the bench's Python from the bench's sites folder:

    cd frappe-bench/sites && ../env/bin/python /path/to/lef_members/benchmarks/web_form.py SITE [POSTS]

It makes a bare web form on ToDo (one field), then posts both forms POSTS times each (40 by
default), alternating, as Guest through Frappe's WSGI app in this process (no network), with
valid data; it prints the median and p95 of each, the ratio of the p95s and how many records
each stored, then deletes what it made (the requests, the ToDos, the bare form) and puts
the app's limits back. Target (issue 13): the request form's p95 within 1.5 times the bare
form's. The figures depend on the machine: no test asserts them.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date, timedelta

ACCEPT = "/api/method/frappe.website.doctype.web_form.web_form.accept"
BARE = "lef-bench-bare-form"
LIMITS = (
	"request_limit_per_address",
	"request_limit_per_email",
	"request_limit_per_organisation",
	"request_limit_per_site",
)


def main(site: str, posts: int) -> None:
	import frappe

	frappe.init(site=site)
	frappe.connect()
	frappe.set_user("Administrator")
	saved = {field: frappe.db.get_single_value("LEF Settings", field) for field in LIMITS}
	try:
		run(site, posts)
	finally:
		frappe.db.rollback()
		frappe.db.set_single_value("LEF Settings", saved)
		cleanup()
		frappe.db.commit()
		frappe.destroy()


def bare_form() -> None:
	import frappe

	if frappe.db.exists("Web Form", BARE):
		return
	frappe.get_doc(
		{
			"doctype": "Web Form",
			"title": "LEF bench bare form",
			"route": BARE,
			"name": BARE,
			"doc_type": "ToDo",
			"published": 1,
			"anonymous": 1,
			"login_required": 0,
			"is_standard": 0,
			"web_form_fields": [
				{"fieldname": "description", "fieldtype": "Text Editor", "label": "Description"}
			],
		}
	).insert(ignore_permissions=True)


def cleanup() -> None:
	import frappe

	for name in frappe.get_all(
		"Expert Request", filters={"email": ("like", "%@bench-form.invalid")}, pluck="name"
	):
		frappe.delete_doc("Expert Request", name, force=True, ignore_permissions=True)
	frappe.db.delete("ToDo", {"description": ("like", "%lef-bench-bare-post%")})
	if frappe.db.exists("Web Form", BARE):
		frappe.delete_doc("Web Form", BARE, force=True, ignore_permissions=True)


def request_values(index: int) -> dict:
	day = (date.today() + timedelta(days=30 + index % 60)).isoformat()
	return {
		"organisation_name": f"Bench vzw {index}",
		"contact_person": "Bench Tester",
		"email": f"bench{index}@bench-form.invalid",
		"assignment_type": "Recovery story",
		"title": f"Herstelverhaal {index}",
		"description": "Een getuigenis over herstel voor ons team.",
		"location_type": "Online",
		"dates": [{"session_date": day, "start_time": "13:30:00", "end_time": "16:00:00"}],
		"number_of_experts": 1,
		"consent": 1,
	}


def run(site: str, posts: int) -> None:
	from unittest.mock import patch

	import frappe
	from frappe.utils import get_test_client

	bare_form()
	frappe.db.set_single_value("LEF Settings", {field: 0 for field in LIMITS})
	frappe.db.commit()
	timings = {"request-an-expert": [], BARE: []}
	with patch("frappe.app.get_site_name", return_value=site):
		client = get_test_client(use_cookies=False)
		for index in range(posts + 2):  # the first round warms both forms up and is not counted
			for form, data in (
				("request-an-expert", request_values(index)),
				(BARE, {"description": f"lef-bench-bare-post {index}"}),
			):
				frappe.cache.delete_keys("rl:")  # Frappe's 10 a minute per address
				start = time.perf_counter()
				response = client.post(ACCEPT, data={"web_form": form, "data": json.dumps(data)})
				elapsed = time.perf_counter() - start
				if response.status_code != 200:
					raise SystemExit(
						f"{form}: {response.status_code} {response.get_data(as_text=True)[:300]}"
					)
				if index >= 2:
					timings[form].append(elapsed)
	frappe.db.rollback()
	stored = frappe.db.count("Expert Request", {"email": ("like", "%@bench-form.invalid")})
	todos = frappe.db.count("ToDo", {"description": ("like", "%lef-bench-bare-post%")})

	def p95(values: list[float]) -> float:
		return statistics.quantiles(values, n=20)[-1]

	ours, bare = timings["request-an-expert"], timings[BARE]
	print(
		f"posts timed: {len(ours)} to request-an-expert ({stored} requests stored), {len(bare)} to the bare form ({todos} ToDos)"
	)
	print(
		f"request-an-expert  median {statistics.median(ours) * 1000:6.1f} ms   p95 {p95(ours) * 1000:6.1f} ms"
	)
	print(
		f"bare web form      median {statistics.median(bare) * 1000:6.1f} ms   p95 {p95(bare) * 1000:6.1f} ms"
	)
	ratio = p95(ours) / p95(bare)
	print(f"p95 ratio {ratio:.2f} (target within 1.5: {'met' if ratio <= 1.5 else 'NOT met'})")


if __name__ == "__main__":
	main(sys.argv[1] if len(sys.argv) > 1 else "lef.localhost", int(sys.argv[2]) if len(sys.argv) > 2 else 40)
