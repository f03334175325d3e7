"""Waiting for the background jobs a test caused, as a site with a worker runs them.

A request stored over HTTP queues its mails after the commit; a worker (as on every production
site) then runs that job while the test goes on. A test that commits and then changes or removes
what the job works on waits for the site's queued and running jobs first, so neither holds a lock
the other waits for. Without a worker nothing runs them, and there is nothing to wait for.
"""

import time

import frappe
from frappe.utils.background_jobs import get_jobs, get_workers

WAIT_SECONDS = 120


def wait_for_jobs(timeout: float = WAIT_SECONDS) -> None:
	"""Until no job of this site is queued or running (at most ``timeout`` seconds)."""
	if not get_workers():
		return
	site = frappe.local.site
	deadline = time.monotonic() + timeout
	# Empty twice in a row: a worker that has just taken a job off the queue has not yet put it
	# in its registry of running jobs, and for that moment the job is in neither.
	empty = 0
	while empty < 2:
		if get_jobs(site=site).get(site):
			empty = 0
			if time.monotonic() > deadline:
				raise AssertionError(
					f"jobs of {site} still queued after {timeout} s: {get_jobs(site=site)[site]}"
				)
		else:
			empty += 1
		time.sleep(0.2)


def wait_until(condition, timeout: float = WAIT_SECONDS) -> None:
	"""Until ``condition()`` holds, read afresh each time (what a worker committed), at most
	``timeout`` seconds: for a test that waits for what a job does rather than for the queue."""
	deadline = time.monotonic() + timeout
	while True:
		frappe.db.rollback()
		if condition():
			return
		if time.monotonic() > deadline:
			raise AssertionError(f"still not so after {timeout} s: {condition.__doc__ or condition}")
		time.sleep(0.2)
