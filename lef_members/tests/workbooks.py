"""A forum's workbook as a forum keeps it, for the moving-in tests and benchmark: made from the
app's own template in Dutch (so the headers are the template's), with Dutch values as the desk
shows them, dates as Belgians write them, several themes in a cell, availability as text, and
a few rows with the faults a real sheet has."""

import io
from datetime import date, timedelta

import frappe
from openpyxl import load_workbook

from lef_members.domain.moving_in import sheets
from lef_members.lef_moving_in.workbook import in_languages, label, template
from lef_members.utilities.notify import language

FIRST = ("An", "Bart", "Céline", "Dirk", "Els", "Filip", "Greet", "Hamza", "Ilse", "Jan", "Karen", "Lotte")
LAST = ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters")
GOOD_IBAN = "BE71 0961 2345 6769"
AVAILABILITY = ("ma en do voormiddag", "di-do namiddag", "maandag voormiddag, enkel online", "vr vm", "")


def dutch(value: str) -> str:
	return in_languages(value)[0]


def enterprise_number(i: int) -> str:
	"""A valid Belgian enterprise number (97 - the first eight digits mod 97)."""
	first = 4000000 + i * 7919
	digits = f"0{first:07d}"
	return f"{digits}{97 - int(digits) % 97:02d}"


def put(ws, sheet: sheets.Sheet, **cells) -> None:
	"""Append a row, each value in its column."""
	ws.append([cells.get(c.key, "") for c in sheet.columns])


def belgian(day: date) -> str:
	return f"{day.day}/{day.month}/{day.year}"


def build(members: int = 150, organisations: int = 60, past_work: int = 300, tag: str = "mv") -> bytes:
	"""The workbook's bytes; every e-mail and name carries ``tag`` so a test finds its own."""
	themes = frappe.get_all("Experience Theme", filters={"disabled": 0}, pluck="name", order_by="name")
	types = frappe.get_all("Assignment Type", pluck="name", order_by="name")
	course = frappe.get_all("Training Course", filters={"disabled": 0}, pluck="name", order_by="name")[0]
	regime = frappe.get_all("Allowance Regime", pluck="name", order_by="name")[0]
	today = date.today()
	book = load_workbook(io.BytesIO(template("nl")))
	with language("nl"):
		ws = {s.key: book[label(s)[:31]] for s in sheets.SHEETS}
	for s in ws.values():
		s.delete_rows(2)  # the template's example row
	for i in range(members):
		put(
			ws["members"],
			sheets.MEMBERS,
			first_name=FIRST[i % len(FIRST)],
			last_name=f"{LAST[i % len(LAST)]}-{tag}{i}",
			email=f"{tag}{i}@moving.example.org",
			phone=f"0470 12 {i % 100:02d} {i % 97:02d}",
			# a pause without an end date: until further notice
			status=dutch("Paused") if i % 15 == 0 else dutch("Active"),
			joined_on=belgian(today - timedelta(days=400 + i)),
			themes="; ".join(dutch(t) for t in themes[i % 3 : i % 3 + 2]),
			address_line=f"Kerkstraat {i + 1}",
			postcode="3500" if i % 10 else "6211 AB",
			municipality="Hasselt" if i % 10 else "Maastricht",
			mobility=dutch("Own car") if i % 2 else "",
			max_travel_km=30,
			availability=AVAILABILITY[i % len(AVAILABILITY)],
			allowance_regime=dutch(regime),
			iban=GOOD_IBAN,
			paid_this_year=f"{(i % 5) * 100},50" if i % 5 else "",
			days_paid_this_year=(i % 5) * 3 if i % 5 else "",
		)
	for i in range(organisations):
		name = f"Zorgcentrum {tag} {i}"
		ws["organisations"].append([name, "", enterprise_number(i), f"info{i}@{tag}org.example.org", "", ""])
		ws["contacts"].append([name, "Jan", f"Claes {i}", f"jan{i}@{tag}org.example.org", ""])
	for i in range(0, members, 3):
		ws["certificates"].append(
			[f"{tag}{i}@moving.example.org", dutch(course), belgian(today - timedelta(days=300)), ""]
		)
	for i in range(past_work):
		experts = "; ".join(f"{tag}{(i + k) % members}@moving.example.org" for k in range(1 + i % 3))
		ws["past_work"].append(
			[
				f"Zorgcentrum {tag} {i % organisations}",
				dutch(types[i % len(types)]),
				belgian(today - timedelta(days=1 + (i * 3) % 360)),
				f"Getuigenis {tag} {i}",
				experts,
				"2u30" if i % 2 else "3",
				12 if i % 4 == 0 else "",
			]
		)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()


def with_faults(content: bytes, tag: str = "mv") -> bytes:
	"""The same workbook with the faults of a real sheet added at the end of the members."""
	book = load_workbook(io.BytesIO(content))
	with language("nl"):
		members = book[label(sheets.MEMBERS)[:31]]

	def row(**cells):
		put(members, sheets.MEMBERS, **cells)

	row(
		first_name="Iban",
		last_name=f"Fout-{tag}",
		email=f"iban-{tag}@moving.example.org",
		iban="BE71 0961 2345 6768",
	)
	row(first_name="Twee", last_name=f"Keer-{tag}", email=f"{tag}0@moving.example.org")
	row(first_name="", last_name=f"Leeg-{tag}", email=f"leeg-{tag}@moving.example.org")
	row(
		first_name="Nieuw",
		last_name=f"Thema-{tag}",
		email=f"thema-{tag}@moving.example.org",
		themes=f"Rouw {tag}",
	)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()
