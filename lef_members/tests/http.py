"""Real HTTP requests through Frappe's WSGI app, for tests on a site.

The request runs in its own thread (Frappe keeps its state per thread and tears it
down after a request), against the same site, through its own database connection:
commit what the request must see first.
"""

from threading import Barrier, Thread
from unittest.mock import patch

import frappe
from frappe.utils import get_test_client
from frappe.utils.password import set_encrypted_password


def request(method: str, path: str, site: str | None = None, **kwargs):
	"""Send one request; pass ``site`` when calling from a thread of your own."""
	site = site or frappe.local.site
	outcome = {}

	def run():
		with patch("frappe.app.get_site_name", return_value=site):
			client = get_test_client(use_cookies=False)
			outcome["response"] = getattr(client, method)(path, **kwargs)

	thread = Thread(target=run)
	thread.start()
	thread.join()
	return outcome["response"]


def token_headers(user: str) -> dict:
	"""Headers that authenticate as ``user`` with a fresh API key and secret.

	Written to the user's row and the password table directly, not by saving the User: a job the
	worker runs for a new user (its gravatar, its contact) may save it meanwhile."""
	key = frappe.db.get_value("User", user, "api_key") or frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	frappe.db.set_value("User", user, "api_key", key, update_modified=False)
	set_encrypted_password("User", user, secret, "api_secret")
	return {"Authorization": f"token {key}:{secret}", "Accept": "application/json"}


def parallel(*calls: tuple[str, str, dict]) -> list:
	"""Run several requests at the same moment, each in its own thread (and so its own database
	connection and transaction): ``parallel(("post", path, kwargs), ...)``. The responses come
	back in the order of the calls. Commit what the requests must see first.
	"""
	site = frappe.local.site
	outcomes: list = [None] * len(calls)
	errors: list = []
	start = Barrier(len(calls))

	def run(index: int, method: str, path: str, kwargs: dict) -> None:
		try:
			client = get_test_client(use_cookies=False)
			start.wait(timeout=60)
			outcomes[index] = getattr(client, method)(path, **kwargs)
		except Exception as error:  # surfaced in the test's thread below
			start.abort()  # never leave the other threads waiting at the start
			errors.append(error)

	# Patched once around all threads: patching per thread would restore the original while
	# another thread still needs it.
	with patch("frappe.app.get_site_name", return_value=site):
		threads = [Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
	if errors:
		raise errors[0]
	return outcomes
