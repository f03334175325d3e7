// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

// Entering next year's figures is one form: a button adds the year's ceiling row and the
// first quarter's kilometre rates with their dates filled in; finance types the amounts
// and the source. The server checks them on save (no overlap, nothing negative).
frappe.ui.form.on("Allowance Regime", {
	refresh(frm) {
		if (frm.is_new() || !["Volunteer flat rate", "Volunteer allowance", "Volunteer real costs"].includes(frm.doc.regime_kind)) {
			return;
		}
		const year = new Date().getFullYear() + (new Date().getMonth() === 11 ? 1 : 0);
		frm.add_custom_button(__("Add Rows for {0}", [year]), () => {
			const first = `${year}-01-01`;
			const covered = (rows, pick) => (rows || []).some((row) => pick(row) && row.valid_from <= first && row.valid_to >= first);
			if (frm.doc.regime_kind !== "Volunteer real costs" && !covered(frm.doc.ceilings, () => true)) {
				const row = frm.add_child("ceilings", { valid_from: first, valid_to: `${year}-12-31` });
				if (frm.doc.regime_kind === "Volunteer flat rate") {
					row.max_km_per_year = 2000;
				}
			}
			if (frm.doc.regime_kind !== "Volunteer allowance") {
				for (const vehicle of ["Car", "Motorbike", "Moped"]) {
					if (!covered(frm.doc.km_rates, (r) => r.vehicle === vehicle && r.basis === "Period")) {
						frm.add_child("km_rates", { valid_from: first, valid_to: `${year}-03-31`, vehicle, basis: "Period" });
					}
				}
			}
			frm.refresh_fields(["ceilings", "km_rates"]);
			frappe.show_alert({ message: __("Enter the figures and their source, then save."), indicator: "blue" });
		});
	},
});
