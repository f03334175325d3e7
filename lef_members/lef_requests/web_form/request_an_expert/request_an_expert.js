// The words of this script and of Frappe's date table in the visitor's language: Frappe sends a
// web form only its labels and options; the page's own list comes with the introduction
// (request_an_expert.py). Added before the form is drawn.
(function () {
	const block = document.getElementById("lef-form-messages");
	if (block) Object.assign(frappe._messages || (frappe._messages = {}), JSON.parse(block.textContent));
})();

// Runs ``fn`` with the form once Frappe has drawn it: at once when it has (this script runs after
// Frappe's own), else after Frappe's after_load and whatever was set there before.
function lef_with_form(fn) {
	frappe.ready(function () {
		const form = frappe.web_form;
		if (!form) return;
		if (form.fields_dict) return fn(form);
		const before = form.after_load;
		form.after_load = () => {
			before && before();
			fn(form);
		};
	});
}

// The spam trap: the "website" field stays in the page, where bots fill it in, but is moved
// out of sight by request_an_expert.css and out of reach of keyboards and screen readers here.
lef_with_form(function (form) {
	const control = form.fields_dict.website;
	if (!control) return;
	control.$wrapper.attr("aria-hidden", "true");
	control.$wrapper.find("input").attr({ tabindex: "-1", autocomplete: "off" });
});

// Before sending: each field at fault gets its own message, tied to it (aria-describedby), and
// the focus moves to the first one, instead of Frappe's list of missing fields in a dialog.
// The server checks everything again; this only spares people a round trip and a dialog.
(function () {
	const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

	function clear(control) {
		control.$wrapper.find(".lef-field-error").remove();
		control.$wrapper.find("input, textarea, select").removeAttr("aria-invalid").each(function () {
			const described = (this.getAttribute("aria-describedby") || "")
				.split(" ")
				.filter((id) => id && !id.startsWith("lef-error-"))
				.join(" ");
			if (described) this.setAttribute("aria-describedby", described);
			else this.removeAttribute("aria-describedby");
		});
	}

	function mark(control, message) {
		const id = "lef-error-" + control.df.fieldname;
		const input = control.$wrapper.find("input:visible, textarea:visible, select:visible").first();
		const known = control.$wrapper.find("#" + id);
		if (known.length) {
			known.text(known.text() + " " + message); // a second problem with the same field
			return input;
		}
		const error = $('<p class="lef-field-error text-danger small mb-1"></p>').attr("id", id).text(message);
		control.$wrapper.append(error);
		input.attr("aria-invalid", "true");
		input.attr("aria-describedby", [input.attr("aria-describedby"), id].filter(Boolean).join(" "));
		return input;
	}

	function problems(form) {
		const found = [];
		for (const df of form.fields || []) {
			const control = form.fields_dict[df.fieldname];
			// Breaks and tables have no input of their own; hidden fields are not asked for.
			if (!control || !control.$wrapper || df.fieldname === "website") continue;
			if (!control.$wrapper.is(":visible") || ["Section Break", "Column Break", "Table"].includes(df.fieldtype)) continue;
			clear(control);
			const value = form.get_value(df.fieldname);
			const empty = value === undefined || value === null || value === "" || value === 0 && df.fieldtype === "Check";
			if (df.reqd && empty) {
				found.push([control, __("Fill in {0}.", [__(df.label)])]);
			} else if (df.fieldname === "email" && value && !EMAIL.test(String(value).trim())) {
				found.push([control, __("Enter a valid e-mail address, such as name@organisation.be.")]);
			}
		}
		return found;
	}

	// What only the server can judge (an enterprise number's check digits, a date in the past)
	// is asked before sending, so it too is shown at its field. Nothing is stored by asking;
	// when the question itself fails, the form is sent as usual and the server decides.
	async function server_problems(form) {
		try {
			const values = Object.assign({}, form.doc, form.get_values(true) || {});
			const response = await fetch("/api/method/lef_members.lef_requests.guest.web_form.check", {
				method: "POST",
				headers: {
					"Content-Type": "application/json",
					Accept: "application/json",
					"X-Frappe-CSRF-Token": frappe.csrf_token || "",
				},
				body: JSON.stringify({ web_form: form.name, data: JSON.stringify(values) }),
			});
			if (!response.ok) return [];
			const answer = await response.json();
			return Array.isArray(answer.message) ? answer.message : [];
		} catch (e) {
			return [];
		}
	}

	function guard(form) {
		if (form.lef_guarded) return;
		form.lef_guarded = true;
		const save = form.save.bind(form);
		const status = $('<div class="sr-only" role="alert" id="lef-form-errors"></div>');
		const general = $('<div class="lef-form-general text-danger mb-3" id="lef-form-general"></div>');
		$(".web-form").prepend(status);
		$(".web-form").prepend(general);

		function report(found, elsewhere) {
			const inputs = found.map(([control, message]) => mark(control, message));
			elsewhere.forEach((message) => general.append($('<p class="lef-field-error mb-1"></p>').text(message)));
			status.text(__("Please correct {0} fields. The first one now has the focus.", [found.length + elsewhere.length]));
			const first = inputs.find((input) => input.length);
			if (first) first.trigger("focus");
		}

		form.save = function () {
			general.empty();
			const found = problems(form);
			if (found.length) {
				report(found, []);
				return false;
			}
			status.text("");
			server_problems(form).then((answer) => {
				if (!answer.length) return save();
				const found = [];
				const elsewhere = [];
				for (const problem of answer) {
					const control = problem.field && form.fields_dict[problem.field];
					if (control && control.$wrapper && control.$wrapper.is(":visible")) found.push([control, problem.message]);
					else elsewhere.push(problem.message);
				}
				report(found, elsewhere);
			});
			return false;
		};
	}

	lef_with_form(guard);
})();

// A choice the form shows is a choice the form holds: Frappe's web form draws a Select with its
// default ("On site") as chosen but leaves the value empty, so the fields that depend on it (the
// address) stayed hidden and the form then asked for them. The shown value is set once, on load.
(function () {
	function hold_shown_choices(form) {
		for (const df of form.fields || []) {
			if (df.fieldtype !== "Select") continue;
			const control = form.fields_dict[df.fieldname];
			const select = control && control.$wrapper && control.$wrapper.find("select").get(0);
			const shown = select ? select.value : "";
			// Not get_value(): it reads the drawn <select>, which shows the default; the form's
			// doc, which depends_on reads and the form sends, is what is empty.
			const held = form.doc && form.doc[df.fieldname];
			if (shown && !held) form.set_value(df.fieldname, shown);
		}
	}
	lef_with_form(hold_shown_choices);
})();

// What a person types is held as it is typed. Frappe's web form writes a text field into the
// form only on "change" (or half a second after the last key), and every change redraws the fields
// that depend on another (the address, postcode and municipality): one still being typed in, or
// just left, was redrawn from the form's empty value and what the person typed was wiped.
(function () {
	const TYPED = ["Data", "Small Text", "Text", "Long Text"];
	function hold_typing(form) {
		for (const df of form.fields || []) {
			const control = form.fields_dict[df.fieldname];
			if (!TYPED.includes(df.fieldtype) || !control || !control.$input) continue;
			control.$input.on("input", function () {
				if (form.doc) form.doc[df.fieldname] = this.value;
			});
		}
	}
	lef_with_form(hold_typing);
})();

// No keyboard trap in the date table: Frappe adds a row on a Tab from the last cell of the last
// row and moves the focus into it, so a person using the keyboard could never Tab past the
// table (Frappe 16 even opens a row as the Tab reaches the table), and each try left an empty
// row the form then refused. Here that Tab leaves the table, to the Add Row button, which adds a
// row on Enter. Caught before Frappe's own handler on the cell (capture phase).
(function () {
	function no_trap(form) {
		const control = form.fields_dict.dates;
		const wrapper = control && control.$wrapper && control.$wrapper.get(0);
		if (!wrapper) return;
		wrapper.addEventListener(
			"keydown",
			function (event) {
				if (event.key !== "Tab" || event.shiftKey || event.ctrlKey || event.metaKey) return;
				const rows = wrapper.querySelectorAll(".grid-body .grid-row");
				const last = rows[rows.length - 1];
				if (!last || !last.contains(event.target)) return;
				const inputs = [...last.querySelectorAll("input:enabled, select:enabled, textarea:enabled")].filter(
					(el) => el.type !== "checkbox" && el.offsetParent
				);
				if (inputs.length && inputs[inputs.length - 1] === event.target) event.stopImmediatePropagation();
			},
			true
		);
	}
	lef_with_form(no_trap);
})();
