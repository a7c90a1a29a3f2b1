// Side-by-side editor: save without reloading, keep the translator's place, keyboard first.
// Ctrl+Enter (Cmd+Enter) saves and moves to the next unit; Alt+Up / Alt+Down move between units.
// A save from a stale version comes back as a conflict (HTTP 409): both versions are shown and
// the translator keeps theirs, uses theirs-then-mine, or edits a merge; nothing is overwritten
// silently. (The presence line, "who else is here", is kept up to date by panels.js.)
(function () {
  "use strict";
  const editor = document.getElementById("editor");
  if (!editor) return;
  const panels = window.WorkbenchPanels;
  const msgs = editor.dataset;
  const dirty = new Set();

  const units = () => Array.from(editor.querySelectorAll("article.unit"));
  const unitOf = (el) => el.closest("article.unit");
  const announce = (text) => panels.announce(text);
  // The unit's own translation box (comment forms and aids have text areas too).
  const translationArea = (unit) => document.getElementById("t-" + unit.dataset.key);
  // The unit's box, or one of its plural forms' boxes (a unit with plural forms).
  const isTranslationArea = (el) => {
    const unit = el && unitOf(el);
    return Boolean(unit) && (el === translationArea(unit) || el.classList.contains("plural-form"));
  };

  function focusUnit(unit) {
    if (!unit) return false;
    const area = translationArea(unit);
    if (!area) return false;
    area.focus();
    unit.scrollIntoView({ block: "nearest" });
    return true;
  }

  function move(unit, step) {
    const all = units();
    const next = all[all.indexOf(unit) + step];
    if (next) return focusUnit(next);
    // Past the last unit of the page: follow the pager, the place is the next page's first unit.
    const link = document.getElementById(step > 0 ? "next-page" : "prev-page");
    if (link && dirty.size === 0) { window.location = link.href; return true; }
    return false;
  }

  // Put server-rendered row HTML in place of `unit`; returns the new element.
  function replaceUnit(unit, html, { focus } = {}) {
    const key = unit.dataset.key;
    unit.outerHTML = html;
    dirty.delete(key);
    const fresh = document.getElementById("u-" + key);
    if (focus && fresh) translationArea(fresh).focus();
    return fresh;
  }

  async function save(unit, status) {
    const area = translationArea(unit);
    const msg = unit.querySelector(".row-msg");
    const mine = area.value;
    const fields = {
      text: mine, status: status || "translated", version: unit.dataset.version || "0",
      source_checksum: unit.dataset.sourceChecksum || "",
    };
    // A unit with plural forms: forms 2, 3, ... in their own boxes, sent as one JSON list.
    const forms = unit.querySelectorAll("textarea.plural-form");
    if (forms.length) fields.plurals = JSON.stringify(Array.from(forms, (box) => box.value));
    const { response, data } = await panels.post(unit.dataset.saveUrl, fields);
    if (response.status === 409 && data.source_changed && data.html) {
      // The source changed since this row was shown: the row comes back with the new source
      // and the translator's text still in the box, unsaved, to check and save again.
      const hadFocus = document.activeElement === area;
      const fresh = replaceUnit(unit, data.html, { focus: hadFocus });
      dirty.add(fresh.dataset.key);
      fresh.querySelector(".row-msg").textContent = data.error;
      announce(data.error);
      return null;
    }
    if (response.status === 409) {
      showConflict(unit, data, mine, status || "translated");
      return null;
    }
    if (!response.ok || !data.html) {
      msg.textContent = data.error || msgs.msgError;
      announce(msg.textContent);
      return null;
    }
    const hadFocus = document.activeElement === area;
    const fresh = replaceUnit(unit, data.html, { focus: hadFocus });
    const badge = fresh.querySelector(".status-badge").textContent.trim();
    fresh.querySelector(".row-msg").textContent = msgs.msgSaved + " · " + badge;
    announce(msgs.msgSaved + ": " + badge);
    return fresh;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;  // text, never markup: it is user input
    return node;
  }

  function showConflict(unit, data, mine, status) {
    const key = unit.dataset.key;
    const box = unit.querySelector(".conflict");
    box.textContent = "";
    const title = element("p", "conflict-title", msgs.msgConflict);
    title.id = "cf-h-" + key;
    const versions = element("div", "versions");
    const theirsCol = element("div", "theirs");
    theirsCol.append(
      element("p", "col-title",
        msgs.msgTheirs.replace("%(name)s", data.theirs_author || msgs.msgUnknown)),
      element("div", "version-text", data.theirs || ""),
    );
    const mineCol = element("div", "mine");
    mineCol.append(element("p", "col-title", msgs.msgMine), element("div", "version-text", mine));
    versions.append(theirsCol, mineCol);
    box.append(title, versions);
    if (data.diff) {
      const diff = element("div", "conflict-diff");
      const label = element("p", "col-title", msgs.msgDiff);
      const body = element("div", "diff");
      body.innerHTML = data.diff;  // escaped on the server (text/diff.py), only <del>/<ins>/<br>
      diff.append(label, body);
      box.append(diff);
    }
    const actions = element("p", "conflict-actions");
    const keep = element("button", "keep-theirs", msgs.msgKeepTheirs);
    const useMine = element("button", "use-mine", msgs.msgUseMine);
    const merge = element("button", "merge", msgs.msgMerge);
    for (const button of [keep, useMine, merge]) button.type = "button";
    actions.append(keep, useMine, merge);
    box.append(actions);

    // From now on this unit is edited on top of their version: a save means "having seen it".
    unit.dataset.version = String(data.version);
    keep.addEventListener("click", () => {
      const fresh = data.html ? replaceUnit(unit, data.html, { focus: true }) : null;
      if (!fresh) { translationArea(unit).value = data.theirs || ""; dirty.delete(key); }
      announce(msgs.msgKeptTheirs);
    });
    useMine.addEventListener("click", () => {
      translationArea(unit).value = mine;
      save(unit, status);
    });
    merge.addEventListener("click", () => {
      translationArea(unit).focus();
      announce(msgs.msgMerging);
    });
    box.hidden = false;
    box.focus();
    announce(msgs.msgConflict);
  }

  async function restore(unit, button) {
    if (dirty.has(unit.dataset.key) && !window.confirm(msgs.msgRestoreConfirm)) return;
    const msg = unit.querySelector(".row-msg");
    const { response, data } = await panels.post(unit.dataset.restoreUrl, {
      revision: button.dataset.revision, version: unit.dataset.version || "0",
    });
    if (!data.html) {
      msg.textContent = data.error || msgs.msgError;
      announce(msg.textContent);
      return;
    }
    const fresh = replaceUnit(unit, data.html, { focus: true });
    const text = response.ok ? msgs.msgRestored : data.error;
    fresh.querySelector(".row-msg").textContent = text;
    announce(text);
  }

  editor.addEventListener("keydown", (event) => {
    const area = event.target.closest("textarea");
    if (!isTranslationArea(area)) return;
    const unit = unitOf(area);
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (area.readOnly) { move(unit, 1); return; }
      save(unit, "translated").then((fresh) => { if (fresh) move(fresh, 1); });
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(unit, event.key === "ArrowDown" ? 1 : -1);
    }
  });

  editor.addEventListener("input", (event) => {
    if (isTranslationArea(event.target)) dirty.add(unitOf(event.target).dataset.key);
  });

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !unitOf(button)) return;
    const unit = unitOf(button);
    if (button.classList.contains("save")) {
      save(unit, button.dataset.status);
    } else if (button.classList.contains("history-toggle")) {
      panels.toggle(button, unit.dataset.historyUrl);
    } else if (button.classList.contains("comments-toggle")) {
      panels.toggle(button, unit.dataset.commentsUrl);
    } else if (button.classList.contains("restore")) {
      restore(unit, button);
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty.size) { event.preventDefault(); event.returnValue = msgs.msgUnsaved; }
  });

  const select = document.getElementById("filter");
  if (select) select.addEventListener("change", () => select.form.submit());

  // Arriving at #u-KEY (or after a page change) puts the caret in that unit.
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.matches("article.unit")) focusUnit(target);
})();
