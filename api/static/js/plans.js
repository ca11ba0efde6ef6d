// Calendars (month grid and list, CSV/ICS/Markdown downloads, plan a new one) and drafts
// (positioning, ICP, messaging, roadmap, diagnosis…: versions, rendered Markdown, download).
import { api, clear, enc, h, toast } from "./api.js";
import { renderMarkdown } from "./markdown.js";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export class Calendars {
  constructor(root, getWorkspace) {
    this.root = root;
    this.getWorkspace = getWorkspace;
    this.select = root.querySelector("#calendar-select");
    this.view = root.querySelector("#calendar-view");
    this.downloads = root.querySelector("#calendar-downloads");
    this.mode = "month";
    this.calendar = null;
    this.select.addEventListener("change", () => this.open(this.select.value));
    for (const b of root.querySelectorAll("[data-mode]")) {
      b.addEventListener("click", () => {
        this.mode = b.dataset.mode;
        for (const o of root.querySelectorAll("[data-mode]")) o.setAttribute("aria-pressed", String(o === b));
        this.render();
      });
    }
    root.querySelector("#calendar-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.plan(new FormData(e.target));
    });
  }

  base() {
    return `/workspaces/${enc(this.getWorkspace())}/calendars`;
  }

  async load() {
    const list = await api(this.base());
    clear(this.select, list.length ? null : h("option", { value: "" }, "No calendars yet"), list.map((c) => h("option", { value: c.id }, `${c.start} → ${c.end} · ${c.items} items · v${c.version}`)));
    if (list.length) await this.open(list[0].id);
    else {
      this.calendar = null;
      clear(this.view, h("p", { class: "hint" }, "Plan a calendar below, or ask in the chat: “Plan a 4-week content calendar for LinkedIn and the blog”."));
      clear(this.downloads);
    }
  }

  async plan(form) {
    const body = { weeks: Number(form.get("weeks") || 4) };
    if (form.get("start")) body.start = form.get("start");
    const calendar = await api(this.base(), { method: "POST", json: body });
    toast(`Planned ${calendar.items.length} items`);
    await this.load();
    this.select.value = calendar.id;
    await this.open(calendar.id);
  }

  async open(id) {
    if (!id) return;
    this.calendar = await api(`${this.base()}/${enc(id)}`);
    const link = (fmt, label) => h("a", { href: `${this.base()}/${enc(id)}.${fmt}`, download: `${id}.${fmt}`, class: "button" }, label);
    clear(this.downloads, link("csv", "CSV"), link("ics", "ICS (calendar apps)"), link("md", "Markdown"));
    this.render();
  }

  render() {
    if (!this.calendar) return;
    const cal = this.calendar;
    const notes = [...cal.defaults_used, ...cal.warnings].map((n) => h("li", {}, n));
    clear(this.view, this.mode === "month" ? monthGrids(cal) : listTable(cal), notes.length ? h("ul", { class: "hint" }, notes) : null);
  }
}

function monthGrids(cal) {
  const byDay = new Map();
  for (const item of cal.items) byDay.set(item.date, [...(byDay.get(item.date) || []), item]);
  const start = new Date(`${cal.start}T00:00:00`);
  const end = new Date(`${cal.end}T00:00:00`);
  const months = [];
  for (let m = new Date(start.getFullYear(), start.getMonth(), 1); m <= end; m = new Date(m.getFullYear(), m.getMonth() + 1, 1)) {
    const cells = [];
    const lead = (m.getDay() + 6) % 7;
    for (let i = 0; i < lead; i++) cells.push(h("div", { class: "day empty" }));
    for (let d = new Date(m); d.getMonth() === m.getMonth(); d.setDate(d.getDate() + 1)) {
      const key = isoDay(d);
      const items = byDay.get(key) || [];
      cells.push(h("div", { class: "day" + (items.length ? " has-items" : "") }, h("span", { class: "date" }, d.getDate()), items.map((i) => h("div", { class: "item", title: `${i.channel} · ${i.format} · ${i.stage}` }, h("strong", {}, i.channel), " ", i.title || i.format))));
    }
    const title = m.toLocaleString(undefined, { month: "long", year: "numeric" });
    months.push(h("section", { class: "month" }, h("h3", {}, title), h("div", { class: "month-grid", role: "grid" }, WEEKDAYS.map((w) => h("div", { class: "weekday" }, w)), cells)));
  }
  return h("div", { class: "months" }, months);
}

function listTable(cal) {
  const cols = ["date", "time", "channel", "format", "stage", "title", "cta", "owner", "status"];
  return h("div", { class: "scroll" }, h("table", { class: "figures" }, h("thead", {}, h("tr", {}, cols.map((c) => h("th", {}, c)))), h("tbody", {}, cal.items.map((i) => h("tr", {}, cols.map((c) => h("td", {}, String(i[c] ?? "").slice(0, c === "time" ? 5 : 200))))))));
}

export class Drafts {
  constructor(root, getWorkspace) {
    this.root = root;
    this.getWorkspace = getWorkspace;
    this.list = root.querySelector("#draft-list");
    this.view = root.querySelector("#draft-view");
  }

  base() {
    return `/workspaces/${enc(this.getWorkspace())}/artifacts`;
  }

  async load() {
    const drafts = await api(this.base());
    clear(
      this.list,
      drafts.length ? null : h("li", { class: "hint" }, "No drafts yet: ask in the chat for a diagnosis, positioning, ICP, messaging or a 30/60/90-day roadmap."),
      drafts.map((d) => h("li", {}, h("button", { type: "button", class: "thread", onclick: () => this.open(d.kind, d.latest_version, d.versions) }, d.title, h("small", {}, `${d.kind} · v${d.latest_version}`)))),
    );
    clear(this.view);
  }

  async open(kind, version, versions) {
    const art = await api(`${this.base()}/${enc(kind)}?version=${version}`);
    const picker = h("select", { "aria-label": "Version" }, versions.slice().reverse().map((v) => h("option", { value: v, selected: v === version }, `version ${v}`)));
    picker.addEventListener("change", () => this.open(kind, Number(picker.value), versions));
    const download = h("a", { class: "button", href: `${this.base()}/${enc(kind)}.md?version=${version}`, download: `${kind}-v${version}.md` }, "Download Markdown");
    clear(this.view, h("div", { class: "toolbar" }, picker, download, art.note ? h("small", {}, art.note) : null), h("div", { class: "md draft" }, renderMarkdown(art.markdown)));
  }
}
