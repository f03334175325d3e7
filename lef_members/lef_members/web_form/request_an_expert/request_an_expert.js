// The spam trap: the "website" field stays in the page, where bots fill it in, but is moved
// out of sight by request_an_expert.css and out of reach of keyboards and screen readers here.
frappe.ready(function () {
	const hide_trap = () => {
		const control = frappe.web_form && frappe.web_form.fields_dict && frappe.web_form.fields_dict.website;
		if (!control) return;
		control.$wrapper.attr("aria-hidden", "true");
		control.$wrapper.find("input").attr({ tabindex: "-1", autocomplete: "off" });
	};
	if (frappe.web_form && frappe.web_form.fields_dict) {
		hide_trap();
	} else if (frappe.web_form) {
		frappe.web_form.after_load = hide_trap;
	}
});
