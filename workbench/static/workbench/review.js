// Review screen: one key per action on the focused unit, no page reloads.
// A approve · E edit (Ctrl+Enter approves the edit, Escape cancels) · R send back (Enter sends,
// Escape cancels) · C comments · J / Alt+Down next unit · K / Alt+Up previous unit.
// Single-letter keys act only while a unit (not a text field) has the focus, so they never
// swallow typing (WCAG 2.1.4).
(function () {
  "use strict";
  const review = document.getElementById("review");
  if (!review) return;
  const panels = window.WorkbenchPanels;
  const msgs = review.dataset;

  const rows = () => Array.from(review.querySelectorAll("article.review-unit"));
  const rowOf = (el) => el && el.closest && el.closest("article.review-unit");
  const isTextField = (el) => el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" ||
    el.tagName === "SELECT" || el.isContentEditable);

  const focusRow = panels.focusRow;
  const move = (row, step) => panels.moveRow(rows(), row, step);

  function say(row, text) {
    const msg = row.querySelector(".row-msg");
    if (msg) msg.textContent = text;
    panels.announce(text);
  }

  function replaceRow(row, html) {
    const key = row.dataset.key;
    row.outerHTML = html;
    return document.getElementById("r-" + key);
  }

  function showProblems(row, problems) {
    const list = row.querySelector(".problems");
    list.textContent = "";
    for (const problem of problems) {
      const item = document.createElement("li");
      item.className = "problem-" + problem.severity;
      item.textContent = problem.message;  // text: messages may quote the translation
      list.append(item);
    }
    list.hidden = problems.length === 0;
  }

  // POST an action; on success or conflict the row is re-rendered by the server.
  async function act(row, url, fields, doneMessage) {
    const { response, data } = await panels.post(url, {
      version: row.dataset.version,
      source_checksum: row.dataset.sourceChecksum || "",
      ...fields,
    });
    if (response.status === 422 && data.confirm === "machine" && !fields.confirm_machine) {
      // Unedited machine translation: approved only when the reviewer confirms it.
      if (window.confirm(data.error)) {
        return act(row, url, { ...fields, confirm_machine: "1" }, doneMessage);
      }
      say(row, data.error);
      return null;
    }
    if (response.status === 422) {
      showProblems(row, data.problems || []);
      say(row, msgs.msgProblems);
      return null;
    }
    if ((response.ok || response.status === 409) && data.html) {
      const fresh = replaceRow(row, data.html);
      if (response.ok) {
        say(fresh, doneMessage);
        move(fresh, 1) || focusRow(fresh);
      } else {
        say(fresh, data.error || msgs.msgChanged);
        focusRow(fresh);
      }
      return fresh;
    }
    say(row, data.error || msgs.msgError);
    return null;
  }

  const approve = (row) => {
    const button = row.querySelector("button.approve");
    if (button && button.disabled) { say(row, row.querySelector(".approve-blocked").textContent); return null; }
    return act(row, row.dataset.approveUrl, {}, msgs.msgApproved);
  };

  function approveEdit(row) {
    const area = row.querySelector(".review-edit textarea");
    return act(row, row.dataset.approveUrl, { text: area.value, tokens: "1" }, msgs.msgApproved);
  }

  function reject(row) {
    const input = row.querySelector(".review-reject input[name=reason]");
    if (!input.value.trim()) { input.focus(); return null; }
    return act(row, row.dataset.rejectUrl, { reason: input.value }, msgs.msgSentBack);
  }

  // Show or hide the edit box or the reason form of a row, focusing what the key is for.
  function openPart(row, selector, toggleSelector) {
    const part = row.querySelector(selector);
    const toggle = row.querySelector(toggleSelector);
    part.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    const field = part.querySelector("textarea, input[name=reason]");
    field.focus();
    if (field.tagName === "TEXTAREA") field.setSelectionRange(field.value.length, field.value.length);
  }

  function closePart(row, part) {
    part.hidden = true;
    const toggle = row.querySelector(`[aria-controls="${part.id}"]`);
    if (toggle) toggle.setAttribute("aria-expanded", "false");
    focusRow(row);
  }

  const openEdit = (row) => openPart(row, ".review-edit", ".edit-toggle");
  const openReject = (row) => openPart(row, ".review-reject", ".reject-toggle");
  const toggleComments = (row) => {
    const button = row.querySelector(".comments-toggle");
    return panels.toggle(button, row.dataset.commentsUrl);
  };

  review.addEventListener("keydown", (event) => {
    const row = rowOf(event.target);
    if (!row) return;
    if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(row, event.key === "ArrowDown" ? 1 : -1);
      return;
    }
    const inEdit = event.target.closest(".review-edit");
    const inReject = event.target.closest(".review-reject");
    if (event.key === "Escape" && (inEdit || inReject)) {
      event.preventDefault();
      closePart(row, inEdit || inReject);
      return;
    }
    if (inEdit && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      approveEdit(row);
      return;
    }
    if (isTextField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest(".panel")) return;  // the comments panel has its own buttons
    const actions = {
      a: () => approve(row),
      e: () => openEdit(row),
      r: () => openReject(row),
      c: () => toggleComments(row),
      j: () => move(row, 1),
      k: () => move(row, -1),
    };
    const action = actions[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  review.addEventListener("submit", (event) => {
    const form = event.target.closest("form.review-reject");
    if (!form) return;  // comment forms are handled by panels.js
    event.preventDefault();
    reject(rowOf(form));
  });

  review.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const row = rowOf(button);
    if (!button || !row || button.closest(".panel")) return;
    if (button.classList.contains("approve")) approve(row);
    else if (button.classList.contains("edit-toggle")) {
      const part = row.querySelector(".review-edit");
      if (part.hidden) openEdit(row); else closePart(row, part);
    } else if (button.classList.contains("reject-toggle")) {
      const part = row.querySelector(".review-reject");
      if (part.hidden) openReject(row); else closePart(row, part);
    } else if (button.classList.contains("approve-edit")) approveEdit(row);
    else if (button.classList.contains("comments-toggle")) toggleComments(row);
    else if (button.classList.contains("cancel")) {
      closePart(row, button.closest(".review-edit, .review-reject"));
    }
  });

  // The filter applies as soon as it is chosen: the units are fetched and replaced in place,
  // the focus stays on the menu and the new count is announced (no change of context when a
  // setting changes, WCAG 3.2.2). Without script the form's button does it.
  const select = document.getElementById("show");
  if (select) {
    const submit = select.form.querySelector("button[type=submit]");
    if (submit) submit.hidden = true;
    select.addEventListener("change", async () => {
      const page = await panels.refreshParts(
        "?show=" + encodeURIComponent(select.value), ["review", "review-count", "review-pager"]);
      if (!page) { panels.announce(msgs.msgError); return; }
      const count = document.getElementById("review-count");
      panels.announce(count ? count.textContent.trim() : "");
    });
  }

  // Start on the unit named in the address, or on the first one: the keys work at once.
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  focusRow(target && target.matches("article.review-unit") ? target : rows()[0]);
})();
