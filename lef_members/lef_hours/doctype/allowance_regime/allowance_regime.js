// Copyright (c) 2026, LEF Members contributors
// For license information, please see license.txt

// Entering next year's figures is one form: a button adds the year's ceiling row and the
// first quarter's kilometre rates with their dates filled in; finance types the amounts
// and the source. The server checks them on save (no overlap, nothing negative).
frappe.ui.form.on("Allowance Regime", {
	refresh(frm) {
		if (frm.is_new() || !["Volunteer flat rate", "Volunteer allowance", "Volunteer real costs", "Freelance fee"].includes(frm.doc.regime_kind)) {
			return;
		}
		frm.add_custom_button(__("Enter a Figure"), () => lef_enter_figure(frm, {}));
		// A reminder's link names the figure: the form opens with it filled in.
		const asked = frappe.utils.get_query_params();
		if (asked.enter_figure && !frm.__lef_figure_asked) {
			frm.__lef_figure_asked = true;
			lef_enter_figure(frm, asked);
		}
		if (frm.doc.regime_kind === "Freelance fee") {
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

// One form for one legal figure, whatever its period (a month, a quarter, a year): a kilometre
// rate for one or more vehicles, or a year's ceilings. The server checks it like a saved row.
function lef_enter_figure(frm, asked) {
	const figure = asked.enter_figure === "rows" ? "rows" : "km_rate";
	const day = asked.from || frappe.datetime.get_today();
	const year = day.slice(0, 4);
	const dialog = new frappe.ui.Dialog({
		title: __("Enter a Figure"),
		fields: [
			{
				fieldname: "figure",
				fieldtype: "Select",
				label: __("Figure"),
				options: [
					{ value: "km_rate", label: __("Kilometre rate") },
					{ value: "rows", label: __("Ceilings of a year") },
				],
				default: figure,
				reqd: 1,
			},
			{ fieldname: "valid_from", fieldtype: "Date", label: __("Valid From", null, "Allowance Kilometre Rate"), default: asked.from || `${year}-01-01`, reqd: 1 },
			{
				fieldname: "valid_to",
				fieldtype: "Date",
				label: __("Valid To"),
				default: figure === "rows" ? `${year}-12-31` : "",
				reqd: 1,
				description: __("A month, a quarter or a year: the last day the figure is valid."),
			},
			{
				fieldname: "vehicles",
				fieldtype: "MultiCheck",
				label: __("Vehicles"),
				depends_on: "eval:doc.figure == 'km_rate'",
				options: ["Car", "Motorbike", "Moped", "Bicycle"].map((vehicle) => ({
					label: __(vehicle),
					value: vehicle,
					checked: asked.vehicle ? asked.vehicle === vehicle || (asked.vehicle === "Car" && vehicle !== "Bicycle") : vehicle !== "Bicycle",
				})),
			},
			{ fieldname: "rate", fieldtype: "Float", precision: 4, label: __("Rate per km (EUR)"), depends_on: "eval:doc.figure == 'km_rate'" },
			{ fieldname: "basis", fieldtype: "Select", label: __("Basis"), options: ["Period", "Yearly"], default: "Period", depends_on: "eval:doc.figure == 'km_rate'" },
			{ fieldname: "max_per_day", fieldtype: "Currency", label: __("Maximum per Day"), depends_on: "eval:doc.figure == 'rows'" },
			{ fieldname: "max_per_month", fieldtype: "Currency", label: __("Maximum per Month"), depends_on: "eval:doc.figure == 'rows'" },
			{ fieldname: "max_per_year", fieldtype: "Currency", label: __("Maximum per Year"), depends_on: "eval:doc.figure == 'rows'" },
			{ fieldname: "max_km_per_year", fieldtype: "Float", label: __("Kilometres per Year"), depends_on: "eval:doc.figure == 'rows'" },
			{ fieldname: "source", fieldtype: "Small Text", label: __("Source"), reqd: 1 },
		],
		primary_action_label: __("Enter"),
		primary_action(values) {
			frappe.call({
				method: "lef_members.lef_hours.next_year_figures.enter_figure",
				type: "POST",
				args: { regime: frm.doc.name, ...values, vehicles: values.vehicles || [] },
				freeze: true,
				callback(r) {
					dialog.hide();
					frappe.show_alert({ message: r.message.message, indicator: "green" });
					frm.reload_doc();
				},
			});
		},
	});
	dialog.show();
}
