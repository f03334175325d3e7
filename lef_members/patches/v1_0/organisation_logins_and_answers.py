"""Carry over who acts for which organisation, and the organisations' answers, into records of ours.

Until now a login's organisations were read from its Contact (``Contact.user`` and the Contact's
links), and the request page's answers from comments: both records a website user could make.
From now on ``Organisation Login`` and ``Request Answer`` hold them, written only by staff and the
app. This copies what the app made before; it leaves out what the login's own user made (a Contact
a portal user created and linked to an organisation, a comment it posted), which is how the
forged ones were made. Idempotent: a row already carried over is not made twice.
"""

import frappe

ROLE = "LEF Organisation"


def execute() -> None:
	frappe.reload_doc("lef_members", "doctype", "organisation_login")
	frappe.reload_doc("lef_members", "doctype", "request_answer")
	carry_over_logins()
	carry_over_answers()


def carry_over_logins() -> None:
	users = set(frappe.get_all("Has Role", filters={"role": ROLE, "parenttype": "User"}, pluck="parent"))
	if not users:
		return
	for contact in frappe.get_all(
		"Contact", filters={"user": ("in", list(users))}, fields=["name", "user", "owner", "creation"]
	):
		if contact.owner == contact.user:
			continue  # made by the login itself: not the app's, not carried over
		for organisation in frappe.get_all(
			"Dynamic Link",
			filters={
				"parenttype": "Contact",
				"parent": contact.name,
				"link_doctype": "Commissioning Organisation",
			},
			pluck="link_name",
		):
			if frappe.db.exists("Organisation Login", {"organisation": organisation, "user": contact.user}):
				continue
			frappe.get_doc(
				{
					"doctype": "Organisation Login",
					"organisation": organisation,
					"contact": contact.name,
					"user": contact.user,
					"given_on": contact.creation,
					"given_by": "Administrator",
					"how": "Carried over",
				}
			).insert(ignore_permissions=True)


def carry_over_answers() -> None:
	requests = frappe.get_all(
		"Expert Request", filters={"anonymised_on": ("is", "not set")}, fields=["name", "email"]
	)
	organisation_users = set(
		frappe.get_all("Has Role", filters={"role": ROLE, "parenttype": "User"}, pluck="parent")
	)
	for request in requests:
		if not request.email:
			continue
		for comment in frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "Expert Request",
				"reference_name": request.name,
				"comment_type": "Comment",
				"comment_email": request.email,
			},
			fields=["name", "content", "creation", "owner", "comment_by"],
			order_by="creation asc",
		):
			# The page posted answers as Guest (signed link) or as the organisation's login.
			if comment.owner != "Guest" and comment.owner not in organisation_users:
				continue
			if frappe.db.exists(
				"Request Answer", {"expert_request": request.name, "answered_on": comment.creation}
			):
				continue
			frappe.get_doc(
				{
					"doctype": "Request Answer",
					"expert_request": request.name,
					"answer": frappe.utils.html2text(comment.content or "").strip() or "-",
					"answered_on": comment.creation,
					"answered_by": comment.comment_by,
				}
			).insert(ignore_permissions=True)
