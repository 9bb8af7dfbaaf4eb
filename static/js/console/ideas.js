// The idea board's moderation: every idea with its votes, hide or show again, edit
// its text, merge it into another (votes combine) or unmerge, mute its author.
import { button, el } from "../lib/dom.js";
import { fmt, strings } from "../lib/strings.js";
import { act } from "./connection.js";

const t = strings();

export function ideaModeration(a, data) {
  const ideas = (data.moderation || {}).ideas || [];
  const board = ideas.filter((i) => !i.hidden && !i.merged_into && !i.muted);
  if (!ideas.length) return el("p", { class: "hint", text: t.nothing_yet });
  return el("ol", { class: "mod-list" }, ...ideas.map((idea) => {
    const row = el("li", { class: idea.hidden || idea.merged_into || idea.muted ? "mod-row mod-row--hidden" : "mod-row" },
      el("span", { class: "mod-votes", text: String(idea.votes) }),
      el("span", { class: "mod-text", text: idea.text }));
    if (idea.merged_into) {
      const target = ideas.find((i) => i.id === idea.merged_into);
      row.append(el("span", { class: "badge", text: fmt(t.merged, { target: target ? target.text : "" }) }),
        button(t.unmerge, () => act({ type: "unmerge_idea", activity: a.id, idea: idea.id })));
      return row;
    }
    if (idea.muted) row.append(el("span", { class: "badge", text: t.muted }));
    row.append(
      idea.hidden
        ? button(t.unhide, () => act({ type: "unhide_idea", activity: a.id, idea: idea.id }))
        : button(t.hide, () => act({ type: "hide_idea", activity: a.id, idea: idea.id }), { cls: "button--danger" }),
      button(t.edit_text, () => {
        const text = window.prompt(t.edit_prompt, idea.text);
        if (text && text.trim() && text.trim() !== idea.text) act({ type: "edit_idea", activity: a.id, idea: idea.id, text: text.trim() });
      }),
      idea.muted
        ? button(t.unmute, () => act({ type: "unmute", activity: a.id, item: idea.id }))
        : button(t.mute, () => act({ type: "mute", activity: a.id, item: idea.id })));
    const others = board.filter((o) => o.id !== idea.id);
    if (!idea.hidden && others.length) {
      const id = `merge-idea-${idea.id}`;
      const select = el("select", { id, class: "mod-select" }, el("option", { value: "", text: t.merge_into }),
        ...others.map((o) => el("option", { value: String(o.id), text: o.text })));
      select.addEventListener("change", () => {
        if (select.value) act({ type: "merge_ideas", activity: a.id, source: idea.id, target: Number(select.value) });
      });
      row.append(el("label", { for: id, class: "visually-hidden", text: `${t.merge_into} ${idea.text}` }), select);
    }
    return row;
  }));
}
