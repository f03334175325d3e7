// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Hour Log", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new() && frm.doc.status !== "Sent back") {
			frm.add_custom_button(__("Send Back"), () => {
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					(values) =>
						frm.call("send_back", { reason: values.reason }).then(() => frm.reload_doc()),
					__("Send the log back to the member"),
					__("Send Back")
				);
			});
		}
		frm.set_query("assignment", () => ({ filters: { status: ["!=", "Cancelled"] } }));
	},
});
