frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["LEF Requests per Month"] = {
	method: "lef_members.lef_members.charts.requests_per_month",
};
