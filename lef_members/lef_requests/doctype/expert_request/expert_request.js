// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

const REQUEST_API = "lef_members.api.requests.";

function call_triage(frm, method, args, done) {
	frappe.call({
		method: REQUEST_API + method,
		args: Object.assign({ name: frm.doc.name }, args || {}),
		freeze: true,
		callback: (r) => {
			if (r.exc) return;
			frm.reload_doc();
			done && done(r.message);
		},
	});
}

frappe.ui.form.on("Expert Request", {
	refresh(frm) {
		if (frm.is_new()) return;
		const status = frm.doc.status;
		const open = ["New", "In Review", "Needs Info"].includes(status);

		if (frm.doc.assignment) {
			frm.set_intro(
				__("Accepted: this request became assignment {0}.", [
					frappe.utils.get_form_link("Assignment", frm.doc.assignment, true),
				]),
				"green"
			);
		}

		if (["New", "Needs Info", "Declined"].includes(status)) {
			frm.add_custom_button(__("Start Review"), () => call_triage(frm, "start_review"), __("Triage"));
		}
		if (open) {
			frm.add_custom_button(__("Accept"), () => accept(frm), __("Triage"));
			frm.add_custom_button(__("Ask for Information"), () => ask_for_info(frm), __("Triage"));
			frm.add_custom_button(__("Decline"), () => decline(frm), __("Triage"));
			frm.add_custom_button(__("Suggest Themes"), () => suggest_themes(frm));
		}
		if (frm.doc.enterprise_number) {
			frm.add_custom_button(__("Check VAT Number"), () =>
				call_triage(frm, "check_vat", {}, (result) => {
					const indicator = { Valid: "green", Invalid: "orange" }[result.status] || "red";
					frappe.show_alert({ message: result.message, indicator: indicator }, 10);
				})
			);
		}
	},
});

function accept(frm) {
	frappe.confirm(
		__(
			"Accept this request? A draft assignment is made of it, and the organisation and its contact person are linked, or created when they are not known yet."
		),
		() =>
			call_triage(frm, "accept", {}, (result) => {
				frappe.show_alert({ message: result.how, indicator: "green" }, 10);
			})
	);
}

function ask_for_info(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Ask for Information"),
		fields: [
			{
				fieldname: "message",
				fieldtype: "Text",
				label: __("Your question to the organisation"),
				reqd: 1,
				default: frm.doc.message_to_requester,
			},
		],
		primary_action_label: __("Send", null, "lef_members"),
		primary_action(values) {
			dialog.hide();
			call_triage(frm, "ask_for_info", { message: values.message });
		},
	});
	dialog.show();
}

function decline(frm) {
	const reasons = frappe.meta.get_docfield("Expert Request", "decline_reason").options;
	const dialog = new frappe.ui.Dialog({
		title: __("Decline the Request"),
		fields: [
			{
				fieldname: "reason",
				fieldtype: "Select",
				label: __("Reason for Declining"),
				options: reasons,
				reqd: 1,
			},
			{
				fieldname: "message",
				fieldtype: "Text",
				label: __("Message to the Organisation"),
				description: __("Sent by e-mail with the decision. Say why, and where they might find help."),
			},
		],
		primary_action_label: __("Decline and Send"),
		primary_action(values) {
			dialog.hide();
			call_triage(frm, "decline", { reason: values.reason, message: values.message || "" });
		},
	});
	dialog.show();
}

function suggest_themes(frm) {
	frappe.call({
		method: REQUEST_API + "suggest_themes",
		args: { name: frm.doc.name },
		callback: (r) => {
			const known = (frm.doc.wished_themes || []).map((row) => row.experience_theme);
			const added = (r.message || []).filter((theme) => !known.includes(theme));
			added.forEach((theme) => frm.add_child("wished_themes", { experience_theme: theme }));
			frm.refresh_field("wished_themes");
			if (added.length) {
				frm.dirty();
				const names = added.map((theme) => __(theme)).join(", ");
				frappe.show_alert({
					message: __("Themes added: {0}. Check them and save.", [names]),
					indicator: "blue",
				});
			} else {
				frappe.show_alert({
					message: __("No further themes found in the request's text."),
					indicator: "orange",
				});
			}
		},
	});
}
