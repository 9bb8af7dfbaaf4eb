// The card on the attendee's live page that offers the event's evaluation while the
// moderator runs it live (the stage's `evaluation`); the evaluation itself is the page
// /<code>/evaluation, the same form as the mailed one. The card is on the page, just
// before `anchor`, only while the evaluation runs.
import { el } from "../lib/dom.js";
import { strings } from "../lib/strings.js";

export function evaluationCard(code, anchor) {
  const t = strings();
  const node = el("div", { class: "announcement evaluation-card", role: "region", "aria-label": t.evaluation_answer },
    el("p", { class: "announcement-text", text: t.evaluation_card }),
    el("a", { class: "button button--primary", href: `/${encodeURIComponent(code)}/evaluation`, text: t.evaluation_answer }));
  return {
    show(running) {
      if (running && !node.isConnected) anchor.before(node);
      else if (!running) node.remove();
    },
  };
}
