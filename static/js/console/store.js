// What the console knows, and who draws it. The socket's messages (and the
// moderator's choices) change `state` here and then tell the views by topic; each
// view subscribes to the topics it draws with `on`:
//   "console"  a newer console state (run of show, log, announcements, settings)
//   "stage"    another activity on the projector
//   "snapshot" an activity's newer results (the message is passed)
//   "stats"    the live numbers (the message is passed)
//   "selected" the moderator chose another activity
//   "panel"    the chosen activity's panel should be drawn again
//   "clock"    the server's clock was learnt (what runs "now" may have changed)
import { newerSnapshot, newerStage } from "../lib/live-state.js";

export const state = {
  console: null,
  version: -1,
  stage: null,
  leaderboard: null, // the quiz leaderboard on the stage, if one is shown
  stageVersion: -1,
  snapshots: new Map(),
  selected: null,
};

const listeners = new Map();

export function on(topics, listener) {
  for (const topic of topics) listeners.set(topic, [...(listeners.get(topic) || []), listener]);
}

export function emit(topic, detail) {
  for (const listener of listeners.get(topic) || []) listener(detail);
}

export function receive(message) {
  switch (message.type) {
    case "console":
      if (message.version < state.version) return;
      state.console = message;
      state.version = message.version;
      if (state.stageVersion < 0) state.stage = message.stage;
      if (state.selected === null) state.selected = message.stage ?? firstActivity();
      emit("console");
      return;
    case "stage":
      if (!newerStage(state, message)) return;
      state.stage = message.activity;
      state.stageVersion = message.version;
      state.leaderboard = message.leaderboard || null;
      emit("stage");
      return;
    case "snapshot":
      if (!newerSnapshot(state, message)) return;
      state.snapshots.set(message.activity.id, message);
      emit("snapshot", message);
      return;
    case "stats":
      emit("stats", message);
      return;
    default: // an announcement: the console state that follows carries the log
  }
}

export function select(id) {
  state.selected = id;
  emit("selected");
}

export function activities() {
  return state.console ? state.console.groups.flatMap((g) => g.activities) : [];
}

function firstActivity() {
  const all = activities();
  return all.length ? all[0].id : null;
}

// The console state's activity, updated by newer snapshots (state, reveal, title).
export function activity(id) {
  const base = activities().find((a) => a.id === id);
  const snap = state.snapshots.get(id);
  if (!base) return null;
  if (!snap || snap.version < base.version) return base;
  const { state: now, revealed, results_visible: visible, title, title_en: titleEn, deadline = null, always_open: alwaysOpen = false } = snap.activity;
  return { ...base, state: now, revealed, results_visible: visible, title, title_en: titleEn, deadline, always_open: alwaysOpen };
}

export function selectedActivity() {
  return state.selected === null ? null : activity(state.selected);
}

// Reveal does something while phones and the projector do not see the results, or
// while a correct answer is still unrevealed; hide while they see them.
export function canReveal(a) {
  return !a.results_visible || ((a.config.correct || []).length > 0 && !a.revealed);
}
