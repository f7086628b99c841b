// The document page: zoom, pages, word boxes, evidence highlight, keyboard-first editing,
// the line-item table, each field's history, turning a page to have it read again.
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
  const allFields = [...document.querySelectorAll(".field")];
  const fields = allFields.filter((f) => !f.classList.contains("items"));  // one input each
  for (const field of allFields) {
    field.addEventListener("mouseenter", () => highlight(field));
    field.addEventListener("mouseleave", () => highlight(focused && focused.closest(".field")));
  }
  for (const field of fields) {
    const input = field.querySelector("input");
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
    if (input.closest(".items")) return saveItems();
    if (input.readOnly || input.value === input.dataset.saved) return true;
    try {
      const doc = await call("PATCH", `/api/v1/documents/${id}/fields/${encodeURIComponent(input.name)}`,
        {value: input.value});
      say("");
      update(doc);
      input.value = input.dataset.saved;  // as stored: normalised by the server
      input.closest(".field").classList.add("corrected");
      await refreshHistory(input.name);
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
    }
    for (const field of allFields) {
      field.classList.remove("invalid", "has-finding");
      field.querySelector(".field-findings").replaceChildren();
    }
    const list = document.getElementById("findings");
    list.replaceChildren();
    for (const f of doc.findings) {
      list.append(item(f.message && f.message[lang] ? f.message[lang] : f.code, "sev-" + f.severity, f.code));
      for (const name of f.fields || []) {
        const field = allFields.find((x) => x.dataset.name === name);
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

  // ---- history: the document's, and under a field its own (GET ...?field=NAME)
  function entry(h, withField) {
    const li = document.createElement("li");
    const time = document.createElement("time");
    time.textContent = h.at.replace("T", " ").slice(0, 19);
    const who = document.createElement("b");
    who.textContent = h.actor;
    li.append(time, " ", who, " ");
    const rotated = h.kind === "rotation" ? rotatedText(h) : "";
    if (h.kind === "correction" || (h.kind === "rotation" && h.field)) {
      const del = document.createElement("del");
      del.textContent = text(h.old) || "∅";
      const ins = document.createElement("ins");
      ins.textContent = text(h.new) || "∅";
      if (withField) li.append(`${labels.field[h.field] || h.field}: `);
      li.append(del, " → ", ins);
      if (rotated) { const small = document.createElement("small"); small.textContent = rotated; li.append(" ", small); }
    } else if (h.kind === "rotation") {
      li.append(rotated);
    } else if (h.kind === "status") {
      li.append(`${labels.status[h.old] || h.old} → ${labels.status[h.new] || h.new}`);
    } else {
      li.append(root.dataset.deleted);
    }
    if (h.reason) { const q = document.createElement("q"); q.textContent = h.reason; li.append(" ", q); }
    return li;
  }
  function rotatedText(h) {
    const [before, middle, after] = root.dataset.rotated.split("%s");
    return `${before}${h.page}${middle}${h.degrees}${after}`;
  }

  async function refreshHistory(name) {
    const data = await call("GET", `/api/v1/documents/${id}/history`);
    document.getElementById("history").replaceChildren(...data.entries.map((h) => entry(h, true)));
    if (name) await refreshFieldHistory(name);
  }

  async function refreshFieldHistory(name) {
    const field = allFields.find((x) => x.dataset.name === name);
    const box = field && field.querySelector(".field-history");
    if (!box) return;
    const data = await call("GET", `/api/v1/documents/${id}/history?field=${encodeURIComponent(name)}`);
    box.querySelector("ol").replaceChildren(...data.entries.map((h) => entry(h, false)));
    box.querySelector(".count").textContent = String(data.entries.length);
    box.hidden = data.entries.length === 0;
  }

  // ---- line items: a table of inputs, saved whole as one correction of line_items
  const KEYS = ["description", "quantity", "unit_price", "amount", "tax_rate"];
  const itemTable = document.getElementById("line-items");
  const itemBody = itemTable && itemTable.tBodies[0];
  function itemCell(key, value) {
    const td = document.createElement("td");
    const input = document.createElement("input");
    input.dataset.key = key;
    input.value = value === null || value === undefined ? "" : String(value);
    input.readOnly = !canCorrect;
    if (key !== "description") { input.className = "num"; input.inputMode = "decimal"; }
    const head = itemTable.tHead.rows[0].cells[KEYS.indexOf(key)];
    input.setAttribute("aria-label", head.textContent);
    td.append(input);
    return td;
  }
  function itemRow(item) {
    const tr = document.createElement("tr");
    for (const key of KEYS) tr.append(itemCell(key, item[key]));
    if (canCorrect) {
      const td = document.createElement("td");
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove-item";
      remove.textContent = "×";
      remove.setAttribute("aria-label", itemTable.dataset.removeLabel);
      td.append(remove);
      tr.append(td);
    }
    return tr;
  }
  function readItems() {
    const out = [];
    for (const tr of itemBody.rows) {
      const item = {};
      for (const input of tr.querySelectorAll("input")) {
        const value = input.value.trim();
        if (value) item[input.dataset.key] = value;
      }
      if (Object.keys(item).length) out.push(item);
    }
    return out;
  }
  const itemsText = (list) => JSON.stringify(list || []);
  function fillItems(list) {
    itemBody.replaceChildren(...(list || []).map(itemRow));
    itemTable.dataset.saved = itemsText(list);
  }
  const itemsDirty = () => itemTable && itemsText(readItems()) !== itemTable.dataset.saved;

  async function saveItems() {
    if (!itemTable || !canCorrect || !itemsDirty()) return true;
    const field = itemTable.closest(".field");
    try {
      const doc = await call("PATCH", `/api/v1/documents/${id}/fields/line_items`, {value: readItems()});
      say("");
      update(doc);
      fillItems(doc.fields.line_items);  // as stored: amounts normalised by the server
      field.classList.add("corrected");
      await refreshHistory("line_items");
      return true;
    } catch (err) {
      say(err.message);
      field.classList.add("invalid");
      return false;
    }
  }
  if (itemTable) {
    itemTable.dataset.saved = itemsText(readItems());  // the table as the server sent it
    itemTable.addEventListener("focusin", (e) => {
      if (e.target instanceof HTMLInputElement) { focused = e.target; highlight(itemTable.closest(".field")); }
    });
    itemTable.addEventListener("keydown", (e) => {
      if (!(e.target instanceof HTMLInputElement)) return;
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); approve(); }
      else if (e.key === "Enter") { e.preventDefault(); saveItems(); }
    });
    itemTable.addEventListener("click", (e) => {
      const remove = e.target.closest(".remove-item");
      if (!remove) return;
      remove.closest("tr").remove();
    });
    on("add-item", () => {
      const tr = itemRow({});
      itemBody.append(tr);
      tr.querySelector("input").focus();
    });
    on("save-items", saveItems);
  }

  // ---- turning a page: read again on the server, then the page is shown anew
  async function rotate() {
    const button = document.getElementById("rotate");
    const number = pages[current].dataset.page;
    const degrees = Number(document.getElementById("rotate-degrees").value);
    button.disabled = true;
    say(root.dataset.rotating);
    message.classList.add("busy");
    try {
      await call("POST", `/api/v1/documents/${id}/pages/${number}/rotate`, {degrees});
      window.location.hash = `page-${number}`;
      window.location.reload();
    } catch (err) {
      message.classList.remove("busy");
      say(err.message);
      button.disabled = false;
    }
  }
  on("rotate", rotate);
  const shownPage = /^#page-(\d+)$/.exec(window.location.hash);
  if (shownPage) showPage(pages.findIndex((p) => p.dataset.page === shownPage[1]));

  async function approve() {
    if (focused && !(await save(focused))) return;
    if (itemsDirty() && !(await saveItems())) return;
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
