// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.query_reports["Training Status"] = {
	filters: [
		{ fieldname: "member", label: __("Member"), fieldtype: "Link", options: "Expert by Experience" },
		{ fieldname: "course", label: __("Course"), fieldtype: "Link", options: "Training Course" },
		{
			fieldname: "state",
			label: __("State", null, "lef_members"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Valid", label: __("Valid", null, "lef_members") },
				{ value: "Expiring", label: __("Expiring") },
				{ value: "Expired", label: __("Expired") },
				{ value: "Not yet valid", label: __("Not yet valid") },
				{ value: "Enrolled", label: __("Enrolled") },
				{ value: "Waitlisted", label: __("Waitlisted", null, "lef_members") },
				{ value: "Not Passed", label: __("Not Passed") },
			],
		},
		{
			fieldname: "expiring_within_days",
			label: __("Expiring Within (Days)"),
			fieldtype: "Int",
			description: __("Only certificates that expire within this many days from today."),
		},
		{ fieldname: "include_left", label: __("Include Members Who Left"), fieldtype: "Check", default: 0 },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "state_label" && data) {
			const colour = { Valid: "green", Expiring: "orange", Expired: "red" }[data.state] || "gray";
			value = `<span class="indicator-pill ${colour}">${value}</span>`;
		}
		return value;
	},
};
