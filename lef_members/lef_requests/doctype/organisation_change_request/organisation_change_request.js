// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Organisation Change Request", {
	refresh(frm) {
		if (frm.doc.status !== "Pending") {
			frm.set_df_property("status", "read_only", 1);
			frm.set_df_property("answer", "read_only", 1);
		}
		if (frm.doc.expert_request) {
			frm.add_custom_button(__("Open the request"), () =>
				frappe.set_route("Form", "Expert Request", frm.doc.expert_request)
			);
		}
		if (frm.doc.assignment) {
			frm.add_custom_button(__("Open the assignment"), () =>
				frappe.set_route("Form", "Assignment", frm.doc.assignment)
			);
		}
	},
});
