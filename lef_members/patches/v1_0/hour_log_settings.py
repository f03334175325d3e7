"""Store the defaults of the hour-log settings on sites whose LEF Settings were saved before
these fields existed (a Single's default is only stored when it is saved).

Idempotent: a value already stored, including one staff set to 0, is left alone.
"""

import frappe

DEFAULTS = {"max_hours_per_day": 16, "hour_log_reminder_days": 3}


def execute():
	for fieldname, default in DEFAULTS.items():
		stored = frappe.db.sql(
			"select count(*) from `tabSingles` where doctype=%s and field=%s", ("LEF Settings", fieldname)
		)[0][0]
		if not stored:
			frappe.db.set_single_value("LEF Settings", fieldname, default)
