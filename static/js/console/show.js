// The run of show: the agenda's sessions with their activities, the session running
// by the clock outlined as "now", the activity on the projector and the chosen one
// marked. Choosing an activity here (or with J/K) selects it for the panel.
import { byId, el } from "../lib/dom.js";
import { fmt, strings } from "../lib/strings.js";
import { activity, on, select, state } from "./store.js";

const t = strings();
const list = byId("show-list");

function render() {
  if (!state.console) return;
  const now = Date.now();
  const groups = state.console.groups.map((group, index) => {
    const isNow = group.starts_at && group.ends_at && Date.parse(group.starts_at) <= now && now < Date.parse(group.ends_at);
    const title = group.title || (group.session === null ? t.no_session : fmt(t.session, { n: index + 1 }));
    const items = group.activities.map((a) => item(activity(a.id)));
    return el("section", { class: isNow ? "show-group show-group--now" : "show-group" },
      el("h3", { class: "show-group-title" }, title, isNow ? el("span", { class: "badge badge--now", text: t.now }) : null),
      el("ol", { class: "show-items" }, ...items));
  });
  list.replaceChildren(...groups);
}

function item(a) {
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

// The chosen activity's button takes the focus (after J/K).
export function focusSelected() {
  list.querySelector(".show-item--selected .show-pick")?.focus();
}

on(["console", "stage", "snapshot", "selected"], render);
setInterval(render, 60000); // "now" moves on with the clock
