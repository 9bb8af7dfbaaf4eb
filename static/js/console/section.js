// A titled part of a moderation panel.
import { el } from "../lib/dom.js";

export function section(title, ...children) {
  return el("section", { class: "mod-section" }, el("h3", { class: "mod-title", text: title }), ...children);
}
