"""People from outside the forum, and the records of others they must not reach: shared by the
tests of the site's doors (``test_portal_doors``, ``test_portal_sweep``).

- ``alice``: a member (website user, ``LEF Member``), the one who tries;
- ``bob``: another member, whose records, name, e-mail and phone must stay inside;
- ``org_user``: the login of organisation A's contact person (``LEF Organisation``);
- organisation B, with a request, its contact person and an accepted assignment: never A's;
- ``walt``: a website user with none of our roles (another app's portal user).
"""

from __future__ import annotations

import hashlib
import json

import frappe
from frappe.utils import add_days, random_string, today

from lef_members.tests.factories import (
	add_expert,
	create_active_member,
	create_expert_request,
	create_user,
	ensure_assignment_type,
)
from lef_members.tests.http import token_headers


def make_parties() -> frappe._dict:
	"""Make everyone and commit (the WSGI app reads through its own connection)."""
	tag = random_string(6)
	kind = ensure_assignment_type()
	alice = create_active_member(first_name="Alice", last_name=f"Tries{tag}")
	bob = create_active_member(first_name="Bobbie", last_name=f"Secret{tag}")
	frappe.db.set_value("Expert by Experience", bob.name, "phone", f"+32 470 {tag[:2]}0 11 22")
	bob.reload()
	request_a = create_expert_request(
		assignment_type=kind, organisation_name=f"Organisation A {tag}", email=f"a-{tag}@a-org.example"
	)
	request_a.accept()
	request_a.reload()
	request_b = create_expert_request(
		assignment_type=kind,
		organisation_name=f"Organisation B {tag}",
		email=f"b-{tag}@b-org.example",
		contact_person=f"Brenda Hidden{tag}",
		title=f"Hidden talk {tag}",
	)
	request_b.accept()
	request_b.reload()
	add_expert(request_b.assignment, bob)

	from lef_members.lef_requests.organisations.actions import ensure_login

	org_user, _created = ensure_login(request_a.contact, request_a.organisation)
	walt = create_user(roles=(), user_type="Website User")
	frappe.db.commit()
	parties = frappe._dict(
		tag=tag,
		alice=alice,
		bob=bob,
		alice_user=alice.user,
		bob_user=bob.user,
		org_user=org_user,
		walt=walt,
		request_a=request_a,
		request_b=request_b,
		organisation_a=request_a.organisation,
		organisation_b=request_b.organisation,
		contact_b=request_b.contact,
		assignment_b=request_b.assignment,
		bob_invitation=frappe.db.get_value("Assignment Expert", {"member": bob.name}, "name"),
	)
	parties.headers = {
		"member": token_headers(alice.user),
		"organisation": token_headers(org_user),
		"website user": token_headers(walt),
	}
	frappe.db.commit()
	return parties


def markers(parties) -> list[str]:
	"""What must never appear in a reply to the callers: the others' names, addresses, titles."""
	bob = parties.bob
	values = [
		bob.full_name,
		bob.last_name,
		bob.email,
		bob.phone,
		bob.name,
		parties.request_b.title,
		parties.request_b.contact_person,
		parties.request_b.email,
		parties.organisation_b,
		parties.request_b.name,
		parties.contact_b,
	]
	return sorted({str(v) for v in values if v and len(str(v)) >= 6})


def leaked(text: str, parties, sent: str = "") -> list[str]:
	"""The markers in a reply that the caller did not send: an error that repeats the caller's own
	argument (a record number they typed) tells them nothing new."""
	return [marker for marker in markers(parties) if marker in text and marker not in sent]


# --- what the others own, and Frappe's bookkeeping about it --------------------------------------------

BOOKKEEPING = {
	"Comment": "reference_name",
	"File": "attached_to_name",
	"Tag Link": "document_name",
	"ToDo": "reference_name",
	"DocShare": "share_name",
	"Version": "docname",
	"Communication": "reference_name",
}


def their_records(parties) -> list[tuple[str, str]]:
	records = [
		("Expert by Experience", parties.bob.name),
		("Expert Request", parties.request_b.name),
		("Commissioning Organisation", parties.organisation_b),
		("Assignment", parties.assignment_b),
		("Contact", parties.contact_b),
	]
	if parties.bob_invitation:
		records.append(("Assignment Expert", parties.bob_invitation))
	bob_contact = frappe.db.get_value("Contact", {"user": parties.bob_user}, "name")
	if bob_contact:
		records.append(("Contact", bob_contact))
	return records


def digest(parties) -> str:
	"""One hash over the others' records (every column, Frappe's ``_liked_by``, ``_user_tags``,
	``_comments``, ``_assign`` included), their child rows, the contacts' links and e-mail rows,
	and every comment, file, tag, to-do, share, version and mail about them."""
	frappe.db.rollback()  # read what the requests committed
	state = []
	for doctype, name in their_records(parties):
		row = frappe.db.sql(f"select * from `tab{doctype}` where name=%s", name, as_dict=True)
		state.append((doctype, name, _stable(row)))
		for table in frappe.get_meta(doctype).get_table_fields():
			state.append(
				(
					table.options,
					_stable(
						frappe.db.sql(
							f"select * from `tab{table.options}` where parent=%s and parenttype=%s order by name",
							(name, doctype),
							as_dict=True,
						)
					),
				)
			)
		for book, column in BOOKKEEPING.items():
			state.append(
				(
					book,
					_stable(
						frappe.db.sql(
							f"select * from `tab{book}` where `{column}`=%s order by name",
							(name,),
							as_dict=True,
						)
					),
				)
			)
	state.append(
		(
			"Dynamic Link to B",
			_stable(
				frappe.db.sql(
					"select parent, parenttype, link_doctype, link_name from `tabDynamic Link`"
					" where link_name in %s order by parent",
					((parties.organisation_b, parties.bob.name),),
					as_dict=True,
				)
			),
		)
	)
	state.append(
		(
			"Organisation Login",
			frappe.get_all("Organisation Login", fields=["organisation", "user"], order_by="name"),
		)
	)
	return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()


def _stable(rows) -> list:
	return [{k: v for k, v in sorted(row.items())} for row in rows]
