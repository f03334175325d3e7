"""Serving the site on loopback from a thread, for the tests that need a real server: the browser
tests, and the PDFs (wkhtmltopdf loads the page's stylesheets from the site's own address)."""

from __future__ import annotations

import os
import socket
import threading
from contextlib import contextmanager
from unittest.mock import patch
from urllib.parse import urlparse

import frappe
import frappe.app
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.serving import make_server


class SiteServer:
	"""The site's WSGI app (with /assets and /files) on 127.0.0.1 on a free port, in a thread."""

	def __init__(self, site: str, host: str = "127.0.0.1", port: int = 0):
		sites_path = os.path.abspath(frappe.local.sites_path)
		app = SharedDataMiddleware(frappe.app.application, {"/assets": os.path.join(sites_path, "assets")})
		self.patcher = patch("frappe.app.get_site_name", return_value=site)
		self.sites_patcher = patch("frappe.app._sites_path", sites_path)
		self.patcher.start()
		self.sites_patcher.start()
		self.server = make_server(host, port, app, threaded=True)
		self.url = f"http://{host}:{self.server.server_port}"
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
		self.thread.start()

	def stop(self):
		self.server.shutdown()
		self.server.server_close()
		self.thread.join(timeout=10)
		self.sites_patcher.stop()
		self.patcher.stop()


def _answers(host: str, port: int) -> bool:
	try:
		with socket.create_connection((host, port), timeout=1):
			return True
	except OSError:
		return False


@contextmanager
def served_at_host_name():
	"""The site answers at its ``host_name`` (as on a production server) while the block runs:
	a server of the site's own already listening there is used; otherwise one is started on
	loopback at that port. Refuses a host name that is not on this machine."""
	url = urlparse(frappe.utils.get_url())
	host, port = url.hostname or "localhost", url.port or 80
	address = socket.gethostbyname(host)
	if not address.startswith("127."):
		raise AssertionError(f"host_name {host} is not this machine: set it to a loopback name for tests")
	if _answers(address, port):
		yield
		return
	server = SiteServer(frappe.local.site, host=address, port=port)
	try:
		yield
	finally:
		server.stop()
