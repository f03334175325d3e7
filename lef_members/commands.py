"""Bench commands of the app: moving a forum in from its spreadsheets, as a script.

``bench --site SITE lef-move-in WORKBOOK.xlsx`` prints the dry run; ``--go`` stores what
passed; ``--invite`` then queues the portal accounts (``--send-welcome`` for Frappe's mail).
``bench --site SITE lef-move-in-template nl PATH`` writes the template.
"""

import json

import click
from frappe.commands import get_site, pass_context


@click.command("lef-move-in")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--go", is_flag=True, help="Store the rows that pass (without it: a dry run only).")
@click.option("--sheet", default=None, help="For a .csv file: which sheet it is (default: members).")
@click.option("--mapping", default=None, help="JSON: {sheet: {your header: column key}}.")
@click.option("--invite", is_flag=True, help="Then queue portal accounts for members without one.")
@click.option("--send-welcome", is_flag=True, help="With --invite: send Frappe's welcome e-mail.")
@pass_context
def move_in(context, path, go, sheet, mapping, invite, send_welcome):
	"""Move a forum's workbook in (a dry run unless --go)."""
	import frappe  # bench reads every app's commands at start: load what one needs as it runs

	from lef_members.lef_moving_in import moving_in  # as above

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		with open(path, "rb") as f:
			content = f.read()
		result, problems = moving_in.judge(content, path, json.loads(mapping) if mapping else None, sheet)
		made = moving_in.store(result) if go else None
		out = moving_in.report(result, problems)
		if go:
			out["made"] = made
			frappe.db.commit()
			if invite:
				out["invited"] = moving_in.invite(send_welcome=int(send_welcome))
				frappe.db.commit()
		else:
			frappe.db.rollback()
		click.echo(json.dumps(out, indent=1, ensure_ascii=False, default=str))
	finally:
		frappe.destroy()


@click.command("lef-move-in-template")
@click.argument("language", type=click.Choice(["nl", "fr", "en"]))
@click.argument("path", type=click.Path(dir_okay=False))
@pass_context
def move_in_template(context, language, path):
	"""Write the workbook to fill in, in Dutch, French or English."""
	import frappe  # as above

	from lef_members.lef_moving_in.workbook import template  # as above

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		with open(path, "wb") as f:
			f.write(template(language))
		click.echo(path)
	finally:
		frappe.destroy()


commands = [move_in, move_in_template]
