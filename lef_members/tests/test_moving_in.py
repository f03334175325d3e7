"""A forum moves in from its workbook: 150 members, 60 organisations with their contacts,
certificates and 300 past assignments, written in Dutch as a forum keeps them.

The dry run stores nothing; going stores what passed and lists the rest with its reason in the
reader's language; no mail leaves; the history counts in fair rotation, in this year's allowance
room and in the reports, and no payout pays it; importing again changes nothing; portal accounts
come only when staff invite, enabled, without a mail unless asked. Outsiders cannot use it.
"""

import base64
import io
import json

import frappe
from frappe.utils import add_days, getdate, today
from openpyxl import load_workbook

from lef_members.lef_assignments.candidates import load_candidates
from lef_members.lef_hours.hour_logs import accepted_assignments
from lef_members.lef_hours.payouts import compute_period, room_for_members
from lef_members.lef_hours.report.hours_per_month.hours_per_month import execute as hours_per_month
from lef_members.lef_moving_in import moving_in
from lef_members.lef_moving_in.workbook import read, template
from lef_members.tests import LEFTestCase
from lef_members.tests.workbooks import build, with_faults
from lef_members.utilities.notify import language

COUNTED = (
	"Expert by Experience",
	"Commissioning Organisation",
	"Contact",
	"Assignment",
	"Assignment Expert",
	"Hour Log",
	"Training Enrollment",
	"Allowance Received Elsewhere",
	"User",
	"Email Queue",
)


def counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED}


def encoded(content: bytes) -> str:
	return base64.b64encode(content).decode()


class TestMovingIn(LEFTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.workbook = with_faults(build(members=150, organisations=60, past_work=300, tag="mvt"), tag="mvt")

	def setUp(self):
		frappe.set_user("Administrator")
		self._lang = frappe.local.lang
		frappe.local.lang = "nl"

	def tearDown(self):
		frappe.local.lang = self._lang
		frappe.set_user("Administrator")

	def test_a_dutch_workbook_moves_in_in_one_go_with_its_history_and_no_mail(self):
		before = counts()
		dry = moving_in.dry_run(encoded(self.workbook), "leden.xlsx")
		self.assertEqual(counts(), before, "a dry run stores nothing")
		self.assertEqual(dry["counts"]["members"], {"create": 151, "refused": 3})
		self.assertEqual(dry["counts"]["organisations"], {"create": 60})
		self.assertEqual(dry["counts"]["contacts"], {"create": 60})
		self.assertEqual(dry["counts"]["past_work"], {"create": 300})
		self.assertEqual(dry["counts"]["certificates"], {"create": 50})
		refused = {r["key"]: r for r in dry["rows"] if r["action"] == "refused"}
		# In the reader's language, naming the column at fault.
		self.assertIn("IBAN", " ".join(refused["iban-mvt@moving.example.org"]["problems"]))
		self.assertIn("staat al op een eerdere rij", " ".join(refused["mvt0@moving.example.org"]["problems"]))
		self.assertIn("is leeg", " ".join(refused["leeg-mvt@moving.example.org"]["problems"]))
		self.assertEqual(dry["to_create"], {"themes": ["Rouw mvt"]})

		result = moving_in.move_in(encoded(self.workbook), "leden.xlsx")
		after = counts()
		self.assertEqual(result["made"]["members"], 151)
		self.assertEqual(after["Expert by Experience"] - before["Expert by Experience"], 151)
		self.assertEqual(after["Commissioning Organisation"] - before["Commissioning Organisation"], 60)
		self.assertEqual(after["Contact"] - before["Contact"], 60)
		self.assertEqual(after["Assignment"] - before["Assignment"], 300)
		self.assertEqual(after["Training Enrollment"] - before["Training Enrollment"], 50)
		self.assertEqual(after["Email Queue"], before["Email Queue"], "no mail leaves")
		self.assertEqual(after["User"], before["User"], "no portal account until staff invite")
		self.assertTrue(frappe.db.exists("Experience Theme", "Rouw mvt"))

		# Members as they are today.
		member = frappe.get_doc("Expert by Experience", {"email": "mvt1@moving.example.org"})
		self.assertEqual(member.status, "Active")
		self.assertEqual(member.consent_version, "Recorded before the app")
		self.assertEqual(member.iban, "BE71096123456769")
		paused = frappe.get_doc("Expert by Experience", {"email": "mvt15@moving.example.org"})
		self.assertEqual((paused.status, paused.paused_until), ("Paused", None))  # until further notice
		dutch = frappe.get_doc("Expert by Experience", {"email": "mvt10@moving.example.org"})
		self.assertEqual(
			(dutch.postcode, frappe.db.get_value("Country", dutch.country, "code")), ("6211 AB", "nl")
		)
		noted = frappe.get_doc("Expert by Experience", {"email": "mvt2@moving.example.org"})
		self.assertEqual(noted.availability_note, "maandag voormiddag, enkel online")
		self.assertEqual([(r.weekday, r.part_of_day) for r in noted.availability], [("Monday", "Morning")])

		# History that counts: completed work, fair rotation, this year's room, the reports.
		work = frappe.get_all(
			"Assignment", filters={"moved_in": 1, "title": ("like", "Getuigenis mvt %")}, pluck="status"
		)
		self.assertEqual(set(work), {"Completed"})
		candidate = next(iter(load_candidates(getdate(today()), names=[member.name])))
		self.assertGreater(candidate.recent_assignments, 0)
		room = room_for_members(
			[frappe._dict(name=member.name, allowance_regime=member.allowance_regime)], getdate(today())
		)
		paid = frappe.db.get_value("Allowance Received Elsewhere", {"member": member.name}, "amount")
		self.assertEqual(float(paid), 100.5)
		fresh = frappe.get_doc("Expert by Experience", {"email": "mvt5@moving.example.org"})  # paid nothing
		room_fresh = room_for_members(
			[frappe._dict(name=fresh.name, allowance_regime=fresh.allowance_regime)], getdate(today())
		)
		self.assertAlmostEqual(float(room_fresh[fresh.name] - room[member.name]), 100.5, places=2)
		logs = frappe.get_all(
			"Hour Log",
			filters={"member": member.name, "moved_in": 1},
			fields=["docstatus", "total_hours", "session_date"],
		)
		self.assertTrue(logs and all(log.docstatus == 1 for log in logs))
		period = compute_period(getdate(add_days(today(), -400)), getdate(today()), members=[member.name])
		self.assertEqual(period.members, [], "no payout pays work paid before the app")
		this_year = [log for log in logs if getdate(log.session_date).year == getdate(today()).year]
		report = hours_per_month({"year": getdate(today()).year})[1]
		self.assertGreaterEqual(
			sum(row["total"] for row in report), sum(log.total_hours for log in this_year)
		)

		# History is not work to log: no log form offers it.
		moved = set(frappe.get_all("Assignment Expert", filters={"member": member.name}, pluck="assignment"))
		self.assertFalse(moved & set(accepted_assignments(member.name)))

		# Importing again: nothing changes, nothing doubles.
		again = moving_in.move_in(encoded(self.workbook), "leden.xlsx")
		self.assertEqual(sum(again["made"].values()), 0, again["counts"])
		self.assertEqual(counts(), after)

		# Uninvited, a member saved by staff (or by a daily job) still gets no account.
		member.reload()
		member.phone = "0470 99 99 99"
		member.save()
		self.assertFalse(frappe.db.get_value("Expert by Experience", member.name, "user"))

		# Portal accounts when staff invite: enabled, and no mail unless asked.
		moving_in.invite_batch([member.name, paused.name], send_welcome=False)
		for name in (member.name, paused.name):
			user = frappe.db.get_value("Expert by Experience", name, "user")
			self.assertTrue(user)
			self.assertEqual(frappe.db.get_value("User", user, "enabled"), 1)
			self.assertEqual(frappe.db.get_value("Expert by Experience", name, "awaiting_invitation"), 0)
		self.assertEqual(frappe.db.count("Email Queue"), after["Email Queue"])

	def test_the_template_comes_in_three_languages_and_reads_back(self):
		for lang, members_sheet, first in (
			("nl", "Leden", "Voornaam *"),
			("fr", "Membres", "Prénom *"),
			("en", "Members", "First Name *"),
		):
			self.assertIn(members_sheet, load_workbook(io.BytesIO(template(lang))).sheetnames)
			book = read(template(lang), f"template-{lang}.xlsx")
			headers, rows = book["members"]
			self.assertEqual(headers[0], first)
			self.assertEqual(len(rows), 1, "an example row")
			# The template's own example passes the dry run.
			result, _problems = moving_in.judge(template(lang), "t.xlsx")
			self.assertEqual(
				result.refused,
				[],
				[(r.sheet, r.number, [str(p) for p in r.problems]) for r in result.refused],
			)

	def test_the_forums_own_headers_are_named_and_read_once_mapped(self):
		csv = b"Naam,Familienaam,Mail,Intern\nEls,Claes,els-map@moving.example.org,x\n"
		first = moving_in.dry_run(encoded(csv), "leden.csv")
		self.assertEqual(first["counts"]["members"], {})
		self.assertEqual(first["unread"]["members"], ["Naam", "Familienaam", "Mail", "Intern"])
		self.assertIn(["first_name", "Voornaam"], first["columns"]["members"])
		mapping = {
			"members": {"Naam": "first_name", "Familienaam": "last_name", "Mail": "email", "Intern": ""}
		}
		again = moving_in.dry_run(encoded(csv), "leden.csv", mapping=json.dumps(mapping))
		self.assertEqual(again["counts"]["members"], {"create": 1})
		self.assertEqual(again["unread"], {})

	def test_outsiders_and_bad_files_get_a_clear_refusal(self):
		member = frappe.get_doc(
			{
				"doctype": "User",
				"email": "outsider-mvt@example.com",
				"first_name": "Outsider",
				"send_welcome_email": 0,
				"roles": [{"role": "LEF Member"}],
			}
		).insert(ignore_permissions=True)
		frappe.set_user(member.name)
		with self.assertRaises(frappe.PermissionError):
			moving_in.dry_run(encoded(self.workbook), "leden.xlsx")
		with self.assertRaises(frappe.PermissionError):
			moving_in.invite()
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.ValidationError):
			moving_in.dry_run(encoded(b"not a workbook"), "leden.xlsx")
		with self.assertRaises(frappe.ValidationError):
			moving_in.dry_run(encoded(b"x"), "leden.pdf")
		for mapping in ("{not json", '{"members": ["Naam"]}', '{"ghosts": {}}'):
			with self.assertRaises(frappe.ValidationError):
				moving_in.dry_run(encoded(b"a,b\n"), "leden.csv", mapping=mapping)
		with self.assertRaises(frappe.ValidationError):
			moving_in.dry_run(encoded(b"a,b\n"), "leden.csv", sheet="ghosts")
		with language("nl"):
			csv = "Voornaam;Achternaam;E-mail\n".replace(";", ",") + "Els,Claes,els-mvt@moving.example.org\n"
		result = moving_in.dry_run(encoded(csv.encode()), "leden.csv")
		self.assertEqual(result["counts"]["members"], {"create": 1})
