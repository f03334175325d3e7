// The status in the reader's language, looked up with the DocType as context: some of these
// words ("Left", "Accepted", "Closed") mean something else in other apps (locale/shared_words.txt).
frappe.listview_settings["Assignment Expert"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Invited: "orange",
			Accepted: "green",
			Declined: "gray",
			Withdrawn: "red",
		};
		return [__(doc.status, null, "Assignment Expert"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
