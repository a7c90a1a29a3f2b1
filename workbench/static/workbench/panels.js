// Panels under a unit (history, comments), shared by the editor and the review screen.
// Server-rendered, autoescaped partials are fetched and swapped in; comment forms post
// without reloading the page. Ctrl+Enter in a comment box posts it. Also the presence
// heartbeat of pages that show who else is working on the document.
(function () {
  "use strict";

  const csrf = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  function announce(text) {
    const live = document.getElementById("live");
    if (!live || !text) return;
    live.textContent = "";
    // A fresh text node after a tick, so screen readers announce a repeated message too.
    window.setTimeout(() => { live.textContent = text; }, 30);
  }

  async function post(url, fields) {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    body.append("csrfmiddlewaretoken", csrf());
    let response;
    try {
      response = await fetch(url, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf() },
      });
    } catch (err) {
      return { response: { ok: false, status: 0 }, data: {} };
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = {}; }
    return { response, data };
  }

  // Open or close the panel a toggle button controls (aria-controls), loading it on opening.
  async function toggle(button, url) {
    const panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return null;
    const open = button.getAttribute("aria-expanded") === "true";
    if (!open) {
      let response;
      try { response = await fetch(url, { credentials: "same-origin" }); } catch (err) { return null; }
      if (!response.ok) return null;
      panel.innerHTML = await response.text();  // server-rendered, autoescaped partial
    }
    panel.hidden = open;
    button.setAttribute("aria-expanded", String(!open));
    return panel;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.comment-form");
    if (!form) return;
    event.preventDefault();
    const panel = form.closest(".panel");
    const msg = form.querySelector(".form-msg");
    const { response, data } = await post(form.action, {
      text: form.elements.text.value, parent: form.elements.parent.value,
    });
    if (!response.ok || !data.html) {
      msg.textContent = data.error || form.dataset.msgError;
      announce(msg.textContent);
      return;
    }
    const posted = form.dataset.msgPosted;
    panel.innerHTML = data.html;
    const count = document.querySelector(`[aria-controls="${panel.id}"] .count`);
    if (count) count.textContent = `(${data.count})`;
    const area = panel.querySelector("form.comment-form textarea");
    if (area) area.focus();
    announce(posted);
  });

  document.addEventListener("click", (event) => {
    const reply = event.target.closest("button.reply");
    const cancel = event.target.closest("button.cancel-reply");
    if (!reply && !cancel) return;
    const form = (reply || cancel).closest(".panel").querySelector("form.comment-form");
    if (!form) return;
    const note = form.querySelector(".replying");
    if (reply) {
      form.elements.parent.value = reply.dataset.parent;
      note.querySelector(".replying-to").textContent =
        form.dataset.msgReplying.replace("%(name)s", reply.dataset.author);
      note.hidden = false;
    } else {
      form.elements.parent.value = "";
      note.hidden = true;
    }
    form.elements.text.focus();
  });

  document.addEventListener("keydown", (event) => {
    const area = event.target.closest && event.target.closest("form.comment-form textarea");
    if (area && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      area.form.requestSubmit();
    }
  });

  // Presence (editor and review screen): a heartbeat now and every 30 s while the page is
  // visible; the answer lists the others seen on this document and language lately.
  const presence = document.getElementById("presence");
  async function heartbeat() {
    if (!presence || document.visibilityState === "hidden") return;
    const { response, data } = await post(presence.dataset.url, {});
    if (!response.ok || !Array.isArray(data.others)) return;
    const text = data.others.length
      ? presence.dataset.msgOthers.replace("%(names)s", data.others.join(", "))
      : "";
    // Only touch the live region when something changed, so it is not re-announced.
    if (presence.textContent !== text) presence.textContent = text;
    presence.hidden = !text;
  }
  if (presence) {
    heartbeat();
    window.setInterval(heartbeat, 30000);
    document.addEventListener("visibilitychange", heartbeat);
  }

  // Row-by-row keyboard navigation (review and alignment screens): focus a row, or step
  // to the next/previous one, following the pager past the first or last row of the page.
  function focusRow(row) {
    if (!row) return false;
    row.focus();
    row.scrollIntoView({ block: "nearest" });
    return true;
  }

  function moveRow(rows, row, step) {
    const next = rows[rows.indexOf(row) + step];
    if (next) return focusRow(next);
    const link = document.getElementById(step > 0 ? "next-page" : "prev-page");
    if (link) { window.location = link.href; return true; }
    return false;
  }

  // A filter that applies when chosen (editor and review, WCAG 3.2.2): the same page with
  // `query` is fetched, the elements named by `ids` take the new content in place (the
  // focus stays where it is) and the address follows. The new page, or null on failure.
  async function refreshParts(query, ids) {
    const url = new URL(window.location.href);
    url.search = query;
    url.hash = "";
    let response;
    try { response = await fetch(url, { credentials: "same-origin" }); } catch (err) { response = null; }
    if (!response || !response.ok) return null;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    if (!page.getElementById(ids[0])) return null;
    for (const id of ids) {
      const here = document.getElementById(id);
      const there = page.getElementById(id);
      if (here && there) here.innerHTML = there.innerHTML;
    }
    window.history.replaceState(null, "", url);
    return page;
  }

  window.WorkbenchPanels = { announce, post, toggle, focusRow, moveRow, refreshParts };
})();
