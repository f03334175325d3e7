// The status in the reader's language, looked up with the DocType as context: some of these
// words ("Left", "Accepted", "Closed") mean something else in other apps (locale/shared_words.txt).
frappe.listview_settings["Training Session"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Planned: "gray",
			Open: "green",
			Closed: "orange",
			Completed: "blue",
			Cancelled: "red",
		};
		return [__(doc.status, null, "Training Session"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
