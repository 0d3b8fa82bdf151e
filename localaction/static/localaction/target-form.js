/* The target form: show only the groups of the chosen type (progressive
   enhancement). Without scripts every group shows, and the server ignores
   those that do not apply. */
(function () {
  "use strict";
  var form = document.getElementById("target-form");
  if (!form) { return; }
  function show() {
    var chosen = form.querySelector("input[name=type]:checked");
    var type = chosen ? chosen.value : "";
    form.querySelectorAll("[data-types]").forEach(function (part) {
      part.hidden = type !== "" && part.getAttribute("data-types").split(" ").indexOf(type) < 0;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "type") { show(); }
  });
  show();
})();
