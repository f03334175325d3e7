// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

frappe.ui.form.on("Training Course", {
	setup(frm) {
		// A course never needs itself; the server also refuses longer circles.
		frm.set_query("prerequisite", "prerequisites", () => ({ filters: { name: ["!=", frm.doc.name], disabled: 0 } }));
	},
});
