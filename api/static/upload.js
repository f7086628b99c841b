// Upload page: drag and drop or choose many files; each is sent on its own with progress.
"use strict";
(() => {
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const list = document.getElementById("uploads");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  function send(file) {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const state = document.createElement("span");
    state.className = "state";
    li.append(name, bar, state);
    list.append(li);

    // XMLHttpRequest, not fetch: only it reports upload progress
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/documents");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total);
    });
    xhr.addEventListener("load", () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      const doc = (body.documents || [])[0];
      if (xhr.status < 300 && doc && doc.id) {
        bar.value = 100;
        li.className = "done";
        state.textContent = list.dataset.done + " ";
        const link = document.createElement("a");
        link.href = "/documents/" + doc.id;
        link.textContent = list.dataset.open + " #" + doc.id;
        state.append(link);
      } else {
        li.className = "failed";
        const detail = (doc && doc.error) || body.detail || {};
        state.textContent = list.dataset.failed + ": " + (detail.message || xhr.statusText);
      }
    });
    xhr.addEventListener("error", () => { li.className = "failed"; state.textContent = list.dataset.failed; });
    const form = new FormData();
    form.append("file", file, file.name);
    const split = document.getElementById("split");
    if (split && split.value) form.append("split", split.value);
    xhr.send(form);
  }

  const sendAll = (files) => { for (const f of files) send(f); };
  input.addEventListener("change", () => { sendAll(input.files); input.value = ""; });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove("over"); });
  }
  drop.addEventListener("drop", (e) => sendAll(e.dataTransfer.files));
})();
