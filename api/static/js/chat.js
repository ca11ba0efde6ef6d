// Chat: the thread list, a thread's history, and a streamed turn (POST /chat as SSE): tokens
// as sanitised Markdown, tool activity as it happens, what was understood, clarifying buttons,
// citations that open the passage or the SQL, and charts of the KPI results.
import { api, clear, enc, h, streamChat, toast } from "./api.js";
import { kpiFigure } from "./charts.js";
import { renderMarkdown } from "./markdown.js";

const TOOL_WORDS = {
  kpi_lookup: "Looking up figures",
  search_documents: "Searching the documents",
  search_playbooks: "Searching the playbooks",
};

export class Chat {
  constructor(root, getWorkspace) {
    this.root = root;
    this.getWorkspace = getWorkspace;
    this.threadId = null;
    this.busy = false;
    this.log = root.querySelector("#messages");
    this.form = root.querySelector("#chat-form");
    this.input = root.querySelector("#chat-input");
    this.threads = root.querySelector("#thread-list");
    this.dialog = document.getElementById("citation-dialog");
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.send(this.input.value);
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send(this.input.value);
      }
    });
    root.querySelector("#new-thread").addEventListener("click", () => this.newThread());
  }

  newThread() {
    this.threadId = null;
    clear(this.log, h("p", { class: "hint" }, "New conversation. Ask about your figures, plans or documents — e.g. “What was our cost per lead by channel last month?”"));
    this.markCurrent();
    this.input.focus();
  }

  async loadThreads() {
    const ws = this.getWorkspace();
    if (!ws) return;
    const list = await api(`/workspaces/${enc(ws)}/threads`);
    clear(
      this.threads,
      list.length ? null : h("li", { class: "hint" }, "No conversations yet."),
      list.map((t) =>
        h("li", {}, h("button", { type: "button", class: "thread", dataset: { id: t.thread_id }, onclick: () => this.openThread(t.thread_id) }, t.title || "Untitled", h("small", {}, t.created_at.slice(0, 16).replace("T", " ")))),
      ),
    );
    this.markCurrent();
  }

  markCurrent() {
    for (const b of this.threads.querySelectorAll("button.thread")) {
      if (b.dataset.id === this.threadId) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    }
  }

  async openThread(id) {
    const ws = this.getWorkspace();
    const thread = await api(`/workspaces/${enc(ws)}/threads/${enc(id)}`);
    this.threadId = id;
    clear(this.log);
    for (const m of thread.messages) {
      if (m.role === "user") this.log.append(userBubble(m.content, m.unanswered));
      else if (m.role === "assistant" && m.tool_calls.length) this.log.append(activityNote(m.tool_calls));
      else if (m.role === "assistant") this.log.append(h("article", { class: "msg assistant" }, h("div", { class: "md" }, renderMarkdown(m.content))));
    }
    this.markCurrent();
    this.log.scrollTop = this.log.scrollHeight;
  }

  async send(text) {
    text = (text || "").trim();
    if (!text || this.busy) return;
    const ws = this.getWorkspace();
    this.busy = true;
    this.form.setAttribute("aria-busy", "true");
    this.input.value = "";
    this.log.querySelector(".hint")?.remove();
    this.log.append(userBubble(text));
    const turn = new TurnView(this);
    this.log.append(turn.el);
    try {
      await streamChat({ message: text, workspace: ws, thread_id: this.threadId }, (name, data) => turn.on(name, data));
    } catch (err) {
      turn.fail(err.message);
    } finally {
      this.busy = false;
      this.form.removeAttribute("aria-busy");
      if (turn.threadId) this.threadId = turn.threadId;
      this.loadThreads().catch(() => {});
      this.input.focus();
    }
  }

  openCitation(citation) {
    const body = citation.kind === "kpi_query" ? h("pre", { class: "sql" }, h("code", {}, citation.detail)) : h("blockquote", { class: "passage" }, citation.detail || "(no passage text)");
    clear(this.dialog.querySelector(".dialog-body"), h("h2", {}, citation.label), h("p", { class: "hint" }, kindWord(citation.kind)), body);
    this.dialog.showModal();
  }
}

function kindWord(kind) {
  return { playbook: "Playbook passage", document: "Passage from your document", kpi_query: "The SQL that produced the figures", calendar: "Calendar", artifact: "Draft", brief: "Brief" }[kind] || kind;
}

function userBubble(text, unanswered) {
  return h("article", { class: "msg user" }, h("p", {}, text), unanswered ? h("small", { class: "warn" }, "Not answered — send it again.") : null);
}

function activityNote(calls) {
  return h("ul", { class: "activity" }, calls.map((c) => h("li", { class: "done" }, TOOL_WORDS[c.name] || c.name)));
}

class TurnView {
  constructor(chat) {
    this.chat = chat;
    this.text = "";
    this.threadId = null;
    this.pending = false;
    this.activity = h("ul", { class: "activity", "aria-live": "polite" });
    this.understood = h("div", { class: "understood" });
    this.body = h("div", { class: "md", "aria-live": "polite" }, h("span", { class: "typing" }, "Thinking…"));
    this.extras = h("div", { class: "extras" });
    this.el = h("article", { class: "msg assistant" }, this.activity, this.understood, this.body, this.extras);
    this.calls = new Map();
  }

  on(name, data) {
    if (name === "token") this.token(data.text || "");
    else if (name === "tool_start") this.toolStart(data);
    else if (name === "tool_end") this.toolEnd(data);
    else if (name === "final") this.final(data);
    else if (name === "error") this.fail(data.message || "the turn failed", data.code);
    else if (name === "done") this.threadId = data.thread_id || this.threadId;
  }

  token(piece) {
    this.text += piece;
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      clear(this.body, renderMarkdown(this.text));
      this.chat.log.scrollTop = this.chat.log.scrollHeight;
    });
  }

  toolStart(call) {
    const item = h("li", { class: "running" }, `${TOOL_WORDS[call.name] || call.name}…`);
    this.calls.set(call.id, item);
    this.activity.append(item);
  }

  toolEnd(end) {
    const item = this.calls.get(end.id);
    if (!item) return;
    item.className = end.status === "error" ? "failed" : "done";
    item.textContent = `${TOOL_WORDS[end.name] || end.name}${end.status === "error" ? " — failed" : ""}`;
  }

  final(result) {
    this.threadId = result.thread_id;
    this.text = result.answer || this.text;
    clear(this.body, renderMarkdown(this.text));
    // The answer opens with what was understood; show the lines it does not already hold.
    const unsaid = (result.understood || []).filter((u) => !this.text.includes(u.text));
    clear(this.understood, unsaid.map((u) => h("p", { class: u.ok ? "" : "warn" }, h("strong", {}, "Understood: "), u.text)));
    const extras = [];
    for (const r of result.results || []) {
      if (r.tool === "kpi_lookup") extras.push(kpiFigure(r.data));
    }
    if (result.clarify) extras.push(this.clarify(result.clarify));
    if ((result.citations || []).length) {
      extras.push(h("nav", { class: "citations", "aria-label": "Sources" }, h("span", {}, "Sources: "), result.citations.map((c) => h("button", { type: "button", class: "citation", onclick: () => this.chat.openCitation(c) }, c.label))));
    }
    clear(this.extras, extras);
  }

  clarify(question) {
    return h(
      "div",
      { class: "clarify", role: "group", "aria-label": question.question },
      h("p", {}, question.question),
      question.options.map((o) => h("button", { type: "button", class: "option", onclick: () => this.chat.send(o.reply) }, o.label)),
    );
  }

  fail(message, code) {
    this.body.querySelector(".typing")?.remove();
    this.extras.append(h("p", { class: "error", role: "alert" }, message, code ? h("small", {}, ` (${code})`) : null));
    toast(message, "error");
  }
}
