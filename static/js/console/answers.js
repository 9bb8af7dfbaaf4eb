// Open-text answers: the approval queue first (approve, reject), then the wall's
// answers to hide or show again, merge a duplicate into another (it counts there;
// unmerge puts it back), mute an author. Newest first.
import { button, el } from "../lib/dom.js";
import { fmt, strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { section } from "./section.js";

const t = strings();

export function answerModeration(a, data) {
  const answers = (data.moderation || {}).answers || [];
  if (!answers.length) return el("p", { class: "hint", text: t.nothing_yet });
  const onWall = answers.filter((x) => x.status === "visible" && !x.merged_into && !x.muted);
  const send = (x, action) => act({ type: "open_text", activity: a.id, answer: x.id, action });
  const row = (x) => {
    const item = el("li", { class: x.status === "visible" && !x.merged_into && !x.muted ? "mod-row" : "mod-row mod-row--hidden" },
      el("span", { class: "mod-votes", text: String(x.count) }),
      el("span", { class: "mod-text", text: x.text }));
    if (x.merged_into) {
      const target = answers.find((o) => o.id === x.merged_into);
      item.append(el("span", { class: "badge", text: fmt(t.merged, { target: target ? target.text : "" }) }),
        button(t.unmerge, () => act({ type: "unmerge_answer", activity: a.id, answer: x.id })));
      return item;
    }
    if (x.muted) item.append(el("span", { class: "badge", text: t.muted }));
    if (x.status === "pending") {
      item.append(button(t.approve, () => send(x, "approve"), { cls: "button--primary" }),
        button(t.reject, () => send(x, "reject"), { cls: "button--danger" }));
    } else if (x.status === "hidden") {
      item.append(el("span", { class: "badge", text: t.hidden }), button(t.unhide, () => send(x, "unhide")));
    } else {
      item.append(button(t.hide, () => send(x, "hide"), { cls: "button--danger" }));
      const others = onWall.filter((o) => o.id !== x.id);
      if (others.length) {
        const id = `merge-answer-${x.id}`;
        const select = el("select", { id, class: "mod-select" }, el("option", { value: "", text: t.merge_into }),
          ...others.map((o) => el("option", { value: String(o.id), text: o.text })));
        select.addEventListener("change", () => {
          if (select.value) act({ type: "merge_answers", activity: a.id, source: x.id, target: Number(select.value) });
        });
        item.append(el("label", { for: id, class: "visually-hidden", text: `${t.merge_into} ${x.text}` }), select);
      }
    }
    item.append(x.muted
      ? button(t.unmute, () => act({ type: "unmute", activity: a.id, item: x.id }))
      : button(t.mute, () => act({ type: "mute", activity: a.id, item: x.id })));
    return item;
  };
  const pending = answers.filter((x) => x.status === "pending" && !x.muted);
  const rest = answers.filter((x) => x.status !== "pending" || x.muted);
  return el("div", {},
    pending.length ? section(t.pending, el("ol", { class: "mod-list" }, ...pending.map(row))) : null,
    rest.length ? el("ol", { class: "mod-list" }, ...rest.map(row)) : null);
}
