// The chosen activity's countdown (30 seconds, 1 minute or a number of seconds; +30
// seconds; stop) and whether phones keep it open beside the stage. One group kept
// across redraws of the panel, so a number being typed survives new results.
import { countdown } from "../lib/countdown.js";
import { button, el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";

const t = strings();
let shownId = null;
const group = el("div", { class: "panel-timer", role: "group", "aria-labelledby": "timer-title" });
const title = el("h3", { id: "timer-title", class: "mod-title", text: t.countdown });
const clock = el("div", { class: "panel-countdown" });
const shown = countdown(clock, t);
const seconds = el("input", { id: "timer-seconds", type: "number", inputmode: "numeric", min: 5, max: 3600, step: 1,
  "aria-describedby": "timer-error" });
const error = el("p", { id: "timer-error", class: "error-text", role: "alert" });
const custom = el("form", { class: "timer-custom", novalidate: true },
  el("label", { for: "timer-seconds", text: t.timer_seconds }), seconds,
  el("button", { type: "submit", class: "button button--small", text: t.timer_start }));
const presets = el("div", { class: "panel-actions" });
const running = el("div", { class: "panel-actions" });
group.append(title, clock, presets, custom, error, running);

async function start(activity, n) {
  const ack = await act({ type: "timer", activity, seconds: n });
  if (ack) { error.textContent = ""; seconds.value = ""; seconds.removeAttribute("aria-invalid"); }
  return ack;
}

custom.addEventListener("submit", async (event) => {
  event.preventDefault();
  const n = Number(seconds.value);
  if (!Number.isInteger(n) || n < 5 || n > 3600 || seconds.value.trim() === "") {
    error.textContent = t.timer_invalid;
    seconds.setAttribute("aria-invalid", "true");
    seconds.focus();
    return;
  }
  await start(shownId, n);
});

export function timerControls(a) {
  if (a.id !== shownId) { shownId = a.id; error.textContent = ""; seconds.value = ""; seconds.removeAttribute("aria-invalid"); }
  shown.show(a);
  const open = a.state === "open";
  presets.replaceChildren(
    button(t.timer_30, () => start(a.id, 30), { disabled: !open }),
    button(t.timer_60, () => start(a.id, 60), { disabled: !open }));
  custom.hidden = !open;
  presets.hidden = !open;
  running.replaceChildren(...(open && a.deadline ? [
    button(t.timer_extend, () => act({ type: "extend_timer", activity: a.id, seconds: 30 })),
    button(t.timer_cancel, () => act({ type: "cancel_timer", activity: a.id })),
  ] : []));
  return open || a.deadline ? group : null;
}

// Q&A is always reachable on phones; for the other kinds the moderator decides.
export function alwaysOpenToggle(a) {
  if (a.kind === "qa") return null;
  return button(t.always_open, () => act({ type: "always_open", activity: a.id, on: !a.always_open }),
    { pressed: Boolean(a.always_open) });
}
