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

// A search box that narrows a long <select> (the dispatch picker's dozens
// of units): <input data-filter-select="NAME"> filters the options of the
// select named NAME in the same form by name or code; when none matches,
// <p data-no-match="NAME"> says so; a single match is chosen. The box is
// hidden in the markup and shown here, so without script the select works.
(function () {
  "use strict";
  function setUp(input) {
    var form = input.form;
    var name = input.getAttribute("data-filter-select");
    var select = form && form.querySelector('select[name="' + name + '"]');
    if (!select) return;
    var none = form.querySelector('[data-no-match="' + name + '"]');
    var box = input.closest(".picker-search");
    if (box) box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      var shown = [];
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var text = (option.textContent + " " + (option.getAttribute("data-code") || "")).toLowerCase();
        var match = !words || text.indexOf(words) !== -1;
        option.hidden = !match;
        option.disabled = !match;
        if (match) shown.push(option);
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (none) none.hidden = shown.length > 0;
      if (words && shown.length === 1) {
        select.value = shown[0].value;
      } else if (select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = "";
      }
    });
  }
  document.querySelectorAll("input[data-filter-select]").forEach(setUp);
})();
