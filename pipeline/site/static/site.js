// Sortable tables (a heading's button sorts by that column) and, on indicator pages, the
// chosen service (the page's #id) highlighted in the chart and the table. No network.
(function () {
  "use strict";
  function sortTable(button) {
    var th = button.closest("th"), table = th.closest("table"), body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var kind = button.getAttribute("data-sort");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-value") || "";
      var y = b.cells[index].getAttribute("data-value") || "";
      var order = kind === "number" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(th.parentNode.children, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function highlight() {
    var chosen = decodeURIComponent(window.location.hash.slice(1));
    document.querySelectorAll("[data-chart=compare] rect[data-key]").forEach(function (bar) {
      bar.classList.toggle("chosen", bar.getAttribute("data-key") === chosen);
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("table.sortable th button[data-sort]");
    if (button) { sortTable(button); }
  });
  window.addEventListener("hashchange", highlight);
  document.addEventListener("DOMContentLoaded", highlight);
})();
