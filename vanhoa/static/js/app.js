// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.classList.contains("js-autosubmit") && el.form) {
    el.form.submit();
  }
});
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
// The upload page shows the options of the chosen kind of import only.
function showImportOptions() {
  const chooser = document.querySelector(".js-import-kind");
  if (!chooser) return;
  document.querySelectorAll("[data-import-kind]").forEach((box) => {
    box.hidden = box.dataset.importKind !== chooser.value;
  });
}
document.addEventListener("change", (event) => {
  if (event.target.classList && event.target.classList.contains("js-import-kind")) showImportOptions();
});
document.addEventListener("DOMContentLoaded", showImportOptions);
// The template of a yearly import is the template of the year typed in the upload form.
document.addEventListener("input", (event) => {
  const el = event.target;
  if (!(el instanceof HTMLInputElement) || !el.name.endsWith("__year") || !/^\d{4}$/.test(el.value)) return;
  document.querySelectorAll("a.js-template-link").forEach((link) => {
    const url = new URL(link.href);
    url.searchParams.set("nam", el.value);
    link.href = url.toString();
  });
});
// A PDF made in the background: when its page reloads ready (?tai=1), the file is fetched once.
document.addEventListener("DOMContentLoaded", () => {
  const link = document.querySelector("a[data-autodownload]");
  if (link) link.click();
});
