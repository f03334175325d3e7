// Frappe's login and password pages show the site's logo beside a heading that names the site
// ("Login to LEF"): the image says nothing the heading does not, so it is marked as decoration
// (an empty text alternative) for screen readers. Only on those pages.
(function () {
	const pages = ["login", "update-password"];
	function mark() {
		if (!pages.includes(document.body && document.body.dataset.path)) return;
		document.querySelectorAll("img.app-logo:not([alt])").forEach((img) => img.setAttribute("alt", ""));
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
	else mark();
})();
