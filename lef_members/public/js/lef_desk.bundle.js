// The desk shows a Select value in the reader's words wherever it is drawn as text (grids, lists,
// report cells), as the Select control itself does: Frappe's formatter translates the value
// without its DocType as context, so a word this app translates only with one ("Morning" is
// "Voormiddag" as a part of the day, see locale/shared_words.txt) stayed English.
(function () {
	const plain = frappe.form.formatters.Select;
	frappe.form.formatters.Select = function (value, df, options, doc) {
		const context = df && df.parent;
		if (context && value !== null && value !== undefined && value !== "") {
			const text = String(value);
			const translated = __(text, null, context);
			if (translated !== text) return frappe.form.formatters.Data(translated, df, options, doc);
		}
		return plain(value, df, options, doc);
	};
})();
