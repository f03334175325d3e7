"""In a real browser (headless Chromium through Playwright): an organisation submits the public
request form, and a member logs in and logs hours through the portal.

Needs Chromium (``/usr/bin/chromium``, or ``LEF_CHROMIUM``) and the ``playwright`` package in
the bench's environment (no ``playwright install``: the system Chromium is used); skipped
otherwise. The test serves the site itself on loopback, from a thread, so the data it needs is
committed first and removed afterwards.
"""

import os
import shutil
import threading
import unittest
from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, random_string, today
from frappe.utils.password import update_password

from lef_members.tests import LEFTestCase
from lef_members.tests.chromium import CHROMIUM, CHROMIUM_ARGS
from lef_members.tests.cleanup import remove_members
from lef_members.tests.factories import (
	add_expert,
	create_accepted_assignment,
	create_active_member,
	ensure_assignment_type,
)
from lef_members.tests.serve import SiteServer

TIMEOUT_MS = 30_000


def _reset_rate_limits():
	frappe.cache.delete_keys("rl:")


# The web form's field that has the focus: its name, whether it is marked invalid, and the
# error message tied to it.
FOCUSED_FIELD = """() => {
	const el = document.activeElement;
	const ids = (el.getAttribute("aria-describedby") || "").split(" ");
	const error = ids.map((id) => document.getElementById(id)).find((e) => e && e.classList.contains("lef-field-error"));
	return {
		field: el.closest("[data-fieldname]") && el.closest("[data-fieldname]").dataset.fieldname,
		invalid: el.getAttribute("aria-invalid"),
		message: error ? error.textContent : null,
	};
}"""


# What a desk page shows a person: its text (labels, values, buttons) and the words of its charts,
# without Frappe's timeline.
DESK_TEXT = """() => {
	const main = document.querySelector(".page-container:not([style*='display: none']) .layout-main") || document.body;
	const copy = main.cloneNode(true);
	copy.querySelectorAll(".new-timeline, .timeline-items, .form-timeline").forEach((el) => el.remove());
	const svg = [...main.querySelectorAll("svg text")].map((t) => t.textContent).join("\\n");
	document.body.appendChild(copy);
	const text = copy.innerText;
	copy.remove();
	return text + "\\n" + svg;
}"""


def _english_of_ours(lang: str) -> list[str]:
	"""The app's English texts that read differently in ``lang``: every one of two words or more,
	and the single words the app shows as choices (a part of the day, a status, a type). A text
	Frappe itself shows and leaves untranslated in ``lang`` ("Add Row" in French), or translates
	into the same word ("Note"), is Frappe's."""
	from babel.messages.pofile import read_po
	from frappe.translate import get_translations_from_apps

	with open(frappe.get_app_path("lef_members", "locale", f"{lang}.po"), "rb") as f:
		catalogue = read_po(f)
	# Frappe's own texts: its template, or where the tree has none (the v16 line's develop
	# snapshot carries only the catalogues) the catalogue of ``lang``, which lists them all.
	source = frappe.get_app_path("frappe", "locale", "main.pot")
	if not os.path.exists(source):
		source = frappe.get_app_path("frappe", "locale", f"{lang}.po")
	with open(source, "rb") as f:
		frappes = {message.id for message in read_po(f) if message.id}
	frappe_translates = get_translations_from_apps(lang, ["frappe"])
	shown = set()
	for message in catalogue:
		text, translation = message.id, message.string
		if not text or not translation or text == translation or "{" in text:
			continue
		# Frappe shows it untranslated, or its translation is the same word ("Note" in French):
		# seeing it says nothing about ours.
		if text in frappes and frappe_translates.get(text, text) == text:
			continue
		if len(text.split()) >= 2 or (message.context and text[:1].isupper() and len(text) > 3):
			shown.add(text)
	return sorted(shown)


def _shows(text: str, phrase: str) -> bool:
	import re

	return re.search(rf"(?<![\\w-]){re.escape(phrase)}(?![\\w-])", text) is not None


class TestBrowser(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not os.path.exists(CHROMIUM):
			raise unittest.SkipTest(f"Chromium not found at {CHROMIUM}: browser test skipped")
		try:
			from playwright.sync_api import sync_playwright
		except ImportError:
			raise unittest.SkipTest(
				"the Python package 'playwright' is not installed in the bench env: browser test skipped"
			) from None
		cls.request_titles = []
		cls.member = None
		cls.assignment_type = ensure_assignment_type()
		frappe.db.commit()
		cls.server = SiteServer(frappe.local.site)
		try:
			cls.playwright = sync_playwright().start()
			cls.browser = cls.playwright.chromium.launch(
				executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
			)
		except Exception:
			# Chromium is there but does not start: a broken install, not a reason to skip.
			cls.server.stop()
			raise

	@classmethod
	def tearDownClass(cls):
		cls.browser.close()
		cls.playwright.stop()
		cls.server.stop()
		for title in cls.request_titles:
			for name in frappe.get_all("Expert Request", filters={"title": title}, pluck="name"):
				frappe.db.delete("Expert Request Date", {"parent": name})
				frappe.db.delete("Expert Request", {"name": name})
		if cls.member:
			remove_members(members=(cls.member,))
		frappe.db.commit()
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		# Every call our pages (and Frappe's own, /login, /me, /update-password) make from the
		# browser must be an open door: a 403 from the gate means a page calls something that is
		# not on the list in domain/portal_doors.py.
		self.refused_calls = []

	def tearDown(self):
		self.assertEqual(self.refused_calls, [], "a page called a door that is closed to its user")
		super().tearDown()

	def new_page(self, width: int | None = None, locale: str = "en-GB"):
		viewport = {"width": width, "height": 900} if width else None
		context = self.browser.new_context(base_url=self.server.url, locale=locale, viewport=viewport)
		self.addCleanup(context.close)
		page = context.new_page()
		page.set_default_timeout(TIMEOUT_MS)
		page.on("response", self._note_refusal)
		return page

	def _note_refusal(self, response) -> None:
		if "/api/" in response.url and response.status == 403:
			try:
				body = response.text()
			except Exception:
				body = ""
			if "DoorClosed" in body:
				self.refused_calls.append(response.url)

	def fill_request_form(
		self, page, title: str, day, enterprise_number: str | None = None, lang: str | None = None
	) -> None:
		"""Fill in the public request form as a person would, and send it."""
		page.goto("/request-an-expert" + (f"?_lang={lang}" if lang else ""))
		page.wait_for_function("() => window.frappe && frappe.web_form && frappe.web_form.fields_dict")

		def field(name):
			return page.locator(f'[data-fieldname="{name}"] input, [data-fieldname="{name}"] textarea').first

		def type_in(name, value, leave="Tab"):
			# Typed, then Tab to the next field, as a person does; the form takes the value on
			# "change", a moment later. Playwright types faster than any person: the next field is
			# typed in once the form holds this one (else Frappe's refresh after this change
			# redraws the next field while it is typed in). Typed once: a form that drops what was
			# typed fails here.
			field(name).fill(value)
			if leave == "Tab":
				field(name).press("Tab")
			else:
				field(name).blur()
			page.wait_for_function(
				"([name, value]) => frappe.web_form.doc[name] === value", arg=[name, value]
			)

		type_in("organisation_name", "Vzw Browsertest")
		type_in("contact_person", "An Peeters")
		type_in("email", f"an.peeters@{random_string(10).lower()}.example.org")
		type_in("title", title)
		type_in("description", "Een getuigenis over herstel voor ons team.")
		# "On site" is what the form shows as it opens, and what it holds: the address is there to
		# fill in without choosing anything first.
		self.assertEqual(page.evaluate("() => frappe.web_form.doc.location_type"), "On site")
		type_in("address", "Kerkstraat 1")
		type_in("postcode", "3500")
		# Left with the mouse: Tab would go on into the date table, where Frappe 16 opens a row
		# and moves the focus into it a moment later, away from the next field clicked.
		type_in("city", "Hasselt", leave="mouse")
		# The type: typed, then picked from the suggestions as a person would.
		link = field("assignment_type")
		link.click()
		link.fill(self.assignment_type)
		page.locator('[data-fieldname="assignment_type"] ul li').filter(
			has_text=self.assignment_type
		).first.click()
		# One date row: add a row, click each cell to edit it, type.
		page.locator('[data-fieldname="dates"] .grid-add-row').click()
		row = page.locator('[data-fieldname="dates"] .grid-body .grid-row').first
		user_day = page.evaluate("(day) => frappe.datetime.str_to_user(day)", str(day))
		for name, value in (("session_date", user_day), ("start_time", "13:30:00"), ("end_time", "16:00:00")):
			# Left as a click elsewhere leaves it, not with Escape: Frappe 16 drops a new row on
			# Escape while its first value is still being typed in. The next cell is clicked once
			# the form holds this value; on Frappe 16 the date, typed while its calendar opens,
			# is now and then not taken: typed again then, as a person who sees it empty would.
			for _attempt in range(3):
				row.locator(f'.grid-static-col[data-fieldname="{name}"]').click()
				cell = row.locator(f'[data-fieldname="{name}"] input').first
				cell.fill(value)
				cell.blur()
				try:
					page.wait_for_function(
						"(name) => (frappe.web_form.fields_dict.dates.grid.get_data()[0] || {})[name]",
						arg=name,
						timeout=5_000,
					)
					break
				except Exception:
					continue
			else:
				self.fail(f"the date table did not take {name} = {value!r}")
		if enterprise_number:
			field("enterprise_number").fill(enterprise_number)
		field("consent").check()
		page.locator(".web-form-header .submit-btn, .web-form-footer .submit-btn").first.click()

	def wait_for_success(self, page) -> None:
		try:
			page.wait_for_selector(".success-page:not(.hide)")
		except Exception:
			page.screenshot(
				path=os.path.join(frappe.get_site_path(), "browser-test-failure.png"), full_page=True
			)
			self.fail(f"no success page; the page says: {page.locator('body').inner_text()[-1500:]}")

	def test_an_organisation_submits_the_request_form(self):
		"""As it opens, filling in only what a person sees, in Dutch, French and English, at desktop
		and phone width; in Dutch and French no word of the page is left in English."""
		english = ("Add Row", "No Data", "Please correct", "Fill in ")
		for lang, width in (("nl", 1280), ("fr", 390), ("en", 390), ("nl", 390), ("fr", 1280), ("en", 1280)):
			with self.subTest(lang=lang, width=width):
				_reset_rate_limits()
				title = f"Browser test request {random_string(6)}"
				self.request_titles.append(title)
				day = add_days(today(), 30)
				page = self.new_page(width=width, locale={"nl": "nl-BE", "fr": "fr-BE"}.get(lang, "en-GB"))
				page.goto(f"/request-an-expert?_lang={lang}")
				page.wait_for_function(
					"() => window.frappe && frappe.web_form && frappe.web_form.fields_dict"
				)
				shown = page.locator(".web-form").inner_text()
				if lang != "en":
					self.assertEqual([word for word in english if word in shown], [], shown[-800:])
				if lang == "fr":
					self.assertIn("Début", page.locator('[data-fieldname="dates"]').inner_text())
				self.fill_request_form(page, title, day, lang=lang)
				self.wait_for_success(page)
				if lang == "en":
					self.assertIn("We received your request", page.locator(".success-page").inner_text())
				frappe.db.rollback()  # see what the server's connection committed
				stored = frappe.get_all(
					"Expert Request",
					filters={"title": title},
					fields=[
						"name",
						"organisation_name",
						"assignment_type",
						"consent",
						"location_type",
						"city",
					],
				)
				self.assertEqual(len(stored), 1)
				self.assertEqual(stored[0].organisation_name, "Vzw Browsertest")
				self.assertEqual(stored[0].assignment_type, self.assignment_type)
				self.assertEqual((stored[0].location_type, stored[0].city), ("On site", "Hasselt"))
				dates = frappe.get_all(
					"Expert Request Date", filters={"parent": stored[0].name}, pluck="session_date"
				)
				self.assertEqual([str(d) for d in dates], [str(day)])

	def test_an_organisation_follows_its_request_from_the_form_to_the_evaluation(self):
		"""The form sent, then at phone width through the page behind the link in the first mail:
		received, a question answered, accepted, another date asked and answered, confirmed with
		who comes, done, and the evaluation sent. No e-mail to staff on the way."""
		import re

		from lef_members.domain import tokens
		from lef_members.tests.mails import mails_to

		_reset_rate_limits()
		title = f"Browser follow request {random_string(6)}"
		self.request_titles.append(title)
		form = self.new_page()
		self.fill_request_form(form, title, add_days(today(), 30))
		self.wait_for_success(form)
		frappe.db.rollback()
		request = frappe.get_doc("Expert Request", {"title": title})
		# The mails are queued by a background job (no worker runs in tests): run it as one would.
		from lef_members.lef_requests.request_mails import send_request_mails

		send_request_mails(request.name)
		frappe.db.commit()
		page = self.new_page(width=390)  # the organisation reads its mail on a phone
		link = re.search(r"/lef/request\?token=[A-Za-z0-9_.=-]+", mails_to(request.email)[0][1])
		self.assertTrue(link, "the first mail carries the request page's link")
		path = link.group(0)

		def shows(text: str) -> None:
			try:
				page.get_by_text(text, exact=False).first.wait_for()
			except Exception:
				self.fail(
					f"the page does not show {text!r}; it says: {page.locator('#lef-request, #lef-evaluate').first.inner_text()[:1500]}"
				)

		page.goto(path)
		shows("Status: Received")

		# The coordinator asks a question; the organisation answers on the page.
		request.ask_for_info("How many people will listen?")
		frappe.db.commit()
		page.reload()
		shows("How many people will listen?")
		page.get_by_label("Your answer").fill("About twenty nurses.")
		page.get_by_role("button", name="Send my answer").click()
		shows("Your answer was sent to the coordinator")
		page.wait_for_selector("#lef-question", state="detached")
		shows("About twenty nurses.")
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Expert Request", request.name, "status"), "In Review")

		# Accepted; the organisation asks for another date; staff agree on the desk.
		request.reload()
		request.accept()
		frappe.db.commit()
		page.reload()
		shows("Status: Accepted")
		page.get_by_label("What do you want?").select_option("Other date")
		page.get_by_label("Tell us more").fill("The 14th would suit us better.")
		page.get_by_role("button", name="Send to the forum").click()
		shows("The forum will answer you here and by e-mail")
		page.wait_for_selector("#lef-change-list")
		frappe.db.rollback()
		change = frappe.get_doc("Organisation Change Request", {"expert_request": request.name})
		self.assertEqual(change.details, "The 14th would suit us better.")
		change.status = "Agreed"
		change.answer = "Fine, we moved it to the 14th."
		change.save()

		# Confirmed: who comes, by first name. Then done: the evaluation from the page.
		request.reload()
		member = create_active_member(first_name="Marieke")
		add_expert(request.assignment, member)
		frappe.db.set_value("Assignment", request.assignment, "status", "Confirmed")
		frappe.db.commit()
		page.reload()
		shows("Status: Confirmed")
		shows("Marieke")
		shows("Fine, we moved it to the 14th.")
		self.assertNotIn(member.last_name, page.locator("#lef-request").inner_text())
		frappe.db.set_value(
			"Assignment", request.assignment, {"status": "Completed", "evaluation_nonce": tokens.new_nonce()}
		)
		frappe.db.commit()
		page.reload()
		shows("Status: Work done")
		page.get_by_role("link", name="Give your evaluation").click()
		page.get_by_label("4", exact=True).check()
		page.get_by_label("What went well").fill("Clear and warm.")
		page.get_by_role("button", name="Send").click()
		shows("Thank you for your evaluation.")
		page.goto(path)
		shows("Thank you for your evaluation.")
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Assignment", request.assignment, "evaluation_comment"), "Clear and warm."
		)

	def test_a_member_logs_hours_in_the_portal(self):
		member, assignment, day, page = self.member_on_the_hours_page("Browser", "Browser work", days_ago=3)
		type(self).member = member.name
		page.select_option("#log-assignment", assignment.name)
		page.fill("#log-date", str(day))
		page.fill("#log-preparation_hours", "0.5")
		page.fill("#log-execution_hours", "2.75")
		page.fill("#log-travel_hours", "1")
		page.locator('#lef-log-form button[data-submit="0"]').click()
		page.wait_for_selector("#lef-message.alert-success")
		page.wait_for_load_state("load")  # the page reloads with the new draft in the list

		frappe.db.rollback()
		log = frappe.get_all(
			"Hour Log",
			filters={"member": member.name},
			fields=["name", "assignment", "session_date", "status", "total_hours", "execution_hours"],
		)
		self.assertEqual(len(log), 1)
		self.assertEqual(log[0].status, "Draft")
		self.assertEqual(float(log[0].total_hours), 4.25)

		send = page.locator(f'[id="log-{log[0].name}"] button[data-method="submit_for_approval"]')
		send.wait_for()
		send.click()
		page.wait_for_selector("#lef-message.alert-success")

		frappe.db.rollback()
		stored = frappe.get_doc("Hour Log", log[0].name)
		self.assertEqual(stored.status, "Submitted for approval")
		self.assertEqual(stored.assignment, assignment.name)
		self.assertEqual(str(stored.session_date), str(day))
		self.assertEqual(float(stored.execution_hours), 2.75)
		self.assertEqual(float(stored.total_hours), 4.25)

	def test_a_wrong_iban_in_the_profile_is_shown_at_its_field(self):
		"""Only the server checks an IBAN's digits: its message sits under the field, tied to it,
		with the focus there; the stored IBAN is unchanged."""
		member, page = self.logged_in_member(first_name="Iban")
		self.addCleanup(lambda: (remove_members(members=(member.name,)), frappe.db.commit()))
		before = frappe.db.get_value("Expert by Experience", member.name, "iban")
		page.goto("/lef/profile")
		page.fill("#iban", "BE00 1234 5678 9012")
		page.locator('#lef-profile-form button[type="submit"]').click()
		page.wait_for_selector("#lef-error-iban")
		state = page.evaluate(
			"""() => ({
				focused: document.activeElement.id,
				invalid: document.getElementById("iban").getAttribute("aria-invalid"),
				describedby: (document.getElementById("iban").getAttribute("aria-describedby") || "").split(" "),
			})"""
		)
		self.assertEqual(state["focused"], "iban")
		self.assertEqual(state["invalid"], "true")
		self.assertIn("lef-error-iban", state["describedby"])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Expert by Experience", member.name, "iban"), before)

	def test_a_member_sets_their_own_pace_in_the_profile(self):
		member, page = self.logged_in_member(
			first_name="Pace", themes=[{"experience_theme": "Addiction"}, {"experience_theme": "Psychosis"}]
		)
		self.addCleanup(lambda: (remove_members(members=(member.name,)), frappe.db.commit()))

		page.goto("/lef/profile")
		row = page.locator('.lef-theme-row[data-theme="Addiction"]')
		row.locator(".lef-willing").select_option("Not now")
		until = add_days(today(), 20)
		row.locator(".lef-until-date").fill(str(until))  # shown once "Not now" is chosen
		page.get_by_label("Students").check()
		page.select_option("#rest_days_after_heavy", "3")
		page.locator('#lef-profile-form button[type="submit"]').click()
		page.wait_for_selector("#lef-profile-message.alert-success")

		frappe.db.rollback()
		stored = frappe.get_doc("Expert by Experience", member.name)
		themes = {r.experience_theme: (r.willingness, str(r.not_now_until or "")) for r in stored.themes}
		self.assertEqual(themes["Addiction"], ("Not now", str(until)))
		self.assertEqual(themes["Psychosis"], ("Yes", ""))
		self.assertEqual([r.target_group for r in stored.declined_audiences], ["Students"])
		self.assertEqual(stored.rest_days_after_heavy, "3")

	def test_a_member_accepts_through_the_link_in_the_invitation_mail(self):
		from lef_members.domain import tokens
		from lef_members.lef_assignments import assignment_flow
		from lef_members.tests.factories import create_assignment
		from lef_members.utilities import links

		_reset_rate_limits()
		member = create_active_member(first_name="Linked")
		doc = create_assignment(title=f"Browser link {random_string(5)}")
		assignment_flow.invite(doc.name, [member.name])
		invitation = frappe.db.get_value(
			"Assignment Expert", {"assignment": doc.name}, ["name", "link_nonce"], as_dict=True
		)
		token = links.make(tokens.PURPOSE_INVITATION, invitation.name, invitation.link_nonce, 7)
		frappe.db.commit()
		self.addCleanup(self._remove_link_test_data, member.name, doc.name, invitation.name)

		page = self.new_page()
		page.goto(f"/lef/answer?token={token}&answer=accept")
		self.assertIn(doc.title, page.inner_text("#lef-answer"))
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Assignment Expert", invitation.name, "status"), "Invited")
		page.locator('.lef-choice[data-answer="accept"]').click()
		page.wait_for_selector("#lef-message.alert-success")
		self.assertEqual(page.locator("#lef-answer-form").count(), 0)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Assignment Expert", invitation.name, "status"), "Accepted")

		again = self.new_page()
		again.goto(f"/lef/answer?token={token}&answer=accept")
		self.assertIn("already been used", again.inner_text("#lef-message"))

	def login(self, page, user: str, password: str) -> None:
		page.goto("/login")
		page.fill("#login_email", user)
		page.fill("#login_password", password)
		page.locator(".form-login .btn-login").first.click()
		page.wait_for_url(lambda url: "/login" not in url)

	def test_a_member_uses_frappes_own_account_pages_and_logs_out(self):
		"""/me, /update-password and logging out are Frappe's pages: they keep working behind the
		gate (the calls they make are open doors; tearDown fails on any that is not)."""
		_reset_rate_limits()
		member = create_active_member(first_name="Rozemarijn")
		self.addCleanup(lambda: (remove_members(members=(member.name,)), frappe.db.commit()))
		old_password = f"Lef-{random_string(12)}-2026!"
		update_password(member.user, old_password)
		frappe.db.commit()
		page = self.new_page()
		self.login(page, member.user, old_password)
		self.assertEqual(page.goto("/me").status, 200)
		page.wait_for_selector("text=Rozemarijn")  # her name, not a menu item
		page.goto("/update-password")
		new_password = f"Lef-{random_string(14)}-New!"
		page.fill("#old_password", old_password)
		# The page checks the strength as a person types (on each key), then enables the button.
		page.locator("#new_password").press_sequentially(new_password)
		page.locator("#confirm_password").press_sequentially(new_password)
		page.wait_for_selector("#update:not([disabled])")
		page.locator("#update").click()
		page.wait_for_url(lambda url: "/update-password" not in url)
		# The menu's "Log out", wherever it points: /?cmd=web_logout on Frappe 15; on 16 /logout,
		# a page that logs out by POST (16 takes web_logout by POST only).
		page.goto("/me")
		logout = page.locator('a[href*="logout"]').first.get_attribute("href")
		page.goto(logout)
		for _wait in range(50):  # until the session cookie is gone
			if {c["name"]: c["value"] for c in page.context.cookies()}.get("sid") in (None, "", "Guest"):
				break
			page.wait_for_timeout(200)
		# Logged out, the portal is closed: Frappe's "not permitted" page asks to log in.
		self.assertEqual(page.goto("/lef").status, 403)
		self.assertIn("You need to be logged in", page.locator("body").inner_text())
		# The new password opens the portal again.
		self.login(page, member.user, new_password)
		page.goto("/lef")
		self.assertNotIn("/login", page.url)

	def test_every_page_has_no_serious_accessibility_problem_at_desktop_and_phone_width(self):
		"""axe-core (WCAG 2.1 A and AA rules) on each page a guest, a member or an organisation
		sees, logged in and not, at 1280 and 390 pixels wide: 0 serious or critical violations."""
		try:
			from axe_playwright_python.sync_playwright import Axe
		except ImportError:
			self.skipTest("the Python package 'axe-playwright-python' is not installed in the bench env")
		from lef_members.domain import tokens
		from lef_members.lef_assignments import assignment_flow
		from lef_members.tests.factories import create_assignment
		from lef_members.utilities import links

		_reset_rate_limits()
		member = create_active_member(first_name="Axe", themes=[{"experience_theme": "Addiction"}])
		password = f"Lef-{random_string(12)}-2026!"
		update_password(member.user, password)
		offered = create_assignment(title=f"Axe invitation {random_string(5)}")
		assignment_flow.invite(offered.name, [member.name])
		invitation = frappe.db.get_value(
			"Assignment Expert", {"assignment": offered.name}, ["name", "link_nonce"], as_dict=True
		)
		answer_token = links.make(tokens.PURPOSE_INVITATION, invitation.name, invitation.link_nonce, 7)
		done = create_accepted_assignment(member, [add_days(today(), -3)], title="Axe done")
		# Hours logged, so the hours page shows its table as a member who works sees it.
		from lef_members.tests.factories import create_hour_log

		create_hour_log(
			member, done, add_days(today(), -3), approve=True, transport_mode="Car", kilometres=24
		)
		nonce = tokens.new_nonce()
		done.db_set({"status": "Completed", "evaluation_nonce": nonce})
		evaluation_token = links.make(tokens.PURPOSE_EVALUATION, done.name, nonce, 30)
		# An organisation's pages: a request with a question, an accepted one, and a login.
		from lef_members.lef_requests.organisations import access
		from lef_members.lef_requests.organisations.actions import ensure_login
		from lef_members.tests.factories import create_expert_request

		asked = create_expert_request(
			assignment_type=self.assignment_type, title=f"Axe question {random_string(5)}"
		)
		asked.ask_for_info("How many people will listen?")
		accepted = create_expert_request(
			assignment_type=self.assignment_type, title=f"Axe accepted {random_string(5)}"
		)
		accepted.accept()
		accepted.reload()
		organisation_user, _created = ensure_login(accepted.contact, accepted.organisation)
		organisation_password = f"Lef-{random_string(12)}-2026!"
		update_password(organisation_user, organisation_password)
		asked_link = access.page_url(asked.name).split("/lef/request", 1)[1]
		accepted_link = access.page_url(accepted.name).split("/lef/request", 1)[1]
		frappe.db.commit()

		guest_pages = (
			"/request-an-expert",
			"/lef/accessibility",
			f"/lef/answer?token={answer_token}&answer=accept",
			f"/lef/evaluate?token={evaluation_token}",
			"/lef/evaluate?token=not-a-token",
			f"/lef/request{asked_link}",
			f"/lef/request{accepted_link}",
			"/lef/request?token=not-a-token",
			# Frappe's way in, which every member and organisation takes (restyled by this app).
			"/login",
			"/login#forgot",
			"/update-password?key=not-a-key",
		)
		organisation_pages = ("/lef/requests", f"/lef/request?name={accepted.name}")
		member_pages = (
			"/lef",
			"/lef/invitations",
			"/lef/hours",
			"/lef/trainings",
			"/lef/profile",
			"/lef/overview",
		)
		axe = Axe()
		counts, problems = [], []
		visitors = (
			("guest", None, guest_pages),
			("member", (member.user, password), member_pages + guest_pages[:2]),
			("organisation", (organisation_user, organisation_password), organisation_pages),
		)
		for width in (1280, 390):
			for who, credentials, paths in visitors:
				page = self.new_page(width=width)
				if credentials:
					self.login(page, *credentials)
				for path in paths:
					page.goto(path)
					page.wait_for_load_state("networkidle")
					found = [
						v
						for v in axe.run(page).response["violations"]
						if v["impact"] in ("serious", "critical")
					]
					counts.append(f"{width}px {who} {path.split('?')[0]}: {len(found)}")
					# Nothing makes the page wider than the screen (a phone scrolls only down).
					wide = page.evaluate("() => document.documentElement.scrollWidth")
					if wide > width:
						problems.append(f"{width}px {path}: the page is {wide}px wide")
					problems += [
						f"{width}px {path}: {v['id']} {v['nodes'][0]['target']} {v['help']}" for v in found
					]
		# The e-mails the member and the organisations were sent, as a mail reader shows them.
		# Frappe's mail wrapper has no lang attribute (not ours to change): the test gives it the
		# language the mail was written in, then checks everything else.
		from lef_members.tests.mails import html_mails_to

		page = self.new_page(width=390)
		for email in (member.email, asked.email, accepted.email):
			for subject, html in html_mails_to(email):
				page.set_content(html)
				page.evaluate(
					"() => { document.documentElement.lang = document.documentElement.lang || 'en'; }"
				)
				found = [
					v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")
				]
				counts.append(f"390px e-mail '{subject}': {len(found)}")
				problems += [
					f"e-mail {subject}: {v['id']} {v['nodes'][0]['target']} {v['help']}" for v in found
				]
		print("\naxe-core, serious or critical violations per page:\n  " + "\n  ".join(counts))
		self.assertEqual(problems, [])

	def test_the_desk_shows_a_dutch_or_french_coordinator_no_english_word_of_ours(self):
		"""The member's form, "Find Experts" and the workspace with its charts, as a coordinator
		whose language is Dutch or French sees them: none of the app's English texts (a label, a
		choice, a reason, a legend) shows untranslated. Frappe's own timeline (its "You changed the
		value of ..." lines) is left out: it is Frappe's, and writes stored values as stored."""
		from lef_members.compat import mark_setup_complete
		from lef_members.tests.factories import create_assignment, create_user

		if not frappe.db.get_single_value("System Settings", "setup_complete"):
			# The desk opens the setup wizard until it ran: pretend it did, for this test only.
			mark_setup_complete(True)
			frappe.db.commit()
			self.addCleanup(lambda: (mark_setup_complete(False), frappe.db.commit()))
		_reset_rate_limits()
		member = create_active_member(
			first_name="Taal", slots=(("Tuesday", "Morning"), ("Thursday", "Afternoon"))
		)
		assignment = create_assignment(title=f"Taal {random_string(5)}")
		frappe.db.commit()
		found = []
		for lang in ("nl", "fr"):
			english = _english_of_ours(lang)
			user = create_user(roles=("LEF Coordinator",))
			frappe.db.set_value("User", user, "language", lang)
			password = f"Lef-{random_string(12)}-2026!"
			update_password(user, password)
			frappe.db.commit()
			page = self.new_page(width=1440)
			page.goto("/login")
			page.fill("#login_email", user)
			page.fill("#login_password", password)
			page.locator(".form-login .btn-login").first.click()
			page.wait_for_url(lambda url: "/login" not in url, wait_until="domcontentloaded")
			seen = {}
			page.goto(f"/app/expert-by-experience/{member.name}", wait_until="domcontentloaded")
			page.wait_for_selector(".layout-main .form-layout")
			tabs = []
			for tab in page.locator(".layout-main .form-tabs .nav-link").all():
				tab.click()
				tabs.append(page.evaluate(DESK_TEXT))
			seen["member form"] = "\n".join(tabs)
			page.goto(f"/app/assignment/{assignment.name}", wait_until="domcontentloaded")
			page.wait_for_selector(".layout-main .form-layout")
			page.locator(".custom-actions button.btn-primary").first.click()
			page.wait_for_selector(".modal.show .lef-find-experts, .modal.show table", timeout=TIMEOUT_MS)
			seen["Find Experts"] = page.evaluate(
				"() => [...document.querySelectorAll('.modal.show')].map((m) => m.innerText).join('\\n')"
			)
			page.keyboard.press("Escape")
			page.goto("/app/lef", wait_until="domcontentloaded")
			page.wait_for_function("() => document.querySelectorAll('.chart-container svg').length >= 4")
			page.wait_for_timeout(1500)
			seen["workspace"] = page.evaluate(DESK_TEXT)
			for where, text in seen.items():
				found += [f"{lang} {where}: {phrase!r}" for phrase in english if _shows(text, phrase)]
			self.assertIn(
				{"nl": "Voormiddag", "fr": "Matin"}[lang], seen["Find Experts"] + seen["member form"]
			)
		self.assertEqual(found, [])

	def tab_to(self, page, selector: str, limit: int = 120) -> None:
		"""Press Tab until ``selector`` has the focus, as a keyboard user moves through a page."""
		for _press in range(limit):
			page.keyboard.press("Tab")
			if page.evaluate(
				"(s) => !!document.activeElement && document.activeElement.matches(s)", selector
			):
				return
		self.fail(f"{selector} was not reached with the Tab key")

	def logged_in_member(self, **member_values):
		"""A new active member, logged in to a new page."""
		_reset_rate_limits()
		member = create_active_member(**member_values)
		password = f"Lef-{random_string(12)}-2026!"
		update_password(member.user, password)
		frappe.db.commit()
		page = self.new_page()
		self.login(page, member.user, password)
		return member, page

	def member_on_the_hours_page(self, first_name: str, title: str, days_ago: int = 2):
		"""A member with an assignment some days ago, logged in, on /lef/hours."""
		member, page = self.logged_in_member(first_name=first_name)
		day = getdate(add_days(today(), -days_ago))
		assignment = create_accepted_assignment(member, [day], title=f"{title} {random_string(5)}")
		frappe.db.commit()
		page.goto("/lef/hours")
		return member, assignment, day, page

	def assert_focus_visible(self, page) -> None:
		outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
		shadow = page.evaluate("() => getComputedStyle(document.activeElement).boxShadow")
		self.assertTrue(outline not in ("none", "") or shadow not in ("none", ""), "no visible focus")

	def test_a_member_logs_hours_with_the_keyboard_alone(self):
		member, assignment, day, page = self.member_on_the_hours_page("Keys", "Keyboard work")
		self.tab_to(page, "#log-assignment")
		self.assert_focus_visible(page)
		page.keyboard.type(assignment.title[:8])  # a select picks by typing, as people do
		self.assertEqual(page.input_value("#log-assignment"), assignment.name)
		self.tab_to(page, "#log-date")
		# A date field takes its parts in the browser's own order: the browser runs in US English
		# (CHROMIUM_ARGS), month first, typed as a person reads it.
		page.keyboard.type(day.strftime("%m%d%Y"))
		self.assertEqual(page.input_value("#log-date"), str(day))
		self.tab_to(page, "#log-execution_hours")
		page.keyboard.press("Control+A")
		page.keyboard.type("2.5")
		self.tab_to(page, 'button[data-submit="1"]')
		page.keyboard.press("Enter")
		try:
			page.wait_for_selector("#lef-message.alert-success", timeout=10_000)
		except Exception:
			values = page.evaluate(
				"() => [...document.querySelectorAll('#lef-log-form [id^=log-]')].map(e => e.id + '=' + e.value)"
			)
			self.fail(f"not sent: {page.inner_text('#lef-message')!r}; {values}")
		# The message gets the focus, so a screen reader reads it.
		self.assertEqual(page.evaluate("() => document.activeElement.id"), "lef-message")
		frappe.db.rollback()
		stored = frappe.get_all(
			"Hour Log", filters={"member": member.name}, fields=["status", "execution_hours", "session_date"]
		)
		self.assertEqual(len(stored), 1)
		self.assertEqual(
			(stored[0].status, float(stored[0].execution_hours)), ("Submitted for approval", 2.5)
		)
		self.assertEqual(getdate(stored[0].session_date), day)

	def test_a_refused_log_shows_each_message_at_its_field(self):
		"""The server refuses 2.6 hours (quarters only): the message sits under that field, tied to
		it, with the focus there, and nothing is stored. Corrected, the log is saved."""
		member, assignment, day, page = self.member_on_the_hours_page("Fields", "Field work")
		page.select_option("#log-assignment", assignment.name)
		page.fill("#log-date", str(day))
		page.fill("#log-execution_hours", "2.6")
		page.locator('#lef-log-form button[data-submit="0"]').click()
		page.wait_for_selector("#lef-message.alert-danger")
		page.wait_for_selector("#lef-error-execution_hours")
		state = page.evaluate(
			"""() => {
				const input = document.getElementById("log-execution_hours");
				return {
					focused: document.activeElement.id,
					invalid: input.getAttribute("aria-invalid"),
					describedby: input.getAttribute("aria-describedby") || "",
					message: document.getElementById("lef-error-execution_hours").textContent,
					marked: document.querySelectorAll("#lef-log-form .lef-field-error").length,
				};
			}"""
		)
		self.assertEqual(state["focused"], "log-execution_hours")
		self.assertEqual(state["invalid"], "true")
		self.assertIn("lef-error-execution_hours", state["describedby"].split())
		self.assertIn("0.25", state["message"])
		self.assertEqual(state["marked"], 1, "only the field at fault")
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("Hour Log", {"member": member.name}), "nothing stored")

		page.fill("#log-execution_hours", "2.5")
		page.locator('#lef-log-form button[data-submit="0"]').click()
		page.wait_for_selector("#lef-message.alert-success")
		self.assertEqual(page.locator("#lef-log-form .lef-field-error").count(), 0)
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists("Hour Log", {"member": member.name}))

	def test_an_organisation_sends_the_request_form_with_the_keyboard_alone(self):
		_reset_rate_limits()
		title = f"Keyboard request {random_string(6)}"
		self.request_titles.append(title)
		day = add_days(today(), 30)
		page = self.new_page()
		page.goto("/request-an-expert")
		page.wait_for_function("() => window.frappe && frappe.web_form && frappe.web_form.fields_dict")

		def control(name: str) -> str:
			return f'[data-fieldname="{name}"] input[data-fieldname="{name}"], [data-fieldname="{name}"] textarea[data-fieldname="{name}"], [data-fieldname="{name}"] select[data-fieldname="{name}"]'

		def type_into(name: str, text: str) -> None:
			self.tab_to(page, control(name))
			page.keyboard.type(text)

		type_into("organisation_name", "Vzw Toetsenbord")
		self.assert_focus_visible(page)
		type_into("contact_person", "Jan Janssens")
		type_into("email", f"jan@{random_string(10).lower()}.example.org")
		type_into("assignment_type", self.assignment_type)
		page.wait_for_selector('[data-fieldname="assignment_type"] ul li')
		page.keyboard.press("ArrowDown")
		page.keyboard.press("Enter")
		type_into("title", title)
		type_into("description", "Een getuigenis over herstel, alleen met het toetsenbord ingevuld.")
		self.tab_to(page, control("location_type"))
		page.keyboard.type("Onl")  # a select picks by typing: Online
		# One date row: the Add Row button opens the row with its first cell ready to type in;
		# Tab moves from cell to cell.
		first_cell = (
			'[data-fieldname="dates"] .grid-body .grid-row .grid-static-col[data-fieldname="session_date"]'
		)
		first_field = f"{first_cell} input"
		add_row = '[data-fieldname="dates"] .grid-add-row'
		# Frappe 16 opens a row as the Tab reaches the table, the focus in its first field; on
		# Frappe 15 the Tab reaches the Add Row button, which opens the row on Enter.
		self.tab_to(page, f"{first_field}, {add_row}")
		# On Frappe 16 the open row's fields take the Tab themselves: no cell to open with Enter.
		fields_take_tab = page.evaluate("(s) => document.activeElement.matches(s)", first_field)
		if not fields_take_tab:
			page.keyboard.press("Enter")
			page.wait_for_selector(f'{first_cell}[tabindex="0"]')
			# The new row sits just before the button: back into it with Shift+Tab.
			for _press in range(12):
				page.keyboard.press("Shift+Tab")
				if page.evaluate("(s) => document.activeElement.matches(s)", first_cell):
					break
			else:
				self.fail("the new date row was not reached with Shift+Tab")
			page.keyboard.press("Enter")
		self.assertEqual(page.locator('[data-fieldname="dates"] .grid-body .grid-row').count(), 1)
		user_day = page.evaluate("(day) => frappe.datetime.str_to_user(day)", str(day))
		for name, value in (("session_date", user_day), ("start_time", "13:30"), ("end_time", "16:00")):
			field = f'[data-fieldname="dates"] .grid-body .grid-row [data-fieldname="{name}"] input'
			cell = f'[data-fieldname="dates"] .grid-body .grid-row .grid-static-col[data-fieldname="{name}"]'
			focused = page.evaluate(
				"(s) => !!document.activeElement && document.activeElement.matches(s)", field
			)
			if fields_take_tab and not focused:
				self.tab_to(page, field)
			elif not focused:
				self.tab_to(page, f"{field}, {cell}")
				# Enter opens the cell; the form draws its field a moment later (retried: under
				# load the first Enter can land before the cell is ready).
				for _attempt in range(5):
					if page.evaluate("(s) => document.activeElement.matches(s)", field):
						break
					page.keyboard.press("Enter")
					try:
						page.wait_for_function(
							"(s) => !!document.activeElement && document.activeElement.matches(s)",
							arg=field,
							timeout=3_000,
						)
					except Exception:
						self.tab_to(page, f"{field}, {cell}")
			# Whatever the cell holds, selected to be typed over: Control+A on Frappe 15; not on 16,
			# where Control with a key adds a row in a table.
			if fields_take_tab:
				page.evaluate("() => document.activeElement.select && document.activeElement.select()")
			else:
				page.keyboard.press("Control+A")
			# Typed at once: Frappe's time field rewrites what it holds half a second after a key
			# ("1" becomes "01:00:00"), so a value typed key by key with pauses is not what was meant.
			page.keyboard.insert_text(value)
			# Tab to the next cell; from the last one Tab leaves the table (the form keeps Frappe
			# from adding a row there and moving the focus into it: a keyboard trap).
			page.keyboard.press("Tab")
		self.assertFalse(
			page.evaluate("() => !!document.activeElement.closest('.grid-body .grid-row input')"),
			"Tab from the last cell stayed in the table: "
			+ page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
			+ " rows: "
			+ str(page.locator('[data-fieldname="dates"] .grid-body .grid-row').count()),
		)
		self.assertEqual(page.locator('[data-fieldname="dates"] .grid-body .grid-row').count(), 1)
		self.tab_to(page, control("consent"))
		page.keyboard.press("Space")
		self.tab_to(page, ".web-form-footer .submit-btn, .web-form-header .submit-btn")
		page.keyboard.press("Enter")
		try:
			page.wait_for_selector(".success-page:not(.hide)", timeout=15_000)
		except Exception:
			page.screenshot(
				path=os.path.join(frappe.get_site_path(), "keyboard-form-failure.png"), full_page=True
			)
			self.fail(f"not sent by keyboard; the page says: {page.locator('body').inner_text()[-1200:]}")
		frappe.db.rollback()
		stored = frappe.get_all(
			"Expert Request", filters={"title": title}, fields=["name", "assignment_type"]
		)
		self.assertEqual([r.assignment_type for r in stored], [self.assignment_type])
		dates = frappe.get_all(
			"Expert Request Date", filters={"parent": stored[0].name}, pluck="session_date"
		)
		self.assertEqual([str(d) for d in dates], [str(day)])

	def test_a_refused_form_moves_the_focus_to_the_first_field_at_fault(self):
		"""Sent half filled in: no dialog; each field at fault says why, tied to it, and the focus is
		on the first one."""
		_reset_rate_limits()
		page = self.new_page()
		page.goto("/request-an-expert")
		page.wait_for_function("() => window.frappe && frappe.web_form && frappe.web_form.lef_guarded")
		page.locator('[data-fieldname="contact_person"] input').fill("An Peeters")
		page.locator('[data-fieldname="email"] input').fill("not-an-address")
		page.locator(".web-form-header .submit-btn, .web-form-footer .submit-btn").first.click()
		page.wait_for_selector(".lef-field-error")
		focused = page.evaluate(FOCUSED_FIELD)
		self.assertEqual(focused["field"], "organisation_name")
		self.assertEqual(focused["invalid"], "true")
		self.assertIn("Organisation", focused["message"])
		email_error = page.evaluate(
			"""() => {
				const input = document.querySelector('[data-fieldname="email"] input');
				return document.getElementById(input.getAttribute("aria-describedby").split(" ").pop()).textContent;
			}"""
		)
		self.assertIn("valid e-mail address", email_error)
		self.assertEqual(page.locator(".modal.show").count(), 0, "no dialog")
		self.assertIn("Please correct", page.locator("#lef-form-errors").inner_text())

	def test_a_refusal_only_the_server_can_make_is_shown_at_its_field(self):
		"""An enterprise number whose check digits are wrong: only the server knows. The message
		sits under that field, tied to it, with the focus there; no dialog, nothing stored. Once
		corrected, the form is sent."""
		_reset_rate_limits()
		title = f"Server check {random_string(6)}"
		self.request_titles.append(title)
		page = self.new_page()
		self.fill_request_form(page, title, add_days(today(), 30), enterprise_number="0403.170.702")
		page.wait_for_selector('[data-fieldname="enterprise_number"] .lef-field-error')
		focused = page.evaluate(FOCUSED_FIELD)
		self.assertEqual(focused["field"], "enterprise_number")
		self.assertEqual(focused["invalid"], "true")
		self.assertTrue(focused["message"])
		self.assertEqual(page.locator(".modal.show").count(), 0, "no dialog")
		self.assertEqual(page.locator(".lef-field-error").count(), 1, "only the field at fault")
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists("Expert Request", {"title": title}), "nothing stored")
		# Corrected, it goes.
		page.locator('[data-fieldname="enterprise_number"] input').fill("0403.170.701")
		page.locator(".web-form-header .submit-btn, .web-form-footer .submit-btn").first.click()
		self.wait_for_success(page)
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists("Expert Request", {"title": title}))

	def test_the_request_form_in_french(self):
		page = self.new_page(locale="fr-BE")
		page.goto("/request-an-expert?_lang=fr")
		self.assertIn("Demander un expert du vécu", page.inner_text("body"))
		self.assertEqual(page.locator("html").get_attribute("lang"), "fr")
		# Words other apps translate differently keep ours (looked up with the form's DocType).
		label = page.locator('[data-fieldname="contact_person"] .control-label').inner_text()
		self.assertEqual(label.strip(), "Personne de contact")
		# And by the browser's language alone.
		page = self.new_page(locale="fr-BE")
		page.goto("/request-an-expert")
		self.assertIn("Envoyer la demande", page.inner_text("body"))

	def _remove_link_test_data(self, member, assignment, invitation):
		frappe.db.rollback()
		user = frappe.db.get_value("Expert by Experience", member, "user")
		frappe.db.delete("Assignment Expert", {"name": invitation})
		frappe.db.delete("Assignment Session", {"parent": assignment})
		frappe.db.delete("Assignment", {"name": assignment})
		frappe.db.delete("Email Queue", {"reference_name": ("in", (assignment, invitation))})
		for child in ("Expert Availability Slot", "Expert Theme"):
			frappe.db.delete(child, {"parent": member})
		frappe.db.delete("Expert by Experience", {"name": member})
		if user:
			frappe.db.delete("Has Role", {"parent": user})
			frappe.db.delete("User", {"name": user})
		frappe.db.commit()
