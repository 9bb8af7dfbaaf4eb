// The card on the attendee's live page that offers the event's evaluation while the
// moderator runs it live (the stage's `evaluation`); the evaluation itself is the page
// /<code>/evaluation, the same form as the mailed one.
import { el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";

export function evaluationCard(code) {
  const t = strings();
  const node = el("div", { class: "announcement evaluation-card", role: "region", "aria-label": t.evaluation_answer, hidden: true },
    el("p", { class: "announcement-text", text: t.evaluation_card }),
    el("a", { class: "button button--primary", href: `/${encodeURIComponent(code)}/evaluation`, text: t.evaluation_answer }));
  return {
    node,
    show(running) { node.hidden = !running; },
  };
}
