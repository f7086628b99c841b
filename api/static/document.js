// The document page: zoom, pages, word boxes, evidence highlight, keyboard-first editing.
// Everything from OCR or users is written with textContent, never as HTML.
"use strict";
(() => {
  const root = document.getElementById("review");
  if (!root) return;
  const id = root.dataset.id;
  const canCorrect = root.dataset.canCorrect === "true";
  const labels = JSON.parse(root.dataset.labels);
  const lang = root.dataset.lang;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const pages = [...document.querySelectorAll(".page")];
  const message = document.getElementById("message");
  let current = 0;
  let zoom = 1;
  let focused = null;

  // ---- geometry: boxes are placed in percent of the page, so zoom only scales the page
  function place(el, page, bbox) {
    const w = Number(page.dataset.w), h = Number(page.dataset.h);
    const [x0, y0, x1, y1] = bbox;
    el.style.left = (100 * x0 / w) + "%";
    el.style.top = (100 * y0 / h) + "%";
    el.style.width = (100 * (x1 - x0) / w) + "%";
    el.style.height = (100 * (y1 - y0) / h) + "%";
  }
  const parseBox = (text) => (text ? text.split(",").map(Number) : null);
  for (const page of pages) {
    for (const word of page.querySelectorAll(".word")) {
      const box = parseBox(word.dataset.bbox);
      if (box && box.length === 4) place(word, page, box);
    }
  }

  // ---- pages and zoom
  function showPage(index) {
    current = Math.max(0, Math.min(pages.length - 1, index));
    pages.forEach((p, i) => p.classList.toggle("hidden", i !== current));
    const no = document.getElementById("page-no");
    if (no) no.textContent = String(current + 1);
  }
  function setZoom(value) {
    zoom = Math.max(0.5, Math.min(4, value));
    document.getElementById("pages").style.width = (zoom * 100) + "%";
    document.getElementById("zoom-level").textContent = Math.round(zoom * 100) + "%";
  }
  const on = (elId, fn) => { const el = document.getElementById(elId); if (el) el.addEventListener("click", fn); };
  on("zoom-in", () => setZoom(zoom * 1.25));
  on("zoom-out", () => setZoom(zoom / 1.25));
  on("prev-page", () => showPage(current - 1));
  on("next-page", () => showPage(current + 1));
  document.getElementById("show-words").addEventListener("change", (e) => {
    document.getElementById("pages").classList.toggle("words-on", e.target.checked);
  });

  // ---- evidence: hovering or focusing a field shows its box on its page
  function highlight(field) {
    for (const ev of document.querySelectorAll(".evidence")) ev.hidden = true;
    const box = parseBox(field && field.dataset.bbox);
    const number = field && Number(field.dataset.page);
    if (!box || !number) return;
    const index = pages.findIndex((p) => Number(p.dataset.page) === number);
    if (index < 0) return;
    showPage(index);
    const ev = pages[index].querySelector(".evidence");
    place(ev, pages[index], box);
    ev.hidden = false;
  }
  const fields = [...document.querySelectorAll(".field")];
  for (const field of fields) {
    const input = field.querySelector("input");
    field.addEventListener("mouseenter", () => highlight(field));
    field.addEventListener("mouseleave", () => highlight(focused && focused.closest(".field")));
    input.addEventListener("focus", () => { focused = input; highlight(field); });
    input.addEventListener("keydown", (e) => onKey(e, input));
  }

  // ---- clicking a word fills the focused field
  for (const word of document.querySelectorAll(".word")) {
    word.addEventListener("mousedown", (e) => e.preventDefault()); // keep the focus
    word.addEventListener("click", () => {
      if (!focused || focused.readOnly) return;
      focused.value = word.dataset.text;
      focused.focus();
    });
  }

  // ---- saving, approving
  async function call(method, url, body) {
    const res = await fetch(url, {
      method, credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json"},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const detail = data.detail || {};
      throw new Error(detail.message || (Array.isArray(detail) ? detail.map((d) => d.msg).join("; ") : res.statusText));
    }
    return data;
  }
  function say(text) {
    message.textContent = text || "";
    message.hidden = !text;
  }

  async function save(input) {
    if (input.readOnly || input.value === input.dataset.saved) return true;
    try {
      const doc = await call("PATCH", `/api/v1/documents/${id}/fields/${encodeURIComponent(input.name)}`,
        {value: input.value});
      say("");
      update(doc);
      input.value = input.dataset.saved;  // as stored: normalised by the server
      input.closest(".field").classList.add("corrected");
      await refreshHistory();
      return true;
    } catch (err) {
      say(err.message);
      input.closest(".field").classList.add("invalid");
      return false;
    }
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  function update(doc) {
    const status = document.getElementById("status");
    status.textContent = labels.status[doc.status] || doc.status;
    status.className = "badge st-" + doc.status;
    for (const field of fields) {
      const input = field.querySelector("input");
      const value = text(doc.fields[field.dataset.name]);
      if (document.activeElement !== input || input.value === input.dataset.saved) input.value = value;
      input.dataset.saved = value;
      field.classList.remove("invalid", "has-finding");
      field.querySelector(".field-findings").replaceChildren();
    }
    const list = document.getElementById("findings");
    list.replaceChildren();
    for (const f of doc.findings) {
      list.append(item(f.message && f.message[lang] ? f.message[lang] : f.code, "sev-" + f.severity, f.code));
      for (const name of f.fields || []) {
        const field = fields.find((x) => x.dataset.name === name);
        if (!field) continue;
        field.classList.add("has-finding");
        field.querySelector(".field-findings").append(item(f.message ? f.message[lang] : f.code, "sev-" + f.severity));
      }
    }
    if (!doc.findings.length) list.append(item(list.dataset.none, "none"));
  }

  function item(content, cls, code) {
    const li = document.createElement("li");
    li.textContent = content;
    if (cls) li.className = cls;
    if (code) li.dataset.code = code;
    return li;
  }

  async function refreshHistory() {
    const data = await call("GET", `/api/v1/documents/${id}/history`);
    const list = document.getElementById("history");
    list.replaceChildren();
    for (const h of data.entries) {
      const li = document.createElement("li");
      const time = document.createElement("time");
      time.textContent = h.at.replace("T", " ").slice(0, 19);
      const who = document.createElement("b");
      who.textContent = h.actor;
      let what;
      if (h.kind === "correction") {
        what = `${labels.field[h.field] || h.field}: ${text(h.old) || "∅"} → ${text(h.new) || "∅"}`;
      } else if (h.kind === "status") {
        what = `${labels.status[h.old] || h.old} → ${labels.status[h.new] || h.new}`;
      } else {
        what = "deleted";
      }
      li.append(time, " ", who, " ", what);
      if (h.reason) { const q = document.createElement("q"); q.textContent = h.reason; li.append(" ", q); }
      list.append(li);
    }
  }

  async function approve() {
    if (focused && !(await save(focused))) return;
    let body = {};
    if (document.querySelectorAll("#findings .sev-error").length) {
      const reason = window.prompt(root.dataset.confirmOverride);
      if (!reason) return;
      body = {override_reason: reason};
    }
    try {
      await call("POST", `/api/v1/documents/${id}/approve`, body);
      window.location.assign(`/documents/${id}/next`);
    } catch (err) { say(err.message); }
  }

  async function reject() {
    const reason = window.prompt(root.dataset.confirmReject);
    if (!reason) return;
    try {
      update(await call("POST", `/api/v1/documents/${id}/reject`, {reason}));
      await refreshHistory();
    } catch (err) { say(err.message); }
  }

  function onKey(e, input) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      approve();
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (canCorrect) save(input);
    } else if (e.key === "Escape") {
      input.value = input.dataset.saved;
    }
  }
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      approve();
    }
  });
  on("approve", approve);
  on("reject", reject);
  document.getElementById("fields").addEventListener("submit", (e) => e.preventDefault());
})();
