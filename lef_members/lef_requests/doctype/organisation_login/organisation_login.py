# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""Which organisation a contact person's login acts for.

Written by staff's button on the organisation and by the login the request page offers
(``organisations/actions.py``); read by ``organisations/access.py``. A portal user cannot write
it: who belongs to which organisation never comes from a Contact or its links, which a website
user could make.
"""

from frappe.model.document import Document


class OrganisationLogin(Document):
	pass
