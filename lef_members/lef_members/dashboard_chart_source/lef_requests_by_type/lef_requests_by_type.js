frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["LEF Requests by Type"] = {
	method: "lef_members.lef_members.charts.requests_by_type",
};
