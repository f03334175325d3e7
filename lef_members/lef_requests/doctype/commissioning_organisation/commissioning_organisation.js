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
			frm.add_custom_button(__("Give a contact person a login"), () => give_login(frm));
		}
	},
});

// A website login (role LEF Organisation) for one of the organisation's contact persons: they then
// follow all the organisation's requests at /lef/requests. Frappe's welcome mail lets them choose a password.
function give_login(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Give a contact person a login"),
		fields: [
			{
				fieldname: "contact",
				fieldtype: "Link",
				options: "Contact",
				label: __("Contact person"),
				reqd: 1,
				get_query: () => ({
					query: "frappe.contacts.doctype.contact.contact.contact_query",
					filters: { link_doctype: frm.doctype, link_name: frm.doc.name },
				}),
			},
		],
		primary_action_label: __("Give a login"),
		primary_action({ contact }) {
			frappe
				.call({
					method: "lef_members.api.organisation.give_login",
					args: { organisation: frm.doc.name, contact },
					freeze: true,
				})
				.then(({ message }) => {
					dialog.hide();
					frappe.show_alert({
						message: message.created
							? __("Login {0} made; the welcome e-mail is on its way.", [message.user])
							: __("{0} can now log in as this organisation.", [message.user]),
						indicator: "green",
					});
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}
