// Quick activity: pick a kind, keep or change the title, "Create and open"; the new
// activity is then the chosen one.
import { byId } from "../lib/dom.js";
import { strings } from "../lib/strings.js";
import { act } from "./connection.js";
import { state } from "./store.js";

const t = strings();
const root = byId("console");
const form = byId("quick-form");
const input = byId("quick-input");
const defaults = {
  wordcloud: { title: t.quick_wordcloud },
  qa: { title: t.quick_qa },
  ideas: { title: t.quick_ideas },
  open_text: { title: t.quick_open_text },
  scale: { title: t.quick_scale, config: { scale_min: 1, scale_max: 5 } },
  choice: { title: t.quick_choice, config: { options: [t.yes, t.no] } },
};
let kind = null;

for (const b of root.querySelectorAll("[data-quick]")) {
  b.addEventListener("click", () => {
    kind = b.dataset.quick;
    for (const other of root.querySelectorAll("[data-quick]")) other.setAttribute("aria-pressed", String(other === b));
    form.hidden = false;
    input.value = defaults[kind].title;
    input.select();
    input.focus();
  });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const chosen = defaults[kind];
  const ack = await act({ type: "quick", kind, title: input.value.trim() || chosen.title, config: chosen.config || {} });
  if (ack) {
    form.hidden = true;
    for (const other of root.querySelectorAll("[data-quick]")) other.removeAttribute("aria-pressed");
    state.selected = ack.result.id;
  }
});
