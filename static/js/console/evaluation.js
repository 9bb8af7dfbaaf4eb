// The event's evaluation on the phones of the live page: whether it runs, and the one
// button that starts or ends it (the console action `evaluation`).
import { byId } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { on, state } from "./store.js";

const t = strings();
const toggle = byId("evaluation-toggle");

function render() {
  const running = state.console.evaluation_open;
  byId("evaluation-state").textContent = running ? t.evaluation_running : t.evaluation_idle;
  toggle.textContent = running ? t.evaluation_end : t.evaluation_start;
}

toggle.addEventListener("click", () => act({ type: "evaluation", open: !state.console.evaluation_open }));

on(["console"], render);
