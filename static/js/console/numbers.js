// The top bar's live numbers (connected now, took part, per minute) and the clock.
import { serverNow } from "../lib/countdown.js";
import { byId } from "../lib/dom.js";
import { on } from "./store.js";
import { timeOfDay } from "./time.js";

function render(stats) {
  byId("stat-connected").textContent = String(stats.connected);
  byId("stat-answered").textContent = stats.share === null ? String(stats.answered) : `${stats.answered} (${Math.round(stats.share * 100)} %)`;
  byId("stat-rate").textContent = String(stats.per_minute);
}

function tickClock() {
  byId("console-clock").textContent = timeOfDay.format(new Date(serverNow()));
}

on(["stats"], render);
on(["clock"], tickClock);
tickClock();
setInterval(tickClock, 1000);
