"""The app laid out by feature: a site laid out before moves over with nothing lost.

The patch ``feature_modules`` and Frappe's sync move a site from the one module "LEF Members" to
the modules of modules.txt. Here the site is put back as it was before the move (its records in
"LEF Members", no Module Def for the new modules, a job under its old path, a user who blocked
the app), the patch and the sync run, and every record is counted and digested before and after.
Old dotted paths keep working for jobs queued before the move.
"""

import frappe
from frappe.model.sync import sync_for
from frappe.utils.background_jobs import execute_job, get_workers

from lef_members.moved import current_path
from lef_members.patches.v1_0 import feature_modules
from lef_members.setup import digest
from lef_members.tests import LEFTestCase
from lef_members.tests.jobs import wait_for_jobs

HOME = "LEF Members"
# A record of each kind that moved, with its module now.
MOVED = {
	("DocType", "Hour Log"): "LEF Hours",
	("DocType", "Expert Request"): "LEF Requests",
	("Report", "Fair Spread of Work"): "LEF Assignments",
	("Print Format", "Training Certificate"): "LEF Training",
	("Web Form", "request-an-expert"): "LEF Requests",
}
OLD_JOB = "lef_members.training.send_certificate_reminders"
NEW_JOB = "lef_members.lef_training.training_path.send_certificate_reminders"


class TestFeatureModules(LEFTestCase):
	def test_the_modules_of_modules_txt_are_the_sites(self):
		modules = frappe.get_module_list("lef_members")
		self.assertEqual(modules[0], HOME)
		self.assertGreaterEqual(len(modules), 5)
		self.assertEqual(
			set(frappe.get_all("Module Def", filters={"app_name": "lef_members"}, pluck="name")), set(modules)
		)
		for (doctype, name), module in MOVED.items():
			self.assertEqual(frappe.db.get_value(doctype, name, "module"), module, name)
		# Every DocType of the app opens from the folder its module names.
		for name in digest.app_doctypes():
			frappe.get_meta(name)
			self.assertTrue(frappe.get_doc({"doctype": name}), name)

	def test_a_site_laid_out_before_moves_over_with_every_record(self):
		user = self._user_blocking_the_app()
		job = frappe.get_doc("Scheduled Job Type", {"method": NEW_JOB})
		saved = {"name": job.name, "stopped": job.stopped, "last_execution": job.last_execution}
		try:
			# As the site was before the move.
			for (doctype, name), _module in MOVED.items():
				frappe.db.set_value(doctype, name, "module", HOME, update_modified=False)
			frappe.db.delete("Module Def", {"name": ("in", sorted(set(MOVED.values())))})
			frappe.rename_doc(
				"Scheduled Job Type", job.name, "training.send_certificate_reminders", force=True
			)
			frappe.db.set_value(
				"Scheduled Job Type",
				"training.send_certificate_reminders",
				{"method": OLD_JOB, "stopped": 1},
				update_modified=False,
			)
			frappe.clear_cache()
			before = digest.snapshot()

			feature_modules.execute()
			feature_modules.execute()  # idempotent
			sync_for("lef_members")
			frappe.clear_cache()

			for (doctype, name), module in MOVED.items():
				self.assertEqual(frappe.db.get_value(doctype, name, "module"), module, name)
			for module in set(MOVED.values()):
				self.assertEqual(frappe.db.get_value("Module Def", module, "app_name"), "lef_members")
			blocked = frappe.get_all("Block Module", filters={"parent": user}, pluck="module")
			# Blocked where the app was: the home module and the modules new to the site.
			self.assertEqual(sorted(blocked), sorted({HOME, *MOVED.values()}))
			moved_job = frappe.get_all(
				"Scheduled Job Type",
				filters={"method": ("in", [OLD_JOB, NEW_JOB])},
				fields=["name", "method", "stopped", "last_execution"],
			)
			self.assertEqual(len(moved_job), 1, moved_job)
			self.assertEqual(moved_job[0].method, NEW_JOB)
			self.assertEqual(moved_job[0].name, "training_path.send_certificate_reminders")
			self.assertEqual(moved_job[0].stopped, 1)  # staff had stopped it: it stays stopped
			self.assertEqual(moved_job[0].last_execution, saved["last_execution"])

			after = digest.snapshot()
			self.assertEqual(digest.compare(before, after, {OLD_JOB: NEW_JOB}), [])
			# The digest sees a changed value: it is no digest that always agrees.
			name = frappe.get_all("Experience Theme", pluck="name", limit=1)[0]
			frappe.db.set_value("Experience Theme", name, "description", "changed", update_modified=False)
			self.assertIn("Experience Theme: the same", " ".join(digest.compare(before, digest.snapshot())))
		finally:
			# Frappe's sync commits as it goes; put back what this test changed.
			frappe.db.rollback()
			for (doctype, name), module in MOVED.items():
				frappe.db.set_value(doctype, name, "module", module, update_modified=False)
			feature_modules.add_module_defs(frappe.get_module_list("lef_members"))
			row = frappe.db.get_value("Scheduled Job Type", {"method": ("in", [OLD_JOB, NEW_JOB])})
			if row != saved["name"]:
				frappe.rename_doc("Scheduled Job Type", row, saved["name"], force=True)
			frappe.db.set_value(
				"Scheduled Job Type",
				saved["name"],
				{"method": NEW_JOB, "stopped": saved["stopped"], "last_execution": saved["last_execution"]},
				update_modified=False,
			)
			frappe.db.commit()
			frappe.clear_cache()

	def _user_blocking_the_app(self) -> str:
		email = "blocks-lef@example.com"
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "Blocks",
				"send_welcome_email": 0,
				"roles": [{"role": "LEF Finance"}],
				"block_modules": [{"module": HOME}],
			}
		).insert(ignore_permissions=True)
		return email

	def test_old_dotted_paths_still_run_what_moved(self):
		for old, new in (
			(OLD_JOB, NEW_JOB),
			("lef_members.pace.jobs.end_not_now", "lef_members.lef_members.pace.jobs.end_not_now"),
			(
				"lef_members.lef_members.doctype.expert_request.expert_request.send_request_mails",
				"lef_members.lef_requests.request_mails.send_request_mails",
			),
			("lef_members.payouts.room_for_members", "lef_members.lef_hours.payouts.room_for_members"),
		):
			self.assertIs(frappe.get_attr(old), frappe.get_attr(new), old)
			self.assertEqual(current_path(old), new)
		# One module object under both names: its functions are the ones Frappe whitelisted.
		import lef_members.hours
		import lef_members.lef_hours.hour_logs

		self.assertIs(lef_members.hours, lef_members.lef_hours.hour_logs)
		self.assertIn(frappe.get_attr("lef_members.api.hours.save_log"), frappe.whitelisted)

		# A job queued under an old path (before a migrate) is run by the worker.
		method = "lef_members.figures.regimes_missing_figures"
		if get_workers():
			job = frappe.enqueue(method, queue="short")
			wait_for_jobs()
			job.refresh()
			self.assertEqual(job.get_status(), "finished", job.exc_info)
		else:
			self.assertEqual(
				execute_job(frappe.local.site, method, None, None, None, False, {}),
				frappe.get_attr("lef_members.lef_hours.next_year_figures.regimes_missing_figures")(),
			)
