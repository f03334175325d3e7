"""Guest page behind the organisation's evaluation link (/lef/evaluate?token=...)."""

import frappe
from frappe import _

from lef_members.domain import tokens
from lef_members.utilities import links
from lef_members.utilities.reader import for_reader

no_cache = 1


def get_context(context):
	context.title = _("Evaluation")
	context.token = frappe.form_dict.get("token") or ""
	context.error = None
	context.assignment_title = None
	try:
		claims = links.read(tokens.PURPOSE_EVALUATION, context.token)
		stored = frappe.db.get_value(
			"Assignment", claims.subject, ["title", "evaluation_nonce", "evaluated_on"], as_dict=True
		)
		if not stored:
			raise tokens.InvalidToken()
		tokens.check_not_used(claims, used=bool(stored.evaluated_on), current_nonce=stored.evaluation_nonce)
		context.assignment_title = stored.title
	except tokens.InvalidToken as error:
		context.error = error.render(for_reader())
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context
