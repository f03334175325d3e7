frappe.query_reports["Hours per Month"] = {
	filters: [
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", default: new Date().getFullYear(), reqd: 1 },
		{
			fieldname: "group_by",
			label: __("Group By", null, "lef_members"),
			fieldtype: "Select",
			options: ["Assignment Type", "Organisation", "Care Network"],
			default: "Assignment Type",
		},
	],
};
