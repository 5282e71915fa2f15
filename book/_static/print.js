// Printing shows every answer and hidden cell: collapsed <details> (dropdowns, "Check
// yourself" answers, hidden inputs) are opened before the print dialog and closed after.
(function () {
  let opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.from(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
