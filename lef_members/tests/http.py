"""Real HTTP requests through Frappe's WSGI app, for tests on a site.

The request runs in its own thread (Frappe keeps its state per thread and tears it
down after a request), against the same site, through its own database connection:
commit what the request must see first.
"""

from threading import Thread
from unittest.mock import patch

import frappe
from frappe.utils import get_test_client


def request(method: str, path: str, **kwargs):
	site = frappe.local.site
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
	"""Headers that authenticate as ``user`` with a fresh API key and secret."""
	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return {"Authorization": f"token {doc.api_key}:{secret}", "Accept": "application/json"}
