// The chosen activity: its title and state, the stage controls (open/close, reveal,
// hide results, projector, always open, duplicate, edit and delete a draft, reset),
// its countdown (timer.js) and its results, with the moderation of its kind drawn by
// words.js, ideas.js, questions.js or answers.js; or the activity editor (edit.js) for
// a draft or a new activity.
import { answerModeration } from "./answers.js";
import { button, byId, el } from "../lib/dom.js";
import { chart, countLine, isScored } from "../lib/results.js";
import { fmt, strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { activityForm } from "./edit.js";
import { ideaModeration } from "./ideas.js";
import { questionModeration } from "./questions.js";
import { canReveal, on, select, selectedActivity, state } from "./store.js";
import { alwaysOpenToggle, timerControls } from "./timer.js";
import { wordModeration } from "./words.js";

const t = strings();
const body = byId("panel-body");
const slug = byId("console").dataset.slug;
const moderation = { wordcloud: wordModeration, ideas: ideaModeration, qa: questionModeration, open_text: answerModeration };
let editing = null; // {id} of the draft whose editor is open, or {id: null, kind} of a new one

// Open the editor for a new draft of `kind`.
export function newActivity(kind) {
  editing = { id: null, kind };
  body.replaceChildren();
  render();
  body.querySelector("input")?.focus();
}


export function toggleStage(a) {
  return act({ type: "stage", activity: a.id === state.stage ? null : a.id });
}

function render() {
  if (editing && editing.id === null) {
    if (!body.querySelector(".edit-form")) body.replaceChildren(activityForm(null, editing.kind, closeEditor));
    return;
  }
  const a = selectedActivity();
  if (!a) {
    body.replaceChildren(el("p", { class: "hint", text: t.select_activity }));
    return;
  }
  if (editing?.id === a.id && a.state === "draft") {
    if (!body.querySelector(".edit-form")) body.replaceChildren(activityForm(a, a.kind, closeEditor));
    return;
  }
  editing = null;
  const snap = state.snapshots.get(a.id);
  const meta = [t[`kind_${a.kind}`], t[a.state], fmt(t.round, { n: a.round })];
  if (!a.results_visible) meta.push(t.results_hidden);
  else if (a.hide_results || a.revealed) meta.push(t.results_revealed);
  const results = el("div", { class: "panel-results" });
  body.replaceChildren(
    el("p", { class: "panel-title", text: a.title }),
    el("p", { class: "hint", text: meta.join(" · ") }),
    controls(a),
    ...[timerControls(a)].filter(Boolean),
    results);
  if (snap) drawResults(results, a, snap.results);
}

function controls(a) {
  const onStage = a.id === state.stage;
  return el("div", { class: "panel-actions" },
    a.state === "open"
      ? button(t.do_close, () => act({ type: "close", activity: a.id }), { cls: "button--primary", title: "O" })
      : button(t.do_open, () => act({ type: "open", activity: a.id }), { cls: "button--primary", title: "O" }),
    canReveal(a) ? button(t.do_reveal, () => act({ type: "reveal", activity: a.id }), { title: "R" }) : null,
    a.results_visible ? button(t.do_hide_results, () => act({ type: "hide_results", activity: a.id }), { title: "R" }) : null,
    button(onStage ? t.do_unstage : t.do_stage, () => toggleStage(a), { pressed: onStage, title: "P" }),
    isScored(a) ? leaderboardButton(a) : null,
    button(t.do_duplicate, () => act({ type: "duplicate", activity: a.id })),
    alwaysOpenToggle(a),
    a.state === "draft" ? button(t.do_edit, () => { editing = { id: a.id }; render(); body.querySelector("input")?.focus(); }) : null,
    a.state === "draft"
      ? button(t.do_delete, () => {
        if (window.confirm(fmt(t.confirm_delete, { title: a.title }))) act({ type: "delete", activity: a.id });
      }, { cls: "button--danger" })
      : button(t.do_reset, () => {
        if (window.confirm(fmt(t.confirm_reset, { title: a.title }))) act({ type: "reset", activity: a.id, round: a.round });
      }, { cls: "button--danger" }));
}

// A scored quiz question: its quiz's leaderboard on phones and the projector, and the
// quiz's scores to download.
function leaderboardButton(a) {
  const shown = state.leaderboard !== null && state.leaderboard.quiz === a.id;
  return el("span", { class: "panel-quiz" },
    button(shown ? t.do_leaderboard_off : t.do_leaderboard, () => act({ type: "leaderboard", activity: a.id, on: !shown }), { pressed: shown }),
    el("a", { class: "button", href: `/manage/${slug}/live/${a.id}/scores.csv`, text: t.scores_csv }),
    el("a", { class: "button", href: `/manage/${slug}/live/${a.id}/scores.xlsx`, text: t.scores_xlsx }));
}

// After saving (the draft's id) or cancelling (the edited draft's id, or null).
function closeEditor(id) {
  editing = null;
  body.replaceChildren();
  if (id !== null && id !== state.selected) select(id);
  else render();
}

function drawResults(holder, a, data) {
  if (!data) return;
  const count = el("p", { class: "hint", text: countLine(data, t) });
  const drawn = chart(a, data, t);
  if (drawn) holder.replaceChildren(...drawn, count);
  else holder.replaceChildren(count, moderation[a.kind](a, data));
}

// Rows that move under a moderator's pointer make them hide the wrong word: while the
// pointer moves over the results (or a merge menu is open), new snapshots wait until
// it has rested for a moment or left, then draw at once.
const STEADY_MS = 1200;
let lastPointer = 0;
let waitingRedraw = null;
document.addEventListener("pointermove", (event) => {
  if (event.target.closest?.(".panel-results")) lastPointer = performance.now();
});

function renderWhenSteady() {
  const results = body.querySelector(".panel-results");
  const aiming = results?.matches(":hover") && performance.now() - lastPointer < STEADY_MS;
  const choosing = document.activeElement?.matches?.(".panel-results select, .panel-results input");
  clearTimeout(waitingRedraw);
  if (aiming || choosing) {
    waitingRedraw = setTimeout(renderWhenSteady, 300);
    return;
  }
  render();
}

on(["console", "stage", "selected", "panel"], render);
on(["snapshot"], (message) => { if (message.activity.id === state.selected) renderWhenSteady(); });
