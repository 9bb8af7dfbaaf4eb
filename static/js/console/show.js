// The run of show: the agenda's sessions with their activities, the session running
// by the clock outlined as "now", the activity on the projector and the chosen one
// marked. Choosing an activity here (or with J/K) selects it for the panel. Each
// activity moves within its session by dragging it or with its Move up / Move down
// buttons (the `move` action).
import { serverNow } from "../lib/countdown.js";
import { byId, el } from "../lib/dom.js";
import { fmt, strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { activity, on, select, state } from "./store.js";

const t = strings();
const list = byId("show-list");

// What has the keyboard in the list, to give it back after drawing it again: the same
// button of the same activity (a moved one keeps the focus), or that activity's other.
function focusedControl() {
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const row = focused?.closest(".show-item");
  return row ? { id: row.dataset.id, label: focused.getAttribute("aria-label") } : null;
}

function refocus(kept) {
  const row = kept && list.querySelector(`.show-item[data-id="${kept.id}"]`);
  if (!row) return;
  const same = [...row.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === kept.label);
  (same || row.querySelector(".show-move") || row.querySelector(".show-pick")).focus();
}

function render() {
  if (!state.console) return;
  const kept = focusedControl();
  const now = serverNow();
  const groups = state.console.groups.map((group, index) => {
    const isNow = group.starts_at && group.ends_at && Date.parse(group.starts_at) <= now && now < Date.parse(group.ends_at);
    const title = group.title || (group.session === null ? t.no_session : fmt(t.session, { n: index + 1 }));
    const items = group.activities.map((a, place) => item(activity(a.id), group.activities, place));
    return el("section", { class: isNow ? "show-group show-group--now" : "show-group" },
      el("h3", { class: "show-group-title" }, title, isNow ? el("span", { class: "badge badge--now", text: t.now }) : null),
      el("ol", { class: "show-items" }, ...items));
  });
  list.replaceChildren(...groups);
  refocus(kept);
}

function item(a, siblings, place) {
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
  const before = siblings[place - 1];
  const after = siblings[place + 1];
  const moves = el("span", { class: "show-moves" },
    before ? mover("↑", fmt(t.move_up, { title: a.title }), { activity: a.id, before: before.id }) : null,
    after ? mover("↓", fmt(t.move_down, { title: a.title }), { activity: a.id, after: after.id }) : null);
  const row = el("li", { class: classes.join(" "), draggable: siblings.length > 1 ? "true" : null, "data-id": a.id, "data-session": String(a.session_id) }, pick, moves);
  row.addEventListener("dragstart", (event) => {
    event.dataTransfer.setData("text/plain", String(a.id));
    event.dataTransfer.effectAllowed = "move";
    dragged = a;
  });
  row.addEventListener("dragover", (event) => {
    if (dragged && dragged.id !== a.id && dragged.session_id === a.session_id) event.preventDefault();
  });
  row.addEventListener("drop", (event) => {
    event.preventDefault();
    const box = row.getBoundingClientRect();
    const where = event.clientY < box.top + box.height / 2 ? "before" : "after";
    if (dragged) act({ type: "move", activity: dragged.id, [where]: a.id });
    dragged = null;
  });
  return row;
}

let dragged = null; // the activity being dragged

function mover(symbol, label, move) {
  const b = el("button", { type: "button", class: "button button--small show-move", "aria-label": label, title: label, text: symbol });
  b.addEventListener("click", () => act({ type: "move", ...move }));
  return b;
}

// The chosen activity's button takes the focus (after J/K).
export function focusSelected() {
  list.querySelector(".show-item--selected .show-pick")?.focus();
}

on(["console", "stage", "snapshot", "selected", "clock"], render);

setInterval(render, 60000); // "now" moves on with the clock
