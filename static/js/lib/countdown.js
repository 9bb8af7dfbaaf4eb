// A countdown the server owns: an activity's `deadline` (UTC) is compared with the
// server's clock, learnt from `now` in `hello` or `pong` (offset = server − this
// device), so a phone whose own clock is wrong still shows the right time left.
// The visible timer (role="timer") redraws every quarter second; screen readers hear
// only a few moments, through a polite live region: the start (or a changed
// deadline), 10 seconds left, and the close.
import { el } from "./dom.js";
import { count } from "./strings.js";

let offset = 0; // server clock minus this device's clock, in ms

export function learnServerClock(now) {
  const at = Date.parse(now);
  if (!Number.isNaN(at)) offset = at - Date.now();
}

// The server's clock now, in ms since the epoch (this device's until it is learnt).
export function serverNow() {
  return Date.now() + offset;
}

export function secondsLeft(deadline) {
  return Math.max(0, Math.ceil((Date.parse(deadline) - serverNow()) / 1000));
}

export function clockText(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

// `holder` receives the timer; `t` holds time_left, timer_started, timer_changed (and
// their _minutes forms) and time_up. `show(activity)` after every snapshot of the activity shown.
export function countdown(holder, t, { cls = "countdown" } = {}) {
  const value = el("span", { class: `${cls}-value` });
  const timer = el("p", { class: cls, role: "timer", "aria-live": "off", hidden: true },
    el("span", { class: `${cls}-label`, text: t.time_left }), " ", value);
  const spoken = el("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  holder.append(timer, spoken);
  let current = { id: null, deadline: null, state: null, warned: false };
  let ticking = null;

  function say(text) { spoken.textContent = text; }

  function draw() {
    const left = secondsLeft(current.deadline);
    value.textContent = clockText(left);
    timer.dataset.urgent = String(left <= 10);
    if (left <= 10 && left > 0 && !current.warned) {
      current.warned = true;
      say(count(t.timer_changed, left));
    }
  }

  function show(activity) {
    const running = activity && activity.state === "open" && activity.deadline ? activity.deadline : null;
    const same = activity && activity.id === current.id;
    if (same && current.deadline && !running && activity.state === "closed" && secondsLeft(current.deadline) <= 1) say(t.time_up);
    if (running && (!same || running !== current.deadline)) {
      const left = secondsLeft(running);
      const changed = same && current.deadline;
      // A minute or more is said in minutes (rounded up), less in seconds.
      if (left >= 60) say(count(changed ? t.timer_changed_minutes : t.timer_started_minutes, Math.ceil(left / 60)));
      else say(count(changed ? t.timer_changed : t.timer_started, left));
      current.warned = left <= 10;
    }
    current = { ...current, id: activity ? activity.id : null, deadline: running, state: activity?.state };
    clearInterval(ticking);
    ticking = null;
    timer.hidden = !running;
    if (!running) return;
    draw();
    ticking = setInterval(draw, 250);
  }

  return { show };
}
