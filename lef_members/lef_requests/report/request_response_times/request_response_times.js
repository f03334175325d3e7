frappe.query_reports["Request Response Times"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date", null, "lef_members"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date", null, "lef_members"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
	],
};
