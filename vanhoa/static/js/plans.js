// Plans: the print button, and showing months or quarters for an activity's timing (no inline scripts: CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
function planTiming() {
  const checked = document.querySelector("input[name=timing]:checked");
  if (!checked) return;
  document.querySelectorAll("[data-timing]").forEach((el) => {
    el.hidden = el.dataset.timing !== checked.value;
  });
}
document.addEventListener("change", (event) => {
  if (event.target.name === "timing") planTiming();
});
document.addEventListener("DOMContentLoaded", planTiming);
