// Follows long work on its progress page: asks for the record every second
// until the work is over, then shows its outcome. The page works without it.
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) { return; }
  var url = section.getAttribute("data-progress-url");
  var bar = section.querySelector("progress");
  function field(name) { return section.querySelector('[data-field="' + name + '"]'); }
  var labels = {
    queued: "Queued", running: "Running", retrying: "Waiting to try again",
    finished: "Finished", failed: "Failed"
  };
  function show(record) {
    var status = field("status");
    status.className = "badge " + record.status;
    status.textContent = section.getAttribute("data-label-" + record.status) || labels[record.status] || record.status;
    field("message").textContent = record.message;
    field("done").textContent = record.done;
    if (record.total && field("total")) { field("total").textContent = record.total; }
    if (record.percent !== null) { bar.value = record.percent; bar.textContent = record.percent + "%"; }
    var errors = field("errors");
    errors.textContent = "";
    record.errors.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      errors.appendChild(item);
    });
    if (record.is_over && record.next_url) { field("next").hidden = false; }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (record) {
        show(record);
        if (!record.is_over) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
