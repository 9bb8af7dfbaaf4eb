// Q&A moderation: the approval queue first (approve, reject), then the questions to
// mark answered, pin on the projector, hide or show again, merge a duplicate into
// another (after a confirmation; unmerge or the log undoes it); mute an author;
// sorted by votes or newest.
import { button, el } from "../lib/dom.js";
import { fmt, strings } from "../lib/strings.js";
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
  const listed = questions.filter((q) => q.status === "visible" && !q.merged_into && !q.muted);
  const row = (q) => {
    if (q.merged_into) return mergedRow(a, q, questions);
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
    const others = listed.filter((o) => o.id !== q.id);
    if (q.status === "visible" && others.length) buttons.push(...mergeMenu(a, q, others));
    const hidden = q.status === "hidden" || q.muted;
    return el("li", { class: hidden ? "mod-row mod-row--hidden" : q.pinned ? "mod-row mod-row--pinned" : "mod-row" },
      el("span", { class: "mod-votes", text: String(q.votes) }),
      el("span", { class: "mod-text" }, q.text, q.name ? el("span", { class: "hint", text: ` — ${q.name}` }) : null,
        q.variants.length ? el("span", { class: "hint mod-variants", text: ` ${t.also_asked} ${q.variants.join(" · ")}` }) : null),
      ...badges.map((b) => el("span", { class: "badge", text: b })),
      ...buttons);
  };
  return el("div", {}, sorter,
    pending.length ? section(t.pending, el("ol", { class: "mod-list" }, ...pending.map(row))) : null,
    rest.length ? el("ol", { class: "mod-list" }, ...rest.map(row)) : el("p", { class: "hint", text: t.nothing_yet }));
}

// A duplicate: "merge into…" another visible question, confirmed first.
function mergeMenu(a, q, others) {
  const id = `merge-question-${q.id}`;
  const select = el("select", { id, class: "mod-select" }, el("option", { value: "", text: t.merge_into }),
    ...others.map((o) => el("option", { value: String(o.id), text: o.text })));
  select.addEventListener("change", () => {
    const target = others.find((o) => o.id === Number(select.value));
    if (target && window.confirm(fmt(t.confirm_merge_question, { source: q.text, target: target.text }))) {
      act({ type: "merge_questions", activity: a.id, source: q.id, target: target.id });
    } else {
      select.value = "";
    }
  });
  return [el("label", { for: id, class: "visually-hidden", text: `${t.merge_into} ${q.text}` }), select];
}

function mergedRow(a, q, questions) {
  const target = questions.find((o) => o.id === q.merged_into);
  return el("li", { class: "mod-row mod-row--hidden" },
    el("span", { class: "mod-votes", text: String(q.votes) }),
    el("span", { class: "mod-text", text: q.text }),
    el("span", { class: "badge", text: fmt(t.merged, { target: target ? target.text : "" }) }),
    button(t.unmerge, () => act({ type: "unmerge_question", activity: a.id, question: q.id })));
}
