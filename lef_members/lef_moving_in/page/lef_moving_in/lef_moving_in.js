// Moving a forum in from its spreadsheets: the template, the dry run, then go; then the
// portal invitations. The server decides everything (lef_members/lef_moving_in/moving_in.py).
const MOVING_IN = "lef_members.lef_moving_in.moving_in";
// A whole number in the reader's format (format_number would add decimals).
const count_text = (n) => format_number(n, null, 0);

frappe.pages["lef-moving-in"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Moving In"), single_column: true });
	const state = { content: null, filename: null, mapping: {} };
	const $body = $(`
		<div class="lef-moving-in" style="max-width: 60rem">
			<p>${__("Bring the forum's members, organisations with their contact persons, certificates and past work in from a workbook. Nothing is stored until you say go; no e-mail is sent.")}</p>
			<h4>${__("1. The template")}</h4>
			<p class="lef-template"></p>
			<h4>${__("2. Your workbook")}</h4>
			<p><label>${__("Workbook (.xlsx) or members (.csv)")} <input type="file" accept=".xlsx,.xlsm,.csv" class="lef-file"></label></p>
			<div class="lef-result" aria-live="polite"></div>
			<h4>${__("3. Portal accounts")}</h4>
			<p>${__("Members get a portal account only when you invite them; each batch is made in the background.")}</p>
			<p><label><input type="checkbox" class="lef-welcome"> ${__("Send each member Frappe's welcome e-mail")}</label></p>
			<p><button class="btn btn-default btn-sm lef-invite">${__("Invite Members without an Account")}</button></p>
		</div>`).appendTo(page.main);

	const $template = $body.find(".lef-template");
	[["nl", "Nederlands"], ["fr", "Français"], ["en", "English"]].forEach(([lang, name]) => {
		$(`<a class="btn btn-default btn-sm" style="margin-right: .5rem">${__("Template: {0}", [name])}</a>`)
			.attr("href", `/api/method/${MOVING_IN}.template?language=${lang}`)
			.appendTo($template);
	});

	$body.find(".lef-file").on("change", (event) => {
		const file = event.target.files[0];
		if (!file) return;
		const reader = new FileReader();
		reader.onload = () => {
			state.content = reader.result;
			state.filename = file.name;
			state.mapping = {};
			run("dry_run");
		};
		reader.readAsDataURL(file);
	});

	function run(method) {
		frappe.call({
			method: `${MOVING_IN}.${method}`,
			type: "POST",
			args: { content: state.content, filename: state.filename, mapping: JSON.stringify(state.mapping) },
			freeze: true,
			freeze_message: method === "dry_run" ? __("Reading the workbook...") : __("Moving in..."),
			callback: (r) => show(r.message, method),
		});
	}

	function show(result, method) {
		const $result = $body.find(".lef-result").empty();
		const counts = result.counts || {};
		const word = {
			create: __("to make"),
			update: __("to update"),
			unchanged: __("already there"),
			refused: __("refused"),
		};
		if (method === "move_in") {
			$(`<div class="alert alert-success">${__("Moved in. Made or updated: {0}.", [
				Object.entries(result.made || {})
					.map(([sheet, n]) => `${frappe.utils.escape_html(result.sheets[sheet])} ${count_text(n)}`)
					.join(", "),
			])}</div>`).appendTo($result);
		}
		const $table = $(`<table class="table table-bordered"><thead><tr><th>${__("Sheet")}</th></tr></thead><tbody></tbody></table>`);
		Object.values(word).forEach((w) => $table.find("thead tr").append($("<th>").text(w)));
		Object.entries(counts).forEach(([sheet, c]) => {
			const $tr = $("<tr>").append($("<td>").text(result.sheets[sheet]));
			Object.keys(word).forEach((k) => $tr.append($("<td>").text(count_text(c[k] || 0))));
			$table.find("tbody").append($tr);
		});
		$result.append($table);
		(result.summary || []).forEach((line) => $("<p>").text(line).appendTo($result));
		show_mapping(result, $result);
		Object.entries(result.problems || {}).forEach(([sheet, messages]) => {
			const colon = __(":", null, "between a label and its value");
			messages.forEach((m) =>
				$(`<div class="alert alert-warning">`)
					.text(sheet ? `${result.sheets[sheet]}${colon} ${m}` : m)
					.appendTo($result)
			);
		});
		const themes = (result.to_create || {}).themes || [];
		if (themes.length) {
			$(`<p>`).text(__("New themes that will be added: {0}", [themes.join(", ")])).appendTo($result);
		}
		const rows = result.rows || [];
		if (rows.length) {
			const $rows = $(`<table class="table table-sm"><thead><tr>
				<th>${__("Sheet")}</th><th>${__("Row")}</th><th>${__("Record")}</th><th>${__("What happens")}</th><th>${__("Why")}</th>
			</tr></thead><tbody></tbody></table>`);
			rows.forEach((row) => {
				const why = [...row.problems, ...row.notes];
				if (row.changes.length) why.push(__("Changes: {0}", [row.changes.join(", ")]));
				$rows.find("tbody").append(
					$("<tr>").append(
						$("<td>").text(result.sheets[row.sheet]),
						$("<td>").text(row.row),
						$("<td>").text(row.key),
						$("<td>").text(word[row.action]),
						$("<td>").html(why.map((w) => frappe.utils.escape_html(w)).join("<br>"))
					)
				);
			});
			$result.append($rows);
		}
		if (method === "dry_run") {
			const ready = Object.values(counts).reduce((n, c) => n + (c.create || 0) + (c.update || 0), 0);
			$(`<button class="btn btn-primary btn-sm" style="margin-bottom: 1.5rem">`)
				.text(__("Move in {0} records", [count_text(ready)]))
				.prop("disabled", !ready)
				.on("click", () => run("move_in"))
				.appendTo($result);
		}
	}

	// The forum's own headers: each one the template does not know gets a choice of column.
	function show_mapping(result, $result) {
		const unread = Object.entries(result.unread || {});
		if (!unread.length) return;
		const $form = $(`<div class="lef-mapping" style="margin-bottom: 1rem">
			<p>${__("Your columns that were not read: choose the column each one holds, then read the workbook again.")}</p>
		</div>`);
		unread.forEach(([sheet, headers]) => {
			headers.forEach((header) => {
				const id = `lef-map-${sheet}-${frappe.utils.get_random(6)}`;
				const $select = $(`<select class="form-control input-sm" style="max-width: 20rem; display: inline-block">`)
					.attr("id", id)
					.append($("<option>").val("").text(__("Leave it out")));
				(result.columns[sheet] || []).forEach(([key, label]) =>
					$select.append($("<option>").val(key).text(label))
				);
				$select.on("change", () => {
					state.mapping[sheet] = state.mapping[sheet] || {};
					state.mapping[sheet][header] = $select.val();
				});
				$("<p>")
					.append($("<label>").attr("for", id).text(`${result.sheets[sheet]}: ${header} `), $select)
					.appendTo($form);
			});
		});
		$(`<button class="btn btn-default btn-sm">`)
			.text(__("Read Again"))
			.on("click", () => run("dry_run"))
			.appendTo($form);
		$form.appendTo($result);
	}

	$body.find(".lef-invite").on("click", () => {
		frappe.call({
			method: `${MOVING_IN}.invite`,
			type: "POST",
			args: { send_welcome: $body.find(".lef-welcome").prop("checked") ? 1 : 0 },
			callback: (r) =>
				frappe.msgprint(
					__("{0} members will get a portal account, in {1} batches.", [
						count_text(r.message.members),
						count_text(r.message.batches),
					])
				),
		});
	});
};
