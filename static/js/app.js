// Behaviour every page may use, declared in markup instead of inline
// handlers (the Content-Security-Policy refuses onclick= and friends):
//   <select data-autosubmit>  submits its form when the choice changes
//   <button data-print>       opens the print dialog
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      window.print();
    }
  });
})();
