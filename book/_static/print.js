// Printing shows every dropdown and hidden cell: collapsed <details> (the formula sheet, hidden
// inputs) are opened before the print dialog and closed after. The exercises' solutions are
// sphinx-togglebutton admonitions, shown in print by dlnotes.css.
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
