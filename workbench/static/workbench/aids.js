// Translation aids under the unit being edited: memory suggestions, glossary terms, checks.
// Loaded per unit when its translation box gets the focus (never with the page, which stays
// constant in queries), from the row's <div class="aids" data-aids-url>. Alt+1..9 (or the
// suggestion's button) puts suggestion N into the box; the unit then remembers that its text
// came from the translation memory, and its next save says so (origin=memory).
(function () {
  "use strict";
  const editor = document.getElementById("editor");
  const panels = window.WorkbenchPanels;
  if (!editor || !panels) return;

  const unitOf = (el) => el && el.closest && el.closest("article.unit");
  const areaOf = (unit) => document.getElementById("t-" + unit.dataset.key);
  const isTranslationArea = (el) => {
    const unit = unitOf(el);
    return Boolean(unit) && el === areaOf(unit);
  };

  async function load(unit) {
    const box = unit.querySelector(".aids[data-aids-url]");
    if (!box || !box.dataset.aidsUrl || box.dataset.state) return;
    box.dataset.state = "loading";
    box.setAttribute("aria-busy", "true");
    let response;
    try {
      response = await fetch(box.dataset.aidsUrl, {
        credentials: "same-origin", headers: { "X-Requested-With": "fetch" },
      });
    } catch (err) {
      response = null;
    }
    box.removeAttribute("aria-busy");
    if (!response || !response.ok) { delete box.dataset.state; return; }  // try again next focus
    box.innerHTML = await response.text();  // server-rendered, autoescaped partial
    box.dataset.state = "loaded";
    // The row lists its stored check results already: one list of checks per row.
    const checks = box.querySelector(".aids-checks");
    if (checks && unit.querySelector(".row-checks")) checks.hidden = true;
  }

  function insert(unit, button) {
    const area = areaOf(unit);
    if (!area || area.readOnly) return;
    const text = button.dataset.text || "";
    if (button.dataset.mode === "insert") {
      // A quotation's translation goes where the translator is writing.
      area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
    } else {
      area.value = text;
      area.setSelectionRange(text.length, text.length);
    }
    unit.dataset.origin = "memory";
    // editor.js marks the unit unsaved on input.
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
    const section = unit.querySelector(".aids-memory");
    if (section) panels.announce(section.dataset.msgInserted.replace("%(n)s", button.dataset.number));
  }

  editor.addEventListener("focusin", (event) => {
    const unit = unitOf(event.target);
    if (!unit) return;
    // Aids belong to the row being worked on: leaving it closes its panel, coming back
    // shows it again (loaded once).
    editor.querySelectorAll(".aids[data-state]").forEach((box) => {
      box.hidden = unitOf(box) !== unit;
    });
    if (isTranslationArea(event.target)) load(unit);
  });

  // editor.js (loaded first) may have put the caret in a unit already: its aids too.
  if (isTranslationArea(document.activeElement)) load(unitOf(document.activeElement));

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("button.insert-suggestion");
    if (button) insert(unitOf(button), button);
  });

  editor.addEventListener("keydown", (event) => {
    // Alt+digit by its physical key (event.code), not AltGr, which types characters.
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.getModifierState && event.getModifierState("AltGraph")) return;
    const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code || "");
    if (!digit || !isTranslationArea(event.target)) return;
    const unit = unitOf(event.target);
    const button = unit.querySelector(`.aids button.insert-suggestion[data-number="${digit[1]}"]`);
    if (!button) return;
    event.preventDefault();
    insert(unit, button);
  });

  // Saving is editor.js's (through WorkbenchPanels.post): a unit whose text came from the
  // memory adds origin=memory to its save. The row is re-rendered after the save, which
  // clears the mark. When the caller names an origin itself, that one is kept.
  const post = panels.post;
  panels.post = function (url, fields) {
    if (fields && fields.text !== undefined && fields.origin === undefined) {
      const unit = Array.from(editor.querySelectorAll("article.unit[data-origin]"))
        .find((candidate) => candidate.dataset.saveUrl === url);
      if (unit) fields = Object.assign({}, fields, { origin: unit.dataset.origin });
    }
    return post(url, fields);
  };
})();
