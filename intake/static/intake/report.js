/* The resident's report page: the browser gives the point on request. */
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  if (!button) return;
  var form = button.form;
  var status = document.querySelector("[data-locate-status]");
  if (!navigator.geolocation) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    status.textContent = button.dataset.labelWait;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.latitude.value = pos.coords.latitude.toFixed(6);
      form.elements.longitude.value = pos.coords.longitude.toFixed(6);
      status.textContent = form.elements.latitude.value + ", " + form.elements.longitude.value;
    }, function () {
      status.textContent = button.dataset.labelFail;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
