// Alignment screen: correct the proposed links with the keyboard or the mouse, no reloads.
// J or Down arrow: next link · K or Up arrow: previous link · M merge with the next link ·
// S split · U move the first paragraph of the file up · D move the last one down ·
// X mark as unmatched. Letter keys act only while a link (or one of its buttons) has the
// focus, never in a form field (WCAG 2.1.4). Each correction is the row's own form (it works
// without JavaScript too); here it is sent with fetch() and the server re-renders the rows
// of the page, since a merge or a split renumbers the links after it.
(function () {
  "use strict";
  const list = document.getElementById("alignment");
  if (!list) return;
  const KEYS = { m: "merge", s: "split", u: "up", d: "down", x: "unmatch" };

  const csrf = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };
  const rows = () => Array.from(list.querySelectorAll("article.align-link"));
  const rowOf = (el) => el && el.closest && el.closest("article.align-link");
  const isField = (el) => el && (el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
    (el.tagName === "INPUT" && el.type !== "hidden") || el.isContentEditable);

  const panels = window.WorkbenchPanels;
  const announce = panels.announce;
  const focusRow = panels.focusRow;
  const move = (row, step) => panels.moveRow(rows(), row, step);

  function setVersion(version) {
    list.dataset.version = version;
    for (const input of document.querySelectorAll("input.run-version")) input.value = version;
  }

  let busy = false;

  async function correct(form, op) {
    if (busy) return;
    busy = true;
    const position = rows().indexOf(rowOf(form));
    const body = new FormData(form);
    body.set("op", op);
    body.set("version", list.dataset.version);
    let response = { ok: false, status: 0 };
    let data = {};
    try {
      response = await fetch(form.action, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf() },
      });
      data = await response.json();
    } catch (err) {
      data = {};
    } finally {
      busy = false;
    }
    if (typeof data.html === "string") {
      list.innerHTML = data.html;  // server-rendered, autoescaped rows
      setVersion(data.version);
      const summary = document.getElementById("link-summary");
      if (summary && data.summary) summary.textContent = data.summary;
      const all = rows();
      focusRow(all[Math.min(Math.max(position, 0), all.length - 1)]);
    }
    const message = data.error || data.done || (response.ok ? "" : list.dataset.msgError);
    const row = rowOf(document.activeElement);
    const slot = row && row.querySelector(".row-msg");
    if (slot) slot.textContent = message;
    announce(message);
  }

  list.addEventListener("submit", (event) => {
    const form = event.target.closest("form.link-actions");
    if (!form) return;
    event.preventDefault();
    const button = event.submitter;
    if (button && button.value) correct(form, button.value);
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const active = document.activeElement;
    const row = rowOf(active);
    if (!row || isField(active)) return;
    const key = event.key;
    if (key === "j" || key === "J" || key === "ArrowDown") {
      event.preventDefault();
      move(row, 1);
      return;
    }
    if (key === "k" || key === "K" || key === "ArrowUp") {
      event.preventDefault();
      move(row, -1);
      return;
    }
    const op = KEYS[key.toLowerCase()];
    if (!op) return;
    const button = row.querySelector(`button[value="${op}"]`);
    if (!button) return;
    event.preventDefault();
    if (button.disabled) {
      announce(list.dataset.msgUnavailable);
      return;
    }
    correct(button.form, op);
  });
})();
