// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("LEF Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Copy E-mail Texts to Edit"), () => frm.call("copy_email_texts"));
		// With ERPNext or Frappe CRM installed: link the organisations that existed before (a job).
		frm.add_custom_button(__("Link Existing Organisations"), () =>
			frappe.call("lef_members.integrations.late.link_now").then(({ message }) =>
				frappe.show_alert({
					message: message && message.length
						? __("Linking to {0} in the background; the result appears in this form's timeline.", [message.join(", ")])
						: __("Neither ERPNext nor Frappe CRM is installed."),
					indicator: message && message.length ? "green" : "orange",
				})
			)
		);
		show_production_check(frm);
	},
});

// The production check: what the site should have and whether it does, with how to fix it.
function show_production_check(frm) {
	const field = frm.get_field("production_check_html");
	frappe.call("lef_members.lef_requests.guest.production.production_checks").then(({ message }) => {
		const rows = (message || []).map((item) => {
			const mark = item.ok
				? `<span class="indicator-pill green">${__("In order")}</span>`
				: `<span class="indicator-pill red">${__("Missing")}</span>`;
			const details = item.ok ? "" : `<div class="text-muted small">${frappe.utils.escape_html(item.why)}<br>${frappe.utils.escape_html(item.fix)}</div>`;
			return `<li class="mb-2">${mark} <strong>${frappe.utils.escape_html(item.label)}</strong>${details}</li>`;
		});
		field.$wrapper.html(`<ul class="list-unstyled">${rows.join("")}</ul>`);
	});
}
