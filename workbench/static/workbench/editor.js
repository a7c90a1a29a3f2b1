// Side-by-side editor: save without reloading, keep the translator's place, keyboard first.
// Ctrl+Enter (Cmd+Enter) saves and moves to the next unit; Alt+Up / Alt+Down move between units.
(function () {
  "use strict";
  const editor = document.getElementById("editor");
  if (!editor) return;
  const live = document.getElementById("live");
  const csrf = () => document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const dirty = new Set();

  const units = () => Array.from(editor.querySelectorAll("article.unit"));
  const unitOf = (el) => el.closest("article.unit");
  const announce = (text) => { if (live) { live.textContent = ""; window.setTimeout(() => { live.textContent = text; }, 30); } };

  function focusUnit(unit) {
    if (!unit) return false;
    const area = unit.querySelector("textarea");
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

  async function save(unit, status) {
    const area = unit.querySelector("textarea");
    const msg = unit.querySelector(".row-msg");
    const body = new FormData();
    body.append("text", area.value);
    body.append("status", status || "translated");
    body.append("version", unit.dataset.version || "0");
    body.append("csrfmiddlewaretoken", csrf());
    let response;
    try {
      response = await fetch(unit.dataset.saveUrl, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf() },
      });
    } catch (err) {
      msg.textContent = editor.dataset.msgError;
      announce(editor.dataset.msgError);
      return null;
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    if (response.status === 409) {
      showConflict(unit, data, area.value, status);
      return null;
    }
    if (!response.ok || !data.html) {
      msg.textContent = data.error || editor.dataset.msgError;
      announce(msg.textContent);
      return null;
    }
    const key = unit.dataset.key;
    const hadFocus = document.activeElement === area;
    unit.outerHTML = data.html;
    dirty.delete(key);
    const fresh = document.getElementById("u-" + key);
    const freshMsg = fresh.querySelector(".row-msg");
    const badge = fresh.querySelector(".status-badge").textContent.trim();
    freshMsg.textContent = editor.dataset.msgSaved + " · " + badge;
    announce(editor.dataset.msgSaved + ": " + badge);
    if (hadFocus) fresh.querySelector("textarea").focus();
    return fresh;
  }

  function showConflict(unit, data, mine, status) {
    const box = unit.querySelector(".conflict");
    box.hidden = false;
    box.textContent = "";
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = editor.dataset.msgConflict;
    const versions = document.createElement("div");
    versions.className = "versions";
    for (const [label, text] of [[data.theirs_author || "?", data.theirs], ["\u2192", mine]]) {
      const col = document.createElement("div");
      const h = document.createElement("strong");
      h.textContent = label;
      const t = document.createElement("div");
      t.textContent = text;  // shown as text: never inject another user's markup here
      col.append(h, t);
      versions.append(col);
    }
    const keep = document.createElement("button");
    keep.type = "button";
    keep.textContent = unit.dataset.keepTheirs || "OK";
    box.append(p, versions);
    // The editor now starts from their version: saving again means "mine, having seen theirs".
    unit.dataset.version = String(data.version);
    announce(editor.dataset.msgConflict);
  }

  editor.addEventListener("keydown", (event) => {
    const area = event.target.closest("textarea");
    if (!area) return;
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
    const area = event.target.closest("textarea");
    if (area) dirty.add(unitOf(area).dataset.key);
  });

  editor.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const unit = unitOf(button);
    if (button.classList.contains("save")) {
      save(unit, button.dataset.status);
    } else if (button.classList.contains("history-toggle")) {
      const panel = unit.querySelector(".history");
      const open = button.getAttribute("aria-expanded") === "true";
      if (!open) {
        const response = await fetch(unit.dataset.historyUrl, { credentials: "same-origin" });
        panel.innerHTML = await response.text();  // server-rendered, autoescaped partial
      }
      panel.hidden = open;
      button.setAttribute("aria-expanded", String(!open));
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty.size) { event.preventDefault(); event.returnValue = editor.dataset.msgUnsaved; }
  });

  const select = document.getElementById("filter");
  if (select) select.addEventListener("change", () => select.form.submit());

  // Arriving at #u-KEY (or after a page change) puts the caret in that unit.
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.matches("article.unit")) focusUnit(target);
})();
