// The status in the reader's language, looked up with the DocType as context: some of these
// words ("Left", "Accepted", "Closed") mean something else in other apps (locale/shared_words.txt).
frappe.listview_settings["Training Enrollment"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Enrolled: "blue",
			Waitlisted: "orange",
			Withdrawn: "gray",
			Completed: "green",
		};
		return [__(doc.status, null, "Training Enrollment"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
