frappe.query_reports["Assignments per Organisation"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date", null, "lef_members"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date", null, "lef_members"),
			fieldtype: "Date",
			default: frappe.datetime.year_end(),
			reqd: 1,
		},
		{ fieldname: "include_cancelled", label: __("Include Cancelled"), fieldtype: "Check", default: 0 },
	],
};
