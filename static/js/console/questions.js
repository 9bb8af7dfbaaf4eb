// Q&A moderation: the approval queue first (approve, reject), then the questions to
// mark answered, pin on the projector, hide or show again; mute an author; sorted by
// votes or newest.
import { button, el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { section } from "./section.js";
import { emit } from "./store.js";

const t = strings();
let order = "votes";

export function questionModeration(a, data) {
  let questions = [...(data.questions || [])];
  if (order === "newest") questions.sort((x, y) => y.id - x.id);
  const pending = questions.filter((q) => q.status === "pending" && !q.muted);
  const rest = questions.filter((q) => q.status !== "pending" || q.muted);
  const sorter = el("div", { class: "sorter", role: "group" },
    ...[["votes", t.by_votes], ["newest", t.newest]].map(([value, label]) =>
      button(label, () => { order = value; emit("panel"); }, { pressed: order === value })));
  const row = (q) => {
    const badges = [];
    if (q.status === "pending") badges.push(t.pending);
    if (q.status === "hidden") badges.push(t.hidden);
    if (q.muted) badges.push(t.muted);
    if (q.answered) badges.push(t.answered);
    if (q.pinned) badges.push(t.pinned);
    const buttons = [];
    const send = (action) => act({ type: "question", activity: a.id, question: q.id, action });
    if (q.status === "pending") {
      buttons.push(button(t.approve, () => send("approve"), { cls: "button--primary" }), button(t.reject, () => send("reject"), { cls: "button--danger" }));
    } else if (q.status === "hidden") {
      buttons.push(button(t.unhide, () => send("unhide")));
    } else {
      buttons.push(
        button(q.answered ? t.unanswer : t.answer, () => send(q.answered ? "unanswer" : "answer")),
        button(q.pinned ? t.unpin : t.pin, () => send(q.pinned ? "unpin" : "pin"), { pressed: q.pinned }),
        button(t.hide, () => send("hide"), { cls: "button--danger" }));
    }
    buttons.push(q.muted
      ? button(t.unmute, () => act({ type: "unmute", activity: a.id, item: q.id }))
      : button(t.mute, () => act({ type: "mute", activity: a.id, item: q.id })));
    const hidden = q.status === "hidden" || q.muted;
    return el("li", { class: hidden ? "mod-row mod-row--hidden" : q.pinned ? "mod-row mod-row--pinned" : "mod-row" },
      el("span", { class: "mod-votes", text: String(q.votes) }),
      el("span", { class: "mod-text" }, q.text, q.name ? el("span", { class: "hint", text: ` — ${q.name}` }) : null),
      ...badges.map((b) => el("span", { class: "badge", text: b })),
      ...buttons);
  };
  return el("div", {}, sorter,
    pending.length ? section(t.pending, el("ol", { class: "mod-list" }, ...pending.map(row))) : null,
    rest.length ? el("ol", { class: "mod-list" }, ...rest.map(row)) : el("p", { class: "hint", text: t.nothing_yet }));
}
