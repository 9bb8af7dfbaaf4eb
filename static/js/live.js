// The attendee's phone page: follows the stage, shows the open activity's form and,
// when visible, its live results; Q&A and activities the moderator keeps always open
// stay one tap away (tabs above, the stage first, with an unread badge), and a
// countdown shows the time left. Every submission waits for the server's ack; one
// made while the connection is down is sent when it is back, and text typed but not
// yet sent survives the form being drawn again.
import { announcements, dismiss } from "./lib/announcements.js";
import { countdown } from "./lib/countdown.js";
import { button, el, setStatus } from "./lib/dom.js";
import { liveSession } from "./lib/live-session.js";
import { chart, cloud, countLine, isScored, leaderboardList, localise, scaleValues } from "./lib/results.js";
import { count, fmt, strings } from "./lib/strings.js";
import { evaluationCard } from "./webinar/evaluation.js";
import { followStream } from "./webinar/stream.js";

const t = strings();
const root = document.getElementById("live");
const area = document.getElementById("live-activity");
const statusLine = document.getElementById("live-status");
const feedback = document.getElementById("live-feedback");
const notices = el("div", { class: "announcements", role: "region", "aria-label": t.announcement, "aria-live": "assertive" });
area.before(notices);
const evaluation = evaluationCard(root.dataset.code, area);
const tabs = el("nav", { class: "live-tabs", "aria-label": t.tabs, hidden: true });
area.before(tabs);
const timerHolder = el("div", { class: "live-countdown" });
area.before(timerHolder);
const timer = countdown(timerHolder, t);
let chosen = null; // an always-open activity the person chose instead of the stage
let stageSeen = null; // the stage the page last drew: a new one comes first again
let formKey = "";
let qaOrder = "votes";
let connection = "connecting";
const busy = new Set(); // forms (by activity) with a submission waiting for its ack
const changedMeanwhile = new Set(); // one-tap forms changed while busy
let feedbackFor = null; // the activity the feedback line speaks about
let session = null;
const stream = followStream(root.dataset.code);
session = liveSession(root.dataset.code, {
  onState: (name) => {
    if (name === "connected" && connection === "offline") stream.refresh(); // back after a gap
    connection = name;
    showStatus();
  },
  onChange: render,
  onReply: (message) => say(message.message, true),
});

function showStatus() {
  const queued = connection !== "connected" && session && session.unsent() > 0;
  setStatus(statusLine, queued ? t.queued : t[connection], connection);
}

function say(text, isError = false) {
  feedback.textContent = text;
  feedback.dataset.kind = isError ? "error" : "ok";
}

// "Thank you, your answer is saved." belongs to its activity: another one on stage
// starts with an empty feedback line.
function feedbackBelongsTo(activityId) {
  if (feedbackFor !== activityId) say("");
  feedbackFor = activityId;
}

// `fieldError`: where the form shows a refusal next to its field too.
async function submit(message, fieldError = null) {
  const sending = session.submit(message);
  showStatus();
  if (fieldError) fieldError.textContent = "";
  try {
    const ack = await sending;
    say(t.sent);
    return ack;
  } catch (error) {
    say(error.message || t.offline, true);
    if (fieldError) fieldError.textContent = error.message || t.offline;
    return null;
  } finally {
    showStatus();
  }
}

// What is typed in the activity's text fields (and where the focus is), to put back
// after the form is drawn again.
function typed() {
  const values = new Map();
  for (const field of area.querySelectorAll("input:not([type]), textarea")) values.set(field.id, field.value);
  return { values, focus: area.contains(document.activeElement) ? document.activeElement.id : null };
}

// Empty a sent field; by id, because the form may have been drawn again meanwhile,
// and only while it still holds what was sent: a next word typed while the ack was on
// its way stays.
function clear(id, sent) {
  const field = document.getElementById(id);
  if (field && field.value.trim() === sent) field.value = "";
}

// Only what was typed: an empty field keeps the value the new form brings (the
// nickname the server suggests).
function retype({ values, focus }) {
  for (const field of area.querySelectorAll("input:not([type]), textarea")) {
    if (values.get(field.id)) field.value = values.get(field.id);
  }
  if (focus) document.getElementById(focus)?.focus();
}

function renderNotices() {
  notices.replaceChildren(...announcements(session.state).map((a) =>
    el("div", { class: "announcement" },
      el("p", { class: "announcement-text", text: a.text }),
      button(t.dismiss, () => { dismiss(a.id); renderNotices(); }))));
}

// Activities reachable beside the stage (not the one on it), with their snapshots.
function besideStage(state) {
  return state.alwaysOpen.filter((id) => id !== state.stage && state.snapshots.has(id));
}

// New questions (and newly answered ones) or ideas since this phone last looked at
// the activity, kept per activity in this browser.
const seenKey = (id) => `eventday-seen-${id}`;
function seenOf(id) {
  try { return JSON.parse(localStorage.getItem(seenKey(id))) || { last: 0, answered: [] }; } catch { return { last: 0, answered: [] }; }
}
function entriesOf(snapshot) {
  const data = snapshot && snapshot.results;
  return (data && (data.questions || data.ideas)) || [];
}
function unread(snapshot) {
  const seen = seenOf(snapshot.activity.id);
  const answered = new Set(seen.answered);
  return entriesOf(snapshot).filter((e) => e.id > seen.last || (e.answered && !answered.has(e.id))).length;
}
function markSeen(snapshot) {
  const entries = entriesOf(snapshot);
  const seen = seenOf(snapshot.activity.id);
  const next = {
    last: Math.max(seen.last, ...entries.map((e) => e.id)),
    answered: [...new Set([...seen.answered, ...entries.filter((e) => e.answered).map((e) => e.id)])].slice(-500),
  };
  try { localStorage.setItem(seenKey(snapshot.activity.id), JSON.stringify(next)); } catch { /* private mode */ }
}

function choose(id) {
  chosen = id;
  formKey = "";
  render();
  area.querySelector("h2")?.focus();
}

function renderTabs(state, shownId) {
  const others = besideStage(state);
  tabs.hidden = !others.length;
  if (!others.length) { tabs.replaceChildren(); return; }
  const stageSnap = state.stage === null ? null : state.snapshots.get(state.stage);
  const items = [[null, stageSnap ? `${t.on_stage}: ${localise(stageSnap.activity).title}` : t.on_stage, 0]];
  for (const id of others) {
    const snap = state.snapshots.get(id);
    items.push([id, localise(snap.activity).title, id === shownId ? 0 : unread(snap)]);
  }
  tabs.replaceChildren(...items.map(([id, label, n]) => {
    const current = (id ?? state.stage) === shownId;
    const b = button("", () => choose(id), { cls: current ? "live-tab live-tab--current" : "live-tab" });
    b.append(el("span", { class: "live-tab-title", text: label }));
    if (n) b.append(" ", el("span", { class: "live-badge", text: count(t.unread, n) }));
    if (current) b.setAttribute("aria-current", "true");
    return b;
  }));
}

// Which activity the page shows: the stage, unless the person chose one kept open
// beside it (a new activity on stage comes first again, unless they are typing).
function shownActivity(state) {
  if (state.stage !== stageSeen) {
    stageSeen = state.stage;
    const typing = [...area.querySelectorAll("textarea, input:not([type])")].some((f) => f.value.trim());
    if (!typing) chosen = null;
  }
  if (chosen !== null && !besideStage(state).includes(chosen)) chosen = null;
  return chosen ?? state.stage;
}

function render() {
  renderNotices();
  evaluation.show(session.state.evaluation);
  const state = session.state;
  const shownId = shownActivity(state);
  renderTabs(state, shownId);
  if (state.leaderboard) {
    timer.show(null);
    const own = (state.mine.get(state.leaderboard.quiz) || {}).nickname || "";
    area.replaceChildren(el("h2", { class: "live-title", text: t.leaderboard }),
      leaderboardList(state.leaderboard, t, own));
    formKey = "leaderboard";
    feedbackBelongsTo(null);
    return;
  }
  const snapshot = shownId === null ? null : state.snapshots.get(shownId);
  timer.show(snapshot ? snapshot.activity : null);
  if (snapshot) markSeen(snapshot);
  if (!snapshot) {
    if (formKey !== "waiting") {
      area.replaceChildren(el("p", { class: "live-waiting", text: t.waiting }));
      formKey = "waiting";
    }
    feedbackBelongsTo(null);
    return;
  }
  const activity = localise(snapshot.activity);
  // The verdict of a revealed quiz replaces "saved": it starts a line of its own.
  feedbackBelongsTo(`${activity.id}:${(activity.config.correct || []).length > 0}`);
  const mine = withoutShown(activity.kind, state.mine.get(activity.id) || {}, snapshot.results);
  const key = `${activity.id}:${activity.state}:${activity.revealed}:${JSON.stringify(mine)}`;
  if (key !== formKey) {
    formKey = key;
    const kept = typed();
    // replaceChildren would show a null as the text "null": only what is there.
    area.replaceChildren(...[
      el("h2", { class: "live-title", text: activity.title, tabindex: "-1" }),
      isScored(activity) && activity.state === "open" ? nicknameForm(activity, mine) : null,
      el("div", { class: "live-form" }, form(activity, mine)),
      el("div", { class: "live-results" }),
    ].filter(Boolean));
    retype(kept);
  }
  results(area.querySelector(".live-results"), activity, snapshot.results, mine);
}

// A quiz after the reveal: right or wrong for this phone, and the correct answer.
function verdict(activity, mine) {
  const correct = activity.config.correct;
  const options = activity.config.options || [];
  const chosen = Array.isArray(mine.answer) ? mine.answer : [];
  const right = chosen.length === correct.length && chosen.every((i) => correct.includes(i));
  const outcome = !chosen.length ? t.no_answer : right ? t.right : t.wrong;
  const answer = correct.map((i) => options[i]).join(", ");
  return el("div", { class: `verdict verdict--${!chosen.length ? "none" : right ? "right" : "wrong"}`, role: "status" },
    el("p", { class: "verdict-outcome", text: outcome }),
    el("p", { class: "verdict-answer", text: fmt(t.answer_was, { answer }) }));
}

function form(activity, mine) {
  if (activity.kind === "choice" && (activity.config.correct || []).length) return verdict(activity, mine);
  if (activity.state !== "open") return el("p", { class: "live-note", text: t.closed });
  const config = activity.config;
  const name = `a${activity.id}`;
  if (activity.kind === "choice" || activity.kind === "scale") {
    const fieldset = el("fieldset", { class: "choices" }, el("legend", { class: "visually-hidden", text: activity.title }));
    const multiple = activity.kind === "choice" && config.multiple;
    const values =
      activity.kind === "choice"
        ? (config.options || []).map((label, i) => [i, label])
        : scaleValues(config).map((v) => [v, String(v)]);
    const chosen = new Set(Array.isArray(mine.answer) ? mine.answer : mine.answer != null ? [mine.answer] : []);
    for (const [value, label] of values) {
      const id = `${name}-${value}`;
      fieldset.append(
        el("div", { class: activity.kind === "scale" ? "choice choice--scale" : "choice" },
          el("input", { type: multiple ? "checkbox" : "radio", name, id, value, checked: chosen.has(value) }),
          el("label", { for: id, text: label })),
      );
    }
    if (activity.kind === "scale" && (config.min_label || config.max_label)) {
      fieldset.append(el("p", { class: "scale-labels" },
        el("span", { text: `${config.scale_min ?? 1} = ${config.min_label || ""}` }),
        el("span", { text: `${config.scale_max ?? 5} = ${config.max_label || ""}` })));
    }
    // One tap answers a single choice or a scale (tap another to change it); several
    // choices are sent with the button.
    return withSubmit(name, fieldset, mine.answer != null ? t.change : "", { instant: !multiple }, async (f) => {
      const picked = [...f.querySelectorAll("input:checked")].map((i) => Number(i.value));
      if (!picked.length) return;
      const message = activity.kind === "choice"
        ? { type: "vote", activity: activity.id, choices: picked }
        : { type: "rate", activity: activity.id, value: picked[0] };
      if (await submit(message)) remember(activity.id, { answer: activity.kind === "choice" ? picked : picked[0] });
    });
  }
  if (activity.kind === "ranking") {
    const order = Array.isArray(mine.answer) ? [...mine.answer] : config.options.map((_, i) => i);
    const list = el("ol", { class: "ranking" });
    // Swap two places and keep keyboard focus on the moved option's same button.
    const move = (place, step, which) => {
      [order[place + step], order[place]] = [order[place], order[place + step]];
      draw();
      const target = list.children[place + step]?.querySelectorAll("button")[which];
      (target && !target.disabled ? target : list.children[place + step]?.querySelector("button:not([disabled])"))?.focus();
    };
    const draw = () => {
      list.replaceChildren(...order.map((option, place) => el("li", { class: "ranking-item" },
        el("span", { text: config.options[option] }),
        button(t.move_up, () => move(place, -1, 0), { disabled: place === 0 }),
        button(t.move_down, () => move(place, 1, 1), { disabled: place === order.length - 1 }))));
    };
    draw();
    return withSubmit(name, list, mine.answer ? t.change : "", {}, async () => {
      if (await submit({ type: "rank", activity: activity.id, order })) remember(activity.id, { answer: [...order] });
    });
  }
  if (activity.kind === "wordcloud") {
    const sent = mine.words || [];
    const left = (config.max_entries ?? 3) - sent.length;
    const parts = [];
    if (left > 0) {
      const id = `${name}-word`;
      parts.push(withSubmit(name,
        el("div", { class: "field" }, el("label", { for: id, text: t.your_word }),
          el("input", { id, name: "text", maxlength: 40, required: true, autocomplete: "off" }),
          el("p", { class: "hint", text: count(t.words_left, left) })),
        "",
        {},
        async (f) => {
          const input = f.querySelector("input");
          const text = input.value.trim();
          if (!text) return;
          if (await submit({ type: "word", activity: activity.id, text })) {
            clear(input.id, text);
            remember(activity.id, { words: [...sent, text] });
          }
        },
      ));
    } else {
      parts.push(el("p", { class: "live-note", text: t.no_words_left }));
    }
    if (sent.length) parts.push(el("p", { class: "hint", text: `${t.your_words}: ${sent.join(", ")}` }));
    return el("div", {}, ...parts);
  }
  if (activity.kind === "open_text") return openTextForm(activity, mine, name);
  const isQa = activity.kind === "qa";
  const id = `${name}-text`;
  const fields = el("div", {},
    el("div", { class: "field" }, el("label", { for: id, text: isQa ? t.your_question : t.your_idea }),
      el("textarea", { id, name: "text", maxlength: 280, required: true, rows: 3 })));
  if (isQa) {
    fields.append(el("div", { class: "field" }, el("label", { for: `${name}-name`, text: t.your_name }),
      el("input", { id: `${name}-name`, name: "name", maxlength: 80, autocomplete: "name" })));
  }
  const pending = (mine.pending || []).map((q) => el("li", { text: `${q.text} — ${t.pending}` }));
  return el("div", {},
    withSubmit(name, fields, "", {}, async (f) => {
      const text = f.querySelector("textarea").value.trim();
      if (!text) return;
      const message = isQa
        ? { type: "question", activity: activity.id, text, name: f.querySelector("input").value.trim() }
        : { type: "idea", activity: activity.id, text };
      if (await submit(message)) {
        clear(id, text);
        if (isQa) clear(`${name}-name`, message.name);
        session.send({ type: "sync", activity: activity.id });
      }
    }),
    pending.length ? el("ul", { class: "pending" }, ...pending) : null);
}

// What this phone sent that waits for approval, less what the moderator has approved
// since (it has been in the results, even if hidden again later).
const approved = new Set();
function withoutShown(kind, mine, results) {
  for (const x of [...((results || {}).answers || []), ...((results || {}).questions || [])]) approved.add(`${kind}:${x.id}`);
  if (!(mine.pending || []).length) return mine;
  return { ...mine, pending: mine.pending.filter((p) => !approved.has(`${kind}:${p.id}`)) };
}

// A scored quiz asks once for the nickname shown on the leaderboard; the animal name
// the server gave is filled in, so keeping it stays anonymous.
function nicknameForm(activity, mine) {
  if (mine.nickname_chosen) return el("p", { class: "hint nickname", text: fmt(t.nickname_is, { name: mine.nickname }) });
  const id = `nickname-${activity.id}`;
  const problem = el("p", { id: `${id}-error`, class: "error-text", role: "alert" });
  return withSubmit(`nickname-${activity.id}`,
    el("div", { class: "field" }, el("label", { for: id, text: t.nickname_label }),
      el("input", { id, name: "nickname", maxlength: 30, required: true, autocomplete: "nickname", value: mine.nickname || "", "aria-describedby": `${id}-hint ${id}-error` }),
      el("p", { id: `${id}-hint`, class: "hint", text: t.nickname_hint }), problem),
    "", { label: t.nickname_save }, async (f) => {
      const text = f.querySelector("input").value.trim();
      if (text && await submit({ type: "nickname", activity: activity.id, text }, problem)) {
        remember(activity.id, { nickname: text, nickname_chosen: true });
      }
    });
}

// An open-text answer (up to 500 characters); with pre-moderation it waits, shown
// here, until the moderator approves it.
function openTextForm(activity, mine, name) {
  const id = `${name}-text`;
  const pending = (mine.pending || []).map((x) => el("li", { text: `${x.text} — ${t.pending}` }));
  return el("div", {},
    withSubmit(name,
      el("div", { class: "field" }, el("label", { for: id, text: t.your_answer }),
        el("textarea", { id, name: "text", maxlength: 500, required: true, rows: 4 }),
        el("p", { class: "hint", text: t.open_text_limit })),
      "", {}, async (f) => {
        const text = f.querySelector("textarea").value.trim();
        if (!text) return;
        if (await submit({ type: "open_text", activity: activity.id, text })) {
          clear(id, text);
          session.send({ type: "sync", activity: activity.id });
        }
      }),
    pending.length ? el("ul", { class: "pending" }, ...pending) : null);
}

// `instant`: every change of a field sends the form (no button). A change made while
// the previous answer waits for its ack is sent once that ack is in.
function withSubmit(key, content, note, { instant = false, label = t.send }, onSubmit) {
  const f = el("form", { class: "form live-submit" }, content,
    note ? el("p", { class: "hint", text: note }) : null,
    instant ? null : el("button", { type: "submit", class: "button button--primary", text: label }));
  // One submission at a time per form: pressing again while one waits (offline, say)
  // would send the same answer twice.
  f.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy.has(key)) {
      if (instant) changedMeanwhile.add(key);
      return;
    }
    busy.add(key);
    try { await onSubmit(f); } finally {
      busy.delete(key);
      if (changedMeanwhile.delete(key)) f.requestSubmit();
    }
  });
  if (instant) f.addEventListener("change", () => f.requestSubmit());
  return f;
}

function remember(activityId, change) {
  const mine = session.state.mine.get(activityId) || { activity: activityId };
  session.state.mine.set(activityId, { ...mine, ...change });
  formKey = "";
  render();
  say(t.sent);
}

// A polite, throttled summary for screen readers: the activity and how many took part,
// at most every SUMMARY_MS (a new activity is announced at once).
const SUMMARY_MS = 15000;
const summary = document.getElementById("live-summary");
let summarised = { at: 0, activity: null, timer: null };

function summarise(activity, data) {
  const text = `${activity.title}: ${countLine(data, t)}`;
  const wait = activity.id === summarised.activity ? summarised.at + SUMMARY_MS - Date.now() : 0;
  clearTimeout(summarised.timer);
  const say = () => {
    summarised = { at: Date.now(), activity: activity.id, timer: null };
    if (summary.textContent !== text) summary.textContent = text;
  };
  if (wait <= 0) say();
  else summarised.timer = setTimeout(say, wait);
}

function results(holder, activity, data, mine) {
  if (data) summarise(activity, data);
  if (!data) {
    holder.replaceChildren(el("p", { class: "live-note", text: t.results_hidden }));
    return;
  }
  if (activity.kind === "wordcloud") {
    if (!holder.querySelector(".cloud")) holder.replaceChildren();
    cloud(holder, data, t.cloud_list);
    return;
  }
  const participantsLine = el("p", { class: "hint", text: countLine(data, t) });
  holder.replaceChildren(...(chart(activity, data, t) || [items(activity, data, mine)]), participantsLine);
}

function items(activity, data, mine) {
  if (activity.kind === "open_text") return wall(data.answers, "items");
  const isQa = activity.kind === "qa";
  let list = isQa ? [...data.questions] : [...data.ideas];
  const upvoted = new Set(mine.upvoted || []);
  const wrapper = el("div", {});
  if (isQa) {
    if (qaOrder === "newest") list.sort((a, b) => b.id - a.id);
    const sorter = el("div", { class: "sorter", role: "group" });
    for (const [value, label] of [["votes", t.by_votes], ["newest", t.newest]]) {
      sorter.append(button(label, () => { qaOrder = value; formKey = ""; render(); }, { pressed: qaOrder === value }));
    }
    wrapper.append(sorter);
  }
  if (!list.length) {
    wrapper.append(el("p", { class: "live-note", text: t.nothing_yet }));
    return wrapper;
  }
  const ol = el("ol", { class: "items" });
  for (const item of list) {
    const on = upvoted.has(item.id);
    const vote = button(`${on ? t.upvoted : t.upvote} · ${item.votes}`, async () => {
      if (await submit({ type: "upvote", activity: activity.id, item: item.id, on: !on })) {
        const now = new Set(upvoted);
        if (on) now.delete(item.id); else now.add(item.id);
        remember(activity.id, { upvoted: [...now] });
      }
    }, { pressed: on, disabled: activity.state !== "open" });
    const meta = [];
    if (isQa) meta.push(item.name || t.anonymous);
    if (item.answered) meta.push(t.answered);
    ol.append(el("li", { class: item.pinned ? "item item--pinned" : "item" },
      el("p", { class: "item-text", text: item.text }),
      meta.length ? el("p", { class: "hint", text: meta.join(" · ") }) : null,
      (item.variants || []).length ? el("p", { class: "hint item-variants", text: `${t.also_asked} ${item.variants.join(" · ")}` }) : null,
      vote));
  }
  wrapper.append(ol);
  return wrapper;
}

// The open-text wall: approved answers, newest first; "×3" where duplicates were merged.
function wall(answers, cls) {
  if (!answers.length) return el("p", { class: "live-note", text: t.nothing_yet });
  return el("ul", { class: `${cls} wall` }, ...answers.map((x) =>
    el("li", { class: "item" }, el("p", { class: "item-text", text: x.text }),
      x.count > 1 ? el("p", { class: "hint", text: count(t.same_answers, x.count) }) : null)));
}
