// Party life pages: a filter submits on change; on the attendance sheet a
// reason for absence clears the member's "present" mark and the other way round.
document.querySelectorAll("select.autosubmit").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
document.querySelectorAll(".attendance-row").forEach(function (row) {
  var reason = row.querySelector("select.reason");
  var radios = row.querySelectorAll("input[type=radio]");
  if (!reason) { return; }
  reason.addEventListener("change", function () {
    if (reason.value) { radios.forEach(function (r) { r.checked = false; }); }
  });
  radios.forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) { reason.value = ""; } });
  });
});
