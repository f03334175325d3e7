"""Our Dutch and French hold beside other apps, and leave theirs alone.

Frappe merges every installed app's catalogue; for a msgid two apps translate, the app
installed last wins. Words we mean in our own way ("Done" = a training followed, "Left" = a
member who left) are therefore translated with a context only (locale/shared_words.txt).
These tests run on whatever site they are given: plain, beside ERPNext or beside Frappe CRM.
"""

from pathlib import Path

import frappe
from babel.messages.pofile import read_po
from frappe.translate import get_translations_from_apps

from lef_members.tests import LEFTestCase

LOCALE = Path(frappe.get_app_path("lef_members", "locale"))
LANGUAGES = ("nl", "fr")

# Bare strings we translate on purpose although another app words them differently: the
# meaning is the same everywhere and theirs is wrong or unfit for guests.
DELIBERATELY_OURS = {
	"Draft",  # Frappe's Dutch says "Droogte" (drought)
	"Approved",  # Frappe's Dutch says "Aangenomen" (adopted)
	"Not found",
	"Web Form",
	"Desk",
	"You must login to submit this form",
	"You need to be logged in to access this page",
}


def shared_words() -> set[str]:
	lines = (line.strip() for line in (LOCALE / "shared_words.txt").read_text(encoding="utf-8").splitlines())
	return {line for line in lines if line and not line.startswith("#")}


def our_catalogue(language: str) -> list:
	with open(LOCALE / f"{language}.po", "rb") as handle:
		return [m for m in read_po(handle) if m.id and m.string]


class TestTranslationsBesideOtherApps(LEFTestCase):
	def setUp(self):
		frappe.translate.clear_cache()
		self.others = [app for app in frappe.get_installed_apps() if app != "lef_members"]

	def test_every_contextual_translation_of_ours_is_what_the_site_says(self):
		"""Whichever app came last, "Done" on a training is "Gevolgd" and "Left" on a member "Vertrokken"."""
		for language in LANGUAGES:
			wrong = [
				(m.context, m.id, m.string, frappe._(m.id, lang=language, context=m.context))
				for m in our_catalogue(language)
				if m.context and frappe._(m.id, lang=language, context=m.context) != m.string
			]
			self.assertFalse(wrong, f"{language}: (context, msgid, ours, the site's)")
			print(
				f"{language}: {sum(1 for m in our_catalogue(language) if m.context)} contextual strings hold"
			)

	def test_no_other_app_words_one_of_our_bare_strings_differently(self):
		"""A new collision (an app's update, another app) makes this fail: add the word to
		locale/shared_words.txt and give its uses a context."""
		words = shared_words()
		for language in LANGUAGES:
			ours = {m.id: m.string for m in our_catalogue(language) if not m.context}
			for app in self.others:
				theirs = get_translations_from_apps(language, [app])
				clashes = sorted(
					(msgid, mine, theirs[msgid])
					for msgid, mine in ours.items()
					if msgid not in words
					and msgid not in DELIBERATELY_OURS
					and theirs.get(msgid)
					and theirs[msgid] != mine
				)
				self.assertFalse(clashes, f"{app}/{language}: (msgid, ours, theirs)")
			print(f"{language}: {len(ours)} bare strings checked against {', '.join(self.others)}")

	def test_we_leave_the_shared_words_of_other_apps_alone(self):
		"""Our "Vertrokken" does not become Frappe's word for text aligned to the left."""
		words = shared_words()
		for language in LANGUAGES:
			ours = {m.id for m in our_catalogue(language) if not m.context}
			theirs = get_translations_from_apps(language, self.others)
			checked = sorted((words & set(theirs)) - ours)  # ours: a DocType name or workspace label
			for word in checked:
				self.assertEqual(frappe._(word, lang=language), theirs[word], f"{language}: {word}")
			print(f"{language}: {len(checked)} shared words keep the other apps' translation")

	def test_a_member_page_and_a_printed_word_keep_our_dutch(self):
		"""What a member reads: the certificate's heading, a training followed, the log's receipt."""
		self.assertEqual(frappe._("Certificate", lang="nl", context="lef_members"), "Attest")
		self.assertEqual(frappe._("Done", lang="nl", context="lef_members"), "Gevolgd")
		self.assertEqual(frappe._("Left", lang="nl", context="Expert by Experience"), "Vertrokken")
		self.assertEqual(frappe._("Quantity", lang="nl", context="lef_members"), "Aantal")
		self.assertEqual(frappe._("Assignment", lang="fr", context="lef_members"), "Mission")
