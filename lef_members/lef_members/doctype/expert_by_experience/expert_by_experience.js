// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Expert by Experience", {
	refresh(frm) {
		if (frm.doc.user) {
			frm.set_intro(__("Portal account: {0}", [frm.doc.user]), "blue");
		}
	},
	status(frm) {
		if (frm.doc.status === "Paused" && !frm.doc.paused_until) {
			frappe.show_alert({ message: __("Enter the date until which the member pauses."), indicator: "orange" });
		}
	},
});
