// Machine translation in the aids panel (issue 15). Fetched on focus of a unit's translation
// box in parallel with, and apart from, the memory matches (aids.js): a slow engine never
// holds up the panel, and a failing one shows "unavailable". The result goes beside the
// memory matches once the panel is there. Alt+0 (or the button) inserts it; the unit's next
// save then says origin=machine and names the engine, and the server keeps the engine's
// stored text for the guard.
(function () {
  "use strict";
  const editor = document.getElementById("editor");
  const panels = window.WorkbenchPanels;
  const template = document.getElementById("machine-aids");
  if (!editor || !panels || !template) return;

  const unitOf = (el) => el && el.closest && el.closest("article.unit");
  const areaOf = (unit) => document.getElementById("t-" + unit.dataset.key);
  const results = new Map();  // unit key -> promise of the partial's HTML (or null)
  // No configured engine serves this document's language pair (the server answered 404):
  // nothing more is asked or placed on this page. Without this, removing the empty section
  // woke the observer below, which placed it again: an endless loop that froze the page.
  let noEngine = false;

  function machineUrl(unit) {
    const box = unit.querySelector(".aids[data-aids-url]");
    return box ? box.dataset.aidsUrl.replace(/aids$/, "machine") : null;
  }

  function fetchFor(unit) {
    if (noEngine) return Promise.resolve("");
    const key = unit.dataset.key;
    if (results.has(key)) return results.get(key);
    const url = machineUrl(unit);
    if (!url) return Promise.resolve(null);
    const promise = fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.status === 404 ? "" : response.ok ? response.text() : null))
      .catch(() => null);
    results.set(key, promise);
    // A failure is asked again at the next focus; "no engine for the pair" never is.
    promise.then((html) => {
      if (html === null) results.delete(key);
      else if (html === "") noEngine = true;
    });
    return promise;
  }

  function place(unit) {
    if (noEngine) return;
    const box = unit.querySelector(".aids[data-aids-url]");
    const memory = box && box.querySelector(".aids-memory");
    if (!memory || box.querySelector(".aids-machine")) return;
    const section = template.content.firstElementChild.cloneNode(true);
    const target = section.querySelector(".machine-result");
    target.textContent = template.dataset.msgLoading;
    memory.after(section);
    fetchFor(unit).then((html) => {
      if (html === "") {  // no engine for this pair
        noEngine = true;  // before the removal: the observer must not place it again
        section.remove();
      }
      else if (html === null) target.textContent = template.dataset.msgFailed;
      else target.innerHTML = html;  // server-rendered, autoescaped, sanitised markup
    });
  }

  function insert(unit, button) {
    const area = areaOf(unit);
    if (!area || area.readOnly) return;
    const text = button.dataset.text || "";
    area.value = text;
    area.setSelectionRange(text.length, text.length);
    unit.dataset.origin = "machine";
    unit.dataset.engine = button.dataset.engine;
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
    panels.announce(template.dataset.msgInserted);
  }

  editor.addEventListener("focusin", (event) => {
    const unit = unitOf(event.target);
    if (unit && event.target === areaOf(unit)) {
      fetchFor(unit);
      place(unit);
    }
  });

  // The memory part arrives when aids.js has loaded it: put the machine part beside it.
  new MutationObserver((records) => {
    for (const record of records) {
      const unit = unitOf(record.target);
      if (unit && record.target.matches && record.target.matches(".aids[data-aids-url]")) place(unit);
    }
  }).observe(editor, { childList: true, subtree: true });

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("button.insert-machine");
    if (button) insert(unitOf(button), button);
  });

  editor.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.getModifierState && event.getModifierState("AltGraph")) return;
    if (!/^(?:Digit|Numpad)0$/.test(event.code || "")) return;
    const unit = unitOf(event.target);
    if (!unit || event.target !== areaOf(unit)) return;
    const button = unit.querySelector(".aids button.insert-machine");
    if (!button) return;
    event.preventDefault();
    insert(unit, button);
  });

  // A unit whose text came from the engine names it in its save (aids.js adds the origin).
  const post = panels.post;
  panels.post = function (url, fields) {
    if (fields && fields.text !== undefined && fields.machine_engine === undefined) {
      const unit = Array.from(editor.querySelectorAll('article.unit[data-origin="machine"]'))
        .find((candidate) => candidate.dataset.saveUrl === url);
      if (unit) fields = Object.assign({}, fields, { origin: "machine", machine_engine: unit.dataset.engine });
    }
    return post(url, fields);
  };
})();
