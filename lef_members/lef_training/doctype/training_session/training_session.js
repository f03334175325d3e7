// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

// UX only: the server decides places, the waiting list and attendance.
frappe.ui.form.on("Training Session", {
	setup(frm) {
		frm.set_query("course", () => ({ filters: { disabled: 0 } }));
		frm.set_query("member", "trainers", () => ({ filters: { status: ["!=", "Left"] } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const places = frm.doc.capacity
			? __("{0} of {1} places taken", [frm.doc.enrolled_count || 0, frm.doc.capacity])
			: __("{0} enrolled, no limit", [frm.doc.enrolled_count || 0]);
		const waiting = frm.doc.waitlist_count ? " · " + __("{0} on the waiting list", [frm.doc.waitlist_count]) : "";
		frm.set_intro(places + waiting, frm.doc.status === "Open" ? "green" : "blue");

		if (!["Completed", "Cancelled"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Enrol a Member"), () => enrol_dialog(frm));
		}
		if ((frm.doc.dates || []).length) {
			frm.add_custom_button(__("Record Attendance"), () => attendance_dialog(frm));
		}
	},
});

function enrol_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Enrol a Member"),
		fields: [
			{
				fieldname: "member",
				fieldtype: "Link",
				options: "Expert by Experience",
				label: __("Member"),
				reqd: 1,
				get_query: () => ({ filters: { status: ["in", ["Intake", "In Training", "Active", "Paused"]] } }),
			},
		],
		primary_action_label: __("Enrol"),
		primary_action(values) {
			frappe
				.call({
					method: "lef_members.lef_training.doctype.training_session.training_session.enrol_member",
					args: { session: frm.doc.name, member: values.member },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					frappe.show_alert({ message: frappe.utils.escape_html(r.message.message), indicator: "green" });
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

function attendance_dialog(frm) {
	frappe
		.call({
			method: "lef_members.lef_training.doctype.training_session.training_session.attendance_sheet",
			args: { session: frm.doc.name },
		})
		.then((r) => {
			const sheet = r.message;
			if (!sheet.enrolments.length) {
				frappe.msgprint(__("Nobody holds a place in this session yet."));
				return;
			}
			const options = (date) =>
				sheet.enrolments.map((e) => ({
					label: frappe.utils.escape_html(e.member_name),
					value: e.name,
					checked: e.present.includes(date) ? 1 : 0,
				}));
			const first = sheet.dates[0];
			const dialog = new frappe.ui.Dialog({
				title: __("Record Attendance"),
				fields: [
					{
						fieldname: "session_date",
						fieldtype: "Select",
						label: __("Date"),
						options: sheet.dates.map((d) => ({ label: frappe.datetime.str_to_user(d), value: d })),
						default: first,
						reqd: 1,
						onchange() {
							const date = dialog.get_value("session_date");
							dialog.fields_dict.present.df.options = options(date);
							dialog.fields_dict.present.refresh();
						},
					},
					{ fieldname: "present", fieldtype: "MultiCheck", label: __("Present"), options: options(first), columns: 2 },
				],
				primary_action_label: __("Save", null, "lef_members"),
				primary_action(values) {
					frappe
						.call({
							method: "lef_members.lef_training.doctype.training_session.training_session.record_attendance",
							args: { session: frm.doc.name, session_date: values.session_date, present: values.present || [] },
							freeze: true,
						})
						.then(() => {
							dialog.hide();
							frappe.show_alert({ message: __("Attendance saved"), indicator: "green" });
						});
				},
			});
			dialog.show();
		});
}
