// Side-by-side editor: save without reloading, keep the translator's place, keyboard first.
// Ctrl+Enter (Cmd+Enter) saves and moves to the next unit; Ctrl+Shift+Enter saves as draft;
// Alt+Up / Alt+Down move between units (across pages: the next page opens with its first unit
// focused); Alt+PageDown goes to the next unit still to do, Alt+End to the next one with a
// problem. The box holds tokens ([1], *em*, {1}link{/1}, see text/placeables.py), never HTML:
// Ctrl+Shift+1..9 insert the source's placeable N, Ctrl+Shift+0 copies the source. Boxes grow
// with their text.
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

  // A box as tall as its text (no inner scroll bar): a long translation is read whole.
  function grow(area) {
    if (!area || area.tagName !== "TEXTAREA") return;
    area.style.height = "auto";
    area.style.height = (area.scrollHeight + 2) + "px";
  }

  const FOCUS_KEY = "workbench-editor-focus";

  function move(unit, step) {
    const all = units();
    const next = all[all.indexOf(unit) + step];
    if (next) return focusUnit(next);
    // Past the last unit of the page: follow the pager; the next page opens with its first
    // unit focused (its last one, going back).
    const link = document.getElementById(step > 0 ? "next-page" : "prev-page");
    if (link && dirty.size === 0) {
      try { window.sessionStorage.setItem(FOCUS_KEY, step > 0 ? "first" : "last"); } catch (err) { /* private mode */ }
      window.location = link.href;
      return true;
    }
    announce(msgs.msgNoMore);
    return false;
  }

  const TODO = ["status-untranslated", "status-draft", "status-outdated"];
  const isTodo = (unit) => TODO.some((name) => unit.classList.contains(name));
  const hasProblem = (unit) => Boolean(unit.querySelector(".problem:not(.dismissed)"));

  // The next unit after `unit` (from the top without one) that `test` accepts, on this page.
  function jump(unit, test, none) {
    const all = units();
    const start = unit ? all.indexOf(unit) + 1 : 0;
    const found = all.slice(start).find(test) || all.slice(0, start).find(test);
    if (found) return focusUnit(found);
    announce(none);
    return false;
  }

  function insertAt(area, before, after) {
    if (!area || area.readOnly) return;
    const start = area.selectionStart;
    const end = area.selectionEnd;
    const selected = area.value.slice(start, end);
    area.setRangeText(before + selected + after, start, end, "end");
    // A pair with nothing selected: the caret goes between its halves, ready to type.
    if (after && !selected) {
      const caret = start + before.length;
      area.setSelectionRange(caret, caret);
    }
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  function placeable(unit, number) {
    const button = unit.querySelectorAll(".placeables button.ph")[number - 1];
    if (!button) return false;
    insertAt(translationArea(unit), button.dataset.before, button.dataset.after);
    return true;
  }

  function copySource(unit) {
    const area = translationArea(unit);
    if (!area || area.readOnly) return;
    area.value = unit.dataset.sourceTokens || "";
    area.setSelectionRange(area.value.length, area.value.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
    announce(msgs.msgCopied);
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

  async function save(unit, status, { confirmMachine = false } = {}) {
    const area = translationArea(unit);
    const msg = unit.querySelector(".row-msg");
    const mine = area.value;
    const fields = {
      text: mine, tokens: "1", status: status || "translated", version: unit.dataset.version || "0",
      source_checksum: unit.dataset.sourceChecksum || "",
    };
    if (confirmMachine) fields.confirm_machine = "1";
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
    if (response.status === 422 && data.confirm === "machine" && !confirmMachine) {
      // A reviewer approving (almost) unedited machine translation: only once they confirm
      // that they checked it (the dialog answers to Enter and Esc).
      if (window.confirm(data.error)) return save(unit, status, { confirmMachine: true });
      msg.textContent = data.error;
      announce(data.error);
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
    // A save that leaves an error cannot go unnoticed: the row is flagged and the message
    // says so (one message per save, through the page's live region only).
    const errors = fresh.querySelectorAll(".row-checks .problem.error:not(.dismissed)").length;
    let text = msgs.msgSaved + " · " + badge;
    if (errors) {
      text = (errors === 1 ? msgs.msgSavedError : msgs.msgSavedErrors).replace("%(n)s", errors) + " · " + badge;
      fresh.classList.add("saved-with-error");
    }
    const line = fresh.querySelector(".row-msg");
    line.textContent = text;
    line.classList.toggle("error-msg", errors > 0);
    announce(text);
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
    const digit = /^(?:Digit|Numpad)([0-9])$/.exec(event.code || "");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.shiftKey) {
      event.preventDefault();
      if (!area.readOnly) save(unit, "draft");
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (area.readOnly) { move(unit, 1); return; }
      save(unit, "translated").then((fresh) => { if (fresh) move(fresh, 1); });
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(unit, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.altKey && event.key === "PageDown") {
      event.preventDefault();
      jump(unit, isTodo, msgs.msgNoTodo);
    } else if (event.altKey && event.key === "End") {
      event.preventDefault();
      jump(unit, hasProblem, msgs.msgNoProblem);
    } else if (digit && event.ctrlKey && event.shiftKey && !event.altKey) {
      // By the physical key: Shift+digit types "!" or "=" depending on the keyboard.
      event.preventDefault();
      if (digit[1] === "0") copySource(unit); else placeable(unit, Number(digit[1]));
    }
  });

  editor.addEventListener("input", (event) => {
    if (!isTranslationArea(event.target)) return;
    dirty.add(unitOf(event.target).dataset.key);
    grow(event.target);
  });

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !unitOf(button)) return;
    const unit = unitOf(button);
    if (button.classList.contains("ph")) {
      insertAt(translationArea(unit), button.dataset.before, button.dataset.after);
    } else if (button.classList.contains("copy-source")) {
      copySource(unit);
    } else if (button.classList.contains("save")) {
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

  // A filter applies as soon as it is chosen: the rows are fetched and replaced in place, the
  // focus stays on the menu and the new count is announced (no change of context, WCAG 3.2.2).
  const select = document.getElementById("filter");
  if (select) {
    const submit = select.form.querySelector("button[type=submit]");
    if (submit) submit.hidden = true;
    let shown = select.value;
    select.addEventListener("change", async () => {
      if (dirty.size && !window.confirm(msgs.msgUnsaved)) { select.value = shown; return; }
      // The pager, and the pre-translate form that names this page's units, follow the rows.
      const page = await panels.refreshParts(
        "?filter=" + encodeURIComponent(select.value), ["editor", "pager-slot", "pretranslate-slot"]);
      if (!page) { announce(msgs.msgError); return; }
      dirty.clear();
      shown = select.value;
      units().forEach((unit) => grow(translationArea(unit)));
      announce(msgs.msgFiltered.replace("%(n)s", units().length));
    });
  }

  // Boxes as tall as their text from the start, and again after a row is re-rendered.
  units().forEach((unit) => grow(translationArea(unit)));
  new MutationObserver((records) => {
    for (const record of records) {
      record.addedNodes.forEach((node) => {
        if (node.matches && node.matches("article.unit")) grow(translationArea(node));
      });
    }
  }).observe(editor, { childList: true });

  // Where the caret starts: #u-KEY when the address names a unit; after a page change by
  // keyboard the first (or last) unit; else the first unit still to do.
  let arrival = null;
  try {
    arrival = window.sessionStorage.getItem(FOCUS_KEY);
    window.sessionStorage.removeItem(FOCUS_KEY);
  } catch (err) { arrival = null; }
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  const all = units();
  if (target && target.matches("article.unit")) {
    focusUnit(target);
    // Chromium's scroll to the fragment, after the load, takes the focus away again.
    window.addEventListener("load", () => {
      if (document.activeElement === document.body) focusUnit(target);
    }, { once: true });
  } else if (arrival === "first") focusUnit(all[0]);
  else if (arrival === "last") focusUnit(all[all.length - 1]);
  else focusUnit(all.find(isTodo));
})();
