// Expand a tree node in place: fetch its children's rows and insert them.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.toggle");
  if (!button) return;
  const node = button.closest(".tree-node");
  const open = button.getAttribute("aria-expanded") === "true";
  const existing = node.querySelector(":scope > .tree");
  if (open) {
    if (existing) existing.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.textContent = "+";
    return;
  }
  if (existing) {
    existing.hidden = false;
  } else {
    const response = await fetch(button.dataset.url, { credentials: "same-origin" });
    if (!response.ok) return;
    node.insertAdjacentHTML("beforeend", await response.text());
  }
  button.setAttribute("aria-expanded", "true");
  button.textContent = "−";
});
