// The moderation log: who did what and when, in the page's language, with "Undo"
// where it makes sense.
import { button, byId, el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { on, state } from "./store.js";
import { timeOfDay } from "./time.js";

const t = strings();

function render() {
  byId("audit-log").replaceChildren(...state.console.audit.map((entry) => el("li", { class: entry.undone ? "log-row log-row--old" : "log-row" },
    el("time", { text: timeOfDay.format(new Date(entry.at)) }),
    el("span", { class: "log-text" }, el("strong", { text: label(entry) }), entry.summary ? ` ${entry.summary}` : "",
      el("span", { class: "hint", text: ` · ${entry.who}` })),
    entry.undoable && !entry.undone ? button(t.undo, () => act({ type: "undo", entry: entry.id })) : null,
    entry.undone ? el("span", { class: "hint", text: t.undone }) : null)));
}

// The log's words for an entry: its action, and for an undo the action it undid.
function label(entry) {
  const name = (action) => t[`a_${action}`] || action;
  return entry.undid ? `${name("undo")}: ${name(entry.undid)}` : name(entry.action);
}

on(["console"], render);
