// The site's search: filters window.YJDATA_INDEX (assets/search-index.js) as you type.
// Every word typed must appear in an entry's name or description; no server involved.
(function () {
  "use strict";
  var MAX = 200;
  function words(text) { return text.toLowerCase().split(/\s+/).filter(Boolean); }
  function run() {
    var input = document.getElementById("q");
    var kinds = Array.prototype.filter.call(
      document.querySelectorAll("input[name=kind]"), function (c) { return c.checked; }
    ).map(function (c) { return c.value; });
    var wanted = words(input.value), list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    list.textContent = "";
    if (!wanted.length) { status.textContent = "Type to search."; return; }
    var found = (window.YJDATA_INDEX || []).filter(function (e) {
      var text = (e.n + " " + e.d).toLowerCase();
      return kinds.indexOf(e.t) >= 0 && wanted.every(function (w) { return text.indexOf(w) >= 0; });
    });
    found.slice(0, MAX).forEach(function (e) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = e.u;
      link.textContent = e.n;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + e.t + ") " + e.d));
      list.appendChild(item);
    });
    status.textContent = found.length + " found" + (found.length > MAX ? ", first " + MAX + " shown" : "");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("q");
    var given = new URLSearchParams(window.location.search).get("q");
    if (given) { input.value = given; }
    input.addEventListener("input", run);
    document.querySelectorAll("input[name=kind]").forEach(function (c) {
      c.addEventListener("change", run);
    });
    run();
  });
})();
