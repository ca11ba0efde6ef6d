// Documents (several files, drag and drop, progress and an outcome per file) and campaign data
// (a dry run first: the importer's mapping as an editable form, the first rows and totals,
// then the import itself only when asked).
import { api, clear, enc, h, problemText, toast, upload } from "./api.js";

export function dropZone(zone, input, onFiles) {
  input.addEventListener("change", () => {
    onFiles([...input.files]);
    input.value = "";
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    onFiles([...e.dataTransfer.files]);
  });
}

function sizeText(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export class Documents {
  constructor(root, getWorkspace) {
    this.root = root;
    this.getWorkspace = getWorkspace;
    this.list = root.querySelector("#document-list");
    this.progress = root.querySelector("#upload-progress");
    dropZone(root.querySelector("#document-drop"), root.querySelector("#document-input"), (files) => this.uploadAll(files));
  }

  async load() {
    const docs = await api(`/workspaces/${enc(this.getWorkspace())}/documents`);
    clear(
      this.list,
      docs.length ? null : h("li", { class: "hint" }, "No documents yet: drop a strategy deck, sales notes or web copy above."),
      docs.map((d) => h("li", {}, h("span", {}, d.name), h("small", {}, ` ${sizeText(d.size_bytes)} · ${d.chunks} passages · ${d.added_at.slice(0, 10)}`), h("button", { type: "button", class: "danger small", onclick: () => this.remove(d) }, "Delete"))),
    );
  }

  async remove(doc) {
    if (!confirm(`Delete “${doc.name}” from this workspace? Answers will no longer cite it.`)) return;
    await api(`/workspaces/${enc(this.getWorkspace())}/documents/${enc(doc.id)}`, { method: "DELETE" });
    toast(`Deleted ${doc.name}`);
    await this.load();
  }

  async uploadAll(files) {
    const ws = this.getWorkspace();
    await Promise.all(files.map((file) => this.uploadOne(ws, file)));
    await this.load();
  }

  async uploadOne(ws, file) {
    const bar = h("progress", { max: "1", value: "0" });
    const status = h("span", { class: "status" }, "uploading…");
    const row = h("li", {}, h("span", {}, file.name), bar, status);
    this.progress.append(row);
    const form = new FormData();
    form.append("files", file, file.name);
    try {
      const { status: code, body } = await upload(`/workspaces/${enc(ws)}/documents`, form, (p) => (bar.value = p));
      bar.value = 1;
      const outcome = Array.isArray(body) ? body[0] : null;
      if (outcome && !outcome.error) {
        status.textContent = outcome.status === "unchanged" ? "already there" : `added (${outcome.document ? outcome.document.chunks : 0} passages)`;
        row.className = "ok";
      } else {
        status.textContent = outcome && outcome.error ? outcome.error.message : problemText(body, code);
        row.className = "error";
      }
    } catch (err) {
      status.textContent = err.message;
      row.className = "error";
    }
  }
}

export class DataImport {
  constructor(root, getWorkspace) {
    this.root = root;
    this.getWorkspace = getWorkspace;
    this.list = root.querySelector("#import-list");
    this.panel = root.querySelector("#import-panel");
    this.file = null;
    dropZone(root.querySelector("#data-drop"), root.querySelector("#data-input"), (files) => files[0] && this.preview(files[0], null));
  }

  async load() {
    const imports = await api(`/workspaces/${enc(this.getWorkspace())}/data`);
    clear(
      this.list,
      imports.length ? null : h("li", { class: "hint" }, "No campaign data yet: drop an ad-platform or CRM export above."),
      imports.map((i) => h("li", {}, h("span", {}, i.file_name), h("small", {}, ` ${i.format} · ${i.rows_imported} rows · ${String(i.imported_at).slice(0, 10)}`), h("button", { type: "button", class: "danger small", onclick: () => this.remove(i) }, "Delete"))),
    );
  }

  async remove(item) {
    if (!confirm(`Remove the data imported from “${item.file_name}”?`)) return;
    await api(`/workspaces/${enc(this.getWorkspace())}/data/${enc(item.id)}`, { method: "DELETE" });
    await this.load();
  }

  async send(file, mapping, dryRun) {
    const form = new FormData();
    form.append("file", file, file.name);
    if (mapping) form.append("mapping", JSON.stringify(mapping));
    const query = dryRun ? "?dry_run=true" : "";
    return upload(`/workspaces/${enc(this.getWorkspace())}/data${query}`, form);
  }

  async preview(file, mapping) {
    this.file = file;
    clear(this.panel, h("p", { class: "hint" }, `Reading ${file.name}…`));
    const { status, body } = await this.send(file, mapping, true);
    if (status !== 200) {
      clear(this.panel, h("p", { class: "error", role: "alert" }, `${file.name}: ${problemText(body, status)}`));
      return;
    }
    this.renderDryRun(file, body, mapping !== null);
  }

  renderDryRun(file, dry, given) {
    const columns = dry.columns.map((c) => c.name);
    const fields = dry.preview.length ? Object.keys(dry.preview[0]) : [];
    const form = h("form", { class: "mapping", id: "mapping-form" });
    const rows = Object.entries(dry.mapping).map(([field, value]) => mappingRow(field, value));
    const adder = h("select", { "aria-label": "Add a field" }, h("option", { value: "" }, "Add a field…"), fields.filter((f) => !(f in dry.mapping)).map((f) => h("option", { value: f }, f)));
    adder.addEventListener("change", () => {
      if (adder.value) adder.before(mappingRow(adder.value, ""));
      adder.value = "";
    });
    const report = dry.report || {};
    form.append(
      h("datalist", { id: "column-names" }, columns.map((c) => h("option", { value: c }))),
      h("p", {}, h("strong", {}, file.name), ` — ${report.format_label || "unrecognised layout"}; mapping ${dry.mapping_source}. Edit a field's column (or a fixed value such as a channel name), then preview again.`),
      h("div", { class: "mapping-rows" }, rows, adder),
      h("div", { class: "actions" },
        h("button", { type: "submit", name: "again" }, "Preview again"),
        h("button", { type: "button", class: "primary", id: "import-confirm", disabled: !dry.ready, onclick: () => this.commit(form, given || dry.mapping_source !== "recognised") }, "Import"),
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.preview(file, readMapping(form));
    });
    form.addEventListener("input", () => (form.dataset.edited = "true"));
    clear(this.panel, form, problems(dry), warnings(report), totalsTable(dry.totals), previewTable(dry.preview));
  }

  async commit(form, sendMapping) {
    const mapping = sendMapping || form.dataset.edited ? readMapping(form) : null;
    const { status, body } = await this.send(this.file, mapping, false);
    if (status >= 400) {
      this.panel.prepend(h("p", { class: "error", role: "alert" }, problemText(body, status)));
      return;
    }
    clear(this.panel, h("p", { class: "ok", role: "status" }, body.message || `Imported ${body.rows_imported} rows from ${body.file_name}.`), warnings(body));
    await this.load();
  }
}

function mappingRow(field, value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return h("label", { class: "mapping-row" }, h("span", {}, field), h("input", { name: field, value: text, list: "column-names", autocomplete: "off" }));
}

function readMapping(form) {
  const mapping = {};
  for (const input of form.querySelectorAll(".mapping-row input")) {
    const value = input.value.trim();
    if (!value) continue;
    if (/^[[{]/.test(value)) {
      try {
        mapping[input.name] = JSON.parse(value);
        continue;
      } catch (_) {
        /* plain text */
      }
    }
    mapping[input.name] = value;
  }
  return mapping;
}

function problems(dry) {
  if (!dry.problems.length) return null;
  return h("ul", { class: "problems", role: "alert" }, dry.problems.map((p) => h("li", {}, p.message)));
}

function warnings(report) {
  const items = (report && report.warnings) || [];
  if (!items.length) return null;
  return h("ul", { class: "warnings" }, items.map((w) => h("li", {}, w.message)));
}

function totalsTable(totals) {
  const rows = [];
  for (const [currency, measures] of Object.entries(totals || {})) {
    for (const [measure, sum] of Object.entries(measures)) rows.push([currency || "—", measure, sum === null ? "n/a" : Number(sum).toLocaleString()]);
  }
  if (!rows.length) return null;
  return h("table", { class: "figures" }, h("caption", {}, "Totals the import would add"), h("thead", {}, h("tr", {}, h("th", {}, "Currency"), h("th", {}, "Measure"), h("th", {}, "Total"))), h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))));
}

function previewTable(preview) {
  if (!preview.length) return null;
  const cols = Object.keys(preview[0]).filter((c) => preview.some((r) => r[c] !== null));
  return h("div", { class: "scroll" }, h("table", { class: "figures", id: "import-preview" }, h("caption", {}, `First ${preview.length} rows as they would be stored`), h("thead", {}, h("tr", {}, cols.map((c) => h("th", {}, c)))), h("tbody", {}, preview.map((r) => h("tr", {}, cols.map((c) => h("td", {}, r[c] ?? "")))))));
}
