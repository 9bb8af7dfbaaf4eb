// The moderator console: run of show, the selected activity's results and moderation,
// announcements, the moderation log and live numbers, all over one websocket. Every
// action is sent as a message and waits for the server's ack (after its commit);
// other consoles see it through the published state.
import { bars, cloud, countLine, el } from "./live-render.js";

const t = JSON.parse(document.getElementById("console-strings").textContent);
const root = document.getElementById("console");
const slug = root.dataset.slug;
const decoder = new TextDecoder();
const $ = (id) => document.getElementById(id);

const state = {
  console: null,
  version: -1,
  stage: null,
  stageVersion: -1,
  snapshots: new Map(),
  selected: null,
  qaOrder: "votes",
  words: { activity: null, filter: "", chosen: new Set() },
};
let socket = null;
let attempt = 0;
let refs = 0;
const waiting = new Map();

function fmt(text, params = {}) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}

// --- connection -------------------------------------------------------------------

function connect() {
  setStatus("connecting");
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/console/${slug}/ws`);
  socket.binaryType = "arraybuffer";
  socket.addEventListener("open", () => { attempt = 0; setStatus("connected"); });
  socket.addEventListener("message", (event) => {
    const text = typeof event.data === "string" ? event.data : decoder.decode(event.data);
    receive(JSON.parse(text));
  });
  socket.addEventListener("close", () => {
    setStatus("offline");
    for (const [, reject] of waiting.values()) reject({ message: t.offline });
    waiting.clear();
    const ceiling = Math.min(30000, 500 * 2 ** attempt);
    attempt += 1;
    setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
  });
}

function setStatus(name) {
  const line = $("console-status");
  line.dataset.state = name;
  line.textContent = t[name];
}

function receive(message) {
  switch (message.type) {
    case "console":
      if (message.version < state.version) return;
      state.console = message;
      state.version = message.version;
      if (state.stageVersion < 0) state.stage = message.stage;
      if (state.selected === null) state.selected = message.stage ?? firstActivity();
      renderShow();
      renderPanel();
      renderSide();
      return;
    case "stage":
      if (message.version < state.stageVersion) return;
      state.stage = message.activity;
      state.stageVersion = message.version;
      renderShow();
      renderPanel();
      return;
    case "snapshot": {
      const known = state.snapshots.get(message.activity.id);
      if (known && known.version > message.version) return;
      state.snapshots.set(message.activity.id, message);
      renderShow();
      if (message.activity.id === state.selected) renderPanelWhenSteady();
      return;
    }
    case "stats":
      renderStats(message);
      return;
    case "announcement":
      return; // the console state that follows carries the log
    case "ack":
    case "error": {
      const pending = waiting.get(message.ref);
      if (!pending) {
        if (message.type === "error") say(message.message, true);
        return;
      }
      waiting.delete(message.ref);
      (message.type === "ack" ? pending[0] : pending[1])(message);
      return;
    }
    default:
  }
}

// Send an action; resolves on its ack, shows the error otherwise.
function act(message) {
  refs += 1;
  const ref = `c${refs}`;
  return new Promise((resolve) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      say(t.offline, true);
      resolve(null);
      return;
    }
    waiting.set(ref, [
      (ack) => { say(t.done); resolve(ack); },
      (error) => { say([error.message, error.detail].filter(Boolean).join(" "), true); resolve(null); },
    ]);
    socket.send(JSON.stringify({ ...message, ref }));
  });
}

function say(text, isError = false) {
  const line = $("console-feedback");
  line.textContent = text;
  line.dataset.kind = isError ? "error" : "ok";
}

// --- data helpers -----------------------------------------------------------------

function activities() {
  return state.console ? state.console.groups.flatMap((g) => g.activities) : [];
}

function firstActivity() {
  const all = activities();
  return all.length ? all[0].id : null;
}

// The console state's activity, updated by newer snapshots (state, reveal, title).
function activity(id) {
  const base = activities().find((a) => a.id === id);
  const snap = state.snapshots.get(id);
  if (!base) return null;
  if (!snap || snap.version < base.version) return base;
  const { state: now, revealed, results_visible: visible, title, title_en: titleEn } = snap.activity;
  return { ...base, state: now, revealed, results_visible: visible, title, title_en: titleEn };
}

// Reveal does something while phones and the projector do not see the results, or
// while a correct answer is still unrevealed; hide while they see them.
function canReveal(a) {
  return !a.results_visible || ((a.config.correct || []).length > 0 && !a.revealed);
}

function button(label, onClick, { cls = "", pressed = null, disabled = false, title = null } = {}) {
  const b = el("button", { type: "button", class: `button button--small ${cls}`.trim(), text: label, disabled, title });
  if (pressed !== null) b.setAttribute("aria-pressed", String(pressed));
  b.addEventListener("click", onClick);
  return b;
}

// --- run of show --------------------------------------------------------------------

function renderShow() {
  const list = $("show-list");
  if (!state.console) return;
  const now = Date.now();
  const groups = state.console.groups.map((group, index) => {
    const isNow = group.starts_at && group.ends_at && Date.parse(group.starts_at) <= now && now < Date.parse(group.ends_at);
    const title = group.title || (group.session === null ? t.no_session : fmt(t.session, { n: index + 1 }));
    const items = group.activities.map((a) => showItem(activity(a.id)));
    return el("section", { class: isNow ? "show-group show-group--now" : "show-group" },
      el("h3", { class: "show-group-title" }, title, isNow ? el("span", { class: "badge badge--now", text: t.now }) : null),
      el("ol", { class: "show-items" }, ...items));
  });
  list.replaceChildren(...groups);
}

function showItem(a) {
  const onStage = a.id === state.stage;
  const classes = ["show-item", `show-item--${a.state}`];
  if (onStage) classes.push("show-item--stage");
  if (a.id === state.selected) classes.push("show-item--selected");
  const pick = el("button", { type: "button", class: "show-pick", "aria-current": a.id === state.selected ? "true" : null },
    el("span", { class: "show-kind", text: t[`kind_${a.kind}`] }),
    el("span", { class: "show-title", text: a.title }),
    el("span", { class: "show-badges" },
      el("span", { class: `badge badge--${a.state}`, text: t[a.state] }),
      onStage ? el("span", { class: "badge badge--stage", text: t.on_projector }) : null));
  pick.addEventListener("click", () => select(a.id));
  return el("li", { class: classes.join(" ") }, pick);
}

function select(id, focus = false) {
  state.selected = id;
  renderShow();
  renderPanel();
  if (focus) $("show-list").querySelector(".show-item--selected .show-pick")?.focus();
}

// --- the selected activity -----------------------------------------------------------

let editing = null;

// Rows that move under a moderator's pointer make them hide the wrong word: while the
// pointer moves over the results (or a merge menu is open), new snapshots wait until
// it has rested for a moment or left, then draw at once.
const STEADY_MS = 1200;
let lastPointer = 0;
let waitingRedraw = null;
document.addEventListener("pointermove", (event) => {
  if (event.target.closest?.(".panel-results")) lastPointer = performance.now();
});

function renderPanelWhenSteady() {
  const results = document.querySelector("#panel-body .panel-results");
  const aiming = results?.matches(":hover") && performance.now() - lastPointer < STEADY_MS;
  const choosing = document.activeElement?.matches?.(".panel-results select, .panel-results input");
  clearTimeout(waitingRedraw);
  if (aiming || choosing) {
    waitingRedraw = setTimeout(renderPanelWhenSteady, 300);
    return;
  }
  renderPanel();
}

function renderPanel() {
  const body = $("panel-body");
  const a = state.selected === null ? null : activity(state.selected);
  if (!a) {
    body.replaceChildren(el("p", { class: "hint", text: t.select_activity }));
    return;
  }
  if (editing === a.id && a.state === "draft") {
    if (!body.querySelector(".edit-form")) body.replaceChildren(editForm(a));
    return;
  }
  editing = null;
  const onStage = a.id === state.stage;
  const snap = state.snapshots.get(a.id);
  const meta = [t[`kind_${a.kind}`], t[a.state], fmt(t.round, { n: a.round })];
  if (!a.results_visible) meta.push(t.results_hidden);
  else if (a.hide_results || a.revealed) meta.push(t.results_revealed);
  const controls = el("div", { class: "panel-actions" },
    a.state === "open"
      ? button(t.do_close, () => act({ type: "close", activity: a.id }), { cls: "button--primary", title: "O" })
      : button(t.do_open, () => act({ type: "open", activity: a.id }), { cls: "button--primary", title: "O" }),
    canReveal(a) ? button(t.do_reveal, () => act({ type: "reveal", activity: a.id }), { title: "R" }) : null,
    a.results_visible ? button(t.do_hide_results, () => act({ type: "hide_results", activity: a.id }), { title: "R" }) : null,
    button(onStage ? t.do_unstage : t.do_stage, () => toggleStage(a), { pressed: onStage, title: "P" }),
    button(t.do_duplicate, () => act({ type: "duplicate", activity: a.id })),
    a.state === "draft" ? button(t.do_edit, () => { editing = a.id; renderPanel(); body.querySelector("input")?.focus(); }) : null,
    button(t.do_reset, () => {
      if (window.confirm(fmt(t.confirm_reset, { title: a.title }))) act({ type: "reset", activity: a.id, round: a.round });
    }, { cls: "button--danger" }));
  const results = el("div", { class: "panel-results" });
  body.replaceChildren(
    el("p", { class: "panel-title", text: a.title }),
    el("p", { class: "hint", text: meta.join(" · ") }),
    controls,
    results);
  if (snap) drawResults(results, a, snap.results);
}

function toggleStage(a) {
  return act({ type: "stage", activity: a.id === state.stage ? null : a.id });
}

function editForm(a) {
  const form = el("form", { class: "edit-form form" },
    el("div", { class: "field" }, el("label", { for: "edit-title", text: t.title }),
      el("input", { id: "edit-title", name: "title", value: a.title, maxlength: 300, required: true })),
    el("div", { class: "field" }, el("label", { for: "edit-title-en", text: t.title_en }),
      el("input", { id: "edit-title-en", name: "title_en", value: a.title_en || "", maxlength: 300, lang: "en" })));
  const hasOptions = a.kind === "choice" || a.kind === "ranking";
  if (hasOptions) {
    for (const [name, label, lang] of [["options", t.options, null], ["options_en", t.options_en, "en"]]) {
      const area = el("textarea", { id: `edit-${name}`, name, rows: 4, lang });
      area.value = (a.config[name] || []).join("\n");
      form.append(el("div", { class: "field" }, el("label", { for: `edit-${name}`, text: label }), area));
    }
  }
  form.append(el("div", { class: "setting-row" },
    el("input", { type: "checkbox", id: "edit-hide", name: "hide", checked: a.hide_results }),
    el("label", { for: "edit-hide", text: t.hide_results_until })));
  const cancel = button(t.cancel, () => { editing = null; renderPanel(); });
  form.append(el("div", { class: "panel-actions" },
    el("button", { type: "submit", class: "button button--primary button--small", text: t.save }), cancel));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const config = { ...a.config };
    const lines = (name) => form.elements[name].value.split("\n").map((s) => s.trim()).filter(Boolean);
    if (hasOptions) { config.options = lines("options"); config.options_en = lines("options_en"); }
    const ack = await act({ type: "edit", activity: a.id, title: form.elements.title.value.trim(), title_en: form.elements.title_en.value.trim(), hide_results: form.elements.hide.checked, config, session_id: a.session_id });
    if (ack) { editing = null; renderPanel(); }
  });
  return form;
}

function drawResults(holder, a, data) {
  if (!data) return;
  const config = a.config;
  const count = el("p", { class: "hint", text: countLine(data, t) });
  if (a.kind === "choice") {
    holder.replaceChildren(bars(config.options, data.counts, { highlight: new Set(config.correct || []), unit: t.votes }), count);
  } else if (a.kind === "scale") {
    const labels = [];
    for (let v = config.scale_min ?? 1; v <= (config.scale_max ?? 5); v += 1) labels.push(String(v));
    holder.replaceChildren(bars(labels, data.distribution, { unit: t.answers }), el("p", { class: "mean", text: `${t.mean}: ${data.mean ?? "–"}` }), count);
  } else if (a.kind === "ranking") {
    holder.replaceChildren(bars(config.options, data.points, { unit: t.points }), count);
  } else if (a.kind === "wordcloud") {
    holder.replaceChildren(count, wordModeration(a, data));
  } else if (a.kind === "ideas") {
    holder.replaceChildren(count, ideaModeration(a, data));
  } else {
    holder.replaceChildren(count, questionModeration(a, data));
  }
}

function section(title, ...children) {
  return el("section", { class: "mod-section" }, el("h3", { class: "mod-title", text: title }), ...children);
}

// Word moderation scales to hundreds of words: one search box filters the list, each
// row has a checkbox, and the chosen words are hidden or merged into one target
// chosen in a single combobox (an input with one datalist of every word). What is
// typed and chosen survives redraws (state.words), and redraws wait while the
// moderator types (renderPanelWhenSteady).
function wordModeration(a, data) {
  const mod = data.moderation || { hidden: [], merges: [], recent: [], groups: [], splits: [] };
  const words = data.words || [];
  if (state.words.activity !== a.id) state.words = { activity: a.id, filter: "", chosen: new Set() };
  const chosen = state.words.chosen;
  for (const key of [...chosen]) if (!words.some((w) => w.key === key)) chosen.delete(key);
  const forms = new Map((mod.groups || []).map((g) => [g.key, g.forms]));
  const wrap = el("div", { class: "mod-columns" });
  const search = el("input", { type: "search", id: `word-search-${a.id}`, class: "mod-search", value: state.words.filter });
  const list = el("ol", { class: "mod-list mod-words" });
  const fill = () => {
    const needle = state.words.filter.trim().toLocaleLowerCase();
    list.replaceChildren(...words.filter((w) => !needle || w.text.toLocaleLowerCase().includes(needle)).map((w) => {
      const box = el("input", { type: "checkbox", id: `word-${a.id}-${w.key}`, checked: chosen.has(w.key) });
      box.addEventListener("change", () => { if (box.checked) chosen.add(w.key); else chosen.delete(w.key); });
      const row = el("li", { class: "mod-row" },
        box,
        el("label", { for: box.id, class: "mod-text" }, el("strong", { text: w.text }), ` ${w.count}`),
        button(t.hide, () => act({ type: "hide_word", activity: a.id, key: w.key }), { cls: "button--danger" }));
      for (const form of (forms.get(w.key) || [])) {
        row.append(button(fmt(t.split_off, { form }), () => act({ type: "split_word", activity: a.id, form })));
      }
      return row;
    }));
  };
  search.addEventListener("input", () => { state.words.filter = search.value; fill(); });
  fill();
  const options = el("datalist", { id: `word-targets-${a.id}` }, ...words.map((w) => el("option", { value: w.text })));
  const target = el("input", { id: `word-target-${a.id}`, class: "mod-search", list: options.id, autocomplete: "off" });
  const bulk = el("div", { class: "mod-bulk" },
    button(t.hide_chosen, () => {
      for (const key of chosen) act({ type: "hide_word", activity: a.id, key });
      chosen.clear();
    }, { cls: "button--danger" }),
    el("label", { for: target.id, text: t.merge_chosen }), target, options,
    button(t.merge, () => {
      const typed = target.value.trim();
      const match = words.find((w) => w.text === typed || w.key === typed);
      const sources = [...chosen].filter((key) => !match || key !== match.key);
      if (!typed || !sources.length) return;
      act({ type: "merge_words", activity: a.id, sources, target: match ? match.key : typed });
      chosen.clear();
    }));
  const cloudBox = el("div", { class: "mod-cloud" });
  if (data.layout) cloud(cloudBox, data, t.words);
  wrap.append(
    el("div", {}, section(t.words,
      ...(words.length
        ? [el("label", { for: search.id, text: t.search_words }), search, list, bulk]
        : [el("p", { class: "hint", text: t.nothing_yet })])), cloudBox),
    el("div", {},
      mod.hidden.length ? section(t.hidden_words, el("ol", { class: "mod-list" }, ...mod.hidden.map((w) =>
        el("li", { class: "mod-row mod-row--hidden" }, el("span", { class: "mod-text" }, el("s", { text: w.text }), ` ${w.count}`),
          button(t.unhide, () => act({ type: "unhide_word", activity: a.id, key: w.key })))))) : null,
      mod.merges.length ? section(t.merges, el("ol", { class: "mod-list" }, ...mod.merges.map((m) =>
        el("li", { class: "mod-row" }, el("span", { class: "mod-text", text: `${m.source} → ${m.target}` }),
          button(t.unmerge, () => act({ type: "unmerge_words", activity: a.id, sources: [m.source] })))))) : null,
      (mod.splits || []).length ? section(t.splits, el("ol", { class: "mod-list" }, ...mod.splits.map((form) =>
        el("li", { class: "mod-row" }, el("span", { class: "mod-text", text: form }),
          button(t.unmerge, () => act({ type: "unmerge_words", activity: a.id, sources: [form] })))))) : null,
      section(t.recent, el("ol", { class: "mod-list" }, ...mod.recent.map((r) =>
        el("li", { class: r.muted ? "mod-row mod-row--hidden" : "mod-row" },
          el("span", { class: "mod-text", text: r.text }),
          r.muted ? el("span", { class: "badge", text: t.muted }) : null,
          r.blocked ? el("span", { class: "badge", text: t.blocked }) : null,
          r.muted
            ? button(t.unmute, () => act({ type: "unmute", activity: a.id, item: r.id }))
            : button(t.mute, () => act({ type: "mute", activity: a.id, item: r.id }))))))));
  return wrap;
}

function ideaModeration(a, data) {
  const ideas = (data.moderation || {}).ideas || [];
  const board = ideas.filter((i) => !i.hidden && !i.merged_into && !i.muted);
  if (!ideas.length) return el("p", { class: "hint", text: t.nothing_yet });
  return el("ol", { class: "mod-list" }, ...ideas.map((idea) => {
    const row = el("li", { class: idea.hidden || idea.merged_into || idea.muted ? "mod-row mod-row--hidden" : "mod-row" },
      el("span", { class: "mod-votes", text: String(idea.votes) }),
      el("span", { class: "mod-text", text: idea.text }));
    if (idea.merged_into) {
      const target = ideas.find((i) => i.id === idea.merged_into);
      row.append(el("span", { class: "badge", text: fmt(t.merged, { target: target ? target.text : "" }) }),
        button(t.unmerge, () => act({ type: "unmerge_idea", activity: a.id, idea: idea.id })));
      return row;
    }
    if (idea.muted) row.append(el("span", { class: "badge", text: t.muted }));
    row.append(
      idea.hidden
        ? button(t.unhide, () => act({ type: "unhide_idea", activity: a.id, idea: idea.id }))
        : button(t.hide, () => act({ type: "hide_idea", activity: a.id, idea: idea.id }), { cls: "button--danger" }),
      button(t.edit_text, () => {
        const text = window.prompt(t.edit_prompt, idea.text);
        if (text && text.trim() && text.trim() !== idea.text) act({ type: "edit_idea", activity: a.id, idea: idea.id, text: text.trim() });
      }),
      idea.muted
        ? button(t.unmute, () => act({ type: "unmute", activity: a.id, item: idea.id }))
        : button(t.mute, () => act({ type: "mute", activity: a.id, item: idea.id })));
    const others = board.filter((o) => o.id !== idea.id);
    if (!idea.hidden && others.length) {
      const id = `merge-idea-${idea.id}`;
      const select = el("select", { id, class: "mod-select" }, el("option", { value: "", text: t.merge_into }),
        ...others.map((o) => el("option", { value: String(o.id), text: o.text })));
      select.addEventListener("change", () => {
        if (select.value) act({ type: "merge_ideas", activity: a.id, source: idea.id, target: Number(select.value) });
      });
      row.append(el("label", { for: id, class: "visually-hidden", text: `${t.merge_into} ${idea.text}` }), select);
    }
    return row;
  }));
}

function questionModeration(a, data) {
  let questions = [...(data.questions || [])];
  if (state.qaOrder === "newest") questions.sort((x, y) => y.id - x.id);
  const pending = questions.filter((q) => q.status === "pending" && !q.muted);
  const rest = questions.filter((q) => q.status !== "pending" || q.muted);
  const sorter = el("div", { class: "sorter", role: "group" },
    ...[["votes", t.by_votes], ["newest", t.newest]].map(([value, label]) =>
      button(label, () => { state.qaOrder = value; renderPanel(); }, { pressed: state.qaOrder === value })));
  const row = (q) => {
    const badges = [];
    if (q.status === "pending") badges.push(t.pending);
    if (q.status === "hidden") badges.push(t.hidden);
    if (q.muted) badges.push(t.muted);
    if (q.answered) badges.push(t.answered);
    if (q.pinned) badges.push(t.pinned);
    const buttons = [];
    const send = (action) => act({ type: "question", activity: a.id, question: q.id, action });
    if (q.status === "pending") {
      buttons.push(button(t.approve, () => send("approve"), { cls: "button--primary" }), button(t.reject, () => send("reject"), { cls: "button--danger" }));
    } else if (q.status === "hidden") {
      buttons.push(button(t.unhide, () => send("unhide")));
    } else {
      buttons.push(
        button(q.answered ? t.unanswer : t.answer, () => send(q.answered ? "unanswer" : "answer")),
        button(q.pinned ? t.unpin : t.pin, () => send(q.pinned ? "unpin" : "pin"), { pressed: q.pinned }),
        button(t.hide, () => send("hide"), { cls: "button--danger" }));
    }
    buttons.push(q.muted
      ? button(t.unmute, () => act({ type: "unmute", activity: a.id, item: q.id }))
      : button(t.mute, () => act({ type: "mute", activity: a.id, item: q.id })));
    const hidden = q.status === "hidden" || q.muted;
    return el("li", { class: hidden ? "mod-row mod-row--hidden" : q.pinned ? "mod-row mod-row--pinned" : "mod-row" },
      el("span", { class: "mod-votes", text: String(q.votes) }),
      el("span", { class: "mod-text" }, q.text, q.name ? el("span", { class: "hint", text: ` — ${q.name}` }) : null),
      ...badges.map((b) => el("span", { class: "badge", text: b })),
      ...buttons);
  };
  return el("div", {}, sorter,
    pending.length ? section(t.pending, el("ol", { class: "mod-list" }, ...pending.map(row))) : null,
    rest.length ? el("ol", { class: "mod-list" }, ...rest.map(row)) : el("p", { class: "hint", text: t.nothing_yet }));
}

// --- side: announcements, log, settings, numbers --------------------------------------

const timeFormat = new Intl.DateTimeFormat(root.dataset.language, {
  timeZone: root.dataset.timezone, hour: "2-digit", minute: "2-digit",
});
const clockFormat = new Intl.DateTimeFormat(root.dataset.language, {
  timeZone: root.dataset.timezone, hour: "2-digit", minute: "2-digit",
});

function renderSide() {
  const c = state.console;
  $("announce-log").replaceChildren(...c.announcements.map((n) => el("li", { class: n.active ? "log-row" : "log-row log-row--old" },
    el("time", { text: timeFormat.format(new Date(n.at)) }),
    el("span", { class: "log-text", text: n.text }),
    n.projector ? el("span", { class: "badge", text: t.on_screen_too }) : null,
    n.active ? button(t.withdraw, () => act({ type: "withdraw", announcement: n.id })) : el("span", { class: "hint", text: t.withdrawn }))));
  $("audit-log").replaceChildren(...c.audit.map((entry) => el("li", { class: entry.undone ? "log-row log-row--old" : "log-row" },
    el("time", { text: timeFormat.format(new Date(entry.at)) }),
    el("span", { class: "log-text" }, el("strong", { text: logLabel(entry) }), entry.summary ? ` ${entry.summary}` : "",
      el("span", { class: "hint", text: ` · ${entry.who}` })),
    entry.undoable && !entry.undone ? button(t.undo, () => act({ type: "undo", entry: entry.id })) : null,
    entry.undone ? el("span", { class: "hint", text: t.undone }) : null)));
  $("premoderation").checked = c.qa_premoderation;
  $("blocklist").replaceChildren(...c.blocklist.map((word) => el("li", { class: "chip" },
    el("span", { text: word }),
    button("×", () => act({ type: "blocklist", remove: [word] }), { title: `${t.unhide}: ${word}` }))));
  for (const chip of $("blocklist").querySelectorAll("button")) chip.setAttribute("aria-label", chip.title);
  $("muted-count").textContent = c.muted ? `${t.muted}: ${c.muted}` : "";
}

// The log's words for an entry: its action, and for an undo the action it undid.
function logLabel(entry) {
  const label = (action) => t[`a_${action}`] || action;
  return entry.undid ? `${label("undo")}: ${label(entry.undid)}` : label(entry.action);
}

function renderStats(stats) {
  $("stat-connected").textContent = String(stats.connected);
  $("stat-answered").textContent = stats.share === null ? String(stats.answered) : `${stats.answered} (${Math.round(stats.share * 100)} %)`;
  $("stat-rate").textContent = String(stats.per_minute);
}

function tickClock() {
  $("console-clock").textContent = clockFormat.format(new Date());
}

// --- forms and keys --------------------------------------------------------------

const quickDefaults = {
  wordcloud: { title: t.quick_wordcloud },
  qa: { title: t.quick_qa },
  ideas: { title: t.quick_ideas },
  scale: { title: t.quick_scale, config: { scale_min: 1, scale_max: 5 } },
  choice: { title: t.quick_choice, config: { options: [t.yes, t.no] } },
};
let quickKind = null;

for (const b of root.querySelectorAll("[data-quick]")) {
  b.addEventListener("click", () => {
    quickKind = b.dataset.quick;
    for (const other of root.querySelectorAll("[data-quick]")) other.setAttribute("aria-pressed", String(other === b));
    const form = $("quick-form");
    form.hidden = false;
    $("quick-input").value = quickDefaults[quickKind].title;
    $("quick-input").select();
    $("quick-input").focus();
  });
}

$("quick-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const defaults = quickDefaults[quickKind];
  const ack = await act({ type: "quick", kind: quickKind, title: $("quick-input").value.trim() || defaults.title, config: defaults.config || {} });
  if (ack) {
    $("quick-form").hidden = true;
    for (const other of root.querySelectorAll("[data-quick]")) other.removeAttribute("aria-pressed");
    state.selected = ack.result.id;
  }
});

$("announce-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("announce-text").value.trim();
  if (!text) return;
  if (await act({ type: "announce", text, projector: $("announce-projector").checked })) event.target.reset();
});

$("blocklist-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const word = $("blocklist-word").value.trim();
  if (word && (await act({ type: "blocklist", add: [word] }))) event.target.reset();
});

$("premoderation").addEventListener("change", (event) => act({ type: "premoderation", on: event.target.checked }));

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  const key = event.key.toLowerCase();
  const all = activities();
  const index = all.findIndex((a) => a.id === state.selected);
  const a = state.selected === null ? null : activity(state.selected);
  if (key === "j" || key === "k") {
    if (!all.length) return;
    const next = key === "j" ? Math.min(all.length - 1, index + 1) : Math.max(0, index - 1);
    select(all[next].id, true);
  } else if (key === "o" && a) {
    act({ type: a.state === "open" ? "close" : "open", activity: a.id });
  } else if (key === "r" && a) {
    act({ type: canReveal(a) ? "reveal" : "hide_results", activity: a.id });
  } else if (key === "p" && a) {
    toggleStage(a);
  } else if (key === "a") {
    $("announce-text").focus();
  } else {
    return;
  }
  event.preventDefault();
});

tickClock();
setInterval(tickClock, 1000);
setInterval(renderShow, 60000); // "now" moves on with the clock
connect();
