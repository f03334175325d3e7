from frappe import _


def get_data():
	"""The organisation's requests, assignments and billing statements, from its form."""
	return {
		"fieldname": "organisation",
		"transactions": [
			{"label": _("Requests and work"), "items": ["Expert Request", "Assignment"]},
			{"label": _("Billing", context="lef_members"), "items": ["Billing Statement"]},
		],
	}
