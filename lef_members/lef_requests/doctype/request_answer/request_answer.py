# Copyright (c) 2026, LEF Members contributors
# For license information, please see license.txt

"""The organisation's answer to the coordinator's question, made by its request page.

The page shows these answers (``organisations/page.py``), never comments: anyone logged in could
post a comment that names the organisation.
"""

from frappe.model.document import Document


class RequestAnswer(Document):
	pass
