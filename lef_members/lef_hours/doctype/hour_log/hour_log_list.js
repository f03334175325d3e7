frappe.listview_settings["Hour Log"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Draft: "gray",
			"Submitted for approval": "orange",
			"Sent back": "red",
			Approved: "green",
			Cancelled: "red",
		};
		return [__(doc.status, null, "Hour Log"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
