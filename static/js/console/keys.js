// Keyboard shortcuts (outside form fields): J/K next/previous activity, O open or
// close, R reveal or hide results, P on or off the projector, A write an announcement.
import { byId } from "../lib/dom.js";
import { act } from "./connection.js";
import { toggleStage } from "./panel.js";
import { focusSelected } from "./show.js";
import { activities, canReveal, select, selectedActivity, state } from "./store.js";

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  const key = event.key.toLowerCase();
  const all = activities();
  const index = all.findIndex((a) => a.id === state.selected);
  const a = selectedActivity();
  if (key === "j" || key === "k") {
    if (!all.length) return;
    const next = key === "j" ? Math.min(all.length - 1, index + 1) : Math.max(0, index - 1);
    select(all[next].id);
    focusSelected();
  } else if (key === "o" && a) {
    act({ type: a.state === "open" ? "close" : "open", activity: a.id });
  } else if (key === "r" && a) {
    act({ type: canReveal(a) ? "reveal" : "hide_results", activity: a.id });
  } else if (key === "p" && a) {
    toggleStage(a);
  } else if (key === "a") {
    byId("announce-text").focus();
  } else {
    return;
  }
  event.preventDefault();
});
