// The suggestions panel: with a suggestion focused, one key adopts (A) or dismisses (D) it
// by pressing its button (the same POST as a click). Keys typed in a field are left alone.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (!target.classList || !target.classList.contains("suggestion")) return;
    var key = event.key.toLowerCase();
    var button = target.querySelector('button[data-key="' + key + '"]');
    if (!button) return;
    event.preventDefault();
    button.click();
  });
})();
