// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Billing Statement", {
	refresh(frm) {
		// ERPNext refused the invoice when the statement was submitted: try again once fixed.
		if (frm.doc.docstatus === 1 && frm.doc.invoice_status === "Failed") {
			frm.dashboard.set_headline(
				__("ERPNext refused the invoice: {0}", [frappe.utils.escape_html(frm.doc.invoice_error || "")]),
				"orange"
			);
			frm.add_custom_button(__("Make the Invoice Again"), () =>
				frm.call("make_invoice_again").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.sales_invoice) {
			frm.add_custom_button(__("Open the Invoice"), () =>
				frappe.set_route("Form", "Sales Invoice", frm.doc.sales_invoice)
			);
		}
	},
});
