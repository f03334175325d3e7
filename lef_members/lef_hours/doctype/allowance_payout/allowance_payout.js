// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Allowance Payout", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Recompute"), () =>
				frm.call("recompute").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Make SEPA File"), () =>
				frm.call("make_sepa_file").then((r) => {
					const result = r.message || {};
					if (result.skipped && result.skipped.length) {
						frappe.msgprint({
							title: __("Not in the file"),
							message: result.skipped.map((s) => frappe.utils.escape_html(s)).join("<br>"),
						});
					}
					frm.reload_doc();
				})
			);
		}
		if (!frm.is_new()) {
			frm.add_custom_button(__("Statements"), () =>
				frappe.set_route("List", "Allowance Payout Member", { payout: frm.doc.name })
			);
		}
		const rows = (frm.doc.__onload && frm.doc.__onload.summary) || [];
		const esc = frappe.utils.escape_html;
		const money = (v) => format_currency(v, "EUR");
		const html = rows.length
			? `<table class="table table-sm"><thead><tr><th>${__("Member")}</th><th>${__("Claimed")}</th>
				<th>${__("Paid")}</th><th>${__("Held")}</th><th>${__("Transfer", null, "lef_members")}</th></tr></thead><tbody>` +
				rows
					.map(
						(r) => `<tr><td><a href="${frappe.utils.get_form_link("Allowance Payout Member", r.name)}">${esc(r.member_name || r.member)}</a>
						${r.error ? `<div class="text-danger small">${esc(r.error)}</div>` : ""}</td>
						<td>${money(r.claimed)}</td><td>${money(r.paid)}</td><td>${money(r.held)}</td>
						<td class="small">${esc(r.transfer_status || "")}</td></tr>`
					)
					.join("") +
				"</tbody></table>"
			: `<p class="text-muted">${__("No approved, unpaid hour logs in this period.")}</p>`;
		frm.get_field("summary_html").$wrapper.html(html);
	},
});
