// The status in the reader's language, looked up with the DocType as context: some of these
// words ("Left", "Accepted", "Closed") mean something else in other apps (locale/shared_words.txt).
frappe.listview_settings["Organisation Change Request"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = {
			Pending: "orange",
			Agreed: "green",
			Refused: "gray",
		};
		return [__(doc.status, null, "Organisation Change Request"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
