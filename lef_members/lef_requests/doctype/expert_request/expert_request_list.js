// The status in the reader's language, looked up with the DocType as context: some of these
// words ("Left", "Accepted", "Closed") mean something else in other apps (locale/shared_words.txt).
frappe.listview_settings["Expert Request"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			New: "orange",
			"In Review": "blue",
			"Needs Info": "yellow",
			Accepted: "green",
			Declined: "gray",
		};
		return [__(doc.status, null, "Expert Request"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
