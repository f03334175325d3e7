// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Commissioning Organisation", {
	setup(frm) {
		// "New Contact" and "New Address" on the form link the new record to this organisation.
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "Commissioning Organisation" };
	},
	refresh(frm) {
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "Commissioning Organisation" };
		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
		} else {
			frappe.contacts.render_address_and_contact(frm);
		}
	},
});
