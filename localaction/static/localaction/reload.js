// A page that says "being prepared" reloads itself after the seconds it names
// (data-reload-after). Without it, the page's "Reload now" link does the same.
(function () {
  "use strict";
  var waiting = document.querySelector("[data-reload-after]");
  if (!waiting) { return; }
  var seconds = parseFloat(waiting.getAttribute("data-reload-after")) || 5;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
