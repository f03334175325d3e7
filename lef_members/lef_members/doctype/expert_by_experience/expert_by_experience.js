// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Expert by Experience", {
	refresh(frm) {
		if (frm.doc.user) {
			frm.set_intro(__("Portal account: {0}", [frm.doc.user]), "blue");
		}
		show_training(frm);
		show_year_summary(frm);
	},
	status(frm) {
		if (frm.doc.status === "Paused" && !frm.doc.paused_until) {
			frappe.show_alert({
				message: __("Without an end date the member pauses until further notice."),
				indicator: "orange",
			});
		}
	},
});

// Trainings tab: certificates and qualifications rendered by the server (lef_members.lef_training.training_path),
// and the coordinator's confirmed activation once the basic training is passed.
function show_training(frm) {
	const training = (frm.doc.__onload || {}).training;
	const field = frm.get_field("training_html");
	if (field && training) {
		field.$wrapper.html(training.html);
	}
	if (training && training.activation_course && frm.doc.status === "In Training" && !frm.is_dirty()) {
		frm.add_custom_button(__("Activate after Basic Training"), () => {
			frappe.confirm(
				__("{0} passed {1}. Make this member Active?", [
					frappe.utils.escape_html(frm.doc.full_name),
					frappe.utils.escape_html(__(training.activation_course)),
				]),
				() =>
					frappe
						.call({
							method: "lef_members.lef_training.training_path.activate_after_basic_training",
							args: { member: frm.doc.name },
							freeze: true,
						})
						.then((r) => {
							frappe.show_alert({ message: r.message.message, indicator: "green" });
							frm.reload_doc();
						})
			);
		});
	}
}

// Dashboard: hours logged this year and, for those who see money data, the allowance room left.
function show_year_summary(frm) {
	const summary = (frm.doc.__onload || {}).year_summary;
	if (!summary || frm.is_new()) return;
	frm.dashboard.add_indicator(
		__("Hours in {0}: {1}", [summary.year, format_number(summary.hours, null, 2)]),
		summary.hours ? "blue" : "gray"
	);
	if (summary.allowance_problem) {
		frm.dashboard.add_indicator(__("Allowance room: {0}", [summary.allowance_problem]), "orange");
	} else if (summary.allowance_room !== undefined && summary.allowance_room !== null) {
		frm.dashboard.add_indicator(
			__("Allowance room left in {0}: {1}", [summary.year, format_currency(summary.allowance_room, "EUR")]),
			summary.allowance_room > 0 ? "green" : "red"
		);
	}
}
