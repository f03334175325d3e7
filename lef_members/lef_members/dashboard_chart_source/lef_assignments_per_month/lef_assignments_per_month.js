frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["LEF Assignments per Month"] = {
	method: "lef_members.lef_members.charts.assignments_per_month",
};
