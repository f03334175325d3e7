// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("LEF Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Copy E-mail Texts to Edit"), () => frm.call("copy_email_texts"));
	},
});
