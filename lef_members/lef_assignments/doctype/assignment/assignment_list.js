// The status in the reader's language, looked up with the DocType as context: some of these
// words ("Left", "Accepted", "Closed") mean something else in other apps (locale/shared_words.txt).
frappe.listview_settings["Assignment"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Draft: "gray",
			Open: "orange",
			Staffed: "blue",
			Confirmed: "green",
			Completed: "green",
			Closed: "gray",
			Cancelled: "red",
		};
		return [__(doc.status, null, "Assignment"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
