// Announcements: the form that sends one to every phone (and, when asked, the
// projector), and the list of those sent, each active one with "Withdraw".
import { button, byId, el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { on, state } from "./store.js";
import { timeOfDay } from "./time.js";

const t = strings();

function render() {
  byId("announce-log").replaceChildren(...state.console.announcements.map((n) => el("li", { class: n.active ? "log-row" : "log-row log-row--old" },
    el("time", { text: timeOfDay.format(new Date(n.at)) }),
    el("span", { class: "log-text", text: n.text }),
    n.projector ? el("span", { class: "badge", text: t.on_screen_too }) : null,
    n.active ? button(t.withdraw, () => act({ type: "withdraw", announcement: n.id })) : el("span", { class: "hint", text: t.withdrawn }))));
}

byId("announce-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = byId("announce-text").value.trim();
  if (!text) return;
  if (await act({ type: "announce", text, projector: byId("announce-projector").checked })) event.target.reset();
});

on(["console"], render);
