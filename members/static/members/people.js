// People pages: reveal personal data in place, and follow an import's progress.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.reveal-form");
  if (!form) return;
  event.preventDefault();
  const response = await fetch(form.action, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    body: new FormData(form),
  });
  if (!response.ok) return;
  const values = await response.json();
  const target = form.previousElementSibling;
  for (const field of ["id_number", "phone"]) {
    const span = target && target.querySelector(`[data-field="${field}"]`);
    if (span) span.textContent = values[field] || "—";
  }
  form.remove();
});

(function followProgress() {
  const box = document.querySelector(".progress[data-progress-url]");
  if (!box) return;
  const bar = box.querySelector(".progress-bar");
  const tick = async () => {
    const response = await fetch(box.dataset.progressUrl, { credentials: "same-origin" });
    if (response.ok) {
      const p = await response.json();
      bar.style.width = `${p.percent}%`;
      bar.setAttribute("aria-valuenow", p.percent);
      bar.textContent = p.total ? `${p.done} / ${p.total}` : "";
      if (p.finished) {
        window.location.reload();
        return;
      }
    }
    setTimeout(tick, 1000);
  };
  tick();
})();
