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
	while get_jobs(site=site).get(site):
		if time.monotonic() > deadline:
			raise AssertionError(
				f"jobs of {site} still queued after {timeout} s: {get_jobs(site=site)[site]}"
			)
		time.sleep(0.2)
