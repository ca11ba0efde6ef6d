// The performance dashboard page: fetches /workspaces/{id}/dashboard (figures from the KPI
// engine), draws headline tiles, trend and breakdown charts with their tables, open problems
// and empty states. Each chart exports as PNG; the page prints (print CSS); CSV from the server.
import { api, clear, enc, h } from "./api.js";
import { drawChart, figureTable } from "./charts.js";

const match = location.pathname.match(/^\/workspaces\/([^/]+)\/dashboard/);
const workspace = match ? decodeURIComponent(match[1]) : "";
const root = document.getElementById("dashboard");
const period = document.getElementById("period");
const grain = document.getElementById("grain");
const params = new URLSearchParams(location.search);

function query() {
  const q = new URLSearchParams({ period: period.value });
  if (grain.value) q.set("grain", grain.value);
  return q.toString();
}

function signin() {
  clear(root, h("section", { class: "signin" }, h("h1", {}, "Sign in to see this dashboard"), h("p", {}, "Open a login link: `make serve` prints one, and `cmo keys login-link` makes another beside a running server.")));
}

async function load() {
  const q = query();
  history.replaceState(null, "", `?${q}`);
  document.getElementById("csv-link").href = `/workspaces/${enc(workspace)}/dashboard.csv?${q}`;
  try {
    const data = await api(`/workspaces/${enc(workspace)}/dashboard?${q}&format=json`);
    render(data);
  } catch (err) {
    if (err.status === 401) signin();
    else clear(root, h("p", { class: "error", role: "alert" }, err.message));
  }
}

function render(d) {
  document.getElementById("dash-title").textContent = `Performance dashboard — ${d.workspace}`;
  document.title = `Dashboard — ${d.workspace}`;
  const empties = Object.fromEntries(d.empty.map((e) => [e.section, e.message]));
  const period = d.period ? `${d.period.label}${d.previous_period ? ` compared with ${d.previous_period.label}` : ""}` : "No data yet";
  const range = d.data_start ? ` · data from ${d.data_start} to ${d.data_end}` : "";
  clear(
    root,
    h("p", { class: "period" }, h("strong", {}, period), range),
    empties.all ? h("p", { class: "empty-state", role: "status" }, empties.all) : null,
    h("section", { class: "dash-section" }, h("h2", {}, "Headline metrics"), h("div", { class: "tiles" }, d.headlines.map(tile))),
    tableSection("Trend", `trend by ${d.grain}`, d.trend, empties.trend, "line"),
    tableSection("By channel", "channel", d.channels, empties.channels, "bar"),
    tableSection("By campaign", "campaign (top by spend)", d.campaigns, empties.campaigns, "bar"),
    problems(d.problems, empties.problems),
    d.notes.length ? h("ul", { class: "hint" }, d.notes.map((n) => h("li", {}, n))) : null,
  );
}

function tile(m) {
  const change = m.change && m.change.percent !== null ? h("div", { class: `change ${m.change.assessment}` }, `${m.change.formatted_percent} vs ${m.formatted_previous}`) : m.value !== null ? h("div", { class: "change" }, `previous: ${m.formatted_previous}`) : null;
  return h("div", { class: "tile", dataset: { metric: m.metric } }, h("div", { class: "label" }, m.label), h("div", { class: "value" }, m.value === null ? "n/a" : m.formatted), change, m.reason ? h("div", { class: "reason" }, m.reason) : null);
}

// One chart per unit among the table's metrics (money, counts…), each with a PNG button.
function tableSection(title, what, table, empty, type) {
  const section = h("section", { class: "dash-section" }, h("h2", {}, title));
  if (!table) {
    section.append(h("p", { class: "empty-state" }, empty || "No figures."));
    return section;
  }
  const metrics = table.columns.slice(1);
  const units = [...new Set(metrics.map((m) => table.units[m]))].filter((u) => u !== "percent" || metrics.length === 1);
  const charts = h("div", { class: "kpi-figure" });
  for (const unit of units.slice(0, 2)) {
    let chosen = metrics.filter((m) => table.units[m] === unit);
    if (type === "bar") chosen = chosen.slice(0, 1);
    const labels = table.rows.map((r) => String(r[table.dimension] ?? "(none)"));
    const spec = { type, labels, datasets: chosen.map((m) => ({ label: table.labels[m], data: table.rows.map((r) => r[m]) })), title: `${chosen.map((m) => table.labels[m]).join(", ")} by ${what}` };
    const canvas = h("canvas", { role: "img", "aria-label": `${type} chart: ${spec.title}` });
    const png = h("button", { type: "button", class: "small no-print", onclick: () => savePng(canvas, spec.title) }, "PNG");
    charts.append(h("div", { class: "chart-box", dataset: { kind: type } }, canvas), png);
    requestAnimationFrame(() => drawChart(canvas, spec));
  }
  section.append(charts, h("div", { class: "table-box" }, figureTable(table.columns, table.labels, table.formatted_rows, `${title}: ${what}`)));
  return section;
}

function savePng(canvas, title) {
  const link = h("a", { href: canvas.toDataURL("image/png"), download: `${workspace}-${title.replace(/[^\w-]+/g, "-").slice(0, 60)}.png` });
  document.body.append(link);
  link.click();
  link.remove();
}

function problems(list, empty) {
  const section = h("section", { class: "dash-section" }, h("h2", {}, "Open problems (diagnosis)"));
  if (!list.length) {
    section.append(h("p", { class: "empty-state" }, empty || "No open problems."));
    return section;
  }
  for (const p of list) {
    section.append(h("div", { class: `problem ${p.severity || ""}` }, h("strong", {}, p.title), p.severity ? ` (${p.severity})` : "", h("p", {}, p.headline)));
  }
  return section;
}

if (params.get("period")) period.value = params.get("period");
if (params.get("grain")) grain.value = params.get("grain");
period.addEventListener("change", load);
grain.addEventListener("change", load);
document.getElementById("print").addEventListener("click", () => window.print());
load();
