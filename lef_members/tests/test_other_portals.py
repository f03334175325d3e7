"""The app is a guest on someone's site: another app's portal keeps working behind our gate.

On a site with ERPNext, a customer's website user (role Customer, none of ours) logs in through
Frappe's /login in Chromium, opens their invoices and adds an address through ERPNext's portal:
every call those pages make goes through, none is refused by our gate. Skipped where ERPNext is
not installed (it is the other app's portal that is tried).
"""

import os
import unittest

import frappe
from frappe.utils import random_string
from frappe.utils.password import update_password

from lef_members.tests import LEFTestCase
from lef_members.tests.chromium import CHROMIUM, CHROMIUM_ARGS
from lef_members.tests.factories import make_email
from lef_members.tests.serve import SiteServer


class TestAnotherAppsPortal(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if "erpnext" not in frappe.get_installed_apps():
			raise unittest.SkipTest("ERPNext is not installed: its portal is not there to try")
		if not os.path.exists(CHROMIUM):
			raise unittest.SkipTest(f"Chromium not found at {CHROMIUM}")
		from playwright.sync_api import sync_playwright

		cls.email = make_email("customer")
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": f"Portal customer {random_string(6)}",
				"customer_type": "Company",
			}
		).insert(ignore_permissions=True)
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": cls.email,
				"first_name": "Customer",
				"user_type": "Website User",
				"send_welcome_email": 0,
				"roles": [{"role": "Customer"}],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Customer",
				"user": cls.email,
				"email_ids": [{"email_id": cls.email, "is_primary": 1}],
				"links": [{"link_doctype": "Customer", "link_name": customer.name}],
			}
		).insert(ignore_permissions=True)
		cls.customer, cls.contact = customer.name, contact.name
		cls.password = f"Erp-{random_string(12)}-2026!"
		update_password(cls.email, cls.password)
		frappe.db.commit()
		cls.server = SiteServer(frappe.local.site)
		cls.playwright = sync_playwright().start()
		cls.browser = cls.playwright.chromium.launch(
			executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
		)

	@classmethod
	def tearDownClass(cls):
		cls.browser.close()
		cls.playwright.stop()
		cls.server.stop()
		for address in frappe.get_all(
			"Dynamic Link", filters={"parenttype": "Address", "link_name": cls.customer}, pluck="parent"
		):
			frappe.delete_doc("Address", address, force=True, ignore_permissions=True)
		frappe.delete_doc("Contact", cls.contact, force=True, ignore_permissions=True)
		frappe.delete_doc("Customer", cls.customer, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_a_customer_uses_erpnexts_portal_behind_our_gate(self):
		refused, failed = [], []
		context = self.browser.new_context(base_url=self.server.url, locale="en-GB")
		self.addCleanup(context.close)
		page = context.new_page()
		page.set_default_timeout(30_000)

		def note(response):
			if "/api/" in response.url or "cmd=" in response.url:
				if response.status == 403:
					refused.append(response.url)
				elif response.status >= 500:
					failed.append(response.url)

		page.on("response", note)
		page.goto("/login")
		page.fill("#login_email", self.email)
		page.fill("#login_password", self.password)
		page.locator(".form-login .btn-login").first.click()
		page.wait_for_url(lambda url: "/login" not in url)
		for path in ("/me", "/invoices", "/orders"):
			response = page.goto(path)
			self.assertEqual(response.status, 200, path)
		# An address through ERPNext's own web form: the form's calls and its accept go through.
		page.goto("/address/new")
		page.wait_for_function("() => window.frappe && frappe.web_form && frappe.web_form.fields_dict")
		page.locator('[data-fieldname="address_title"] input').fill("Head office")
		page.locator('[data-fieldname="address_line1"] input').fill("Kerkstraat 1")
		page.locator('[data-fieldname="city"] input').fill("Hasselt")
		page.select_option('[data-fieldname="address_type"] select', "Billing")
		page.locator('[data-fieldname="phone"] input').fill("+32 11 22 33 44")
		# The country is a link the form requires: set as its picker would set it.
		page.evaluate("() => frappe.web_form.set_value('country', 'Belgium')")
		page.locator(".web-form-footer .submit-btn, .web-form-header .submit-btn").first.click()
		try:
			page.wait_for_selector(".success-page:not(.hide)")
		except Exception:
			page.screenshot(path=frappe.get_site_path("other-portal-failure.png"), full_page=True)
			raise AssertionError(
				f"the address was not sent; refused calls: {refused}, failed: {failed}"
			) from None
		self.assertEqual(refused, [], "our gate refused a call of another app's portal")
		self.assertEqual(failed, [])
		frappe.db.rollback()
		self.assertTrue(
			frappe.db.exists("Address", {"address_line1": "Kerkstraat 1", "address_title": "Head office"}),
			"the customer's address was stored",
		)
