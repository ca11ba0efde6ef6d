// Charts of the KPI engine's figures (a KpiResult, or a dashboard table), never of model text:
// a line for trends over time, bars for comparisons and rankings, the table beside each chart.
/* global Chart */
import { h } from "./api.js";

export const DATE_GRAINS = new Set(["day", "week", "month", "quarter", "year"]);
const PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

function unitOf(result, metric) {
  const info = (result.metrics || []).find((m) => m.name === metric);
  return info ? info.unit : "";
}

function labelOf(result, metric) {
  const info = (result.metrics || []).find((m) => m.name === metric);
  return info ? info.label : metric;
}

// The metrics drawn together: those sharing the first metric's unit (one axis, honest scale).
function plotted(result) {
  const names = (result.metrics || []).map((m) => m.name);
  const unit = unitOf(result, names[0]);
  return names.filter((n) => unitOf(result, n) === unit);
}

// {type, labels, datasets, title} for a KpiResult, or null when a table says it all.
export function chartSpec(result) {
  const dims = result.dimensions || [];
  const rows = result.rows || [];
  const metrics = plotted(result);
  if (!metrics.length) return null;
  const time = dims.find((d) => DATE_GRAINS.has(d));
  const other = dims.find((d) => !DATE_GRAINS.has(d));
  if (time && other && rows.length) {
    const metric = metrics[0];
    const labels = [...new Set(rows.map((r) => String(r[time])))];
    const groups = [...new Set(rows.map((r) => String(r[other])))].slice(0, PALETTE.length);
    const datasets = groups.map((g) => ({
      label: g,
      data: labels.map((l) => {
        const row = rows.find((r) => String(r[time]) === l && String(r[other]) === g);
        return row ? row[metric] : null;
      }),
    }));
    return { type: "line", labels, datasets, title: `${labelOf(result, metric)} by ${time} and ${other}` };
  }
  if (dims.length && rows.length) {
    const dim = time || other;
    const labels = rows.map((r) => (r[dim] === null ? "(none)" : String(r[dim])));
    const datasets = metrics.map((m) => ({ label: labelOf(result, m), data: rows.map((r) => r[m]) }));
    return { type: time ? "line" : "bar", labels, datasets, title: result.reading || "" };
  }
  if (result.comparison) {
    const labels = metrics.map((m) => labelOf(result, m));
    const datasets = [
      { label: result.comparison.period.label, data: metrics.map((m) => result.comparison.totals[m]) },
      { label: result.period.label, data: metrics.map((m) => result.totals[m]) },
    ];
    return { type: "bar", labels, datasets, title: result.reading || "" };
  }
  return null;
}

export function drawChart(canvas, spec) {
  const datasets = spec.datasets.map((d, i) => ({
    ...d,
    borderColor: PALETTE[i % PALETTE.length],
    backgroundColor: spec.type === "bar" ? PALETTE[i % PALETTE.length] : PALETTE[i % PALETTE.length] + "33",
    tension: 0,
    spanGaps: true,
  }));
  return new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: datasets.length > 1 }, title: { display: false } },
      scales: { y: { beginAtZero: spec.type === "bar" } },
    },
  });
}

// A table of formatted values: `columns` in order, `labels` for the headers.
export function figureTable(columns, labels, rows, caption) {
  return h(
    "table",
    { class: "figures" },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, labels[c] || c)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c) => h("td", {}, r[c] ?? ""))))),
  );
}

function resultTable(result) {
  const dims = result.dimensions || [];
  const metrics = (result.metrics || []).map((m) => m.name);
  const labels = Object.fromEntries((result.metrics || []).map((m) => [m.name, m.label]));
  if (dims.length) {
    return figureTable([...dims, ...metrics], labels, result.formatted_rows || [], result.reading);
  }
  if (result.comparison) {
    const rows = metrics.map((m) => ({
      metric: labels[m],
      current: result.formatted_totals[m],
      previous: result.comparison.formatted_totals[m],
      change: result.comparison.changes[m] ? result.comparison.changes[m].formatted_percent : "",
    }));
    const heads = { metric: "Metric", current: result.period.label, previous: result.comparison.period.label, change: "Change" };
    return figureTable(["metric", "current", "previous", "change"], heads, rows, result.reading);
  }
  const rows = metrics.map((m) => ({ metric: labels[m], value: result.formatted_totals[m] }));
  return figureTable(["metric", "value"], { metric: "Metric", value: result.period.label }, rows, result.reading);
}

// A figure for one KpiResult: chart (when there is one to draw) and its table side by side.
export function kpiFigure(result) {
  const spec = chartSpec(result);
  const figure = h("figure", { class: "kpi-figure" });
  if (spec) {
    const canvas = h("canvas", { role: "img", "aria-label": `${spec.type} chart: ${spec.title}` });
    figure.append(h("div", { class: "chart-box", dataset: { kind: spec.type } }, canvas));
    requestAnimationFrame(() => drawChart(canvas, spec));
  }
  figure.append(h("div", { class: "table-box" }, resultTable(result)));
  return figure;
}
