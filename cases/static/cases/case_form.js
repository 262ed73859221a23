// Filing form: optional GPS position from the browser, and a photo count check.
(function () {
  const form = document.getElementById("case-form");
  if (!form) return;
  const text = JSON.parse(document.getElementById("case-form-text").textContent);
  const button = document.getElementById("gps-button");
  const status = document.getElementById("gps-status");
  if (button) {
    if (!("geolocation" in navigator)) button.hidden = true;
    button.addEventListener("click", () => {
      status.textContent = text.locating;
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          document.getElementById("latitude").value = pos.coords.latitude.toFixed(6);
          document.getElementById("longitude").value = pos.coords.longitude.toFixed(6);
          status.textContent = text.located + " (" + pos.coords.latitude.toFixed(5) + ", " +
            pos.coords.longitude.toFixed(5) + ")";
        },
        () => { status.textContent = text.failed; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }
  const max = parseInt(form.dataset.maxPhotos, 10);
  form.querySelectorAll("input[type=file]").forEach((input) => {
    input.addEventListener("change", () => {
      const note = document.getElementById("photo-status") || input.parentElement;
      if (input.files.length > max) {
        input.setCustomValidity(text.tooMany);
        input.reportValidity();
      } else {
        input.setCustomValidity("");
      }
      if (note && note.id === "photo-status") {
        note.textContent = input.files.length ? input.files.length + " " + text.chosen : "";
      }
    });
  });
})();
