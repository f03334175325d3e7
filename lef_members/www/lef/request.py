"""The organisation's page of its request (/lef/request?token=... or, logged in, ?name=...).

Opening the page changes nothing. A bad link shows one message whatever is wrong with it, and
nothing about the request; a request that is not the logged-in organisation's shows one message
whether it exists or not. What the page shows is built in ``organisations/page.py``.
"""

import frappe
from frappe import _

from lef_members.domain.tokens import InvalidToken
from lef_members.lef_requests.organisations import access, page
from lef_members.utilities import notify

no_cache = 1


def get_context(context):
	context.title = _("Your request")
	context.token = str(frappe.form_dict.get("token") or "")[:600]
	context.error = None
	context.item = None
	try:
		request, how = access.resolve(context.token or None, frappe.form_dict.get("name"))
		context.item = page.context(request, how, context.token)
	except InvalidToken:
		context.error = access.refusal()
	except access.NotYours as error:
		context.error = str(error)
	forum = notify.forum()
	context.forum_contact = " · ".join(filter(None, (forum["email"], forum["phone"])))
	context.logged_in_organisation = access.is_organisation_user()
	context.csrf_token = frappe.sessions.get_csrf_token()
	return context
