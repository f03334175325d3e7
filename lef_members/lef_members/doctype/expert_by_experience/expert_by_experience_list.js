// The status in the reader's language, looked up with the DocType as context: some of these
// words ("Left", "Accepted", "Closed") mean something else in other apps (locale/shared_words.txt).
frappe.listview_settings["Expert by Experience"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Candidate: "gray",
			Intake: "orange",
			"In Training": "blue",
			Active: "green",
			Paused: "yellow",
			Left: "gray",
		};
		return [__(doc.status, null, "Expert by Experience"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
