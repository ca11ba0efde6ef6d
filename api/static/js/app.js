// The web workspace: sign-in check, workspace picker (create, delete with confirmation), views
// (chat, documents, data, calendar, drafts; the dashboard is its own page), keyboard shortcuts.
import { api, clear, enc, h, toast } from "./api.js";
import { Chat } from "./chat.js";
import { DataImport, Documents } from "./files.js";
import { Calendars, Drafts } from "./plans.js";

const VIEWS = ["chat", "documents", "data", "calendar", "drafts"];
const state = { workspace: localStorage.getItem("cmo.workspace") || "" };
const getWorkspace = () => state.workspace;
const $ = (id) => document.getElementById(id);

const views = {
  chat: new Chat($("view-chat"), getWorkspace),
  documents: new Documents($("view-documents"), getWorkspace),
  data: new DataImport($("view-data"), getWorkspace),
  calendar: new Calendars($("view-calendar"), getWorkspace),
  drafts: new Drafts($("view-drafts"), getWorkspace),
};

function signedOut() {
  $("app").hidden = true;
  $("signin").hidden = false;
}

document.addEventListener("cmo:signed-out", signedOut);

async function loadWorkspaces(select) {
  const list = await api("/workspaces");
  if (!list.some((w) => w.id === state.workspace)) state.workspace = list.length ? list[0].id : "";
  const picker = $("workspace-select");
  clear(picker, list.map((w) => h("option", { value: w.id, selected: w.id === state.workspace }, w.name || w.id)));
  if (select) picker.value = select;
  await setWorkspace(picker.value);
}

async function setWorkspace(id) {
  state.workspace = id;
  localStorage.setItem("cmo.workspace", id);
  $("dashboard-link").href = id ? `/workspaces/${enc(id)}/dashboard` : "#";
  views.chat.newThread();
  await showView(currentView());
}

function currentView() {
  const name = location.hash.replace("#", "");
  return VIEWS.includes(name) ? name : "chat";
}

async function showView(name) {
  for (const v of VIEWS) {
    $(`view-${v}`).hidden = v !== name;
    const tab = document.querySelector(`nav.views a[href="#${v}"]`);
    if (v === name) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  if (!state.workspace) return;
  try {
    const view = views[name];
    await (name === "chat" ? view.loadThreads() : view.load());
  } catch (err) {
    toast(err.message, "error");
  }
}

function wireWorkspaceDialog() {
  const dialog = $("workspace-dialog");
  $("workspace-new").addEventListener("click", () => dialog.showModal());
  $("workspace-cancel").addEventListener("click", () => dialog.close());
  $("workspace-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const ws = await api("/workspaces", { method: "POST", json: { id: form.get("id"), name: form.get("name") || null } });
      dialog.close();
      e.target.reset();
      toast(`Created workspace ${ws.name}`);
      await loadWorkspaces(ws.id);
    } catch (err) {
      $("workspace-error").textContent = err.message;
    }
  });
  $("workspace-delete").addEventListener("click", async () => {
    const id = state.workspace;
    if (!id || !confirm(`Delete workspace “${id}” and everything in it (documents, data, threads, drafts)? This cannot be undone.`)) return;
    try {
      await api(`/workspaces/${enc(id)}`, { method: "DELETE" });
      toast(`Deleted workspace ${id}`);
      await loadWorkspaces();
    } catch (err) {
      toast(err.message, "error");
    }
  });
  $("workspace-select").addEventListener("change", (e) => setWorkspace(e.target.value));
}

function wireKeys() {
  document.addEventListener("keydown", (e) => {
    if (e.altKey && e.key >= "1" && e.key <= String(VIEWS.length)) {
      e.preventDefault();
      location.hash = VIEWS[Number(e.key) - 1];
    } else if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      e.preventDefault();
      location.hash = "chat";
      $("chat-input").focus();
    }
  });
  window.addEventListener("hashchange", () => showView(currentView()));
  $("signout").addEventListener("click", async () => {
    await api("/logout", { method: "POST" }).catch(() => {});
    signedOut();
  });
  $("citation-close").addEventListener("click", () => $("citation-dialog").close());
}

async function start() {
  wireWorkspaceDialog();
  wireKeys();
  try {
    await loadWorkspaces();
  } catch (err) {
    if (err.status !== 401) toast(err.message, "error");
    return;
  }
  $("signin").hidden = true;
  $("app").hidden = false;
}

start();
