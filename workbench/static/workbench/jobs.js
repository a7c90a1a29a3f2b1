// Background jobs: every element with data-job-poll re-fetches its job's progress partial
// until the job has ended, so the page shows progress without reloading. The container is
// aria-live="polite": screen readers hear the stage and the end, not every count.
(function () {
  "use strict";
  var INTERVAL = 1000;

  function state(el) {
    var box = el.querySelector("[data-job-state]");
    return box ? box.getAttribute("data-job-state") : "";
  }

  function poll(el) {
    var url = el.getAttribute("data-job-poll");
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var before = state(el);
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-job-state]");
        var current = el.querySelector("[data-job-state]");
        if (fresh && current) { current.replaceWith(fresh); }
        var after = state(el);
        if (after === "queued" || after === "running") {
          window.setTimeout(function () { poll(el); }, INTERVAL);
        } else if (before !== after) {
          // The job ended: move the keyboard to what comes next (the result or the retry).
          var next = el.querySelector("[data-job-next], button");
          if (next) { next.focus(); }
        }
      })
      .catch(function () { window.setTimeout(function () { poll(el); }, INTERVAL * 5); });
  }

  document.querySelectorAll("[data-job-poll]").forEach(function (el) {
    var s = state(el);
    if (s === "queued" || s === "running") { window.setTimeout(function () { poll(el); }, INTERVAL); }
  });
})();
