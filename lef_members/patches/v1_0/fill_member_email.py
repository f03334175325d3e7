"""Copy the member's e-mail onto their hour logs, invitations and enrolments (``member_email``),
so that Frappe's Personal Data Download and Deletion Request find them. Idempotent: only rows
without it are filled, and a second run finds none."""

import frappe

DOCTYPES = ("Hour Log", "Assignment Expert", "Training Enrollment")


def execute() -> int:
	member = frappe.qb.DocType("Expert by Experience")
	filled = 0
	for doctype in DOCTYPES:
		table = frappe.qb.DocType(doctype)
		missing = (
			frappe.qb.from_(table)
			.join(member)
			.on(member.name == table.member)
			.select(table.name, member.email)
			.where(table.member_email.isnull() | (table.member_email == ""))
			.where(member.email.isnotnull() & (member.email != ""))
			.run()
		)
		for name, email in missing:
			frappe.db.set_value(doctype, name, "member_email", email, update_modified=False)
		filled += len(missing)
	return filled
