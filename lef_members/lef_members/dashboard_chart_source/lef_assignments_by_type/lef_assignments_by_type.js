frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["LEF Assignments by Type"] = {
	method: "lef_members.lef_members.charts.assignments_by_type",
};
