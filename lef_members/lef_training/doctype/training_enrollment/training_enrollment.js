// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

// UX only: places, the waiting list and results are decided by the server.
frappe.ui.form.on("Training Enrollment", {
	setup(frm) {
		frm.set_query("training_session", () => ({ filters: { status: ["not in", ["Completed", "Cancelled"]] } }));
		frm.set_query("member", () => ({ filters: { status: ["in", ["Intake", "In Training", "Active", "Paused"]] } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		if (["Enrolled", "Waitlisted"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Withdraw"), () => {
				frappe.confirm(__("Withdraw {0} from this session? The next on the waiting list moves up.", [
					frappe.utils.escape_html(frm.doc.member_name),
				]), () => frm.call("withdraw").then(() => frm.reload_doc()));
			});
		}
		if (frm.doc.result === "Passed") {
			frm.add_custom_button(__("Certificate", null, "lef_members"), () => frm.print_doc());
		}
	},
});
