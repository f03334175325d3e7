// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Assignment", {
	refresh(frm) {
		if (frm.is_new()) return;
		const staffing = (frm.doc.__onload && frm.doc.__onload.staffing) || {};
		frm.set_intro(
			__("Experts needed: {0} · invited: {1} · accepted: {2}", [
				staffing.needed || frm.doc.experts_needed,
				staffing.invited || 0,
				staffing.accepted || 0,
			]),
			(staffing.accepted || 0) >= frm.doc.experts_needed ? "green" : "orange"
		);
		const status = frm.doc.status;
		if (["Draft", "Open"].includes(status)) {
			frm.add_custom_button(__("Find Experts"), () => lef_find_experts(frm)).addClass("btn-primary");
		}
		if (status === "Draft") {
			frm.add_custom_button(__("Open for Invitations"), () =>
				frm.call("open_for_invitations").then(() => frm.reload_doc())
			);
		}
		if (["Draft", "Open", "Staffed", "Confirmed"].includes(status) && frm.doc.repeat_frequency) {
			frm.add_custom_button(__("Generate Sessions"), () =>
				frm.call("generate_sessions").then((r) => {
					frappe.show_alert({ message: __("{0} sessions added", [r.message || 0]), indicator: "green" });
					frm.reload_doc();
				})
			);
		}
		if (status === "Staffed") {
			frm.add_custom_button(__("Confirm to Organisation"), () =>
				frm.call("confirm_to_organisation").then(() => frm.reload_doc())
			);
		}
		if (!["Completed", "Closed", "Cancelled"].includes(status)) {
			frm.add_custom_button(
				__("Cancel Assignment"),
				() =>
					frappe.prompt(
						{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Cancelling"), reqd: 1 },
						(values) =>
							frm.call("cancel_assignment", { reason: values.reason }).then(() => frm.reload_doc()),
						__("Cancel Assignment"),
						__("Cancel and tell everyone invited")
					),
				__("Actions")
			);
		}
	},
});

function lef_find_experts(frm) {
	frappe
		.call({
			method: "lef_members.api.assignments.find_experts",
			args: { assignment: frm.doc.name, include_excluded: 1 },
			freeze: true,
			freeze_message: __("Ranking members..."),
		})
		.then((r) => {
			const rows = r.message || [];
			const dialog = new frappe.ui.Dialog({
				title: __("Find Experts"),
				size: "extra-large",
				fields: [{ fieldtype: "HTML", fieldname: "list" }],
				primary_action_label: __("Invite Selected"),
				primary_action() {
					const members = Array.from(dialog.$wrapper.find("input.lef-pick:checked")).map((el) => el.value);
					if (!members.length) {
						frappe.msgprint(__("Choose at least one member to invite."));
						return;
					}
					frappe
						.call({
							method: "lef_members.api.assignments.invite",
							args: { assignment: frm.doc.name, members },
							freeze: true,
						})
						.then((res) => {
							const out = res.message || {};
							const skipped = (out.skipped || [])
								.map((s) => `<li>${frappe.utils.escape_html(s.member)}: ${s.reasons.map(frappe.utils.escape_html).join("; ")}</li>`)
								.join("");
							frappe.msgprint(
								__("{0} invited.", [(out.invited || []).length]) + (skipped ? `<p>${__("Not invited:")}</p><ul>${skipped}</ul>` : "")
							);
							dialog.hide();
							frm.reload_doc();
						});
				},
			});
			const esc = frappe.utils.escape_html;
			const reasonList = (items) =>
				items
					.map((x) => `<li class="lef-reason lef-${esc(x.kind)}">${x.kind === "plus" ? "+" : x.kind === "minus" ? "−" : x.kind === "excluded" ? "✕" : "·"} ${esc(x.text)}</li>`)
					.join("");
			const html = rows.length
				? `<table class="table table-sm"><thead><tr><th></th><th>${__("Member")}</th><th>${__("Score", null, "lef_members")}</th><th>${__("Why")}</th></tr></thead><tbody>${rows
						.map(
							(row) => `<tr class="${row.eligible ? "" : "text-muted"}">
							<td>${row.eligible && !row.invitation ? `<input type="checkbox" class="lef-pick" value="${esc(row.member)}" aria-label="${esc(row.member_name)}">` : esc(row.invitation ? __(row.invitation, null, "Assignment Expert") : "")}</td>
							<td><a href="${frappe.utils.get_form_link("Expert by Experience", row.member)}" target="_blank">${esc(row.member_name)}</a></td>
							<td>${row.eligible ? format_number(row.score, null, 2) : __("excluded")}</td>
							<td><ul class="list-unstyled mb-0">${reasonList(row.eligible ? row.reasons : row.exclusions)}</ul></td>
						</tr>`
						)
						.join("")}</tbody></table>`
				: `<p>${__("No active members found.")}</p>`;
			dialog.fields_dict.list.$wrapper.html(html);
			dialog.show();
		});
}
